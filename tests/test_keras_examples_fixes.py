"""What the keras.io example programs in tests/programs rely on, checked against Keras 3
(numpy backend) where it can run here.

- A built `Sequential` model has called its layers on its input layer's tensor (Keras 3's
  `Sequential.build` makes the functional graph), so `model.layers[i].input` / `.output` are
  KerasTensors with the layer's shapes right after construction (the DCGAN example's
  summaries)."""

import os

os.environ.setdefault("KERAS_BACKEND", "numpy")

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
