"""Creating tensors in `keras.ops`: filled, ranges, identity-like and window functions.

Float results default to `floatx()`; integer arguments of `arange` give int32, as Keras.
"""

import math

import numpy as np

from nnext import _core
from nnext.keras.keras_tensor import symbolic
from nnext.keras.ops._base import (
    convert,
    dtype_of,
    floatx,
    result_type,
    shape_tuple,
    standardize_dtype,
    to_float,
)

__all__ = [
    "arange",
    "array",
    "bartlett",
    "blackman",
    "empty",
    "empty_like",
    "eye",
    "full",
    "full_like",
    "geomspace",
    "hamming",
    "hanning",
    "i0",
    "identity",
    "kaiser",
    "linspace",
    "logspace",
    "ones",
    "ones_like",
    "tri",
    "vander",
    "zeros",
    "zeros_like",
]


def _dtype_or_floatx(dtype):
    return standardize_dtype(dtype) or floatx()


def zeros(shape, dtype=None):
    """A tensor of `shape` filled with zeros (`floatx()` unless `dtype`)."""
    return _core.zeros(list(shape_tuple(shape)), _dtype_or_floatx(dtype))


def ones(shape, dtype=None):
    """A tensor of `shape` filled with ones (`floatx()` unless `dtype`)."""
    return _core.ones(list(shape_tuple(shape)), _dtype_or_floatx(dtype))


def empty(shape, dtype=None):
    """A tensor of `shape` (zero-filled here: nnext hands out no uninitialised memory)."""
    return zeros(shape, dtype)


def full(shape, fill_value, dtype=None):
    """A tensor of `shape` filled with `fill_value` (`floatx()` unless `dtype`)."""
    value = convert(fill_value, _dtype_or_floatx(dtype))
    return _core.broadcast_to(value, list(shape_tuple(shape))) + _core.zeros([], value.dtype.name)


@symbolic
def zeros_like(x, dtype=None):
    """Zeros with the shape (and dtype, unless `dtype`) of `x`."""
    x = convert(x)
    return _core.zeros(list(x.shape), standardize_dtype(dtype) or x.dtype.name)


@symbolic
def ones_like(x, dtype=None):
    """Ones with the shape (and dtype, unless `dtype`) of `x`."""
    x = convert(x)
    return _core.ones(list(x.shape), standardize_dtype(dtype) or x.dtype.name)


@symbolic
def empty_like(x, dtype=None):
    """As `zeros_like` (nnext hands out no uninitialised memory)."""
    return zeros_like(x, dtype)


@symbolic
def full_like(x, fill_value, dtype=None):
    """`fill_value` with the shape of `x` (dtype: `dtype`, else `x`'s)."""
    x = convert(x)
    value = convert(fill_value, standardize_dtype(dtype) or x.dtype.name)
    return _core.broadcast_to(value, list(x.shape)) + _core.zeros([], value.dtype.name)


@symbolic
def array(x, dtype=None):
    """`x` as a tensor (a copy of NumPy input is not needed: nnext shares when it can)."""
    return convert(x, dtype)


def arange(start, stop=None, step=None, dtype=None):
    """Evenly spaced values in `[start, stop)` by `step` (int32 for integer arguments).

    Example:
        >>> keras.ops.arange(3)
        [0, 1, 2]
    """
    if stop is None:
        start, stop = 0, start
    step = 1 if step is None else step
    if dtype is None:
        dtype = result_type(*(dtype_of(v) for v in (start, stop, step)))
    dtype = standardize_dtype(dtype)
    if step == 0:
        raise ValueError("arange: `step` must not be 0")
    return _core._range(float(start), float(stop), float(step), dtype)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """`num` evenly spaced values from `start` to `stop` (excluded when not `endpoint`);
    array `start`/`stop` give one sequence per element, along `axis`."""
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    if dtype is None:
        dtype = result_type(dtype_of(start), dtype_of(stop), float)
    dtype = standardize_dtype(dtype)
    start_t, stop_t = convert(start, "float64"), convert(stop, "float64")
    div = (num - 1) if endpoint else num
    k = _core.reshape(
        _core._range(0.0, float(num), 1.0, "float64"), [-1] + [1] * max(start_t.ndim, stop_t.ndim)
    )
    delta = stop_t - start_t
    step = delta / div if div > 0 else delta * float("nan")
    values = start_t + k * (step if div > 0 else _core.zeros_like(delta))
    if endpoint and num > 1:  # the last point is `stop` exactly, as NumPy
        values = _core.concat([values[:-1], _core.expand_dims(stop_t + values[0] * 0.0, 0)], 0)
    if values.ndim > 1 and axis != 0:
        from nnext.keras.ops.numpy_shape import moveaxis

        values = moveaxis(values, 0, axis)
    values = _cast_linspace(values, dtype)
    return (values, _core.cast(step, dtype)) if retstep else values


def _cast_linspace(values, dtype):
    if dtype in ("int32", "int64"):
        values = _core.floor(values)
    return _core.cast(values, dtype)


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    """`base ** linspace(start, stop, ...)`."""
    dtype = standardize_dtype(dtype) or result_type(dtype_of(start), dtype_of(stop), float)
    exponents = linspace(start, stop, num, endpoint, dtype="float64", axis=axis)
    return _core.cast(_core.exp(exponents * math.log(float(base))), dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """`num` values from `start` to `stop` evenly spaced on a log scale."""
    dtype = standardize_dtype(dtype) or result_type(dtype_of(start), dtype_of(stop), float)
    s, e = float(start), float(stop)
    if s == 0 or e == 0:
        raise ValueError("Geometric sequence cannot include zero")
    sign = -1.0 if s < 0 and e < 0 else 1.0
    logs = linspace(
        math.log10(abs(s)), math.log10(abs(e)), num, endpoint, dtype="float64", axis=axis
    )
    values = _core.exp(logs * math.log(10.0)) * sign
    if num:
        values = _core.concat(
            [_core.reshape(_core.convert_to_tensor(s, "float64"), [1]), values[1:]], 0
        )
    if endpoint and num > 1:
        values = _core.concat(
            [values[:-1], _core.reshape(_core.convert_to_tensor(e, "float64"), [1])], 0
        )
    return _core.cast(values, dtype)


def eye(N, M=None, k=0, dtype=None):
    """A 2-D tensor with ones on the `k`-th diagonal (`floatx()` unless `dtype`)."""
    M = N if M is None else M
    rows, cols = np.arange(int(N))[:, None], np.arange(int(M))[None, :]
    mask = _core.convert_to_tensor(cols - rows == int(k))
    return _core.cast(mask, _dtype_or_floatx(dtype))


def identity(n, dtype=None):
    """The `n` x `n` identity (`floatx()` unless `dtype`)."""
    return eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=None):
    """Ones at and below the `k`-th diagonal, zeros above (`floatx()` unless `dtype`)."""
    M = N if M is None else M
    rows, cols = np.arange(int(N))[:, None], np.arange(int(M))[None, :]
    return _core.cast(_core.convert_to_tensor(cols - rows <= int(k)), _dtype_or_floatx(dtype))


@symbolic
def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of the 1-D `x`: columns `x ** (N-1), ..., x ** 0` (reversed
    when `increasing`)."""
    x = convert(x)
    if x.ndim != 1:
        raise ValueError(f"Input tensor must be 1-dimensional. Received: input.shape={x.shape}")
    n = x.shape[0] if N is None else int(N)
    powers = np.arange(n) if increasing else np.arange(n)[::-1]
    exponents = _core.cast(_core.convert_to_tensor(powers.astype(np.int64)), x.dtype.name)
    return _core.pow(_core.expand_dims(x, 1), _core.expand_dims(exponents, 0))


def _window_positions(x):
    n = int(x)
    return n, _core._range(0.0, float(n), 1.0, "float64")


def _window(values):
    return _core.cast(values, floatx())


def bartlett(x):
    """The Bartlett (triangular) window of `x` points."""
    n, k = _window_positions(x)
    if n <= 1:
        return _window(_core.ones([n], "float64"))
    return _window(1.0 - _core.abs(k * (2.0 / (n - 1)) - 1.0))


def _cosine_window(x, a0, a1, a2):
    n, k = _window_positions(x)
    if n <= 1:
        return _window(_core.ones([n], "float64"))
    phase = k * (2.0 * math.pi / (n - 1))
    return _window(a0 - _core.cos(phase) * a1 + _core.cos(phase * 2.0) * a2)


def blackman(x):
    """The Blackman window of `x` points."""
    return _cosine_window(x, 0.42, 0.5, 0.08)


def hamming(x):
    """The Hamming window of `x` points."""
    return _cosine_window(x, 0.54, 0.46, 0.0)


def hanning(x):
    """The Hann window of `x` points."""
    return _cosine_window(x, 0.5, 0.5, 0.0)


def kaiser(x, beta):
    """The Kaiser window of `x` points with shape parameter `beta`."""
    n, k = _window_positions(x)
    if n <= 1:
        return _window(_core.ones([n], "float64"))
    alpha = (n - 1) / 2.0
    ratio = (k - alpha) / alpha
    arg = _core.sqrt(_core.maximum(1.0 - ratio * ratio, 0.0)) * float(beta)
    return _window(_i0_float64(arg) / _i0_float64(_core.convert_to_tensor(float(beta), "float64")))


def _i0_float64(x):
    # I0(x) = sum_k ((x/2)^2)^k / (k!)^2: each term is the last times (x/2)^2 / k^2, all
    # positive, so the sum is accurate; 200 terms converge for |x| up to ~150.
    quarter_sq = _core.square(x * 0.5)
    term = _core.ones_like(x)
    total = _core.ones_like(x)
    for k in range(1, 200):
        term = term * quarter_sq / float(k * k)
        total = total + term
    return total


@symbolic
def i0(x):
    """The modified Bessel function of the first kind, order 0."""
    x = to_float(x)
    return _core.cast(_i0_float64(_core.cast(x, "float64")), x.dtype)
