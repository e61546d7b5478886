"""`tf.data.experimental.CsvDataset`: the records of CSV files (plain, GZIP or ZLIB) as tuples
of scalars, one per selected column, parsed as TensorFlow's CSV reader parses them.

Fields are split on `field_delim` and records on `\\n`, `\\r` or `\\r\\n`; with
`use_quote_delim` a field that starts with a quote runs to its closing quote (it may hold
delimiters and newlines; `""` is one quote). An empty field, or one equal to `na_value`,
takes the column's default, and a column given by dtype alone has none. The records are
read when the dataset is iterated, so a bad record raises `tf.errors.InvalidArgumentError`
(TensorFlow's message) there, after the good records before it.
"""

import gzip
import itertools
import re
import zlib

import numpy as np

from nnext import _core, creation, dtypes
from nnext.data.dataset import Dataset
from nnext.errors import InvalidArgumentError
from nnext.tensor_spec import TensorSpec

__all__ = ["CsvDataset"]

_CSV_DTYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.string)
_NUMBER_NAMES = {
    dtypes.float32: "float",
    dtypes.float64: "double",
    dtypes.int32: "int32",
    dtypes.int64: "int64",
}
_QUOTE = ord('"')


class CsvDataset(Dataset):
    """A dataset of the records of CSV files, each a tuple of scalar tensors.

    Args:
        filenames: a path or a list (or 1-D string tensor) of paths, read in order.
        record_defaults: one entry per output column: a dtype (float32, float64, int32,
            int64 or string) for a required column, or a scalar default value (a Python
            float is float32, an int int32) used when the field is empty.
        compression_type: None or "" (plain), "GZIP" or "ZLIB".
        buffer_size: the read buffer in bytes (accepted; files are read whole).
        header: whether each file's first line is a header to skip.
        field_delim: the one-character field separator.
        use_quote_delim: whether double quotes delimit fields (RFC 4180).
        na_value: a field text that also means "missing".
        select_cols: sorted column indices to keep (or `exclude_cols`, not both).
        exclude_cols: sorted column indices to drop.
        name: accepted for TensorFlow's signature.

    Example:
        >>> ds = tf.data.experimental.CsvDataset("a.csv", [tf.float32, 0], header=True)
        >>> for x, label in ds: ...
    """

    def __init__(
        self,
        filenames,
        record_defaults,
        compression_type=None,
        buffer_size=None,
        header=False,
        field_delim=",",
        use_quote_delim=True,
        na_value="",
        select_cols=None,
        exclude_cols=None,
        name=None,
    ):
        self._filenames = _filenames(filenames)
        self._defaults = [_record_default(i, d) for i, d in enumerate(record_defaults)]
        self._compression = _compression(compression_type)
        if buffer_size is not None and int(buffer_size) <= 0:
            raise InvalidArgumentError("buffer_size should be positive")
        delim = _as_bytes(field_delim)
        if len(delim) != 1:
            raise InvalidArgumentError("field_delim should be only 1 char")
        self._delim = delim
        self._header = bool(header)
        self._use_quote_delim = bool(use_quote_delim)
        self._na_value = _as_bytes(na_value)
        self._select = _columns("select_cols", select_cols)
        self._exclude = _columns("exclude_cols", exclude_cols)
        self._selected, self._excluded = set(self._select), set(self._exclude)
        if self._select and len(self._select) != len(self._defaults):
            raise InvalidArgumentError("select_cols should match output size")
        if self._select and self._exclude:
            raise InvalidArgumentError("Either select_cols or exclude_cols should be empty")
        self._field_end = re.compile(b"[" + re.escape(delim) + b"\r\n]")

    @property
    def element_spec(self):
        return tuple(TensorSpec((), dtype) for dtype, _ in self._defaults)

    def _iterator(self):
        return _Records(self)

    def _read(self, filename):
        with open(filename, "rb") as f:
            data = f.read()
        if self._compression == "GZIP":
            return gzip.decompress(data)
        if self._compression == "ZLIB":
            return zlib.decompress(data)
        return data

    def _split_record(self, data, pos):
        """The fields of the record starting at `pos`, where the next one starts, and the
        first quoting error met (TensorFlow reads the whole record before reporting it)."""
        fields, error, end = [], None, len(data)
        while True:
            if self._use_quote_delim and pos < end and data[pos] == _QUOTE:
                field, pos, record_done, problem = self._quoted_field(data, pos + 1)
            else:
                match = self._field_end.search(data, pos)
                stop = match.start() if match else end
                field = data[pos:stop]
                problem = None
                if self._use_quote_delim and b'"' in field:
                    problem = "Unquoted fields cannot have quotes inside"
                pos, record_done = _past_separator(data, stop, self._delim)
            error = error or problem
            fields.append(field)
            if record_done:
                return fields, pos, error

    def _quoted_field(self, data, pos):
        """A quoted field's text (opening quote before `pos`), where the next field starts,
        whether the record ended, and a quoting error if any."""
        text, problem, end = bytearray(), None, len(data)
        while True:
            close = data.find(b'"', pos)
            if close < 0:
                return b"", end, True, "Reached end of file without closing quoted field in record"
            text += data[pos:close]
            pos = close + 1
            if pos >= end:
                return bytes(text), end, True, problem
            after = data[pos : pos + 1]
            if after == b'"':
                text += b'"'
                pos += 1
            elif after in (self._delim, b"\n", b"\r"):
                pos, record_done = _past_separator(data, pos, self._delim)
                return bytes(text), pos, record_done, problem
            else:
                problem = problem or "Quote inside a string has to be escaped by another quote"

    def _record(self, fields, error):
        """The record's selected fields as scalar tensors, or TensorFlow's error for it."""
        wanted = len(self._defaults)
        outputs = []
        for column, field in enumerate(fields):
            if not self._includes(column):
                continue
            if len(outputs) >= wanted:
                error = error or f"Expect {wanted} fields but have more in record"
                break
            value, problem = self._convert(len(outputs), field)
            error = error or problem
            outputs.append(value)
        if error is None and len(outputs) != wanted:
            error = f"Expect {wanted} fields but have {len(outputs)} in record"
        if error is not None:
            raise InvalidArgumentError(error)
        return tuple(outputs)

    def _includes(self, column):
        if self._selected:
            return column in self._selected
        if self._excluded:
            return column not in self._excluded
        return True

    def _convert(self, index, field):
        """Field `index` of the output as a scalar tensor, or (None, TensorFlow's error)."""
        dtype, default = self._defaults[index]
        if field in (b"", self._na_value):
            if default is None:
                return None, f"Field {index} is required but missing in record!"
            return default, None
        if dtype == dtypes.string:
            return creation.convert_to_tensor(np.bytes_(field)), None
        value = _parse_number(field, dtype)
        if value is None:
            kind = _NUMBER_NAMES[dtype]
            text = field.decode("utf-8", "replace")
            return None, f"Field {index} in record is not a valid {kind}: {text}"
        return creation.convert_to_tensor(value), None


class _Records:
    """The records of `dataset`'s files one by one. A bad record raises from `__next__`
    and reading goes on after it, as TensorFlow's reader does: `ignore_errors()` then drops
    only that record (a generator would end at its first error)."""

    def __init__(self, dataset):
        self._dataset = dataset
        self._files = iter(dataset._filenames)
        self._data, self._pos = b"", 0

    def __iter__(self):
        return self

    def __next__(self):
        while self._pos >= len(self._data):
            self._data = self._dataset._read(next(self._files))
            self._pos = _after_first_line(self._data) if self._dataset._header else 0
        fields, self._pos, error = self._dataset._split_record(self._data, self._pos)
        return self._dataset._record(fields, error)


def _past_separator(data, stop, delim):
    """Where the field after the separator at `stop` starts, and whether it ended the record
    (a newline, `\\r\\n` as one, or the end of the data)."""
    if stop >= len(data):
        return len(data), True
    separator = data[stop : stop + 1]
    if separator == delim:
        return stop + 1, False
    if separator == b"\r" and data[stop + 1 : stop + 2] == b"\n":
        return stop + 2, True
    return stop + 1, True


def _after_first_line(data):
    newline = re.search(b"\r\n|\r|\n", data)
    return len(data) if newline is None else newline.end()


def _parse_number(field, dtype):
    """`field` as a NumPy scalar of `dtype`, or None when it is not a number of that kind
    (spaces around it are allowed, digit separators and out-of-range integers are not)."""
    text = field.decode("ascii", "replace").strip()
    if not text or "_" in text:
        return None
    np_type = dtype.as_numpy_dtype
    try:
        if dtype.is_integer:
            value = int(text, 10)
            info = np.iinfo(np_type)
            return np_type(value) if info.min <= value <= info.max else None
        return np_type(float(text))
    except ValueError:
        return None


def _filenames(filenames):
    if isinstance(filenames, _core.Tensor):
        filenames = filenames.numpy().tolist()
    if isinstance(filenames, (str, bytes)) or hasattr(filenames, "__fspath__"):
        filenames = [filenames]
    names = list(np.asarray(filenames, dtype=object).reshape(-1))
    if np.asarray(filenames, dtype=object).ndim > 1:
        raise InvalidArgumentError("`filenames` must be a scalar or a vector.")
    return [n.decode() if isinstance(n, bytes) else str(n) for n in names]


def _record_default(index, default):
    """(dtype, default scalar tensor or None) of column `index`, as TensorFlow converts each
    entry: a CSV dtype alone (or an empty tensor) is a required column."""
    dtype = _csv_dtype(default)
    if dtype is not None:
        return dtype, None
    tensor = creation.convert_to_tensor(default)
    if tensor.dtype not in _CSV_DTYPES:
        raise TypeError(f"Unsupported type for record default: {tensor.dtype.name}")
    if tensor.ndim > 1:
        raise InvalidArgumentError("Each record default should be at most rank 1")
    values = np.asarray(tensor.numpy(), dtype=object if tensor.dtype == dtypes.string else None)
    values = values.reshape(-1)
    if values.size > 1:
        raise InvalidArgumentError(
            f"There should only be 1 default per field but field {index} has {values.size}"
        )
    if values.size == 0:
        return tensor.dtype, None
    return tensor.dtype, creation.convert_to_tensor(values[0], dtype=tensor.dtype)


def _csv_dtype(entry):
    """The CSV dtype `entry` names (TensorFlow compares each entry with its five dtypes, so
    "float32" names one too), or None for a default value."""
    if not isinstance(entry, (dtypes.DType, str, np.dtype, type)):
        return None
    try:
        dtype = dtypes.as_dtype(entry)
    except (TypeError, ValueError):
        return None
    if dtype in _CSV_DTYPES:
        return dtype
    if isinstance(entry, str):
        return None
    raise TypeError(f"Unsupported type for record default: {dtype.name}")


def _compression(compression_type):
    kind = "" if compression_type is None else _as_bytes(compression_type).decode()
    if kind not in ("", "GZIP", "ZLIB"):
        raise InvalidArgumentError(f"Unsupported compression_type: {kind}.")
    return kind


def _columns(argument, columns):
    if columns is None:
        return []
    columns = [int(c) for c in np.asarray(columns).reshape(-1)]
    if any(b <= a for a, b in itertools.pairwise(columns)):
        raise InvalidArgumentError(f"{argument} should be strictly increasing indices")
    if columns and columns[0] < 0:
        raise InvalidArgumentError(f"{argument} should be non-negative indices")
    return columns


def _as_bytes(value):
    if isinstance(value, _core.Tensor):
        value = value.numpy()
    return value if isinstance(value, bytes) else str(value).encode()
