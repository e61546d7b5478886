"""keras.activations against Keras 3 (numpy backend): every name, values to 1e-6 and dtypes
on the same inputs, Keras's defaults and options, gradients under GradientTape (against
central differences of Keras's own function), get/serialize/deserialize, and the layers
that take activations by name."""

import os

os.environ.setdefault("KERAS_BACKEND", "numpy")

import inspect

import numpy as np
import pytest

import nnext
from nnext.keras import activations, layers

keras = pytest.importorskip("keras")
kact = keras.activations

NAMES = sorted(
    n for n in dir(kact) if not n.startswith("_") and n not in ("get", "serialize", "deserialize")
)
# Extra arguments each function is also checked with (besides its defaults).
OPTIONS = {
    "relu": [
        {"negative_slope": 0.1},
        {"max_value": 1.5},
        {"max_value": 6.0},
        {"threshold": 0.5},
        {"negative_slope": 0.1, "max_value": 1.5, "threshold": 0.5},
        {"negative_slope": 0.3, "threshold": -0.5},
    ],
    "leaky_relu": [{"negative_slope": 0.05}],
    "elu": [{"alpha": 0.5}],
    "celu": [{"alpha": 2.0}],
    "gelu": [{"approximate": True}],
    "glu": [{"axis": 0}],
    "softmax": [{"axis": 0}],
    "log_softmax": [{"axis": 0}],
    "sparsemax": [{"axis": 0}],
    "squareplus": [{"b": 1}],
    "soft_shrink": [{"threshold": 1.0}],
    "hard_shrink": [{"threshold": 1.0}],
}
REQUIRED = {"threshold": {"threshold": 0.3, "default_value": -2.0}}


def _simplex_projection(x, axis=-1):
    """Sparsemax as Martins & Astudillo (2016) define it. Keras 3.15's own sums the running
    sums over the support when it forms the threshold (its rows need not sum to 1), so nnext
    keeps the paper's threshold (see tests/test_keras_ops.py) and is checked against it."""
    x = np.moveaxis(np.asarray(x, np.float64), axis, -1)
    z = -np.sort(-x, axis=-1)
    k = np.arange(1, x.shape[-1] + 1)
    cum = np.cumsum(z, axis=-1)
    k_z = (1 + k * z > cum).sum(axis=-1, keepdims=True)
    tau = (np.take_along_axis(cum, k_z - 1, axis=-1) - 1) / k_z
    return np.moveaxis(np.maximum(x - tau, 0), -1, axis)


def _reference(name, x, **kwargs):
    if name == "sparsemax":
        return _simplex_projection(x, **kwargs).astype(x.dtype)
    return np.asarray(getattr(kact, name)(x, **kwargs))


def _inputs(dtype="float32"):
    rng = np.random.default_rng(3)
    x = rng.uniform(-4.0, 4.0, size=(4, 6)).astype(dtype)
    x[0, :3] = [-1.0, 0.0, 1.0]  # the kinks of the piecewise functions
    return x


def _cases():
    for name in NAMES:
        base = REQUIRED.get(name, {})
        yield name, base
        for extra in OPTIONS.get(name, []):
            yield name, {**base, **extra}


def test_every_keras_name_is_provided():
    theirs = {n for n in dir(kact) if not n.startswith("_")}
    ours = {n for n in dir(activations) if not n.startswith("_")}
    assert sorted(theirs - ours) == []


@pytest.mark.parametrize("name", NAMES)
def test_signature_matches_keras(name):
    ours = inspect.signature(getattr(activations, name))
    theirs = inspect.signature(getattr(kact, name))
    assert [(p.name, p.default) for p in ours.parameters.values()] == [
        (p.name, p.default) for p in theirs.parameters.values()
    ]


@pytest.mark.parametrize("name,kwargs", list(_cases()), ids=lambda v: str(v))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_values_and_dtype_match_keras(name, kwargs, dtype):
    x = _inputs(dtype)
    ours = getattr(activations, name)(nnext.constant(x), **kwargs)
    theirs = _reference(name, x, **kwargs)
    ours = np.asarray(ours)
    # Keras's type promotion keeps float64 on its TensorFlow backend (the one nnext stands
    # for) and narrows it to float32 on the others (its BIT64_TO_BIT32_DTYPE table), so the
    # NumPy backend's float64 results are at times float32 values of the same function.
    assert ours.dtype == np.dtype(dtype)
    if dtype == "float32":
        assert theirs.dtype == ours.dtype
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name,kwargs", list(_cases()), ids=lambda v: str(v))
def test_gradient_matches_central_differences(name, kwargs):
    x = _inputs("float64")
    x[0, :3] = [-1.3, 0.2, 1.7]  # away from kinks: central differences are exact there
    x = np.where(np.abs(np.abs(x) - 0.5) < 0.05, x + 0.2, x)
    x = np.where(np.abs(np.abs(x) - 1.0) < 0.05, x + 0.2, x)
    x = np.where(np.abs(np.abs(x) - 3.0) < 0.05, x + 0.2, x)
    x = np.where(np.abs(x - 0.3) < 0.05, x + 0.2, x)
    x = np.where(np.abs(x) < 0.05, x + 0.2, x)
    rng = np.random.default_rng(5)
    out_shape = _reference(name, x, **kwargs).shape
    weights = rng.uniform(0.5, 1.5, size=out_shape)

    variable = nnext.Variable(x)
    with nnext.GradientTape() as tape:
        loss = nnext.reduce_sum(getattr(activations, name)(variable, **kwargs) * weights)
    grad = np.asarray(tape.gradient(loss, variable))

    def f(v):
        # Keras's NumPy backend computes float64 arrays in float32, too coarse for central
        # differences; nnext's forward pass in float64 (whose float32 values match Keras's
        # above) is differenced instead, and in float32 it is checked against Keras here.
        out = getattr(activations, name)(nnext.constant(v), **kwargs)
        assert np.asarray(out).dtype == np.float64
        return float(np.sum(np.asarray(out) * weights))

    numeric = _central_differences(f, x)
    x32 = x.astype(np.float32)
    np.testing.assert_allclose(
        np.asarray(getattr(activations, name)(nnext.constant(x32), **kwargs)),
        _reference(name, x32, **kwargs),
        rtol=1e-6,
        atol=1e-6,
    )
    assert grad.shape == x.shape
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-5)


def _central_differences(f, x):

    eps = 1e-6
    numeric = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[index] += eps
        down[index] -= eps
        numeric[index] = (f(up) - f(down)) / (2 * eps)
    return numeric


@pytest.mark.parametrize("name", [n for n in NAMES if n not in REQUIRED])
def test_get_serialize_deserialize_round_trip_like_keras(name):
    ours = getattr(activations, name)
    assert activations.get(name) is ours
    assert activations.serialize(ours) == kact.serialize(getattr(kact, name))
    assert activations.deserialize(activations.serialize(ours)) is ours
    keras_config = keras.saving.serialize_keras_object(getattr(kact, name))
    assert activations.deserialize(keras_config) is activations.get(keras_config["config"])
    assert activations.get(keras_config) is activations.get(keras_config["config"])


def test_aliases_serialize_to_their_function_name():
    assert activations.serialize(activations.hard_swish) == "hard_silu"
    assert activations.get("hard_swish") is activations.hard_silu
    assert activations.serialize(activations.swish) == "silu"


def test_deserialize_unknown_string_comes_back_as_in_keras():
    assert activations.deserialize("no_such_activation") == kact.deserialize("no_such_activation")


def test_deserialize_custom_objects():
    def my_act(x):
        return x * 2.0

    assert activations.deserialize("my_act", custom_objects={"my_act": my_act}) is my_act


def test_get_unknown_string_raises_value_error_like_keras():
    with pytest.raises(ValueError):
        kact.get("no_such_activation")
    with pytest.raises(ValueError):
        activations.get("no_such_activation")


@pytest.mark.parametrize(
    "name", ["selu", "mish", "hard_silu", "log_softmax", "relu6", "celu", "sparsemax"]
)
def test_layers_take_the_new_activations_by_name(name):
    x = _inputs()
    dense = layers.Dense(3, activation=name)
    out = np.asarray(dense(x))
    kernel, bias = (np.asarray(w) for w in dense.get_weights())
    expected = _reference(name, x @ kernel + bias)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
    assert dense.get_config()["activation"] == name
    assert layers.Dense.from_config(dense.get_config()).activation is getattr(activations, name)

    act = layers.Activation(name)
    np.testing.assert_allclose(np.asarray(act(x)), _reference(name, x), rtol=1e-6, atol=1e-6)
    assert layers.Activation.from_config(act.get_config()).activation is getattr(activations, name)


def test_dense_with_new_activation_trains_through_gradient_tape():
    x = _inputs()
    dense = layers.Dense(2, activation="mish")
    dense(x)
    with nnext.GradientTape() as tape:
        loss = nnext.reduce_sum(dense(x))
    grads = tape.gradient(loss, dense.trainable_variables)
    assert all(g is not None and np.all(np.isfinite(np.asarray(g))) for g in grads)
    assert np.any(np.asarray(grads[0]) != 0)


def test_get_of_a_non_callable_raises_value_error_as_keras():
    with pytest.raises(ValueError, match="Could not interpret activation function identifier: 3"):
        activations.get(3)
