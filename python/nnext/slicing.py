"""TensorFlow's slicing and rearranging functions: ``slice``, ``strided_slice`` (every
mask), ``reverse``, ``roll``, ``repeat``, ``sequence_mask``, the ``tensor_scatter_nd_*``
family and the norm clipping functions.

Slices are views made by ``Tensor.__getitem__`` (so they are free and differentiable);
the rest are compositions of C++ ops.
"""

import builtins

import numpy as np

from nnext import _core

__all__ = [
    "clip_by_global_norm",
    "clip_by_norm",
    "global_norm",
    "newaxis",
    "repeat",
    "reverse",
    "roll",
    "sequence_mask",
    "slice",
    "strided_slice",
    "tensor_scatter_nd_add",
    "tensor_scatter_nd_max",
    "tensor_scatter_nd_min",
    "tensor_scatter_nd_sub",
    "tensor_scatter_nd_update",
]

newaxis = None
_slice_object = builtins.slice  # this module's `slice` is TensorFlow's


def _t(x):
    return x if isinstance(x, _core.Tensor) else _core.convert_to_tensor(x)


def _ints(values, what):
    arr = np.asarray(values.numpy() if isinstance(values, _core.Tensor) else values)
    if arr.ndim > 1 or (arr.size and arr.dtype.kind not in "iu"):
        raise TypeError(f"{what} must be a vector of integers, got {values!r:.60}")
    return [int(v) for v in arr.reshape(-1)]


def slice(input_, begin, size, name=None):
    """The block of ``input_`` starting at ``begin`` with extent ``size`` (-1: the rest).

    Raises:
        ValueError: if the block leaves the tensor.

    >>> nnext.slice([[1, 2, 3], [4, 5, 6]], [1, 0], [1, 2]).numpy()
    array([[4, 5]], dtype=int32)
    """
    x = _t(input_)
    begin, size = _ints(begin, "begin"), _ints(size, "size")
    if len(begin) != x.ndim or len(size) != x.ndim:
        raise ValueError(
            f"Expected begin and size arguments to be 1-D tensors of size {x.ndim}, but got "
            f"shapes ({len(begin)},) and ({len(size)},) instead."
        )
    items = []
    for d, (b, s) in enumerate(zip(begin, size)):
        dim = x.shape[d]
        if not 0 <= b <= dim:
            raise ValueError(f"Expected begin[{d}] in [0, {dim}], but got {b}")
        if s == -1:
            s = dim - b
        if not 0 <= s <= dim - b:
            raise ValueError(f"Expected size[{d}] in [0, {dim - b}], but got {s}")
        items.append(_slice_object(b, b + s, 1))
    return x[tuple(items)]


def strided_slice(
    input_,
    begin,
    end,
    strides=None,
    begin_mask=0,
    end_mask=0,
    ellipsis_mask=0,
    new_axis_mask=0,
    shrink_axis_mask=0,
    var=None,
    name=None,
):
    """Python's ``x[b0:e0:s0, b1:e1:s1, ...]`` written as TensorFlow's masks.

    Bit ``i`` of ``begin_mask``/``end_mask`` ignores ``begin[i]``/``end[i]`` (a full range),
    of ``ellipsis_mask`` makes position ``i`` an ``...``, of ``new_axis_mask`` a new axis
    (``None``), of ``shrink_axis_mask`` the single index ``begin[i]`` (the axis is dropped).

    >>> nnext.strided_slice([[1, 2, 3], [4, 5, 6]], [0, 2], [2, 0], [1, -1]).numpy()
    array([[3, 2], [6, 5]], dtype=int32)
    """
    x = _t(input_)
    begin, end = _ints(begin, "begin"), _ints(end, "end")
    strides = [1] * len(begin) if strides is None else _ints(strides, "strides")
    if not len(begin) == len(end) == len(strides):
        raise ValueError(
            "strided_slice: begin, end and strides must have the same length, "
            f"got {len(begin)}, {len(end)} and {len(strides)}"
        )
    if int(ellipsis_mask).bit_count() > 1:
        raise ValueError("Multiple ellipses in slice spec not allowed")
    items = []
    for i, (b, e, s) in enumerate(zip(begin, end, strides)):
        bit = 1 << i
        if s == 0:
            raise ValueError(f"strides[{i}] must be non-zero")
        if ellipsis_mask & bit:
            items.append(Ellipsis)
        elif new_axis_mask & bit:
            items.append(None)
        elif shrink_axis_mask & bit:
            items.append(b)
        else:
            items.append(
                _slice_object(None if begin_mask & bit else b, None if end_mask & bit else e, s)
            )
    return x[tuple(items)]


def reverse(tensor, axis, name=None):
    """``tensor`` with the order of elements along each of ``axis`` reversed (a view)."""
    x = _t(tensor)
    axes = {a % x.ndim for a in _ints(axis, "axis")}
    return x[
        tuple(
            _slice_object(None, None, -1) if d in axes else _slice_object(None)
            for d in range(x.ndim)
        )
    ]


def roll(input, shift, axis, name=None):
    """Elements shifted by ``shift`` places along ``axis`` (both may be lists), wrapping
    around.

    >>> nnext.roll([0, 1, 2, 3, 4], shift=2, axis=0).numpy()
    array([3, 4, 0, 1, 2], dtype=int32)
    """
    x = _t(input)
    shifts, axes = _ints(shift, "shift"), _ints(axis, "axis")
    if len(shifts) != len(axes):
        raise ValueError(
            f"roll: shift and axis must have the same length, got {len(shifts)} and {len(axes)}"
        )
    total = {}
    for s, a in zip(shifts, axes):
        a %= x.ndim
        total[a] = total.get(a, 0) + s
    for a, s in total.items():
        n = x.shape[a]
        if n == 0 or s % n == 0:
            continue
        s %= n
        head = [_slice_object(None)] * a + [_slice_object(n - s, None)]
        tail = [_slice_object(None)] * a + [_slice_object(0, n - s)]
        x = _core.concat([x[tuple(head)], x[tuple(tail)]], a)
    return x


def repeat(input, repeats, axis=None, name=None):
    """Each element (``axis`` None: of the flattened input) repeated ``repeats`` times
    along ``axis``; ``repeats`` is an int or one count per element.

    >>> nnext.repeat([1, 2, 3], [1, 0, 2], axis=0).numpy()
    array([1, 3, 3], dtype=int32)
    """
    x = _t(input)
    if axis is None:
        x, axis = _core.reshape(x, [-1]), 0
    axis = int(axis) % max(x.ndim, 1)
    counts = _ints(repeats, "repeats")
    n = x.shape[axis]
    if len(counts) == 1:
        counts = counts * n
    if len(counts) != n:
        raise ValueError(f"repeat: repeats has {len(counts)} entries for an axis of size {n}")
    if min(counts, default=0) < 0:
        raise ValueError("repeat: repeats must be non-negative")
    index = np.repeat(np.arange(n, dtype=np.int64), counts)
    return _core.gather(x, _core.convert_to_tensor(index), axis)


def sequence_mask(lengths, maxlen=None, dtype="bool", name=None):
    """``mask[..., j] = j < lengths[...]``, with ``maxlen`` columns (default max(lengths)).

    >>> nnext.sequence_mask([1, 3], 4).numpy()
    array([[ True, False, False, False], [ True,  True,  True, False]])
    """
    lengths = _t(lengths)
    if maxlen is None:
        maxlen = int(_core.reduce_max(lengths)) if lengths.size else 0
    columns = _core._range(0, int(maxlen), 1, lengths.dtype)
    mask = _core.less(columns, _core.expand_dims(lengths, -1))
    return mask if str(dtype) in ("bool", "nnext.bool") else _core.cast(mask, dtype)


# -- tensor_scatter_nd_* -------------------------------------------------------------------


def _scatter(tensor, indices, updates):
    tensor, indices = _t(tensor), _t(indices)
    updates = _core.cast(_t(updates), tensor.dtype)
    if indices.ndim < 1 or indices.shape[-1] > tensor.ndim:
        raise ValueError(
            f"tensor_scatter_nd: indices of shape {tuple(indices.shape)} do not "
            f"index a tensor of shape {tuple(tensor.shape)}"
        )
    expected = tuple(indices.shape[:-1]) + tuple(tensor.shape[indices.shape[-1] :])
    if tuple(updates.shape) != expected:
        raise ValueError(
            f"tensor_scatter_nd: updates must have shape {expected} for indices "
            f"{tuple(indices.shape)} and a tensor of shape {tuple(tensor.shape)}, "
            f"got {tuple(updates.shape)}"
        )
    shape = list(tensor.shape)
    hits = _core.scatter_nd(indices, _core.ones(list(updates.shape), "int32"), shape)
    return tensor, indices, updates, shape, hits


def tensor_scatter_nd_update(tensor, indices, updates, name=None):
    """A copy of ``tensor`` with ``updates`` written at ``indices`` (rows or elements).

    >>> nnext.tensor_scatter_nd_update([1, 2, 3], [[0], [2]], [9, 8]).numpy()
    array([9, 2, 8], dtype=int32)
    """
    tensor, indices, updates, shape, hits = _scatter(tensor, indices, updates)
    if int(_core.reduce_max(hits)) > 1 if hits.size else False:
        # A repeated index: the last update wins, as TensorFlow's CPU kernel.
        out = tensor
        flat_idx = _core.reshape(indices, [-1, indices.shape[-1]])
        flat_upd = _core.reshape(updates, [-1] + shape[indices.shape[-1] :])
        for k in range(flat_idx.shape[0]):
            out = tensor_scatter_nd_update(out, flat_idx[k : k + 1], flat_upd[k : k + 1])
        return out
    written = _core.scatter_nd(indices, updates, shape)
    return _core.where(_core.greater(hits, 0), written, tensor)


def tensor_scatter_nd_add(tensor, indices, updates, name=None):
    """``tensor`` plus ``updates`` added at ``indices`` (repeated indices add up)."""
    tensor, indices, updates, shape, _ = _scatter(tensor, indices, updates)
    return _core.add(tensor, _core.scatter_nd(indices, updates, shape))


def tensor_scatter_nd_sub(tensor, indices, updates, name=None):
    """``tensor`` minus ``updates`` at ``indices`` (repeated indices add up)."""
    tensor, indices, updates, shape, _ = _scatter(tensor, indices, updates)
    return _core.subtract(tensor, _core.scatter_nd(indices, updates, shape))


def _scatter_extreme(tensor, indices, updates, pick):
    tensor, indices, updates, shape, hits = _scatter(tensor, indices, updates)
    flat_idx = _core.reshape(indices, [-1, indices.shape[-1]])
    flat_upd = _core.reshape(updates, [-1] + shape[indices.shape[-1] :])
    out = tensor
    if hits.size and int(_core.reduce_max(hits)) <= 1:
        written = _core.scatter_nd(indices, updates, shape)
        return _core.where(_core.greater(hits, 0), pick(tensor, written), tensor)
    for k in range(flat_idx.shape[0]):
        out = _scatter_extreme(out, flat_idx[k : k + 1], flat_upd[k : k + 1], pick)
    return out


def tensor_scatter_nd_max(tensor, indices, updates, name=None):
    """``tensor`` with ``max(tensor, update)`` at each of ``indices``."""
    return _scatter_extreme(tensor, indices, updates, _core.maximum)


def tensor_scatter_nd_min(tensor, indices, updates, name=None):
    """``tensor`` with ``min(tensor, update)`` at each of ``indices``."""
    return _scatter_extreme(tensor, indices, updates, _core.minimum)


# -- norm clipping -------------------------------------------------------------------------


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """``t`` scaled down so that its L2 norm over ``axes`` is at most ``clip_norm``:
    ``t * clip_norm / max(norm(t), clip_norm)``."""
    t = _t(t)
    if not t.dtype.is_floating:
        raise TypeError(f"clip_by_norm: t must be a floating tensor, got {t.dtype.name}")
    sq = _core.reduce_sum(_core.square(t), axes, True)
    # sqrt only where positive: the gradient of sqrt at 0 is infinite.
    positive = _core.greater(sq, 0)
    norm = _core.where(positive, _core.sqrt(_core.where(positive, sq, _core.ones_like(sq))), sq)
    clip = _core.convert_to_tensor(clip_norm, t.dtype)
    return _core.divide(_core.multiply(t, clip), _core.maximum(norm, clip))


def global_norm(t_list, name=None):
    """``sqrt(sum(sum(t**2) for t in t_list))``, None entries ignored."""
    if isinstance(t_list, _core.Tensor) or not isinstance(t_list, (list, tuple)):
        raise TypeError(f"`t_list` should be a sequence of tensors. Received {type(t_list)}.")
    tensors = [_t(t) for t in t_list if t is not None]
    if not tensors:
        return _core.convert_to_tensor(0.0)
    total = _core.reduce_sum(_core.square(tensors[0]), None, False)
    for t in tensors[1:]:
        total = _core.add(
            total, _core.reduce_sum(_core.square(_core.cast(t, total.dtype)), None, False)
        )
    return _core.sqrt(total)


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """The tensors scaled by ``clip_norm / max(global_norm, clip_norm)``, and the global
    norm: ``(list_clipped, global_norm)``. None entries stay None."""
    norm = global_norm(t_list) if use_norm is None else _t(use_norm)
    clip = _core.convert_to_tensor(clip_norm, norm.dtype)
    scale = _core.divide(clip, _core.maximum(norm, clip))
    clipped = [
        None if t is None else _core.multiply(_t(t), _core.cast(scale, _t(t).dtype)) for t in t_list
    ]
    return clipped, norm
