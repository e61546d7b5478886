"""Recurrent models interchange with real Keras 3 (numpy backend): `.keras` and
`.weights.h5` files nnext writes load in Keras and predict the same, and the other way
round (Embedding, LSTM, GRU, SimpleRNN, Bidirectional, TimeDistributed, RNN(cells))."""

import os

import numpy as np
import pytest

os.environ["KERAS_BACKEND"] = "numpy"  # must be set before keras is first imported
import keras as real_keras

from nnext import keras as nn_keras

# Keras's numpy backend itself trips NumPy 2's `__array__(copy=...)` deprecation.
pytestmark = pytest.mark.filterwarnings(
    "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
)

TOLERANCE = {"rtol": 2e-5, "atol": 2e-6}
TOKENS = np.random.default_rng(3).integers(0, 20, (8, 7)).astype("int32")
SEQUENCES = np.random.default_rng(4).uniform(-1, 1, (8, 7, 3)).astype("float32")


def text_model(k):
    L = k.layers
    return k.Sequential(
        [
            k.Input((7,), dtype="int32"),
            L.Embedding(20, 6),
            L.Bidirectional(L.LSTM(5, return_sequences=True)),
            L.GRU(4, return_sequences=True),
            L.SimpleRNN(3),
            L.Dense(2, activation="softmax"),
        ]
    )


def sequence_model(k):
    L = k.layers
    return k.Sequential(
        [
            k.Input((7, 3)),
            L.TimeDistributed(L.Dense(4, activation="relu")),
            L.RNN([L.LSTMCell(5), L.GRUCell(3, reset_after=False)], return_sequences=True),
            L.Bidirectional(L.GRU(2), merge_mode="sum"),
        ]
    )


ARCHITECTURES = {"text": (text_model, TOKENS), "sequence": (sequence_model, SEQUENCES)}


def randomize(model, seed):
    rng = np.random.default_rng(seed)
    model.set_weights(
        [rng.uniform(-0.5, 0.5, w.shape).astype(w.dtype) for w in model.get_weights()]
    )
    return model


def predict(model, x):
    return np.asarray(model.predict(x, verbose=0))


@pytest.mark.parametrize("name", ARCHITECTURES)
def test_nnext_model_file_loads_in_keras(tmp_path, name):
    make, x = ARCHITECTURES[name]
    model = randomize(make(nn_keras), 1)
    model.save(tmp_path / "m.keras")
    loaded = real_keras.models.load_model(tmp_path / "m.keras")
    assert [type(a).__name__ for a in loaded.layers] == [type(b).__name__ for b in model.layers]
    np.testing.assert_allclose(predict(loaded, x), predict(model, x), **TOLERANCE)


@pytest.mark.parametrize("name", ARCHITECTURES)
def test_keras_model_file_loads_in_nnext(tmp_path, name):
    make, x = ARCHITECTURES[name]
    model = randomize(make(real_keras), 2)
    model.save(tmp_path / "m.keras")
    loaded = nn_keras.models.load_model(tmp_path / "m.keras")
    assert [type(a).__name__ for a in loaded.layers] == [type(b).__name__ for b in model.layers]
    np.testing.assert_allclose(predict(loaded, x), predict(model, x), **TOLERANCE)


@pytest.mark.parametrize("name", ARCHITECTURES)
def test_weights_files_both_ways(tmp_path, name):
    make, x = ARCHITECTURES[name]
    ours, theirs = randomize(make(nn_keras), 3), make(real_keras)
    ours.save_weights(tmp_path / "ours.weights.h5")
    theirs.load_weights(tmp_path / "ours.weights.h5")
    np.testing.assert_allclose(predict(theirs, x), predict(ours, x), **TOLERANCE)

    theirs = randomize(make(real_keras), 4)
    theirs.save_weights(tmp_path / "theirs.weights.h5")
    ours.load_weights(tmp_path / "theirs.weights.h5")
    np.testing.assert_allclose(predict(ours, x), predict(theirs, x), **TOLERANCE)


def test_lstm_weight_layout_is_keras():
    ours, theirs = nn_keras.layers.LSTM(5), real_keras.layers.LSTM(5)
    ours.build((None, 7, 3))
    theirs.build((None, 7, 3))
    assert [tuple(w.shape) for w in ours.weights] == [tuple(w.shape) for w in theirs.weights]
    assert [w.name for w in ours.weights] == [w.name for w in theirs.weights]
    # unit_forget_bias: the forget gate's quarter of the bias starts at one.
    np.testing.assert_array_equal(ours.cell.bias.numpy(), np.repeat([0.0, 1.0, 0.0, 0.0], 5))
