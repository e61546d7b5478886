"""ConvLSTM1D/2D/3D against Keras 3 (numpy backend, in-process) with the same weights:
outputs and states, configs, `.keras` files both ways, a short fit."""

import os

os.environ.setdefault("KERAS_BACKEND", "numpy")

import keras as real_keras
import numpy as np
import pytest

from nnext import keras as nkeras
from nnext.keras import layers

RNG = np.random.default_rng(0)

CASES = [
    ("ConvLSTM1D", (2, 4, 9, 3), {"filters": 4, "kernel_size": 3}),
    (
        "ConvLSTM1D",
        (2, 3, 8, 2),
        {"filters": 3, "kernel_size": 2, "strides": 2, "return_sequences": True},
    ),
    (
        "ConvLSTM2D",
        (2, 3, 6, 5, 2),
        {"filters": 3, "kernel_size": (3, 2), "padding": "same", "return_state": True},
    ),
    (
        "ConvLSTM2D",
        (1, 4, 5, 5, 2),
        {
            "filters": 2,
            "kernel_size": 3,
            "dilation_rate": 2,
            "go_backwards": True,
            "unit_forget_bias": False,
        },
    ),
    (
        "ConvLSTM2D",
        (2, 3, 2, 6, 6),
        {"filters": 2, "kernel_size": 3, "data_format": "channels_first", "return_sequences": True},
    ),
    (
        "ConvLSTM3D",
        (1, 2, 4, 4, 4, 1),
        {"filters": 2, "kernel_size": 2, "use_bias": False, "activation": "relu"},
    ),
]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("name,shape,kwargs", CASES)
def test_conv_lstm_matches_keras(name, shape, kwargs):
    x = RNG.standard_normal(shape).astype("float32")
    theirs = getattr(real_keras.layers, name)(**kwargs)
    mine = getattr(layers, name)(**kwargs)
    want = theirs(x)
    mine.build(shape)
    assert [tuple(w.shape) for w in mine.weights] == [tuple(w.shape) for w in theirs.weights]
    mine.set_weights(theirs.get_weights())
    got = mine(x)
    wants = want if isinstance(want, (list, tuple)) else [want]
    gots = got if isinstance(got, (list, tuple)) else [got]
    assert len(gots) == len(wants)
    for g, w in zip(gots, wants):
        np.testing.assert_allclose(g.numpy(), np.asarray(w), rtol=1e-4, atol=1e-5)
    shapes = mine.compute_output_shape(shape)
    shapes = shapes if isinstance(shapes[0], tuple) else [shapes]
    assert [tuple(s) for s in shapes] == [tuple(np.shape(w)) for w in wants]
    want_config, got_config = theirs.get_config(), mine.get_config()
    want_config.pop("name"), got_config.pop("name")
    assert got_config == want_config


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_keras_files_move_both_ways_and_fit(tmp_path):
    def build(k):
        x = k.Input((3, 6, 6, 2))
        y = k.layers.ConvLSTM2D(3, 3, padding="same", return_sequences=True, name="a")(x)
        y = k.layers.ConvLSTM2D(2, 3, name="b")(y)
        return k.Model(x, k.layers.Dense(1, name="head")(k.layers.Flatten()(y)))

    data = RNG.standard_normal((4, 3, 6, 6, 2)).astype("float32")
    theirs = build(real_keras)
    theirs.save(tmp_path / "keras.keras")
    mine = nkeras.models.load_model(tmp_path / "keras.keras")
    want = theirs.predict(data, verbose=0)
    np.testing.assert_allclose(mine.predict(data, verbose=0), want, rtol=1e-4, atol=1e-5)
    mine.save(tmp_path / "nnext.keras")
    back = real_keras.saving.load_model(tmp_path / "nnext.keras")
    np.testing.assert_allclose(back.predict(data, verbose=0), want, rtol=1e-4, atol=1e-5)
    mine.compile("adam", "mse")
    history = mine.fit(data, np.ones((4, 1)), epochs=3, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_dropout_and_argument_errors():
    layer = layers.ConvLSTM1D(2, 3, dropout=0.5, recurrent_dropout=0.3, seed=1)
    x = RNG.standard_normal((2, 3, 7, 2)).astype("float32")
    assert not np.allclose(layer(x, training=True).numpy(), layer(x, training=False).numpy())
    with pytest.raises(ValueError, match="strides"):
        layers.ConvLSTM2D(2, 3, strides=2, dilation_rate=2)
