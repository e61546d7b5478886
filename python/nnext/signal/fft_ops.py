"""``tf.signal``'s Fourier transforms on complex tensors: ``fft``, ``ifft``, ``fft2d``,
``ifft2d``, ``rfft``, ``irfft``, ``rfft2d``, ``irfft2d``, ``stft``, ``inverse_stft`` and
``inverse_stft_window_fn``.

Each transform along an axis is a product with the matrix of the discrete Fourier transform,
``W[j, k] = exp(-2 pi i j k / n)``, one complex gemm (cgemm/zgemm) per axis: exact to
rounding, O(n^2) per axis, fine for the frame lengths of audio front ends. The cosine and
sine tables come from ``dft_tables``, which ``keras.ops.fft`` shares for its (real,
imaginary) pairs. No gradient flows through complex tensors (see DESIGN.md): a tape gives
None for sources reached only through these transforms.
"""

import functools

import numpy as np

from nnext import _core
from nnext.signal.shape_ops import frame, overlap_and_add
from nnext.signal.window_ops import hann_window

__all__ = [
    "fft",
    "fft2d",
    "ifft",
    "ifft2d",
    "inverse_stft",
    "inverse_stft_window_fn",
    "irfft",
    "irfft2d",
    "rfft",
    "rfft2d",
    "stft",
]


@functools.lru_cache(maxsize=64)
def dft_tables(n, bins, dtype):
    """cos and sin of ``2 pi j k / n`` for ``j < n`` (rows) and ``k < bins`` (columns), as
    tensors of the float ``dtype`` (angles reduced modulo ``n`` in float64 first)."""
    phase = (np.arange(n)[:, None] * np.arange(bins)[None, :]) % max(n, 1)
    angle = 2.0 * np.pi * phase / max(n, 1)
    return (
        _core.convert_to_tensor(np.cos(angle).astype(dtype)),
        _core.convert_to_tensor(np.sin(angle).astype(dtype)),
    )


@functools.lru_cache(maxsize=64)
def _dft_matrix(n, bins, dtype, inverse):
    """``exp(-+2 pi i j k / n)`` (n, bins) in the complex ``dtype`` (the sign + for the
    inverse, which also carries the 1 / n)."""
    real = "float32" if dtype == "complex64" else "float64"
    cos, sin = dft_tables(n, bins, real)
    if inverse:
        return _core.complex(cos, sin) / float(max(n, 1))
    return _core.complex(cos, _core.negative(sin))


def _tensor(value):
    return value if isinstance(value, _core.Tensor) else _core.convert_to_tensor(value)


def _complex_input(x, op, rank=1):
    x = _tensor(x)
    if not x.dtype.is_complex:
        raise TypeError(
            f"{op}: expected a complex64 or complex128 tensor, got {x.dtype.name} (cast real "
            f"signals with tf.cast or use tf.signal.r{op})"
        )
    if x.ndim < rank:
        raise ValueError(f"{op}: expected a tensor of rank >= {rank}, got shape {tuple(x.shape)}")
    return x


def _real_input(x, op, rank=1):
    x = _tensor(x)
    if x.dtype.name not in ("float32", "float64"):
        raise TypeError(f"{op}: expected a float32 or float64 tensor, got {x.dtype.name}")
    if x.ndim < rank:
        raise ValueError(f"{op}: expected a tensor of rank >= {rank}, got shape {tuple(x.shape)}")
    return x


def _lengths(fft_length, count, op):
    values = np.asarray(fft_length.numpy() if isinstance(fft_length, _core.Tensor) else fft_length)
    values = values.reshape(-1)
    if values.shape != (count,) or not np.issubdtype(values.dtype, np.integer):
        raise ValueError(f"{op}: fft_length must hold {count} integer(s), got {fft_length!r}")
    if (values < 0).any():
        raise ValueError(f"{op}: fft_length must not be negative, got {values.tolist()}")
    return [int(v) for v in values]


def _fit(x, n, axis):
    """``x`` cut or zero-padded to length ``n`` along ``axis`` (negative)."""
    have = x.shape[axis]
    if have >= n:
        index = [slice(None)] * x.ndim
        index[axis] = slice(0, n)
        return x[tuple(index)]
    widths = [[0, 0] for _ in range(x.ndim)]
    widths[axis] = [0, n - have]
    return _core.pad(x, widths, "CONSTANT", 0.0)


def _last(x, inverse, bins=None):
    n = x.shape[-1]
    return _core.matmul(x, _dft_matrix(n, n if bins is None else bins, x.dtype.name, inverse))


def _second_last(x, inverse):
    # W is symmetric, so W @ x transforms axis -2 of every matrix in the batch.
    m = x.shape[-2]
    return _core.matmul(_dft_matrix(m, m, x.dtype.name, inverse), x)


def fft(input, name=None):
    """The discrete Fourier transform over the innermost axis of a complex tensor:
    ``y[k] = sum_j x[j] exp(-2 pi i j k / n)``.

    >>> tf.signal.fft(tf.constant([1 + 0j, 0, 0, 0])).numpy()
    array([1.+0.j, 1.+0.j, 1.+0.j, 1.+0.j])
    """
    return _last(_complex_input(input, "fft"), inverse=False)


def ifft(input, name=None):
    """The inverse of ``fft``: ``x[j] = (1 / n) sum_k y[k] exp(2 pi i j k / n)``."""
    return _last(_complex_input(input, "ifft"), inverse=True)


def fft2d(input, name=None):
    """The 2-D discrete Fourier transform over the two innermost axes."""
    return _second_last(_last(_complex_input(input, "fft2d", 2), False), False)


def ifft2d(input, name=None):
    """The inverse of ``fft2d`` (scaled by 1 / (rows * columns))."""
    return _second_last(_last(_complex_input(input, "ifft2d", 2), True), True)


def _complex_of(x):
    return _core.cast(x, "complex64" if x.dtype.name == "float32" else "complex128")


def rfft(input_tensor, fft_length=None, name=None):
    """The DFT of a real signal over its innermost axis, its ``fft_length // 2 + 1``
    non-negative frequencies (the signal cut or zero-padded to ``fft_length`` first).
    float32 gives complex64, float64 complex128."""
    x = _real_input(input_tensor, "rfft")
    (n,) = [x.shape[-1]] if fft_length is None else _lengths(fft_length, 1, "rfft")
    return _last(_complex_of(_fit(x, n, -1)), False, n // 2 + 1)


def _hermitian_inverse(y, n):
    """The real signal of length ``n`` whose rfft is ``y`` (n // 2 + 1 bins): the interior
    bins stand for their mirror images too, so they count twice; DC and (even n) Nyquist
    once, their imaginary parts dropping out."""
    bins = n // 2 + 1
    y = _fit(y, bins, -1)
    weights = np.full(bins, 2.0)
    weights[0] = 1.0
    if n % 2 == 0 and bins > 1:
        weights[-1] = 1.0
    inverse = _core.transpose(_dft_matrix(n, bins, y.dtype.name, True), [1, 0])
    w = _core.convert_to_tensor(weights.astype(y.dtype.name))
    return _core.real(_core.matmul(y * w, inverse))


def irfft(input_tensor, fft_length=None, name=None):
    """The real inverse of ``rfft``: a signal of ``fft_length`` samples (default
    ``2 * (bins - 1)``), the input's bins cut or zero-padded to ``fft_length // 2 + 1``."""
    y = _complex_input(input_tensor, "irfft")
    bins = y.shape[-1]
    (n,) = [2 * (bins - 1)] if fft_length is None else _lengths(fft_length, 1, "irfft")
    return _hermitian_inverse(y, max(n, 0))


def rfft2d(input_tensor, fft_length=None, name=None):
    """The 2-D DFT of a real signal over its two innermost axes: rfft over the last, fft
    over the one before (each cut or padded to ``fft_length = [rows, columns]``)."""
    x = _real_input(input_tensor, "rfft2d", 2)
    rows, cols = x.shape[-2:] if fft_length is None else _lengths(fft_length, 2, "rfft2d")
    y = _last(_complex_of(_fit(_fit(x, cols, -1), rows, -2)), False, cols // 2 + 1)
    return _second_last(y, False)


def irfft2d(input_tensor, fft_length=None, name=None):
    """The real inverse of ``rfft2d``: ifft over axis -2, then irfft over the last axis."""
    y = _complex_input(input_tensor, "irfft2d", 2)
    if fft_length is None:
        rows, cols = y.shape[-2], 2 * (y.shape[-1] - 1)
    else:
        rows, cols = _lengths(fft_length, 2, "irfft2d")
    return _hermitian_inverse(_second_last(_fit(y, rows, -2), True), max(cols, 0))


def _default_fft_length(frame_length):
    return 1 << max(int(frame_length) - 1, 0).bit_length()


def stft(
    signals,
    frame_length,
    frame_step,
    fft_length=None,
    window_fn=hann_window,
    pad_end=False,
    name=None,
):
    """The short-time Fourier transform: ``signals`` framed (``frame_length`` samples every
    ``frame_step``), each frame windowed by ``window_fn(frame_length, dtype=...)`` and
    rfft'd with ``fft_length`` points (default: the smallest power of 2 holding a frame).

    Returns:
        A complex tensor ``[..., frames, fft_length // 2 + 1]``.
    """
    x = _real_input(signals, "stft")
    n = _default_fft_length(frame_length) if fft_length is None else int(fft_length)
    frames = frame(x, frame_length, frame_step, pad_end=pad_end)
    if window_fn is not None:
        frames = frames * window_fn(frame_length, dtype=x.dtype)
    return rfft(frames, [n])


def inverse_stft(
    stfts, frame_length, frame_step, fft_length=None, window_fn=hann_window, name=None
):
    """The overlap-add inverse of ``stft``: each frame irfft'd, cut (or zero-padded) to
    ``frame_length``, windowed by ``window_fn`` and added back at ``frame_step`` hops. For
    a perfect reconstruction pass ``tf.signal.inverse_stft_window_fn``'s window (TensorFlow's
    recipe); with the plain analysis window the result is scaled by the window overlap.

    Returns:
        A real tensor ``[..., samples]``.
    """
    y = _complex_input(stfts, "inverse_stft", 2)
    n = _default_fft_length(frame_length) if fft_length is None else int(fft_length)
    frames = _fit(irfft(y, [n]), int(frame_length), -1)
    if window_fn is not None:
        frames = frames * window_fn(frame_length, dtype=frames.dtype)
    return overlap_and_add(frames, frame_step)


def inverse_stft_window_fn(frame_step, forward_window_fn=hann_window, name=None):
    """The synthesis window for ``inverse_stft`` that undoes ``stft`` with
    ``forward_window_fn``: the forward window divided by the sum of the squared forward
    windows that overlap each sample at hops of ``frame_step``.

    Returns:
        A function ``(frame_length, dtype) -> window``, as ``window_fn`` takes.
    """
    step = int(frame_step)

    def inverse_window(frame_length, dtype):
        forward = _tensor(forward_window_fn(frame_length, dtype=dtype))
        overlaps = -(-int(frame_length) // step)
        squares = _core.pad(
            _core.square(forward), [[0, overlaps * step - int(frame_length)]], "CONSTANT", 0.0
        )
        denominator = _core.reduce_sum(_core.reshape(squares, [overlaps, step]), 0, True)
        denominator = _core.reshape(_core.tile(denominator, [overlaps, 1]), [overlaps * step])
        return forward / denominator[: int(frame_length)]

    return inverse_window
