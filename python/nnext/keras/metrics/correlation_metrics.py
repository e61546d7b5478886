"""Correlation metrics: Pearson's and Lin's concordance correlation, per sample along
`axis`, then averaged over samples."""

from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.losses.loss import squeeze_or_expand_to_same_rank
from nnext.keras.metrics.reduction_metrics import MeanMetricWrapper


def _prepare(y_true, y_pred):
    y_pred = backend.to_tensor(y_pred, backend.floatx())
    y_true = backend.to_tensor(y_true, y_pred.dtype.name)
    if not y_true.dtype.is_floating:
        y_true = nmath.cast(y_true, y_pred.dtype)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


def _mean(x, axis):
    return nmath.reduce_mean(x, axis=axis, keepdims=True)


def _var(x, axis):
    return _mean(nmath.square(x - _mean(x, axis)), axis)


def pearson_correlation(y_true, y_pred, axis=-1):
    """`mean(z(y_true) * z(y_pred), axis)`, with `z` the standardised values along `axis`."""
    y_true, y_pred = _prepare(y_true, y_pred)
    t = y_true - _mean(y_true, axis)
    p = y_pred - _mean(y_pred, axis)
    t = t / nmath.sqrt(_var(t, axis))
    p = p / nmath.sqrt(_var(p, axis))
    return nmath.reduce_mean(t * p, axis=axis)


def concordance_correlation(y_true, y_pred, axis=-1):
    """Lin's concordance `2 cov / (var_t + var_p + (mean_t - mean_p)**2)` along `axis`.

    NOTE: as Keras 3.15, the covariance term centres `y_true` on the mean of `y_pred`.
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    mean_t, mean_p = _mean(y_true, axis), _mean(y_pred, axis)
    var_t, var_p = _var(y_true - mean_t, axis), _var(y_pred - mean_p, axis)
    covar = (y_true - mean_p) * (y_pred - mean_p)
    norm = var_t + var_p + nmath.square(mean_t - mean_p)
    return nmath.reduce_mean(2.0 * covar / (norm + backend.epsilon()), axis=axis)


class PearsonCorrelation(MeanMetricWrapper):
    """The mean Pearson correlation of labels and predictions along `axis`."""

    _direction = "up"

    def __init__(self, name="pearson_correlation", dtype=None, axis=-1):
        super().__init__(pearson_correlation, name=name, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "axis": self.axis}


class ConcordanceCorrelation(MeanMetricWrapper):
    """The mean concordance correlation coefficient of labels and predictions."""

    _direction = "up"

    def __init__(self, name="concordance_correlation", dtype=None, axis=-1):
        super().__init__(concordance_correlation, name=name, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "axis": self.axis}
