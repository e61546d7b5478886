"""Joining, splitting, padding, gathering and scattering tensors, TensorFlow style.

Thin wrappers over ``nnext._core``: they take TensorFlow's argument names and defaults
and normalise arguments; every element is touched in C++. ``meshgrid`` and ``tensordot``
are compositions of reshape/broadcast_to and transpose/reshape/matmul, so their gradients
come from those ops.
"""

import numpy as np

from nnext import _core, creation, string_array_ops
from nnext.errors import InvalidArgumentError

__all__ = [
    "boolean_mask",
    "concat",
    "gather",
    "gather_nd",
    "meshgrid",
    "one_hot",
    "pad",
    "rank",
    "scatter_nd",
    "shape",
    "shuffle",
    "size",
    "split",
    "stack",
    "tensordot",
    "tile",
    "unstack",
]


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """One-hot encoding: ``on_value`` where ``indices == k`` along a new axis of size depth.

    Indices outside ``[0, depth)`` give a row of ``off_value``. The dtype is ``dtype`` if
    given, else that of ``on_value``/``off_value`` (Python ints: int32), else float32.

    Args:
        indices: int32/int64 tensor of any shape.
        depth: size of the new axis.
        on_value, off_value: the values written (default 1 and 0).
        axis: where the new axis goes (default -1, the last).
        dtype: result dtype.

    Returns:
        A tensor of shape ``indices.shape`` with ``depth`` inserted at ``axis``.

    Example:
        >>> nnext.one_hot([2, 0], depth=3).numpy()
        array([[0., 0., 1.], [1., 0., 0.]], dtype=float32)
    """
    if dtype is None:
        given = [v for v in (on_value, off_value) if v is not None]
        dtype = _core.convert_to_tensor(given[0]).dtype if given else "float32"
    return _core.one_hot(
        indices,
        int(depth),
        1.0 if on_value is None else float(on_value),
        0.0 if off_value is None else float(off_value),
        -1 if axis is None else int(axis),
        dtype,
    )


def meshgrid(*args, **kwargs):
    """Coordinate grids from 1-D tensors, as ``numpy.meshgrid``.

    With ``indexing='xy'`` (the default) the first two outputs axes are swapped, so
    inputs of lengths (nx, ny) give grids of shape (ny, nx); ``'ij'`` gives (nx, ny).
    The grids are broadcast views of the inputs (no copy).

    Example:
        >>> x, y = nnext.meshgrid([1, 2, 3], [4, 5])
        >>> x.shape
        (2, 3)
    """
    indexing = kwargs.pop("indexing", "xy")
    kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"meshgrid: unexpected keyword arguments {sorted(kwargs)}")
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: indexing must be 'xy' or 'ij', got {indexing!r}")
    xs = [_core.reshape(x, [-1]) for x in args]
    out_shape = [x.shape[0] for x in xs]
    if indexing == "xy" and len(xs) >= 2:
        out_shape[0], out_shape[1] = out_shape[1], out_shape[0]
    grids = []
    for i, x in enumerate(xs):
        axis = {0: 1, 1: 0}.get(i, i) if indexing == "xy" and len(xs) >= 2 else i
        view_shape = [1] * len(xs)
        view_shape[axis] = x.shape[0]
        grids.append(_core.broadcast_to(_core.reshape(x, view_shape), out_shape))
    return grids


def tile(input, multiples, name=None):
    """Repeats ``input`` ``multiples[d]`` times along each axis d.

    Example:
        >>> nnext.tile([[1, 2]], [2, 1]).numpy()
        array([[1, 2], [1, 2]], dtype=int32)
    """
    return _core.tile(input, multiples)


def concat(values, axis, name=None):
    """Joins a list of tensors along an existing axis (other dims must agree).

    Example:
        >>> nnext.concat([nnext.ones([4, 35, 8]), nnext.ones([6, 35, 8])], axis=0).shape
        (10, 35, 8)
    """
    values = list(values)
    try:
        return _core.concat(values, int(axis))
    except InvalidArgumentError:
        if not string_array_ops.any_strings(values):
            raise
        return string_array_ops.concat(values, int(axis))


def stack(values, axis=0, name=None):
    """Joins a list of equally shaped tensors along a new axis.

    Example:
        >>> nnext.stack([nnext.ones([35, 8]), nnext.ones([35, 8])], axis=0).shape
        (2, 35, 8)
    """
    values = list(values)
    try:
        return _core.stack(values, int(axis))
    except InvalidArgumentError:
        if not string_array_ops.any_strings(values):
            raise
        return string_array_ops.stack(values, int(axis))


def split(value, num_or_size_splits, axis=0, num=None, name=None):
    """Splits ``value`` along ``axis`` into views.

    Args:
        num_or_size_splits: an int (that many equal parts) or a list of sizes, one of
            which may be -1 (the remainder).
        num: the number of parts, checked against the sizes when given.

    Returns:
        A list of tensors viewing ``value``'s memory.

    Example:
        >>> [t.shape for t in nnext.split(nnext.ones([10, 3]), [2, -1])]
        [(2, 3), (8, 3)]
    """
    return _core.split(value, num_or_size_splits, int(axis), num)


def unstack(value, num=None, axis=0, name=None):
    """The slices of ``value`` along ``axis``, that axis removed (views, no copy).

    Example:
        >>> len(nnext.unstack(nnext.ones([3, 2]), axis=1))
        2
    """
    return _core.unstack(value, num, int(axis))


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None):
    """Pads each axis by ``paddings[d] = [before, after]`` elements.

    Modes: 'CONSTANT' fills with ``constant_values``; 'REFLECT' mirrors without repeating
    the edge (pads at most dim - 1); 'SYMMETRIC' mirrors repeating it (at most dim).

    Example:
        >>> nnext.pad([1, 2, 3], [[1, 2]], mode="REFLECT").numpy()
        array([2, 1, 2, 3, 2, 1], dtype=int32)
    """
    return _core.pad(tensor, paddings, str(mode), float(constant_values))


def gather(params, indices, axis=None, batch_dims=0, name=None):
    """Slices of ``params`` along ``axis`` picked by ``indices`` of any shape.

    The result has shape ``params.shape[:axis] + indices.shape[batch_dims:] +
    params.shape[axis+1:]``. The first ``batch_dims`` axes (negative: counted from the end of
    ``indices``' rank) are shared by ``params`` and ``indices`` and must match: each batch
    element gathers with its own indices. ``axis`` defaults to ``batch_dims`` and must not be
    less than it. Indices must lie in ``[0, params.shape[axis])``; others raise IndexError.

    Example:
        >>> nnext.gather([[1, 2], [3, 4], [5, 6]], [2, 0]).numpy()
        array([[5, 6], [1, 2]], dtype=int32)
        >>> nnext.gather([[1, 2], [3, 4], [5, 6]], [[1], [0], [1]], batch_dims=1).numpy()
        array([[2], [3], [6]], dtype=int32)
    """
    try:
        return _core.gather(params, indices, axis, int(batch_dims))
    except InvalidArgumentError:
        if not string_array_ops.any_strings([params]):
            raise
        return string_array_ops.gather(params, indices, axis, int(batch_dims))


def gather_nd(params, indices, batch_dims=0, name=None):
    """Elements or slices of ``params`` at the coordinates in ``indices``' last axis.

    With ``batch_dims`` (non-negative), the first ``batch_dims`` axes of ``params`` and
    ``indices`` are shared batch axes and the coordinates address each batch element's slice.

    Example:
        >>> nnext.gather_nd([[1, 2], [3, 4]], [[1, 0], [0, 1]]).numpy()
        array([3, 2], dtype=int32)
        >>> nnext.gather_nd([[1, 2], [3, 4]], [[1], [0]], batch_dims=1).numpy()
        array([2, 3], dtype=int32)
    """
    return _core.gather_nd(params, indices, int(batch_dims))


def boolean_mask(tensor, mask, axis=None, name=None):
    """The slices of ``tensor`` where ``mask`` is True.

    ``mask.shape`` must equal ``tensor.shape[axis:axis + mask.ndim]``; those axes become
    one axis holding the selected slices.

    Example:
        >>> nnext.boolean_mask([1, 2, 3], [True, False, True]).numpy()
        array([1, 3], dtype=int32)
    """
    return _core.boolean_mask(tensor, mask, axis)


def scatter_nd(indices, updates, shape, name=None):
    """A zero tensor of ``shape`` with ``updates`` added at ``indices``.

    Repeated indices add up, as in TensorFlow.

    Example:
        >>> nnext.scatter_nd([[4], [3]], [4.4, 3.3], [6]).numpy()
        array([0. , 0. , 0. , 3.3, 4.4, 0. ], dtype=float32)
    """
    return _core.scatter_nd(indices, updates, shape)


def shape(input, out_type="int32", name=None):
    """The shape of ``input`` as a 1-D integer tensor."""
    return _core.convert_to_tensor(np.asarray(_as_tensor(input).shape, dtype=np.int64), out_type)


def size(input, out_type="int32", name=None):
    """The number of elements of ``input`` as a 0-d integer tensor."""
    dims = _as_tensor(input).shape
    return _core.convert_to_tensor(np.asarray(np.prod(dims, dtype=np.int64)), out_type)


def rank(input, name=None):
    """The number of axes of ``input`` as a 0-d int32 tensor."""
    return _core.convert_to_tensor(np.asarray(_as_tensor(input).ndim, dtype=np.int32))


def tensordot(a, b, axes, name=None):
    """Sums products of ``a`` and ``b`` over the given axes.

    Args:
        axes: an int N (the last N axes of ``a`` with the first N of ``b``) or a pair
            ``[a_axes, b_axes]`` of equally long axis lists (or of single ints).

    Returns:
        A tensor of shape ``a``'s free axes + ``b``'s free axes.

    Example:
        >>> nnext.tensordot(nnext.ones([2, 3, 4]), nnext.ones([4, 5]), axes=1).shape
        (2, 3, 5)
    """
    a, b = _as_tensor(a), _as_tensor(b)
    a_axes, b_axes = _tensordot_axes(axes, a.ndim, b.ndim)
    for i, j in zip(a_axes, b_axes):
        if a.shape[i] != b.shape[j]:
            raise ValueError(
                f"tensordot: axis {i} of a (shape {a.shape}) and axis {j} of b "
                f"(shape {b.shape}) differ in size"
            )
    a_free = [d for d in range(a.ndim) if d not in a_axes]
    b_free = [d for d in range(b.ndim) if d not in b_axes]
    contracted = int(np.prod([a.shape[d] for d in a_axes], dtype=np.int64))
    a2 = _core.reshape(_core.transpose(a, a_free + a_axes), [-1, contracted])
    b2 = _core.reshape(_core.transpose(b, b_axes + b_free), [contracted, -1])
    out_shape = [a.shape[d] for d in a_free] + [b.shape[d] for d in b_free]
    return _core.reshape(_core.matmul(a2, b2), out_shape)


def shuffle(value, seed=None, name=None):
    """A copy of ``value`` with its first axis randomly permuted.

    Reproducible under ``nnext.random.set_seed`` and an op-level ``seed``.
    """
    value = _as_tensor(value)
    if value.ndim == 0:
        raise ValueError("shuffle: value must have rank >= 1, got a scalar")
    return _core.gather(value, _core.random_permutation(value.shape[0], seed))


def _as_tensor(x):
    return x if isinstance(x, _core.Tensor) else creation.convert_to_tensor(x)


def _tensordot_axes(axes, a_ndim, b_ndim):
    """TensorFlow's ``axes`` argument as two lists of non-negative axes."""
    if isinstance(axes, (int, np.integer)):
        n = int(axes)
        if not 0 <= n <= min(a_ndim, b_ndim):
            raise ValueError(
                f"tensordot: axes={n} must be in [0, {min(a_ndim, b_ndim)}] for ranks "
                f"{a_ndim} and {b_ndim}"
            )
        return list(range(a_ndim - n, a_ndim)), list(range(n))
    if len(axes) != 2:
        raise ValueError(f"tensordot: axes must be an int or a pair of axis lists, got {axes!r}")
    a_axes, b_axes = (
        [int(v)] if isinstance(v, (int, np.integer)) else [int(d) for d in v] for v in axes
    )
    if len(a_axes) != len(b_axes):
        raise ValueError(f"tensordot: axes {a_axes} and {b_axes} differ in length")
    a_axes = [d % a_ndim if -a_ndim <= d < a_ndim else _bad_axis(d, a_ndim) for d in a_axes]
    b_axes = [d % b_ndim if -b_ndim <= d < b_ndim else _bad_axis(d, b_ndim) for d in b_axes]
    return a_axes, b_axes


def _bad_axis(axis, ndim):
    raise ValueError(f"tensordot: axis {axis} is out of range for a tensor of rank {ndim}")
