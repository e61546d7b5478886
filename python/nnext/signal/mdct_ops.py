"""``tf.signal.mdct`` and ``tf.signal.inverse_mdct``: the modified discrete cosine
transform of windowed frames at 50% overlap, and its overlap-add inverse, as TensorFlow
computes them (frame, window, fold the frame to half length, DCT-IV). The fold and the
DCT-IV are both linear, so each direction is one matmul with their product (a float64
NumPy matrix per frame length, norm and dtype) between ``frame`` and ``overlap_and_add``:
differentiable throughout."""

import functools
import math

import numpy as np

from nnext import _core
from nnext.signal.dct_ops import _matrix as _dct_matrix
from nnext.signal.dct_ops import _validate as _validate_dct
from nnext.signal.shape_ops import _scalar_int, frame, overlap_and_add
from nnext.signal.window_ops import vorbis_window

__all__ = ["inverse_mdct", "mdct"]


@functools.lru_cache(maxsize=32)
def _fold(length):
    """F, [length, length // 2], with ``frame @ F`` TensorFlow's rearranged frame: for
    quarters a, b, c, d of the frame, ``(-reverse(c) - d, a - reverse(b))``."""
    q = length // 4
    fold = np.zeros((length, 2 * q))
    i = np.arange(q)
    fold[3 * q - 1 - i, i] = -1.0  # -reverse(c)
    fold[3 * q + i, i] = -1.0  # -d
    fold[i, q + i] = 1.0  # a
    fold[2 * q - 1 - i, q + i] = -1.0  # -reverse(b)
    return fold


@functools.lru_cache(maxsize=32)
def _forward(length, norm, dtype):
    return (_fold(length) @ _dct_matrix(4, length // 2, norm, "float64")).astype(dtype)


@functools.lru_cache(maxsize=32)
def _inverse(half, norm, dtype):
    """The DCT-IV (scaled by 1 / (2 * half) without norm) then TensorFlow's unfolding of
    halves r0, r1 to ``(r1, -reverse(r1), -reverse(r0), -r0)``, as one [half, 2 * half]
    matrix."""
    scale = 1.0 if norm == "ortho" else 0.5 / half
    dct4 = scale * _dct_matrix(4, half, norm, "float64")
    q = half // 2
    unfold = np.zeros((half, 2 * half))
    i = np.arange(q)
    unfold[q + i, i] = 1.0
    unfold[2 * q - 1 - i, q + i] = -1.0
    unfold[q - 1 - i, 2 * q + i] = -1.0
    unfold[i, 3 * q + i] = -1.0
    return (dct4 @ unfold).astype(dtype)


def _float_tensor(value, op):
    x = value if isinstance(value, _core.Tensor) else _core.convert_to_tensor(value)
    if x.dtype.name not in ("float32", "float64"):
        raise TypeError(f"{op}: the input must be float32 or float64, got {x.dtype.name}")
    return x


def _windowed(frames, window_fn, length, dtype):
    if window_fn is None:
        return _core.multiply(frames, 1.0 / math.sqrt(2.0))
    window = window_fn(length, dtype=dtype)
    return _core.multiply(frames, _core.cast(window, dtype.name))


def mdct(signals, frame_length, window_fn=vorbis_window, pad_end=False, norm=None, name=None):
    """The modified discrete cosine transform of ``signals``' frames of ``frame_length``
    samples at 50% overlap: each windowed frame ``x`` of ``L = 2N`` samples gives ``N``
    coefficients ``X_k = 2 sum_n x_n cos(pi / N (n + 1/2 + N/2)(k + 1/2))`` (``norm=None``;
    'ortho' scales by ``1 / sqrt(2N)``).

    Args:
        signals: a ``[..., samples]`` float32 or float64 tensor.
        frame_length: the window length, a multiple of 4.
        window_fn: called as ``window_fn(frame_length, dtype=...)`` for the window; None is
            a rectangular window scaled by ``1/sqrt(2)``. Perfect reconstruction needs
            ``w[n]^2 + w[n + L/2]^2 = 1`` and a symmetric window (``vorbis_window``,
            ``kaiser_bessel_derived_window`` or None).
        pad_end: zero-pad the end so the last frame start inside the signal gets a frame.
        norm: None or 'ortho'.
        name: unused (TensorFlow's op name).

    Returns:
        A ``[..., frames, frame_length // 2]`` tensor.

    Raises:
        ValueError: ``signals`` is a scalar, ``frame_length`` is not a scalar or not a
            multiple of 4, or ``norm`` is unknown.

    Example:
        >>> tf.signal.mdct(tf.ones([16]), 8).shape
        TensorShape([3, 4])
    """
    x = _float_tensor(signals, "mdct")
    if x.ndim < 1:
        raise ValueError("mdct: Shape must be at least rank 1 but is rank 0")
    length = _scalar_int(frame_length, "frame_length", "mdct")
    if length % 4 != 0:
        raise ValueError("The frame length must be a multiple of 4.")
    _validate_dct(x, 4, None, -1, norm)
    frames = _windowed(frame(x, length, length // 2, pad_end=pad_end), window_fn, length, x.dtype)
    matrix = _core.convert_to_tensor(_forward(length, norm, x.dtype.name))
    return _core.matmul(frames, matrix)


def inverse_mdct(mdcts, window_fn=vorbis_window, norm=None, name=None):
    """The inverse of ``mdct``: each frame's ``N`` coefficients back to ``2N`` windowed
    samples (the inverse DCT-IV, scaled by ``1 / 2N`` without ``norm``, then unfolded),
    overlap-added at a hop of ``N``. With the same ``window_fn`` and ``norm`` as ``mdct``
    and a window meeting the Princen-Bradley condition, the samples covered by two frames
    are reconstructed exactly.

    Args:
        mdcts: a ``[..., frames, frame_length // 2]`` float32 or float64 tensor.
        window_fn: the window, as in ``mdct`` (called with ``2 * mdcts.shape[-1]``).
        norm: None or 'ortho'.
        name: unused (TensorFlow's op name).

    Returns:
        A ``[..., (frames - 1) * N + 2N]`` tensor, ``N = mdcts.shape[-1]``.

    Raises:
        ValueError: ``mdcts`` has rank below 2, or ``norm`` is unknown.

    Example:
        >>> x = tf.random.normal([64], seed=1)
        >>> y = tf.signal.inverse_mdct(tf.signal.mdct(x, 16))
        >>> bool(tf.reduce_max(tf.abs(y[8:-8] - x[8:56])) < 1e-5)
        True
    """
    x = _float_tensor(mdcts, "inverse_mdct")
    if x.ndim < 2:
        raise ValueError(f"inverse_mdct: Shape must be at least rank 2 but is rank {x.ndim}")
    _validate_dct(x, 4, None, -1, norm)
    half = x.shape[-1]
    if half % 2:
        raise ValueError(
            f"inverse_mdct: the last axis must be even (frame_length // 2), got {half}"
        )
    frames = _core.matmul(x, _core.convert_to_tensor(_inverse(half, norm, x.dtype.name)))
    return overlap_and_add(_windowed(frames, window_fn, 2 * half, x.dtype), half)
