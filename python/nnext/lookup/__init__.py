"""`tf.lookup`: lookup tables over string and integer keys.

Static tables (`StaticHashTable`, `StaticVocabularyTable`) take their entries from an
initializer (`KeyValueTensorInitializer`, `TextFileInitializer`) when created; the mutable
ones live in `tf.lookup.experimental`. Every operation takes a whole tensor of keys and runs
through NumPy, with no Python code per key (_store.py).
"""

from nnext.lookup import experimental
from nnext.lookup.initializers import KeyValueTensorInitializer, TextFileIndex, TextFileInitializer
from nnext.lookup.static_tables import StaticHashTable, StaticVocabularyTable

__all__ = [
    "KeyValueTensorInitializer",
    "StaticHashTable",
    "StaticVocabularyTable",
    "TextFileIndex",
    "TextFileInitializer",
    "experimental",
]
