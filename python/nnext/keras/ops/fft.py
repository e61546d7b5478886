"""Fourier transforms of `keras.ops` on (real, imaginary) pairs of real tensors, as Keras
takes and returns them: fft, fft2, ifft2, rfft, irfft, stft and istft.

Each transform is a product with the cosine and sine tables of the discrete Fourier
transform (a gemm per part), so it is exact to rounding and differentiable; the tables
are tf.signal's (``nnext.signal.fft_ops.dft_tables``, built once per length in float64).
Cost is O(n^2) per axis, fine for the frame lengths of audio front ends.
"""

import numpy as np

from nnext import _core
from nnext.keras.keras_tensor import symbolic
from nnext.keras.ops._base import convert, to_float
from nnext.signal.fft_ops import dft_tables as _tables

__all__ = ["fft", "fft2", "ifft2", "irfft", "istft", "rfft", "stft"]


def _pair(x):
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            f"Input `x` should be a tuple of two tensors - real and imaginary.Received: x={x}"
        )
    real, imag = to_float(x[0]), to_float(x[1])
    if tuple(real.shape) != tuple(imag.shape):
        raise ValueError(
            "Input `x` should be a tuple of two tensors - real and imaginary.Both the real "
            f"and imaginary parts should have the same shape. Received: x[0].shape = "
            f"{tuple(real.shape)}, x[1].shape = {tuple(imag.shape)}"
        )
    return real, imag


def _dft_last(real, imag, inverse):
    """The (inverse, 1/n-scaled) DFT of real + i imag along the last axis."""
    n = real.shape[-1]
    cos, sin = _tables(n, n, real.dtype.name)
    sign = 1.0 if inverse else -1.0
    out_r = _core.matmul(real, cos) - _core.matmul(imag, sin) * sign
    out_i = _core.matmul(imag, cos) + _core.matmul(real, sin) * sign
    if inverse and n:
        out_r, out_i = out_r / float(n), out_i / float(n)
    return out_r, out_i


def _swap_last_two(t):
    perm = list(range(t.ndim))
    perm[-1], perm[-2] = perm[-2], perm[-1]
    return _core.transpose(t, perm)


def _dft_2d(real, imag, inverse):
    real, imag = _dft_last(real, imag, inverse)
    real, imag = _dft_last(_swap_last_two(real), _swap_last_two(imag), inverse)
    return _swap_last_two(real), _swap_last_two(imag)


@symbolic
def fft(x):
    """The discrete Fourier transform along the last axis of `x = (real, imag)`.

    Returns:
        A tuple `(real, imag)` of the transform.
    """
    return _dft_last(*_pair(x), inverse=False)


@symbolic
def fft2(x):
    """The 2-D discrete Fourier transform over the last two axes of `x = (real, imag)`."""
    real, imag = _pair(x)
    if real.ndim < 2:
        raise ValueError(f"fft2 needs at least 2-D inputs. Received: shape={tuple(real.shape)}")
    return _dft_2d(real, imag, inverse=False)


@symbolic
def ifft2(x):
    """The inverse of `fft2` (scaled by 1 / (rows * columns))."""
    real, imag = _pair(x)
    if real.ndim < 2:
        raise ValueError(f"ifft2 needs at least 2-D inputs. Received: shape={tuple(real.shape)}")
    return _dft_2d(real, imag, inverse=True)


def _fit_last(x, n):
    """`x` cut or zero-padded to length n along the last axis."""
    have = x.shape[-1]
    if have >= n:
        return x[..., :n]
    widths = [[0, 0]] * (x.ndim - 1) + [[0, n - have]]
    return _core.pad(x, widths, "CONSTANT", 0.0)


@symbolic
def rfft(x, fft_length=None):
    """The DFT of real `x` along its last axis, the `n // 2 + 1` non-negative frequencies
    (`x` cut or zero-padded to `fft_length` first).

    Returns:
        A tuple `(real, imag)`.
    """
    x = to_float(x)
    n = x.shape[-1] if fft_length is None else int(fft_length)
    x = _fit_last(x, n)
    cos, sin = _tables(n, n // 2 + 1, x.dtype.name)
    return _core.matmul(x, cos), -_core.matmul(x, sin)


@symbolic
def irfft(x, fft_length=None):
    """The real inverse of `rfft`: length `fft_length` (default 2 (m - 1) for m bins);
    the input's bins are cut or zero-padded to `fft_length // 2 + 1`."""
    real, imag = _pair(x)
    n = 2 * (real.shape[-1] - 1) if fft_length is None else int(fft_length)
    if n <= 0:
        raise ValueError(f"Invalid number of FFT data points ({n}) specified.")
    bins = n // 2 + 1
    real, imag = _fit_last(real, bins), _fit_last(imag, bins)
    # Hermitian symmetry: interior bins count twice; DC (and Nyquist, for even n) once, and
    # their imaginary parts drop out.
    weights = np.full(bins, 2.0)
    weights[0] = 1.0
    if n % 2 == 0:
        weights[-1] = 1.0
    cos, sin = _tables(n, bins, real.dtype.name)
    w = _core.convert_to_tensor((weights / n).astype(real.dtype.name))
    return _core.matmul(real * w, cos, False, True) - _core.matmul(imag * w, sin, False, True)


def _window(window, sequence_length, fft_length, dtype):
    left = (fft_length - sequence_length) // 2
    right = fft_length - sequence_length - left
    if window is None:
        return None, np.ones(fft_length, dtype=dtype)
    if isinstance(window, str):
        if window not in ("hann", "hamming"):
            raise ValueError(
                'If a string is passed to `window`, it must be one of `"hann"`, `"hamming"`. '
                f"Received: window={window}"
            )
        # Periodic windows, as scipy.signal.get_window gives for spectral analysis.
        phase = 2.0 * np.pi * np.arange(sequence_length) / sequence_length
        a0 = 0.5 if window == "hann" else 0.54
        values = a0 - (1.0 - a0) * np.cos(phase)
    else:
        values = np.asarray(convert(window).numpy(), dtype=np.float64)
        if values.ndim != 1 or values.shape[-1] != sequence_length:
            raise ValueError(
                "The shape of `window` must be equal to [sequence_length].Received: window "
                f"shape={values.shape}"
            )
    padded = np.pad(values, [left, right]).astype(dtype)
    return padded, padded


def _frames_index(count, length, stride):
    return (np.arange(count)[:, None] * stride + np.arange(length)[None, :]).astype(np.int32)


@symbolic
def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    """Short-time Fourier transform of real `x` along its last axis: frames of
    `sequence_length` every `sequence_stride` samples, windowed, transformed with
    `fft_length` points (`center` reflect-pads by fft_length // 2 first).

    Returns:
        A tuple `(real, imag)`, each (..., num_frames, fft_length // 2 + 1).
    """
    x = convert(x)
    if x.dtype.name not in ("float32", "float64"):
        raise TypeError(
            f"Invalid input type. Expected `float32` or `float64`. Received: input type={x.dtype}"
        )
    if fft_length < sequence_length:
        raise ValueError(
            "`fft_length` must equal or larger than `sequence_length`. Received: "
            f"sequence_length={sequence_length}, fft_length={fft_length}"
        )
    window_values, _ = _window(window, sequence_length, fft_length, x.dtype.name)
    if center:
        half = fft_length // 2
        x = _core.pad(x, [[0, 0]] * (x.ndim - 1) + [[half, half]], "REFLECT", 0.0)
    count = 1 + (x.shape[-1] - fft_length) // sequence_stride
    index = _core.convert_to_tensor(_frames_index(count, fft_length, sequence_stride))
    frames = _core.gather(x, index, x.ndim - 1)
    if window_values is not None:
        frames = frames * _core.convert_to_tensor(window_values)
    return rfft(frames, fft_length)


@symbolic
def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann", center=True):
    """The inverse of `stft` by windowed overlap-add (`x = (real, imag)` of shape
    (..., num_frames, fft_length // 2 + 1)); `length` cuts the result."""
    real, imag = _pair(x)
    dtype = real.dtype.name
    window_values, weights = _window(window, sequence_length, fft_length, dtype)
    frames = irfft((real, imag), fft_length)  # (..., count, fft_length)
    count = frames.shape[-2]
    total = fft_length + sequence_stride * (count - 1)
    index = _frames_index(count, fft_length, sequence_stride).reshape(-1, 1)
    if window_values is not None:
        frames = frames * _core.convert_to_tensor(window_values)
    lead = list(frames.shape[:-2])
    rows = _core.reshape(frames, [-1, count * fft_length])
    summed = _core.scatter_nd(
        _core.convert_to_tensor(index), _core.transpose(rows, [1, 0]), [total, rows.shape[0]]
    )
    signal = _core.reshape(_core.transpose(summed, [1, 0]), lead + [total])
    norm = np.zeros(total)
    np.add.at(norm, index[:, 0], np.tile(weights.astype(np.float64) ** 2, count))
    norm = np.where(norm > 1e-10, norm, 1.0)
    if window_values is None:  # as Keras: the plain overlap-add, scaled by the stride
        norm = norm * sequence_stride / fft_length
    signal = signal / _core.convert_to_tensor(norm.astype(dtype))
    start = fft_length // 2 if center else 0
    if length is not None:
        end = start + int(length)
    elif center:
        end = total - fft_length // 2
    else:
        end = total
    return signal[..., start:end]
