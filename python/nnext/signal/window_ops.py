"""Window functions of ``tf.signal``: Hann, Hamming, Kaiser, Kaiser-Bessel-derived and
Vorbis, with TensorFlow's formulas and conventions. The windows depend on no tensor, so they
are computed in float64 NumPy and returned as constant tensors of ``dtype``."""

import math

import numpy as np

from nnext import _core, dtypes

__all__ = [
    "hamming_window",
    "hann_window",
    "kaiser_bessel_derived_window",
    "kaiser_window",
    "vorbis_window",
]


def _check(window_length, dtype):
    """(window length as an int, the DType); TensorFlow's ValueErrors."""
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"dtype must be a floating point type. Found {dtype}")
    array = window_length.numpy() if isinstance(window_length, _core.Tensor) else window_length
    array = np.asarray(array)
    if array.ndim != 0:
        raise ValueError(f"`window_length` must be a scalar, got shape {array.shape}")
    return int(array), dtype


def _scalar(value):
    return float(value.numpy() if isinstance(value, _core.Tensor) else value)


def _constant(values, dtype):
    return _core.convert_to_tensor(np.asarray(values, dtype=np.float64).astype(dtype.name))


def _raised_cosine(window_length, periodic, dtype, a, b):
    length, dtype = _check(window_length, dtype)
    if length == 1:
        return _constant([1.0], dtype)
    periodic = bool(periodic.numpy() if isinstance(periodic, _core.Tensor) else periodic)
    # A periodic window of even length is the symmetric window of length + 1 minus its
    # last sample (TensorFlow's `n = length + periodic * even - 1`).
    denominator = length + int(periodic) * (1 - length % 2) - 1
    count = np.arange(length, dtype=np.float64)
    return _constant(a - b * np.cos(2.0 * np.pi * count / denominator), dtype)


def hann_window(window_length, periodic=True, dtype="float32", name=None):
    """A Hann window: ``w[n] = 0.5 - 0.5 * cos(2 pi n / N)``, with ``N = window_length``
    for a periodic window of even length and ``window_length - 1`` otherwise.

    Args:
        window_length: the number of samples (an int or 0-d tensor).
        periodic: a periodic window (for spectral analysis) or a symmetric one (for
            filter design).
        dtype: a floating-point dtype.
        name: unused (TensorFlow's op name).

    Returns:
        A ``[window_length]`` tensor of ``dtype``.

    Raises:
        ValueError: ``dtype`` is not a floating-point type, or ``window_length`` is not a
            scalar.

    Example:
        >>> tf.signal.hann_window(4).numpy()
        array([0. , 0.5, 1. , 0.5], dtype=float32)
    """
    return _raised_cosine(window_length, periodic, dtype, 0.5, 0.5)


def hamming_window(window_length, periodic=True, dtype="float32", name=None):
    """A Hamming window: ``w[n] = 0.54 - 0.46 * cos(2 pi n / N)``, ``N`` as in
    ``hann_window``.

    Args:
        window_length: the number of samples (an int or 0-d tensor).
        periodic: a periodic window (for spectral analysis) or a symmetric one.
        dtype: a floating-point dtype.
        name: unused (TensorFlow's op name).

    Returns:
        A ``[window_length]`` tensor of ``dtype``.

    Raises:
        ValueError: ``dtype`` is not a floating-point type, or ``window_length`` is not a
            scalar.

    Example:
        >>> tf.signal.hamming_window(3, periodic=False).numpy()
        array([0.08, 1.  , 0.08], dtype=float32)
    """
    return _raised_cosine(window_length, periodic, dtype, 0.54, 0.46)


def _log_i0(x):
    """log I0(x) for x >= 0: NumPy's I0 below 700 (where it does not overflow) and the
    asymptotic series ``e^x / sqrt(2 pi x) * (1 + 1/(8x) + 9/(128x^2) + 225/(3072x^3))``
    above, whose next term is below 1e-13 there."""
    x = np.asarray(x, dtype=np.float64)
    small = x < 700.0
    out = np.empty_like(x)
    out[small] = np.log(np.i0(x[small]))
    big = x[~small]
    series = 1 + 1 / (8 * big) + 9 / (128 * big**2) + 225 / (3072 * big**3)
    out[~small] = big - 0.5 * np.log(2 * np.pi * big) + np.log(series)
    return out


def _kaiser(length, beta):
    if length == 1:
        return np.ones(1)
    half = (length - 1) / 2.0
    arg = np.arange(length, dtype=np.float64) - half
    num = beta * np.sqrt(np.maximum(0.0, 1.0 - np.square(arg / half)))
    # TensorFlow's exp(num - beta) * i0e(num) / i0e(beta) is I0(num) / I0(beta).
    return np.exp(_log_i0(num) - _log_i0(np.asarray([beta]))[0])


def kaiser_window(window_length, beta=12.0, dtype="float32", name=None):
    """A Kaiser window: ``w[n] = I0(beta * sqrt(1 - (2n / (L - 1) - 1)^2)) / I0(beta)`` for
    ``L = window_length`` (``I0`` the modified Bessel function of order 0), as
    ``numpy.kaiser``.

    Args:
        window_length: the number of samples (an int or 0-d tensor).
        beta: the shape parameter (larger: a wider main lobe and lower side lobes).
        dtype: a floating-point dtype.
        name: unused (TensorFlow's op name).

    Returns:
        A ``[window_length]`` tensor of ``dtype``.

    Raises:
        ValueError: ``dtype`` is not a floating-point type, or ``window_length`` is not a
            scalar.

    Example:
        >>> tf.signal.kaiser_window(3, beta=0.0).numpy()
        array([1., 1., 1.], dtype=float32)
    """
    length, dtype = _check(window_length, dtype)
    return _constant(_kaiser(length, _scalar(beta)), dtype)


def kaiser_bessel_derived_window(window_length, beta=12.0, dtype="float32", name=None):
    """A Kaiser-Bessel-derived window: with ``K`` the Kaiser window of ``L // 2 + 1``
    samples, the first half is ``sqrt(cumsum(K)[:-1] / sum(K))`` and the second half its
    mirror image (``L = window_length``).

    As in TensorFlow, an odd ``window_length`` gives ``window_length - 1`` samples.

    Args:
        window_length: the number of samples (an int or 0-d tensor).
        beta: the Kaiser window's shape parameter.
        dtype: a floating-point dtype.
        name: unused (TensorFlow's op name).

    Returns:
        A ``[2 * (window_length // 2)]`` tensor of ``dtype``.

    Raises:
        ValueError: ``dtype`` is not a floating-point type, or ``window_length`` is not a
            scalar.

    Example:
        >>> tf.signal.kaiser_bessel_derived_window(2).numpy()
        array([0.70710677, 0.70710677], dtype=float32)
    """
    length, dtype = _check(window_length, dtype)
    cumulative = np.cumsum(_kaiser(length // 2 + 1, _scalar(beta)))
    half = np.sqrt(cumulative[:-1] / cumulative[-1])
    return _constant(np.concatenate([half, half[::-1]]), dtype)


def vorbis_window(window_length, dtype="float32", name=None):
    """A Vorbis power-complementary window:
    ``w[n] = sin(pi / 2 * sin(pi * (n + 0.5) / L)^2)`` for ``L = window_length``.

    Args:
        window_length: the number of samples (an int or 0-d tensor).
        dtype: a floating-point dtype.
        name: unused (TensorFlow's op name).

    Returns:
        A ``[window_length]`` tensor of ``dtype``.

    Raises:
        ValueError: ``dtype`` is not a floating-point type, or ``window_length`` is not a
            scalar.

    Example:
        >>> tf.signal.vorbis_window(2).numpy()
        array([0.70710677, 0.70710677], dtype=float32)
    """
    length, dtype = _check(window_length, dtype)
    n = np.arange(length, dtype=np.float64)
    return _constant(np.sin(math.pi / 2.0 * np.sin(math.pi / length * (n + 0.5)) ** 2), dtype)
