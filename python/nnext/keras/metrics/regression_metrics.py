"""Regression metrics: means of the regression losses, root mean squared error, cosine
similarity and the coefficient of determination R²."""

import warnings

from nnext import _core
from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.losses import losses as base_losses
from nnext.keras.losses import regression_losses
from nnext.keras.losses.loss import squeeze_or_expand_to_same_rank
from nnext.keras.metrics.metric import Metric
from nnext.keras.metrics.reduction_metrics import Mean, PlainConfigWrapper


def cosine_similarity(y_true, y_pred, axis=-1):
    """`sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)`: 1 for vectors pointing the
    same way (the metric; the loss is its negative)."""
    return -regression_losses.cosine_similarity(y_true, y_pred, axis=axis)


class MeanSquaredError(PlainConfigWrapper):
    """The mean of `square(y_true - y_pred)` over all samples seen."""

    _direction = "down"

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(base_losses.mean_squared_error, name=name, dtype=dtype)


class MeanAbsoluteError(PlainConfigWrapper):
    """The mean of `abs(y_true - y_pred)` over all samples seen."""

    _direction = "down"

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(base_losses.mean_absolute_error, name=name, dtype=dtype)


class MeanAbsolutePercentageError(PlainConfigWrapper):
    """The mean of `100 * abs((y_true - y_pred) / y_true)` over all samples seen."""

    _direction = "down"

    def __init__(self, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(regression_losses.mean_absolute_percentage_error, name=name, dtype=dtype)


class MeanSquaredLogarithmicError(PlainConfigWrapper):
    """The mean of `square(log(y_true + 1) - log(y_pred + 1))` over all samples seen."""

    _direction = "down"

    def __init__(self, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(regression_losses.mean_squared_logarithmic_error, name=name, dtype=dtype)


class CosineSimilarity(PlainConfigWrapper):
    """The mean cosine similarity of labels and predictions along `axis`."""

    _direction = "up"

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(cosine_similarity, name=name, dtype=dtype, axis=axis)


class LogCoshError(PlainConfigWrapper):
    """The mean of `log(cosh(y_pred - y_true))` over all samples seen."""

    _direction = "down"

    def __init__(self, name="logcosh", dtype=None):
        super().__init__(regression_losses.log_cosh, name=name, dtype=dtype)


class RootMeanSquaredError(Mean):
    """`sqrt(mean(square(y_true - y_pred)))` over all samples seen.

    Example:
        >>> m = metrics.RootMeanSquaredError()
        >>> m.update_state([[0.0, 1.0]], [[1.0, 1.0]])
        >>> round(float(m.result()), 4)
        0.7071
    """

    _direction = "down"

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = backend.to_tensor(y_true, self.dtype)
        y_pred = backend.to_tensor(y_pred, self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        super().update_state(nmath.square(y_pred - y_true), sample_weight=sample_weight)

    def result(self):
        return nmath.sqrt(super().result())


class R2Score(Metric):
    """The coefficient of determination `1 - SS_res / SS_tot`, per output column, then
    averaged.

    Args:
        class_aggregation: 'uniform_average' (mean over columns),
            'variance_weighted_average' (weighted by each column's variance) or None
            (one score per column).
        num_regressors: for the adjusted R², the number of independent regressors.

    Example:
        >>> m = metrics.R2Score()
        >>> m.update_state([[1.0], [4.0], [3.0]], [[2.0], [4.0], [4.0]])
        >>> round(float(m.result()), 4)
        0.5714
    """

    _direction = "up"

    def __init__(
        self, class_aggregation="uniform_average", num_regressors=0, name="r2_score", dtype=None
    ):
        super().__init__(name=name, dtype=dtype)
        allowed = (None, "uniform_average", "variance_weighted_average")
        if class_aggregation not in allowed:
            raise ValueError(
                f"Invalid value for argument `class_aggregation`. Expected one of {allowed}. "
                f"Received: class_aggregation={class_aggregation}"
            )
        if num_regressors < 0:
            raise ValueError(
                "Invalid value for argument `num_regressors`. Expected a value >= 0. "
                f"Received: num_regressors={num_regressors}"
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable(name="num_samples")
        self._built = False

    def _build(self, y_true_shape, y_pred_shape):
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "R2Score expects 2D inputs with shape (batch_size, output_dim). Received "
                f"input shapes: y_pred.shape={y_pred_shape} and y_true.shape={y_true_shape}."
            )
        columns = (y_pred_shape[-1],)
        self.squared_sum = self.add_variable(columns, name="squared_sum")
        self.sum = self.add_variable(columns, name="sum")
        self.total_mse = self.add_variable(columns, name="residual")
        self.count = self.add_variable(columns, name="count")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = backend.to_tensor(y_true, self.dtype)
        y_pred = backend.to_tensor(y_pred, self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        if not self._built:
            self._build(tuple(y_true.shape), tuple(y_pred.shape))
        weight = backend.to_tensor(1.0 if sample_weight is None else sample_weight, self.dtype)
        if weight.ndim == 1:
            weight = _core.expand_dims(weight, 1)
        weight = _core.broadcast_to(nmath.cast(weight, y_true.dtype), tuple(y_true.shape))
        weighted = y_true * weight
        self.sum.assign_add(nmath.reduce_sum(weighted, axis=0))
        self.squared_sum.assign_add(nmath.reduce_sum(y_true * weighted, axis=0))
        self.total_mse.assign_add(nmath.reduce_sum(nmath.square(y_true - y_pred) * weight, axis=0))
        self.count.assign_add(nmath.reduce_sum(weight, axis=0))
        size = 1
        for d in y_true.shape:
            size *= d
        self.num_samples.assign_add(float(size))

    def result(self):
        mean = self.sum / self.count
        total = self.squared_sum - self.sum * mean
        raw = 1.0 - self.total_mse / total
        raw = nmath.where(nmath.is_inf(raw), 0.0, raw)
        if self.class_aggregation == "uniform_average":
            score = nmath.reduce_mean(raw)
        elif self.class_aggregation == "variance_weighted_average":
            score = nmath.reduce_sum(total * raw) / nmath.reduce_sum(total)
        else:
            score = raw
        if self.num_regressors:
            n, p = float(self.num_samples), float(self.num_regressors)
            if p > n - 1:
                warnings.warn(
                    "More independent predictors than datapoints in adjusted R2 "
                    "score. Falling back to standard R2 score.",
                    stacklevel=2,
                )
            elif p == n - 1:
                warnings.warn(
                    "Division by zero in Adjusted R2 score. Falling back to standard R2 score.",
                    stacklevel=2,
                )
            else:
                score = 1.0 - (1.0 - score) * (n - 1.0) / (n - p - 1.0)
        return score

    def get_config(self):
        return {
            **super().get_config(),
            "class_aggregation": self.class_aggregation,
            "num_regressors": self.num_regressors,
        }
