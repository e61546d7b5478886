"""`MonitorCallback`: the shared logic of callbacks that watch one logged quantity and ask
whether it improved (minimised for losses, maximised for accuracies)."""

import operator
import warnings

from nnext.keras.callbacks.callback import Callback


class MonitorCallback(Callback):
    """Base class of callbacks that monitor `monitor` in the epoch logs.

    Args:
        monitor: the logged quantity ('val_loss').
        mode: 'min', 'max', or 'auto' (min for losses, the metric's own direction otherwise).
        baseline: the value to beat first.
        min_delta: the smallest change that counts as an improvement.
    """

    def __init__(self, monitor="val_loss", mode="auto", baseline=None, min_delta=0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(
                f"{type(self).__name__} mode '{mode}' is unknown, fallback to auto mode.",
                stacklevel=2,
            )
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op = None

    def _set_monitor_op(self):
        if self.mode == "min":
            self.monitor_op = operator.lt
        elif self.mode == "max":
            self.monitor_op = operator.gt
        else:
            name = self.monitor.removeprefix("val_")
            if name == "loss":
                self.monitor_op = operator.lt
            for metric in leaf_metrics(getattr(self.model, "metrics", [])):
                direction = getattr(metric, "_direction", None)
                if metric.name == name and direction:
                    self.monitor_op = operator.gt if direction == "up" else operator.lt
            if self.monitor_op is None:
                raise ValueError(
                    f"{type(self).__name__} callback received monitor={self.monitor}, but "
                    "Keras isn't able to automatically determine whether that metric should "
                    "be maximized or minimized. Pass `mode='max'` in order to monitor based "
                    "on the highest metric value, or pass `mode='min'` in order to use the "
                    "lowest value."
                )
        if self.monitor_op is operator.lt:
            self.min_delta *= -1

    def _is_improvement(self, monitor_value, reference_value):
        if reference_value is None:
            return True
        return self.monitor_op(monitor_value - self.min_delta, reference_value)


def leaf_metrics(metrics):
    """The metrics, with a container's (the model's `compile_metrics`) expanded."""
    for metric in metrics:
        inner = getattr(metric, "metrics", None)
        if isinstance(inner, list):
            yield from inner
        else:
            yield metric
