"""The mel scale of ``tf.signal``: ``linear_to_mel_weight_matrix`` (HTK's triangular mel
filters) and ``mfccs_from_log_mel_spectrograms``. Keras's ``MelSpectrogram`` layer uses the
same filter bank (``nnext.keras`` imports it from here)."""

import math

import numpy as np

from nnext import _core, dtypes
from nnext.signal.dct_ops import dct

__all__ = ["linear_to_mel_weight_matrix", "mfccs_from_log_mel_spectrograms"]

# HTK's mel scale: mel = 1127 ln(1 + f / 700).
_MEL_BREAK_FREQUENCY_HERTZ = 700.0
_MEL_HIGH_FREQUENCY_Q = 1127.0


def _hertz_to_mel(frequencies_hertz):
    return _MEL_HIGH_FREQUENCY_Q * np.log(1.0 + frequencies_hertz / _MEL_BREAK_FREQUENCY_HERTZ)


def _python_scalar(value):
    return value.numpy().item() if isinstance(value, _core.Tensor) else value


def _validate(num_mel_bins, sample_rate, lower_edge_hertz, upper_edge_hertz, dtype):
    """TensorFlow's checks and messages."""
    if num_mel_bins <= 0:
        raise ValueError(f"num_mel_bins must be positive. Got: {num_mel_bins}")
    if sample_rate <= 0.0:
        raise ValueError(f"sample_rate must be positive. Got: {sample_rate}")
    if lower_edge_hertz < 0.0:
        raise ValueError(f"lower_edge_hertz must be non-negative. Got: {lower_edge_hertz}")
    if lower_edge_hertz >= upper_edge_hertz:
        raise ValueError(
            f"lower_edge_hertz {lower_edge_hertz:.1f} >= upper_edge_hertz {upper_edge_hertz:.1f}"
        )
    if upper_edge_hertz > sample_rate / 2:
        raise ValueError(
            "upper_edge_hertz must not be larger than the Nyquist frequency (sample_rate / 2). "
            f"Got: {upper_edge_hertz} for sample_rate: {sample_rate}"
        )
    if not dtype.is_floating:
        raise ValueError(f"dtype must be a floating point type. Got: {dtype}")


def linear_to_mel_weight_matrix(
    num_mel_bins=20,
    num_spectrogram_bins=129,
    sample_rate=8000,
    lower_edge_hertz=125.0,
    upper_edge_hertz=3800.0,
    dtype="float32",
    name=None,
):
    """A ``[num_spectrogram_bins, num_mel_bins]`` matrix that maps a linear-frequency
    spectrogram (bins evenly spaced over ``[0, sample_rate / 2]``) to ``num_mel_bins``
    triangular mel bands between ``lower_edge_hertz`` and ``upper_edge_hertz``.

    The band edges are evenly spaced on HTK's mel scale, ``mel = 1127 ln(1 + f / 700)``;
    band ``m`` rises linearly (in mel) from edge ``m`` to 1 at edge ``m + 1`` and falls to 0
    at edge ``m + 2``. The DC bin gets no weight. ``M = tf.matmul(S, A)`` warps a
    ``[frames, num_spectrogram_bins]`` spectrogram ``S``.

    Args:
        num_mel_bins: the number of mel bands.
        num_spectrogram_bins: the spectrogram's bins (``fft_length // 2 + 1``).
        sample_rate: the signal's samples per second.
        lower_edge_hertz: the lower edge of the lowest band.
        upper_edge_hertz: the upper edge of the highest band.
        dtype: a floating-point dtype; the matrix is computed in it.
        name: unused (TensorFlow's op name).

    Returns:
        A ``[num_spectrogram_bins, num_mel_bins]`` tensor of ``dtype``.

    Raises:
        ValueError: ``num_mel_bins`` or ``sample_rate`` is not positive, ``lower_edge_hertz``
            is negative, the edges are out of order, ``upper_edge_hertz`` is above the
            Nyquist frequency, or ``dtype`` is not floating-point.

    Example:
        >>> tf.signal.linear_to_mel_weight_matrix(4, 9, 8000, 100.0, 3000.0).shape
        TensorShape([9, 4])
    """
    sample_rate = _python_scalar(sample_rate)
    num_spectrogram_bins = int(_python_scalar(num_spectrogram_bins))
    dtype = dtypes.as_dtype(dtype)
    _validate(num_mel_bins, sample_rate, lower_edge_hertz, upper_edge_hertz, dtype)
    if num_spectrogram_bins < 0:
        raise ValueError(f"num_spectrogram_bins must be non-negative. Got: {num_spectrogram_bins}")
    matrix = mel_weight_matrix_numpy(
        num_mel_bins,
        num_spectrogram_bins,
        sample_rate,
        lower_edge_hertz,
        upper_edge_hertz,
        dtype.name,
    )
    return _core.convert_to_tensor(matrix)


def mel_weight_matrix_numpy(
    num_mel_bins, num_spectrogram_bins, sample_rate, lower_edge_hertz, upper_edge_hertz, dtype
):
    """``linear_to_mel_weight_matrix``'s matrix as a NumPy array of ``dtype`` (a NumPy dtype
    name), computed in that dtype, without the argument checks (Keras's ``MelSpectrogram``
    checks none either)."""
    f = np.dtype(dtype).type
    linear = np.linspace(f(0.0), f(sample_rate) / f(2.0), num_spectrogram_bins, dtype=f)
    bins_mel = _hertz_to_mel(linear[1:])[:, None]  # HTK drops the DC bin
    edges = np.linspace(
        _hertz_to_mel(f(lower_edge_hertz)),
        _hertz_to_mel(f(upper_edge_hertz)),
        num_mel_bins + 2,
        dtype=f,
    )
    lower, center, upper = edges[:-2][None], edges[1:-1][None], edges[2:][None]
    rising = (bins_mel - lower) / (center - lower)
    falling = (upper - bins_mel) / (upper - center)
    weights = np.maximum(f(0.0), np.minimum(rising, falling))
    return np.pad(weights, [[1, 0], [0, 0]]).astype(f)


def mfccs_from_log_mel_spectrograms(log_mel_spectrograms, name=None):
    """Mel-frequency cepstral coefficients of ``[..., num_mel_bins]`` log-magnitude mel
    spectrograms: HTK's scaling of the DCT-II, ``dct(x) / sqrt(2 * num_mel_bins)``.

    All ``num_mel_bins`` coefficients are returned; speech models usually keep the first
    13. Differentiable (the DCT is a matmul).

    Args:
        log_mel_spectrograms: a ``[..., num_mel_bins]`` float32 tensor.
        name: unused (TensorFlow's op name).

    Returns:
        A ``[..., num_mel_bins]`` float32 tensor.

    Raises:
        ValueError: ``num_mel_bins`` is 0, or the tensor is not float32.

    Example:
        >>> tf.signal.mfccs_from_log_mel_spectrograms(tf.ones([2, 4])).numpy()[:, 0]
        array([2.828427, 2.828427], dtype=float32)
    """
    x = log_mel_spectrograms
    if isinstance(x, _core.Tensor) and x.dtype.name != "float32":
        raise ValueError(
            f"Tensor conversion requested dtype float32 for Tensor with dtype {x.dtype.name}"
        )
    x = _core.convert_to_tensor(x, "float32")
    if x.ndim and x.shape[-1] == 0:
        raise ValueError(f"num_mel_bins must be positive. Got: {x}")
    return _core.multiply(dct(x), 1.0 / math.sqrt(2.0 * x.shape[-1]))
