"""Accuracy metrics: the fraction of predictions that match the labels."""

from nnext import _core
from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.losses.loss import squeeze_or_expand_to_same_rank
from nnext.keras.metrics.reduction_metrics import MeanMetricWrapper


def accuracy(y_true, y_pred):
    """1.0 where `y_true == y_pred` exactly, else 0.0."""
    y_pred = backend.to_tensor(y_pred)
    y_true = backend.to_tensor(y_true)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    if y_true.dtype != y_pred.dtype:
        y_true = nmath.cast(y_true, y_pred.dtype)
    return nmath.cast(nmath.equal(y_true, y_pred), backend.floatx())


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1.0 where `(y_pred > threshold) == y_true`, else 0.0."""
    y_pred = backend.to_tensor(y_pred)
    y_true = backend.to_tensor(y_true)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    predicted = nmath.cast(nmath.greater(y_pred, threshold), y_true.dtype)
    return nmath.cast(nmath.equal(y_true, predicted), backend.floatx())


def categorical_accuracy(y_true, y_pred):
    """1.0 where `argmax(y_true) == argmax(y_pred)` along the last axis, else 0.0."""
    y_pred = backend.to_tensor(y_pred)
    y_true = backend.to_tensor(y_true)
    return nmath.cast(
        nmath.equal(nmath.argmax(y_true, axis=-1), nmath.argmax(y_pred, axis=-1)),
        backend.floatx(),
    )


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the integer label equals `argmax(y_pred)`, else 0.0; labels `(N,)` or `(N, 1)`."""
    y_pred = backend.to_tensor(y_pred)
    y_true = backend.to_tensor(y_true)
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = _core.squeeze(y_true, -1)
    predicted = nmath.argmax(y_pred, axis=-1)
    return nmath.cast(nmath.equal(nmath.cast(y_true, predicted.dtype), predicted),
                      backend.floatx())


class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels exactly (compare class ids, not probabilities).

    Example:
        >>> m = metrics.Accuracy()
        >>> m.update_state([1, 2, 3, 4], [0, 2, 3, 4])
        >>> float(m.result())
        0.75
    """

    _direction = "up"

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(accuracy, name=name, dtype=dtype)


class BinaryAccuracy(MeanMetricWrapper):
    """How often `y_pred > threshold` matches 0/1 labels."""

    _direction = "up"

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(binary_accuracy, name=name, dtype=dtype, threshold=threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    """How often the arg-max of the predictions matches the arg-max of one-hot labels."""

    _direction = "up"

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name=name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the arg-max of the predictions matches integer labels."""

    _direction = "up"

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)
