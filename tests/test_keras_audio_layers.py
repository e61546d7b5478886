"""MelSpectrogram, STFTSpectrogram and the STFT initializer against Keras 3 (numpy backend,
in-process) on the same signals."""

import os

os.environ.setdefault("KERAS_BACKEND", "numpy")

import keras as real_keras
import numpy as np
import pytest

from nnext.keras import initializers, layers

SIGNALS = np.random.default_rng(0).standard_normal((2, 3000)).astype("float32")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"fft_length": 512, "sequence_stride": 128, "num_mel_bins": 40},
        {
            "fft_length": 256,
            "sequence_stride": 100,
            "sequence_length": 200,
            "window": "hamming",
            "sampling_rate": 8000,
            "num_mel_bins": 20,
            "min_freq": 50.0,
            "max_freq": 3000.0,
        },
        {
            "fft_length": 256,
            "sequence_stride": 64,
            "num_mel_bins": 16,
            "power_to_db": False,
            "mag_exp": 1.0,
        },
        {
            "fft_length": 128,
            "sequence_stride": 32,
            "num_mel_bins": 10,
            "top_db": 20.0,
            "ref_power": 3.0,
        },
    ],
)
def test_mel_spectrogram_matches_keras(kwargs):
    theirs, mine = real_keras.layers.MelSpectrogram(**kwargs), layers.MelSpectrogram(**kwargs)
    want = np.asarray(theirs(SIGNALS))
    got = mine(SIGNALS).numpy()
    assert got.shape == want.shape == tuple(mine.compute_output_shape(SIGNALS.shape))
    scale = np.abs(want).max()
    np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-4 * scale)
    np.testing.assert_allclose(
        mine(SIGNALS[0]).numpy(), np.asarray(theirs(SIGNALS[0])), rtol=2e-4, atol=2e-4 * scale
    )
    want_config, got_config = theirs.get_config(), mine.get_config()
    want_config.pop("name"), got_config.pop("name")
    assert got_config == want_config


@pytest.mark.parametrize(
    "kwargs",
    [
        {"mode": "log", "frame_length": 64},
        {
            "mode": "magnitude",
            "frame_length": 50,
            "frame_step": 20,
            "fft_length": 64,
            "window": "hamming",
            "periodic": True,
        },
        {"mode": "psd", "frame_length": 32, "scaling": "spectrum", "padding": "same"},
        {"mode": "real", "frame_length": 32, "scaling": None, "expand_dims": True},
        {"mode": "imag", "frame_length": 32, "window": None},
        {"mode": "angle", "frame_length": 32},
        {"mode": "stft", "frame_length": 32, "expand_dims": True},
        {"mode": "log", "frame_length": 32, "data_format": "channels_first"},
        {"mode": "stft", "frame_length": 32, "data_format": "channels_first", "expand_dims": True},
    ],
)
def test_stft_spectrogram_matches_keras(kwargs):
    signals = np.random.default_rng(1).standard_normal((2, 300, 3)).astype("float32")
    if kwargs.get("data_format") == "channels_first":
        signals = np.ascontiguousarray(signals.transpose(0, 2, 1))
    theirs, mine = real_keras.layers.STFTSpectrogram(**kwargs), layers.STFTSpectrogram(**kwargs)
    want = np.asarray(theirs(signals))
    got = mine(signals).numpy()
    assert got.shape == want.shape == tuple(mine.compute_output_shape(signals.shape))
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)
    want_config, got_config = theirs.get_config(), mine.get_config()
    want_config.pop("name"), got_config.pop("name")
    assert got_config == want_config


@pytest.mark.parametrize("side", ["real", "imag"])
@pytest.mark.parametrize(
    "window,scaling,periodic",
    [
        ("hann", "density", False),
        ("hamming", "spectrum", True),
        (None, None, False),
        ("blackman", "density", False),
    ],
)
def test_stft_initializer_matches_keras(side, window, scaling, periodic):
    args = (side, window, scaling, periodic)
    want = np.asarray(real_keras.initializers.STFT(*args)((40, 2, 33)))
    got = initializers.STFT(*args)((40, 2, 33)).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert initializers.get("stft").get_config() == real_keras.initializers.get("stft").get_config()


def test_bad_arguments():
    with pytest.raises(ValueError, match="fft_length"):
        layers.MelSpectrogram(fft_length=128, sequence_length=256)
    with pytest.raises(ValueError, match="frame_step"):
        layers.STFTSpectrogram(frame_length=32, frame_step=64)
    with pytest.raises(ValueError, match="Output mode"):
        layers.STFTSpectrogram(mode="power")
    with pytest.raises(ValueError, match="side"):
        initializers.STFT("both")


# Keras's numpy backend saves its variables through a deprecated NumPy path.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_keras_files_move_both_ways(tmp_path):
    from nnext import keras as nkeras

    def build(k):
        signal = k.Input((400, 1))
        stft = k.layers.STFTSpectrogram(mode="log", frame_length=64, name="stft")(signal)
        mel = k.layers.MelSpectrogram(
            fft_length=128, sequence_stride=64, num_mel_bins=8, name="mel"
        )(k.layers.Reshape((400,))(signal))
        return k.Model(signal, [k.layers.Dense(2, name="head")(stft), mel])

    data = np.random.default_rng(3).standard_normal((2, 400, 1)).astype("float32")
    theirs = build(real_keras)
    theirs.save(tmp_path / "keras.keras")
    mine = nkeras.models.load_model(tmp_path / "keras.keras")
    for got, want in zip(mine.predict(data, verbose=0), theirs.predict(data, verbose=0)):
        np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-3)
    mine.save(tmp_path / "nnext.keras")
    back = real_keras.saving.load_model(tmp_path / "nnext.keras")
    for got, want in zip(back.predict(data, verbose=0), theirs.predict(data, verbose=0)):
        np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-3)
