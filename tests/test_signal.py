"""tf.signal (the real-valued part): frame, overlap_and_add, the windows, the mel matrix,
dct/idct, mfccs and fftshift, against SciPy/NumPy and TensorFlow's documented formulas;
gradients of frame, overlap_and_add, dct and mfccs against central differences."""

import numpy as np
import pytest
import scipy.fft
import scipy.fftpack
import scipy.special
from helpers import check_gradient
from scipy.signal import windows

import nnext as tf

RNG = np.random.default_rng(0)


def frame_reference(x, length, step, pad_end=False, pad_value=0, axis=-1):
    x = np.moveaxis(np.asarray(x), axis, -1)
    n = x.shape[-1]
    if pad_end:
        count = -(-n // step)
        extra = max(0, length + step * (count - 1) - n)
        x = np.concatenate([x, np.full(x.shape[:-1] + (extra,), pad_value, x.dtype)], -1)
    else:
        count = max(0, 1 + (n - length) // step)
    frames = np.zeros(x.shape[:-1] + (count, length), x.dtype)
    for i in range(count):
        frames[..., i, :] = x[..., i * step : i * step + length]
    axis = axis % (x.ndim)
    return np.moveaxis(np.moveaxis(frames, -1, axis), -1, axis) if axis != x.ndim - 1 else frames


def overlap_add_reference(x, step):
    frames, length = x.shape[-2:]
    out = np.zeros(x.shape[:-2] + (max(0, length + step * (frames - 1)),), x.dtype)
    for f in range(frames):
        out[..., f * step : f * step + length] += x[..., f, :]
    return out


# ---------------------------------------------------------------------------- frame


@pytest.mark.parametrize(
    "shape, length, step, pad_end, axis",
    [
        ((10,), 3, 2, False, -1),
        ((10,), 3, 2, True, -1),
        ((2, 11), 4, 4, False, -1),
        ((2, 11), 4, 3, True, 1),
        ((3, 7, 2), 3, 1, False, 1),
        ((3, 7, 2), 5, 2, True, -2),
        ((7, 3), 2, 3, True, 0),
        ((2, 3), 5, 1, False, -1),  # too short: no frame
        ((2, 3), 5, 2, True, -1),
        ((2, 0), 3, 2, True, -1),  # empty signal
    ],
)
def test_frame_matches_reference(shape, length, step, pad_end, axis):
    x = RNG.normal(size=shape).astype("float32")
    got = tf.signal.frame(x, length, step, pad_end=pad_end, pad_value=7.0, axis=axis)
    want = frame_reference(x, length, step, pad_end, 7.0, axis)
    assert got.shape == want.shape
    np.testing.assert_array_equal(got.numpy(), want)


def test_frame_tensorflow_doc_shapes_and_int_dtype():
    audio = tf.random.normal([3, 9152])
    assert tf.signal.frame(audio, 512, 180).shape == (3, 49, 512)
    assert tf.signal.frame(audio, 512, 180, pad_end=True).shape == (3, 51, 512)
    frames = tf.signal.frame(tf.range(7), tf.constant(3), np.int64(2), pad_end=True, pad_value=-1)
    assert frames.dtype == tf.int32
    np.testing.assert_array_equal(frames.numpy(), [[0, 1, 2], [2, 3, 4], [4, 5, 6], [6, -1, -1]])


def test_frame_errors():
    with pytest.raises(ValueError, match="at least rank 1"):
        tf.signal.frame(tf.constant(1.0), 2, 1)
    with pytest.raises(ValueError, match="`frame_length` must be a scalar"):
        tf.signal.frame(tf.ones([5]), [2], 1)
    with pytest.raises(ValueError, match="frame_step must be an integer"):
        tf.signal.frame(tf.ones([5]), 2, 1.5)
    with pytest.raises(ValueError, match="`frame_step` must be positive"):
        tf.signal.frame(tf.ones([5]), 2, 0)
    with pytest.raises(ValueError, match="axis 2 is out of range"):
        tf.signal.frame(tf.ones([5, 2]), 2, 1, axis=2)
    with pytest.raises(ValueError, match="`pad_value` must be a scalar"):
        tf.signal.frame(tf.ones([5]), 2, 1, pad_end=True, pad_value=[0.0, 1.0])


@pytest.mark.parametrize("layout", ["contiguous", "transposed"])
def test_frame_gradient(layout):
    x = RNG.normal(size=(4, 9))
    check_gradient(lambda t: tf.signal.frame(t, 4, 3, pad_end=True, axis=1), [x], layout)
    check_gradient(lambda t: tf.signal.frame(t, 2, 1, axis=0), [x], layout)


# ---------------------------------------------------------------------- overlap_and_add


@pytest.mark.parametrize(
    "shape, step",
    [((3, 4), 2), ((3, 4), 4), ((3, 4), 1), ((3, 2), 3), ((2, 5, 6), 4), ((2, 2, 1, 5), 2)],
)
def test_overlap_and_add_matches_reference(shape, step):
    x = RNG.normal(size=shape)
    got = tf.signal.overlap_and_add(x, step)
    np.testing.assert_allclose(got.numpy(), overlap_add_reference(x, step), rtol=1e-12)


def test_overlap_and_add_int_and_doc_example():
    frames = np.arange(12, dtype=np.int32).reshape(3, 4)
    got = tf.signal.overlap_and_add(tf.constant(frames), tf.constant(2))
    assert got.dtype == tf.int32
    np.testing.assert_array_equal(got.numpy(), overlap_add_reference(frames, 2))
    np.testing.assert_array_equal(
        tf.signal.overlap_and_add(tf.ones([3, 4]), 2).numpy(), [1, 1, 2, 2, 2, 2, 1, 1]
    )


def test_overlap_and_add_errors():
    with pytest.raises(ValueError, match="at least rank 2"):
        tf.signal.overlap_and_add(tf.ones([4]), 2)
    with pytest.raises(ValueError, match="frame_step must be an integer. Got float"):
        tf.signal.overlap_and_add(tf.ones([3, 4]), 2.0)
    with pytest.raises(ValueError, match="`frame_step` must be a scalar"):
        tf.signal.overlap_and_add(tf.ones([3, 4]), [2])


@pytest.mark.parametrize("layout", ["contiguous", "transposed"])
def test_overlap_and_add_gradient(layout):
    x = RNG.normal(size=(5, 6))
    check_gradient(lambda t: tf.signal.overlap_and_add(t, 4), [x], layout)
    check_gradient(lambda t: tf.signal.overlap_and_add(t, 7), [x], layout)


def test_frame_then_overlap_and_add_with_a_hann_window_reconstructs():
    # A periodic Hann window at 50% overlap sums to one: the interior is reconstructed.
    x = RNG.normal(size=(2, 64)).astype("float32")
    frames = tf.signal.frame(x, 16, 8) * tf.signal.hann_window(16)
    y = tf.signal.overlap_and_add(frames, 8).numpy()
    np.testing.assert_allclose(y[:, 8:-8], x[:, 8:56], atol=1e-6)


# ---------------------------------------------------------------------------- windows


@pytest.mark.parametrize("length", [2, 3, 8, 9, 64])
@pytest.mark.parametrize("fn, scipy_fn", [("hann_window", "hann"), ("hamming_window", "hamming")])
def test_raised_cosine_windows(length, fn, scipy_fn):
    window = getattr(tf.signal, fn)
    reference = getattr(windows, scipy_fn)
    symmetric = window(length, periodic=False, dtype=tf.float64).numpy()
    np.testing.assert_allclose(symmetric, reference(length, sym=True), atol=1e-15)
    periodic = window(length, dtype="float64").numpy()
    if length % 2 == 0:
        np.testing.assert_allclose(periodic, reference(length, sym=False), atol=1e-15)
    else:
        # TensorFlow's formula: an odd periodic window is the symmetric one.
        np.testing.assert_array_equal(periodic, symmetric)
    assert window(length).dtype == tf.float32


def test_window_edge_lengths_and_errors():
    for fn in (tf.signal.hann_window, tf.signal.hamming_window, tf.signal.kaiser_window):
        np.testing.assert_array_equal(fn(1).numpy(), [1.0])
        assert fn(0).shape == (0,)
    assert tf.signal.vorbis_window(tf.constant(6)).shape == (6,)
    with pytest.raises(ValueError, match="dtype must be a floating point type. Found"):
        tf.signal.hann_window(4, dtype=tf.int32)
    with pytest.raises(ValueError, match="dtype must be a floating point type"):
        tf.signal.kaiser_window(4, dtype="int64")
    with pytest.raises(ValueError, match="must be a scalar"):
        tf.signal.vorbis_window([4])


@pytest.mark.parametrize("length", [2, 5, 16, 33])
@pytest.mark.parametrize("beta", [0.0, 1.0, 12.0, 40.0])
def test_kaiser_window_matches_numpy(length, beta):
    got = tf.signal.kaiser_window(length, beta, dtype="float64").numpy()
    np.testing.assert_allclose(got, np.kaiser(length, beta), rtol=1e-13, atol=1e-300)
    assert tf.signal.kaiser_window(length, beta).dtype == tf.float32


def test_kaiser_window_large_beta_uses_tensorflows_scaled_bessel_formula():
    # TensorFlow: exp(num - beta) * i0e(num) / i0e(beta); np.kaiser overflows for beta > 700.
    length, beta = 9, 1000.0
    half = (length - 1) / 2
    arg = np.arange(length) - half
    num = beta * np.sqrt(np.maximum(0, 1 - (arg / half) ** 2))
    want = np.exp(num - beta) * scipy.special.i0e(num) / scipy.special.i0e(beta)
    got = tf.signal.kaiser_window(length, beta, dtype="float64").numpy()
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("length", [2, 8, 64])
@pytest.mark.parametrize("beta", [4.0, 12.0])
def test_kaiser_bessel_derived_window_matches_scipy(length, beta):
    got = tf.signal.kaiser_bessel_derived_window(length, beta, dtype="float64").numpy()
    np.testing.assert_allclose(got, windows.kaiser_bessel_derived(length, beta), rtol=1e-13)
    # Princen-Bradley: w[n]^2 + w[n + L/2]^2 = 1.
    np.testing.assert_allclose(got[: length // 2] ** 2 + got[length // 2 :] ** 2, 1.0)


def test_kaiser_bessel_derived_window_odd_length_is_one_shorter_as_tensorflow():
    assert tf.signal.kaiser_bessel_derived_window(7).shape == (6,)


@pytest.mark.parametrize("length", [2, 7, 32])
def test_vorbis_window(length):
    n = np.arange(length)
    want = np.sin(np.pi / 2 * np.sin(np.pi * (n + 0.5) / length) ** 2)
    got = tf.signal.vorbis_window(length, dtype=tf.float64).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-14)
    if length % 2 == 0:
        np.testing.assert_allclose(got[: length // 2] ** 2 + got[length // 2 :] ** 2, 1.0)


# ---------------------------------------------------------------------- mel matrix


def mel_reference(num_mel, num_bins, rate, low, high):
    """TensorFlow's formula in float64, written out independently."""

    def mel(hz):
        return 1127.0 * np.log(1.0 + hz / 700.0)

    bins = mel(np.linspace(0.0, rate / 2.0, num_bins))
    edges = np.linspace(mel(low), mel(high), num_mel + 2)
    out = np.zeros((num_bins, num_mel))
    for m in range(num_mel):
        lo, c, hi = edges[m : m + 3]
        for k in range(1, num_bins):
            out[k, m] = max(0.0, min((bins[k] - lo) / (c - lo), (hi - bins[k]) / (hi - c)))
    return out


@pytest.mark.parametrize(
    "args", [(20, 129, 8000, 125.0, 3800.0), (40, 257, 16000, 20.0, 8000.0), (3, 5, 100, 0.0, 50.0)]
)
def test_linear_to_mel_weight_matrix(args):
    got = tf.signal.linear_to_mel_weight_matrix(*args, dtype=tf.float64).numpy()
    np.testing.assert_allclose(got, mel_reference(*args), atol=1e-12)
    f32 = tf.signal.linear_to_mel_weight_matrix(*args)
    assert f32.dtype == tf.float32 and f32.shape == (args[1], args[0])
    np.testing.assert_allclose(f32.numpy(), mel_reference(*args), atol=2e-5)
    assert np.all(got[0] == 0.0)


def test_linear_to_mel_weight_matrix_defaults_and_tensor_sample_rate():
    assert tf.signal.linear_to_mel_weight_matrix().shape == (129, 20)
    got = tf.signal.linear_to_mel_weight_matrix(sample_rate=tf.constant(8000.0)).numpy()
    np.testing.assert_allclose(got, mel_reference(20, 129, 8000, 125.0, 3800.0), atol=2e-5)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"num_mel_bins": 0}, "num_mel_bins must be positive. Got: 0"),
        ({"sample_rate": 0}, "sample_rate must be positive. Got: 0"),
        ({"lower_edge_hertz": -1.0}, "lower_edge_hertz must be non-negative. Got: -1.0"),
        ({"lower_edge_hertz": 500.0, "upper_edge_hertz": 400.0}, "500.0 >= upper_edge_hertz"),
        ({"upper_edge_hertz": 4001.0}, "must not be larger than the Nyquist frequency"),
        ({"dtype": tf.int32}, "dtype must be a floating point type. Got"),
    ],
)
def test_linear_to_mel_weight_matrix_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        tf.signal.linear_to_mel_weight_matrix(**kwargs)


def test_keras_mel_spectrogram_uses_the_same_filter_bank():
    from nnext.keras.layers.preprocessing.audio import mel_spectrogram

    assert mel_spectrogram.mel_weight_matrix_numpy is (
        __import__("nnext.signal.mel_ops", fromlist=["x"]).mel_weight_matrix_numpy
    )
    layer = tf.keras.layers.MelSpectrogram(fft_length=64, sequence_stride=16, num_mel_bins=8)
    assert layer(np.zeros((1, 256), "float32")).shape == (1, 8, 17)


# ------------------------------------------------------------------------- dct/idct

CASES = [(t, norm) for t in (1, 2, 3, 4) for norm in (None, "ortho") if not (t == 1 and norm)]


@pytest.mark.parametrize("dct_type, norm", CASES)
@pytest.mark.parametrize("n", [None, 3, 12])
def test_dct_and_idct_match_scipy(dct_type, norm, n):
    x = RNG.normal(size=(2, 3, 7))
    got = tf.signal.dct(x, type=dct_type, n=n, norm=norm).numpy()
    np.testing.assert_allclose(got, scipy.fft.dct(x, dct_type, n, norm=norm), atol=1e-12)
    got = tf.signal.idct(x, type=dct_type, n=n, norm=norm).numpy()
    np.testing.assert_allclose(got, scipy.fftpack.idct(x, dct_type, n, norm=norm), atol=1e-12)
    f32 = tf.signal.dct(x.astype("float32"), type=dct_type, n=n, norm=norm)
    assert f32.dtype == tf.float32
    np.testing.assert_allclose(f32.numpy(), scipy.fft.dct(x, dct_type, n, norm=norm), atol=1e-4)


def test_dct_round_trips_and_one_dimensional_input():
    x = RNG.normal(size=9)
    np.testing.assert_allclose(
        tf.signal.idct(tf.signal.dct(x, norm="ortho"), norm="ortho").numpy(), x, atol=1e-13
    )
    np.testing.assert_allclose(
        tf.signal.idct(tf.signal.dct(x)).numpy() * 0.5 / x.shape[-1], x, atol=1e-13
    )
    np.testing.assert_allclose(
        tf.signal.dct([1.0, 2.0, 3.0], norm="ortho").numpy(),
        [2 * np.sqrt(3), -np.sqrt(2), 0.0],
        atol=1e-6,
    )


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"axis": 0}, NotImplementedError, "axis must be -1. Got: 0"),
        ({"n": 0}, ValueError, "n should be a positive integer or None"),
        ({"type": 5}, ValueError, "Types I, II, III and IV"),
        ({"type": 1, "norm": "ortho"}, ValueError, "Normalization is not supported"),
        ({"norm": "forward"}, ValueError, "Unknown normalization. Expected None or 'ortho'"),
    ],
)
@pytest.mark.parametrize("fn", ["dct", "idct"])
def test_dct_errors(fn, kwargs, error, message):
    with pytest.raises(error, match=message):
        getattr(tf.signal, fn)(tf.ones([2, 4]), **kwargs)


def test_dct_type_one_needs_two_samples_and_floats():
    with pytest.raises(ValueError, match="Type-I DCT requires the dimension"):
        tf.signal.dct(tf.ones([3, 1]), type=1)
    with pytest.raises(TypeError, match="float32 or float64"):
        tf.signal.dct(tf.constant([1, 2, 3]))


@pytest.mark.parametrize("dct_type, norm", CASES)
def test_dct_gradient(dct_type, norm):
    x = RNG.normal(size=(3, 6))
    check_gradient(lambda t: tf.signal.dct(t, type=dct_type, norm=norm), [x])
    check_gradient(lambda t: tf.signal.idct(t, type=dct_type, n=8, norm=norm), [x], "transposed")


# ---------------------------------------------------------------------------- mfccs


def test_mfccs_from_log_mel_spectrograms():
    x = RNG.normal(size=(2, 5, 13)).astype("float32")
    got = tf.signal.mfccs_from_log_mel_spectrograms(x)
    assert got.dtype == tf.float32
    np.testing.assert_allclose(got.numpy(), scipy.fft.dct(x, 2) / np.sqrt(2 * 13), atol=1e-5)
    with pytest.raises(ValueError, match="num_mel_bins must be positive"):
        tf.signal.mfccs_from_log_mel_spectrograms(tf.ones([3, 0]))
    with pytest.raises(ValueError, match="requested dtype float32 for Tensor with dtype float64"):
        tf.signal.mfccs_from_log_mel_spectrograms(tf.ones([3, 4], dtype=tf.float64))


def test_mfccs_gradient():
    x = tf.Variable(RNG.normal(size=(3, 8)).astype("float32"))
    weights = RNG.uniform(0.5, 1.5, size=(3, 8)).astype("float32")
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.signal.mfccs_from_log_mel_spectrograms(x) * weights)
    k, n = np.arange(8)[None], np.arange(8)[:, None]
    basis = 2 * np.cos(np.pi * k * (2 * n + 1) / 16) / np.sqrt(16)  # d mfcc_k / d x_n
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), weights @ basis.T, rtol=1e-5)


# ------------------------------------------------------------------------- fftshift


@pytest.mark.parametrize("axes", [None, 0, 1, [0, 1], (-1,)])
def test_fftshift_and_ifftshift_match_numpy(axes):
    x = np.arange(35).reshape(5, 7)
    np.testing.assert_array_equal(tf.signal.fftshift(x, axes).numpy(), np.fft.fftshift(x, axes))
    np.testing.assert_array_equal(tf.signal.ifftshift(x, axes).numpy(), np.fft.ifftshift(x, axes))


def test_signal_namespace():
    assert tf.signal is __import__("nnext.signal", fromlist=["x"])
    for name in tf.signal.__all__:
        assert callable(getattr(tf.signal, name)) and getattr(tf.signal, name).__doc__
    for name in ("fft3d", "ifft3d", "rfft3d", "irfft3d"):
        assert not hasattr(tf.signal, name)  # documented as not provided
        assert name in tf.signal.__doc__


# ------------------------------------------------------------------------------ mdct


def mdct_mirror(x, length, window, norm):
    """TensorFlow's algorithm in NumPy: frame, window, fold the quarters a, b, c, d to
    (-reverse(c) - d, a - reverse(b)), DCT-IV."""
    frames = tf.signal.frame(x, length, length // 2).numpy() * window
    a, b, c, d = np.split(frames, 4, axis=-1)
    folded = np.concatenate([-c[..., ::-1] - d, a - b[..., ::-1]], -1)
    return scipy.fft.dct(folded, 4, norm=norm)


def inverse_mdct_mirror(coefficients, window, norm):
    half = coefficients.shape[-1]
    y = scipy.fft.dct(coefficients, 4, norm=norm) * (1.0 if norm else 0.5 / half)
    r0, r1 = np.split(y, 2, axis=-1)
    frames = np.concatenate([r1, -r1[..., ::-1], -r0[..., ::-1], -r0], -1) * window
    return overlap_add_reference(frames, half)


@pytest.mark.parametrize("norm", [None, "ortho"])
@pytest.mark.parametrize("window_fn", ["vorbis", "kbd", None])
def test_mdct_and_inverse_match_tensorflows_algorithm(norm, window_fn):
    length = 16
    fn = {"vorbis": tf.signal.vorbis_window, "kbd": tf.signal.kaiser_bessel_derived_window}
    fn = fn.get(window_fn)
    window = fn(length, dtype="float64").numpy() if fn else np.full(length, 1 / np.sqrt(2))
    x = RNG.normal(size=(2, 72))
    got = tf.signal.mdct(x, length, window_fn=fn, norm=norm)
    assert got.shape == (2, 8, 8)
    np.testing.assert_allclose(got.numpy(), mdct_mirror(x, length, window, norm), atol=1e-12)
    back = tf.signal.inverse_mdct(got, window_fn=fn, norm=norm).numpy()
    np.testing.assert_allclose(back, inverse_mdct_mirror(got.numpy(), window, norm), atol=1e-12)
    np.testing.assert_allclose(back[:, 8:-8], x[:, 8:64], atol=1e-12)  # perfect reconstruction


def test_mdct_is_the_textbook_transform():
    # X_k = 2 sum_n w_n x_n cos(pi / N (n + 1/2 + N / 2)(k + 1/2)), N = L / 2.
    length, half = 8, 4
    x = RNG.normal(size=24)
    frames = tf.signal.frame(x, length, half).numpy() * tf.signal.vorbis_window(8, "float64")
    n, k = np.arange(length)[:, None], np.arange(half)[None]
    want = frames @ (2 * np.cos(np.pi / half * (n + 0.5 + half / 2) * (k + 0.5)))
    np.testing.assert_allclose(tf.signal.mdct(x, length).numpy(), want, atol=1e-12)


def test_inverse_mdct_tensorflow_doc_round_trip():
    samples, length = 1000, 400
    half = length // 2
    waveform = tf.random.normal([samples], seed=3)
    padded = tf.pad(waveform, [[half, 0]])
    coefficients = tf.signal.mdct(padded, length, pad_end=True)
    assert coefficients.dtype == tf.float32
    restored = tf.signal.inverse_mdct(coefficients)[half : half + samples]
    np.testing.assert_allclose(restored.numpy(), waveform.numpy(), rtol=1e-3, atol=1e-4)


def test_mdct_errors():
    with pytest.raises(ValueError, match="The frame length must be a multiple of 4."):
        tf.signal.mdct(tf.ones([20]), 6)
    with pytest.raises(ValueError, match="at least rank 1"):
        tf.signal.mdct(tf.constant(1.0), 4)
    with pytest.raises(ValueError, match="at least rank 2"):
        tf.signal.inverse_mdct(tf.ones([4]))
    with pytest.raises(ValueError, match="Unknown normalization"):
        tf.signal.inverse_mdct(tf.ones([2, 4]), norm="unit")
    with pytest.raises(TypeError, match="float32 or float64"):
        tf.signal.mdct(tf.ones([8], dtype=tf.int32), 4)


def test_mdct_gradients():
    x = RNG.normal(size=(2, 24))
    check_gradient(lambda t: tf.signal.mdct(t, 8, pad_end=True), [x])
    c = RNG.normal(size=(5, 4))
    check_gradient(lambda t: tf.signal.inverse_mdct(t, norm="ortho"), [c], "transposed")
