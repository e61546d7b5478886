"""Turning integer category indices into dense vectors, as Keras's
`numerical_utils.encode_categorical_inputs` does: one-hot, multi-hot or counts."""

from nnext import _core, array_ops
from nnext import math as nmath

OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count")


def encode_categories(indices, output_mode, depth, dtype, count_weights=None):
    """Encodes integer `indices` (out-of-range ones encode as all zeros).

    - 'int': the indices cast to `dtype`.
    - 'one_hot': one row of `depth` per index (a trailing axis of size 1 is replaced).
    - 'multi_hot': per sample (the first axis of a rank-2 input), 1 where a token occurs.
    - 'count': per sample, how often each token occurs (weighted by `count_weights`).
    """
    if output_mode == "int":
        return nmath.cast(indices, dtype)
    if indices.ndim == 0:
        indices = _core.expand_dims(indices, -1)
    if indices.dtype.is_floating or indices.dtype.name == "bool":
        indices = nmath.cast(indices, "int64")
    if output_mode == "one_hot":
        if indices.ndim > 1 and indices.shape[-1] == 1:
            indices = _core.reshape(indices, tuple(indices.shape)[:-1])
        return array_ops.one_hot(indices, depth, dtype=dtype)
    sample_axis = 1 if indices.ndim > 1 else 0
    if output_mode == "multi_hot":
        return nmath.reduce_max(array_ops.one_hot(indices, depth, dtype=dtype), axis=sample_axis)
    if count_weights is not None:
        encoded = array_ops.one_hot(indices, depth, dtype=count_weights.dtype.name)
        encoded = encoded * _core.expand_dims(count_weights, -1)
    else:
        encoded = array_ops.one_hot(indices, depth, dtype=dtype)
    return nmath.reduce_sum(encoded, axis=sample_axis)
