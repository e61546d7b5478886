"""Shapes, joins, splits, rearrangements and triangles of `keras.ops` (NumPy's names).

Views where the C++ core can view (reshape, transpose, expand_dims, squeeze, broadcast_to,
slices); copies by gather or concat otherwise, so that every function is differentiable.
Index arrays that depend only on static shapes (repeat counts, pad modes) are built once
with NumPy and gathered in C++.
"""

import builtins
import itertools

import numpy as np

from nnext import _core, array_ops
from nnext.keras.keras_tensor import symbolic
from nnext.keras.ops._base import (
    axes_list,
    canonical_axis,
    convert,
    int_list,
    operands,
    shape_tuple,
)

__all__ = [
    "append",
    "array_split",
    "broadcast_to",
    "concatenate",
    "copy",
    "diag",
    "diagflat",
    "diagonal",
    "diff",
    "dsplit",
    "dstack",
    "expand_dims",
    "flip",
    "fliplr",
    "flipud",
    "get_item",
    "hsplit",
    "hstack",
    "meshgrid",
    "moveaxis",
    "ndim",
    "pad",
    "ravel",
    "repeat",
    "reshape",
    "roll",
    "rot90",
    "select",
    "size",
    "split",
    "squeeze",
    "stack",
    "swapaxes",
    "tile",
    "trace",
    "transpose",
    "tril",
    "triu",
    "unravel_index",
    "vsplit",
    "vstack",
    "where",
]


@symbolic
def reshape(x, newshape):
    """`x` with shape `newshape` (one -1 is inferred); a view when the layout allows."""
    return _core.reshape(convert(x), list(shape_tuple(newshape)))


@symbolic
def ravel(x):
    """`x` flattened to 1-D."""
    return _core.reshape(convert(x), [-1])


@symbolic
def transpose(x, axes=None):
    """`x` with its axes permuted by `axes` (default: reversed)."""
    x = convert(x)
    if axes is None:
        return _core.transpose(x, list(builtins.range(x.ndim))[::-1])
    return _core.transpose(x, [canonical_axis(a, x.ndim) for a in axes])


@symbolic
def expand_dims(x, axis):
    """`x` with new size-1 axes at `axis` (an int or a tuple, in the result's numbering)."""
    x = convert(x)
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    out_ndim = x.ndim + len(axes)
    for a in sorted(canonical_axis(a, out_ndim) for a in axes):
        x = _core.expand_dims(x, a)
    return x


@symbolic
def squeeze(x, axis=None):
    """`x` without its size-1 axes (or only those in `axis`)."""
    x = convert(x)
    if axis is None:
        return _core.squeeze(x, None)
    axes = axes_list(axis, x.ndim)
    for a in axes:
        if x.shape[a] != 1:
            raise ValueError(f"Cannot squeeze axis {a}, because the dimension is not 1.")
    return _core.squeeze(x, axes)


@symbolic
def broadcast_to(x, shape):
    """`x` broadcast to `shape` (a view)."""
    return _core.broadcast_to(convert(x), list(shape_tuple(shape)))


@symbolic
def moveaxis(x, source, destination):
    """`x` with the axes `source` moved to positions `destination`."""
    x = convert(x)
    source = axes_in_order(source, x.ndim)
    destination = axes_in_order(destination, x.ndim)
    if len(source) != len(destination):
        raise ValueError(
            "`source` and `destination` arguments must have the same number of "
            f"elements, but received `source={source}` and "
            f"`destination={destination}`"
        )
    order = [d for d in builtins.range(x.ndim) if d not in source]
    for dest, src in sorted(zip(destination, source)):
        order.insert(dest, src)
    return _core.transpose(x, order)


def axes_in_order(axes, ndim):
    axes = axes if isinstance(axes, (list, tuple)) else [axes]
    return [canonical_axis(a, ndim) for a in axes]


@symbolic
def swapaxes(x, axis1, axis2):
    """`x` with axes `axis1` and `axis2` exchanged."""
    x = convert(x)
    perm = list(builtins.range(x.ndim))
    a, b = canonical_axis(axis1, x.ndim), canonical_axis(axis2, x.ndim)
    perm[a], perm[b] = perm[b], perm[a]
    return _core.transpose(x, perm)


def _same_dtype(xs):
    ts = operands(*xs) if xs else []
    return ts


@symbolic
def concatenate(xs, axis=0):
    """The tensors `xs` joined along `axis` (None: flattened first)."""
    ts = _same_dtype(list(xs))
    if axis is None:
        return _core.concat([_core.reshape(t, [-1]) for t in ts], 0)
    return _core.concat(ts, canonical_axis(axis, ts[0].ndim))


@symbolic
def stack(x, axis=0):
    """The equally shaped tensors `x` joined along a new `axis`."""
    ts = _same_dtype(list(x))
    return _core.stack(ts, canonical_axis(axis, ts[0].ndim + 1))


@symbolic
def hstack(xs):
    """Tensors joined along axis 1 (axis 0 for 1-D tensors)."""
    ts = _same_dtype(list(xs))
    return _core.concat(ts, 0 if ts[0].ndim == 1 else 1)


@symbolic
def vstack(xs):
    """Tensors joined along axis 0, 1-D ones as rows."""
    ts = [_at_least(t, 2) for t in _same_dtype(list(xs))]
    return _core.concat(ts, 0)


@symbolic
def dstack(xs):
    """Tensors joined along axis 2 (1-D and 2-D ones get leading/trailing size-1 axes)."""
    ts = [_at_least(t, 3) for t in _same_dtype(list(xs))]
    return _core.concat(ts, 2)


def _at_least(t, ndim):
    if t.ndim == 0:
        t = _core.reshape(t, [1])
    if t.ndim == 1 and ndim >= 2:
        t = _core.expand_dims(t, 0)
    if t.ndim == 2 and ndim >= 3:
        t = _core.expand_dims(t, 2)
    return t


@symbolic
def append(x1, x2, axis=None):
    """`x2` appended to `x1` along `axis` (None: both flattened)."""
    return concatenate([x1, x2], axis=axis)


def _split_points(n, indices_or_sections, equal):
    if isinstance(indices_or_sections, (int, np.integer)):
        sections = int(indices_or_sections)
        if equal and n % sections:
            raise ValueError("array split does not result in an equal division")
        base, extra = divmod(n, sections)
        sizes = [base + 1] * extra + [base] * (sections - extra)
        return list(np.cumsum([0] + sizes))
    points = [
        builtins.min(builtins.max(int(i) if i >= 0 else n + int(i), 0), n)
        for i in int_list(indices_or_sections)
    ]
    return [0] + points + [n]


def _split(x, indices_or_sections, axis, equal):
    x = convert(x)
    axis = canonical_axis(axis, x.ndim)
    bounds = _split_points(x.shape[axis], indices_or_sections, equal)
    parts = []
    for start, stop in itertools.pairwise(bounds):
        index = [builtins.slice(None)] * axis + [
            builtins.slice(int(start), builtins.max(int(start), int(stop)))
        ]
        parts.append(x[tuple(index)])
    return parts


@symbolic
def split(x, indices_or_sections, axis=0):
    """`x` split along `axis` into equal sections (an int) or at the given indices."""
    return _split(x, indices_or_sections, axis, equal=True)


@symbolic
def array_split(x, indices_or_sections, axis=0):
    """As `split`, but an int need not divide the axis: the first parts get one more."""
    return _split(x, indices_or_sections, axis, equal=False)


@symbolic
def hsplit(x, indices_or_sections):
    """`split` along axis 1 (axis 0 for 1-D)."""
    x = convert(x)
    return _split(x, indices_or_sections, 0 if x.ndim == 1 else 1, equal=True)


@symbolic
def vsplit(x, indices_or_sections):
    """`split` along axis 0."""
    return _split(x, indices_or_sections, 0, equal=True)


@symbolic
def dsplit(x, indices_or_sections):
    """`split` along axis 2."""
    return _split(x, indices_or_sections, 2, equal=True)


@symbolic
def tile(x, repeats):
    """`x` repeated `repeats[d]` times along each axis (as `numpy.tile`)."""
    x = convert(x)
    reps = int_list(repeats) if not isinstance(repeats, (int, np.integer)) else [int(repeats)]
    ndim = builtins.max(x.ndim, len(reps))
    x = _core.reshape(x, [1] * (ndim - x.ndim) + list(x.shape))
    reps = [1] * (ndim - len(reps)) + reps
    return _core.tile(x, reps)


@symbolic
def repeat(x, repeats, axis=None):
    """Each element (slice along `axis`) repeated `repeats` times; None: flattened first.

    Example:
        >>> keras.ops.repeat([1, 2], 2)
        [1, 1, 2, 2]
    """
    x = convert(x)
    if axis is None:
        x, axis = _core.reshape(x, [-1]), 0
    axis = canonical_axis(axis, x.ndim)
    n = x.shape[axis]
    counts = int_list(repeats)
    counts = counts * n if len(counts) == 1 else counts
    if len(counts) != n:
        raise ValueError(f"repeat: {len(counts)} repeats for an axis of size {n}")
    index = np.repeat(np.arange(n, dtype=np.int32), counts)
    return _core.gather(x, _core.convert_to_tensor(index), axis)


@symbolic
def flip(x, axis=None):
    """`x` reversed along `axis` (None: every axis)."""
    x = convert(x)
    axes = axes_list(axis, x.ndim)
    index = tuple(
        builtins.slice(None, None, -1) if d in axes else builtins.slice(None)
        for d in builtins.range(x.ndim)
    )
    return x[index] if x.ndim else x


@symbolic
def fliplr(x):
    """`x` reversed along axis 1."""
    return flip(x, 1)


@symbolic
def flipud(x):
    """`x` reversed along axis 0."""
    return flip(x, 0)


@symbolic
def roll(x, shift, axis=None):
    """`x` rotated by `shift` positions along `axis` (None: flattened, then reshaped)."""
    x = convert(x)
    if axis is None:
        return _core.reshape(roll(_core.reshape(x, [-1]), shift, 0), list(x.shape))
    shifts = int_list(shift)
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    shifts = shifts * len(axes) if len(shifts) == 1 else shifts
    for s, a in zip(shifts, axes):
        a = canonical_axis(a, x.ndim)
        n = x.shape[a]
        if n == 0:
            continue
        index = (np.arange(n) - s) % n
        x = _core.gather(x, _core.convert_to_tensor(index.astype(np.int32)), a)
    return x


@symbolic
def rot90(array, k=1, axes=(0, 1)):
    """`array` rotated by 90 degrees `k` times in the plane of `axes`."""
    x = convert(array)
    if x.ndim < 2:
        raise ValueError(f"Array must have at least 2 dimensions. Received: array.ndim={x.ndim}")
    a, b = (canonical_axis(d, x.ndim) for d in axes)
    if a == b:
        raise ValueError("Axes must be different.")
    k %= 4
    if k == 0:
        return x
    if k == 2:
        return flip(flip(x, a), b)
    perm = list(builtins.range(x.ndim))
    perm[a], perm[b] = perm[b], perm[a]
    return _core.transpose(flip(x, b), perm) if k == 1 else flip(_core.transpose(x, perm), b)


@symbolic
def pad(x, pad_width, mode="constant", constant_values=None):
    """`x` padded by `pad_width` (per axis `(before, after)`, or one pair / int for all).

    Modes: 'constant' (with `constant_values`, default 0), 'reflect', 'symmetric', 'edge',
    'wrap'.
    """
    x = convert(x)
    widths = np.broadcast_to(
        np.asarray(pad_width, dtype=np.int64).reshape(-1, 2)
        if np.ndim(pad_width)
        else np.full((1, 2), int(pad_width)),
        (x.ndim, 2),
    ).tolist()
    if mode != "constant" and constant_values is not None:
        raise ValueError(
            "Argument `constant_values` can only be provided when `mode == "
            f"'constant'`. Received: mode={mode}"
        )
    if mode == "constant":
        return _core.pad(x, widths, "CONSTANT", float(constant_values or 0))
    if mode in ("reflect", "symmetric"):
        return _core.pad(x, widths, mode.upper(), 0.0)
    if mode in ("edge", "wrap"):
        for d, (before, after) in enumerate(widths):
            n = x.shape[d]
            index = np.arange(-before, n + after)
            index = np.clip(index, 0, n - 1) if mode == "edge" else index % builtins.max(n, 1)
            x = _core.gather(x, _core.convert_to_tensor(index.astype(np.int32)), d)
        return x
    raise ValueError(
        f"pad: unsupported mode {mode!r}: expected 'constant', 'reflect', "
        "'symmetric', 'edge' or 'wrap'"
    )


def _triangle_mask(rows, cols, k, lower):
    r = np.arange(rows)[:, None]
    c = np.arange(cols)[None, :]
    return _core.convert_to_tensor((c - r <= k) if lower else (c - r >= k))


@symbolic
def tril(x, k=0):
    """`x` with the elements above the `k`-th diagonal zeroed (last two axes)."""
    x = convert(x)
    mask = _triangle_mask(x.shape[-2], x.shape[-1], int(k), True)
    return _core.where(mask, x, _core.zeros_like(x))


@symbolic
def triu(x, k=0):
    """`x` with the elements below the `k`-th diagonal zeroed (last two axes)."""
    x = convert(x)
    mask = _triangle_mask(x.shape[-2], x.shape[-1], int(k), False)
    return _core.where(mask, x, _core.zeros_like(x))


@symbolic
def diagonal(x, offset=0, axis1=0, axis2=1):
    """The `offset`-th diagonal of the planes of `axis1` and `axis2`, as a last axis."""
    x = convert(x)
    a, b = canonical_axis(axis1, x.ndim), canonical_axis(axis2, x.ndim)
    rest = [d for d in builtins.range(x.ndim) if d not in (a, b)]
    planes = _core.transpose(x, rest + [a, b])
    rows, cols = x.shape[a], x.shape[b]
    start_r, start_c = (0, offset) if offset >= 0 else (-offset, 0)
    length = builtins.max(0, builtins.min(rows - start_r, cols - start_c))
    flat = _core.reshape(planes, [x.shape[d] for d in rest] + [rows * cols])
    index = (np.arange(length) + start_r) * cols + np.arange(length) + start_c
    return _core.gather(flat, _core.convert_to_tensor(index.astype(np.int32)), len(rest))


@symbolic
def trace(x, offset=0, axis1=0, axis2=1):
    """Sum along the `offset`-th diagonal of the planes of `axis1` and `axis2`."""
    x = convert(x)
    d = diagonal(x, offset, axis1, axis2)
    out = _core.reduce_sum(d, [-1], False)
    return (
        out
        if x.dtype.is_floating
        else _core.cast(out, "int32" if x.dtype.name == "bool" else x.dtype.name)
    )


@symbolic
def diag(x, k=0):
    """The `k`-th diagonal of a 2-D `x`, or a 2-D tensor with the 1-D `x` on it."""
    x = convert(x)
    if x.ndim == 2:
        return diagonal(x, k, 0, 1)
    if x.ndim != 1:
        raise ValueError(f"`x` must be 1d or 2d. Received: x.shape={tuple(x.shape)}")
    n = x.shape[0] + builtins.abs(int(k))
    rows = np.arange(x.shape[0]) + builtins.max(-k, 0)
    cols = np.arange(x.shape[0]) + builtins.max(k, 0)
    index = _core.convert_to_tensor(np.stack([rows, cols], -1).astype(np.int32))
    return _core.scatter_nd(index, x, [n, n])


@symbolic
def diagflat(x, k=0):
    """A 2-D tensor with the flattened `x` on its `k`-th diagonal."""
    return diag(_core.reshape(convert(x), [-1]), k)


@symbolic
def diff(a, n=1, axis=-1):
    """The `n`-th discrete difference `a[i+1] - a[i]` along `axis`."""
    x = convert(a)
    axis = canonical_axis(axis, x.ndim)
    for _ in builtins.range(int(n)):
        lead = [builtins.slice(None)] * axis
        x = x[tuple(lead + [builtins.slice(1, None)])] - x[tuple(lead + [builtins.slice(None, -1)])]
    return x


@symbolic
def where(condition, x1=None, x2=None):
    """`x1` where `condition` holds, else `x2`; with neither, the indices of the true
    elements (one int32 tensor per axis)."""
    if x1 is None and x2 is None:
        from nnext.keras.ops.numpy_sort import nonzero

        return nonzero(condition)
    if x1 is None or x2 is None:
        raise ValueError(
            "`x1` and `x2` either both should be `None` or both should have non-None value."
        )
    condition = convert(condition)
    a, b = operands(x1, x2)
    return _core.where(condition, a, b)


@symbolic
def select(condlist, choicelist, default=0):
    """Elements of the first `choicelist[i]` whose `condlist[i]` holds, else `default`."""
    if len(condlist) != len(choicelist):
        raise ValueError("condlist and choicelist must have the same length.")
    choices = operands(*choicelist, default)
    out = choices[-1]
    for cond, choice in builtins.reversed(list(zip(condlist, choices[:-1]))):
        out = _core.where(_core.cast(convert(cond), "bool"), choice, out)
    return out


@symbolic
def meshgrid(*x, indexing="xy"):
    """Coordinate grids from 1-D tensors ('xy': Cartesian, 'ij': matrix indexing)."""
    return array_ops.meshgrid(*(convert(v) for v in x), indexing=indexing)


@symbolic
def get_item(x, key):
    """`x[key]`, NumPy basic and integer-array indexing."""
    return convert(x)[key]


@symbolic
def copy(x):
    """A copy of `x` with its own memory."""
    x = convert(x)
    # Adding a 0-d zero writes a fresh buffer (and passes the gradient through).
    return _core.add(x, _core.zeros([], x.dtype.name))


def ndim(x):
    """The number of axes of `x`, a Python int."""
    return len(getattr(x, "shape", np.shape(x)))


def size(x):
    """The number of elements of `x`, a Python int."""
    return int(np.prod(getattr(x, "shape", np.shape(x)), dtype=np.int64))


@symbolic
def unravel_index(indices, shape):
    """The coordinates (a tuple of int tensors) of flat `indices` in an array of `shape`."""
    idx = convert(indices)
    coords = []
    for dim in builtins.reversed(shape_tuple(shape)):
        coords.append(_core.mod(idx, dim))
        idx = _core.floordiv(idx, dim)
    return tuple(builtins.reversed(coords))
