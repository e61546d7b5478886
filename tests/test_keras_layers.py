"""Layers: building, output shapes, weights, config round trips, one training step each."""

import numpy as np
import pytest

import nnext
from nnext.keras import layers, optimizers


def run_layer_test(layer, input_shape, expected_output_shape, num_weights, training=True):
    """Builds `layer` on a batch, checks output shape and weight count, round-trips its
    config, and takes one SGD step that must change every trainable weight."""
    x = np.random.default_rng(0).normal(size=input_shape).astype(np.float32)
    y = layer(x)
    assert tuple(y.shape) == expected_output_shape
    assert layer.compute_output_shape(input_shape) == expected_output_shape
    assert len(layer.weights) == num_weights
    clone = type(layer).from_config(layer.get_config())
    assert clone.get_config() == {**layer.get_config(), "name": clone.name}
    if training and layer.trainable_weights:
        before = layer.get_weights()
        with nnext.GradientTape() as tape:
            loss = nnext.reduce_sum(nnext.square(layer(x, training=True)))
        grads = tape.gradient(loss, layer.trainable_weights)
        optimizers.SGD(0.1).apply_gradients(zip(grads, layer.trainable_weights))
        for old, new in zip(before, layer.get_weights()):
            assert not np.allclose(old, new)
    return y


def test_dense():
    layer = layers.Dense(3, activation="relu")
    layer.build((None, 5))
    assert tuple(layer.kernel.shape) == (5, 3) and tuple(layer.bias.shape) == (3,)
    assert [v.name for v in layer.weights] == ["kernel", "bias"]
    np.testing.assert_array_equal(layer.bias.numpy(), np.zeros(3))
    run_layer_test(layer, (4, 5), (4, 3), 2)


@pytest.mark.parametrize(
    "activation",
    [None, "linear", "relu", "sigmoid", "tanh", "softmax", "elu", "softplus", "leaky_relu"],
)
def test_dense_matches_numpy(activation):
    layer = layers.Dense(4, activation=activation)
    x = np.random.default_rng(1).normal(size=(3, 6)).astype(np.float32)
    got = layer(x).numpy()
    z = x @ layer.kernel.numpy() + layer.bias.numpy()
    expected = {
        None: z,
        "linear": z,
        "relu": np.maximum(z, 0),
        "sigmoid": 1 / (1 + np.exp(-z)),
        "tanh": np.tanh(z),
        "elu": np.where(z > 0, z, np.expm1(z)),
        "softmax": np.exp(z) / np.exp(z).sum(-1, keepdims=True),
        "softplus": np.log1p(np.exp(z)),
        "leaky_relu": np.where(z >= 0, z, 0.2 * z),
    }[activation]
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_dense_glorot_uniform_limits_and_rank3_inputs():
    layer = layers.Dense(300)
    y = layer(np.ones((2, 7, 200), np.float32))
    assert tuple(y.shape) == (2, 7, 300)
    limit = np.sqrt(6 / (200 + 300))
    kernel = layer.kernel.numpy()
    assert np.abs(kernel).max() <= limit
    assert kernel.std() == pytest.approx(limit / np.sqrt(3), rel=0.02)


def test_dense_input_dim_and_errors():
    assert layers.Dense(2, input_dim=5)._input_shape_arg == (5,)
    with pytest.raises(ValueError, match="Received: units=0"):
        layers.Dense(0)
    layer = layers.Dense(2)
    layer(np.ones((1, 3)))
    with pytest.raises(ValueError, match=r"expected axis -1 of input shape to have value 3"):
        layer(np.ones((1, 4)))


def test_dense_regularizer_adds_loss():
    layer = layers.Dense(2, kernel_regularizer="l2")
    layer(np.ones((1, 3)))
    expected = 0.01 * np.sum(layer.kernel.numpy() ** 2)
    assert float(layer.losses[0]) == pytest.approx(expected, rel=1e-5)


def test_activation_layers():
    x = np.array([[-2.0, -0.5, 0.0, 1.5]], np.float32)
    np.testing.assert_allclose(layers.ReLU()(x).numpy(), np.maximum(x, 0))
    np.testing.assert_allclose(layers.ReLU(max_value=1.0)(x).numpy(), np.clip(x, 0, 1))
    np.testing.assert_allclose(
        layers.LeakyReLU()(x).numpy(), np.where(x >= 0, x, 0.3 * x), rtol=1e-6
    )
    np.testing.assert_allclose(layers.Activation("tanh")(x).numpy(), np.tanh(x), rtol=1e-6)
    e = np.exp(x - x.max())
    np.testing.assert_allclose(layers.Softmax()(x).numpy(), e / e.sum(), rtol=1e-6)
    for layer in (
        layers.ReLU(),
        layers.LeakyReLU(0.1),
        layers.Activation("relu"),
        layers.Softmax(axis=-1),
    ):
        run_layer_test(layer, (2, 3), (2, 3), 0)
    with pytest.raises(ValueError, match="Could not interpret activation function identifier"):
        layers.Activation("relux")


def test_dropout_is_inverted_and_only_when_training():
    nnext.random.set_seed(3)
    layer = layers.Dropout(0.25)
    x = np.ones((200, 50), np.float32)
    np.testing.assert_array_equal(layer(x).numpy(), x)
    y = layer(x, training=True).numpy()
    assert set(np.unique(y)) <= {0.0, np.float32(1 / 0.75)}
    assert (y == 0).mean() == pytest.approx(0.25, abs=0.02)
    run_layer_test(layers.Dropout(0.5), (2, 3), (2, 3), 0)


def test_flatten_and_input_layer():
    run_layer_test(layers.Flatten(), (2, 3, 4), (2, 12), 0)
    layer = layers.InputLayer(shape=(3,))
    assert layer.batch_shape == (None, 3)
    assert layers.Input((28, 28)).shape == (None, 28, 28)


class Scale(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fixed = nnext.Variable(np.float32(2.0), trainable=False, name="fixed")

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="w")

    def call(self, inputs):
        return inputs * self.w * self.fixed


def test_custom_layer_tracks_weights_and_builds_lazily():
    layer = Scale()
    assert not layer.built
    assert layer.non_trainable_weights and not layer.trainable_weights
    y = layer(np.full((2, 3), 1.5))
    assert layer.built and tuple(layer.w.shape) == (3,)
    np.testing.assert_allclose(y.numpy(), np.full((2, 3), 3.0))
    assert [v.name for v in layer.weights] == ["w", "fixed:0"]  # a tf.Variable's name
    assert [v.name for v in layer.trainable_weights] == ["w"]
    layer.trainable = False
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 2


def test_add_weight_accepts_tf2_argument_order():
    layer = layers.Layer()
    w = layer.add_variable("w", [4, 3], trainable=True)
    assert w.name == "w" and tuple(w.shape) == (4, 3)
    assert layer.trainable_variables[0] is w


def test_get_and_set_weights():
    layer = layers.Dense(2)
    layer(np.ones((1, 3)))
    new = [np.full((3, 2), 0.5, np.float32), np.array([1.0, -1.0], np.float32)]
    layer.set_weights(new)
    np.testing.assert_allclose(layer(np.ones((1, 3))).numpy(), [[2.5, 0.5]])
    with pytest.raises(ValueError, match="weight list of length 1"):
        layer.set_weights(new[:1])
    with pytest.raises(ValueError, match=r"weight shape \(3, 2\) is not compatible"):
        layer.set_weights([np.zeros((2, 2)), new[1]])


def test_missing_super_init_is_explained_when_the_layer_is_used():
    class Broken(layers.Layer):
        def __init__(self):
            self.units = 3

    broken = Broken()  # Keras 3 constructs it, and raises on first use
    with pytest.raises(RuntimeError, match=r"In layer 'Broken', you forgot to call `super"):
        broken(np.ones((1, 2), np.float32))


def test_attributes_set_before_super_init_are_tracked():
    class Early(layers.Layer):
        def __init__(self):
            self.units = 3
            self.dense = layers.Dense(2)
            super().__init__()

        def call(self, x):
            return self.dense(x)

    early = Early()
    assert early(np.ones((1, 4), np.float32)).shape == (1, 2)
    assert early.units == 3 and len(early.weights) == 2 and early.layers == [early.dense]


def test_automatic_names_are_unique():
    a, b = layers.Dense(1), layers.Dense(1)
    assert a.name != b.name and a.name.startswith("dense") and b.name.startswith("dense")
    assert layers.LeakyReLU().name.startswith("leaky_re_lu")


def test_dense_fuses_tensor_level_activation_functions():
    layer = layers.Dense(3, activation=nnext.nn.relu)
    assert layer._fused_activation == "relu"
    assert layer.get_config()["activation"] == "relu"
    x = np.random.default_rng(2).normal(size=(2, 4)).astype(np.float32)
    got = layer(x).numpy()
    expected = np.maximum(x @ layer.kernel.numpy() + layer.bias.numpy(), 0)
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    assert layers.Dense(2, activation="elu")._fused_activation is None


def test_serialize_names_keras_module_for_builtins_only():
    dense = layers.serialize(layers.Dense(2))
    assert dense["module"] == "keras.layers" and dense["registered_name"] is None
    custom = layers.serialize(Scale(name="scale"))
    assert custom["module"] == __name__ and custom["class_name"] == "Scale"
    assert custom["registered_name"] == "Scale"
    restored = layers.deserialize(custom, custom_objects={"Scale": Scale})
    assert isinstance(restored, Scale) and restored.name == "scale"
    assert isinstance(layers.deserialize(dense), layers.Dense)
