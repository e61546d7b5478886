"""`Model.export(path, format="onnx")`: each supported layer in a small model, exported,
run with onnxruntime and compared with `model.predict` to 1e-5."""

import numpy as np
import pytest

from nnext import keras

ort = pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

L = keras.layers
RNG = np.random.default_rng(0)


def _run(model, tmp_path, *xs, batch_sizes=(3, 5)):
    path = tmp_path / "model.onnx"
    model.export(path, format="onnx", verbose=False)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    assert session.get_inputs()[0].shape[0] == "batch"
    for n in batch_sizes:  # the batch axis is dynamic
        feeds = [x[:n] for x in xs]
        got = session.run(None, dict(zip(names, feeds)))
        want = model.predict(feeds if len(feeds) > 1 else feeds[0], verbose=0)
        want = want if isinstance(want, (list, tuple)) else [want]
        assert len(got) == len(want)
        for g, w in zip(got, want):
            np.testing.assert_allclose(g, np.asarray(w), rtol=1e-5, atol=1e-5)


def _x(*shape):
    return RNG.standard_normal((5, *shape)).astype("float32")


def _seq(input_shape, *layers):
    return keras.Sequential([keras.Input(input_shape), *layers])


ACTIVATIONS = ["relu", "sigmoid", "tanh", "softmax", "linear", "leaky_relu", "elu", "gelu"]
ACTIVATIONS += ["softplus", "silu"]


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_dense_with_activation(tmp_path, name):
    _run(_seq((6,), L.Dense(4, activation=name), L.Dense(3, use_bias=False)), tmp_path, _x(6))


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_layer(tmp_path, name):
    _run(_seq((6,), L.Activation(name)), tmp_path, _x(6))


@pytest.mark.parametrize(
    "layer",
    [
        L.ReLU(),
        L.ReLU(max_value=0.5, negative_slope=0.1, threshold=0.2),
        L.ReLU(max_value=1.0),
        L.LeakyReLU(negative_slope=0.3),
        L.ELU(alpha=0.5),
        L.PReLU(alpha_initializer="random_uniform"),
        L.Softmax(axis=1),
        L.Dropout(0.5),
        L.GaussianNoise(0.3),
        L.Identity(),
        L.Reshape((3, -1)),
        L.Permute((3, 1, 2)),
        L.Flatten(),
        L.Rescaling(1 / 255.0, offset=-0.5),
        L.LayerNormalization(),
        L.LayerNormalization(axis=(1, 3), center=False),
        L.BatchNormalization(),
        L.BatchNormalization(axis=1, scale=False),
    ],
    ids=lambda layer: type(layer).__name__,
)
def test_elementwise_and_shape_layers(tmp_path, layer):
    model = _seq((4, 3, 2), layer)
    for w in model.weights:  # not the initial ones and zeros
        w.assign(RNG.uniform(0.5, 1.5, tuple(w.shape)).astype("float32"))
    _run(model, tmp_path, _x(4, 3, 2))


def test_repeat_vector(tmp_path):
    _run(_seq((4,), L.RepeatVector(3)), tmp_path, _x(4))


@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("strides", [1, 2])
def test_conv2d(tmp_path, padding, strides):
    model = _seq((7, 6, 3), L.Conv2D(4, 3, strides=strides, padding=padding, activation="relu"))
    _run(model, tmp_path, _x(7, 6, 3))


def test_conv2d_dilated_grouped_channels_first(tmp_path):
    _run(
        _seq((7, 6, 4), L.Conv2D(4, 3, dilation_rate=2, groups=2, padding="same")),
        tmp_path,
        _x(7, 6, 4),
    )
    model = _seq((3, 7, 6), L.Conv2D(2, (2, 3), data_format="channels_first"))
    _run(model, tmp_path, _x(3, 7, 6))


@pytest.mark.parametrize("padding", ["valid", "same", "causal"])
def test_conv1d(tmp_path, padding):
    _run(_seq((9, 3), L.Conv1D(5, 3, padding=padding, dilation_rate=2)), tmp_path, _x(9, 3))


@pytest.mark.parametrize(
    "layer",
    [
        L.MaxPooling2D(),
        L.MaxPooling2D(3, strides=2, padding="same"),
        L.AveragePooling2D(),
        L.AveragePooling2D(3, strides=2, padding="same"),
        L.GlobalAveragePooling2D(),
        L.GlobalMaxPooling2D(keepdims=True),
        L.ZeroPadding2D(((1, 2), (0, 1))),
        L.Cropping2D(((1, 2), (0, 1))),
        L.Cropping2D(((0, 1), (2, 0)), data_format="channels_first"),
        L.UpSampling2D((2, 3)),
        L.UpSampling2D(2, interpolation="bilinear"),
    ],
    ids=lambda layer: f"{type(layer).__name__}-{getattr(layer, 'padding', layer.data_format)}",
)
def test_pooling_2d(tmp_path, layer):
    _run(_seq((7, 6, 3), layer), tmp_path, _x(7, 6, 3))


@pytest.mark.parametrize(
    "layer",
    [
        L.MaxPooling1D(),
        L.AveragePooling1D(3, strides=2, padding="same"),
        L.GlobalAveragePooling1D(),
        L.GlobalMaxPooling1D(),
        L.ZeroPadding1D(2),
        L.Cropping1D((2, 1)),
        L.UpSampling1D(3),
    ],
    ids=lambda layer: type(layer).__name__,
)
def test_pooling_1d(tmp_path, layer):
    _run(_seq((9, 3), layer), tmp_path, _x(9, 3))


def test_small_cnn(tmp_path):
    model = _seq(
        (8, 8, 1),
        L.Rescaling(0.5),
        L.Conv2D(4, 3, activation="relu"),
        L.BatchNormalization(),
        L.MaxPooling2D(),
        L.Flatten(),
        L.Dropout(0.2),
        L.Dense(3, activation="softmax"),
    )
    _run(model, tmp_path, _x(8, 8, 1))


def test_embedding(tmp_path):
    model = _seq((6,), L.Embedding(10, 4), L.GlobalAveragePooling1D(), L.Dense(2))
    ids = RNG.integers(0, 10, (5, 6)).astype("float32")
    _run(model, tmp_path, ids)
    inputs = keras.Input((6,), dtype="int32")
    model = keras.Model(inputs, L.Embedding(10, 3)(inputs))
    _run(model, tmp_path, ids.astype("int32"))


@pytest.mark.parametrize(
    "merge", [L.Add, L.Subtract, L.Multiply, L.Average, L.Maximum, L.Minimum, L.Concatenate]
)
def test_merging_functional(tmp_path, merge):
    a, b = keras.Input((4,), name="a"), keras.Input((4,), name="b")
    count = 2 if merge is L.Subtract else 3
    tensors = [L.Dense(4)(a), L.Dense(4)(b), a][:count]
    model = keras.Model([a, b], L.Dense(2)(merge()(tensors)))
    _run(model, tmp_path, _x(4), _x(4))


def test_functional_multiple_outputs_and_nested_model(tmp_path):
    inner = _seq((4,), L.Dense(3, activation="tanh"))
    x = keras.Input((4,))
    h = inner(x)
    model = keras.Model(x, [L.Dense(2)(h), L.Concatenate(axis=-1)([h, x])])
    _run(model, tmp_path, _x(4))


@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize("rnn", [L.LSTM, L.GRU, L.SimpleRNN])
def test_recurrent(tmp_path, rnn, return_sequences):
    model = _seq((6, 3), rnn(4, return_sequences=return_sequences))
    _run(model, tmp_path, _x(6, 3))


@pytest.mark.parametrize("merge_mode", ["concat", "sum", "ave", "mul"])
@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize("rnn", [L.LSTM, L.GRU, L.SimpleRNN])
def test_bidirectional(tmp_path, rnn, return_sequences, merge_mode):
    layer = L.Bidirectional(rnn(3, return_sequences=return_sequences), merge_mode=merge_mode)
    _run(_seq((6, 2), layer), tmp_path, _x(6, 2))


def test_gru_reset_before_and_return_state(tmp_path):
    _run(_seq((6, 3), L.GRU(4, reset_after=False)), tmp_path, _x(6, 3))
    x = keras.Input((6, 3))
    model = keras.Model(x, L.LSTM(4, return_state=True)(x))
    _run(model, tmp_path, _x(6, 3))


def test_prints_where_it_saved(tmp_path, capsys):
    path = tmp_path / "m.onnx"
    _seq((2,), L.Dense(1)).export(path, format="onnx")
    assert capsys.readouterr().out.strip() == f"Saved artifact at '{path}'."


def test_unsupported_layer_names_its_class(tmp_path):
    model = _seq((4, 3), L.UnitNormalization())
    with pytest.raises(NotImplementedError, match="UnitNormalization"):
        model.export(tmp_path / "m.onnx", format="onnx")


def test_masks_are_refused(tmp_path):
    model = _seq((6,), L.Embedding(10, 4, mask_zero=True), L.LSTM(2))
    with pytest.raises(NotImplementedError, match="mask_zero"):
        model.export(tmp_path / "m.onnx", format="onnx")
    model = _seq((6, 2), L.Masking(), L.LSTM(2))
    with pytest.raises(NotImplementedError, match="Masking"):
        model.export(tmp_path / "m.onnx", format="onnx")


def test_opset_version(tmp_path):
    import onnx

    model = _seq((4, 3), L.GlobalAveragePooling1D(), L.LayerNormalization())
    _run(model, tmp_path, _x(4, 3))
    model.export(tmp_path / "m18.onnx", format="onnx", verbose=False, opset_version=18)
    assert onnx.load(str(tmp_path / "m18.onnx")).opset_import[0].version == 18
    session = ort.InferenceSession(str(tmp_path / "m18.onnx"), providers=["CPUExecutionProvider"])
    x = _x(4, 3)
    got = session.run(None, {session.get_inputs()[0].name: x})[0]
    np.testing.assert_allclose(got, model.predict(x, verbose=0), rtol=1e-5, atol=1e-5)
    with pytest.raises(ValueError, match="opset_version >= 17"):
        model.export(tmp_path / "m.onnx", format="onnx", opset_version=13)


def test_subclassed_model_and_formats(tmp_path):
    class Sub(keras.Model):
        def __init__(self):
            super().__init__()
            self.d = L.Dense(2)

        def call(self, x):
            return self.d(x)

    model = Sub()
    model(np.zeros((1, 3), "float32"))
    with pytest.raises(NotImplementedError, match="subclassed model"):
        model.export(tmp_path / "m.onnx", format="onnx")
    with pytest.raises(ValueError, match="Unrecognized format=bad"):
        model.export(tmp_path / "m", format="bad")
    with pytest.raises(NotImplementedError, match="tf_saved_model"):
        model.export(tmp_path / "m")


def test_import_does_not_import_onnx():
    import subprocess
    import sys

    code = "import sys, nnext, nnext.keras; assert 'onnx' not in sys.modules; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr
