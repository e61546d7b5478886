"""ONNX export checked against real Keras: models built and initialised by Keras 3 (its
NumPy backend, in this process), their weights copied into the same nnext model, which is
exported; the
ONNX file's outputs under onnxruntime equal Keras's own `predict` to 1e-5."""

import numpy as np
import pytest
from keras_reference import keras_numpy

from nnext import keras as nkeras

ort = pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

RNG = np.random.default_rng(1)


def _cases(k):
    L = k.layers
    return {
        "cnn_same": (
            (9, 8, 3),
            lambda: [
                L.Conv2D(4, 3, strides=2, padding="same", activation="relu"),
                L.BatchNormalization(),
                L.AveragePooling2D(3, strides=2, padding="same"),
                L.Flatten(),
                L.Dense(3, activation="softmax"),
            ],
        ),
        "cnn_channels_first_flatten": (
            (3, 6, 5),
            lambda: [
                L.Conv2D(2, 2, data_format="channels_first"),
                L.MaxPooling2D(2, padding="same", data_format="channels_first"),
                L.Flatten(data_format="channels_first"),
            ],
        ),
        "conv1d_causal": (
            (10, 3),
            lambda: [
                L.Conv1D(4, 3, padding="causal", dilation_rate=2, activation="gelu"),
                L.LayerNormalization(),
                L.GlobalMaxPooling1D(),
            ],
        ),
        "lstm": ((7, 3), lambda: [L.LSTM(5, return_sequences=True), L.LSTM(2)]),
        "gru": ((7, 3), lambda: [L.GRU(4, return_sequences=True), L.GRU(3, reset_after=False)]),
        "resampling": (
            (5, 4, 2),
            lambda: [
                L.UpSampling2D(2, interpolation="bilinear"),
                L.Cropping2D(((1, 2), (0, 1))),
                L.UpSampling2D((1, 2)),
                L.ZeroPadding2D(1),
            ],
        ),
        "bidirectional": (
            (6, 3),
            lambda: [
                L.Bidirectional(L.LSTM(3, return_sequences=True)),
                L.Bidirectional(L.GRU(2), merge_mode="ave"),
            ],
        ),
        "simple_rnn": ((7, 3), lambda: [L.SimpleRNN(4, activation="relu")]),
    }


# Keras's NumPy backend hands its Variables to JAX's convolution, which NumPy 2 warns about.
@pytest.mark.filterwarnings("ignore:.*__array__ implementation:DeprecationWarning")
@pytest.mark.parametrize("name", sorted(_cases(nkeras)))
def test_onnx_matches_real_keras(tmp_path, name):
    k = keras_numpy()
    shape, make = _cases(k)[name]
    theirs = k.Sequential([k.Input(shape), *make()])
    for w in theirs.weights:  # moving statistics and biases away from their initial values
        if "moving_variance" in w.path:
            w.assign(RNG.uniform(0.5, 1.5, tuple(w.shape)).astype("float32"))
        elif len(w.shape) == 1:
            w.assign(RNG.uniform(-0.5, 0.5, tuple(w.shape)).astype("float32"))
    ours = nkeras.Sequential([nkeras.Input(shape), *_cases(nkeras)[name][1]()])
    ours.set_weights([np.asarray(w.value) for w in theirs.weights])
    ours.export(tmp_path / "m.onnx", format="onnx", verbose=False)
    session = ort.InferenceSession(str(tmp_path / "m.onnx"), providers=["CPUExecutionProvider"])
    x = RNG.standard_normal((4, *shape)).astype("float32")
    got = session.run(None, {session.get_inputs()[0].name: x})[0]
    np.testing.assert_allclose(got, theirs.predict(x, verbose=0), rtol=1e-5, atol=1e-5)
