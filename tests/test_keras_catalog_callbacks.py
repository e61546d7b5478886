"""The callbacks of the catalog: ReduceLROnPlateau and TerminateOnNaN against real Keras 3
on the same sequences of logs, LambdaCallback, BackupAndRestore resuming, SwapEMAWeights,
RemoteMonitor offline, TensorBoard event files read back with an independent reader, and
the logs dict every hook receives."""

import json
import os
import struct
import warnings

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "numpy")
real_keras = pytest.importorskip("keras")

from nnext import random as nrandom
from nnext.keras import callbacks, layers, models, optimizers
from nnext.keras.callbacks.event_file_writer import crc32c, masked_crc32c

RNG = np.random.default_rng(0)
X = RNG.normal(size=(64, 4)).astype(np.float32)
Y = (X @ np.array([1.0, -2.0, 0.5, 0.0], np.float32))[:, None] + 0.1


def regression_model(optimizer="sgd"):
    nrandom.set_seed(0)
    model = models.Sequential(
        [layers.Dense(8, activation="relu", input_shape=(4,)), layers.Dense(1)]
    )
    model.compile(optimizer=optimizer, loss="mse", metrics=["mae"])
    return model


class _FakeModel:
    """What ReduceLROnPlateau reads from a model: the optimizer and the metrics."""

    def __init__(self, optimizer):
        self.optimizer = optimizer
        self.metrics = []
        self.stop_training = False


VAL_LOSSES = [
    1.0,
    0.9,
    0.95,
    0.96,
    0.97,
    0.89,
    0.899,
    0.8999,
    0.9,
    0.91,
    0.92,
    0.5,
    0.6,
    0.7,
    0.8,
    0.9,
    1.0,
]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"factor": 0.5, "patience": 2},
        {"factor": 0.2, "patience": 1, "cooldown": 2, "min_lr": 0.002},
        {"factor": 0.5, "patience": 2, "min_delta": 0.05, "mode": "min"},
        {"monitor": "val_acc", "mode": "max", "factor": 0.1, "patience": 3},
    ],
)
def test_reduce_lr_on_plateau_follows_keras(kwargs):
    ours = callbacks.ReduceLROnPlateau(**kwargs)
    theirs = real_keras.callbacks.ReduceLROnPlateau(**kwargs)
    ours.set_model(_FakeModel(optimizers.SGD(0.1)))
    theirs.set_model(_FakeModel(real_keras.optimizers.SGD(0.1)))
    ours.on_train_begin({})
    theirs.on_train_begin({})
    for epoch, value in enumerate(VAL_LOSSES):
        our_logs = {"val_loss": value, "val_acc": 1.0 - value}
        their_logs = dict(our_logs)
        ours.on_epoch_end(epoch, our_logs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # Keras reads `.numpy()`
            theirs.on_epoch_end(epoch, their_logs)
            their_lr = float(np.asarray(theirs.model.optimizer.learning_rate.value))
        np.testing.assert_allclose(float(ours.model.optimizer.learning_rate), their_lr, rtol=1e-6)
        np.testing.assert_allclose(
            our_logs["learning_rate"], their_logs["learning_rate"], rtol=1e-6
        )
        assert (ours.wait, ours.cooldown_counter) == (theirs.wait, theirs.cooldown_counter)


def test_reduce_lr_on_plateau_rejects_factor_one_and_lowers_lr_in_fit():
    with pytest.raises(ValueError, match="does not support a factor >= 1.0"):
        callbacks.ReduceLROnPlateau(factor=1.0)
    model = regression_model(optimizers.SGD(0.01))
    plateau = callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=0, min_delta=10.0)
    history = model.fit(X, Y, epochs=3, batch_size=16, verbose=0, callbacks=[plateau])
    # Each epoch logs the rate it trained with; the reduction applies from the next one.
    np.testing.assert_allclose(history.history["learning_rate"], [0.01, 0.01, 0.005], rtol=1e-6)
    np.testing.assert_allclose(float(model.optimizer.learning_rate), 0.0025, rtol=1e-6)


@pytest.mark.parametrize("loss", [1.0, float("nan"), float("inf")])
def test_terminate_on_nan_matches_keras(loss, capsys):
    ours, theirs = callbacks.TerminateOnNaN(), real_keras.callbacks.TerminateOnNaN()
    ours.set_model(_FakeModel(None))
    theirs.set_model(_FakeModel(None))
    ours.on_batch_end(3, {"loss": loss})
    theirs.on_batch_end(3, {"loss": loss})
    assert ours.model.stop_training == theirs.model.stop_training
    out = capsys.readouterr().out.splitlines()
    assert len(out) % 2 == 0 and out[: len(out) // 2] == out[len(out) // 2 :]
    if not np.isfinite(loss):
        with pytest.raises(RuntimeError, match="NaN or Inf loss encountered at batch 3"):
            callbacks.TerminateOnNaN(raise_error=True).on_batch_end(3, {"loss": loss})


def test_terminate_on_nan_stops_fit():
    model = regression_model(optimizers.SGD(1e6))  # diverges to inf/nan within an epoch
    history = model.fit(
        X * 1e3, Y * 1e3, epochs=5, batch_size=8, verbose=0, callbacks=[callbacks.TerminateOnNaN()]
    )
    assert len(history.epoch) == 1


def test_lambda_callback_and_every_hook_gets_a_logs_dict():
    seen = []
    hooks = {
        name: (lambda *args, name=name: seen.append((name, args[-1])))
        for name in (
            "on_epoch_begin",
            "on_epoch_end",
            "on_train_begin",
            "on_train_end",
            "on_train_batch_begin",
            "on_train_batch_end",
        )
    }
    extra = {
        "on_test_begin": lambda logs: seen.append(("on_test_begin", logs)),
        "on_predict_end": lambda logs: seen.append(("on_predict_end", logs)),
    }
    model = regression_model()
    cb = callbacks.LambdaCallback(**hooks, **extra)
    model.fit(X, Y, epochs=2, batch_size=32, verbose=0, validation_split=0.25, callbacks=[cb])
    model.predict(X, verbose=0, callbacks=[cb])
    names = [name for name, _ in seen]
    assert names.count("on_train_batch_end") == 4  # 48 training samples / 32, two epochs
    assert "on_test_begin" in names and names[-1] == "on_predict_end"
    assert all(isinstance(logs, dict) for _, logs in seen)
    epoch_end = [logs for name, logs in seen if name == "on_epoch_end"]
    assert set(epoch_end[0]) == {"loss", "mae", "val_loss", "val_mae"}


def test_backup_and_restore_saves_each_epoch_and_resumes(tmp_path):
    backup = tmp_path / "backup"

    saved = {}

    class Interrupt(callbacks.Callback):
        """Runs before the backup: keeps epoch 0's weights, then dies inside epoch 1."""

        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                raise KeyboardInterrupt
            saved["weights"] = [w.copy() for w in self.model.get_weights()]

    model = regression_model(optimizers.Adam(0.01))
    with pytest.raises(KeyboardInterrupt):
        model.fit(
            X,
            Y,
            epochs=4,
            batch_size=16,
            verbose=0,
            callbacks=[Interrupt(), callbacks.BackupAndRestore(backup)],
        )
    metadata = json.loads((backup / "training_metadata.json").read_text())
    assert metadata == {"epoch": 1, "batch": 0}  # epoch 0 backed up; epoch 1 never finished
    assert (backup / "latest.weights.h5").is_file()

    resumed = regression_model(optimizers.Adam(0.01))
    restore = callbacks.BackupAndRestore(backup)
    restore.set_model(resumed)
    resumed.optimizer.build(resumed.trainable_variables)
    restore.on_train_begin({})
    assert resumed._initial_epoch == 1
    assert int(resumed.optimizer.iterations) == 4  # one epoch of 64 / 16 batches
    for got, want in zip(resumed.get_weights(), saved["weights"]):
        np.testing.assert_array_equal(got, want)
    restore.on_train_end({})
    assert not backup.exists()
    with pytest.raises(ValueError, match="Empty `backup_dir` argument passed"):
        callbacks.BackupAndRestore("")
    with pytest.raises(ValueError, match="Invalid value for argument `save_freq`"):
        callbacks.BackupAndRestore(backup, save_freq="batch")


def test_backup_and_restore_batch_frequency_and_double_checkpoint(tmp_path):
    backup = tmp_path / "b"
    model = regression_model()
    cb = callbacks.BackupAndRestore(
        backup, save_freq=3, double_checkpoint=True, delete_checkpoint=False
    )
    model.fit(X, Y, epochs=2, batch_size=16, verbose=0, callbacks=[cb])
    assert (backup / "latest.weights.h5.bkp").is_file()
    # 4 batches per epoch: the last backup is at global batch 6, batch 1 of epoch 1.
    assert json.loads((backup / "training_metadata.json").read_text()) == {"epoch": 1, "batch": 1}


def test_swap_ema_weights_evaluates_with_the_averages():
    model = regression_model(optimizers.SGD(0.05, use_ema=True, ema_momentum=0.9))
    model.fit(X, Y, epochs=2, batch_size=16, verbose=0)
    # As Keras's fit, the end of training writes the averages into the weights...
    for w, a in zip(model.get_weights(), model.optimizer._averages):
        np.testing.assert_array_equal(w, a.numpy())
    model.train_on_batch(X[:16], Y[:16])  # ...which one more step moves apart again.
    weights = [w.copy() for w in model.get_weights()]
    averages = [a.numpy().copy() for a in model.optimizer._averages]
    assert not all(np.allclose(w, a) for w, a in zip(weights, averages))
    swap = callbacks.SwapEMAWeights()
    seen = []

    class Peek(callbacks.Callback):
        def on_test_batch_end(self, batch, logs=None):
            seen.append([w.copy() for w in self.model.get_weights()])

    model.evaluate(X, Y, verbose=0, callbacks=[swap, Peek()])
    for got, want in zip(seen[0], averages):
        np.testing.assert_array_equal(got, want)
    for got, want in zip(model.get_weights(), weights):
        np.testing.assert_array_equal(got, want)
    with pytest.raises(ValueError, match="SwapEMAWeights must be used when `use_ema=True`"):
        regression_model().evaluate(X, Y, verbose=0, callbacks=[callbacks.SwapEMAWeights()])


def test_remote_monitor_warns_when_the_server_is_unreachable():
    monitor = callbacks.RemoteMonitor(root="http://127.0.0.1:9")
    with pytest.warns(UserWarning, match="Could not reach RemoteMonitor root server"):
        monitor.on_epoch_end(0, {"loss": 1.0})


# -- TensorBoard -------------------------------------------------------------------------


def _varint(data, i):
    shift = value = 0
    while True:
        byte = data[i]
        value |= (byte & 0x7F) << shift
        i += 1
        if not byte & 0x80:
            return value, i
        shift += 7


def _fields(data):
    """(field number, wire type, value) of a protobuf message: a reader written apart from
    nnext's writer, following the encoding's specification."""
    i, out = 0, []
    while i < len(data):
        key, i = _varint(data, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(data, i)
        elif wire == 1:
            value, i = data[i : i + 8], i + 8
        elif wire == 5:
            value, i = data[i : i + 4], i + 4
        elif wire == 2:
            length, i = _varint(data, i)
            value, i = data[i : i + length], i + length
        else:
            raise AssertionError(f"wire type {wire}")
        out.append((field, wire, value))
    return out


def read_events(folder):
    """Every (step, tag, value) in the event files of `folder`, checking each checksum."""
    files = sorted(p for p in os.listdir(folder) if p.startswith("events.out.tfevents."))
    assert files, f"no event file in {folder}"
    scalars, versions = [], []
    for name in files:
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
        i = 0
        while i < len(data):
            header = data[i : i + 8]
            (length,) = struct.unpack("<Q", header)
            assert struct.unpack("<I", data[i + 8 : i + 12])[0] == masked_crc32c(header)
            payload = data[i + 12 : i + 12 + length]
            assert struct.unpack("<I", data[i + 12 + length : i + 16 + length])[0] == (
                masked_crc32c(payload)
            )
            i += 16 + length
            step = None
            for field, _, value in _fields(payload):
                if field == 2:
                    step = value
                elif field == 3:
                    versions.append(value.decode())
                elif field == 5:
                    for _, _, summary_value in _fields(value):
                        parts = {f: v for f, _, v in _fields(summary_value)}
                        tag = parts[1].decode()
                        if 2 in parts:
                            scalars.append((step, tag, struct.unpack("<f", parts[2])[0]))
                        else:
                            histo = {f: v for f, _, v in _fields(parts[5])}
                            count = struct.unpack("<d", histo[3])[0]
                            scalars.append((step, tag, ("histogram", count)))
    assert versions == ["brain.Event:2"] * len(files)
    return scalars


def test_crc32c_matches_the_standard_check_value():
    assert crc32c(b"123456789") == 0xE3069283
    assert crc32c(b"") == 0


def test_tensorboard_writes_epoch_and_validation_scalars(tmp_path):
    model = regression_model()
    history = model.fit(
        X,
        Y,
        epochs=3,
        batch_size=16,
        verbose=0,
        validation_split=0.25,
        callbacks=[callbacks.TensorBoard(tmp_path, histogram_freq=2)],
    )
    train = read_events(tmp_path / "train")
    val = read_events(tmp_path / "validation")
    epoch_loss = [(s, v) for s, t, v in train if t == "epoch_loss"]
    assert [s for s, _ in epoch_loss] == [0, 1, 2]
    np.testing.assert_allclose([v for _, v in epoch_loss], history.history["loss"], rtol=1e-6)
    lr = [v for _, t, v in train if t == "epoch_learning_rate"]
    np.testing.assert_allclose(lr, [0.01] * 3, rtol=1e-6)
    val_loss = [v for _, t, v in val if t == "epoch_loss"]
    np.testing.assert_allclose(val_loss, history.history["val_loss"], rtol=1e-6)
    assert {t for _, t, _ in val} >= {"epoch_mae", "evaluation_loss_vs_iterations"}
    histograms = [(s, t, v) for s, t, v in train if isinstance(v, tuple)]
    assert {s for s, _, _ in histograms} == {0, 2}
    kernel = [v for s, t, v in histograms if s == 0 and t.endswith("kernel/histogram")]
    assert kernel[0] == ("histogram", 32.0)  # the first Dense kernel has 4 x 8 entries


def test_tensorboard_batch_scalars_with_update_freq(tmp_path):
    model = regression_model()
    model.fit(
        X,
        Y,
        epochs=2,
        batch_size=16,
        verbose=0,
        callbacks=[callbacks.TensorBoard(tmp_path, update_freq=3)],
    )
    batch = [(s, t) for s, t, _ in read_events(tmp_path / "train") if t == "batch_loss"]
    assert [s for s, _ in batch] == [3, 6]  # 8 global batches, every third one written
    with pytest.raises(ValueError, match="Profiling is not yet available"):
        callbacks.TensorBoard(tmp_path, profile_batch=2)


def test_reduce_lr_on_plateau_reduces_each_optimizer_of_a_multi_optimizer():
    def make(module):
        return module.MultiOptimizer(
            module.OptimizerMap(
                module.SGD(0.1, name="plain"), {"w1": module.Adam(0.01, name="adaptive")}
            )
        )

    ours, theirs = _FakeModel(make(optimizers)), _FakeModel(make(real_keras.optimizers))
    from nnext import _core

    variables = [_core.Variable(np.ones(2, np.float32), name=f"w{i}") for i in range(2)]
    k_variables = [real_keras.Variable(np.ones(2, np.float32), name=f"w{i}") for i in range(2)]
    ours.optimizer.build(variables)
    theirs.optimizer.build(k_variables)
    ours_cb = callbacks.ReduceLROnPlateau(factor=0.5, patience=1)
    theirs_cb = real_keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=1)
    ours_cb.set_model(ours)
    theirs_cb.set_model(theirs)
    for epoch, value in enumerate([1.0, 1.0, 1.0]):
        our_logs, their_logs = {"val_loss": value}, {"val_loss": value}
        ours_cb.on_epoch_end(epoch, our_logs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            theirs_cb.on_epoch_end(epoch, their_logs)
        assert set(our_logs) == set(their_logs)
        for key, value in our_logs.items():
            np.testing.assert_allclose(value, their_logs[key], rtol=1e-6)


@pytest.mark.parametrize("monitor", ["val_mae", "val_auc"])
def test_auto_mode_reads_the_direction_of_compiled_metrics(tmp_path, monitor):
    model = regression_model()
    model.compile(optimizer="sgd", loss="mse", metrics=["mae", "auc"])
    checkpoint = callbacks.ModelCheckpoint(
        tmp_path / "best.keras", monitor=monitor, save_best_only=True
    )
    plateau = callbacks.ReduceLROnPlateau(monitor=monitor, patience=100)
    model.fit(
        X,
        (Y > 0).astype(np.float32),
        epochs=1,
        verbose=0,
        validation_split=0.25,
        callbacks=[checkpoint, plateau],
    )
    expected = np.greater if monitor == "val_auc" else np.less
    assert checkpoint.monitor_op(1.0, 0.0) == expected(1.0, 0.0)
    assert plateau.monitor_op(1.0, 0.0) == expected(1.0, 0.0)


def test_callback_list_for_a_custom_training_loop():
    seen = []
    model = regression_model()
    hooks = callbacks.CallbackList([], add_history=True, model=model, epochs=2, steps=1)
    hooks.append(
        callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append((batch, logs)))
    )
    assert hooks.wants_batch_hooks["train"]
    assert all(c.model is model and c.params["epochs"] == 2 for c in hooks)
    hooks.on_train_begin()
    for epoch in range(2):
        hooks.on_epoch_begin(epoch)
        hooks.on_train_batch_begin(0)
        hooks.on_train_batch_end(0)
        hooks.on_epoch_end(epoch, {"loss": 1.0 / (epoch + 1)})
    hooks.on_train_end()
    assert seen == [(0, {}), (0, {})]
    assert hooks.history.history == {"loss": [1.0, 0.5]}
