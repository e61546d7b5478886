"""Regression losses beyond the squared and absolute errors: percentage and logarithmic
errors, cosine similarity, log-cosh and Poisson, each a per-sample function (Keras 3's
formula) and its `Loss` class."""

import math

from nnext import math as nmath
from nnext import nn
from nnext.keras import backend
from nnext.keras.losses.loss import Loss, LossFunctionWrapper
from nnext.keras.losses.losses import _aligned, _prepare


def mean_absolute_percentage_error(y_true, y_pred):
    """`100 * mean(abs((y_true - y_pred) / max(abs(y_true), epsilon)), axis=-1)`."""
    y_true, y_pred = _aligned("mean_absolute_percentage_error", y_true, y_pred)
    diff = nmath.abs((y_true - y_pred) / nmath.maximum(nmath.abs(y_true), backend.epsilon()))
    return 100.0 * nmath.reduce_mean(diff, axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    """`mean(square(log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1)), axis=-1)`."""
    y_true, y_pred = _aligned("mean_squared_logarithmic_error", y_true, y_pred)
    eps = backend.epsilon()
    first = nmath.log(nmath.maximum(y_pred, eps) + 1.0)
    second = nmath.log(nmath.maximum(y_true, eps) + 1.0)
    return nmath.reduce_mean(nmath.square(first - second), axis=-1)


def l2_normalize(x, axis=-1):
    """`x * min(1 / sqrt(sum(x**2, axis)), 1 / epsilon)`, Keras's `normalize(order=2)`."""
    square_sum = nmath.reduce_sum(nmath.square(x), axis=axis, keepdims=True)
    return x * nmath.minimum(1.0 / nmath.sqrt(square_sum), 1.0 / backend.epsilon())


def cosine_similarity(y_true, y_pred, axis=-1):
    """`-sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)`: -1 for vectors pointing
    the same way, 0 for orthogonal ones, 1 for opposite ones."""
    y_true, y_pred = _aligned("cosine_similarity", y_true, y_pred)
    return -nmath.reduce_sum(l2_normalize(y_true, axis) * l2_normalize(y_pred, axis), axis=axis)


def log_cosh(y_true, y_pred):
    """`mean(log(cosh(y_pred - y_true)), axis=-1)`, computed as
    `x + softplus(-2x) - log(2)` so that large errors do not overflow."""
    y_true, y_pred = _aligned("log_cosh", y_true, y_pred)
    x = y_pred - y_true
    return nmath.reduce_mean(x + nn.softplus(x * -2.0) - math.log(2.0), axis=-1)


def poisson(y_true, y_pred):
    """`mean(y_pred - y_true * log(y_pred + epsilon), axis=-1)`."""
    y_true, y_pred = _prepare(y_true, y_pred)
    return nmath.reduce_mean(y_pred - y_true * nmath.log(y_pred + backend.epsilon()), axis=-1)


class _PlainConfig(LossFunctionWrapper):
    """Keras saves these classes with their name and reduction only."""

    def get_config(self):
        return Loss.get_config(self)


class MeanAbsolutePercentageError(_PlainConfig):
    """`100 * mean(abs((y_true - y_pred) / y_true))`.

    Example:
        >>> losses.MeanAbsolutePercentageError()([[2.0, 4.0]], [[1.0, 5.0]])   # 37.5
    """

    def __init__(
        self, reduction="sum_over_batch_size", name="mean_absolute_percentage_error", dtype=None
    ):
        super().__init__(
            mean_absolute_percentage_error, reduction=reduction, name=name, dtype=dtype
        )


class MeanSquaredLogarithmicError(_PlainConfig):
    """`mean(square(log(y_true + 1) - log(y_pred + 1)))`."""

    def __init__(
        self, reduction="sum_over_batch_size", name="mean_squared_logarithmic_error", dtype=None
    ):
        super().__init__(
            mean_squared_logarithmic_error, reduction=reduction, name=name, dtype=dtype
        )


class CosineSimilarity(_PlainConfig):
    """Negative cosine similarity of `y_true` and `y_pred` along `axis` (minimised at -1).

    Args:
        axis: the axis the vectors lie along (default -1).
    """

    def __init__(
        self, axis=-1, reduction="sum_over_batch_size", name="cosine_similarity", dtype=None
    ):
        super().__init__(cosine_similarity, reduction=reduction, name=name, dtype=dtype, axis=axis)


class LogCosh(_PlainConfig):
    """`log(cosh(y_pred - y_true))`: about `x**2 / 2` for small errors, `|x| - log(2)` for
    large ones."""

    def __init__(self, reduction="sum_over_batch_size", name="log_cosh", dtype=None):
        super().__init__(log_cosh, reduction=reduction, name=name, dtype=dtype)


class Poisson(_PlainConfig):
    """`y_pred - y_true * log(y_pred)`, the Poisson negative log-likelihood up to a constant."""

    def __init__(self, reduction="sum_over_batch_size", name="poisson", dtype=None):
        super().__init__(poisson, reduction=reduction, name=name, dtype=dtype)
