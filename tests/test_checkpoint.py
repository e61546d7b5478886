"""tf.train.Checkpoint / CheckpointManager in nnext's checkpoint format (npz + json index)."""

import json
import os

import numpy as np
import pytest

import nnext
from nnext.module import Module
from nnext.train import (
    Checkpoint,
    CheckpointManager,
    latest_checkpoint,
    list_variables,
    load_variable,
)


class Net(Module):
    def __init__(self):
        super().__init__()
        self.w = nnext.Variable([[1.0, 2.0], [3.0, 4.0]], name="w")
        self.blocks = [nnext.Variable([5.0], name="b0"), {"gain": nnext.Variable(6.0)}]
        self.steps = nnext.Variable(7, trainable=False, dtype="int64")


def _scramble(net):
    net.w.assign(np.zeros((2, 2), np.float32))
    net.blocks[0].assign([0.0])
    net.blocks[1]["gain"].assign(0.0)
    net.steps.assign(0)


def test_save_and_restore_round_trip(tmp_path):
    net = Net()
    ckpt = Checkpoint(model=net)
    path = ckpt.save(str(tmp_path / "ckpt"))
    assert path == str(tmp_path / "ckpt-1") and int(ckpt.save_counter) == 1
    _scramble(net)
    status = ckpt.restore(path)
    status.assert_consumed().assert_existing_objects_matched().assert_nontrivial_match()
    np.testing.assert_array_equal(net.w.numpy(), [[1.0, 2.0], [3.0, 4.0]])
    assert net.blocks[0].numpy().tolist() == [5.0] and float(net.blocks[1]["gain"]) == 6.0
    assert int(net.steps) == 7 and net.steps.dtype == nnext.int64


def test_keys_and_file_format(tmp_path):
    ckpt = Checkpoint(model=Net())
    prefix = ckpt.write(str(tmp_path / "weights"))
    assert prefix == str(tmp_path / "weights")
    assert sorted(os.listdir(tmp_path)) == ["weights.index.json", "weights.npz"]
    index = json.loads((tmp_path / "weights.index.json").read_text())
    assert index["format"] == "nnext.checkpoint" and index["version"] == 1
    assert list_variables(prefix) == [
        ("model/blocks/0/.ATTRIBUTES/VARIABLE_VALUE", [1]),
        ("model/blocks/1/gain/.ATTRIBUTES/VARIABLE_VALUE", []),
        ("model/steps/.ATTRIBUTES/VARIABLE_VALUE", []),
        ("model/w/.ATTRIBUTES/VARIABLE_VALUE", [2, 2]),
    ]  # write() makes no save counter (TensorFlow creates it on save/restore/first use)
    assert index["variables"]["model/steps/.ATTRIBUTES/VARIABLE_VALUE"]["dtype"] == "int64"
    with np.load(prefix + ".npz") as data:
        np.testing.assert_array_equal(
            data["model/w/.ATTRIBUTES/VARIABLE_VALUE"], [[1.0, 2.0], [3.0, 4.0]]
        )
    np.testing.assert_array_equal(load_variable(prefix, "model/blocks/0"), [5.0])
    with pytest.raises(ValueError, match="Key nope not found"):
        load_variable(prefix, "nope")


def test_a_variable_reachable_twice_is_saved_once(tmp_path):
    v = nnext.Variable(1.0)
    m = Module()
    m.a, m.b = v, [v]
    keys = [k for k, _ in list_variables(Checkpoint(m=m).write(str(tmp_path / "c")))]
    assert keys == ["m/a/.ATTRIBUTES/VARIABLE_VALUE"]


def test_restore_into_a_fresh_object_and_partial_matches(tmp_path):
    path = Checkpoint(model=Net()).save(str(tmp_path / "ckpt"))
    fresh = Net()
    _scramble(fresh)
    Checkpoint(model=fresh).restore(path).assert_consumed()
    assert float(fresh.blocks[1]["gain"]) == 6.0
    # A smaller object: the checkpoint's extra values are unused.
    small = Module()
    small.w = nnext.Variable(np.zeros((2, 2), np.float32))
    status = Checkpoint(model=small).restore(path)
    np.testing.assert_array_equal(small.w.numpy(), [[1.0, 2.0], [3.0, 4.0]])
    status.assert_existing_objects_matched().expect_partial()
    with pytest.raises(AssertionError, match="Unresolved object in checkpoint"):
        status.assert_consumed()
    # A bigger object: its extra variable was not found.
    big = Net()
    big.extra = nnext.Variable(0.0)
    with pytest.raises(AssertionError, match="not found in the checkpoint"):
        Checkpoint(model=big).restore(path).assert_existing_objects_matched()
    assert Checkpoint(model=Net()).restore(None) is not None


def test_restore_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="Failed to find any matching files"):
        Checkpoint(model=Net()).restore(str(tmp_path / "missing"))
    path = Checkpoint(model=Net()).save(str(tmp_path / "ckpt"))
    wrong = Net()
    wrong.w = nnext.Variable(np.zeros((3,), np.float32))
    before = wrong.blocks[0].numpy().copy()
    wrong.blocks[0].assign([9.0])
    with pytest.raises(ValueError, match="Received incompatible tensor with shape"):
        Checkpoint(model=wrong).restore(path)
    assert wrong.blocks[0].numpy().tolist() == [9.0] != before.tolist()  # nothing assigned
    with pytest.raises(ValueError, match="was expecting a trackable object"):
        Checkpoint(model=3)


def test_save_counter_continues_after_restore(tmp_path):
    ckpt = Checkpoint(model=Net())
    ckpt.save(str(tmp_path / "ckpt"))
    second = ckpt.save(str(tmp_path / "ckpt"))
    assert second.endswith("ckpt-2") and latest_checkpoint(str(tmp_path)) == second
    other = Checkpoint(model=Net())
    other.restore(second)
    assert other.save(str(tmp_path / "ckpt")).endswith("ckpt-3")


def test_manager_keeps_the_newest(tmp_path):
    net = Net()
    ckpt = Checkpoint(model=net, step=nnext.Variable(0, dtype="int64"))
    manager = CheckpointManager(ckpt, str(tmp_path), max_to_keep=2)
    assert manager.latest_checkpoint is None and manager.checkpoints == []
    paths = []
    for i in range(4):
        net.w.assign_add(np.ones((2, 2), np.float32))
        paths.append(manager.save())
    assert paths == [os.path.join(str(tmp_path), f"ckpt-{i}") for i in (1, 2, 3, 4)]
    assert manager.checkpoints == paths[2:] and manager.latest_checkpoint == paths[3]
    assert sorted(os.listdir(tmp_path)) == [
        "checkpoint",
        "ckpt-3.index.json",
        "ckpt-3.npz",
        "ckpt-4.index.json",
        "ckpt-4.npz",
    ]
    assert (tmp_path / "checkpoint").read_text() == (
        'model_checkpoint_path: "ckpt-4"\n'
        'all_model_checkpoint_paths: "ckpt-3"\nall_model_checkpoint_paths: "ckpt-4"\n'
    )
    assert latest_checkpoint(str(tmp_path)) == paths[3]
    assert manager.save(checkpoint_number=100).endswith("ckpt-100")
    # A new manager finds the kept checkpoints; restore_or_initialize restores the latest.
    again = CheckpointManager(Checkpoint(model=Net()), str(tmp_path), max_to_keep=2)
    assert again.checkpoints == [paths[3], os.path.join(str(tmp_path), "ckpt-100")]
    restored = Net()
    assert CheckpointManager(Checkpoint(model=restored), str(tmp_path), 2).restore_or_initialize()
    np.testing.assert_array_equal(restored.w.numpy(), [[5.0, 6.0], [7.0, 8.0]])


def test_manager_interval_init_fn_and_arguments(tmp_path):
    step = nnext.Variable(0, dtype="int64")
    ckpt = Checkpoint(step=step)
    manager = CheckpointManager(
        ckpt, str(tmp_path / "run"), max_to_keep=None, step_counter=step, checkpoint_interval=10
    )
    saved = []
    for _ in range(25):
        saved.append(manager.save() is not None)
        step.assign_add(1)
    assert sum(saved) == 3  # steps 0, 10, 20
    called = []
    empty = CheckpointManager(
        Checkpoint(step=step), str(tmp_path / "empty"), 1, init_fn=lambda: called.append(1)
    )
    assert empty.restore_or_initialize() is None and called == [1]
    with pytest.raises(ValueError, match="Expected a positive integer or `None` for `max_to_keep`"):
        CheckpointManager(ckpt, str(tmp_path), max_to_keep=0)
    with pytest.raises(ValueError, match="`step_counter` should be passed"):
        CheckpointManager(ckpt, str(tmp_path), 1, checkpoint_interval=5)
    assert latest_checkpoint(str(tmp_path / "nothing_here")) is None


def test_keras_model_and_optimizer_round_trip(tmp_path):
    from nnext import keras

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    optimizer = keras.optimizers.Adam(0.01)
    x, y = np.ones((4, 3), np.float32), np.zeros((4, 2), np.float32)
    model.compile(optimizer=optimizer, loss="mse")
    model.fit(x, y, epochs=1, verbose=0)
    ckpt = Checkpoint(model=model, optimizer=optimizer)
    path = ckpt.save(str(tmp_path / "ckpt"))
    kernel = model.layers[0].kernel.numpy().copy()
    moments = [v.numpy().copy() for v in optimizer.variables]
    model.fit(x, y, epochs=2, verbose=0)
    assert not np.array_equal(model.layers[0].kernel.numpy(), kernel)
    ckpt.restore(path).assert_consumed()
    np.testing.assert_array_equal(model.layers[0].kernel.numpy(), kernel)
    for v, saved in zip(optimizer.variables, moments):
        np.testing.assert_array_equal(v.numpy(), saved)


def test_deferred_restoration_of_lazily_built_modules(tmp_path):
    class Lazy(Module):
        def __init__(self):
            super().__init__()
            self.built = False

        def __call__(self, x):
            if not self.built:
                self.w = nnext.Variable(np.zeros((x.shape[-1], 2), np.float32), name="w")
                self.inner = Module()
                self.inner.v = nnext.Variable(0.0)
                self.built = True
            return x @ self.w + self.inner.v

    trained = Lazy()
    trained(nnext.ones([1, 3]))
    trained.w.assign(np.arange(6, dtype=np.float32).reshape(3, 2))
    trained.inner.v.assign(4.0)
    path = Checkpoint(model=trained).save(str(tmp_path / "ckpt"))
    fresh = Lazy()
    status = Checkpoint(model=fresh).restore(path)  # before the variables exist
    with pytest.raises(AssertionError, match="Unresolved object in checkpoint"):
        status.assert_consumed()
    out = fresh(nnext.ones([1, 3]))  # creating them restores their values
    np.testing.assert_array_equal(fresh.w.numpy(), trained.w.numpy())
    assert float(fresh.inner.v) == 4.0
    np.testing.assert_array_equal(out.numpy(), trained(nnext.ones([1, 3])).numpy())
    assert fresh.variables == (fresh.w, fresh.inner.v)  # the pending values are no attribute


def test_saved_model_names_point_to_supported_formats(tmp_path):
    from nnext import saved_model

    with pytest.raises(NotImplementedError, match=r"tf.saved_model.save: .*nnext.train.Checkpoint"):
        saved_model.save(Module(), str(tmp_path))
    with pytest.raises(NotImplementedError, match=r"model.save\('model.keras'\)"):
        saved_model.load(str(tmp_path))
    assert not saved_model.contains_saved_model(str(tmp_path))
    (tmp_path / "saved_model.pb").write_bytes(b"")
    assert saved_model.contains_saved_model(str(tmp_path))
    saved_model.SaveOptions(function_aliases={"f": None})
    saved_model.LoadOptions()
