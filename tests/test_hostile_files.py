"""load_model and load_weights on hostile files: corrupted, truncated and overwritten bytes,
valid JSON that is not a model, absurd configs. Each raises ValueError or OSError naming
the file (or loads, when the damage only changed weight values), never crashes, hangs or
allocates absurdly, and a model that loads weights is left unchanged by a failure.

The files are damaged by a seeded generator, so every run tries the same few hundred.
"""

import copy
import json
import random
import zipfile

import numpy as np
import pytest

from nnext import keras

CLEAN_ERRORS = (ValueError, OSError)


def small_model(seed=0):
    model = keras.Sequential(
        [
            keras.Input((3,)),
            keras.layers.Dense(4, activation="relu"),
            keras.layers.Dropout(0.1),
            keras.layers.Dense(2),
        ]
    )
    model.compile(optimizer="adam", loss="mse")
    rng = np.random.default_rng(seed)
    model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.get_weights()])
    keras.utils.set_random_seed(seed)  # the Dropout masks of the step below, whatever ran before
    model.train_on_batch(np.ones((2, 3), "float32"), np.ones((2, 2), "float32"))
    return model


def snapshot(model):
    return [w.copy() for w in model.get_weights()] + [
        np.array(v.numpy()) for v in model.optimizer.variables
    ]


def assert_unchanged(before, model):
    after = snapshot(model)
    assert len(before) == len(after)
    for a, b in zip(before, after):
        np.testing.assert_array_equal(a, b)


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    """The bytes of a good `.keras` and `.weights.h5` file, and the `.keras` config."""
    folder = tmp_path_factory.mktemp("originals")
    model = small_model()
    model.save(folder / "m.keras")
    model.save_weights(folder / "m.weights.h5")
    with zipfile.ZipFile(folder / "m.keras") as archive:
        config = json.loads(archive.read("config.json"))
        members = {name: archive.read(name) for name in archive.namelist()}
    return {
        "keras": (folder / "m.keras").read_bytes(),
        "weights": (folder / "m.weights.h5").read_bytes(),
        "config": config,
        "members": members,
    }


def damage(data, rng):
    """Flipped bits, a cut-off tail or an overwritten run of random bytes."""
    b = bytearray(data)
    kind = rng.randrange(3)
    if kind == 0:
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    elif kind == 1:
        del b[rng.randrange(len(b)) :]
    else:
        start, length = rng.randrange(len(b)), rng.randint(1, 64)
        b[start : start + length] = bytes(rng.randrange(256) for _ in range(length))
    return bytes(b)


def write_keras(path, members, config=None, raw_config=None):
    """A `.keras` archive from `members`, with config.json replaced when asked."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            if name == "config.json" and raw_config is not None:
                data = raw_config
            elif name == "config.json" and config is not None:
                data = json.dumps(config)
            archive.writestr(name, data)


def check_clean_failure(path, call):
    """Runs call(); it may succeed, otherwise it must raise ValueError/OSError naming path."""
    try:
        call()
    except CLEAN_ERRORS as e:
        assert path.name in str(e), f"the error does not name the file: {e!r}"
        return e
    return None


def test_damaged_weights_files_fail_cleanly_and_change_nothing(tmp_path, originals):
    rng = random.Random(1)
    model = small_model(seed=5)
    before = snapshot(model)
    path = tmp_path / "d.weights.h5"
    failures = 0
    for _ in range(200):
        path.write_bytes(damage(originals["weights"], rng))
        if check_clean_failure(path, lambda: model.load_weights(path)) is None:
            before = snapshot(model)  # the damage hit weight values only: they loaded
        else:
            failures += 1
            assert_unchanged(before, model)
    assert failures > 100  # most damage is detectable; the rest changed only values


def test_damaged_keras_files_fail_cleanly_and_change_nothing(tmp_path, originals):
    rng = random.Random(2)
    model = small_model(seed=5)
    before = snapshot(model)
    path = tmp_path / "d.keras"
    for _ in range(100):
        path.write_bytes(damage(originals["keras"], rng))
        # .keras members carry CRCs, so every change of bytes is detected by load_model;
        # load_weights reads only the weights member, so damage elsewhere lets it load.
        assert check_clean_failure(path, lambda: keras.models.load_model(path)) is not None
        if check_clean_failure(path, lambda: model.load_weights(path)) is None:
            before = snapshot(model)
        assert_unchanged(before, model)


def test_damaged_weights_member_inside_a_keras_file(tmp_path, originals):
    # A weights member rewritten with a valid CRC: only h5py can notice the damage.
    rng = random.Random(3)
    path = tmp_path / "w.keras"
    for _ in range(60):
        members = dict(originals["members"])
        members["model.weights.h5"] = damage(members["model.weights.h5"], rng)
        write_keras(path, members)
        check_clean_failure(path, lambda: keras.models.load_model(path))


HOSTILE_VALUES = [
    None,
    -1,
    0,
    10**12,
    1.5,
    float("inf"),
    "relu",
    "no_such_thing",
    "",
    [],
    {},
    [1, [2, [3]]],
    {"class_name": "Nope"},
    True,
    "int32",
    -(10**30),
]


def leaves(node, path=()):
    """Every (path, value) of a JSON tree, containers included."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from leaves(value, (*path, i))


def replaced(config, path, value):
    out = copy.deepcopy(config)
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


def test_random_configs_fail_cleanly(tmp_path, originals):
    rng = random.Random(4)
    config = originals["config"]
    paths = [p for p, _ in leaves(config) if p]
    path = tmp_path / "c.keras"
    for _ in range(150):
        hostile = config
        for _ in range(rng.randint(1, 3)):
            hostile = replaced(
                hostile,
                rng.choice([p for p, _ in leaves(hostile) if p] or paths),
                rng.choice(HOSTILE_VALUES),
            )
        write_keras(path, originals["members"], config=hostile)
        check_clean_failure(path, lambda: keras.models.load_model(path))


@pytest.mark.parametrize(
    "raw",
    [
        "[]",
        "1",
        '"model"',
        "null",
        "{}",
        '{"class_name": "Nope", "config": {}}',
        '{"class_name": "Sequential", "config": 5}',
        '{"class_name": "Sequential", "config": {"layers": 3}}',
        '{"class_name": "Mean", "module": "keras.metrics", "config": {}}',
        "[" * 100_000 + "]" * 100_000,
        '{"a": ' * 50_000 + "1" + "}" * 50_000,
        "not json at all",
        b"\xff\xfe\x00garbage",
    ],
)
def test_config_that_is_not_a_model(tmp_path, originals, raw):
    path = tmp_path / "c.keras"
    write_keras(path, originals["members"], raw_config=raw)
    with pytest.raises(ValueError, match=r"c\.keras"):
        keras.models.load_model(path)


def dense_config(originals, **changes):
    config = copy.deepcopy(originals["config"])
    layer = next(c for c in config["config"]["layers"] if c["class_name"] == "Dense")
    layer["config"].update(changes)
    return config


@pytest.mark.parametrize(
    "changes",
    [
        {"units": 10**12},  # far beyond memory: refused before any allocation succeeds
        {"units": -3},
        {"units": 0},
        {"dtype": "int32"},  # the integer initializer range is empty (it divided by zero)
        {"activation": "no_such_activation"},
        {"kernel_initializer": {"class_name": "Nope", "config": {}}},
    ],
)
def test_absurd_layer_configs(tmp_path, originals, changes):
    path = tmp_path / "a.keras"
    write_keras(path, originals["members"], config=dense_config(originals, **changes))
    with pytest.raises(ValueError, match=r"a\.keras"):
        keras.models.load_model(path)


def test_dataset_claiming_huge_shape_is_refused_before_reading(tmp_path):
    import h5py

    model = small_model()
    path = tmp_path / "huge.weights.h5"
    model.save_weights(path)
    with h5py.File(path, "a") as f:
        name = "layers/dense/vars/0"
        del f[name]
        # Declared, never written: HDF5 allocates chunks lazily, so the file stays small.
        f.create_dataset(name, shape=(10**6, 10**6), dtype="float32", chunks=(1, 1024))
    before = snapshot(model)
    with pytest.raises(ValueError, match=r"huge\.weights\.h5.*holds 1000000000000 values"):
        model.load_weights(path)
    assert_unchanged(before, model)


def test_good_files_still_load(tmp_path, originals):
    path = tmp_path / "g.keras"
    path.write_bytes(originals["keras"])
    restored = keras.models.load_model(path)
    x = np.ones((2, 3), "float32")
    reference = small_model()
    np.testing.assert_allclose(np.asarray(restored(x)), np.asarray(reference(x)), rtol=1e-6)
