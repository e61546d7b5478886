"""tnp's element-wise maths: NumPy's ufuncs on nnext tensors with NumPy's promotion.

Each function converts its operands with tnp's rules (`_arrays.operands`), computes with
the `keras.ops` function of the same name, and returns the dtype TensorFlow's tnp gives:

- arithmetic keeps the promoted dtype (`int32 + int64` is int64, `float32 + 1.5` stays
  float32); on bools `add`/`maximum` are `or`, `multiply`/`minimum` are `and`;
- float-valued functions (`sin`, `sqrt`, `true_divide`, ...) compute integer and bool
  inputs in the default float type (float64, float32 under `prefer_float32`). This is
  TensorFlow's rule; NumPy picks float16/float32 for int8/int16 inputs;
- comparisons, predicates and logical functions give bool.
"""

import numpy as np

from nnext import _core, dtypes
from nnext.experimental.numpy import _arrays, _dtypes
from nnext.keras.ops import numpy_math as kmath
from nnext.keras.ops import numpy_shape as kshape

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
    "around",
    "array_equal",
    "bitwise_and",
    "bitwise_not",
    "bitwise_or",
    "bitwise_xor",
    "cbrt",
    "ceil",
    "clip",
    "conj",
    "conjugate",
    "cos",
    "cosh",
    "deg2rad",
    "diff",
    "divide",
    "divmod",
    "e",
    "equal",
    "exp",
    "exp2",
    "expm1",
    "fabs",
    "fix",
    "float_power",
    "floor",
    "floor_divide",
    "gcd",
    "greater",
    "greater_equal",
    "heaviside",
    "hypot",
    "imag",
    "inf",
    "isclose",
    "iscomplex",
    "iscomplexobj",
    "isfinite",
    "isinf",
    "isnan",
    "isneginf",
    "isposinf",
    "isreal",
    "isrealobj",
    "lcm",
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
    "nan",
    "negative",
    "nextafter",
    "not_equal",
    "pi",
    "polyval",
    "positive",
    "power",
    "rad2deg",
    "real",
    "reciprocal",
    "remainder",
    "round",
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
]

pi = np.pi
e = np.e
inf = np.inf
nan = np.nan

cast = _arrays.cast


def _float_unary(keras_fn):
    def fn(x):
        (t,) = _arrays.float_operands(x)
        return cast(keras_fn(t), t.dtype)

    fn.__name__ = keras_fn.__name__
    fn.__doc__ = f"NumPy's `{keras_fn.__name__}`; integer inputs compute in the default float."
    return fn


def _same_unary(keras_fn):
    def fn(x):
        t = _arrays.asarray(x)
        return cast(keras_fn(t), t.dtype)

    fn.__name__ = keras_fn.__name__
    fn.__doc__ = f"NumPy's `{keras_fn.__name__}`, in the input's dtype."
    return fn


def _bool_unary(keras_fn):
    def fn(x):
        return cast(keras_fn(_arrays.asarray(x)), dtypes.bool)

    fn.__name__ = keras_fn.__name__
    fn.__doc__ = f"NumPy's `{keras_fn.__name__}` (bool)."
    return fn


arccos = _float_unary(kmath.arccos)
arccosh = _float_unary(kmath.arccosh)
arcsin = _float_unary(kmath.arcsin)
arcsinh = _float_unary(kmath.arcsinh)
arctan = _float_unary(kmath.arctan)
arctanh = _float_unary(kmath.arctanh)
cbrt = _float_unary(kmath.cbrt)
ceil = _float_unary(kmath.ceil)
cos = _float_unary(kmath.cos)
cosh = _float_unary(kmath.cosh)
deg2rad = _float_unary(kmath.deg2rad)
exp = _float_unary(kmath.exp)
exp2 = _float_unary(kmath.exp2)
expm1 = _float_unary(kmath.expm1)
fabs = _float_unary(kmath.fabs)
floor = _float_unary(kmath.floor)
log = _float_unary(kmath.log)
log10 = _float_unary(kmath.log10)
log1p = _float_unary(kmath.log1p)
log2 = _float_unary(kmath.log2)
rad2deg = _float_unary(kmath.rad2deg)
sin = _float_unary(kmath.sin)
sinc = _float_unary(kmath.sinc)
sinh = _float_unary(kmath.sinh)
sqrt = _float_unary(kmath.sqrt)
tan = _float_unary(kmath.tan)
tanh = _float_unary(kmath.tanh)
fix = _float_unary(kmath.trunc)
fix.__name__ = "fix"

abs = _same_unary(kmath.abs)
absolute = _same_unary(kmath.absolute)
negative = _same_unary(kmath.negative)
square = _same_unary(kmath.square)
sign = _same_unary(kmath.sign)
conj = _same_unary(kmath.conj)
conjugate = _same_unary(kmath.conjugate)
reciprocal = _same_unary(kmath.reciprocal)

isnan = _bool_unary(kmath.isnan)
isinf = _bool_unary(kmath.isinf)
isfinite = _bool_unary(kmath.isfinite)
isneginf = _bool_unary(kmath.isneginf)
isposinf = _bool_unary(kmath.isposinf)
signbit = _bool_unary(kmath.signbit)
isreal = _bool_unary(kmath.isreal)


def positive(x):
    """`a` itself, as a tnp array (unary `+`)."""
    return _arrays.asarray(x)


def real(val):
    """The real part: the array itself (nnext tensors are real)."""
    return _arrays.asarray(val)


def imag(val):
    """The imaginary part: zeros of the array's dtype (nnext tensors are real)."""
    return _core.zeros_like(_arrays.asarray(val))


def iscomplex(x):
    """True where the imaginary part is non-zero: nowhere, nnext tensors being real."""
    return _core.not_equal(imag(x), 0)


def iscomplexobj(x):
    """False: no nnext dtype is complex (a complex input fails to convert)."""
    _arrays.asarray(x)
    return False


def isrealobj(x):
    """True: nnext arrays are never complex."""
    return not iscomplexobj(x)


def angle(z, deg=False):
    """The argument of a real number as NumPy defines it, `arctan2(0, z)`: pi for
    negative values and -0.0, NaN for NaN, 0 otherwise (in degrees when `deg`)."""
    (t,) = _arrays.float_operands(z)
    y = kmath.arctan2(_core.zeros_like(t), t)
    return rad2deg(y) if deg else y


def logical_not(x):
    """The negated truth value of each element."""
    return _core.logical_not(_arrays.asarray(x, np.bool_))


def bitwise_not(x):
    """Bitwise inversion of integers, logical not of bools."""
    t = _arrays.asarray(x)
    if t.dtype == dtypes.bool:
        return _core.logical_not(t)
    return cast(kmath.bitwise_not(t), t.dtype)


def around(a, decimals=0):
    """Rounded to `decimals` decimals, halves to even; integers round in the default
    float and come back in their dtype."""
    t = _arrays.asarray(a)
    work = t if t.dtype.is_floating else cast(t, _dtypes.default_float_type())
    return cast(kmath.round(work, decimals), t.dtype)


def round(a, decimals=0):
    """`around`."""
    return around(a, decimals)


# -- binary -----------------------------------------------------------------------------

# On bools NumPy's arithmetic is logic (add is or, multiply is and); these keep bool.
_BOOL_AS_LOGIC = {"add": "or", "maximum": "or", "multiply": "and", "minimum": "and"}


def _same_binary(keras_fn, name=None):
    name = name or keras_fn.__name__

    def fn(x1, x2):
        a, b = _arrays.operands(x1, x2)
        if a.dtype == dtypes.bool:
            if name in _BOOL_AS_LOGIC:
                logic = _core.logical_or if _BOOL_AS_LOGIC[name] == "or" else _core.logical_and
                return logic(a, b)
            if name == "subtract":
                raise TypeError(
                    "numpy boolean subtract, the `-` operator, is not supported, use the "
                    "bitwise_xor, the `^` operator, or the logical_xor function instead."
                )
            if not name.startswith("bitwise"):
                a, b = cast(a, dtypes.int8), cast(b, dtypes.int8)
        return cast(keras_fn(a, b), a.dtype)

    fn.__name__ = name
    fn.__doc__ = f"NumPy's `{name}`, in the operands' promoted dtype."
    return fn


def _float_binary(keras_fn, name=None):
    name = name or keras_fn.__name__

    def fn(x1, x2):
        a, b = _arrays.float_operands(x1, x2)
        return cast(keras_fn(a, b), a.dtype)

    fn.__name__ = name
    fn.__doc__ = f"NumPy's `{name}`; integer operands compute in the default float."
    return fn


def _comparison(keras_fn):
    def fn(x1, x2):
        a, b = _arrays.operands(x1, x2)
        return cast(keras_fn(a, b), dtypes.bool)

    fn.__name__ = keras_fn.__name__
    fn.__doc__ = f"NumPy's `{keras_fn.__name__}` (bool), after promoting the operands."
    return fn


def _logical(core_fn, name):
    def fn(x1, x2):
        return core_fn(_arrays.asarray(x1, np.bool_), _arrays.asarray(x2, np.bool_))

    fn.__name__ = name
    fn.__doc__ = f"NumPy's `{name}` of the operands' truth values."
    return fn


add = _same_binary(kmath.add)
subtract = _same_binary(kmath.subtract)
multiply = _same_binary(kmath.multiply)
maximum = _same_binary(kmath.maximum)
minimum = _same_binary(kmath.minimum)
power = _same_binary(kmath.power)
mod = _same_binary(kmath.mod)
remainder = _same_binary(kmath.mod, "remainder")
floor_divide = _same_binary(kmath.floor_divide)
bitwise_and = _same_binary(kmath.bitwise_and)
bitwise_or = _same_binary(kmath.bitwise_or)
bitwise_xor = _same_binary(kmath.bitwise_xor)
gcd = _same_binary(kmath.gcd)
lcm = _same_binary(kmath.lcm)

true_divide = _float_binary(kmath.true_divide)
divide = _float_binary(kmath.divide)
arctan2 = _float_binary(kmath.arctan2)
hypot = _float_binary(kmath.hypot)
logaddexp = _float_binary(kmath.logaddexp)
logaddexp2 = _float_binary(kmath.logaddexp2)
nextafter = _float_binary(kmath.nextafter)
heaviside = _float_binary(kmath.heaviside)

equal = _comparison(kmath.equal)
not_equal = _comparison(kmath.not_equal)
greater = _comparison(kmath.greater)
greater_equal = _comparison(kmath.greater_equal)
less = _comparison(kmath.less)
less_equal = _comparison(kmath.less_equal)

logical_and = _logical(_core.logical_and, "logical_and")
logical_or = _logical(_core.logical_or, "logical_or")
logical_xor = _logical(_core.not_equal, "logical_xor")


def float_power(x1, x2):
    """`x1 ** x2` in float64 at least (NumPy's rule; TensorFlow's tnp keeps the promoted
    dtype here)."""
    a, b = _arrays.operands(x1, x2)
    wide = _dtypes.as_nnext_dtype(np.promote_types(np.dtype(a.dtype.name), np.float64))
    return kmath.power(cast(a, wide), cast(b, wide))


def divmod(x1, x2):
    """`(floor_divide(x1, x2), mod(x1, x2))`."""
    return floor_divide(x1, x2), mod(x1, x2)


def clip(a, a_min, a_max):
    """`a` limited to [a_min, a_max] (either bound may be None), bounds broadcasting and
    promoting as NumPy's."""
    if a_min is None and a_max is None:
        return _arrays.asarray(a)
    if a_min is None:
        return minimum(a, a_max)
    if a_max is None:
        return maximum(a, a_min)
    return minimum(maximum(a, a_min), a_max)


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True where `|a - b| <= atol + rtol * |b|` (NaNs equal when `equal_nan`)."""
    x, y = _arrays.float_operands(a, b)
    return cast(kmath.isclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan), dtypes.bool)


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when `isclose` holds for every element pair."""
    return _core.reduce_all(isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))


def array_equal(a1, a2):
    """A bool scalar: same shape and equal elements."""
    x, y = _arrays.operands(a1, a2)
    if tuple(x.shape) != tuple(y.shape):
        return _arrays.asarray(False)
    return _core.reduce_all(_core.equal(x, y))


def polyval(p, x):
    """The polynomial with coefficients `p` (highest power first) at `x`, by Horner's
    rule; a 0-order polynomial broadcasts to `x`'s shape."""
    coeffs, points = _arrays.operands(p, x)
    if coeffs.ndim == 0:
        coeffs = _core.reshape(coeffs, (1,))
    y = _core.zeros_like(points)
    for i in range(int(coeffs.shape[0])):
        y = y * points + coeffs[i]
    return y


def diff(a, n=1, axis=-1):
    """The n-th difference along `axis` (`!=` for bools, as NumPy)."""
    t = _arrays.asarray(a)
    if n < 0:
        raise ValueError(f"Argument `n` must be a non-negative integer. Received: n={n}")
    if t.ndim == 0:
        raise ValueError("diff requires input that is at least one dimensional")
    if not -t.ndim <= axis < t.ndim:
        raise ValueError(
            f"Argument `axis` (received axis={axis}) is out of bounds for input of rank {t.ndim}."
        )
    if t.dtype != dtypes.bool:
        return cast(kshape.diff(t, n=n, axis=axis), t.dtype) if n else t
    axis %= t.ndim
    head = [slice(None)] * t.ndim
    tail = [slice(None)] * t.ndim
    head[axis], tail[axis] = slice(1, None), slice(None, -1)
    for _ in range(n):
        t = _core.not_equal(t[tuple(head)], t[tuple(tail)])
    return t
