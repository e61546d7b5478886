"""Elementwise maths of `keras.ops` (NumPy's names): arithmetic, powers and logarithms,
trigonometry, rounding, comparisons, logical and bit operations.

Each function broadcasts like NumPy, promotes like Keras (see `_base`), computes in C++ and
is differentiable under `GradientTape` where it is in Keras.
"""

import math

from nnext import _core
from nnext.keras.keras_tensor import symbolic
from nnext.keras.ops._base import convert, float_operands, operands, to_float

__all__ = [
    "abs",
    "absolute",
    "add",
    "allclose",
    "angle",
    "arccos",
    "arccosh",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctan2",
    "arctanh",
    "bitwise_and",
    "bitwise_invert",
    "bitwise_left_shift",
    "bitwise_not",
    "bitwise_or",
    "bitwise_right_shift",
    "bitwise_xor",
    "cbrt",
    "ceil",
    "clip",
    "conj",
    "conjugate",
    "cos",
    "cosh",
    "deg2rad",
    "divide",
    "divide_no_nan",
    "equal",
    "erf",
    "erfc",
    "erfinv",
    "exp",
    "exp2",
    "expm1",
    "fabs",
    "floor",
    "floor_divide",
    "fmax",
    "fmin",
    "fmod",
    "gcd",
    "greater",
    "greater_equal",
    "heaviside",
    "hypot",
    "imag",
    "isclose",
    "isfinite",
    "isinf",
    "isnan",
    "isneginf",
    "isposinf",
    "isreal",
    "lcm",
    "ldexp",
    "left_shift",
    "less",
    "less_equal",
    "log",
    "log1p",
    "log2",
    "log10",
    "logaddexp",
    "logaddexp2",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "maximum",
    "minimum",
    "mod",
    "multiply",
    "nan_to_num",
    "negative",
    "nextafter",
    "not_equal",
    "power",
    "rad2deg",
    "real",
    "reciprocal",
    "right_shift",
    "round",
    "rsqrt",
    "sign",
    "signbit",
    "sin",
    "sinc",
    "sinh",
    "sqrt",
    "square",
    "subtract",
    "tan",
    "tanh",
    "true_divide",
    "trunc",
]


def _float_fn(core_fn, name, summary):
    """A float-valued elementwise function: integer and bool inputs compute in floatx."""

    def fn(x):
        return core_fn(to_float(x))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"""{summary}

    Args:
        x: input tensor (integers compute in `floatx()`).

    Returns:
        A float tensor of the same shape.
    """
    return symbolic(fn)


sin = _float_fn(_core.sin, "sin", "Trigonometric sine, element-wise.")
cos = _float_fn(_core.cos, "cos", "Trigonometric cosine, element-wise.")
tan = _float_fn(_core.tan, "tan", "Trigonometric tangent, element-wise.")
arcsin = _float_fn(_core.arcsin, "arcsin", "Inverse sine, element-wise (values in [-pi/2, pi/2]).")
arccos = _float_fn(_core.arccos, "arccos", "Inverse cosine, element-wise (values in [0, pi]).")
arctan = _float_fn(_core.arctan, "arctan", "Inverse tangent, element-wise.")
sinh = _float_fn(_core.sinh, "sinh", "Hyperbolic sine, element-wise.")
cosh = _float_fn(_core.cosh, "cosh", "Hyperbolic cosine, element-wise.")
tanh = _float_fn(_core.tanh, "tanh", "Hyperbolic tangent, element-wise.")
arcsinh = _float_fn(_core.arcsinh, "arcsinh", "Inverse hyperbolic sine, element-wise.")
arccosh = _float_fn(_core.arccosh, "arccosh", "Inverse hyperbolic cosine, element-wise.")
arctanh = _float_fn(_core.arctanh, "arctanh", "Inverse hyperbolic tangent, element-wise.")
exp = _float_fn(_core.exp, "exp", "`e ** x`, element-wise.")
expm1 = _float_fn(_core.expm1, "expm1", "`exp(x) - 1`, accurate for small `x`.")
log = _float_fn(_core.log, "log", "Natural logarithm, element-wise.")
log1p = _float_fn(_core.log1p, "log1p", "`log(1 + x)`, accurate for small `x`.")
sqrt = _float_fn(_core.sqrt, "sqrt", "Non-negative square root, element-wise.")
cbrt = _float_fn(_core.cbrt, "cbrt", "Cube root, element-wise (negative for negative `x`).")
erf = _float_fn(_core.erf, "erf", "The Gauss error function `2/sqrt(pi) * int_0^x exp(-t^2) dt`.")
erfc = _float_fn(_core.erfc, "erfc", "The complementary error function `1 - erf(x)`.")
erfinv = _float_fn(_core.erfinv, "erfinv", "The inverse of `erf` on (-1, 1).")
fabs = _float_fn(_core.abs, "fabs", "Absolute value as a float, element-wise.")


@symbolic
def exp2(x):
    """`2 ** x`, element-wise (integers compute in `floatx()`)."""
    x = to_float(x)
    return _core.exp(x * math.log(2.0))


@symbolic
def log2(x):
    """Base-2 logarithm, element-wise."""
    return _core.log(to_float(x)) / math.log(2.0)


@symbolic
def log10(x):
    """Base-10 logarithm, element-wise."""
    return _core.log(to_float(x)) / math.log(10.0)


@symbolic
def rsqrt(x):
    """`1 / sqrt(x)`, element-wise."""
    x = to_float(x)
    return 1.0 / _core.sqrt(x)


@symbolic
def sinc(x):
    """The normalized sinc `sin(pi x) / (pi x)`, 1 at 0."""
    x = to_float(x)
    px = x * math.pi
    zero = _core.equal(x, 0.0)
    safe = _core.where(zero, _core.ones_like(px), px)
    return _core.where(zero, _core.ones_like(px), _core.sin(safe) / safe)


@symbolic
def deg2rad(x):
    """Degrees to radians."""
    return to_float(x) * (math.pi / 180.0)


@symbolic
def rad2deg(x):
    """Radians to degrees."""
    return to_float(x) * (180.0 / math.pi)


@symbolic
def abs(x):
    """Absolute value, element-wise (keeps the dtype)."""
    return _core.abs(convert(x))


absolute = abs


@symbolic
def negative(x):
    """`-x`, element-wise."""
    return _core.negative(convert(x))


@symbolic
def sign(x):
    """-1, 0 or 1 by the sign of `x` (keeps the dtype)."""
    return _core.sign(convert(x))


@symbolic
def square(x):
    """`x * x`, element-wise; bool counts as int32."""
    x = convert(x)
    if x.dtype.name == "bool":
        x = _core.cast(x, "int32")
    return _core.square(x)


@symbolic
def reciprocal(x):
    """`1 / x`, element-wise (integers compute in `floatx()`)."""
    return 1.0 / to_float(x)


@symbolic
def floor(x):
    """The largest integer not above `x` (integers give `floatx()`, as Keras)."""
    return _core.floor(to_float(x))


@symbolic
def ceil(x):
    """The smallest integer not below `x` (integers give `floatx()`, as Keras)."""
    return _core.ceil(to_float(x))


@symbolic
def trunc(x):
    """`x` rounded towards zero (integers pass through)."""
    return _core.trunc(convert(x))


@symbolic
def round(x, decimals=0):
    """`x` rounded to `decimals` decimals, halves to even (as NumPy).

    Args:
        x: input tensor.
        decimals: number of decimals (negative: tens, hundreds, ...).
    """
    x = convert(x)
    if not x.dtype.is_floating:
        if decimals >= 0:
            return x
        scale = 10 ** (-int(decimals))
        return _core.cast(_core.round_half_even(_core.cast(x, "float64") / scale) * scale, x.dtype)
    if decimals == 0:
        return _core.round_half_even(x)
    scale = 10.0 ** int(decimals)
    return _core.round_half_even(x * scale) / scale


@symbolic
def signbit(x):
    """True where the sign bit is set (negative numbers and -0.0)."""
    return _core.signbit(convert(x))


@symbolic
def isnan(x):
    """True where `x` is NaN."""
    return _core.is_nan(convert(x))


@symbolic
def isinf(x):
    """True where `x` is +inf or -inf."""
    return _core.is_inf(convert(x))


@symbolic
def isfinite(x):
    """True where `x` is neither infinite nor NaN."""
    return _core.is_finite(convert(x))


@symbolic
def isposinf(x):
    """True where `x` is +inf."""
    x = convert(x)
    return _core.logical_and(_core.is_inf(x), _core.greater(x, 0))


@symbolic
def isneginf(x):
    """True where `x` is -inf."""
    x = convert(x)
    return _core.logical_and(_core.is_inf(x), _core.less(x, 0))


@symbolic
def isreal(x):
    """True everywhere: nnext tensors are real."""
    return _core.cast(_core.ones_like(convert(x)), "bool")


@symbolic
def real(x):
    """The real part: `x` itself for real tensors."""
    return _core.real(convert(x))


@symbolic
def imag(x):
    """The imaginary part: zeros for real tensors."""
    return _core.imag(convert(x))


@symbolic
def conjugate(x):
    """The complex conjugate: `x` itself for real tensors."""
    return _core.conj(convert(x))


conj = conjugate


@symbolic
def angle(x):
    """The argument of each element: pi for negative reals, 0 otherwise."""
    x = convert(x)
    if x.dtype.is_complex:
        return _core.angle(x)
    x = to_float(x)
    return _core.where(_core.less(x, 0.0), _core.ones_like(x) * math.pi, _core.zeros_like(x))


def _binary(core_fn, name, summary, floating=False):
    def fn(x1, x2):
        a, b = (float_operands if floating else operands)(x1, x2)
        return core_fn(a, b)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"""{summary}

    Args:
        x1, x2: input tensors or numbers; they broadcast.

    Returns:
        A tensor of the broadcast shape.
    """
    return symbolic(fn)


add = _binary(_core.add, "add", "`x1 + x2`, element-wise.")
multiply = _binary(_core.multiply, "multiply", "`x1 * x2`, element-wise.")
subtract = _binary(_core.subtract, "subtract", "`x1 - x2`, element-wise.")
divide = _binary(_core.divide, "divide", "`x1 / x2` (true division), element-wise.", True)
true_divide = _binary(_core.divide, "true_divide", "Alias of `divide`.", True)
floor_divide = _binary(_core.floordiv, "floor_divide", "`x1 // x2`, rounded towards -inf.")
mod = _binary(_core.mod, "mod", "`x1 % x2`, with the sign of `x2` (as NumPy).")
maximum = _binary(_core.maximum, "maximum", "The larger of `x1` and `x2`, element-wise.")
minimum = _binary(_core.minimum, "minimum", "The smaller of `x1` and `x2`, element-wise.")
arctan2 = _binary(_core.arctan2, "arctan2", "The angle of the point (x2, x1), in [-pi, pi].", True)
hypot = _binary(_core.hypot, "hypot", "`sqrt(x1**2 + x2**2)` without overflow.", True)
nextafter = _binary(_core.nextafter, "nextafter", "The next float after `x1` towards `x2`.", True)
equal = _binary(_core.equal, "equal", "`x1 == x2`, element-wise.")
not_equal = _binary(_core.not_equal, "not_equal", "`x1 != x2`, element-wise.")
greater = _binary(_core.greater, "greater", "`x1 > x2`, element-wise.")
greater_equal = _binary(_core.greater_equal, "greater_equal", "`x1 >= x2`, element-wise.")
less = _binary(_core.less, "less", "`x1 < x2`, element-wise.")
less_equal = _binary(_core.less_equal, "less_equal", "`x1 <= x2`, element-wise.")


@symbolic
def fmod(x1, x2):
    """The remainder of `x1 / x2` with the sign of `x1` (C's fmod)."""
    a, b = operands(x1, x2)
    if a.dtype.is_floating:
        return _core.fmod(a, b)
    # Integer remainder truncated towards zero: a - trunc(a / b) * b, exactly in int64.
    q = _core.cast(
        _core.trunc(_core.divide(_core.cast(a, "float64"), _core.cast(b, "float64"))), a.dtype
    )
    return _core.subtract(a, _core.multiply(q, b))


@symbolic
def power(x1, x2):
    """`x1 ** x2`, element-wise."""
    a, b = operands(x1, x2)
    if not a.dtype.is_floating and bool(_core.reduce_any(_core.less(b, 0))):
        raise ValueError("Integers to negative integer powers are not allowed.")
    return _core.pow(a, b)


@symbolic
def fmax(x1, x2):
    """The larger of `x1` and `x2`, ignoring NaN (NaN only where both are NaN)."""
    a, b = operands(x1, x2)
    if not a.dtype.is_floating:
        return _core.maximum(a, b)
    return _core.where(_core.is_nan(a), b, _core.where(_core.is_nan(b), a, _core.maximum(a, b)))


@symbolic
def fmin(x1, x2):
    """The smaller of `x1` and `x2`, ignoring NaN (NaN only where both are NaN)."""
    a, b = operands(x1, x2)
    if not a.dtype.is_floating:
        return _core.minimum(a, b)
    return _core.where(_core.is_nan(a), b, _core.where(_core.is_nan(b), a, _core.minimum(a, b)))


@symbolic
def divide_no_nan(x1, x2):
    """`x1 / x2`, and 0 where `x2` is 0."""
    a, b = float_operands(x1, x2)
    zero = _core.equal(b, 0)
    safe = _core.where(zero, _core.ones_like(b), b)
    return _core.where(zero, _core.zeros_like(a * b), a / safe)


@symbolic
def logaddexp(x1, x2):
    """`log(exp(x1) + exp(x2))`, computed stably."""
    a, b = float_operands(x1, x2)
    top = _core.maximum(a, b)
    return top + _core.log1p(_core.exp(-_core.abs(a - b)))


@symbolic
def logaddexp2(x1, x2):
    """`log2(2**x1 + 2**x2)`, computed stably."""
    a, b = float_operands(x1, x2)
    ln2 = math.log(2.0)
    top = _core.maximum(a, b)
    return top + _core.log1p(_core.exp(-_core.abs(a - b) * ln2)) / ln2


@symbolic
def heaviside(x1, x2):
    """The Heaviside step: 0 for `x1 < 0`, `x2` at 0, 1 for `x1 > 0`."""
    a, b = float_operands(x1, x2)
    step = _core.cast(_core.greater(a, 0), a.dtype)
    return _core.where(_core.equal(a, 0), b + _core.zeros_like(a), step + _core.zeros_like(b))


@symbolic
def ldexp(x1, x2):
    """`x1 * 2 ** x2` (`x2` integer)."""
    x2 = convert(x2)
    if x2.dtype.is_floating:
        raise TypeError(f"ldexp exponent must be an integer type. Received: x2={x2.dtype.name}")
    x1 = to_float(x1)
    exponent = _core.cast(x2, x1.dtype)
    return x1 * _core.pow(_core.ones_like(exponent) * 2.0, exponent)


@symbolic
def clip(x, x_min, x_max):
    """`x` limited to [x_min, x_max] (bool counts as int32).

    Example:
        >>> keras.ops.clip([-1.0, 0.5, 3.0], 0.0, 1.0)
        [0.0, 0.5, 1.0]
    """
    x = convert(x)
    if x.dtype.name == "bool":
        x = _core.cast(x, "int32")
    lo, hi = convert(x_min, x.dtype), convert(x_max, x.dtype)
    return _core.minimum(_core.maximum(x, lo), hi)


@symbolic
def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    """NaN replaced by `nan`, infinities by `posinf`/`neginf` (default: the dtype's
    largest and lowest finite values)."""
    import numpy as np

    x = convert(x)
    if not x.dtype.is_floating:
        return x
    info = np.finfo(x.dtype.name)
    posinf = float(info.max) if posinf is None else posinf
    neginf = float(info.min) if neginf is None else neginf
    full = _core.ones_like(x)
    x = _core.where(_core.is_nan(x), full * nan, x)
    x = _core.where(isposinf(x), full * posinf, x)
    return _core.where(isneginf(x), full * neginf, x)


@symbolic
def isclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True where `|x1 - x2| <= atol + rtol * |x2|` (infinities equal only to themselves)."""
    a, b = float_operands(x1, x2)
    close = _core.less_equal(_core.abs(a - b), atol + rtol * _core.abs(b))
    close = _core.logical_or(close, _core.equal(a, b))
    if equal_nan:
        close = _core.logical_or(close, _core.logical_and(_core.is_nan(a), _core.is_nan(b)))
    return close


@symbolic
def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when `isclose` holds everywhere (a 0-d bool tensor)."""
    return _core.reduce_all(isclose(x1, x2, rtol, atol, equal_nan))


def _logical(core_fn, name, summary):
    def fn(x1, x2):
        return core_fn(_core.cast(convert(x1), "bool"), _core.cast(convert(x2), "bool"))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"{summary}\n\n    Returns:\n        A bool tensor of the broadcast shape.\n"
    return symbolic(fn)


logical_and = _logical(_core.logical_and, "logical_and", "`x1 and x2`, element-wise.")
logical_or = _logical(_core.logical_or, "logical_or", "`x1 or x2`, element-wise.")
logical_xor = _logical(_core.not_equal, "logical_xor", "`x1 != x2` as truth values.")


@symbolic
def logical_not(x):
    """`not x`, element-wise."""
    return _core.logical_not(convert(x))


def _bitwise(core_fn, name, summary):
    def fn(x, y):
        a, b = operands(x, y)
        return core_fn(a, b)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"{summary}\n\n    Args:\n        x, y: integer (or bool) tensors.\n"
    return symbolic(fn)


bitwise_and = _bitwise(_core.bitwise_and, "bitwise_and", "Bitwise AND of integers.")
bitwise_or = _bitwise(_core.bitwise_or, "bitwise_or", "Bitwise OR of integers.")
bitwise_xor = _bitwise(_core.bitwise_xor, "bitwise_xor", "Bitwise XOR of integers.")
bitwise_left_shift = _bitwise(
    _core.bitwise_left_shift, "bitwise_left_shift", "`x << y` (0 when shifted past the width)."
)
bitwise_right_shift = _bitwise(
    _core.bitwise_right_shift, "bitwise_right_shift", "`x >> y`, arithmetic (sign-extending)."
)
left_shift = _bitwise(_core.bitwise_left_shift, "left_shift", "Alias of `bitwise_left_shift`.")
right_shift = _bitwise(_core.bitwise_right_shift, "right_shift", "Alias of `bitwise_right_shift`.")
gcd = _bitwise(_core.gcd, "gcd", "Greatest common divisor of integers (non-negative).")
lcm = _bitwise(_core.lcm, "lcm", "Least common multiple of integers (non-negative).")


@symbolic
def bitwise_invert(x):
    """`~x`: bits flipped for integers, logical not for bool."""
    return _core.bitwise_invert(convert(x))


bitwise_not = bitwise_invert
