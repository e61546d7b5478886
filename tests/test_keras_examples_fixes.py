"""What the keras.io example programs in tests/programs rely on, checked against Keras 3
(numpy backend) where it can run here.

- A built `Sequential` model has called its layers on its input layer's tensor (Keras 3's
  `Sequential.build` makes the functional graph), so `model.layers[i].input` / `.output` are
  KerasTensors with the layer's shapes right after construction (the DCGAN example's
  summaries).
- `keras.preprocessing` holds Keras 3's names for `timeseries_dataset_from_array`,
  `image_dataset_from_directory`, `image.array_to_img` and friends and
  `sequence.pad_sequences` (the weather forecasting example calls
  `keras.preprocessing.timeseries_dataset_from_array`).
- A functional or Sequential model converts each input to its `keras.Input`'s dtype, as
  Keras's `Functional._convert_inputs_to_tensors` does, so the boolean one-hot arrays of the
  character-level text generation example reach the LSTM as float32.
- `LeakyReLU(alpha=...)` is taken, with Keras's deprecation warning."""

import os

os.environ.setdefault("KERAS_BACKEND", "numpy")

import importlib

import numpy as np
import pytest

from nnext import keras as nkeras

keras = pytest.importorskip("keras")


def _discriminator(k):
    return k.Sequential(
        [
            k.Input(shape=(16, 16, 3)),
            k.layers.Conv2D(8, kernel_size=4, strides=2, padding="same"),
            k.layers.LeakyReLU(negative_slope=0.2),
            k.layers.Flatten(),
            k.layers.Dropout(0.2),
            k.layers.Dense(1, activation="sigmoid"),
        ]
    )


def _shapes(model):
    return [(tuple(l.input.shape), tuple(l.output.shape)) for l in model.layers]


def test_layers_of_a_sequential_built_from_input_have_outputs_as_keras():
    ours, theirs = _discriminator(nkeras), _discriminator(keras)
    assert _shapes(ours) == _shapes(theirs)
    assert _shapes(ours)[-1] == ((None, 512), (None, 1))
    # The first layer's input is the model's input tensor, the last layer's output its output.
    assert ours.layers[0].input is ours.input
    assert ours.layers[-1].output is ours.output


@pytest.mark.filterwarnings("ignore:Do not pass an `input_shape`")
@pytest.mark.parametrize("how", ["input_shape", "build", "add"])
def test_layers_of_a_sequential_built_later_have_outputs_as_keras(how):
    def make(k):
        if how == "input_shape":
            return k.Sequential([k.layers.Dense(4, input_shape=(3,)), k.layers.Dense(2)])
        model = k.Sequential([k.layers.Dense(4), k.layers.Dense(2)])
        if how == "build":
            model.build((None, 3))
            return model
        model = k.Sequential([k.Input(shape=(3,)), k.layers.Dense(4)])
        model.add(k.layers.Dense(2))
        return model

    ours, theirs = make(nkeras), make(keras)
    assert _shapes(ours) == _shapes(theirs) == [((None, 3), (None, 4)), ((None, 4), (None, 2))]


def test_an_unbuilt_sequential_layer_still_has_no_output():
    model = nkeras.Sequential([nkeras.layers.Dense(2)])
    with pytest.raises(AttributeError, match="never been called"):
        _ = model.layers[0].output


# Keras 3.15 names nnext does not provide yet, with the reason.
PREPROCESSING_GAPS = {
    "preprocessing.image.smart_resize": "pending: aspect-preserving crop and resize",
}


@pytest.mark.parametrize(
    "namespace", ["preprocessing", "preprocessing.image", "preprocessing.sequence"]
)
def test_keras_preprocessing_names_are_provided(namespace):
    def names(module):
        return {n for n in dir(module) if not n.startswith("_")}

    theirs = names(importlib.import_module(f"keras.{namespace}"))
    ours = names(importlib.import_module(f"nnext.keras.{namespace}"))
    gaps = {k.rsplit(".", 1)[1] for k in PREPROCESSING_GAPS if k.rsplit(".", 1)[0] == namespace}
    assert sorted(theirs - ours - gaps) == []
    assert sorted(gaps & ours) == []


def test_preprocessing_timeseries_windows_as_keras_documents():
    # Keras's timeseries_dataset_from_array needs TensorFlow, so the windows are written out
    # from its documented rule: window i holds rows i, i + sampling_rate, ... and targets[i].
    data = np.arange(200, dtype="float32").reshape(100, 2)
    targets = np.arange(100, dtype="float32")[:, None] * 10
    ds = nkeras.preprocessing.timeseries_dataset_from_array(
        data[:-12], targets[12:], sequence_length=5, sampling_rate=3, batch_size=16
    )
    xs, ys = zip(*[(np.asarray(x), np.asarray(y)) for x, y in ds])
    assert [len(x) for x in xs] == [16, 16, 16, 16, 12]  # 88 - 12 windows
    x, y = np.concatenate(xs), np.concatenate(ys)
    for i in (0, 37, 75):
        np.testing.assert_array_equal(x[i], data[i : i + 13 : 3])
        np.testing.assert_array_equal(y[i], targets[i + 12])
    assert nkeras.preprocessing.image.array_to_img is nkeras.utils.array_to_img
    assert nkeras.preprocessing.sequence.pad_sequences is nkeras.utils.pad_sequences


def _bool_lstm_models(k):
    inputs = k.Input(shape=(5, 3))
    functional = k.Model(inputs, k.layers.Dense(2)(k.layers.LSTM(4)(inputs)))
    sequential = k.Sequential([k.Input(shape=(5, 3)), k.layers.LSTM(4), k.layers.Dense(2)])
    return functional, sequential


# Keras's numpy-backend `get_weights` trips NumPy 2's `__array__(copy=)` deprecation.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("which", [0, 1], ids=["functional", "sequential"])
def test_bool_inputs_reach_the_layers_as_the_input_dtype_as_keras(which):
    x = np.zeros((4, 5, 3), dtype=bool)
    x[:, ::2, 0] = True
    x[1:, 1::2, 2] = True
    ours, theirs = _bool_lstm_models(nkeras)[which], _bool_lstm_models(keras)[which]
    ours.set_weights(theirs.get_weights())
    out = ours(x)
    assert out.dtype.name == "float32"
    np.testing.assert_allclose(out.numpy(), np.asarray(theirs(x)), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        ours.predict(x, verbose=0), theirs.predict(x, verbose=0), rtol=1e-5, atol=1e-6
    )


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_int_inputs_are_cast_to_a_float_input_and_back_by_embedding():
    # Keras's default Input dtype is float32: ids arrive as float32, Embedding casts them.
    ids = np.array([[1, 2, 0], [3, 3, 1]], dtype="int64")

    def model(k):
        inputs = k.Input(shape=(3,))
        return k.Model(inputs, k.layers.Embedding(4, 2)(inputs))

    ours, theirs = model(nkeras), model(keras)
    ours.set_weights(theirs.get_weights())
    np.testing.assert_allclose(ours(ids).numpy(), np.asarray(theirs(ids)), rtol=1e-6)


def test_inputs_of_the_input_dtype_or_strings_are_passed_as_given():
    from nnext.keras.models.functional import convert_input_dtype

    same = np.ones((2, 3), dtype="float32")
    assert convert_input_dtype("float32", same) is same
    words = np.array([["a", "b"]])
    assert convert_input_dtype("float32", words) is words
    assert convert_input_dtype("string", same) is same
    assert convert_input_dtype("int32", np.ones((2,), "float64")).dtype == np.int32


def test_leaky_relu_alpha_is_taken_with_keras_deprecation_warning():
    # The Keras 2 era examples (conditional GAN) write LeakyReLU(alpha=0.2).
    for k in (nkeras, keras):
        with pytest.warns(UserWarning, match="Argument `alpha` is deprecated"):
            layer = k.layers.LeakyReLU(alpha=0.2)
        assert layer.negative_slope == 0.2
