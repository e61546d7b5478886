"""tnp's shape and indexing functions: reshaping, joining and splitting, tiling,
flipping, padding, gathering and selecting, with NumPy's argument names and defaults
(TensorFlow's where they differ: `take` clips out-of-range indices by default, `pad`
takes its mode positionally and supports constant, reflect and symmetric).

Values never change dtype here, except that joining functions promote their inputs to
NumPy's common dtype first. The work is done by `keras.ops`'s functions.
"""

import numpy as np

from nnext import _core, dtypes
from nnext.experimental.numpy import _arrays
from nnext.keras.ops import numpy_shape as kshape
from nnext.keras.ops import numpy_sort as ksort

__all__ = [
    "append",
    "array_split",
    "atleast_1d",
    "atleast_2d",
    "atleast_3d",
    "broadcast_arrays",
    "broadcast_to",
    "compress",
    "concatenate",
    "dsplit",
    "dstack",
    "expand_dims",
    "flatten",
    "flip",
    "fliplr",
    "flipud",
    "hsplit",
    "hstack",
    "isscalar",
    "moveaxis",
    "ndim",
    "newaxis",
    "nonzero",
    "pad",
    "ravel",
    "repeat",
    "reshape",
    "roll",
    "rot90",
    "select",
    "shape",
    "size",
    "split",
    "squeeze",
    "stack",
    "swapaxes",
    "take",
    "take_along_axis",
    "tile",
    "transpose",
    "vsplit",
    "vstack",
    "where",
]

newaxis = None
cast = _arrays.cast
asarray = _arrays.asarray


def _axis_in_range(axis, ndim):
    if not -ndim <= axis < ndim:
        raise ValueError(
            f"Argument `axis` (received axis={axis}) is out of bounds for input of rank {ndim}."
        )


def reshape(a, newshape, order="C"):
    """`a` with shape `newshape` (one -1 inferred); order 'C' or 'F'."""
    if order not in ("C", "F"):
        raise ValueError(f"Unsupported order argument {order}")
    t = asarray(a)
    shape = _arrays.int_tuple(newshape)
    if order == "F":
        return _core.transpose(kshape.reshape(_core.transpose(t), shape[::-1]))
    return kshape.reshape(t, shape)


def ravel(a):
    """`a` as a 1-d array."""
    return kshape.reshape(asarray(a), (-1,))


def flatten(a, order="C"):
    """`a` as a 1-d array, rows first ('C', 'A', 'K') or columns first ('F')."""
    t = asarray(a)
    if order in ("C", "A", "K"):
        return ravel(t)
    if order == "F":
        return ravel(_core.transpose(t))
    raise ValueError("order can only be C, A, K (all row major) or F (column major).")


def transpose(a, axes=None):
    """`a` with its axes permuted (reversed when `axes` is None)."""
    return kshape.transpose(asarray(a), None if axes is None else _arrays.int_tuple(axes))


def swapaxes(a, axis1, axis2):
    """`a` with axes `axis1` and `axis2` interchanged."""
    t = asarray(a)
    for axis in (axis1, axis2):
        if not -t.ndim <= axis < t.ndim:
            raise ValueError(f"axis {axis} is out of bounds for array of dimension {t.ndim}")
    return kshape.swapaxes(t, axis1, axis2)


def moveaxis(a, source, destination):
    """`a` with the axes `source` moved to the positions `destination`."""
    t = asarray(a)
    source = (source,) if isinstance(source, int) else tuple(source)
    destination = (destination,) if isinstance(destination, int) else tuple(destination)
    if len(source) != len(destination):
        raise ValueError("The lengths of source and destination must equal")
    for axis in source + destination:
        _axis_in_range(axis, t.ndim)
    return kshape.moveaxis(t, source, destination)


def expand_dims(a, axis):
    """`a` with a new axis of size 1 at `axis`."""
    return kshape.expand_dims(asarray(a), axis)


def squeeze(a, axis=None):
    """`a` without its axes of size 1 (only `axis` when given)."""
    return kshape.squeeze(asarray(a), axis)


def broadcast_to(array, shape):
    """`array` broadcast to `shape`."""
    return kshape.broadcast_to(asarray(array), _arrays.int_tuple(shape))


def broadcast_arrays(*args, **kwargs):
    """The arguments broadcast against each other to their common shape."""
    if kwargs.pop("subok", False):
        raise ValueError("subok=True is not supported.")
    if kwargs:
        raise ValueError(f"Received unsupported arguments {kwargs.keys()}")
    ts = [asarray(a) for a in args]
    shape = np.broadcast_shapes(*(tuple(t.shape) for t in ts))
    return [kshape.broadcast_to(t, shape) for t in ts]


def concatenate(arys, axis=0):
    """Joined along `axis` (flattened first when None), promoted to their common dtype."""
    if not isinstance(arys, (list, tuple)):
        arys = [arys]
    if not arys:
        raise ValueError(
            f"Need at least one array to concatenate. Received empty input: arys={arys}"
        )
    ts = _arrays.operands(*arys)
    if axis is None:
        ts, axis = [ravel(t) for t in ts], 0
    else:
        _axis_in_range(axis, ts[0].ndim)
    return kshape.concatenate(ts, axis=axis)


def stack(arrays, axis=0):
    """The arrays, promoted to their common dtype, joined along a new axis."""
    if isinstance(arrays, _core.Tensor):
        arrays = [arrays[i] for i in range(int(arrays.shape[0]))]
    return kshape.stack(_arrays.operands(*arrays), axis=axis)


def _atleast(ndim_fn, arys):
    out = [ndim_fn(asarray(a)) for a in arys]
    return out[0] if len(out) == 1 else out


def atleast_1d(*arys):
    """Each argument with at least one dimension (a list when there are several)."""
    return _atleast(lambda t: t if t.ndim >= 1 else _core.reshape(t, (1,)), arys)


def atleast_2d(*arys):
    """Each argument with at least two dimensions, ones prepended."""

    def f(t):
        return t if t.ndim >= 2 else _core.reshape(t, (1,) * (2 - t.ndim) + tuple(t.shape))

    return _atleast(f, arys)


def atleast_3d(*arys):
    """Each argument with at least three dimensions: (1, 1, 1), (1, N, 1) or (M, N, 1)."""

    def f(t):
        if t.ndim >= 3:
            return t
        shape = {0: (1, 1, 1), 1: (1, *t.shape, 1), 2: (*t.shape, 1)}[t.ndim]
        return _core.reshape(t, tuple(shape))

    return _atleast(f, arys)


def hstack(tup):
    """The arrays joined column-wise (along axis 0 for 1-d arrays, else axis 1)."""
    ts = [atleast_1d(a) for a in tup]
    return concatenate(ts, axis=0 if ts[0].ndim == 1 else 1)


def vstack(tup):
    """The arrays (at least 2-d) joined row-wise."""
    return concatenate([atleast_2d(a) for a in tup], axis=0)


def dstack(tup):
    """The arrays (at least 3-d) joined along the third axis."""
    return concatenate([atleast_3d(a) for a in tup], axis=2)


def split(ary, indices_or_sections, axis=0):
    """`ary` split into equal sections, or at the given indices, along `axis`."""
    t = asarray(ary)
    _axis_in_range(axis, t.ndim)
    return list(kshape.split(t, _split_argument(indices_or_sections), axis=axis))


def _split_argument(indices_or_sections):
    if isinstance(indices_or_sections, (int, np.integer)):
        return int(indices_or_sections)
    return [int(i) for i in np.asarray(indices_or_sections).reshape(-1)]


def array_split(ary, indices_or_sections, axis=0):
    """As `split`, allowing sections of unequal size (NumPy's; TensorFlow has no
    tnp.array_split)."""
    t = asarray(ary)
    _axis_in_range(axis, t.ndim)
    return list(kshape.array_split(t, _split_argument(indices_or_sections), axis=axis))


def _split_on(axis, name):
    def fn(ary, indices_or_sections):
        t = asarray(ary)
        along = 0 if axis == 1 and t.ndim == 1 else axis
        if t.ndim <= along:
            raise ValueError(f"{name} only works on arrays of {along + 1} or more dimensions")
        sections = _split_argument(indices_or_sections)
        if isinstance(sections, int) and int(t.shape[along]) % sections:
            raise ValueError("array split does not result in an equal division")
        return split(t, sections, axis=along)

    fn.__name__ = name
    fn.__doc__ = f"NumPy's `{name}`: `split` along axis {axis}."
    return fn


vsplit = _split_on(0, "vsplit")
hsplit = _split_on(1, "hsplit")
dsplit = _split_on(2, "dsplit")


def tile(a, reps):
    """`a` repeated `reps` times along each axis."""
    return kshape.tile(asarray(a), _arrays.int_tuple(reps))


def repeat(a, repeats, axis=None):
    """Each element repeated `repeats` times along `axis` (of the flattened array when None)."""
    t = asarray(a)
    if axis is not None:
        _axis_in_range(axis, max(t.ndim, 1))
    reps = repeats if isinstance(repeats, (int, np.integer)) else _arrays.int_tuple(repeats)
    return kshape.repeat(t, reps, axis=axis)


def flip(m, axis=None):
    """`m` reversed along `axis` (all axes when None)."""
    return kshape.flip(asarray(m), axis=axis)


def flipud(m):
    """`m` reversed along axis 0."""
    return flip(m, 0)


def fliplr(m):
    """`m` reversed along axis 1."""
    return flip(m, 1)


def roll(a, shift, axis=None):
    """`a` shifted cyclically by `shift` along `axis` (flattened when None)."""
    return kshape.roll(asarray(a), shift, axis=axis)


def rot90(m, k=1, axes=(0, 1)):
    """`m` rotated by 90 degrees `k` times in the plane of `axes`."""
    return kshape.rot90(asarray(m), k=k, axes=tuple(axes))


def pad(array, pad_width, mode, **kwargs):
    """Modes 'constant' (with `constant_values`), 'reflect' and 'symmetric'."""
    if mode not in ("constant", "reflect", "symmetric"):
        raise ValueError("Unsupported padding mode: " + str(mode))
    t = asarray(array)
    widths = np.broadcast_to(np.asarray(_as_python(pad_width), dtype=np.int64), (t.ndim, 2))
    if mode == "constant":
        value = kwargs.get("constant_values", 0)
        return cast(kshape.pad(t, widths.tolist(), mode, constant_values=value), t.dtype)
    return cast(kshape.pad(t, widths.tolist(), mode), t.dtype)


def _as_python(x):
    return x.numpy() if isinstance(x, _core.Tensor) else x


def take(a, indices, axis=None, out=None, mode="clip"):
    """Elements of `a` at `indices` along `axis` (of the flattened `a` when None). Out of
    range indices are clipped ('clip', TensorFlow's default) or wrapped ('wrap')."""
    if out is not None:
        raise ValueError("out argument is not supported in take.")
    if mode not in ("raise", "clip", "wrap"):
        raise ValueError(f"Invalid mode '{mode}' for take")
    if mode == "raise":
        raise ValueError("The 'raise' mode to take is not supported.")
    t = asarray(a)
    if axis is None:
        t, axis = ravel(t), 0
    _axis_in_range(axis, t.ndim)
    idx = asarray(indices)
    if not idx.dtype.is_integer:
        raise IndexError("arrays used as indices must be of integer (or boolean) type")
    n = int(t.shape[axis])
    idx = cast(idx, dtypes.int64)
    if mode == "clip":
        idx = _core.clip_by_value(idx, 0, max(n - 1, 0))
    else:
        idx = _core.mod(idx, n)
    return ksort.take(t, idx, axis=axis)


def take_along_axis(arr, indices, axis):
    """Elements of `arr` picked by `indices` along `axis` (flattened when None)."""
    t, idx = asarray(arr), asarray(indices)
    if axis is None:
        return ksort.take_along_axis(ravel(t), idx, axis=0)
    _axis_in_range(axis, t.ndim)
    return ksort.take_along_axis(t, idx, axis=axis)


def where(condition, x=None, y=None):
    """`x` where `condition`, else `y` (promoted, broadcast); with neither, `nonzero`."""
    cond = asarray(condition, np.bool_)
    if x is None and y is None:
        return nonzero(cond)
    if x is None or y is None:
        raise ValueError("Both x and y must be ndarrays, or both must be None.")
    a, b = _arrays.operands(x, y)
    return cast(kshape.where(cond, a, b), a.dtype)


def nonzero(a):
    """One int64 index array per axis of the non-zero elements (a 0-d `a` counts as 1-d)."""
    t = atleast_1d(a)
    positions = np.nonzero(t.numpy())
    return tuple(asarray(p.astype(np.int64)) for p in positions)


def select(condlist, choicelist, default=0):
    """From the first true condition of `condlist` the matching choice, else `default`."""
    if len(condlist) != len(choicelist):
        raise ValueError(
            f"condlist must have length equal to choicelist ({len(condlist)} vs {len(choicelist)})"
        )
    if not condlist:
        raise ValueError("condlist must be non-empty")
    choices = _arrays.operands(default, *choicelist)
    output = choices[0]
    for cond, choice in zip(condlist[::-1], choices[1:][::-1]):
        output = where(cond, choice, output)
    return output


def compress(condition, a, axis=None):
    """The slices of `a` along `axis` (flattened when None) where `condition` is true;
    `condition` pairs with the leading slices only."""
    cond = asarray(condition, np.bool_)
    if cond.ndim != 1:
        raise ValueError("condition must be a 1-d array.")
    t = asarray(a)
    if axis is None or t.ndim == 0:
        t, axis = ravel(t), 0
    _axis_in_range(axis, t.ndim)
    keep = np.flatnonzero(cond.numpy()[: int(t.shape[axis])])
    return ksort.take(t, asarray(keep), axis=axis)


def append(arr, values, axis=None):
    """`values` after `arr` along `axis` (both flattened when None)."""
    if axis is None:
        return concatenate([ravel(arr), ravel(values)], 0)
    return concatenate([arr, values], axis=axis)


def shape(a):
    """The shape of `a` (a TensorShape, which compares equal to a tuple)."""
    return asarray(a).shape


def ndim(a):
    """The number of dimensions of `a`."""
    return asarray(a).ndim


def size(x, axis=None):
    """The number of elements of `x`."""
    if axis is not None:
        raise NotImplementedError(
            "axis argument is not supported in the current `np.size` implementation"
        )
    return int(np.prod(tuple(asarray(x).shape), dtype=np.int64))


def isscalar(num):
    """True for 0-d values (a Python number or a 0-d array, unlike NumPy's isscalar)."""
    return ndim(num) == 0
