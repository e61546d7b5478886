"""Metrics (`keras.metrics`): stateful `Metric` classes and per-sample metric functions."""

from nnext.keras import losses as _losses
from nnext.keras.metrics.accuracy_metrics import (
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    accuracy,
    binary_accuracy,
    categorical_accuracy,
    sparse_categorical_accuracy,
)
from nnext.keras.metrics.metric import Metric
from nnext.keras.metrics.reduction_metrics import Mean, MeanMetricWrapper

__all__ = [
    "Accuracy", "BinaryAccuracy", "CategoricalAccuracy", "Mean", "MeanMetricWrapper", "Metric",
    "SparseCategoricalAccuracy", "accuracy", "binary_accuracy", "categorical_accuracy", "get",
    "sparse_categorical_accuracy",
]

CLASSES = {
    cls.__name__: cls
    for cls in (Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, Mean)
}
FUNCTIONS = {
    "accuracy": accuracy,
    "binary_accuracy": binary_accuracy,
    "categorical_accuracy": categorical_accuracy,
    "sparse_categorical_accuracy": sparse_categorical_accuracy,
    **_losses.registry.FUNCTIONS,
}


def get(identifier):
    """Returns a `Metric` for a name ('categorical_accuracy', 'mse', 'Accuracy'), a class,
    a `Metric` or a per-sample function (wrapped so that its mean is tracked)."""
    if isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, str):
        if identifier in CLASSES:
            return CLASSES[identifier]()
        if identifier in FUNCTIONS:
            metric = MeanMetricWrapper(FUNCTIONS[identifier], name=identifier)
            if identifier not in _losses.registry.FUNCTIONS:
                metric._direction = "up"  # the accuracies; wrapped losses set "down" themselves
            return metric
        raise ValueError(
            f"Could not interpret metric identifier: {identifier}. Expected one of "
            f"{sorted(CLASSES) + sorted(FUNCTIONS)}, a Metric or a callable."
        )
    if isinstance(identifier, type) and issubclass(identifier, Metric):
        return identifier()
    if callable(identifier):
        # A function is named by `__name__`, a `Loss` object by its `name`.
        name = getattr(identifier, "__name__", None) or getattr(identifier, "name", None)
        return MeanMetricWrapper(identifier, name=name)
    raise TypeError(
        f"Could not interpret metric identifier: {identifier!r}. "
        "Expected a string, a Metric or a callable."
    )
