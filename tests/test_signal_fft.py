"""tf.signal's Fourier transforms against numpy.fft: fft, ifft, fft2d, ifft2d, rfft, irfft,
rfft2d, irfft2d (lengths cut and padded), stft and inverse_stft (against frames transformed
by NumPy, and a round trip through inverse_stft_window_fn), and their refusals."""

import numpy as np
import pytest

import nnext as tf

TOL = {"complex64": {"rtol": 2e-4, "atol": 2e-4}, "complex128": {"rtol": 1e-9, "atol": 1e-9}}
REAL_OF = {"complex64": "float32", "complex128": "float64"}


def random_complex(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dtype)


def check(result, expected, dtype, tol_of):
    got = result.numpy()
    assert got.dtype == np.dtype(dtype) and got.shape == np.shape(expected)
    np.testing.assert_allclose(got, expected, **TOL[tol_of])


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
@pytest.mark.parametrize("shape", [(8,), (3, 5), (2, 1, 7), (4, 0)])
def test_fft_and_ifft(dtype, shape):
    x = random_complex(shape, dtype)
    # numpy.fft refuses an empty axis; TensorFlow transforms it into an empty result.
    fft, ifft = (np.fft.fft, np.fft.ifft) if x.size else (np.copy, np.copy)
    check(tf.signal.fft(x), fft(x), dtype, dtype)
    check(tf.signal.ifft(x), ifft(x), dtype, dtype)
    check(tf.signal.ifft(tf.signal.fft(x)), x, dtype, dtype)


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_fft2d_and_ifft2d(dtype):
    x = random_complex((2, 4, 6), dtype)
    check(tf.signal.fft2d(x), np.fft.fft2(x), dtype, dtype)
    check(tf.signal.ifft2d(x), np.fft.ifft2(x), dtype, dtype)


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
@pytest.mark.parametrize("fft_length", [None, 8, 5, 12])
def test_rfft_and_irfft(dtype, fft_length):
    real = REAL_OF[dtype]
    x = np.random.default_rng(1).standard_normal((3, 8)).astype(real)
    lengths = None if fft_length is None else [fft_length]
    y = tf.signal.rfft(x, lengths)
    check(y, np.fft.rfft(x, n=fft_length), dtype, dtype)
    spectrum = np.fft.rfft(x, n=fft_length).astype(dtype)
    check(tf.signal.irfft(spectrum, lengths), np.fft.irfft(spectrum, n=fft_length), real, dtype)


def test_irfft_default_length_and_odd_lengths():
    y = random_complex((2, 5), "complex128")
    check(tf.signal.irfft(y), np.fft.irfft(y), "float64", "complex128")
    check(tf.signal.irfft(y, [9]), np.fft.irfft(y, n=9), "float64", "complex128")
    check(tf.signal.irfft(y, [4]), np.fft.irfft(y, n=4), "float64", "complex128")


@pytest.mark.parametrize("fft_length", [None, (4, 6), (6, 5)])
def test_rfft2d_and_irfft2d(fft_length):
    x = np.random.default_rng(2).standard_normal((2, 4, 6))
    check(
        tf.signal.rfft2d(x, fft_length), np.fft.rfft2(x, s=fft_length), "complex128", "complex128"
    )
    y = np.fft.rfft2(x, s=fft_length)
    check(tf.signal.irfft2d(y, fft_length), np.fft.irfft2(y, s=fft_length), "float64", "complex128")


def test_stft_is_windowed_frames_rfft():
    x = np.random.default_rng(3).standard_normal((2, 100)).astype(np.float32)
    frame_length, step, n = 20, 8, 32
    got = tf.signal.stft(x, frame_length, step, n)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(frame_length) / frame_length)
    starts = range(0, 100 - frame_length + 1, step)
    frames = np.stack([x[:, s : s + frame_length] for s in starts], axis=1) * window
    check(got, np.fft.rfft(frames, n=n), "complex64", "complex64")
    assert tf.signal.stft(x, 20, 8).shape == (2, 11, 17)  # fft_length 32: the next power of 2


def test_inverse_stft_reconstructs_with_the_inverse_window():
    x = np.random.default_rng(4).standard_normal(256)
    frame_length, step = 64, 16
    spectrum = tf.signal.stft(x, frame_length, step)
    back = tf.signal.inverse_stft(
        spectrum,
        frame_length,
        step,
        window_fn=tf.signal.inverse_stft_window_fn(step),
    ).numpy()
    # Samples covered by a full set of overlapping frames come back exactly.
    np.testing.assert_allclose(
        back[frame_length:-frame_length], x[frame_length:-frame_length], atol=1e-9
    )


def test_transforms_refuse_the_wrong_dtypes():
    with pytest.raises(
        TypeError, match="fft: expected a complex64 or complex128 tensor, got float32"
    ):
        tf.signal.fft(tf.constant([1.0, 2.0]))
    with pytest.raises(TypeError, match="rfft: expected a float32 or float64 tensor"):
        tf.signal.rfft(tf.constant([1j]))
    with pytest.raises(ValueError, match="fft2d: expected a tensor of rank >= 2"):
        tf.signal.fft2d(tf.constant([1j]))
    with pytest.raises(ValueError, match="fft_length must hold 1 integer"):
        tf.signal.rfft(tf.constant([1.0, 2.0]), [2, 3])
