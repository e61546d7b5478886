"""String and categorical preprocessing layers: hashing, hashed crossing, vocabulary
lookups and text vectorization.

nnext has no string tensor: these layers take strings as Python lists or NumPy arrays (of
`str`, `bytes` or `object`), and return nnext Tensors for indices and encodings (NumPy
arrays of `str` where the output is strings, as `StringLookup(invert=True)`). Keras 3
computes them with TensorFlow; the hashes here are TensorFlow's, bit for bit.
"""

from nnext.keras.layers.preprocessing.text.hashed_crossing import HashedCrossing
from nnext.keras.layers.preprocessing.text.hashing import Hashing
from nnext.keras.layers.preprocessing.text.integer_lookup import IntegerLookup
from nnext.keras.layers.preprocessing.text.string_lookup import StringLookup
from nnext.keras.layers.preprocessing.text.text_vectorization import TextVectorization

__all__ = ["HashedCrossing", "Hashing", "IntegerLookup", "StringLookup", "TextVectorization"]
