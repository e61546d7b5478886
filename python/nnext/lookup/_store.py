"""What every `tf.lookup` table is underneath: a dict from keys to rows of a NumPy value
array, read and written a whole tensor at a time.

Keys are Python objects the dict hashes: `bytes` for string keys (string tensors already
hold them, nnext/string_tensor.py) and `int` for integer keys. Every per-element step is a
C-level call that NumPy's ufunc loop makes (`np.frompyfunc` of `dict.get`, `dict.pop`) or a
builtin (`dict.update(zip(...))`), so no Python code runs per key. Inserting appends the
values as new rows (the dict points at the newest row, so a later duplicate wins, as
TensorFlow's mutable tables); rows that nothing points at any more are dropped when they
outnumber the live ones.
"""

import numpy as np

from nnext import _core, dtypes, string_tensor
from nnext.errors import InvalidArgumentError
from nnext.strings._values import numbers_out, strings_out


def numpy_dtype(dtype):
    """The NumPy dtype of a table's keys or values (object for strings)."""
    return np.dtype(object) if dtype is dtypes.string else np.dtype(dtype.as_numpy_dtype)


def as_array(value, dtype):
    """`value` (a tensor, NumPy array, Python value) as a NumPy array of `dtype`'s kind."""
    if dtype is dtypes.string:
        return string_tensor.as_values(value)
    if isinstance(value, _core.Tensor):
        return np.asarray(value.numpy())
    return np.asarray(_core.convert_to_tensor(value, dtype).numpy())


def as_tensor(array, dtype):
    """A NumPy result array as a tensor of `dtype`."""
    if dtype is dtypes.string:
        return strings_out(array)
    return numbers_out(array, numpy_dtype(dtype))


def _hashable(keys):
    """The flat keys as objects a dict hashes as it stored them."""
    flat = keys.reshape(-1)
    return flat if flat.dtype == object else np.array(flat.tolist() or [], dtype=object)


def shape_text(shape):
    """A shape as TensorFlow's kernels print it: [2,3]."""
    return "[" + ",".join(str(d) for d in shape) + "]"


class KeyValueStore:
    """Keys of one dtype mapped to values of one dtype and shape (`value_shape`)."""

    def __init__(self, key_dtype, value_dtype, value_shape=()):
        self.key_dtype = key_dtype
        self.value_dtype = value_dtype
        self.value_shape = tuple(value_shape)
        self._rows = {}
        self._values = np.empty((0, *self.value_shape), numpy_dtype(value_dtype))
        self._used = 0

    def __len__(self):
        return len(self._rows)

    def _check_values(self, keys, values):
        expected = keys.shape + self.value_shape
        if values.shape != expected:
            raise InvalidArgumentError(
                f"Expected shape {shape_text(expected)} for value, got {shape_text(values.shape)}"
            )

    def insert(self, keys, values):
        """Maps each of `keys` to its value (values shaped keys.shape + value_shape)."""
        self._check_values(keys, values)
        count = keys.size
        rows = values.reshape(count, *self.value_shape)
        if self._used + count > len(self._values):
            grown = np.empty(
                (max(2 * len(self._values), self._used + count), *self.value_shape),
                self._values.dtype,
            )
            grown[: self._used] = self._values[: self._used]
            self._values = grown
        self._values[self._used : self._used + count] = rows
        self._rows.update(zip(_hashable(keys), range(self._used, self._used + count)))
        self._used += count
        if self._used > 2 * len(self._rows) + 64:
            self._compact()

    def _compact(self):
        live = np.fromiter(self._rows.values(), np.int64, len(self._rows))
        self._values = self._values[live]
        self._rows = dict(zip(self._rows.keys(), range(len(live))))
        self._used = len(live)

    def first_conflict(self, keys, values):
        """For keys given more than once: (key, first value, later different value) of the
        first repeat whose value differs from the key's first one, else None."""
        flat = _hashable(keys)
        first_of = dict(zip(flat[::-1], range(len(flat) - 1, -1, -1)))
        if len(first_of) == len(flat):
            return None
        first = np.frompyfunc(first_of.__getitem__, 1, 1)(flat).astype(np.int64)
        rows = values.reshape(len(flat), -1)
        differs = (rows[first] != rows).any(axis=1)
        if not differs.any():
            return None
        i = int(np.argmax(differs))
        return flat[i], values.reshape(len(flat), *self.value_shape)[first[i]], values[i]

    def rows_of(self, keys):
        """The row of each key, -1 where it is absent (keys' shape)."""
        found = np.frompyfunc(self._rows.get, 2, 1)(_hashable(keys), -1)
        return np.asarray(found, dtype=np.int64).reshape(keys.shape)

    def find(self, keys, default):
        """The value of each key, `default` (value_shape, or keys.shape + value_shape) where
        it is absent."""
        rows = self.rows_of(keys)
        missing = rows < 0
        shape = keys.shape + self.value_shape
        if self._used:
            found = self._values[np.where(missing, 0, rows)]
        else:
            found = np.empty(shape, self._values.dtype)
        default = np.broadcast_to(default, shape)
        if missing.any():
            mask = missing.reshape(missing.shape + (1,) * len(self.value_shape))
            found = np.where(mask, default, found)
        return np.asarray(found, dtype=self._values.dtype)

    def remove(self, keys):
        """Forgets `keys` (absent ones are ignored)."""
        np.frompyfunc(self._rows.pop, 2, 1)(_hashable(keys), None)

    def export(self):
        """(keys, values) of every entry, as NumPy arrays."""
        count = len(self._rows)
        if self.key_dtype is dtypes.string:
            keys = np.empty(count, dtype=object)
            keys[:] = list(self._rows.keys())
        else:
            keys = np.fromiter(self._rows.keys(), numpy_dtype(self.key_dtype), count)
        live = np.fromiter(self._rows.values(), np.int64, count)
        return keys, self._values[live]
