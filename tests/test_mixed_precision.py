"""Keras mixed precision: `keras.dtype_policies`, `keras.mixed_precision` and layers under a
'mixed_float16' policy (float32 variables, float16 compute, autocast inputs), compared with
Keras 3 on its NumPy backend: policy names, reprs and configs, each layer's
`compute_dtype`/`variable_dtype`, output dtypes and values; then training with `fit`."""

import os

os.environ.setdefault("KERAS_BACKEND", "numpy")

import numpy as np
import pytest

from nnext import keras
from nnext.keras import layers

real_keras = pytest.importorskip("keras")


@pytest.fixture
def mixed():
    """'mixed_float16' as the global policy of both Kerases, put back afterwards."""
    keras.mixed_precision.set_global_policy("mixed_float16")
    real_keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        yield
    finally:
        # Unset, not 'float32': later tests' floatx() decides the layers' dtype again.
        keras.config._settings["dtype_policy"] = None
        real_keras.mixed_precision.set_global_policy("float32")


# --- the policies -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["mixed_float16", "float32", "float16", "float64"])
def test_policy_matches_keras(name):
    ours, theirs = keras.DTypePolicy(name), real_keras.DTypePolicy(name)
    assert (ours.name, ours.compute_dtype, ours.variable_dtype) == (
        theirs.name,
        theirs.compute_dtype,
        theirs.variable_dtype,
    )
    assert repr(ours) == repr(theirs)
    assert ours.get_config() == theirs.get_config()
    assert keras.dtype_policies.serialize(ours) == real_keras.dtype_policies.serialize(theirs)
    assert keras.dtype_policies.deserialize(keras.dtype_policies.serialize(ours)) == ours
    assert keras.dtype_policies.get(name) == ours


def test_float_dtype_policy_and_legacy_names():
    policy = keras.dtype_policies.FloatDTypePolicy("mixed_float16")
    assert repr(policy) == repr(real_keras.dtype_policies.FloatDTypePolicy("mixed_float16"))
    assert policy == keras.DTypePolicy("mixed_float16")
    assert keras.mixed_precision.Policy is keras.mixed_precision.DTypePolicy is keras.DTypePolicy
    assert keras.mixed_precision.LossScaleOptimizer is keras.optimizers.LossScaleOptimizer
    assert keras.dtype_policies.get(None) == keras.config.dtype_policy()


def test_global_policy(mixed):
    assert keras.mixed_precision.global_policy() == keras.DTypePolicy("mixed_float16")
    assert repr(keras.config.dtype_policy()) == repr(real_keras.config.dtype_policy())
    assert keras.layers.Dense(3).dtype_policy == keras.DTypePolicy("mixed_float16")
    assert keras.layers.Dense(3, dtype="float64").dtype_policy.name == "float64"


def test_bad_policies():
    with pytest.raises(TypeError, match="'name' must be a string"):
        keras.DTypePolicy(3)
    with pytest.raises(ValueError, match="Cannot convert 'mixed_float8'"):
        keras.DTypePolicy("mixed_float8")
    with pytest.raises(ValueError, match="no bfloat16"):  # nnext has no bfloat16 dtype
        keras.DTypePolicy("mixed_bfloat16")
    with pytest.raises(ValueError, match="Invalid `policy` argument"):
        keras.mixed_precision.set_global_policy(3.0)


# --- layers under mixed_float16 ---------------------------------------------------------


def _pair(make):
    """The same layer from nnext and from Keras, built, with Keras's weights copied in."""
    ours, theirs = make(layers), make(real_keras.layers)
    return ours, theirs


def _compare(ours, theirs, x, **call_kwargs):
    y_theirs = theirs(x, **call_kwargs)
    ours(x, **call_kwargs)
    ours.set_weights([np.asarray(w.value) for w in theirs.weights])
    y_ours = ours(x, **call_kwargs)
    for attr in ("compute_dtype", "variable_dtype", "dtype"):
        assert getattr(ours, attr) == getattr(theirs, attr), attr
    assert repr(ours.dtype_policy) == repr(theirs.dtype_policy)
    assert [w.dtype.name for w in ours.weights] == [
        real_keras.backend.standardize_dtype(w.dtype) for w in theirs.weights
    ]
    assert y_ours.dtype.name == real_keras.backend.standardize_dtype(y_theirs.dtype)
    np.testing.assert_allclose(
        np.asarray(y_ours, np.float32), np.asarray(y_theirs, np.float32), rtol=1e-2, atol=1e-2
    )
    return y_ours


def test_dense(mixed):
    x = np.random.default_rng(0).normal(size=(4, 6)).astype("float32")
    y = _compare(*_pair(lambda L: L.Dense(5, activation="relu")), x)
    assert y.dtype.name == "float16"


# Keras's NumPy-backend convolution converts its float16 operands with a NumPy 2
# DeprecationWarning (its own, not nnext's).
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_conv2d(mixed):
    x = np.random.default_rng(1).normal(size=(2, 6, 6, 3)).astype("float32")
    _compare(*_pair(lambda L: L.Conv2D(4, 3, padding="same")), x)


def test_lstm(mixed):
    x = np.random.default_rng(2).normal(size=(2, 5, 3)).astype("float32")
    _compare(*_pair(lambda L: L.LSTM(4)), x)


def test_batch_normalization(mixed):
    x = np.random.default_rng(3).normal(size=(8, 4)).astype("float32")
    ours, theirs = _pair(lambda L: L.BatchNormalization())
    _compare(ours, theirs, x, training=False)
    _compare(ours, theirs, x, training=True)
    assert ours.moving_mean.dtype.name == "float32"


def test_embedding(mixed):
    x = np.array([[0, 3, 1], [2, 2, 4]], np.int32)
    _compare(*_pair(lambda L: L.Embedding(5, 3)), x)


def test_float32_softmax_ends_a_mixed_model(mixed):
    inputs = keras.Input(shape=(6,))
    x = layers.Dense(4, name="dense_logits")(inputs)
    assert x.dtype == "float16"
    outputs = layers.Activation("softmax", dtype="float32", name="predictions")(x)
    assert outputs.dtype == "float32"
    model = keras.Model(inputs, outputs)
    y = model(np.ones((2, 6), np.float32))
    assert y.dtype.name == "float32"
    np.testing.assert_allclose(np.asarray(y).sum(-1), 1.0, rtol=1e-6)


def test_config_keeps_the_policy(mixed):
    ours, theirs = layers.Dense(2), real_keras.layers.Dense(2)
    assert ours.get_config()["dtype"] == theirs.get_config()["dtype"]
    clone = layers.Dense.from_config(ours.get_config())
    assert clone.dtype_policy == keras.DTypePolicy("mixed_float16")


def test_gradients_reach_float32_variables(mixed):
    import nnext as tf

    layer = layers.Dense(3)
    x = np.ones((2, 4), np.float32)
    with tf.GradientTape() as tape:
        y = layer(x)
        loss = tf.reduce_sum(tf.cast(y, tf.float32))
    grads = tape.gradient(loss, layer.trainable_variables)
    assert y.dtype == tf.float16
    assert [g.dtype.name for g in grads] == ["float32", "float32"]
    np.testing.assert_array_equal(grads[1].numpy(), [2.0, 2.0, 2.0])
    assert layer.kernel.dtype == tf.float32  # the call put the variable back


def test_fit_wraps_the_optimizer_and_learns(mixed):
    rng = np.random.default_rng(4)
    x = rng.normal(size=(256, 8)).astype("float32")
    y = (x[:, :4].sum(1) > 0).astype("int32")
    inputs = keras.Input(shape=(8,))
    h = layers.Dense(16, activation="relu")(inputs)
    h = layers.Dense(2)(h)
    outputs = layers.Activation("softmax", dtype="float32")(h)
    model = keras.Model(inputs, outputs)
    model.compile(
        loss="sparse_categorical_crossentropy",
        optimizer=keras.optimizers.Adam(0.02),
        metrics=["accuracy"],
    )
    assert isinstance(model.optimizer, keras.optimizers.LossScaleOptimizer)
    history = model.fit(x, y, batch_size=32, epochs=8, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    assert history.history["accuracy"][-1] > 0.9
    assert all(w.dtype.name == "float32" for w in model.weights)


_X2 = np.random.default_rng(5).normal(size=(2, 4)).astype("float32")
_X3 = np.random.default_rng(6).normal(size=(2, 5, 4)).astype("float32")
_X4 = np.random.default_rng(7).normal(size=(2, 6, 6, 3)).astype("float32")
OUTPUT_DTYPE_CASES = {
    "activation": (lambda L: L.Activation("relu"), _X2),
    "dropout": (lambda L: L.Dropout(0.5), _X2),
    "max_pooling": (lambda L: L.MaxPooling2D(), _X4),
    "global_average_pooling": (lambda L: L.GlobalAveragePooling2D(), _X4),
    "layer_normalization": (lambda L: L.LayerNormalization(), _X2),
    "group_normalization": (lambda L: L.GroupNormalization(groups=1), _X4),
    "gru": (lambda L: L.GRU(3), _X3),
    "bidirectional_lstm": (lambda L: L.Bidirectional(L.LSTM(2)), _X3),
    "depthwise_conv": (lambda L: L.DepthwiseConv2D(3), _X4),
    "conv_transpose": (lambda L: L.Conv2DTranspose(2, 3), _X4),
    "einsum_dense": (lambda L: L.EinsumDense("ab,bc->ac", 3), _X2),
    "rescaling": (lambda L: L.Rescaling(0.5), _X2),
    "normalization": (lambda L: L.Normalization(mean=0.0, variance=1.0), _X2),
    "prelu": (lambda L: L.PReLU(), _X2),
    "softmax": (lambda L: L.Softmax(), _X2),
}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Keras's NumPy backend's own
@pytest.mark.parametrize("case", sorted(OUTPUT_DTYPE_CASES))
def test_output_dtype_matches_keras(mixed, case):
    make, x = OUTPUT_DTYPE_CASES[case]
    ours, theirs = make(layers)(x), make(real_keras.layers)(x)
    assert ours.dtype.name == real_keras.backend.standardize_dtype(theirs.dtype) == "float16"


def test_multi_head_attention_output_dtype(mixed):
    ours = layers.MultiHeadAttention(2, 3)(_X3, _X3)
    theirs = real_keras.layers.MultiHeadAttention(2, 3)(_X3, _X3)
    assert ours.dtype.name == real_keras.backend.standardize_dtype(theirs.dtype) == "float16"


def test_a_saved_mixed_model_loads_with_its_policies(mixed, tmp_path):
    inputs = keras.Input(shape=(4,))
    x = layers.Dense(3, name="dense")(inputs)
    outputs = layers.Activation("softmax", dtype="float32", name="softmax")(x)
    model = keras.Model(inputs, outputs)
    path = str(tmp_path / "mixed.keras")
    model.save(path)
    keras.config._settings["dtype_policy"] = None  # loading must not need the global policy
    loaded = keras.saving.load_model(path)
    assert loaded.get_layer("dense").dtype_policy.name == "mixed_float16"
    assert loaded.get_layer("dense").kernel.dtype.name == "float32"
    assert loaded.get_layer("softmax").dtype_policy.name == "float32"
    x = np.ones((2, 4), np.float32)
    np.testing.assert_array_equal(np.asarray(loaded(x)), np.asarray(model(x)))
