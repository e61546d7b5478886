"""`ReduceLROnPlateau`: lowers the learning rate when a metric has stopped improving."""

import warnings

import numpy as np

from nnext.keras.callbacks.monitor_callback import MonitorCallback
from nnext.keras.utils.io_utils import print_msg


class ReduceLROnPlateau(MonitorCallback):
    """Multiplies the learning rate by `factor` once `monitor` has not improved by more
    than `min_delta` for `patience` epochs, then waits `cooldown` epochs before watching
    again; never below `min_lr`. Each epoch's logs get a `learning_rate` entry.

    Args:
        monitor: the logged quantity ('val_loss').
        factor: the multiplier, < 1 (0.1).
        patience: epochs without improvement before reducing (10).
        verbose: 1 prints a line for each reduction.
        mode: 'min', 'max' or 'auto'.
        min_delta: the smallest change that counts as an improvement (1e-4).
        cooldown: epochs to wait after a reduction.
        min_lr: the lower bound of the learning rate.

    Example:
        >>> callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.2, patience=5,
        ...                             min_lr=0.001)
    """

    def __init__(
        self,
        monitor="val_loss",
        factor=0.1,
        patience=10,
        verbose=0,
        mode="auto",
        min_delta=1e-4,
        cooldown=0,
        min_lr=0.0,
        **kwargs,
    ):
        super().__init__(monitor, mode, min_delta=min_delta)
        if factor >= 1.0:
            raise ValueError(
                f"ReduceLROnPlateau does not support a factor >= 1.0. Received factor={factor}"
            )
        self.factor = factor
        self.min_lr = min_lr
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.cooldown_counter = 0
        self.wait = 0

    def _reset(self):
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def in_cooldown(self):
        return self.cooldown_counter > 0

    def on_train_begin(self, logs=None):
        self._reset()

    def _optimizers(self):
        """`(log suffix, optimizer)` pairs: each inner optimizer of a MultiOptimizer."""
        optimizer = self.model.optimizer
        if hasattr(optimizer, "optimizers"):
            return [(f"_{inner.name}", inner) for inner in optimizer.optimizers]
        return [("", optimizer)]

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        logs = logs if logs is not None else {}
        for suffix, optimizer in self._optimizers():
            logs[f"learning_rate{suffix}"] = float(optimizer.learning_rate)
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"Learning rate reduction is conditioned on metric `{self.monitor}` which is "
                f"not available. Available metrics are: {','.join(logs)}.",
                stacklevel=2,
            )
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience:
                reduced = [
                    self._reduce(optimizer, epoch, suffix[1:])
                    for suffix, optimizer in self._optimizers()
                ]
                if any(reduced):
                    self.cooldown_counter = self.cooldown
                    self.wait = 0

    def _reduce(self, optimizer, epoch, name):
        old_lr = float(optimizer.learning_rate)
        if old_lr <= np.float32(self.min_lr):
            return False
        new_lr = max(old_lr * self.factor, self.min_lr)
        optimizer.learning_rate = new_lr
        if self.verbose > 0:
            named = f" {name}" if name else ""
            print_msg(
                f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing{named} learning rate to {new_lr}."
            )
        return True
