"""`keras.ops` maths beyond NumPy's: segment reductions and framing (`extract_sequences`).
(`erf`, `erfinv`, `rsqrt`, `logsumexp`, `top_k` and `in_top_k` live with their families.)

Segment reductions: `segment_sum` is one scatter-add; max, min and product compare every
element with every segment (a one-hot mask), which is exact and differentiable, and costs
elements x segments.
"""

import numpy as np

from nnext import _core
from nnext.keras.keras_tensor import symbolic
from nnext.keras.ops._base import canonical_axis, convert

__all__ = ["extract_sequences", "segment_max", "segment_min", "segment_prod", "segment_sum"]


def _segments(data, segment_ids, num_segments):
    data = convert(data)
    ids = convert(segment_ids)
    if ids.dtype.is_floating:
        raise ValueError(f"segment_ids must be integers, got {ids.dtype.name}")
    if ids.ndim != 1 or data.ndim < 1 or ids.shape[0] != data.shape[0]:
        raise ValueError(
            "Argument `segment_ids` should be a 1-D tensor with as many entries as the first "
            f"axis of `data`. Received: data.shape={tuple(data.shape)}, "
            f"segment_ids.shape={tuple(ids.shape)}"
        )
    if num_segments is None:
        num_segments = int(_core.reduce_max(ids)) + 1 if ids.shape[0] else 0
    return data, ids, int(num_segments)


@symbolic
def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    """Sums of the rows of `data` with the same segment id; ids outside
    [0, num_segments) are dropped, empty segments are 0.

    Example:
        >>> keras.ops.segment_sum([1, 2, 10, 20], [0, 0, 1, 1], num_segments=2)
        [3, 30]
    """
    data, ids, n = _segments(data, segment_ids, num_segments)
    valid = _core.logical_and(_core.greater_equal(ids, 0), _core.less(ids, n))
    keep = _core.cast(valid, data.dtype.name)
    shape = [-1] + [1] * (data.ndim - 1)
    safe = _core.where(valid, ids, _core.zeros_like(ids))
    return _core.scatter_nd(
        _core.expand_dims(safe, -1), data * _core.reshape(keep, shape), [n] + list(data.shape[1:])
    )


def _masked_reduce(data, ids, n, reducer, identity):
    # mask[s, i]: row i belongs to segment s; rows of other segments read as the identity.
    hot = _core.one_hot(_core.cast(ids, "int64"), n, 1.0, 0.0, 0, "bool")
    mask = _core.reshape(hot, [n, ids.shape[0]] + [1] * (data.ndim - 1))
    fill = _core.ones([], data.dtype.name) * identity
    return reducer(_core.where(mask, _core.expand_dims(data, 0), fill), [1], False)


def _extreme_identity(dtype, largest):
    if dtype.is_floating:
        return float("-inf") if largest else float("inf")
    info = np.iinfo(dtype.name)
    return int(info.min) if largest else int(info.max)


@symbolic
def segment_max(data, segment_ids, num_segments=None, sorted=False):
    """Maxima of the rows of `data` with the same segment id; empty segments hold the
    dtype's lowest value (-inf for floats), as TensorFlow."""
    data, ids, n = _segments(data, segment_ids, num_segments)
    return _masked_reduce(data, ids, n, _core.reduce_max, _extreme_identity(data.dtype, True))


@symbolic
def segment_min(data, segment_ids, num_segments=None, sorted=False):
    """Minima of the rows of `data` with the same segment id; empty segments hold the
    dtype's largest value (inf for floats)."""
    data, ids, n = _segments(data, segment_ids, num_segments)
    return _masked_reduce(data, ids, n, _core.reduce_min, _extreme_identity(data.dtype, False))


@symbolic
def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    """Products of the rows of `data` with the same segment id; empty segments are 1."""
    data, ids, n = _segments(data, segment_ids, num_segments)
    out = _masked_reduce(data, ids, n, _core.reduce_prod, 1)
    return out if data.dtype.is_floating else _core.cast(out, data.dtype.name)


@symbolic
def extract_sequences(x, sequence_length, sequence_stride):
    """Frames of `sequence_length` samples every `sequence_stride` samples along the last
    axis: shape (..., num_sequences, sequence_length)."""
    x = convert(x)
    length, stride = int(sequence_length), int(sequence_stride)
    n = x.shape[-1]
    count = max(0, 1 + (n - length) // stride) if n >= length else 0
    index = np.arange(count)[:, None] * stride + np.arange(length)[None, :]
    return _core.gather(
        x, _core.convert_to_tensor(index.astype(np.int32)), canonical_axis(-1, x.ndim)
    )
