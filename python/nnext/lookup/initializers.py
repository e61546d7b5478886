"""Table initializers: `KeyValueTensorInitializer` (keys and values tensors),
`TextFileInitializer` with `TextFileIndex` (one entry per line of a text file).

An initializer hands a table its entries as two NumPy arrays (`entries()`); the table
checks and stores them (static_tables.py). A text file is parsed as TensorFlow's
`TextFileLineIterator` does: lines end at '\\n' (a trailing '\\r' is dropped), fields split
at the one-character `delimiter`, `LINE_NUMBER` counts from zero, numeric fields parse
as the key or value dtype, and TensorFlow's InvalidArgumentErrors name the file and line.
"""

import operator

import numpy as np

from nnext import _core, dtypes, string_tensor
from nnext.errors import InvalidArgumentError
from nnext.io import gfile
from nnext.lookup._store import as_array, shape_text

__all__ = ["KeyValueTensorInitializer", "TextFileIndex", "TextFileInitializer"]


def _as_keys_or_values(value, dtype):
    """A tensor of `value` (string or numeric), converted to `dtype` when given."""
    strings = string_tensor.convert(value, dtype)
    if strings is not None:
        return strings
    if isinstance(value, _core.Tensor) and dtype is None:
        return value
    return _core.convert_to_tensor(value, dtype)


class KeyValueTensorInitializer:
    """Initializes a table from a tensor of keys and a tensor of values (one value per
    key).

    Args:
        keys, values: tensors or Python/NumPy values (strings or numbers).
        key_dtype, value_dtype: the dtypes to convert Python values to.
        name: unused (TensorFlow's op name).

    Example:
        >>> init = nnext.lookup.KeyValueTensorInitializer(["a", "b", "c"], [7, 8, 9])
        >>> table = nnext.lookup.StaticHashTable(init, default_value=-1)
        >>> table.lookup(nnext.constant(["a", "f"])).numpy()
        array([ 7, -1], dtype=int32)
    """

    def __init__(self, keys, values, key_dtype=None, value_dtype=None, name=None):
        self._keys = _as_keys_or_values(keys, key_dtype)
        self._values = _as_keys_or_values(values, value_dtype)
        self._name = name if name is not None else "key_value_init"

    @property
    def key_dtype(self):
        return self._keys.dtype

    @property
    def value_dtype(self):
        return self._values.dtype

    def entries(self):
        """(keys, values) as NumPy arrays of one shape."""
        keys = as_array(self._keys, self.key_dtype)
        values = as_array(self._values, self.value_dtype)
        if keys.shape != values.shape:
            raise InvalidArgumentError(
                f"Expected shape {shape_text(keys.shape)} for value, got {shape_text(values.shape)}"
            )
        return keys.reshape(-1), values.reshape(-1)


class TextFileIndex:
    """Where a `TextFileInitializer` takes a key or value from in each line: a field
    number (>= 0), `WHOLE_LINE` (-2) or `LINE_NUMBER` (-1, from zero; int64)."""

    WHOLE_LINE = -2
    LINE_NUMBER = -1


class TextFileInitializer:
    """Initializes a table with one entry per line of a text file.

    Args:
        filename: the file's path (a str or a scalar string tensor).
        key_dtype, value_dtype: the dtypes of the keys and values.
        key_index, value_index: a field number (fields split at `delimiter`), or
            `TextFileIndex.WHOLE_LINE` / `TextFileIndex.LINE_NUMBER`.
        vocab_size: the number of lines to read (the file must have at least that many).
        delimiter: the one character between fields (default tab).
        name: unused (TensorFlow's op name).
        value_index_offset: added to line numbers (and, as TensorFlow, to int32 fields).

    Example:
        >>> init = nnext.lookup.TextFileInitializer(
        ...     "vocab.txt", nnext.string, nnext.lookup.TextFileIndex.WHOLE_LINE,
        ...     nnext.int64, nnext.lookup.TextFileIndex.LINE_NUMBER)
        >>> table = nnext.lookup.StaticHashTable(init, -1)
    """

    def __init__(
        self,
        filename,
        key_dtype,
        key_index,
        value_dtype,
        value_index,
        vocab_size=None,
        delimiter="\t",
        name=None,
        value_index_offset=0,
    ):
        if not string_tensor.is_string_tensor(filename) and not filename:
            raise ValueError("`filename` argument required for tf.lookup.TextFileInitializer")
        key_dtype = dtypes.as_dtype(key_dtype)
        value_dtype = dtypes.as_dtype(value_dtype)
        for what, index, dtype in (
            ("key", key_index, key_dtype),
            ("value", value_index, value_dtype),
        ):
            _check_index(what, index, dtype)
        if vocab_size is not None and vocab_size <= 0:
            raise ValueError(f"`vocab_size` should be > 0, received: {vocab_size}")
        self._filename = filename
        self._key_dtype = key_dtype
        self._value_dtype = value_dtype
        self._key_index = key_index
        self._value_index = value_index
        self._vocab_size = vocab_size
        self._delimiter = delimiter
        self._name = name
        self._offset = value_index_offset

    @property
    def key_dtype(self):
        return self._key_dtype

    @property
    def value_dtype(self):
        return self._value_dtype

    def _path(self):
        values = string_tensor.as_values(self._filename)
        return values.reshape(-1)[0].decode("utf-8")

    def entries(self):
        """(keys, values) as NumPy arrays, one entry per line read."""
        delimiter = (
            self._delimiter.encode("utf-8") if isinstance(self._delimiter, str) else self._delimiter
        )
        if len(delimiter) != 1:
            raise InvalidArgumentError("delimiter should be only 1 char")
        path = self._path()
        with gfile.GFile(path, "rb") as f:
            data = f.read().replace(b"\r\n", b"\n")
        lines = data.split(b"\n")
        if lines[-1] == b"":  # the newline ending the last line starts no line
            lines.pop()
        if self._vocab_size is not None:
            lines = lines[: self._vocab_size]
        ends = np.cumsum([len(line) + 1 for line in lines], dtype=np.int64)
        lines = np.array(lines + [b""], dtype=object)[:-1]  # an object array even if empty
        empty = np.flatnonzero(lines == b"")
        if empty.size:
            raise InvalidArgumentError(
                f"Invalid content in {path}: empty line found at position {ends[empty[0]]}."
            )
        fields = None
        widest = max(self._key_index, self._value_index)
        if widest >= 0 and lines.size:
            fields = np.frompyfunc(bytes.split, 2, 1)(lines, delimiter)
            counts = np.frompyfunc(len, 1, 1)(fields).astype(np.int64)
            short = np.flatnonzero(counts < widest + 1)
            if short.size:
                n = int(short[0])
                raise InvalidArgumentError(
                    f"Invalid number of columns in {path} line {n} ({lines[n].decode('utf-8', 'replace')}) "
                    f": expected at least {widest + 1} got {counts[n]}"
                )
        keys = self._column(lines, fields, self._key_index, self._key_dtype)
        values = self._column(lines, fields, self._value_index, self._value_dtype)
        if self._vocab_size is not None and len(lines) != self._vocab_size:
            raise InvalidArgumentError(
                f"Invalid vocab_size in {path}: expected {self._vocab_size} but got {len(lines)}"
            )
        return keys, values

    def _column(self, lines, fields, index, dtype):
        if index == TextFileIndex.LINE_NUMBER:
            return np.arange(len(lines), dtype=np.int64) + self._offset
        tokens = lines if index == TextFileIndex.WHOLE_LINE else _field(fields, index, lines)
        if dtype is dtypes.string:
            return tokens
        parse = float if dtype.is_floating else int
        try:
            parsed = np.frompyfunc(parse, 1, 1)(tokens)
        except ValueError:
            n = next(i for i, token in enumerate(tokens) if not _parses(parse, token))
            raise InvalidArgumentError(
                f"Field {tokens[n].decode('utf-8', 'replace')} in line {n} is not a valid "
                f"{dtype.name}."
            ) from None
        parsed = np.asarray(parsed, dtype=dtype.as_numpy_dtype).reshape(-1)
        return parsed + self._offset if dtype is dtypes.int32 else parsed


def _field(fields, index, lines):
    if fields is None:
        return lines[:0]
    return np.frompyfunc(operator.itemgetter(index), 1, 1)(fields)


def _parses(parse, token):
    try:
        parse(token)
    except ValueError:
        return False
    return True


def _check_index(what, index, dtype):
    """TensorFlow's checks of a key or value index against its dtype (its messages differ
    slightly between the two)."""
    if index < -2:
        period = "." if what == "key" else ""
        raise ValueError(f"`{what}_index` should be >= -2, received: {index}{period}")
    if index == TextFileIndex.LINE_NUMBER and dtype is not dtypes.int64:
        condition = "if `key_index` is" if what == "key" else "for `value_index`"
        raise ValueError(
            f"`{what}_dtype` must be int64 {condition} {TextFileIndex.LINE_NUMBER}, "
            f"received: {dtype}"
        )
    if index == TextFileIndex.WHOLE_LINE and not dtype.is_integer and dtype is not dtypes.string:
        raise ValueError(
            f"`{what}_dtype` should be either integer or string for `{what}_index` "
            f"{TextFileIndex.WHOLE_LINE}, received: {dtype}"
        )
