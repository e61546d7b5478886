"""Saving and loading within nnext: `.weights.h5` and `.keras` round trips for every layer
and optimizer, resumed training, the file layout, and every way a load or a save can fail.
The interchange with real Keras is in test_saving_keras.py."""

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import h5py
import numpy as np
import pytest

import nnext
from nnext import keras
from nnext.keras import initializers as inits
from nnext.keras import layers, losses, metrics, optimizers, saving
from nnext.keras.saving import state, weights_file

RNG = np.random.default_rng(7)
X = RNG.standard_normal((16, 4)).astype("float32")
Y = np.eye(3, dtype="float32")[RNG.integers(0, 3, 16)]

DENSE_ACTIVATIONS = [
    "linear",
    "relu",
    "sigmoid",
    "tanh",
    "softmax",
    "elu",
    "gelu",
    "softplus",
    "leaky_relu",
]


def mlp(seed=0, hidden=8, dropout=0.25):
    """Input, Dense with activations, Dropout, LeakyReLU, ReLU, Activation, Softmax."""
    nnext.random.set_seed(seed)
    return keras.Sequential(
        [
            keras.Input((4,)),
            layers.Dense(hidden, activation="relu"),
            layers.Dropout(dropout),
            layers.Dense(6),
            layers.LeakyReLU(negative_slope=0.1),
            layers.Dense(5, use_bias=False),
            layers.ReLU(),
            layers.Dense(4),
            layers.Activation("tanh"),
            layers.Dense(3),
            layers.Softmax(),
        ]
    )


def flatten_model(seed=0):
    nnext.random.set_seed(seed)
    return keras.Sequential(
        [keras.Input((2, 2)), layers.Flatten(), layers.Dense(3, activation="sigmoid")]
    )


def dense_stack(seed=0):
    nnext.random.set_seed(seed)
    return keras.Sequential(
        [keras.Input((4,))] + [layers.Dense(3, activation=a) for a in DENSE_ACTIVATIONS]
    )


MODELS = {
    "mlp": (mlp, X),
    "flatten": (flatten_model, X.reshape(16, 2, 2)),
    "dense_activations": (dense_stack, X),
}


def predict(model, x):
    return np.asarray(model.predict(x, verbose=0))


@pytest.mark.parametrize("name", MODELS)
def test_weights_round_trip(tmp_path, name):
    make, x = MODELS[name]
    source, target = make(seed=1), make(seed=2)
    assert not np.allclose(predict(source, x), predict(target, x))
    source.save_weights(tmp_path / "m.weights.h5")
    target.load_weights(tmp_path / "m.weights.h5")
    np.testing.assert_array_equal(predict(target, x), predict(source, x))


@pytest.mark.parametrize("name", MODELS)
def test_model_round_trip(tmp_path, name):
    make, x = MODELS[name]
    model = make(seed=3)
    model.compile(
        optimizer=optimizers.Adam(0.01), loss="categorical_crossentropy", metrics=["accuracy"]
    )
    model.save(tmp_path / "m.keras")
    restored = keras.models.load_model(tmp_path / "m.keras")
    assert type(restored) is keras.Sequential
    assert [type(a) for a in restored.layers] == [type(b) for b in model.layers]
    assert [a.get_config() for a in restored.layers] == [b.get_config() for b in model.layers]
    np.testing.assert_array_equal(predict(restored, x), predict(model, x))
    assert isinstance(restored.optimizer, optimizers.Adam)
    assert restored.optimizer.learning_rate == pytest.approx(0.01)


def test_keras_file_members_and_config(tmp_path):
    model = mlp()
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    model.save(tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras") as archive:
        assert archive.namelist() == ["metadata.json", "config.json", "model.weights.h5"]
        assert all(i.compress_type == zipfile.ZIP_STORED for i in archive.infolist())
        config = json.loads(archive.read("config.json"))
        metadata = json.loads(archive.read("metadata.json"))
    assert metadata["keras_version"].startswith("3.")
    assert (config["module"], config["class_name"]) == ("keras", "Sequential")
    assert config["build_config"] == {"input_shape": [None, 4]}
    assert config["compile_config"]["optimizer"]["class_name"] == "RMSprop"
    assert config["compile_config"]["loss"] == "categorical_crossentropy"
    entries = config["config"]["layers"]
    assert entries[0]["class_name"] == "InputLayer"
    assert entries[1]["module"] == "keras.layers"
    assert entries[1]["build_config"] == {"input_shape": [None, 4]}


def test_weights_file_layout(tmp_path):
    """Keras 3's layout: layers by class name in `layers/`, variables numbered in `vars`."""
    model = mlp()
    model.compile(optimizer=optimizers.Adam(), loss="categorical_crossentropy")
    model.train_on_batch(X, Y)
    model.save_weights(tmp_path / "m.weights.h5")
    groups = {}

    def collect(name, item):
        if name.endswith("vars"):
            groups[name] = dict(item.attrs)

    with h5py.File(tmp_path / "m.weights.h5") as f:
        f.visititems(collect)
        assert f["layers/dense/vars/0"].shape == (4, 8)
        assert f["layers/dense/vars/1"].shape == (8,)
        assert list(f["layers/dense_2/vars"]) == ["0"]  # use_bias=False
        adam = f["optimizer/vars"]
        # iteration, learning_rate, then momentum and velocity interleaved per variable
        assert len(adam) == 2 + 2 * len(model.trainable_variables)
        assert adam["0"][()] == 1
        assert adam["2"].shape == adam["3"].shape == (4, 8)
    assert set(groups) == {
        "vars",
        "layers/dense/vars",
        "layers/dropout/vars",
        "layers/dense_1/vars",
        "layers/leaky_re_lu/vars",
        "layers/dense_2/vars",
        "layers/re_lu/vars",
        "layers/dense_3/vars",
        "layers/activation/vars",
        "layers/dense_4/vars",
        "layers/softmax/vars",
        "optimizer/vars",
    }
    assert groups["layers/dense/vars"]["name"] == model.layers[0].name
    assert groups["optimizer/vars"]["name"] == model.optimizer.name


OPTIMIZERS = {
    "sgd_momentum": lambda: optimizers.SGD(0.1, momentum=0.9, nesterov=True),
    "rmsprop_centered": lambda: optimizers.RMSprop(0.01, momentum=0.5, centered=True),
    "adam_amsgrad": lambda: optimizers.Adam(0.01, amsgrad=True),
    "adamw": lambda: optimizers.AdamW(0.01),
    "adagrad": lambda: optimizers.Adagrad(0.1),
}


@pytest.mark.parametrize("file_format", ["keras", "weights"])
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_training_resumes_where_it_left_off(tmp_path, name, file_format):
    def compiled(seed):
        # No dropout: its random stream is not model state, in Keras neither.
        model = mlp(seed=seed, dropout=0.0)
        model.compile(optimizer=OPTIMIZERS[name](), loss="categorical_crossentropy")
        return model

    def step(model):
        model.train_on_batch(X, Y)
        return model.evaluate(X, Y, verbose=0)  # the loss after the step

    uninterrupted = compiled(seed=4)
    for _ in range(3):
        step(uninterrupted)
    if file_format == "keras":
        uninterrupted.save(tmp_path / "m.keras")
        resumed = keras.models.load_model(tmp_path / "m.keras")
    else:
        uninterrupted.save_weights(tmp_path / "m.weights.h5")
        resumed = compiled(seed=5)
        resumed.load_weights(tmp_path / "m.weights.h5")
    for a, b in zip(resumed.optimizer.variables, uninterrupted.optimizer.variables):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    # Two more steps: the second depends on the restored slots, not only on the weights.
    for _ in range(2):
        assert step(resumed) == step(uninterrupted)
    np.testing.assert_array_equal(predict(resumed, X), predict(uninterrupted, X))


def test_load_model_without_compile(tmp_path):
    model = mlp()
    model.compile(optimizer="adam", loss="mse")
    model.save(tmp_path / "m.keras")
    restored = keras.models.load_model(tmp_path / "m.keras", compile=False)
    assert getattr(restored, "optimizer", None) is None
    np.testing.assert_array_equal(predict(restored, X), predict(model, X))


def test_uncompiled_model_round_trip(tmp_path):
    model = mlp()
    model.save(tmp_path / "m.keras")
    restored = keras.models.load_model(tmp_path / "m.keras")
    np.testing.assert_array_equal(predict(restored, X), predict(model, X))


# -- get_config / from_config round trips through the saving format --------------------

CONFIG_OBJECTS = [
    layers.Dense(3, activation="relu", use_bias=False, kernel_initializer="he_normal"),
    layers.Activation("sigmoid"),
    layers.ReLU(max_value=6.0),
    layers.LeakyReLU(0.2),
    layers.Softmax(axis=-1),
    layers.Dropout(0.4, seed=1),
    layers.Flatten(),
    layers.InputLayer(shape=(5,)),
    optimizers.SGD(0.05, momentum=0.8, nesterov=True),
    optimizers.RMSprop(0.002, rho=0.8),
    optimizers.Adam(0.003, beta_1=0.8, amsgrad=True),
    optimizers.AdamW(weight_decay=0.01),
    optimizers.Adagrad(0.02),
    losses.MeanSquaredError(),
    losses.MeanAbsoluteError(),
    losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1),
    losses.CategoricalCrossentropy(label_smoothing=0.2),
    losses.SparseCategoricalCrossentropy(from_logits=True),
    losses.Huber(delta=2.0),
    losses.Hinge(),
    losses.KLDivergence(),
    metrics.Mean(),
    metrics.Accuracy(),
    metrics.BinaryAccuracy(threshold=0.7),
    metrics.CategoricalAccuracy(),
    metrics.SparseCategoricalAccuracy(),
    inits.GlorotUniform(seed=1),
    inits.GlorotNormal(),
    inits.HeNormal(),
    inits.HeUniform(),
    inits.RandomNormal(0.5, 2.0),
    inits.RandomUniform(-1.0, 1.0),
    inits.TruncatedNormal(),
    inits.Zeros(),
    inits.Ones(),
    inits.Constant(3.0),
]


@pytest.mark.parametrize("obj", CONFIG_OBJECTS, ids=lambda o: type(o).__name__)
def test_config_round_trip(obj):
    config = json.loads(json.dumps(saving.serialize_keras_object(obj)))
    assert config["module"].startswith("keras.") and config["class_name"] == type(obj).__name__
    restored = saving.deserialize_keras_object(config)
    assert type(restored) is type(obj)
    assert restored.get_config() == obj.get_config()


def test_unknown_class_names_the_class():
    config = {
        "module": "my_project",
        "class_name": "Mystery",
        "config": {},
        "registered_name": "my_project>Mystery",
    }
    with pytest.raises(TypeError, match="Could not locate class 'Mystery'"):
        saving.deserialize_keras_object(config)


# -- subclassed models -------------------------------------------------------------------


class TwoTower(keras.Model):
    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.hidden = layers.Dense(units, activation="relu")
        self.blocks = [layers.Dense(3), layers.Dense(3)]
        self.out = layers.Dense(1)

    def call(self, x):
        x = self.hidden(x)
        for block in self.blocks:
            x = block(x)
        return self.out(x)


@saving.register_keras_serializable(package="tests")
class ConfigurableTower(TwoTower):
    def get_config(self):
        return {**super().get_config(), "units": self.units}


def built(model, seed):
    nnext.random.set_seed(seed)
    model(X[:1])
    return model


def test_subclassed_model_weights_round_trip(tmp_path):
    source, target = built(TwoTower(), 1), built(TwoTower(), 2)
    source.save_weights(tmp_path / "t.weights.h5")
    target.load_weights(tmp_path / "t.weights.h5")
    np.testing.assert_array_equal(predict(target, X), predict(source, X))
    with h5py.File(tmp_path / "t.weights.h5") as f:
        # Keras's walk: attributes in sorted order, list entries named by class, and `out`
        # reached first through `layers` (sorted before `out`), as its 4th Dense.
        assert f["blocks/dense/vars/0"].shape == (4, 3)
        assert f["blocks/dense_1/vars/0"].shape == (3, 3)
        assert f["hidden/vars/0"].shape == (4, 4)
        assert f["layers/dense_3/vars/0"].shape == (3, 1)
        assert "out" not in f


def test_subclassed_model_without_get_config_cannot_be_saved_whole(tmp_path):
    model = built(TwoTower(), 1)
    with pytest.raises(NotImplementedError, match="does not implement `get_config\\(\\)`"):
        model.save(tmp_path / "t.keras")
    assert not (tmp_path / "t.keras").exists()


def test_subclassed_model_with_get_config_round_trips(tmp_path):
    model = built(ConfigurableTower(units=5), 1)
    model.save(tmp_path / "t.keras")
    restored = keras.models.load_model(tmp_path / "t.keras")
    assert type(restored) is ConfigurableTower and restored.units == 5
    np.testing.assert_array_equal(predict(restored, X), predict(model, X))


# -- failures: clear errors, nothing half-loaded, nothing half-written -------------------


def test_wrong_suffixes(tmp_path):
    model = mlp()
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`"):
        model.save_weights(tmp_path / "m.h5")
    with pytest.raises(ValueError, match=r"expected a `\.keras` extension"):
        model.save(tmp_path / "m.h5")
    with pytest.raises(ValueError, match=r"expected a `\.keras` extension"):
        keras.models.load_model(tmp_path / "m.h5")


def test_missing_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="No such file: .*absent.weights.h5"):
        mlp().load_weights(tmp_path / "absent.weights.h5")
    with pytest.raises(FileNotFoundError, match="No such file: .*absent.keras"):
        keras.models.load_model(tmp_path / "absent.keras")
    with pytest.raises(FileNotFoundError, match="the folder .*nowhere does not exist"):
        mlp().save_weights(tmp_path / "nowhere" / "m.weights.h5")


def test_unbuilt_model_cannot_save_weights(tmp_path):
    model = keras.Sequential([layers.Dense(2)])
    with pytest.raises(ValueError, match="has not yet been built"):
        model.save_weights(tmp_path / "m.weights.h5")


def unchanged(model):
    return [np.array(w) for w in model.get_weights()]


def assert_same(weights, model):
    for a, b in zip(weights, model.get_weights()):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("suffix", [".weights.h5", ".keras"])
def test_truncated_file(tmp_path, suffix):
    path = tmp_path / f"m{suffix}"
    source = mlp()
    source.save(path) if suffix == ".keras" else source.save_weights(path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    target = mlp(seed=9)
    before = unchanged(target)
    with pytest.raises(ValueError, match=rf"{path.name}.*(truncated or corrupted|corrupted)"):
        target.load_weights(path)
    assert_same(before, target)
    if suffix == ".keras":
        with pytest.raises(ValueError, match=path.name):
            keras.models.load_model(path)


def test_corrupted_keras_member(tmp_path):
    path = tmp_path / "m.keras"
    mlp().save(path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("model.weights.h5")
    middle = info.header_offset + 100 + info.compress_size // 2
    data[middle] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match=r"m\.keras is corrupted: cannot read model\.weights\.h5"):
        keras.models.load_model(path)


def test_not_a_weights_file(tmp_path):
    path = tmp_path / "m.weights.h5"
    path.write_text("hello")
    with pytest.raises(ValueError, match="m.weights.h5 is not a readable weights file"):
        mlp().load_weights(path)


def test_shape_mismatch_names_the_layer_and_changes_nothing(tmp_path):
    mlp(hidden=8).save_weights(tmp_path / "m.weights.h5")
    target = mlp(hidden=9)
    before = unchanged(target)
    with pytest.raises(
        ValueError,
        match=r"another architecture.*\n.*layers/dense \(layer "
        r"'.*'\): variable 0 \(kernel\) has shape \(4, 9\) "
        r"in the model but \(4, 8\) in the file",
    ):
        target.load_weights(tmp_path / "m.weights.h5")
    assert_same(before, target)


def test_fewer_layers_in_the_model(tmp_path):
    nnext.random.set_seed(0)
    big = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.Dense(3), layers.Dense(3)])
    small = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.Dense(3)])
    big.save_weights(tmp_path / "big.weights.h5")
    before = unchanged(small)
    with pytest.raises(ValueError, match="layers/dense_2: the model has no such layer"):
        small.load_weights(tmp_path / "big.weights.h5")
    assert_same(before, small)


def test_more_layers_in_the_model(tmp_path):
    nnext.random.set_seed(0)
    small = keras.Sequential([keras.Input((4,)), layers.Dense(3)])
    big = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.Dense(3)])
    small.save_weights(tmp_path / "small.weights.h5")
    with pytest.raises(
        ValueError,
        match=r"layers/dense_1 \(layer '.*'\): the model has 2 "
        r"variables, the file has 0",
    ):
        big.load_weights(tmp_path / "small.weights.h5")


def test_other_optimizer_state_is_skipped_with_a_warning(tmp_path):
    source = mlp()
    source.compile(optimizer="adam", loss="mse")
    source.train_on_batch(X, Y)
    source.save_weights(tmp_path / "m.weights.h5")
    target = mlp(seed=1)
    target.compile(optimizer="sgd", loss="mse")
    target.train_on_batch(X, Y)
    with pytest.warns(UserWarning, match="Skipping variable loading for optimizer"):
        target.load_weights(tmp_path / "m.weights.h5")
    np.testing.assert_array_equal(predict(target, X), predict(source, X))


def old_file(tmp_path, suffix):
    path = tmp_path / f"m{suffix}"
    model = mlp(seed=1)
    model.save(path) if suffix == ".keras" else model.save_weights(path)
    return path, path.read_bytes()


@pytest.mark.parametrize("suffix", [".weights.h5", ".keras"])
def test_failed_save_keeps_the_old_file(tmp_path, monkeypatch, suffix):
    path, old_bytes = old_file(tmp_path, suffix)

    def disk_full(self, key, value):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(state._WriteStore, "__setitem__", disk_full)
    model = mlp(seed=2)
    with pytest.raises(OSError, match="No space left on device"):
        model.save(path) if suffix == ".keras" else model.save_weights(path)
    assert path.read_bytes() == old_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_failed_zip_write_keeps_the_old_file(tmp_path, monkeypatch):
    path, old_bytes = old_file(tmp_path, ".keras")
    writestr = zipfile.ZipFile.writestr

    def fail_on_weights(self, name, data, *args, **kwargs):
        if name == "model.weights.h5":
            raise OSError(28, "No space left on device")
        return writestr(self, name, data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", fail_on_weights)
    with pytest.raises(OSError, match="No space left on device"):
        mlp(seed=2).save(path)
    assert path.read_bytes() == old_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_process_killed_mid_save_keeps_the_old_file(tmp_path):
    """A real crash: the process dies (os._exit) after writing one variable of the new file."""
    path, old_bytes = old_file(tmp_path, ".weights.h5")
    script = textwrap.dedent(f"""
        import os
        from nnext.keras.saving import state
        import test_saving

        write = state._WriteStore.__setitem__
        def die_after_first(self, key, value):
            write(self, key, value)
            os._exit(3)
        state._WriteStore.__setitem__ = die_after_first
        test_saving.mlp(seed=2).save_weights({str(path)!r})
    """)
    tests_dir = str(Path(__file__).parent)
    env_path = [tests_dir] + sys.path
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": ":".join(env_path)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 3, result.stderr
    assert path.read_bytes() == old_bytes
    restored = mlp(seed=5)
    restored.load_weights(path)
    np.testing.assert_array_equal(predict(restored, X), predict(mlp(seed=1), X))


def test_open_weights_reports_the_file(tmp_path):
    path = tmp_path / "x.weights.h5"
    path.write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(10))
    with pytest.raises(ValueError, match="x.weights.h5 is not a readable weights file"):
        weights_file.open_weights(path, str(path))


class Scale(layers.Layer):
    """A layer of the user's own, with a weight and a config."""

    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="w")

    def call(self, x):
        return x * self.w * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


def scaled_model():
    nnext.random.set_seed(0)
    return keras.Sequential([keras.Input((4,)), layers.Dense(3), Scale(3.0)])


def test_custom_layer_needs_custom_objects(tmp_path):
    model = scaled_model()
    model.layers[1].w.assign(np.array([1.0, -2.0, 0.5], "float32"))
    model.save(tmp_path / "s.keras")
    with pytest.raises((TypeError, ValueError), match="Scale"):
        keras.models.load_model(tmp_path / "s.keras")
    restored = keras.models.load_model(tmp_path / "s.keras", custom_objects={"Scale": Scale})
    assert isinstance(restored.layers[1], Scale) and restored.layers[1].factor == 3.0
    np.testing.assert_array_equal(predict(restored, X), predict(model, X))


def test_load_weights_from_a_keras_file(tmp_path):
    source = mlp(seed=1)
    source.save(tmp_path / "m.keras")
    target = mlp(seed=2)
    target.load_weights(tmp_path / "m.keras")
    np.testing.assert_array_equal(predict(target, X), predict(source, X))
