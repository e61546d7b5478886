"""`ModelCheckpoint`: saves the model (or its weights) during `fit`."""

import operator
import os
import warnings

from nnext.keras.callbacks.callback import Callback
from nnext.keras.callbacks.monitor_callback import leaf_metrics


class ModelCheckpoint(Callback):
    """Saves the model or its weights at the end of every epoch, or every `save_freq`
    batches, to a path that may name the epoch and logged values.

    `filepath` is formatted with `epoch` (1-based), `batch` (1-based, with an integer
    `save_freq`) and every key of the logs: `"ckpt-{epoch:02d}-{val_loss:.2f}.keras"`.
    Each save is atomic: an interrupted one leaves the previous file intact.

    Args:
        filepath: where to save; ends in `.keras`, or `.weights.h5` with
            `save_weights_only=True`.
        monitor: the logged quantity `save_best_only` compares ('val_loss').
        verbose: 1 prints a line for each save.
        save_best_only: save only when `monitor` improves on the best value so far.
        save_weights_only: save with `model.save_weights` instead of `model.save`.
        mode: 'min', 'max', or 'auto' (min for losses, the metric's own direction otherwise).
        save_freq: 'epoch', or an integer number of batches between saves.
        initial_value_threshold: the best value to beat at first.

    Example:
        >>> checkpoint = callbacks.ModelCheckpoint("best.keras", save_best_only=True)
        >>> model.fit(x, y, validation_split=0.2, epochs=10, callbacks=[checkpoint])
    """

    def __init__(
        self,
        filepath,
        monitor="val_loss",
        verbose=0,
        save_best_only=False,
        save_weights_only=False,
        mode="auto",
        save_freq="epoch",
        initial_value_threshold=None,
    ):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(
                f"ModelCheckpoint mode '{mode}' is unknown, fallback to auto mode.", stacklevel=2
            )
            mode = "auto"
        if save_freq != "epoch" and (not isinstance(save_freq, int) or save_freq <= 0):
            raise ValueError(
                f"Unrecognized save_freq: {save_freq}. "
                "Expected save_freq are 'epoch' or integer values"
            )
        self.filepath = os.fspath(filepath)
        if save_weights_only and not self.filepath.endswith(".weights.h5"):
            raise ValueError(
                "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath "
                "provided must end in `.weights.h5` (Keras weights format). Received: "
                f"filepath={self.filepath}"
            )
        if not save_weights_only and not self.filepath.endswith(".keras"):
            raise ValueError(
                "The filepath provided must end in `.keras` (Keras model format). Received: "
                f"filepath={self.filepath}"
            )
        self.monitor = monitor
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.mode = mode
        self.save_freq = save_freq
        self.best = initial_value_threshold
        self.monitor_op = None
        self._current_epoch = 0
        self._batches_since_save = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        self._batches_since_save += 1
        if self._batches_since_save >= self.save_freq:
            self._batches_since_save = 0
            self._save(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save(epoch, None, logs)

    def _save(self, epoch, batch, logs):
        logs = logs or {}
        filepath = self._file_path(epoch, batch, logs)
        if not self._should_save(epoch, logs, filepath):
            return
        folder = os.path.dirname(filepath)
        if folder:
            os.makedirs(folder, exist_ok=True)
        if os.path.isdir(filepath):
            raise IsADirectoryError(
                "Please specify a non-directory filepath for ModelCheckpoint. Filepath used is "
                f"an existing directory: {filepath}"
            )
        if self.save_weights_only:
            self.model.save_weights(filepath)
        else:
            self.model.save(filepath)

    def _file_path(self, epoch, batch, logs):
        fields = {"epoch": epoch + 1, **logs}
        if batch is not None and "batch" not in logs:
            fields["batch"] = batch + 1
        try:
            return self.filepath.format(**fields)
        except KeyError as e:
            raise KeyError(
                f'Failed to format this callback filepath: "{self.filepath}". Reason: {e}'
            ) from None

    def _should_save(self, epoch, logs, filepath):
        if not self.save_best_only:
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: saving model to {filepath}")
            return True
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(f"Can save best model only with {self.monitor} available.", stacklevel=3)
            return True
        if self.monitor_op is None:
            self.monitor_op = self._direction()
        best = "None" if self.best is None else f"{self.best:.5f}"
        if self.best is None or self.monitor_op(current, self.best):
            if self.verbose > 0:
                print(
                    f"\nEpoch {epoch + 1}: {self.monitor} improved from {best} to "
                    f"{current:.5f}, saving model to {filepath}"
                )
            self.best = current
            return True
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {best}")
        return False

    def _direction(self):
        if self.mode == "min":
            return operator.lt
        if self.mode == "max":
            return operator.gt
        name = self.monitor.removeprefix("val_")
        if name == "loss":
            return operator.lt
        for metric in leaf_metrics(getattr(self.model, "metrics", [])):
            if metric.name == name and getattr(metric, "_direction", None):
                return operator.gt if metric._direction == "up" else operator.lt
        if "acc" in name:  # every accuracy metric grows as the model improves
            return operator.gt
        raise ValueError(
            f"ModelCheckpoint callback received monitor={self.monitor}, but Keras isn't able "
            "to automatically determine whether that metric should be maximized or minimized. "
            "Pass `mode='max'` in order to monitor based on the highest metric value, or pass "
            "`mode='min'` in order to use the lowest value."
        )
