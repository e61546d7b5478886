"""The rest of ``tf.math`` for real dtypes: rounding, special functions, safe divisions,
extra reductions and the cumulative ops.

Each function is a composition of C++ ops (so gradients come from their rules) or a direct
call of one; ``nnext.math`` re-exports them. ``lgamma`` and ``digamma`` are written as
vectorised series (Lanczos and the asymptotic expansion), accurate to float64 rounding
within about 1e-10 relative (tests/test_math_catalog.py compares them with SciPy).
"""

import math

from nnext import _core
from nnext.autodiff import stop_gradient

__all__ = [
    "accumulate_n",
    "acos",
    "acosh",
    "add_n",
    "angle",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "ceil",
    "conj",
    "cosh",
    "count_nonzero",
    "cumprod",
    "cumsum",
    "cumulative_logsumexp",
    "digamma",
    "divide_no_nan",
    "erf",
    "erfc",
    "erfcinv",
    "erfinv",
    "expm1",
    "floor",
    "imag",
    "is_non_decreasing",
    "is_strictly_increasing",
    "l2_normalize",
    "lbeta",
    "lgamma",
    "log_sigmoid",
    "log_softmax",
    "logical_xor",
    "multiply_no_nan",
    "ndtri",
    "nextafter",
    "polyval",
    "real",
    "reciprocal",
    "reciprocal_no_nan",
    "reduce_euclidean_norm",
    "reduce_logsumexp",
    "reduce_std",
    "reduce_variance",
    "rint",
    "round",
    "rsqrt",
    "scalar_mul",
    "sinh",
    "softmax",
    "softplus",
    "softsign",
    "squared_difference",
    "tan",
    "truncatediv",
    "truncatemod",
    "xdivy",
    "xlog1py",
    "xlogy",
    "zero_fraction",
]


def _t(x):
    return x if isinstance(x, _core.Tensor) else _core.convert_to_tensor(x)


def _float(x):
    """``x`` as a tensor; integers and bools compute in float32, as TensorFlow's float ops
    require floats (the result keeps the float dtype)."""
    x = _t(x)
    if x.dtype.is_complex:  # a cast would drop the imaginary parts
        raise TypeError(f"expected a real tensor, got {x.dtype.name}: no complex kernel here")
    return x if x.dtype.is_floating else _core.cast(x, "float32")


def _like(value, x):
    return _core.convert_to_tensor(value, x.dtype)


# -- rounding and elementwise --------------------------------------------------------------


def floor(x, name=None):
    """The largest integer not greater than ``x``, elementwise (gradient zero)."""
    return _core.floor(x)


def ceil(x, name=None):
    """The smallest integer not less than ``x``, elementwise (gradient zero)."""
    return _core.ceil(x)


def round(x, name=None):
    """Rounds to the nearest integer, halves to even (banker's rounding), as ``tf.round``.

    >>> nnext.math.round([0.5, 1.5, 2.5, -0.5]).numpy()
    array([ 0.,  2.,  2., -0.], dtype=float32)
    """
    return _core.round_half_even(x)


def rint(x, name=None):
    """Rounds to the nearest integer, halves to even (``tf.math.rint``)."""
    return _core.round_half_even(x)


def reciprocal(x, name=None):
    """``1 / x`` elementwise."""
    x = _t(x)
    return _core.divide(_like(1, x), x)


def reciprocal_no_nan(x, name=None):
    """``1 / x``, with 0 where ``x`` is 0."""
    return divide_no_nan(_like(1, _t(x)), x)


def rsqrt(x, name=None):
    """``1 / sqrt(x)`` elementwise."""
    return reciprocal(_core.sqrt(x))


def squared_difference(x, y, name=None):
    """``(x - y)**2`` elementwise, broadcasting."""
    return _core.square(_core.subtract(x, y))


def atan2(y, x, name=None):
    """The angle of the point ``(x, y)``: ``arctan(y / x)`` in the right quadrant."""
    return _core.arctan2(y, x)


def erf(x, name=None):
    """The Gauss error function ``2/sqrt(pi) * integral_0^x exp(-t^2) dt``."""
    return _core.erf(x)


def erfc(x, name=None):
    """``1 - erf(x)``, accurate for large ``x``."""
    return _core.erfc(x)


def erfinv(x, name=None):
    """The inverse of ``erf`` on (-1, 1)."""
    return _core.erfinv(x)


def erfcinv(x, name=None):
    """The inverse of ``erfc`` on (0, 2): ``erfinv(1 - x)``."""
    return _core.erfinv(_core.subtract(1.0, _float(x)))


def ndtri(x, name=None):
    """The inverse of the standard normal CDF: ``sqrt(2) * erfinv(2x - 1)``."""
    x = _float(x)
    return _core.multiply(_core.erfinv(_core.subtract(_core.multiply(x, 2.0), 1.0)), math.sqrt(2))


def expm1(x, name=None):
    """``exp(x) - 1``, accurate for small ``x``."""
    return _core.expm1(x)


tan, sinh, cosh = _core.tan, _core.sinh, _core.cosh
asin, acos, atan = _core.arcsin, _core.arccos, _core.arctan
asinh, acosh, atanh = _core.arcsinh, _core.arccosh, _core.arctanh
nextafter = _core.nextafter


def softplus(features, name=None):
    """``log(1 + exp(x))``, computed stably."""
    return _core.softplus(features)


def softmax(logits, axis=None, name=None):
    """``exp(x) / sum(exp(x))`` along ``axis`` (default -1), as ``tf.nn.softmax``."""
    return _core.softmax(logits, -1 if axis is None else int(axis))


def log_softmax(logits, axis=None, name=None):
    """``x - logsumexp(x)`` along ``axis`` (default -1), as ``tf.nn.log_softmax``."""
    return _core.log_softmax(logits, -1 if axis is None else int(axis))


def zero_fraction(value, name=None):
    """The fraction of zero elements of ``value`` (float32)."""
    return _core.reduce_mean(_core.cast(_core.equal(_t(value), 0), "float32"), None, False)


def log_sigmoid(x, name=None):
    """``log(sigmoid(x)) = -softplus(-x)``, stable for large ``|x|``."""
    return _core.negative(_core.softplus(_core.negative(_float(x))))


def softsign(features, name=None):
    """``x / (1 + |x|)``."""
    x = _float(features)
    return _core.divide(x, _core.add(_core.abs(x), 1.0))


def _zero_where_x_is_zero(x, value):
    # TensorFlow's x*log(y)-style ops are 0 wherever x == 0, even where value is inf/nan.
    return _core.where(_core.equal(x, 0), _core.zeros_like(value), value)


def xlogy(x, y, name=None):
    """``x * log(y)``, and 0 where ``x`` is 0."""
    x, y = _float(x), _float(y)
    return _zero_where_x_is_zero(x, _core.multiply(x, _core.log(y)))


def xlog1py(x, y, name=None):
    """``x * log1p(y)``, and 0 where ``x`` is 0."""
    x, y = _float(x), _float(y)
    return _zero_where_x_is_zero(x, _core.multiply(x, _core.log1p(y)))


def xdivy(x, y, name=None):
    """``x / y``, and 0 where ``x`` is 0."""
    x, y = _float(x), _float(y)
    return _zero_where_x_is_zero(x, _core.divide(x, y))


def divide_no_nan(x, y, name=None):
    """``x / y``, and 0 where ``y`` is 0 (the gradient is 0 there too)."""
    x, y = _float(x), _float(y)
    zero = _core.equal(y, 0)
    safe = _core.where(zero, _core.ones_like(y), y)
    q = _core.divide(x, safe)
    return _core.where(zero, _core.zeros_like(q), q)


def multiply_no_nan(x, y, name=None):
    """``x * y``, and 0 where ``y`` is 0 even if ``x`` is inf or nan."""
    x, y = _t(x), _t(y)
    p = _core.multiply(x, y)
    return _core.where(_core.equal(y, 0), _core.zeros_like(p), p)


def truncatediv(x, y, name=None):
    """Division rounding toward zero (C semantics)."""
    x, y = _t(x), _t(y)
    if x.dtype.is_floating or y.dtype.is_floating:
        return _core.trunc(_core.divide(x, y))
    q = _core.floordiv(x, y)
    inexact = _core.not_equal(_core.mod(x, y), 0)
    signs_differ = _core.not_equal(_core.less(x, 0), _core.less(y, 0))
    return _core.add(q, _core.cast(_core.logical_and(inexact, signs_differ), q.dtype))


def truncatemod(x, y, name=None):
    """The remainder of ``truncatediv``: its sign is that of ``x`` (C's ``fmod``)."""
    x, y = _t(x), _t(y)
    if x.dtype.is_floating or y.dtype.is_floating:
        return _core.fmod(x, y)
    # Exact for integers (fmod goes through float64, which rounds above 2^53); x % 0 is 0,
    # as NumPy's fmod.
    remainder = _core.subtract(x, _core.multiply(truncatediv(x, y), y))
    return _core.where(_core.equal(y, 0), _core.zeros_like(remainder), remainder)


def logical_xor(x, y, name=None):
    """``x != y`` on bool tensors."""
    x, y = _t(x), _t(y)
    if x.dtype.name != "bool" or y.dtype.name != "bool":
        raise TypeError(
            f"logical_xor: expected bool tensors, got {x.dtype.name} and {y.dtype.name}"
        )
    return _core.not_equal(x, y)


def conj(x, name=None):
    """The complex conjugate ``real - imag * 1j``; real tensors are returned unchanged."""
    return _core.conj(x)


def real(input, name=None):
    """The real part, in the real dtype (complex64 -> float32); real tensors unchanged."""
    return _core.real(input)


def imag(input, name=None):
    """The imaginary part, in the real dtype; zeros for real tensors (floats for integers)."""
    x = _t(input)
    return _core.imag(x if x.dtype.is_complex else _float(x))


def angle(input, name=None):
    """The argument ``atan2(imag, real)`` of a complex number; for real ``x``: pi where
    ``x < 0``, else 0 (integers compute in float32)."""
    x = _t(input)
    return _core.angle(x if x.dtype.is_complex else _float(x))


def scalar_mul(scalar, x, name=None):
    """``scalar * x`` for a 0-d ``scalar``."""
    s = _t(scalar)
    if s.ndim != 0:
        raise ValueError(f"scalar_mul: scalar must be 0-d, got shape {tuple(s.shape)}")
    return _core.multiply(s, x)


def add_n(inputs, name=None):
    """The elementwise sum of a list of tensors of one shape and dtype."""
    inputs = [_t(v) for v in inputs]
    if not inputs:
        raise ValueError(
            "inputs must be a list of at least one Tensor with the same dtype and shape"
        )
    for v in inputs[1:]:
        if tuple(v.shape) != tuple(inputs[0].shape) or v.dtype != inputs[0].dtype:
            raise ValueError(
                f"add_n: inputs must have the same shape and dtype, got {tuple(v.shape)} "
                f"{v.dtype.name} and {tuple(inputs[0].shape)} {inputs[0].dtype.name}"
            )
    total = inputs[0]
    for v in inputs[1:]:
        total = _core.add(total, v)
    return total


def accumulate_n(inputs, shape=None, tensor_dtype=None, name=None):
    """The elementwise sum of a list of tensors (``add_n``)."""
    return add_n(inputs)


def polyval(coeffs, x, name=None):
    """``coeffs[0] * x**(n-1) + ... + coeffs[n-1]`` by Horner's rule.

    >>> nnext.math.polyval([2.0, 0.0, 1.0], nnext.constant(3.0)).numpy()
    19.0
    """
    x = _t(x)
    if not isinstance(coeffs, (list, tuple)):
        raise ValueError(f"Argument coeffs must be list type found {type(coeffs)}.")  # noqa: TRY004
    if not coeffs:
        return _core.zeros_like(x)
    out = _core.add(_core.zeros_like(x), coeffs[0])
    for c in coeffs[1:]:
        out = _core.add(_core.multiply(out, x), c)
    return out


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """``x / sqrt(max(sum(x**2, axis), epsilon))``."""
    x = _float(x)
    axis = dim if axis is None else axis
    sq = _core.reduce_sum(_core.square(x), axis, True)
    return _core.multiply(x, rsqrt(_core.maximum(sq, epsilon)))


# -- special functions ---------------------------------------------------------------------

# Lanczos approximation, g = 7, n = 9 (Numerical Recipes' coefficients, public domain maths).
_LANCZOS_G = 7.0
_LANCZOS = (
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7,
)


def _lgamma_positive(x):
    # log Gamma(z + 1) = 0.5 log(2 pi) + (z + 0.5) log(t) - t + log(A(z)), t = z + g + 0.5
    z = _core.subtract(x, 1.0)
    a = _core.add(_core.zeros_like(z), _LANCZOS[0])
    for k, c in enumerate(_LANCZOS[1:], start=1):
        a = _core.add(a, _core.divide(_like(c, z), _core.add(z, float(k))))
    t = _core.add(z, _LANCZOS_G + 0.5)
    return _core.add(
        _core.add(_core.multiply(_core.add(z, 0.5), _core.log(t)), 0.5 * math.log(2 * math.pi)),
        _core.subtract(_core.log(a), t),
    )


def lgamma(x, name=None):
    """``log|Gamma(x)|``; below 0.5 through the reflection formula. Its gradient is
    ``digamma``.

    >>> nnext.math.lgamma([1.0, 0.5]).numpy()
    array([0.       , 0.5723649], dtype=float32)
    """
    x = _float(x)
    if x.dtype.name != "float64":
        # The series loses ~1e-7 in float32 (lgamma(1) = 4e-7): sum it in float64.
        return _core.cast(lgamma(_core.cast(x, "float64")), x.dtype)
    small = _core.less(x, 0.5)
    # Gamma(x) Gamma(1 - x) = pi / sin(pi x); each branch sees only safe arguments.
    right = _core.where(small, _core.subtract(1.0, x), x)
    direct = _lgamma_positive(right)
    sin_term = _core.abs(_core.sin(_core.multiply(x, math.pi)))
    reflected = _core.subtract(
        _core.subtract(_like(math.log(math.pi), x), _core.log(sin_term)), direct
    )
    return _core.where(small, reflected, direct)


def digamma(x, name=None):
    """The derivative of ``lgamma``: psi(x), by recurrence up to x >= 6, then the
    asymptotic series; negative arguments through the reflection formula."""
    x = _float(x)
    if x.dtype.name != "float64":
        return _core.cast(digamma(_core.cast(x, "float64")), x.dtype)
    negative = _core.less(x, 0.5)
    y = _core.where(negative, _core.subtract(1.0, x), x)
    shift = _core.zeros_like(y)
    for _ in range(6):
        # psi(y) = psi(y + 1) - 1/y, applied while y < 6
        low = _core.less(y, 6.0)
        shift = _core.where(low, _core.subtract(shift, _core.divide(_like(1.0, y), y)), shift)
        y = _core.where(low, _core.add(y, 1.0), y)
    inv = _core.divide(_like(1.0, y), y)
    # psi(y) ~ log y - 1/(2y) - 1/(12y^2) + 1/(120y^4) - 1/(252y^6) + 1/(240y^8) - 1/(132y^10)
    series = polyval(
        [-1.0 / 132, 1.0 / 240, -1.0 / 252, 1.0 / 120, -1.0 / 12, 0.0], _core.square(inv)
    )
    psi = _core.add(_core.subtract(_core.log(y), _core.multiply(inv, 0.5)), series)
    psi = _core.add(psi, shift)
    cot = _core.divide(_core.cos(_core.multiply(x, math.pi)), _core.sin(_core.multiply(x, math.pi)))
    reflected = _core.subtract(psi, _core.multiply(cot, math.pi))
    return _core.where(negative, reflected, psi)


def lbeta(x, name=None):
    """``log|Beta(x)|`` over the last axis: ``sum(lgamma(x)) - lgamma(sum(x))``."""
    x = _float(x)
    return _core.subtract(
        _core.reduce_sum(lgamma(x), -1, False), lgamma(_core.reduce_sum(x, -1, False))
    )


# -- reductions and scans ------------------------------------------------------------------


def _squeeze_axes(x, axis):
    if axis is None:
        return _core.reshape(x, [])
    return _core.squeeze(x, axis if isinstance(axis, (list, tuple)) else [axis])


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """The population variance ``mean((x - mean(x))**2)`` over ``axis``."""
    x = _float(input_tensor)
    centred = _core.subtract(x, _core.reduce_mean(x, axis, True))
    return _core.reduce_mean(_core.square(centred), axis, keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """The population standard deviation over ``axis``."""
    return _core.sqrt(reduce_variance(input_tensor, axis, keepdims))


def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None):
    """``log(sum(exp(x)))`` over ``axis``, stable for large values (the max is taken out).

    >>> nnext.reduce_logsumexp([1000.0, 1000.0]).numpy()
    1000.6931
    """
    x = _float(input_tensor)
    peak = _core.reduce_max(x, axis, True)
    # The shift carries no gradient and must be finite (all -inf gives -inf, not nan).
    peak = _core.where(_core.is_finite(peak), peak, _core.zeros_like(peak))
    peak = stop_gradient(peak)
    out = _core.add(
        _core.log(_core.reduce_sum(_core.exp(_core.subtract(x, peak)), axis, True)), peak
    )
    return out if keepdims else _squeeze_axes(out, axis)


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None):
    """``sqrt(sum(x**2))`` over ``axis``; integer inputs give an integer result."""
    x = _t(input_tensor)
    out = _core.sqrt(_core.reduce_sum(_core.square(_float(x)), axis, keepdims))
    return out if x.dtype.is_floating else _core.cast(out, x.dtype)


def count_nonzero(input, axis=None, keepdims=False, dtype="int64", name=None):
    """The number of non-zero elements over ``axis``."""
    x = _t(input)
    return _core.reduce_sum(_core.cast(_core.not_equal(x, 0), dtype), axis, keepdims)


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative sums along ``axis``; ``exclusive`` starts at 0, ``reverse`` from the end.

    >>> nnext.cumsum([1, 2, 3], exclusive=True).numpy()
    array([0, 1, 3], dtype=int32)
    """
    return _core.cumsum(x, int(axis), bool(exclusive), bool(reverse))


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative products along ``axis``; ``exclusive`` starts at 1."""
    return _core.cumprod(x, int(axis), bool(exclusive), bool(reverse))


def cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False, name=None):
    """``log(cumsum(exp(x)))`` along ``axis``, stable for large values."""
    x = _float(x)
    peak = _core.reduce_max(x, None, False)
    peak = stop_gradient(_core.where(_core.is_finite(peak), peak, _core.zeros_like(peak)))
    sums = _core.cumsum(
        _core.exp(_core.subtract(x, peak)), int(axis), bool(exclusive), bool(reverse)
    )
    return _core.add(_core.log(sums), peak)


def is_non_decreasing(x, name=None):
    """True when the flattened ``x`` never decreases."""
    flat = _core.reshape(_t(x), [-1])
    if flat.shape[0] < 2:
        return _core.convert_to_tensor(True)
    return _core.reduce_all(_core.greater_equal(flat[1:], flat[:-1]))


def is_strictly_increasing(x, name=None):
    """True when the flattened ``x`` always increases."""
    flat = _core.reshape(_t(x), [-1])
    if flat.shape[0] < 2:
        return _core.convert_to_tensor(True)
    return _core.reduce_all(_core.greater(flat[1:], flat[:-1]))
