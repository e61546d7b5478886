"""`Mean` and `MeanMetricWrapper`: weighted means of values, or of a per-sample function."""

from nnext import _core, creation
from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.losses import registry as loss_registry
from nnext.keras.losses.loss import Loss, squeeze_or_expand_to_same_rank
from nnext.keras.metrics.metric import Metric


class Mean(Metric):
    """Weighted mean of the values it is given: `total / count`.

    Example:
        >>> m = metrics.Mean()
        >>> m.update_state([1, 3, 5, 7])
        >>> float(m.result())
        4.0
    """

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(name="total")
        self.count = self.add_variable(name="count")

    def update_state(self, values, sample_weight=None):
        values = backend.to_tensor(values, self.dtype)
        if not values.dtype.is_floating:
            values = nmath.cast(values, self.dtype)
        if isinstance(sample_weight, (int, float)):
            # A number weights every value alike: fit weights the loss by the batch size.
            self.total.assign_add(nmath.reduce_sum(values) * float(sample_weight))
            self.count.assign_add(float(sample_weight) * _size(values))
            return
        if sample_weight is None:
            self.total.assign_add(nmath.reduce_sum(values))
            self.count.assign_add(creation.constant(float(_size(values)), dtype=self.dtype))
            return
        sample_weight = backend.to_tensor(sample_weight, self.dtype)
        if sample_weight.ndim == 0:
            # A scalar weight counts every value that many times.
            self.total.assign_add(nmath.reduce_sum(values) * sample_weight)
            self.count.assign_add(sample_weight * float(_size(values)))
            return
        sample_weight, values = squeeze_or_expand_to_same_rank(sample_weight, values, False)
        sample_weight = _core.broadcast_to(sample_weight, tuple(values.shape))
        self.total.assign_add(nmath.reduce_sum(values * sample_weight))
        self.count.assign_add(nmath.reduce_sum(sample_weight))

    def result(self):
        """`total / count`, or 0 before any update (Keras's `divide_no_nan`)."""
        return nmath.where(self.count == 0, 0.0, self.total / self.count)


class MeanMetricWrapper(Mean):
    """The mean over all samples of a per-sample function `fn(y_true, y_pred, **kwargs)`.

    Wrapping a built-in loss (function or `Loss` object) marks the metric as one to
    minimise, which `EarlyStopping(mode="auto")` reads, as in Keras.
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name or fn.__name__, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs
        if isinstance(fn, Loss) or any(fn is f for f in loss_registry.FUNCTIONS.values()):
            self._direction = "down"

    def update_state(self, y_true, y_pred, sample_weight=None):
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        super().update_state(values, sample_weight)

    def get_config(self):
        return {**super().get_config(), **self._fn_kwargs}


def _size(t):
    n = 1
    for d in t.shape:
        n *= d
    return n
