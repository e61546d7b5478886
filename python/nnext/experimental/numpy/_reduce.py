"""tnp's reductions, scans and sorting, with NumPy's (and TensorFlow's tnp's) dtypes:

- `sum`, `prod`, `cumsum`, `cumprod` widen bools and integers narrower than 64 bits to
  int64 (unsigned to uint64) unless `dtype` is given;
- `mean`, `var`, `std`, `average` compute integers in the default float type;
- `amax`/`amin` keep the dtype (on bools they are any/all);
- `argmax`, `argmin`, `argsort`, `count_nonzero` give int64.

The arithmetic is `keras.ops`'s; this module only fixes the dtypes around it.
"""

import builtins

import numpy as np

from nnext import _core, dtypes
from nnext.experimental.numpy import _arrays, _dtypes
from nnext.keras.ops import numpy_reduce as kreduce
from nnext.keras.ops import numpy_sort as ksort

__all__ = [
    "all",
    "amax",
    "amin",
    "any",
    "argmax",
    "argmin",
    "argsort",
    "average",
    "count_nonzero",
    "cumprod",
    "cumsum",
    "max",
    "mean",
    "min",
    "nanmean",
    "nanprod",
    "nansum",
    "prod",
    "ptp",
    "sort",
    "std",
    "sum",
    "trace",
    "var",
]

cast = _arrays.cast


def _keepdims(keepdims):
    return bool(keepdims)


def _check_axis(axis, ndim):
    for ax in axis if isinstance(axis, (tuple, list)) else (axis,):
        if ax is not None and not -builtins.max(ndim, 1) <= ax < builtins.max(ndim, 1):
            raise ValueError(
                f"Argument `axis` (received axis={ax}) is out of bounds for input of rank {ndim}."
            )


def _widened(t):
    """NumPy's accumulator for sums and products: bools and narrow ints widen to int64
    (unsigned ones to uint64)."""
    if t.dtype == dtypes.bool or (t.dtype.is_integer and t.dtype.size < 8):
        return cast(t, dtypes.uint64 if t.dtype.is_unsigned else dtypes.int64)
    return t


def _input(a, axis, dtype):
    t = _arrays.asarray(a, dtype)
    _check_axis(axis, t.ndim)
    return t if dtype is not None else _widened(t)


def sum(a, axis=None, dtype=None, keepdims=None):
    """The sum (along `axis`); bools and narrow ints are widened to int64 first."""
    if _arrays.resolve_dtype(dtype) == dtypes.bool:
        return any(a, axis, keepdims)
    t = _input(a, axis, dtype)
    return cast(kreduce.sum(t, axis=axis, keepdims=_keepdims(keepdims)), t.dtype)


def prod(a, axis=None, dtype=None, keepdims=None):
    """The product (along `axis`); bools and narrow ints are widened to int64 first."""
    if _arrays.resolve_dtype(dtype) == dtypes.bool:
        return all(a, axis, keepdims)
    t = _input(a, axis, dtype)
    return cast(kreduce.prod(t, axis=axis, keepdims=_keepdims(keepdims)), t.dtype)


def _float_input(a, axis, dtype):
    t = _arrays.asarray(a, dtype)
    _check_axis(axis, t.ndim)
    return t if t.dtype.is_floating else cast(t, _dtypes.default_float_type())


def mean(a, axis=None, dtype=None, out=None, keepdims=None):
    """The mean (along `axis`); integers and bools compute in the default float."""
    if out is not None:
        raise ValueError("Setting out is not supported.")
    t = _float_input(a, axis, dtype)
    return cast(kreduce.mean(t, axis=axis, keepdims=_keepdims(keepdims)), t.dtype)


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=None):
    """The variance, divided by `N - ddof`."""
    if out is not None:
        raise ValueError("Setting out is not supported.")
    t = _float_input(a, axis, dtype)
    keep = _keepdims(keepdims)
    result = kreduce.var(t, axis=axis, keepdims=keep)
    if ddof:
        # Rescaled as a tensor division, so N - ddof <= 0 gives inf/NaN as in NumPy.
        count = _count(t, axis)
        result = result * count / _arrays.asarray(count - ddof, t.dtype)
    return cast(result, t.dtype)


def _count(t, axis):
    shape = tuple(t.shape)
    if axis is None:
        return float(np.prod(shape))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    return float(np.prod([shape[ax] for ax in axes]))


def std(a, axis=None, keepdims=None, ddof=0):
    """The standard deviation (`ddof` as NumPy's; TensorFlow's tnp has no ddof)."""
    return _core.sqrt(var(a, axis=axis, ddof=ddof, keepdims=keepdims))


def _extreme(a, axis, keepdims, keras_fn, bool_fn, name):
    t = _arrays.asarray(a)
    _check_axis(axis, t.ndim)
    if t.dtype == dtypes.bool:
        return bool_fn(t, axis, keepdims)
    if t.shape.num_elements() == 0 and _count(t, axis) == 0:
        raise ValueError(f"zero-size array to reduction operation {name} which has no identity")
    return cast(keras_fn(t, axis=axis, keepdims=_keepdims(keepdims)), t.dtype)


def amax(a, axis=None, out=None, keepdims=None):
    """The largest element (along `axis`), in the input's dtype; on bools, `any`."""
    if out is not None:
        raise ValueError("Setting out is not supported.")
    return _extreme(a, axis, keepdims, kreduce.amax, any, "maximum")


def amin(a, axis=None, out=None, keepdims=None):
    """The smallest element (along `axis`), in the input's dtype; on bools, `all`."""
    if out is not None:
        raise ValueError("Setting out is not supported.")
    return _extreme(a, axis, keepdims, kreduce.amin, all, "minimum")


def max(a, axis=None, keepdims=None):
    """`amax`."""
    return amax(a, axis=axis, keepdims=keepdims)


def min(a, axis=None, keepdims=None):
    """`amin`."""
    return amin(a, axis=axis, keepdims=keepdims)


def all(a, axis=None, keepdims=None):
    """True where every element (along `axis`) is truthy."""
    t = _arrays.asarray(a, np.bool_)
    _check_axis(axis, t.ndim)
    return kreduce.all(t, axis=axis, keepdims=_keepdims(keepdims))


def any(a, axis=None, keepdims=None):
    """True where some element (along `axis`) is truthy."""
    t = _arrays.asarray(a, np.bool_)
    _check_axis(axis, t.ndim)
    return kreduce.any(t, axis=axis, keepdims=_keepdims(keepdims))


def _arg(keras_fn, a, axis):
    t = _arrays.asarray(a)
    if axis is None:
        t = _core.reshape(t, (-1,))
    elif t.ndim == 0:
        t = _core.reshape(t, (1,))
    _check_axis(axis, t.ndim)
    if t.shape.num_elements() == 0:
        raise ValueError("attempt to get argmax/argmin of an empty sequence")
    return cast(keras_fn(t, axis=axis), dtypes.int64)


def argmax(a, axis=None):
    """The (int64) index of the largest element, of the flattened array when `axis` is None."""
    return _arg(kreduce.argmax, a, axis)


def argmin(a, axis=None):
    """The (int64) index of the smallest element, of the flattened array when `axis` is None."""
    return _arg(kreduce.argmin, a, axis)


def _scan(keras_fn, a, axis, dtype):
    t = _arrays.asarray(a, dtype)
    if dtype is None:
        t = _widened(t)
    if axis is None:
        t, axis = _core.reshape(t, (-1,)), 0
    _check_axis(axis, t.ndim)
    return cast(keras_fn(t, axis=axis), t.dtype)


def cumsum(a, axis=None, dtype=None):
    """Running sums (of the flattened array when `axis` is None); ints widen as in `sum`."""
    return _scan(kreduce.cumsum, a, axis, dtype)


def cumprod(a, axis=None, dtype=None):
    """Running products (of the flattened array when `axis` is None); ints widen as in `prod`."""
    return _scan(kreduce.cumprod, a, axis, dtype)


def _nan_to(t, value):
    if not t.dtype.is_floating:
        return t
    return _core.where(_core.is_nan(t), _core.cast(_arrays.asarray(value), t.dtype.name), t)


def nansum(a, axis=None, dtype=None, keepdims=False):
    """The sum with NaNs counted as zero."""
    return sum(_nan_to(_arrays.asarray(a), 0), axis=axis, dtype=dtype, keepdims=keepdims)


def nanprod(a, axis=None, dtype=None, keepdims=False):
    """The product with NaNs counted as one."""
    return prod(_nan_to(_arrays.asarray(a), 1), axis=axis, dtype=dtype, keepdims=keepdims)


def nanmean(a, axis=None, dtype=None, keepdims=None):
    """The mean ignoring NaNs (along `axis`)."""
    t = _arrays.asarray(a)
    if not t.dtype.is_floating:
        return mean(t, axis=axis, dtype=dtype, keepdims=keepdims)
    t = _float_input(t, axis, dtype)
    kept = _core.logical_not(_core.is_nan(t))
    total = sum(_nan_to(t, 0), axis=axis, keepdims=keepdims)
    return total / sum(kept, axis=axis, dtype=t.dtype, keepdims=keepdims)


def count_nonzero(a, axis=None):
    """The (int64) number of non-zero elements (along `axis`)."""
    t = _arrays.asarray(a)
    _check_axis(axis, t.ndim)
    return cast(kreduce.count_nonzero(t, axis=axis), dtypes.int64)


def ptp(a, axis=None, keepdims=None):
    """The range `amax - amin` (along `axis`)."""
    return amax(a, axis=axis, keepdims=keepdims) - amin(a, axis=axis, keepdims=keepdims)


def average(a, axis=None, weights=None, returned=False):
    """The (weighted) mean along one axis or all; with `returned`, also the sum of the
    weights broadcast to the result's shape."""
    if axis is not None and not isinstance(axis, (int, np.integer)):
        raise ValueError(
            f"Argument `axis` must be an integer. Received axis={axis} (of type {type(axis)})"
        )
    t = _arrays.asarray(a)
    if weights is None:
        t = _float_input(t, axis, None)
        avg = kreduce.mean(t, axis=axis)
        total = _arrays.full(tuple(avg.shape), _count(t, axis), t.dtype)
    else:
        x, w = _arrays.float_operands(t, weights)
        if tuple(w.shape) != tuple(x.shape):
            if axis is None or w.ndim != 1:
                raise ValueError("Axis must be specified when shapes of a and weights differ.")
            shape = [1] * x.ndim
            shape[axis] = -1
            w = _core.reshape(w, tuple(shape))
        total = kreduce.sum(_core.broadcast_to(w, tuple(x.shape)), axis=axis)
        if bool(_core.reduce_any(_core.equal(total, 0))):
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        avg = kreduce.sum(x * w, axis=axis) / total
    return (avg, _core.broadcast_to(total, tuple(avg.shape))) if returned else avg


def trace(a, offset=0, axis1=0, axis2=1, dtype=None):
    """The sum of the diagonal at `offset` of the planes of `axis1` and `axis2`."""
    return sum(_arrays.diagonal(_arrays.asarray(a, dtype), offset, axis1, axis2), -1, dtype)


def sort(a, axis=-1, kind="quicksort", order=None):
    """Sorted along `axis` (flattened when None); only kind='quicksort', as TensorFlow."""
    if kind != "quicksort":
        raise ValueError(
            'Invalid value for argument `kind`. Only kind="quicksort" is supported. '
            f"Received: kind={kind}"
        )
    if order is not None:
        raise ValueError("The `order` argument is not supported. Pass order=None")
    t = _arrays.asarray(a)
    if axis is None:
        t, axis = _core.reshape(t, (-1,)), -1
    _check_axis(axis, t.ndim)
    return cast(ksort.sort(t, axis=axis), t.dtype)


def argsort(a, axis=-1, kind="quicksort", order=None):
    """Indices that sort `a` (int64); kind 'quicksort' or 'stable' (both stable here)."""
    if kind not in ("quicksort", "stable"):
        raise ValueError(
            'Invalid value for argument `kind`. Only kind="quicksort" and kind="stable" '
            f"are supported. Received: kind={kind}"
        )
    if order is not None:
        raise ValueError("The `order` argument is not supported. Pass order=None")
    t = _arrays.asarray(a)
    if axis is None:
        t, axis = _core.reshape(t, (-1,)), -1
    elif t.ndim == 0:
        _check_axis(axis, 0)
        return _arrays.asarray([0])
    _check_axis(axis, t.ndim)
    return cast(ksort.argsort(t, axis=axis), dtypes.int64)
