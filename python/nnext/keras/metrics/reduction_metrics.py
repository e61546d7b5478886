"""`Sum`, `Mean` and `MeanMetricWrapper`: weighted sums and means of values, or of a
per-sample function, reduced sample by sample as Keras 3 reduces them."""

from nnext import _core
from nnext import math as nmath
from nnext.keras import backend, tensor_masks
from nnext.keras.losses import registry as loss_registry
from nnext.keras.losses.loss import Loss, apply_mask, squeeze_or_expand_to_same_rank
from nnext.keras.metrics.metric import Metric


def _as_float(x, dtype):
    x = backend.to_tensor(x, dtype)
    return x if x.dtype.is_floating else nmath.cast(x, dtype)


def reduce_to_samplewise_values(values, sample_weight, reduce_fn, dtype):
    """Weights `values` and reduces them to one value per sample (Keras's rule).

    Axes of `values` beyond the weight's rank are reduced first, the weight broadcast
    and applied, then every axis but the first reduced; a weight of rank > 1 is reduced
    the same way. Returns `(values, sample_weight)`.
    """
    values = _as_float(values, dtype)
    if sample_weight is not None:
        sample_weight = _as_float(sample_weight, dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        weight_ndim, values_ndim = sample_weight.ndim, values.ndim
        if values_ndim > weight_ndim:
            values = reduce_fn(values, axis=list(range(weight_ndim, values_ndim)))
        sample_weight = _core.broadcast_to(sample_weight, tuple(values.shape))
        values = values * sample_weight
        if weight_ndim > 1:
            sample_weight = reduce_fn(sample_weight, axis=list(range(1, weight_ndim)))
    if values.ndim > 1:
        values = reduce_fn(values, axis=list(range(1, values.ndim)))
    return values, sample_weight


class Sum(Metric):
    """The (weighted) sum of the values it is given.

    Example:
        >>> m = metrics.Sum()
        >>> m.update_state([1, 3, 5, 7])
        >>> float(m.result())
        16.0
    """

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(name="total")

    def update_state(self, values, sample_weight=None):
        values, _ = reduce_to_samplewise_values(values, sample_weight, nmath.reduce_sum, self.dtype)
        self.total.assign_add(nmath.reduce_sum(values))

    def result(self):
        return self.total * 1


class Mean(Metric):
    """Weighted mean of the values it is given: `total / count`, where each sample counts
    once (or by its weight), whatever its number of values.

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
        if isinstance(sample_weight, (int, float)) and not isinstance(sample_weight, bool):
            # A number (fit passes the batch size with a batch's scalar loss): the mean of
            # the values counts `sample_weight` times, without building a weight tensor.
            values = _as_float(values, self.dtype)
            mean = values if values.ndim == 0 else nmath.reduce_mean(values)
            self.total.assign_add(mean * float(sample_weight))
            self.count.assign_add(float(sample_weight))
            return
        values, sample_weight = reduce_to_samplewise_values(
            values, sample_weight, nmath.reduce_mean, self.dtype
        )
        self.total.assign_add(nmath.reduce_sum(values))
        if sample_weight is not None:
            self.count.assign_add(nmath.reduce_sum(sample_weight))
        else:
            self.count.assign_add(float(values.shape[0]) if values.ndim >= 1 else 1.0)

    def result(self):
        """`total / count`, or 0 before any update (Keras's `divide_no_nan`)."""
        return nmath.where(self.count == 0, 0.0, self.total / self.count)


class MeanMetricWrapper(Mean):
    """The mean over all samples of a per-sample function `fn(y_true, y_pred, **kwargs)`.

    Wrapping a built-in loss (function or `Loss` object) marks the metric as one to
    minimise, which `EarlyStopping(mode="auto")` reads, as in Keras.

    Example:
        >>> m = metrics.MeanMetricWrapper(losses.mean_squared_error, name="mse")
        >>> m.update_state([[0.0, 1.0]], [[1.0, 1.0]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name or getattr(fn, "__name__", None), dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs
        if isinstance(fn, Loss) or any(fn is f for f in loss_registry.FUNCTIONS.values()):
            self._direction = "down"

    def update_state(self, y_true, y_pred, sample_weight=None):
        mask = tensor_masks.get_keras_mask(y_pred)
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        if mask is not None:  # Keras 3: a prediction mask weights the samples
            sample_weight = apply_mask(sample_weight, mask, self.dtype, "sum")
        super().update_state(values, sample_weight)

    def get_config(self):
        return {**super().get_config(), **self._fn_kwargs}


class PlainConfigWrapper(MeanMetricWrapper):
    """A wrapper class whose config is its name and dtype only (its function is fixed)."""

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}
