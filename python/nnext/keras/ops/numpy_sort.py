"""Sorting, selecting and counting in `keras.ops`: sort/argsort, take/take_along_axis,
top_k, searchsorted, unique, bincount, histogram, digitize, nonzero, isin.

Indices come from C++ (`argsort`, `top_k_indices`, stable, NaN last); values are gathers of
them, so `sort`, `top_k` and `take_along_axis` are differentiable (the gradient scatters
back to the positions read). Index results are int32, as Keras.
"""

import builtins

from nnext import _core
from nnext.keras.keras_tensor import symbolic
from nnext.keras.ops._base import canonical_axis, convert, operands

__all__ = [
    "argpartition",
    "argsort",
    "bincount",
    "digitize",
    "histogram",
    "in_top_k",
    "isin",
    "nonzero",
    "searchsorted",
    "sort",
    "take",
    "take_along_axis",
    "top_k",
    "unique",
]


@symbolic
def argsort(x, axis=-1):
    """The int32 indices that sort `x` along `axis` (stable; NaN last; None: flattened).

    Example:
        >>> keras.ops.argsort([3, 1, 2])
        [1, 2, 0]
    """
    x = convert(x)
    if axis is None:
        x, axis = _core.reshape(x, [-1]), 0
    if x.ndim == 0:
        return _core.zeros([], "int32")
    return _core.argsort(x, canonical_axis(axis, x.ndim))


@symbolic
def sort(x, axis=-1):
    """`x` sorted ascending along `axis` (None: flattened), NaN last; differentiable."""
    x = convert(x)
    if axis is None:
        x, axis = _core.reshape(x, [-1]), 0
    if x.ndim == 0:
        return x
    axis = canonical_axis(axis, x.ndim)
    return take_along_axis(x, _core.argsort(x, axis), axis=axis)


@symbolic
def argpartition(x, kth, axis=-1):
    """Indices that put the `kth` element where a full sort would (smaller ones before it,
    larger after). The order within each side is that of a stable sort."""
    x = convert(x)
    axis = canonical_axis(axis, x.ndim)
    n = x.shape[axis]
    if not -n <= int(kth) < n:
        raise ValueError(f"kth(={kth}) out of bounds ({n})")
    return _core.argsort(x, axis)


def _wrap_negative(indices, size):
    return _core.where(_core.less(indices, 0), indices + size, indices)


@symbolic
def take(x, indices, axis=None):
    """Elements of `x` at `indices` along `axis` (None: of the flattened `x`); negative
    indices count from the end.

    Example:
        >>> keras.ops.take([[1, 2], [3, 4]], [1, 0], axis=1)
        [[2, 1], [4, 3]]
    """
    x = convert(x)
    indices = convert(indices)
    if indices.dtype.is_floating:
        indices = _core.cast(indices, "int32")
    if axis is None:
        x, axis = _core.reshape(x, [-1]), 0
    axis = canonical_axis(axis, x.ndim)
    return _core.gather(x, _wrap_negative(indices, x.shape[axis]), axis)


@symbolic
def take_along_axis(x, indices, axis=None):
    """`x[..., indices[..., i, ...], ...]` along `axis`, as `numpy.take_along_axis`; the other
    axes of `x` and `indices` broadcast. None: along the flattened `x`."""
    x = convert(x)
    indices = convert(indices)
    if axis is None:
        x, axis = _core.reshape(x, [-1]), 0
        indices = _core.reshape(indices, [-1])
    if indices.ndim != x.ndim:
        raise ValueError(
            "`x` and `indices` must have the same number of dimensions, but receive shape "
            f"{tuple(x.shape)} and {tuple(indices.shape)}."
        )
    axis = canonical_axis(axis, x.ndim)
    indices = _wrap_negative(indices, x.shape[axis])
    # Broadcast the other axes, move `axis` last, and gather with every other axis a batch
    # axis: out[b..., j] = x[b..., indices[b..., j]].
    batch = []
    for d in range(x.ndim):
        if d != axis:
            a, b = x.shape[d], indices.shape[d]
            if a != b and 1 not in (a, b):
                raise ValueError(
                    f"take_along_axis: cannot broadcast shapes {tuple(x.shape)} "
                    f"and {tuple(indices.shape)} outside axis {axis}"
                )
            batch.append(b if a == 1 else a)
    x_shape = batch[:axis] + [x.shape[axis]] + batch[axis:]
    i_shape = batch[:axis] + [indices.shape[axis]] + batch[axis:]
    x = _core.broadcast_to(x, x_shape) if tuple(x.shape) != tuple(x_shape) else x
    indices = (
        _core.broadcast_to(indices, i_shape) if tuple(indices.shape) != tuple(i_shape) else indices
    )
    perm = [d for d in range(x.ndim) if d != axis] + [axis]
    back = sorted(range(x.ndim), key=perm.__getitem__)
    out = _core.gather(
        _core.transpose(x, perm), _core.transpose(indices, perm), x.ndim - 1, x.ndim - 1
    )
    return _core.transpose(out, back)


@symbolic
def top_k(x, k, sorted=True):
    """The `k` largest entries along the last axis and their int32 indices.

    Ties prefer the lower index. With `sorted=False` the entries come in index order.

    Returns:
        A tuple `(values, indices)`.

    Example:
        >>> values, indices = keras.ops.top_k([5, 1, 7], k=2)
        >>> values, indices
        ([7, 5], [2, 0])
    """
    x = convert(x)
    indices = _core.top_k_indices(x, int(k), bool(sorted))
    return take_along_axis(x, indices, axis=-1), indices


@symbolic
def in_top_k(targets, predictions, k):
    """True where the prediction for the target class is among the `k` largest (a tie
    with the k-th value counts as in, as TensorFlow)."""
    predictions = convert(predictions)
    targets = _core.cast(convert(targets), "int32")
    target_score = _core.gather(predictions, _core.expand_dims(targets, -1), 1, 1)
    higher = _core.cast(_core.greater(predictions, target_score), "int32")
    rank = _core.reduce_sum(higher, [-1], False)
    return _core.less(rank, int(k))


@symbolic
def searchsorted(sorted_sequence, values, side="left"):
    """Indices (int32) where `values` would be inserted to keep the 1-D `sorted_sequence`
    sorted: before equal entries with side='left', after them with 'right'."""
    if side not in ("left", "right"):
        raise ValueError(f"`side` must be either 'left' or 'right'. Received: side={side}")
    seq, values = operands(sorted_sequence, values)
    if seq.ndim != 1:
        raise ValueError(
            "`searchsorted` only supports 1-D sorted sequences. You can use `keras.ops.vectorized_map` "
            f"to extend it to N-D sequences. Received: sorted_sequence.shape={tuple(seq.shape)}"
        )
    compare = _core.less if side == "left" else _core.less_equal
    below = compare(seq, _core.expand_dims(values, -1))
    return _core.cast(_core.reduce_sum(_core.cast(below, "int32"), [-1], False), "int32")


@symbolic
def digitize(x, bins):
    """The index (int32) of the bin each `x` falls in: `i` with `bins[i-1] <= x < bins[i]`
    for increasing `bins` (`bins[i-1] > x >= bins[i]` for decreasing)."""
    x, bins = operands(x, bins)
    flat = _core.reshape(bins, [-1])
    if flat.shape[0] >= 2 and bool(_core.less(flat[-1], flat[0])):
        above = _core.less_equal(flat, _core.expand_dims(x, -1))
        count = _core.reduce_sum(_core.cast(above, "int32"), [-1], False)
        return _core.cast(flat.shape[0] - count, "int32")
    return searchsorted(flat, x, side="right")


@symbolic
def bincount(x, weights=None, minlength=0, sparse=False):
    """Counts (or sums of `weights`) of each non-negative integer in `x`; a 2-D `x` counts
    per row. The length is `max(max(x) + 1, minlength)`."""
    if sparse:
        raise ValueError("nnext has no sparse tensors: `sparse=True` is not supported.")
    x = convert(x)
    if x.dtype.is_floating:
        raise ValueError(f"Input to `bincount` must be an integer tensor. Received: {x.dtype}")
    if x.ndim not in (1, 2):
        raise ValueError(f"Input for `bincount` should have rank 1 or 2. Received: {x.ndim}")
    if x.shape[-1] and bool(_core.reduce_any(_core.less(x, 0))):
        raise ValueError("Input for `bincount` must be non-negative.")
    top = int(_core.reduce_max(x)) + 1 if x.numpy().size else 0
    length = max(top, int(minlength))
    if weights is None:
        w = _core.ones(x.shape, "int32")
    else:
        w = convert(weights)
        if w.dtype.name == "bool":
            w = _core.cast(w, "int32")
    hot = _core.one_hot(_core.cast(x, "int64"), length, 1.0, 0.0, -1, w.dtype)
    return _core.reduce_sum(hot * _core.expand_dims(w, -1), [x.ndim - 1], False)


@symbolic
def histogram(x, bins=10, range=None):
    """Counts of `x` in `bins` equal bins over `range` (default: x's min to max).

    Returns:
        A tuple `(counts, bin_edges)`: int32 counts and `bins + 1` float edges.
    """
    x = convert(x)
    if x.ndim != 1:
        raise ValueError(f"Input tensor must be 1-dimensional. Received: input.shape={x.shape}")
    xf = _core.cast(x, "float64") if not x.dtype.is_floating else x
    if range is None:
        lo, hi = (
            (float(_core.reduce_min(xf)), float(_core.reduce_max(xf))) if x.shape[0] else (0.0, 1.0)
        )
    else:
        lo, hi = float(range[0]), float(range[1])
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    edges = _core._linspace(lo, hi, int(bins) + 1, xf.dtype.name)
    inside = _core.logical_and(_core.greater_equal(xf, lo), _core.less_equal(xf, hi))
    slot = _core.floor((xf - lo) / (hi - lo) * bins)
    slot = _core.cast(_core.minimum(_core.maximum(slot, 0.0), float(bins - 1)), "int64")
    hot = _core.one_hot(slot, int(bins), 1.0, 0.0, -1, "int32")
    counts = _core.reduce_sum(hot * _core.expand_dims(_core.cast(inside, "int32"), -1), [0])
    return _core.cast(counts, "int32"), edges


@symbolic
def nonzero(x):
    """The indices of the non-zero elements: one int32 tensor per axis."""
    x = convert(x)
    coords = _core.cast(_core.nonzero(x), "int32")
    return tuple(coords[:, d] for d in builtins.range(x.ndim))


@symbolic
def isin(x1, x2, assume_unique=False, invert=False):
    """True where an element of `x1` occurs in `x2` (False with `invert`)."""
    a, b = operands(x1, x2)
    hit = _core.reduce_any(_core.equal(_core.expand_dims(a, -1), _core.reshape(b, [-1])), [-1])
    return _core.logical_not(hit) if invert else hit


@symbolic
def unique(
    x,
    sorted=True,
    return_index=False,
    return_inverse=False,
    return_counts=False,
    axis=None,
    size=None,
    fill_value=None,
):
    """The sorted unique elements of `x` (flattened), with optionally the first index of
    each, the inverse map and the counts, as `numpy.unique`. With `size` the result is padded
    (with `fill_value`, default the smallest unique value) or cut to that length."""
    if axis is not None:
        raise ValueError("nnext's `unique` supports `axis=None` only.")
    x = _core.reshape(convert(x), [-1])
    n = x.shape[0]
    order = _core.argsort(x, 0)
    ordered = _core.gather(x, order)
    if n:
        changed = _core.not_equal(ordered[1:], ordered[:-1])
        first = _core.concat([_core.ones([1], "bool"), changed], 0)
    else:
        first = _core.zeros([0], "bool")
    values = _core.boolean_mask(ordered, first)
    results = [values]
    starts = _core.cast(_core.nonzero(first), "int32")[:, 0] if n else _core.zeros([0], "int32")
    if return_index:
        results.append(_core.gather(order, starts))
    if return_inverse:
        group = _core.cast(_core.cumsum(_core.cast(first, "int32"), 0), "int32") - 1
        inverse = _core.scatter_nd(_core.expand_dims(order, -1), group, [n])
        results.append(_core.cast(inverse, "int32"))
    if return_counts:
        ends = _core.concat([starts[1:], _core.convert_to_tensor([n], "int32")], 0)
        results.append(ends - starts)
    if size is not None:
        results = [
            _fit(r, int(size), fill_value if i == 0 else None) for i, r in enumerate(results)
        ]
    return results[0] if len(results) == 1 else tuple(results)


def _fit(t, size, fill_value):
    n = t.shape[0]
    if n >= size:
        return t[:size]
    if fill_value is None:
        fill_value = float(t[0]) if n and t.dtype.is_floating else int(t[0]) if n else 0
    pad = _core.ones([size - n], t.dtype.name) * fill_value
    return _core.concat([t, _core.cast(pad, t.dtype)], 0)
