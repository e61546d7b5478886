"""`callbacks.ModelCheckpoint`: path formatting, save_best_only, weights-only and per-batch
saving, driven by `fit` and, where exact control of the logs matters, by its hooks."""

import numpy as np
import pytest

import nnext
from nnext import keras
from nnext.keras import callbacks, layers

RNG = np.random.default_rng(3)
X = RNG.standard_normal((16, 4)).astype("float32")
Y = np.eye(3, dtype="float32")[RNG.integers(0, 3, 16)]


def model(seed=0):
    nnext.random.set_seed(seed)
    m = keras.Sequential(
        [
            keras.Input((4,)),
            layers.Dense(5, activation="relu"),
            layers.Dense(3, activation="softmax"),
        ]
    )
    m.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
    return m


def predict(m):
    return np.asarray(m.predict(X, verbose=0))


def test_path_names_the_epoch_and_the_logs(tmp_path):
    m = model()
    checkpoint = callbacks.ModelCheckpoint(str(tmp_path / "ckpt-{epoch:02d}-{val_loss:.4f}.keras"))
    history = m.fit(
        X, Y, epochs=3, batch_size=4, validation_split=0.25, verbose=0, callbacks=[checkpoint]
    )
    expected = [
        f"ckpt-{epoch + 1:02d}-{loss:.4f}.keras"
        for epoch, loss in enumerate(history.history["val_loss"])
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(expected)
    last = keras.models.load_model(tmp_path / expected[-1])
    np.testing.assert_array_equal(predict(last), predict(m))


def drive(checkpoint, m, values, monitor="val_loss"):
    """Runs epochs by hand: before epoch i the weights are scaled, then `monitor` = values[i]."""
    checkpoint.set_model(m)
    snapshots = []
    for epoch, value in enumerate(values):
        checkpoint.on_epoch_begin(epoch)
        m.set_weights([w * 1.5 for w in m.get_weights()])
        snapshots.append(predict(m))
        checkpoint.on_epoch_end(epoch, {"loss": 1.0, monitor: value})
    return snapshots


def test_save_best_only_keeps_the_best_epoch(tmp_path):
    m = model()
    checkpoint = callbacks.ModelCheckpoint(str(tmp_path / "best.keras"), save_best_only=True)
    snapshots = drive(checkpoint, m, [0.5, 0.7, 0.3, 0.4])
    assert checkpoint.best == 0.3
    best = keras.models.load_model(tmp_path / "best.keras")
    np.testing.assert_allclose(predict(best), snapshots[2], rtol=1e-6)


def test_save_best_only_with_epoch_in_the_path(tmp_path, capsys):
    checkpoint = callbacks.ModelCheckpoint(
        str(tmp_path / "e{epoch}.weights.h5"),
        save_best_only=True,
        save_weights_only=True,
        verbose=1,
    )
    drive(checkpoint, model(), [0.5, 0.7, 0.3, 0.4])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e1.weights.h5", "e3.weights.h5"]
    out = capsys.readouterr().out
    assert "Epoch 3: val_loss improved from 0.50000 to 0.30000, saving model to" in out
    assert "Epoch 2: val_loss did not improve from 0.50000" in out


def test_accuracy_is_maximised_in_auto_mode(tmp_path):
    checkpoint = callbacks.ModelCheckpoint(
        str(tmp_path / "e{epoch}.keras"), monitor="val_accuracy", save_best_only=True
    )
    drive(checkpoint, model(), [0.5, 0.4, 0.9], monitor="val_accuracy")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e1.keras", "e3.keras"]


def test_initial_value_threshold_must_be_beaten(tmp_path):
    checkpoint = callbacks.ModelCheckpoint(
        str(tmp_path / "e{epoch}.keras"), save_best_only=True, initial_value_threshold=0.45
    )
    drive(checkpoint, model(), [0.5, 0.4])
    assert [p.name for p in tmp_path.iterdir()] == ["e2.keras"]


def test_save_every_n_batches(tmp_path):
    checkpoint = callbacks.ModelCheckpoint(
        str(tmp_path / "w-{epoch}-{batch}.weights.h5"), save_weights_only=True, save_freq=2
    )
    model().fit(X, Y, epochs=2, batch_size=4, verbose=0, shuffle=False, callbacks=[checkpoint])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "w-1-2.weights.h5",
        "w-1-4.weights.h5",
        "w-2-2.weights.h5",
        "w-2-4.weights.h5",
    ]


def test_creates_the_folder(tmp_path):
    checkpoint = callbacks.ModelCheckpoint(str(tmp_path / "run" / "{epoch}" / "m.keras"))
    model().fit(X, Y, epochs=1, verbose=0, callbacks=[checkpoint])
    assert (tmp_path / "run" / "1" / "m.keras").is_file()


def test_missing_monitor_warns_and_saves(tmp_path):
    checkpoint = callbacks.ModelCheckpoint(str(tmp_path / "m.keras"), save_best_only=True)
    checkpoint.set_model(model())
    with pytest.warns(UserWarning, match="Can save best model only with val_loss available"):
        checkpoint.on_epoch_end(0, {"loss": 0.1})
    assert (tmp_path / "m.keras").is_file()


def test_argument_errors(tmp_path):
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`"):
        callbacks.ModelCheckpoint(str(tmp_path / "m.keras"), save_weights_only=True)
    with pytest.raises(ValueError, match=r"must end in `\.keras`"):
        callbacks.ModelCheckpoint(str(tmp_path / "m.h5"))
    with pytest.raises(ValueError, match="Unrecognized save_freq: sometimes"):
        callbacks.ModelCheckpoint(str(tmp_path / "m.keras"), save_freq="sometimes")
    checkpoint = callbacks.ModelCheckpoint(str(tmp_path / "{epoch}-{nonexistent}.keras"))
    checkpoint.set_model(model())
    with pytest.raises(KeyError, match="Failed to format this callback filepath"):
        checkpoint.on_epoch_end(0, {"loss": 0.1})
