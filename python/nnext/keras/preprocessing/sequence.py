"""`keras.preprocessing.sequence`: `pad_sequences` under its Keras 3
`keras.preprocessing.sequence` name."""

from nnext.keras.utils.sequence_utils import pad_sequences

__all__ = ["pad_sequences"]
