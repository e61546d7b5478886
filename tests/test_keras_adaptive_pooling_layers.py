"""AdaptiveAveragePooling1D/2D/3D and AdaptiveMaxPooling1D/2D/3D against Keras 3 (numpy
backend, in-process): outputs, shapes, configs and errors."""

import os

os.environ.setdefault("KERAS_BACKEND", "numpy")

import keras as real_keras
import numpy as np
import pytest

from nnext import keras as nkeras
from nnext.keras import layers

RNG = np.random.default_rng(0)
CASES = [
    ("AdaptiveAveragePooling1D", 4, (2, 11, 3), "channels_last"),
    ("AdaptiveMaxPooling1D", (3,), (2, 3, 10), "channels_first"),
    ("AdaptiveAveragePooling2D", (3, 2), (2, 7, 5, 3), "channels_last"),
    ("AdaptiveMaxPooling2D", 3, (2, 3, 8, 7), "channels_first"),
    ("AdaptiveAveragePooling3D", (2, 3, 2), (1, 5, 6, 4, 2), "channels_last"),
    ("AdaptiveMaxPooling3D", 2, (1, 2, 5, 5, 5), "channels_first"),
]


@pytest.mark.parametrize("name,size,shape,data_format", CASES)
def test_adaptive_pooling_matches_keras(name, size, shape, data_format):
    x = RNG.standard_normal(shape).astype("float32")
    theirs = getattr(real_keras.layers, name)(size, data_format=data_format)
    mine = getattr(layers, name)(size, data_format=data_format)
    want = np.asarray(theirs(x))
    got = mine(x).numpy()
    assert got.shape == want.shape == mine.compute_output_shape(shape)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)
    want_config, got_config = theirs.get_config(), mine.get_config()
    want_config.pop("name"), got_config.pop("name")
    assert got_config == want_config
    symbolic = mine(nkeras.Input(shape[1:]))
    assert symbolic.shape == (None, *want.shape[1:])


def test_bad_output_sizes():
    with pytest.raises(ValueError, match="length 1"):
        layers.AdaptiveAveragePooling1D((2, 3))
    with pytest.raises(TypeError, match="height, width"):
        layers.AdaptiveMaxPooling2D((2, 3, 4))
    with pytest.raises(ValueError, match="data_format"):
        layers.AdaptiveMaxPooling3D(2, data_format="NDHWC")


# Keras's numpy backend saves its variables through a deprecated NumPy path.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_keras_files_move_both_ways(tmp_path):
    def build(k):
        x = k.Input((9, 7, 3))
        y = k.layers.AdaptiveMaxPooling2D((4, 3))(k.layers.Conv2D(4, 3, name="conv")(x))
        return k.Model(x, k.layers.AdaptiveAveragePooling2D(2)(y))

    data = RNG.standard_normal((2, 9, 7, 3)).astype("float32")
    theirs = build(real_keras)
    theirs.save(tmp_path / "keras.keras")
    mine = nkeras.models.load_model(tmp_path / "keras.keras")
    want = theirs.predict(data, verbose=0)
    np.testing.assert_allclose(mine.predict(data, verbose=0), want, rtol=1e-5, atol=1e-6)
    mine.save(tmp_path / "nnext.keras")
    back = real_keras.saving.load_model(tmp_path / "nnext.keras")
    np.testing.assert_allclose(back.predict(data, verbose=0), want, rtol=1e-5, atol=1e-6)
