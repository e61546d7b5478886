"""`tf.lookup.StaticHashTable` (keys to values, fixed once initialized) and
`tf.lookup.StaticVocabularyTable` (keys to int64 ids, unknown keys hashed into
out-of-vocabulary buckets), on the vectorised store of _store.py.

TensorFlow initializes these tables when they are created (eagerly and inside
`tf.function` alike); so do these. A key given twice with different values is TensorFlow's
FailedPreconditionError. The tables are not saved by `tf.train.Checkpoint` (TensorFlow
does not save static tables' contents either: they are rebuilt from their initializer).
"""

import numpy as np

from nnext import _core, dtypes
from nnext.errors import FailedPreconditionError
from nnext.lookup._keys import keys_of
from nnext.lookup._store import KeyValueStore, as_array, as_tensor
from nnext.strings import string_hash

__all__ = ["StaticHashTable", "StaticVocabularyTable"]


def _text(value):
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


class StaticHashTable:
    """A hash table whose entries an initializer gives once.

    Args:
        initializer: a `KeyValueTensorInitializer` or `TextFileInitializer`.
        default_value: the scalar value of keys that are not in the table.
        name: TensorFlow's op name (the eager table's `name` is None, as TensorFlow's).
        experimental_is_anonymous: accepted (nnext tables are Python objects).

    Example:
        >>> init = nnext.lookup.KeyValueTensorInitializer(["a", "b", "c"], [7, 8, 9])
        >>> table = nnext.lookup.StaticHashTable(init, default_value=-1)
        >>> table[nnext.constant([["a", "b"], ["c", "d"]])].numpy()
        array([[ 7,  8],
               [ 9, -1]], dtype=int32)
    """

    def __init__(self, initializer, default_value, name=None, experimental_is_anonymous=False):
        self._initializer = initializer
        self._key_dtype = dtypes.as_dtype(initializer.key_dtype)
        self._value_dtype = dtypes.as_dtype(initializer.value_dtype)
        default = as_array(default_value, self._value_dtype)
        if default.shape != ():
            raise ValueError(f"Shapes {tuple(default.shape)} and () are incompatible")
        self._default = default
        self._store = KeyValueStore(self._key_dtype, self._value_dtype)
        keys, values = initializer.entries()
        conflict = self._store.first_conflict(keys, values)
        if conflict is not None:
            key, first, later = conflict
            raise FailedPreconditionError(
                f"HashTable has different value for same key. Key {_text(key)} has "
                f"{_text(first)} and trying to add value {_text(later)}"
            )
        self._store.insert(keys, values)

    @property
    def key_dtype(self):
        """The dtype of the keys."""
        return self._key_dtype

    @property
    def value_dtype(self):
        """The dtype of the values."""
        return self._value_dtype

    @property
    def default_value(self):
        """The value of absent keys, as a scalar tensor."""
        return as_tensor(self._default, self._value_dtype)

    @property
    def initializer(self):
        return self._initializer

    @property
    def name(self):
        """None, as an eager TensorFlow table's."""
        return None

    def size(self, name=None):
        """The number of entries, as a scalar int64 tensor."""
        return _core.convert_to_tensor(len(self._store), dtypes.int64)

    def lookup(self, keys, name=None):
        """The value of each key (the default where a key is absent), shaped as `keys`.

        Raises:
            TypeError: `keys` is a tensor of another dtype than the table's keys.
        """
        return as_tensor(
            self._store.find(keys_of(keys, self._key_dtype), self._default), self._value_dtype
        )

    def __getitem__(self, keys):
        return self.lookup(keys)

    def export(self, name=None):
        """(keys, values): two tensors of every entry, in the table's own order."""
        keys, values = self._store.export()
        return as_tensor(keys, self._key_dtype), as_tensor(values, self._value_dtype)


def _oov_buckets(keys, num_buckets):
    """TensorFlow's out-of-vocabulary bucket of each key: Fingerprint64 of the key's
    string form (an integer key in decimal, as `tf.strings.as_string`) modulo the count."""
    if keys.dtype != object:
        text = np.char.encode(keys.astype(np.str_), "ascii") if keys.size else keys
        keys = text.astype(object)
    hashes = string_hash.hash_strings(keys, string_hash.fingerprint64)
    return (hashes % np.uint64(num_buckets)).astype(np.int64)


class StaticVocabularyTable:
    """String or integer keys to int64 ids: a key of the vocabulary gets its value, any
    other key `vocab_size + Fingerprint64(key) % num_oov_buckets`.

    Args:
        initializer: gives the vocabulary (int64 values; string or int64 keys), or None
            for buckets only.
        num_oov_buckets: the number of out-of-vocabulary buckets (> 0).
        lookup_key_dtype: the dtype of the keys `lookup` takes (default: the
            initializer's key dtype, or string).
        name, experimental_is_anonymous: accepted.

    Example:
        >>> init = nnext.lookup.KeyValueTensorInitializer(
        ...     ["emerson", "lake", "palmer"], nnext.constant([0, 1, 2], nnext.int64))
        >>> table = nnext.lookup.StaticVocabularyTable(init, num_oov_buckets=5)
        >>> table[nnext.constant(["emerson", "lake", "palmer", "king", "crimson"])].numpy()
        array([0, 1, 2, 6, 7])
    """

    def __init__(
        self,
        initializer,
        num_oov_buckets,
        lookup_key_dtype=None,
        name=None,
        experimental_is_anonymous=False,
    ):
        if num_oov_buckets <= 0:
            raise ValueError("`num_oov_buckets` must be > 0; use StaticHashTable.")
        if initializer:
            key_dtype = dtypes.as_dtype(initializer.key_dtype)
            value_dtype = dtypes.as_dtype(initializer.value_dtype)
            lookup_key_dtype = dtypes.as_dtype(lookup_key_dtype or key_dtype)
            supported = (dtypes.int64, dtypes.string)
            if key_dtype not in supported:
                raise TypeError(
                    f"Invalid `key_dtype`, expected one of {supported}, but got {key_dtype}."
                )
            if key_dtype.is_integer != lookup_key_dtype.is_integer:
                kind = "integer" if lookup_key_dtype.is_integer else "non-integer"
                raise TypeError(f"Invalid `key_dtype`, expected {kind} but got {key_dtype}.")
            if value_dtype is not dtypes.int64:
                raise TypeError(
                    f"Invalid `value_dtype`, expected {dtypes.int64} but got {value_dtype}."
                )
            self._table = StaticHashTable(initializer, default_value=-1)
        else:
            lookup_key_dtype = dtypes.string
            self._table = None
        if not lookup_key_dtype.is_integer and lookup_key_dtype is not dtypes.string:
            raise TypeError(
                f"Invalid `key_dtype`, expected integer or string, got {lookup_key_dtype}"
            )
        self._key_dtype = lookup_key_dtype
        self._num_oov_buckets = int(num_oov_buckets)

    @property
    def key_dtype(self):
        return self._key_dtype

    @property
    def value_dtype(self):
        return dtypes.int64

    @property
    def name(self):
        return None

    def size(self, name=None):
        """The vocabulary size plus the bucket count, as a scalar int64 tensor."""
        vocabulary = len(self._table._store) if self._table else 0
        return _core.convert_to_tensor(vocabulary + self._num_oov_buckets, dtypes.int64)

    def lookup(self, keys, name=None):
        """The id of each key, shaped as `keys`.

        Raises:
            TypeError: `keys` is a tensor of another dtype than `key_dtype`.
        """
        values = keys_of(keys, self._key_dtype)
        if values.dtype != object:
            values = values.astype(np.int64)
        buckets = _oov_buckets(values.reshape(-1), self._num_oov_buckets).reshape(values.shape)
        if self._table is None:
            return as_tensor(buckets, dtypes.int64)
        ids = self._table._store.find(values, self._table._default)
        ids = np.where(ids != -1, ids, buckets + len(self._table._store))
        return as_tensor(ids, dtypes.int64)

    def __getitem__(self, keys):
        return self.lookup(keys)
