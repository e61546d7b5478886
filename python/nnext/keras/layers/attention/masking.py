"""The masks attention layers share: masked softmax and the causal mask."""

from nnext import _core, creation, nn
from nnext import math as nmath
from nnext.keras import backend

# The score a masked position gets before the softmax (Keras's value for float32).
LARGE_NEGATIVE = -1e9


def as_bool_mask(mask):
    mask = backend.to_tensor(mask)
    if mask.dtype.name != "bool":
        mask = nmath.greater(mask, 0.5) if mask.dtype.is_floating else nmath.not_equal(mask, 0)
    return mask


def masked_softmax(scores, mask, axes):
    """Softmax over `axes` with masked-out positions (mask False) scored `-1e9` and then
    set to 0, as Keras's Softmax layer does."""
    if mask is not None:
        scores = nmath.where(mask, scores, LARGE_NEGATIVE)
    if len(axes) == 1:
        weights = nn.softmax(scores, axis=axes[0])
    else:
        shifted = scores - nmath.reduce_max(scores, axis=list(axes), keepdims=True)
        exp = nmath.exp(shifted)
        weights = exp / nmath.reduce_sum(exp, axis=list(axes), keepdims=True)
    if mask is not None:
        weights = nmath.where(mask, weights, 0.0)
    return weights


def causal_mask(query_length, value_length):
    """`(1, Tq, Tv)` boolean mask, True where the key position is not after the query's."""
    rows = _core.reshape(creation.range(query_length, dtype="int32"), (1, query_length, 1))
    cols = _core.reshape(creation.range(value_length, dtype="int32"), (1, 1, value_length))
    return nmath.greater_equal(rows, cols)
