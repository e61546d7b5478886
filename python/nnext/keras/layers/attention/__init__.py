"""Attention layers: dot-product, additive and multi-head attention."""

from nnext.keras.layers.attention.additive_attention import AdditiveAttention
from nnext.keras.layers.attention.attention import Attention
from nnext.keras.layers.attention.grouped_query_attention import GroupedQueryAttention
from nnext.keras.layers.attention.multi_head_attention import MultiHeadAttention

# Keras exports the class as GroupQueryAttention.
GroupQueryAttention = GroupedQueryAttention

__all__ = ["AdditiveAttention", "Attention", "GroupQueryAttention", "MultiHeadAttention"]
