"""Interchange with real Keras 3 (numpy backend): files nnext writes load in Keras and
predict the same values, and the other way round, for weights, whole models and
optimizer state. Skipped, with the reason, when Keras 3 cannot be imported."""

import os

import numpy as np
import pytest

os.environ["KERAS_BACKEND"] = "numpy"  # must be set before keras is first imported
try:
    import keras as real_keras
except ImportError as e:  # keras, or the jax its numpy backend imports, is missing
    pytest.skip(f"Keras 3 with its numpy backend is not importable: {e}", allow_module_level=True)

import nnext
from nnext import keras as nn_keras

# Keras's numpy backend itself trips NumPy 2's `__array__(copy=...)` deprecation.
pytestmark = pytest.mark.filterwarnings(
    "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
)

RNG = np.random.default_rng(11)
X = RNG.standard_normal((32, 4)).astype("float32")
TOLERANCE = {"rtol": 1e-6, "atol": 1e-6}

ACTIVATIONS = ["linear", "relu", "sigmoid", "tanh", "softmax", "elu", "gelu", "softplus"]


def architecture(k):
    """The same Sequential model in either library `k` (nnext.keras or keras)."""
    L = k.layers
    return k.Sequential(
        [
            k.Input((4,)),
            L.Dense(8, activation="relu"),
            L.Dropout(0.3),
            L.Dense(6),
            L.LeakyReLU(negative_slope=0.2),
            L.Dense(5, use_bias=False),
            L.ReLU(),
            L.Dense(6),
            L.Activation("tanh"),
            *[L.Dense(4, activation=a) for a in ACTIVATIONS],
            L.Dense(3),
            L.Softmax(),
        ]
    )


def image_architecture(k):
    return k.Sequential([k.Input((2, 2)), k.layers.Flatten(), k.layers.Dense(3)])


ARCHITECTURES = {"mlp": (architecture, X), "flatten": (image_architecture, X.reshape(32, 2, 2))}


def nn_model(make, seed=0):
    nnext.random.set_seed(seed)
    return make(nn_keras)


def keras_model(make, seed=0):
    real_keras.utils.set_random_seed(seed)
    return make(real_keras)


def _reads_keras_initializer_configs():
    # Keras 3.15 writes `input_axes`/`output_axes` into GlorotUniform's config.
    try:
        nn_keras.initializers.GlorotUniform.from_config(
            {"seed": None, "input_axes": None, "output_axes": None}
        )
    except TypeError:
        return False
    return True


# Tracked in the saving task's report: nnext.keras.initializers must accept these keys.
needs_keras_initializer_configs = pytest.mark.xfail(
    not _reads_keras_initializer_configs(),
    strict=True,
    raises=TypeError,
    reason="nnext's GlorotUniform.from_config rejects Keras 3.15's input_axes/output_axes",
)


def predict(model, x):
    return np.asarray(model.predict(x, verbose=0))


@pytest.mark.parametrize("name", ARCHITECTURES)
def test_nnext_model_file_loads_in_keras(tmp_path, name):
    make, x = ARCHITECTURES[name]
    model = nn_model(make)
    model.compile(
        optimizer=nn_keras.optimizers.Adam(0.005),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    model.save(tmp_path / "m.keras")
    loaded = real_keras.models.load_model(tmp_path / "m.keras")
    assert [type(a).__name__ for a in loaded.layers] == [type(b).__name__ for b in model.layers]
    assert isinstance(loaded.optimizer, real_keras.optimizers.Adam)
    assert float(loaded.optimizer.learning_rate) == pytest.approx(0.005)
    np.testing.assert_allclose(predict(loaded, x), predict(model, x), **TOLERANCE)


@needs_keras_initializer_configs
@pytest.mark.parametrize("name", ARCHITECTURES)
def test_keras_model_file_loads_in_nnext(tmp_path, name):
    make, x = ARCHITECTURES[name]
    model = keras_model(make)
    model.compile(optimizer=real_keras.optimizers.RMSprop(0.002), loss="mse")
    model.save(tmp_path / "m.keras")
    loaded = nn_keras.models.load_model(tmp_path / "m.keras")
    assert [type(a).__name__ for a in loaded.layers] == [type(b).__name__ for b in model.layers]
    assert isinstance(loaded.optimizer, nn_keras.optimizers.RMSprop)
    assert loaded.optimizer.learning_rate == pytest.approx(0.002)
    np.testing.assert_allclose(predict(loaded, x), predict(model, x), **TOLERANCE)


@pytest.mark.parametrize("name", ARCHITECTURES)
def test_weights_files_both_ways(tmp_path, name):
    make, x = ARCHITECTURES[name]
    ours, theirs = nn_model(make, seed=1), keras_model(make, seed=2)
    ours.save_weights(tmp_path / "ours.weights.h5")
    theirs.load_weights(tmp_path / "ours.weights.h5")
    np.testing.assert_allclose(predict(theirs, x), predict(ours, x), **TOLERANCE)

    theirs = keras_model(make, seed=3)
    theirs.save_weights(tmp_path / "theirs.weights.h5")
    ours.load_weights(tmp_path / "theirs.weights.h5")
    np.testing.assert_allclose(predict(ours, x), predict(theirs, x), **TOLERANCE)


OPTIMIZERS = {
    "SGD": {"learning_rate": 0.1, "momentum": 0.9},
    "RMSprop": {"learning_rate": 0.01, "momentum": 0.5, "centered": True},
    "Adam": {"learning_rate": 0.01, "amsgrad": True},
    "AdamW": {"learning_rate": 0.01},
    "Adagrad": {"learning_rate": 0.1},
}


def variable_arrays(optimizer):
    return [np.asarray(v.numpy() if hasattr(v, "numpy") else v) for v in optimizer.variables]


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_optimizer_state_from_nnext_to_keras(tmp_path, name):
    model = nn_model(architecture)
    model.compile(
        optimizer=getattr(nn_keras.optimizers, name)(**OPTIMIZERS[name]),
        loss="categorical_crossentropy",
    )
    y = np.eye(3, dtype="float32")[RNG.integers(0, 3, len(X))]
    for _ in range(3):
        model.train_on_batch(X, y)
    model.save(tmp_path / "m.keras")
    loaded = real_keras.models.load_model(tmp_path / "m.keras")
    ours, theirs = variable_arrays(model.optimizer), variable_arrays(loaded.optimizer)
    assert len(theirs) == len(ours)
    assert int(theirs[0]) == 3  # the step counter
    for a, b in zip(theirs, ours):
        np.testing.assert_allclose(a, b, **TOLERANCE)


@needs_keras_initializer_configs
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_optimizer_state_from_keras_to_nnext(tmp_path, name):
    model = keras_model(architecture)
    model.compile(
        optimizer=getattr(real_keras.optimizers, name)(**OPTIMIZERS[name]),
        loss="categorical_crossentropy",
    )
    model.optimizer.build(model.trainable_variables)
    # Keras's numpy backend cannot train, so give every slot a distinct value by hand.
    for i, variable in enumerate(model.optimizer.variables[2:]):
        variable.assign(RNG.random(variable.shape).astype("float32") + i)
    model.optimizer.iterations.assign(7)
    model.save(tmp_path / "m.keras")
    loaded = nn_keras.models.load_model(tmp_path / "m.keras")
    ours, theirs = variable_arrays(loaded.optimizer), variable_arrays(model.optimizer)
    assert len(ours) == len(theirs)
    assert int(ours[0]) == 7
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, **TOLERANCE)


class Tower:
    """One subclassed model in both libraries: a layer, a list of layers, another layer."""

    @staticmethod
    def make(k):
        class TowerModel(k.Model):
            def __init__(self):
                super().__init__()
                self.hidden = k.layers.Dense(4, activation="relu")
                self.blocks = [k.layers.Dense(3), k.layers.Dense(3, activation="tanh")]
                self.out = k.layers.Dense(2)

            def call(self, x):
                x = self.hidden(x)
                for block in self.blocks:
                    x = block(x)
                return self.out(x)

        return TowerModel()


def test_subclassed_model_weights_both_ways(tmp_path):
    nnext.random.set_seed(0)
    ours = Tower.make(nn_keras)
    ours(X[:1])
    real_keras.utils.set_random_seed(1)
    theirs = Tower.make(real_keras)
    theirs(X[:1])
    ours.save_weights(tmp_path / "ours.weights.h5")
    theirs.load_weights(tmp_path / "ours.weights.h5")
    np.testing.assert_allclose(predict(theirs, X), predict(ours, X), **TOLERANCE)

    real_keras.utils.set_random_seed(2)
    theirs = Tower.make(real_keras)
    theirs(X[:1])
    theirs.save_weights(tmp_path / "theirs.weights.h5")
    ours.load_weights(tmp_path / "theirs.weights.h5")
    np.testing.assert_allclose(predict(ours, X), predict(theirs, X), **TOLERANCE)


def test_keras_compile_config_with_functions_and_objects(tmp_path):
    model = real_keras.Sequential([real_keras.Input((4,)), real_keras.layers.Activation("relu")])
    model.compile(
        optimizer=real_keras.optimizers.SGD(0.3, momentum=0.5),
        loss=real_keras.losses.mean_squared_error,
        metrics=[real_keras.metrics.BinaryAccuracy(threshold=0.7), "mae"],
    )
    model.save(tmp_path / "m.keras")
    loaded = nn_keras.models.load_model(tmp_path / "m.keras")
    assert loaded.optimizer.get_config()["momentum"] == 0.5
    assert loaded.loss is nn_keras.losses.mean_squared_error
    y = np.abs(X[:, :4])
    np.testing.assert_allclose(
        loaded.evaluate(X, y, verbose=0, return_dict=True)["loss"],
        np.mean((np.maximum(X, 0) - y) ** 2),
        rtol=1e-6,
    )


def test_nnext_compile_config_with_functions_and_objects(tmp_path):
    model = nn_keras.Sequential([nn_keras.Input((4,)), nn_keras.layers.Activation("relu")])
    model.compile(
        optimizer=nn_keras.optimizers.SGD(0.3, momentum=0.5),
        loss=nn_keras.losses.mean_squared_error,
        metrics=[nn_keras.metrics.BinaryAccuracy(threshold=0.7), "mae"],
    )
    model.save(tmp_path / "m.keras")
    loaded = real_keras.models.load_model(tmp_path / "m.keras")
    assert loaded.optimizer.get_config()["momentum"] == 0.5
    assert loaded.loss is real_keras.losses.mean_squared_error
    np.testing.assert_allclose(predict(loaded, X), np.maximum(X, 0), **TOLERANCE)
