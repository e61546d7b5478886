"""Accuracy metrics: the fraction of predictions that match the labels."""

from nnext import _core, creation, dtypes
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
    return nmath.cast(nmath.equal(nmath.cast(y_true, predicted.dtype), predicted), backend.floatx())


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


def _in_top_k(targets, predictions, k):
    """Whether each row's target class is among its `k` largest predictions: fewer than
    `k` entries strictly exceed the target's (ties count in, as Keras's `in_top_k`)."""
    classes = creation.range(predictions.shape[-1], dtype=dtypes.int64)
    is_target = nmath.equal(_core.expand_dims(nmath.cast(targets, dtypes.int64), -1), classes)
    target_value = nmath.reduce_sum(
        nmath.where(is_target, predictions, 0.0), axis=-1, keepdims=True
    )
    above = nmath.reduce_sum(nmath.cast(predictions > target_value, "int32"), axis=-1)
    return above < k


def _flatten_rows(y_true, y_pred):
    """Predictions as `(rows, classes)` and labels as `(rows,)`; the label shape to
    restore the matches to (or None)."""
    shape = None
    if y_pred.ndim > 2:
        y_pred = _core.reshape(y_pred, (-1, y_pred.shape[-1]))
    if y_true.ndim > 1:
        shape = tuple(y_true.shape)
        y_true = _core.reshape(y_true, (-1,))
    return y_true, y_pred, shape


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the arg-max of the one-hot `y_true` is among the `k` largest predictions."""
    y_pred = backend.to_tensor(y_pred, backend.floatx())
    y_true = nmath.argmax(backend.to_tensor(y_true), axis=-1)
    y_true, y_pred, shape = _flatten_rows(y_true, y_pred)
    matches = nmath.cast(_in_top_k(y_true, y_pred, k), backend.floatx())
    return matches if shape is None else _core.reshape(matches, shape)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    """1.0 where the integer label is among the `k` largest predictions; with
    `from_sorted_ids`, `y_pred` holds class ids sorted by score and the label is looked
    for in its first `k` columns."""
    y_pred = backend.to_tensor(y_pred, None if from_sorted_ids else backend.floatx())
    y_true = backend.to_tensor(y_true)
    y_true, y_pred, shape = _flatten_rows(y_true, y_pred)
    if from_sorted_ids:
        top = y_pred[:, :k]
        matches = nmath.reduce_any(
            nmath.equal(_core.expand_dims(nmath.cast(y_true, top.dtype), 1), top), axis=1
        )
    else:
        matches = _in_top_k(y_true, y_pred, k)
    matches = nmath.cast(matches, backend.floatx())
    return matches if shape is None else _core.reshape(matches, shape)


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot label's class is among the `k` highest predictions.

    Example:
        >>> m = metrics.TopKCategoricalAccuracy(k=1)
        >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        >>> float(m.result())
        0.5
    """

    _direction = "up"

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "k": self.k}


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer label is among the `k` highest predictions."""

    _direction = "up"

    def __init__(
        self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None, from_sorted_ids=False
    ):
        super().__init__(
            sparse_top_k_categorical_accuracy,
            name=name,
            dtype=dtype,
            k=k,
            from_sorted_ids=from_sorted_ids,
        )
        self.k, self.from_sorted_ids = k, from_sorted_ids

    def get_config(self):
        config = {"name": self.name, "dtype": self.dtype, "k": self.k}
        if self.from_sorted_ids:
            config["from_sorted_ids"] = True
        return config
