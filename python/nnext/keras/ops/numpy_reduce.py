"""Reductions of `keras.ops`: sums, means, extremes, variances, cumulative scans, order
statistics (median, quantile) and their NaN-ignoring forms.

Keras's dtypes: sums and products of int8/int16/bool are int32, of uint8/uint16 uint32, of
wider integers their own dtype; means and variances of integers are `floatx()`;
arg-reductions give int32.
"""

import builtins

from nnext import _core
from nnext.keras.keras_tensor import symbolic
from nnext.keras.ops import numpy_sort
from nnext.keras.ops._base import axes_list, canonical_axis, convert, to_float

__all__ = [
    "all",
    "amax",
    "amin",
    "any",
    "argmax",
    "argmin",
    "average",
    "corrcoef",
    "count_nonzero",
    "cumprod",
    "cumsum",
    "logsumexp",
    "max",
    "mean",
    "median",
    "min",
    "nanargmax",
    "nanargmin",
    "nancumprod",
    "nancumsum",
    "nanmax",
    "nanmean",
    "nanmedian",
    "nanmin",
    "nanpercentile",
    "nanprod",
    "nanquantile",
    "nanstd",
    "nansum",
    "nanvar",
    "percentile",
    "prod",
    "ptp",
    "quantile",
    "std",
    "sum",
    "var",
]


# JAX's rule, which Keras follows: narrow integers (and bool) sum and multiply in 32 bits.
_WIDENED = {
    "bool": "int32",
    "int8": "int32",
    "int16": "int32",
    "uint8": "uint32",
    "uint16": "uint32",
}


def _widened(x):
    """`x` in the dtype its sum or product has: int8/int16/bool -> int32, uint8/uint16 ->
    uint32, others unchanged (the core's sums keep their input's dtype)."""
    wide = _WIDENED.get(x.dtype.name)
    return x if wide is None else _core.cast(x, wide)


@symbolic
def sum(x, axis=None, keepdims=False):
    """Sum of elements over `axis` (None: all).

    Args:
        x: input tensor.
        axis: an int, a tuple of ints or None.
        keepdims: keep reduced axes with size 1.

    Example:
        >>> keras.ops.sum([[1, 2], [3, 4]], axis=0)
        [4, 6]
    """
    x = _widened(convert(x))
    return _core.reduce_sum(x, axes_list(axis, x.ndim), keepdims)


@symbolic
def prod(x, axis=None, keepdims=False, dtype=None):
    """Product of elements over `axis` (None: all); `dtype` casts the input first."""
    x = convert(x, dtype)
    if dtype is None:
        x = _widened(x)
    return _core.reduce_prod(x, axes_list(axis, x.ndim), keepdims)


@symbolic
def mean(x, axis=None, keepdims=False):
    """Arithmetic mean over `axis` (integers average in `floatx()`)."""
    x = to_float(x)
    return _core.reduce_mean(x, axes_list(axis, x.ndim), keepdims)


def _extreme(core_fn, x, axis, keepdims, initial, combine):
    x = convert(x)
    out = core_fn(x, axes_list(axis, x.ndim), keepdims)
    if initial is not None:
        out = combine(out, convert(initial, x.dtype))
    return out


@symbolic
def max(x, axis=None, keepdims=False, initial=None):
    """Maximum over `axis`; `initial` is a lower bound taken into the maximum."""
    return _extreme(_core.reduce_max, x, axis, keepdims, initial, _core.maximum)


@symbolic
def min(x, axis=None, keepdims=False, initial=None):
    """Minimum over `axis`; `initial` is an upper bound taken into the minimum."""
    return _extreme(_core.reduce_min, x, axis, keepdims, initial, _core.minimum)


@symbolic
def amax(x, axis=None, keepdims=False):
    """Maximum over `axis` (alias of `max` without `initial`)."""
    return _extreme(_core.reduce_max, x, axis, keepdims, None, None)


@symbolic
def amin(x, axis=None, keepdims=False):
    """Minimum over `axis` (alias of `min` without `initial`)."""
    return _extreme(_core.reduce_min, x, axis, keepdims, None, None)


@symbolic
def any(x, axis=None, keepdims=False):
    """True where any element over `axis` is non-zero."""
    x = convert(x)
    return _core.reduce_any(x, axes_list(axis, x.ndim), keepdims)


@symbolic
def all(x, axis=None, keepdims=False):
    """True where every element over `axis` is non-zero."""
    x = convert(x)
    return _core.reduce_all(x, axes_list(axis, x.ndim), keepdims)


def _arg(core_fn, x, axis, keepdims):
    x = convert(x)
    if axis is None:
        out = core_fn(_core.reshape(x, [-1]), 0, "int32")
        return _core.reshape(out, [1] * x.ndim) if keepdims else out
    axis = canonical_axis(axis, x.ndim)
    out = core_fn(x, axis, "int32")
    return _core.expand_dims(out, axis) if keepdims else out


@symbolic
def argmax(x, axis=None, keepdims=False):
    """Index (int32) of the first maximum along `axis` (None: of the flattened tensor)."""
    return _arg(_core.argmax, x, axis, keepdims)


@symbolic
def argmin(x, axis=None, keepdims=False):
    """Index (int32) of the first minimum along `axis` (None: of the flattened tensor)."""
    return _arg(_core.argmin, x, axis, keepdims)


@symbolic
def var(x, axis=None, keepdims=False):
    """Variance `mean((x - mean(x))**2)` over `axis`."""
    x = to_float(x)
    axes = axes_list(axis, x.ndim)
    centered = x - _core.reduce_mean(x, axes, True)
    return _core.reduce_mean(_core.square(centered), axes, keepdims)


@symbolic
def std(x, axis=None, keepdims=False):
    """Standard deviation `sqrt(var(x))` over `axis`."""
    return _core.sqrt(var(x, axis, keepdims))


@symbolic
def ptp(x, axis=None, keepdims=False):
    """Range `max - min` over `axis`."""
    x = convert(x)
    axes = axes_list(axis, x.ndim)
    return _core.reduce_max(x, axes, keepdims) - _core.reduce_min(x, axes, keepdims)


@symbolic
def count_nonzero(x, axis=None):
    """Number (int32) of non-zero elements over `axis`."""
    x = convert(x)
    nonzero = _core.cast(_core.not_equal(x, 0), "int32")
    return _core.reduce_sum(nonzero, axes_list(axis, x.ndim), False)


@symbolic
def average(x, axis=None, weights=None):
    """Weighted mean over `axis`; 1-D `weights` apply along `axis`."""
    x = to_float(x)
    if weights is None:
        return mean(x, axis)
    w = convert(weights, x.dtype)
    if axis is not None and w.ndim == 1 and x.ndim > 1:
        axis = canonical_axis(axis, x.ndim)
        w = _core.reshape(w, [-1 if d == axis else 1 for d in range(x.ndim)])
    axes = axes_list(axis, x.ndim)
    return _core.reduce_sum(x * w, axes, False) / _core.reduce_sum(
        _core.broadcast_to(w, x.shape) if w.shape != x.shape else w, axes, False
    )


def _scan(core_fn, x, axis, dtype):
    x = convert(x, dtype)
    if x.dtype.name == "bool":
        x = _core.cast(x, "int32")
    if axis is None:
        x, axis = _core.reshape(x, [-1]), 0
    return core_fn(x, canonical_axis(axis, x.ndim))


@symbolic
def cumsum(x, axis=None, dtype=None):
    """Cumulative sum along `axis` (None: of the flattened tensor).

    Example:
        >>> keras.ops.cumsum([1, 2, 3])
        [1, 3, 6]
    """
    return _scan(_core.cumsum, x, axis, dtype)


@symbolic
def cumprod(x, axis=None, dtype=None):
    """Cumulative product along `axis` (None: of the flattened tensor)."""
    return _scan(_core.cumprod, x, axis, dtype)


@symbolic
def logsumexp(x, axis=None, keepdims=False):
    """`log(sum(exp(x)))` over `axis`, stable for large values (the maximum is factored
    out)."""
    x = to_float(x)
    axes = axes_list(axis, x.ndim)
    top = _core.reduce_max(x, axes, True)
    top = _core.where(_core.is_finite(top), top, _core.zeros_like(top))
    out = _core.log(_core.reduce_sum(_core.exp(x - top), axes, True)) + top
    return out if keepdims else _core.squeeze(out, axes) if axes else out


_METHODS = ("linear", "lower", "higher", "midpoint", "nearest")


@symbolic
def quantile(x, q, axis=None, method="linear", keepdims=False):
    """The `q`-th quantiles (q in [0, 1]) over `axis`, NumPy's methods ('linear', 'lower',
    'higher', 'midpoint', 'nearest').

    Returns:
        A tensor with `q`'s shape in front of the reduced shape (none for scalar `q`).
    """
    return _quantile(x, q, axis, method, keepdims, ignore_nan=False)


@symbolic
def percentile(x, q, axis=None, method="linear", keepdims=False):
    """The `q`-th percentiles (q in [0, 100]) over `axis`; see `quantile`."""
    return _quantile(x, convert(q, "float64") / 100.0, axis, method, keepdims, ignore_nan=False)


@symbolic
def median(x, axis=None, keepdims=False):
    """The median over `axis` (the mean of the two middle values for even counts)."""
    return _quantile(x, 0.5, axis, "linear", keepdims, ignore_nan=False)


def _quantile(x, q, axis, method, keepdims, ignore_nan):
    if method not in _METHODS:
        raise ValueError(f"`method` must be one of {_METHODS}. Received: method={method}")
    x = to_float(x)
    q = convert(q, "float64")
    ndim = x.ndim
    axes = axes_list(axis, ndim)
    kept = [d for d in range(ndim) if d not in axes]
    # Move the reduced axes last and merge them into one line per kept position.
    moved = _core.transpose(x, kept + axes) if ndim else x
    lines = _core.reshape(moved, [x.shape[d] for d in kept] + [-1])
    ordered = numpy_sort.sort(lines, axis=-1)
    n = lines.shape[-1]
    if ignore_nan:
        count = _core.cast(
            _core.reduce_sum(
                _core.cast(_core.logical_not(_core.is_nan(lines)), "int32"), [-1], True
            ),
            "float64",
        )
    else:
        count = _core.cast(_core.ones_like(_core.reduce_sum(ordered, [-1], True)), "float64") * n
    flat_q = _core.reshape(q, [-1])
    outs = []
    for i in range(flat_q.shape[0]):
        pos = (count - 1.0) * flat_q[i]
        outs.append(_pick(ordered, pos, count, method))
    out = _core.stack(outs, 0) if q.ndim else outs[0]
    out = _core.reshape(out, list(q.shape) + [x.shape[d] for d in kept])
    if keepdims:
        shape = list(q.shape) + [1 if d in axes else x.shape[d] for d in range(ndim)]
        out = _core.reshape(out, shape)
    return out


def _pick(ordered, pos, count, method):
    """The value at fractional rank `pos` (shape (..., 1)) of each sorted line."""
    n = ordered.shape[-1]
    lo = _core.floor(pos)
    hi = _core.minimum(lo + 1.0, _core.maximum(count - 1.0, 0.0))
    frac = pos - lo
    if method == "lower":
        hi = lo
    elif method == "higher":
        lo = _core.ceil(pos)
        hi = lo
    elif method == "nearest":
        lo = _core.round_half_even(pos)
        hi = lo
    elif method == "midpoint":
        hi = _core.ceil(pos)
    clamp = float(builtins.max(n - 1, 0))
    lo_i = _core.cast(_core.minimum(_core.maximum(lo, 0.0), clamp), "int32")
    hi_i = _core.cast(_core.minimum(_core.maximum(hi, 0.0), clamp), "int32")
    a = _core.squeeze(numpy_sort.take_along_axis(ordered, lo_i, axis=-1), [-1])
    b = _core.squeeze(numpy_sort.take_along_axis(ordered, hi_i, axis=-1), [-1])
    if method == "midpoint":
        return (a + b) * 0.5
    if method != "linear":
        return a
    frac = _core.cast(_core.squeeze(frac, [-1]), a.dtype)
    return a + (b - a) * frac


def _nan_filled(x, value):
    x = convert(x)
    if not x.dtype.is_floating:
        return x
    return _core.where(_core.is_nan(x), _core.ones_like(x) * value, x)


@symbolic
def nansum(x, axis=None, keepdims=False):
    """`sum` treating NaN as 0."""
    return sum(_nan_filled(x, 0.0), axis, keepdims)


@symbolic
def nanprod(x, axis=None, keepdims=False):
    """`prod` treating NaN as 1."""
    return prod(_nan_filled(x, 1.0), axis, keepdims)


@symbolic
def nanmean(x, axis=None, keepdims=False):
    """`mean` over the non-NaN elements."""
    x = to_float(x)
    valid = _core.cast(_core.logical_not(_core.is_nan(x)), x.dtype)
    axes = axes_list(axis, x.ndim)
    return _core.reduce_sum(_nan_filled(x, 0.0), axes, keepdims) / _core.reduce_sum(
        valid, axes, keepdims
    )


@symbolic
def nanvar(x, axis=None, keepdims=False):
    """`var` over the non-NaN elements."""
    x = to_float(x)
    axes = axes_list(axis, x.ndim)
    centered = x - nanmean(x, axes, True)
    return nanmean(_core.square(centered), axes, keepdims)


@symbolic
def nanstd(x, axis=None, keepdims=False):
    """`std` over the non-NaN elements."""
    return _core.sqrt(nanvar(x, axis, keepdims))


def _all_nan_to_nan(x, out, axis, keepdims):
    """NaN where every reduced element was NaN (as NumPy's nanmax/nanmin)."""
    if not x.dtype.is_floating:
        return out
    every = _core.reduce_all(_core.is_nan(x), axes_list(axis, x.ndim), keepdims)
    return _core.where(every, _core.ones_like(out) * float("nan"), out)


@symbolic
def nanmax(x, axis=None, keepdims=False):
    """`max` ignoring NaN (NaN where all are NaN)."""
    x = convert(x)
    return _all_nan_to_nan(x, amax(_nan_filled(x, float("-inf")), axis, keepdims), axis, keepdims)


@symbolic
def nanmin(x, axis=None, keepdims=False):
    """`min` ignoring NaN (NaN where all are NaN)."""
    x = convert(x)
    return _all_nan_to_nan(x, amin(_nan_filled(x, float("inf")), axis, keepdims), axis, keepdims)


@symbolic
def nanargmax(x, axis=None, keepdims=False):
    """`argmax` ignoring NaN."""
    return argmax(_nan_filled(x, float("-inf")), axis, keepdims)


@symbolic
def nanargmin(x, axis=None, keepdims=False):
    """`argmin` ignoring NaN."""
    return argmin(_nan_filled(x, float("inf")), axis, keepdims)


@symbolic
def nancumsum(x, axis=None, dtype=None):
    """`cumsum` treating NaN as 0."""
    return cumsum(_nan_filled(x, 0.0), axis, dtype)


@symbolic
def nancumprod(x, axis=None, dtype=None):
    """`cumprod` treating NaN as 1."""
    return cumprod(_nan_filled(x, 1.0), axis, dtype)


@symbolic
def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    """`quantile` over the non-NaN elements (NaN sorts last, so ranks count only them)."""
    return _quantile(x, q, axis, method, keepdims, ignore_nan=True)


@symbolic
def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    """`percentile` over the non-NaN elements."""
    return _quantile(x, convert(q, "float64") / 100.0, axis, method, keepdims, ignore_nan=True)


@symbolic
def nanmedian(x, axis=None, keepdims=False):
    """`median` over the non-NaN elements."""
    return _quantile(x, 0.5, axis, "linear", keepdims, ignore_nan=True)


@symbolic
def corrcoef(x):
    """Pearson correlation coefficients of the rows of `x` (each row a variable)."""
    x = to_float(x)
    if x.ndim == 1:
        x = _core.expand_dims(x, 0)
    centered = x - _core.reduce_mean(x, [1], True)
    cov = _core.matmul(centered, centered, False, True)
    scale = _core.sqrt(_core.reduce_sum(_core.square(centered), [1], False))
    out = cov / (_core.expand_dims(scale, 1) * _core.expand_dims(scale, 0))
    out = _core.clip_by_value(out, -1.0, 1.0)
    return out[0, 0] if out.shape == (1, 1) else out
