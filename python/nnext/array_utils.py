"""Small TensorFlow array utilities: ``is_tensor``, ``shape_n``, ``ensure_shape``, the
static/dynamic broadcast shapes, ``realdiv``, ``unravel_index``, ``reverse_sequence`` and the
fixed-width histograms. Compositions of C++ ops."""

import numpy as np

from nnext import _core, string_tensor
from nnext.tensor_shape import TensorShape, as_shape

__all__ = [
    "broadcast_dynamic_shape",
    "broadcast_static_shape",
    "ensure_shape",
    "histogram_fixed_width",
    "histogram_fixed_width_bins",
    "is_tensor",
    "realdiv",
    "reverse_sequence",
    "shape_n",
    "unravel_index",
]


def _t(x):
    return x if isinstance(x, _core.Tensor) else _core.convert_to_tensor(x)


def is_tensor(x):
    """True for an nnext Tensor or Variable, or a string tensor."""
    return isinstance(x, _core.Tensor) or string_tensor.is_string_tensor(x)


def shape_n(input, out_type="int32", name=None):
    """The shapes of a list of tensors, as 1-D integer tensors."""
    return [_core.convert_to_tensor(np.asarray(_t(x).shape, np.int64), out_type) for x in input]


def ensure_shape(x, shape, name=None):
    """``x`` itself, after checking its shape is compatible with ``shape`` (None dims match
    anything).

    Raises:
        ValueError: on an incompatible shape.
    """
    x = _t(x)
    if not as_shape(shape).is_compatible_with(x.shape):
        raise ValueError(
            f"Shape of tensor {tuple(x.shape)} is not compatible with expected "
            f"shape {as_shape(shape)}."
        )
    return x


def broadcast_static_shape(shape_x, shape_y):
    """The TensorShape that ``shape_x`` and ``shape_y`` broadcast to.

    Raises:
        ValueError: if they do not broadcast.
    """
    a, b = as_shape(shape_x), as_shape(shape_y)
    if a.rank is None or b.rank is None:
        return TensorShape(None)
    width = max(a.rank, b.rank)
    a = [1] * (width - a.rank) + a.as_list()
    b = [1] * (width - b.rank) + b.as_list()
    out = []
    for p, q in zip(a, b):
        if p == 1 or q == 1 or p == q or p is None or q is None:
            out.append(q if p == 1 else p if q == 1 else (p if p is not None else q))
        else:
            raise ValueError(
                f"Incompatible shapes for broadcasting. Two shapes are compatible "
                f"if for each dimension pair they are either equal or one of them "
                f"is 1. Received: {tuple(shape_x)} and {tuple(shape_y)}."
            )
    return TensorShape(out)


def broadcast_dynamic_shape(shape_x, shape_y):
    """The broadcast of two 1-D shape tensors, as an int32 tensor."""
    x = [int(d) for d in np.asarray(_t(shape_x)).reshape(-1)]
    y = [int(d) for d in np.asarray(_t(shape_y)).reshape(-1)]
    return _core.convert_to_tensor(np.asarray(broadcast_static_shape(x, y).as_list(), np.int32))


def realdiv(x, y, name=None):
    """``x / y`` for real (floating) tensors."""
    return _core.divide(x, y)


def unravel_index(indices, dims, name=None):
    """Coordinates of flat ``indices`` in an array of shape ``dims``: shape
    ``(len(dims),) + indices.shape``."""
    idx = _t(indices)
    dims = [int(d) for d in np.asarray(_t(dims)).reshape(-1)]
    total = int(np.prod(dims, dtype=np.int64))
    if idx.size and (int(_core.reduce_min(idx)) < 0 or int(_core.reduce_max(idx)) >= total):
        raise ValueError(f"unravel_index: index out of range for dims {dims}")
    coords, rest = [], idx
    for d in reversed(dims):
        coords.append(_core.mod(rest, d))
        rest = _core.floordiv(rest, d)
    return _core.stack(coords[::-1], 0)


def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None):
    """Reverses the first ``seq_lengths[b]`` entries along ``seq_axis`` of each slice ``b``
    along ``batch_axis``; entries beyond stay in place."""
    x = _t(input)
    seq_axis = int(seq_axis) % x.ndim
    batch_axis = 0 if batch_axis is None else int(batch_axis) % x.ndim
    lengths = _core.cast(_t(seq_lengths), "int64")
    n = x.shape[seq_axis]
    position = _core._range(0, n, 1, "int64")
    lens = _core.reshape(lengths, [-1, 1])  # (batch, 1)
    # source index of each position: reversed inside the prefix, unchanged after it
    source = _core.where(
        _core.less(position, lens),
        _core.subtract(_core.subtract(lens, 1), position),
        _core.broadcast_to(position, [lens.shape[0], n]),
    )
    # move batch and seq axes to the front, gather row by row, move back
    rest = [d for d in range(x.ndim) if d not in (batch_axis, seq_axis)]
    perm = [batch_axis, seq_axis] + rest
    moved = _core.transpose(x, perm)
    gathered = _core.gather(moved, source, 1, 1)
    back = [perm.index(d) for d in range(x.ndim)]
    return _core.transpose(gathered, back)


def histogram_fixed_width_bins(values, value_range, nbins=100, dtype="int32", name=None):
    """The bin index (0 .. nbins-1) of each value for ``nbins`` equal bins over
    ``value_range``; values outside go to the first or last bin."""
    v = _core.cast(_t(values), "float64")
    lo, hi = (float(r) for r in np.asarray(_t(value_range)).reshape(-1)[:2])
    if not hi > lo:
        raise ValueError(
            f"value_range must satisfy value_range[0] < value_range[1], got [{lo}, {hi}]"
        )
    scaled = _core.floor(_core.multiply(_core.subtract(v, lo), nbins / (hi - lo)))
    return _core.cast(_core.clip_by_value(scaled, 0.0, float(nbins - 1)), dtype)


def histogram_fixed_width(values, value_range, nbins=100, dtype="int32", name=None):
    """Counts of ``values`` in ``nbins`` equal bins over ``value_range`` (outliers in the
    end bins)."""
    bins = _core.reshape(histogram_fixed_width_bins(values, value_range, nbins, "int64"), [-1, 1])
    return _core.scatter_nd(bins, _core.ones([bins.shape[0]], dtype), [int(nbins)])
