"""keras.config, keras.random and the keras.utils additions: settings and their errors as
Keras 3 has them, the samplers' statistics and seeding, and the utilities against Keras."""

import hashlib
import os
import pathlib
import sys
import tarfile

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "numpy")
real_keras = pytest.importorskip("keras")

from nnext.keras import backend, config, losses, metrics, utils
from nnext.keras import random as krandom
from nnext.keras.saving import serialization


@pytest.fixture
def float64():
    config.set_floatx("float64")
    yield
    config.set_floatx("float32")


# -- keras.config ------------------------------------------------------------------------


def test_config_has_every_name_of_keras_config():
    ours = set(config.__all__)
    theirs = {n for n in dir(real_keras.config) if not n.startswith("_")}
    assert theirs - ours == set()


def test_defaults_match_keras():
    assert config.floatx() == real_keras.config.floatx() == "float32"
    assert config.epsilon() == real_keras.config.epsilon() == 1e-7
    assert config.image_data_format() == real_keras.config.image_data_format()
    assert config.backend() == "nnext"
    assert config.is_interactive_logging_enabled() is True
    assert config.is_traceback_filtering_enabled() is True
    assert config.is_flash_attention_enabled() is None
    assert config.is_nnx_enabled() is False
    assert config.max_epochs() is None and config.max_steps_per_epoch() is None


def test_set_floatx_is_read_by_backend_losses_metrics_and_random(float64):
    assert backend.floatx() == "float64"
    assert losses.MeanSquaredError().dtype == "float64"
    assert metrics.Mean().dtype == "float64"
    value = losses.mean_squared_error(np.ones((2, 3)), np.zeros((2, 3)))
    assert value.dtype.name == "float64"
    assert krandom.normal((2,)).dtype.name == "float64"
    assert config.dtype_policy().name == "float64"


def test_set_floatx_errors():
    with pytest.raises(ValueError, match="Unknown `floatx` value: float8"):
        config.set_floatx("float8")
    with pytest.raises(ValueError, match="nnext has no bfloat16 dtype"):
        config.set_floatx("bfloat16")
    assert config.floatx() == "float32"
    config.set_floatx("float16")  # computed through float32 kernels, rounded to float16
    try:
        assert config.dtype_policy().compute_dtype == "float16"
    finally:
        config.set_floatx("float32")


def test_epsilon_and_image_data_format_setters():
    config.set_epsilon(1e-5)
    try:
        assert backend.epsilon() == 1e-5
        # The clipping of probabilities follows the new epsilon.
        value = float(losses.binary_crossentropy(np.array([[1.0]]), np.array([[0.0]]))[0])
        np.testing.assert_allclose(value, -np.log(1e-5), rtol=1e-5)
    finally:
        config.set_epsilon(1e-7)
    config.set_image_data_format("channels_first")
    assert config.image_data_format() == "channels_first"
    config.set_image_data_format("channels_last")
    with pytest.raises(ValueError, match="The `data_format` argument must be one of"):
        config.set_image_data_format("channels_middle")


def test_dtype_policy():
    policy = config.dtype_policy()
    assert (policy.name, policy.compute_dtype, policy.variable_dtype) == ("float32",) * 3
    assert repr(policy) == repr(real_keras.config.dtype_policy()) == '<DTypePolicy "float32">'
    config.set_dtype_policy("float64")
    try:
        assert config.dtype_policy() == config.DTypePolicy("float64")
    finally:  # unset again: later tests' floatx() decides the layers' dtype
        config._settings["dtype_policy"] = None
    with pytest.raises(ValueError, match="no bfloat16"):
        config.set_dtype_policy("mixed_bfloat16")
    with pytest.raises(ValueError, match="Invalid `policy` argument"):
        config.set_dtype_policy(3)
    assert config.DTypePolicy.from_config(policy.get_config()) == policy


def test_switches_round_trip():
    for disable, enable, query in [
        (
            config.disable_interactive_logging,
            config.enable_interactive_logging,
            config.is_interactive_logging_enabled,
        ),
        (
            config.disable_traceback_filtering,
            config.enable_traceback_filtering,
            config.is_traceback_filtering_enabled,
        ),
    ]:
        disable()
        assert query() is False
        enable()
        assert query() is True
    config.disable_flash_attention()
    assert config.is_flash_attention_enabled() is False
    config.enable_flash_attention()
    assert config.in_safe_mode() is True
    config.enable_unsafe_deserialization()
    assert config.in_safe_mode() is False
    config._settings["safe_mode"] = True
    config.set_max_epochs(3)
    assert config.max_epochs() == 3
    config.set_max_epochs(None)
    with pytest.raises(ValueError, match="nnext backend only"):
        config.set_backend("jax")


def test_disabled_interactive_logging_sends_progress_to_logging(capsys, caplog):
    config.disable_interactive_logging()
    try:
        with caplog.at_level("INFO", logger="nnext"):
            bar = utils.Progbar(2, verbose=2)
            bar.update(2, [("loss", 0.5)])
    finally:
        config.enable_interactive_logging()
    assert capsys.readouterr().out == ""
    assert "loss: 0.5000" in caplog.text


# -- keras.random ------------------------------------------------------------------------


def test_random_has_every_name_of_keras_random():
    theirs = {n for n in dir(real_keras.random) if not n.startswith("_")}
    assert theirs - set(krandom.__all__) == set()


@pytest.mark.parametrize(
    ("fn", "args", "mean", "var"),
    [
        (krandom.normal, {"mean": 1.0, "stddev": 2.0}, 1.0, 4.0),
        (krandom.uniform, {"minval": -1.0, "maxval": 3.0}, 1.0, 16.0 / 12.0),
        (krandom.truncated_normal, {"stddev": 1.0}, 0.0, 0.7737),
        (krandom.gamma, {"alpha": 2.5}, 2.5, 2.5),
        (krandom.gamma, {"alpha": 0.4}, 0.4, 0.4),
        (krandom.beta, {"alpha": 2.0, "beta": 3.0}, 0.4, 0.04),
        (krandom.binomial, {"counts": 6, "probabilities": 0.3}, 1.8, 1.26),
    ],
)
def test_sampler_moments(fn, args, mean, var):
    x = np.asarray(fn((40000,), seed=7, **args).numpy(), dtype=np.float64)
    assert x.dtype == np.float64 and x.shape == (40000,)
    np.testing.assert_allclose(x.mean(), mean, atol=4 * np.sqrt(var / x.size) + 1e-3)
    np.testing.assert_allclose(x.var(), var, rtol=0.05)


def test_truncated_normal_bounds_and_randint():
    x = krandom.truncated_normal((5000,), mean=1.0, stddev=0.5, seed=1).numpy()
    assert x.min() >= 0.0 and x.max() <= 2.0
    ints = krandom.randint((5000,), 2, 7, seed=3)
    assert ints.dtype.name == "int32"
    assert set(np.unique(ints.numpy())) == {2, 3, 4, 5, 6}
    with pytest.raises(ValueError, match="requires an integer `dtype`"):
        krandom.randint((2,), 0, 3, dtype="float32")
    with pytest.raises(ValueError, match="requires a floating point `dtype`"):
        krandom.uniform((2,), dtype="int32")


def test_categorical_follows_the_softmax_of_the_logits():
    probs = np.array([[0.1, 0.6, 0.3], [0.5, 0.25, 0.25]])
    ids = krandom.categorical(np.log(probs), 30000, seed=5)
    assert ids.shape == (2, 30000) and ids.dtype.name == "int32"
    for row, p in zip(ids.numpy(), probs):
        np.testing.assert_allclose(np.bincount(row, minlength=3) / row.size, p, atol=0.01)
    with pytest.raises(ValueError, match="`logits` should be a 2-dimensional tensor"):
        krandom.categorical(np.zeros(3), 2)


def test_seeds_integer_fixed_generator_advances_global_reproducible():
    a = krandom.normal((4,), seed=11).numpy()
    np.testing.assert_array_equal(a, krandom.normal((4,), seed=11).numpy())
    gen = krandom.SeedGenerator(42)
    first, second = krandom.normal((4,), seed=gen).numpy(), krandom.normal((4,), seed=gen).numpy()
    assert not np.allclose(first, second)
    again = krandom.SeedGenerator(42)
    np.testing.assert_array_equal(first, krandom.normal((4,), seed=again).numpy())
    np.testing.assert_array_equal(gen.state.numpy(), [42, 2])
    assert gen.get_config() == {"seed": 42, "name": gen.name}
    assert (
        krandom.SeedGenerator(9).get_config()["seed"]
        == real_keras.random.SeedGenerator(9).get_config()["seed"]
    )
    utils.set_random_seed(3)
    x = krandom.uniform((3,)).numpy()
    utils.set_random_seed(3)
    np.testing.assert_array_equal(x, krandom.uniform((3,)).numpy())
    with pytest.raises(ValueError, match="Argument `seed` must be an integer"):
        krandom.SeedGenerator("a")
    with pytest.raises(ValueError, match="must be either an integer or an instance of"):
        krandom.normal((2,), seed=1.5)


def test_dropout_and_shuffle():
    x = np.ones((200, 50), np.float32)
    y = krandom.dropout(x, 0.3, seed=2).numpy()
    assert set(np.unique(y)) == {0.0, np.float32(1 / 0.7)}
    np.testing.assert_allclose((y == 0).mean(), 0.3, atol=0.02)
    rows = krandom.dropout(x, 0.5, noise_shape=(None, 1), seed=2).numpy()
    assert all(len(set(r)) == 1 for r in rows)
    assert krandom.dropout(x, 0.0) is not None and krandom.dropout(x, 1.0).numpy().sum() == 0
    m = np.arange(12).reshape(3, 4)
    for axis in (0, 1, -1):
        s = krandom.shuffle(m, axis=axis, seed=4).numpy()
        np.testing.assert_array_equal(np.sort(s, axis=axis), m)


# -- keras.utils -------------------------------------------------------------------------


def test_set_random_seed_seeds_numpy_and_python_and_nnext():
    import random

    utils.set_random_seed(123)
    a = (random.random(), np.random.rand(), krandom.normal((2,)).numpy())
    utils.set_random_seed(123)
    b = (random.random(), np.random.rand(), krandom.normal((2,)).numpy())
    assert a[:2] == b[:2]
    np.testing.assert_array_equal(a[2], b[2])
    with pytest.raises(ValueError, match="Expected `seed` argument to be an integer"):
        utils.set_random_seed(1.5)


@pytest.mark.parametrize("order", [1, 2, 3])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_normalize_matches_keras_for_arrays_and_tensors(order, axis):
    x = np.random.default_rng(0).normal(size=(4, 5)).astype(np.float32)
    x[1] = 0.0
    norm = np.linalg.norm(x, order, axis, keepdims=True)
    np.testing.assert_allclose(
        utils.normalize(x, axis, order), x / np.where(norm, norm, 1), rtol=1e-6
    )
    if axis != 0:  # Keras 3.15's NumPy branch fails for axis=0 (it expands at `axis or -1`)
        np.testing.assert_allclose(
            utils.normalize(x, axis, order), real_keras.utils.normalize(x, axis, order), rtol=1e-6
        )
    got = utils.normalize(backend.to_tensor(x), axis, order)
    with np.errstate(divide="ignore"):  # Keras's rsqrt of the zero row, then clipped
        want = real_keras.ops.convert_to_numpy(
            real_keras.ops.normalize(real_keras.ops.convert_to_tensor(x), axis=axis, order=order)
        )
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=1e-7)


def test_get_file_downloads_caches_checks_and_extracts(tmp_path):
    source = tmp_path / "src" / "data.csv"
    source.parent.mkdir()
    source.write_text("a,b\n1,2\n")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    cache = tmp_path / "cache"
    path = utils.get_file(origin=source.as_uri(), file_hash=digest, cache_dir=cache)
    assert path == str(cache / "datasets" / "data.csv")
    assert pathlib.Path(path).read_text() == "a,b\n1,2\n"
    source.write_text("changed")  # the cached copy is used: no second download
    again = utils.get_file(origin=source.as_uri(), cache_dir=cache)
    assert pathlib.Path(again).read_text() == "a,b\n1,2\n"
    with pytest.raises(ValueError, match="Incomplete or corrupted file detected"):
        utils.get_file("other.csv", origin=source.as_uri(), file_hash="0" * 64, cache_dir=cache)
    archive = tmp_path / "src" / "pack.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(source, arcname="inner/file.txt")
    folder = utils.get_file("pack.tar.gz", origin=archive.as_uri(), extract=True, cache_dir=cache)
    assert pathlib.Path(folder, "inner", "file.txt").read_text() == "changed"
    with pytest.raises(ValueError, match='Please specify the "origin" argument'):
        utils.get_file("x")


def test_get_file_offline_names_the_url_and_the_cache_path(tmp_path):
    url = "http://127.0.0.1:9/mnist.npz"
    with pytest.raises(
        OSError,
        match=r"URL fetch failure on http://127.0.0.1:9/mnist.npz.*"
        r"put it at .*datasets/mnist.npz",
    ):
        utils.get_file(origin=url, cache_dir=tmp_path)
    assert not (tmp_path / "datasets" / "mnist.npz").exists()


def test_plot_model_without_pydot_raises_keras_import_error(monkeypatch):
    # A None entry in sys.modules makes `import pydot` fail, installed or not.
    monkeypatch.setitem(sys.modules, "pydot", None)
    with pytest.raises(
        ImportError,
        match=r"You must install pydot \(`pip install pydot`\) for "
        r"`plot_model` to work.",
    ):
        utils.plot_model(object())
    with pytest.raises(ImportError, match="for model_to_dot to work"):
        utils.model_to_dot(object())


def test_serialization_helpers_are_re_exported_from_saving():
    for name in (
        "custom_object_scope",
        "get_custom_objects",
        "get_registered_name",
        "register_keras_serializable",
        "serialize_keras_object",
        "deserialize_keras_object",
    ):
        assert getattr(utils, name) is getattr(serialization, name)
    theirs = {n for n in dir(real_keras.utils) if not n.startswith("_")}
    provided = {
        "set_random_seed",
        "normalize",
        "get_file",
        "plot_model",
        "model_to_dot",
        "to_categorical",
        "Progbar",
        "custom_object_scope",
        "get_custom_objects",
        "disable_interactive_logging",
        "is_interactive_logging_enabled",
    }
    assert provided <= theirs and provided <= set(utils.__all__)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"maxlen": 2},
        {"padding": "post"},
        {"truncating": "post", "maxlen": 2},
        {"value": -1.0, "dtype": "float32", "padding": "post", "maxlen": 5},
    ],
)
def test_pad_sequences_matches_keras(kwargs):
    sequences = [[1], [2, 3], [4, 5, 6], []]
    got = utils.pad_sequences(sequences, **kwargs)
    want = real_keras.utils.pad_sequences(sequences, **kwargs)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


def test_pad_sequences_of_vectors_and_errors():
    sequences = [np.ones((2, 3)), np.zeros((1, 3))]
    np.testing.assert_array_equal(
        utils.pad_sequences(sequences, dtype="float32"),
        real_keras.utils.pad_sequences(sequences, dtype="float32"),
    )
    with pytest.raises(ValueError, match='Padding type "middle" not understood'):
        utils.pad_sequences([[1]], padding="middle")
    with pytest.raises(ValueError, match="must be a list of iterables"):
        utils.pad_sequences([1, 2])


def test_pack_and_unpack_match_keras():
    x, y, w = np.zeros(2), np.ones(2), np.full(2, 0.5)
    for args in [(x,), (x, y), (x, y, w), ((x, y),)]:
        ours, theirs = (
            utils.pack_x_y_sample_weight(*args),
            real_keras.utils.pack_x_y_sample_weight(*args),
        )
        assert type(ours) is type(theirs)
        assert len(utils.unpack_x_y_sample_weight(ours)) == 3
    assert utils.unpack_x_y_sample_weight([x, y])[1] is y
    assert utils.unpack_x_y_sample_weight(x) == (x, None, None)
    with pytest.raises(ValueError, match="Data is expected to be in format"):
        utils.unpack_x_y_sample_weight((x, y, w, w))


def test_config_object_behaves_as_keras():
    for cls in (utils.Config, real_keras.utils.Config):
        c = cls(learning_rate=0.1, momentum=0.9)
        c.epochs = 3
        c["batch_size"] = 8
        assert (c.learning_rate, c["epochs"], len(c), list(c)) == (
            0.1,
            3,
            4,
            ["batch_size", "epochs", "learning_rate", "momentum"],
        )
        assert c.as_dict() == {"learning_rate": 0.1, "momentum": 0.9, "epochs": 3, "batch_size": 8}
        c.freeze()
        with pytest.raises(ValueError, match="the config is frozen"):
            c.momentum = 0.5
        with pytest.raises(AttributeError, match="Did you mean 'momentum'"):
            _ = c.momentun
        c.unfreeze()
        assert c.pop("epochs") == 3 and "epochs" not in c


@pytest.mark.parametrize("channels", [1, 3, 4])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_image_round_trip_matches_keras(tmp_path, channels, data_format):
    pytest.importorskip("PIL")
    rng = np.random.default_rng(channels)
    x = rng.uniform(0, 255, (6, 5, channels)).astype(np.float32)
    if data_format == "channels_first":
        x = x.transpose(2, 0, 1)
    ours = utils.img_to_array(utils.array_to_img(x, data_format), data_format)
    theirs = real_keras.utils.img_to_array(
        real_keras.utils.array_to_img(x, data_format), data_format
    )
    np.testing.assert_array_equal(ours, theirs)
    path = tmp_path / "image.png"
    utils.save_img(path, x, data_format=data_format)
    mode = {1: "grayscale", 3: "rgb", 4: "rgba"}[channels]
    for kwargs in (
        {},
        {"target_size": (3, 4), "interpolation": "bilinear"},
        {"target_size": (4, 4), "keep_aspect_ratio": True},
    ):
        got = utils.img_to_array(utils.load_img(path, color_mode=mode, **kwargs))
        want = real_keras.utils.img_to_array(
            real_keras.utils.load_img(path, color_mode=mode, **kwargs)
        )
        np.testing.assert_array_equal(got, want)
    with pytest.raises(ValueError, match="Expected image array to have rank 3"):
        utils.array_to_img(np.zeros((2, 2)))
    with pytest.raises(ValueError, match='color_mode must be "grayscale", "rgb", or "rgba"'):
        utils.load_img(path, color_mode="cmyk")


def test_clear_session_restarts_automatic_names():
    from nnext.keras import layers

    layers.Dense(2)
    utils.clear_session()
    first = layers.Dense(2).name
    real_keras.layers.Dense(2)
    real_keras.utils.clear_session()
    assert first == real_keras.layers.Dense(2).name == "dense"


@pytest.mark.parametrize("optimizer", ["adam", "sgd", "nadam", "lion"])
def test_a_float64_model_trains_in_float64(float64, optimizer):
    from nnext import random as nrandom
    from nnext.keras import Input, Sequential, layers

    nrandom.set_seed(0)
    model = Sequential([Input((3,)), layers.Dense(4, activation="relu"), layers.Dense(1)])
    model.compile(optimizer=optimizer, loss="mse", metrics=["mae"])
    x = np.random.default_rng(0).normal(size=(32, 3))
    y = x[:, :1] * 2.0
    history = model.fit(x, y, epochs=3, batch_size=8, verbose=0)
    assert all(w.dtype == np.float64 for w in model.get_weights())
    assert all(v.dtype.name in ("float64", "int64") for v in model.optimizer.variables)
    assert model.predict(x[:2], verbose=0).dtype == np.float64
    assert history.history["loss"][-1] < history.history["loss"][0]
