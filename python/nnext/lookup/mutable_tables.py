"""`tf.lookup.experimental.MutableHashTable` and `DenseHashTable`: tables that `insert`,
`remove` and `lookup` whole tensors of keys at a time (the vectorised store of _store.py).

Values may be vectors (or any shape): the shape of `default_value` is the value shape, and
a lookup returns `keys.shape + value_shape`. `DenseHashTable` is TensorFlow's open-addressing
table; nnext stores both kinds alike, keeping the dense table's reserved `empty_key` and
`deleted_key` rules. Deviation: TensorFlow's `DenseHashTable.export` returns every bucket
(empty ones hold `empty_key`); nnext's returns the entries only, as `MutableHashTable`'s.
Neither table is saved by `tf.train.Checkpoint` here.
"""

import numpy as np

from nnext import _core, dtypes
from nnext.errors import InvalidArgumentError
from nnext.lookup._keys import converted_keys, tensor_dtype
from nnext.lookup._store import KeyValueStore, as_array, as_tensor

__all__ = ["DenseHashTable", "MutableHashTable"]


class MutableHashTable:
    """A hash table filled and emptied by `insert` and `remove`.

    Args:
        key_dtype, value_dtype: the dtypes of keys and values.
        default_value: the value of absent keys; its shape is every value's shape.
        name, checkpoint, experimental_is_anonymous: accepted.

    Example:
        >>> table = nnext.lookup.experimental.MutableHashTable(
        ...     key_dtype=nnext.string, value_dtype=nnext.int64, default_value=-1)
        >>> table.insert(nnext.constant(["a", "b", "c"]), nnext.constant([7, 8, 9], nnext.int64))
        >>> table.remove(nnext.constant(["c"]))
        >>> table.lookup(nnext.constant(["a", "b", "c"])).numpy()
        array([ 7,  8, -1])
    """

    def __init__(
        self,
        key_dtype,
        value_dtype,
        default_value,
        name="MutableHashTable",
        checkpoint=True,
        experimental_is_anonymous=False,
    ):
        self._key_dtype = dtypes.as_dtype(key_dtype)
        self._value_dtype = dtypes.as_dtype(value_dtype)
        self._default = as_array(default_value, self._value_dtype)
        self._store = KeyValueStore(self._key_dtype, self._value_dtype, self._default.shape)
        self._name = name
        self._checkpoint = checkpoint

    @property
    def key_dtype(self):
        return self._key_dtype

    @property
    def value_dtype(self):
        return self._value_dtype

    @property
    def default_value(self):
        return as_tensor(self._default, self._value_dtype)

    @property
    def name(self):
        """None, as an eager TensorFlow table's."""
        return None

    def _keys(self, keys):
        return converted_keys(keys, self._key_dtype)

    def size(self, name=None):
        """The number of entries, as a scalar int64 tensor."""
        return _core.convert_to_tensor(len(self._store), dtypes.int64)

    def insert(self, keys, values, name=None):
        """Maps each key to its value (values shaped `keys.shape + value_shape`); a key
        already present gets the new value."""
        keys = self._keys(keys)
        given = tensor_dtype(values)
        if given is not None and given != self._value_dtype:
            raise ValueError(
                f"Tensor conversion requested dtype {self._value_dtype.name} for Tensor with "
                f"dtype {given.name}: {values!r}"
            )
        self._store.insert(keys, as_array(values, self._value_dtype))

    def lookup(self, keys, dynamic_default_values=None, name=None):
        """The value of each key, shaped `keys.shape + value_shape`; absent keys get the
        default value, or their own entry of `dynamic_default_values` (the result's
        shape)."""
        default = self._default
        if dynamic_default_values is not None:
            default = as_array(dynamic_default_values, self._value_dtype)
        return as_tensor(self._store.find(self._keys(keys), default), self._value_dtype)

    def __getitem__(self, keys):
        return self.lookup(keys)

    def remove(self, keys, name=None):
        """Forgets `keys` (keys not in the table are ignored).

        Raises:
            TypeError: `keys` is a tensor of another dtype than the table's keys.
        """
        given = tensor_dtype(keys)
        if given is not None and given != self._key_dtype:
            raise TypeError(
                f"Dtype of argument `keys` must be {self._key_dtype}, received: {given}"
            )
        self._store.remove(as_array(keys, self._key_dtype))

    def export(self, name=None):
        """(keys, values): two tensors of every entry, in the table's own order."""
        keys, values = self._store.export()
        return as_tensor(keys, self._key_dtype), as_tensor(values, self._value_dtype)


class DenseHashTable(MutableHashTable):
    """A mutable hash table with two reserved keys, `empty_key` and `deleted_key`, that
    no insert, lookup or remove may use (TensorFlow marks its buckets with them).

    Args:
        key_dtype, value_dtype, default_value: as `MutableHashTable`.
        empty_key, deleted_key: the two reserved keys (different from each other).
        initial_num_buckets: accepted (TensorFlow's bucket count, a power of 2).
        name, checkpoint, experimental_is_anonymous: accepted.

    Example:
        >>> table = nnext.lookup.experimental.DenseHashTable(
        ...     nnext.string, nnext.int64, default_value=-1, empty_key="", deleted_key="$")
        >>> table.insert(nnext.constant(["a", "b"]), nnext.constant([0, 1], nnext.int64))
        >>> table.lookup(nnext.constant(["a", "c"])).numpy()
        array([ 0, -1])
    """

    def __init__(
        self,
        key_dtype,
        value_dtype,
        default_value,
        empty_key,
        deleted_key,
        initial_num_buckets=None,
        name="MutableDenseHashTable",
        checkpoint=True,
        experimental_is_anonymous=False,
    ):
        super().__init__(key_dtype, value_dtype, default_value, name, checkpoint)
        empty = as_array(empty_key, self._key_dtype)
        deleted = as_array(deleted_key, self._key_dtype)
        if empty.shape != deleted.shape:
            raise InvalidArgumentError(
                f"Empty and deleted keys must have same shape, got shapes: {list(empty.shape)} "
                f"and {list(deleted.shape)}"
            )
        if np.array_equal(empty, deleted):
            raise InvalidArgumentError("Empty and deleted keys cannot be equal")
        if initial_num_buckets is not None and (
            initial_num_buckets < 4 or initial_num_buckets & (initial_num_buckets - 1)
        ):
            raise InvalidArgumentError(
                f"Number of buckets must be at least 4 and a power of 2, got: {initial_num_buckets}"
            )
        self._empty_key = empty.reshape(())[()]
        self._deleted_key = deleted.reshape(())[()]

    def _keys(self, keys):
        keys = super()._keys(keys)
        for reserved, which in ((self._empty_key, "empty_key"), (self._deleted_key, "deleted_key")):
            if (keys == reserved).any():
                raise InvalidArgumentError(f"Using the {which} as a table key is not allowed")
        return keys

    def insert_or_assign(self, keys, values, name=None):
        """`insert` (TensorFlow's other name for it)."""
        self.insert(keys, values, name)

    def remove(self, keys, name=None):
        """Forgets `keys` (keys not in the table are ignored).

        Raises:
            TypeError: `keys` is a tensor of another dtype than the table's keys.
        """
        given = tensor_dtype(keys)
        if given is not None and given != self._key_dtype:
            raise TypeError(
                f"Signature mismatch. Keys must be dtype {self._key_dtype}, got {given}."
            )
        self._store.remove(self._keys(keys))

    def erase(self, keys, name=None):
        """`remove` (TensorFlow's other name for it)."""
        self.remove(keys, name)
