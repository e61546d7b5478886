"""`tf.lookup.experimental`: the mutable tables (mutable_tables.py)."""

from nnext.lookup.mutable_tables import DenseHashTable, MutableHashTable

__all__ = ["DenseHashTable", "MutableHashTable"]
