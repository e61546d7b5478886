"""A layer called with its `call`'s first argument given by name (`layer(logits=x,
targets=t)`, as keras.io's endpoint-layer recipe does), and a subclassed model first called
on a dict of inputs: compared with real Keras 3 on its numpy backend."""

import os

os.environ.setdefault("KERAS_BACKEND", "numpy")

import numpy as np
import pytest

from nnext import keras

real_keras = pytest.importorskip("keras")


def _endpoint_class(k):
    class Endpoint(k.layers.Layer):
        def call(self, logits, targets=None, scale=1.0):
            if targets is None:
                return logits * scale
            return (logits - targets) * scale

    return Endpoint


def _data():
    rng = np.random.default_rng(0)
    return rng.normal(size=(4, 3)).astype("float32"), rng.normal(size=(4, 3)).astype("float32")


@pytest.mark.parametrize(
    "make_kwargs",
    [
        lambda x, t: {"logits": x},
        lambda x, t: {"logits": x, "targets": t},
        lambda x, t: {"targets": t, "scale": 2.0, "logits": x},
    ],
    ids=["first-only", "first-and-second", "any-order"],
)
def test_first_call_argument_by_name_matches_keras(make_kwargs):
    x, t = _data()
    got = _endpoint_class(keras)()(**make_kwargs(x, t))
    want = _endpoint_class(real_keras)()(**make_kwargs(x, t))
    np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=1e-6)


def test_first_call_argument_by_name_in_a_functional_model():
    x, t = _data()
    models = []
    for k in (keras, real_keras):
        logits, targets = k.Input((3,)), k.Input((3,))
        out = _endpoint_class(k)()(logits=logits, targets=targets, scale=3.0)
        models.append(k.Model([logits, targets], out))
    ours, theirs = models
    assert ours.output_shape == theirs.output_shape == (None, 3)
    np.testing.assert_allclose(np.asarray(ours([x, t])), np.asarray(theirs([x, t])), rtol=1e-6)


def test_missing_first_call_argument_raises_keras_type_error():
    _, t = _data()
    for layer in (_endpoint_class(real_keras)(), _endpoint_class(keras)()):
        with pytest.raises(TypeError, match=r"^missing a required argument: 'logits'$"):
            layer(targets=t)
        with pytest.raises(TypeError, match=r"^missing a required argument: 'logits'$"):
            layer()


def test_builtin_layer_inputs_by_name_matches_keras():
    x, _ = _data()
    ours, theirs = keras.layers.Dense(2), real_keras.layers.Dense(2)
    ours.build((None, 3))
    theirs.build((None, 3))
    theirs.set_weights(ours.get_weights())
    np.testing.assert_allclose(np.asarray(ours(inputs=x)), np.asarray(theirs(inputs=x)), rtol=1e-6)


def _dict_model_class(k):
    class TwoInputs(k.Model):
        def __init__(self):
            super().__init__()
            self.left = k.layers.Dense(2)
            self.right = k.layers.Dense(2)

        def call(self, inputs):
            return self.left(inputs["a"]) + self.right(inputs["b"])

    return TwoInputs


def test_subclassed_model_first_called_on_a_dict_matches_keras():
    rng = np.random.default_rng(1)
    data = {"a": rng.normal(size=(5, 3)).astype("float32"), "b": rng.normal(size=(5, 4))}
    ours, theirs = _dict_model_class(keras)(), _dict_model_class(real_keras)()
    got = ours(data)
    theirs(data)
    assert [tuple(w.shape) for w in ours.weights] == [tuple(w.shape) for w in theirs.weights]
    theirs.set_weights(ours.get_weights())
    np.testing.assert_allclose(np.asarray(got), np.asarray(theirs(data)), rtol=1e-5)
