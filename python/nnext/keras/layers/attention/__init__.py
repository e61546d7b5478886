"""Attention layers: dot-product, additive and multi-head attention."""

from nnext.keras.layers.attention.additive_attention import AdditiveAttention
from nnext.keras.layers.attention.attention import Attention
from nnext.keras.layers.attention.multi_head_attention import MultiHeadAttention

__all__ = ["AdditiveAttention", "Attention", "MultiHeadAttention"]
