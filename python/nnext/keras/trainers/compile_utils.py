"""Resolving what `compile` was given: the loss object and the metric objects.

Metrics are resolved on the first batch, because 'accuracy' means binary, sparse
categorical or categorical accuracy depending on the shapes of labels and predictions.
"""

import numpy as np

from nnext.keras import losses as losses_module
from nnext.keras import metrics as metrics_module
from nnext.keras import tree


def resolve_loss(loss):
    """A `Loss` for a string, a `Loss` or a per-sample function (None stays None)."""
    if loss is None:
        return None
    resolved = losses_module.get(loss)
    if isinstance(resolved, losses_module.Loss):
        return resolved
    name = loss if isinstance(loss, str) else getattr(resolved, "__name__", None)
    return losses_module.LossFunctionWrapper(resolved, name=name)


def is_binary_or_sparse_categorical(y_true_shape, y_pred_shape):
    """Keras 3's rule: binary when predictions have one column; sparse categorical when the
    labels have lower rank, or one column against several."""
    is_binary = y_pred_shape[-1] == 1
    is_sparse = len(y_true_shape) < len(y_pred_shape) or (
        y_true_shape[-1] == 1 and y_pred_shape[-1] > 1
    )
    return is_binary, is_sparse


def resolve_metric(identifier, y_true_shape, y_pred_shape):
    """A `Metric` named as the user wrote it ('accuracy' stays 'accuracy')."""
    if identifier is None:
        raise ValueError("Expected metric, received `None`")
    if isinstance(identifier, str) and identifier.lower() in ("accuracy", "acc"):
        is_binary, is_sparse = is_binary_or_sparse_categorical(y_true_shape, y_pred_shape)
        if is_binary:
            return metrics_module.BinaryAccuracy(name=identifier)
        if is_sparse:
            return metrics_module.SparseCategoricalAccuracy(name=identifier)
        return metrics_module.CategoricalAccuracy(name=identifier)
    metric = metrics_module.get(identifier)
    if isinstance(identifier, str):
        metric.name = identifier
    return metric


def resolve_metrics(identifiers, y_true_shape, y_pred_shape):
    if identifiers is None:
        return []
    if isinstance(identifiers, (str, metrics_module.Metric)) or callable(identifiers):
        raise TypeError(
            "Expected `metrics` argument to be a list, tuple, or dict. "
            f"Received instead: metrics={identifiers} of type {type(identifiers)}"
        )
    return [resolve_metric(m, y_true_shape, y_pred_shape) for m in identifiers]


def check_output_names(value, output_names, what):
    """Raises, at `compile` time, for dict keys that name no model output."""
    unknown = [key for key in value if key not in output_names]
    if unknown:
        raise ValueError(
            f"In the dict argument `{what}`, key(s) {unknown} do not correspond to any "
            f"model output. Received:\n{what}={value}\nModel outputs: {output_names}"
        )


def _per_output(value, output_names, what):
    """`value` (one thing, a list with one entry per output, or a dict keyed by output name)
    as a list aligned with `output_names`; a single value serves every output."""
    if isinstance(value, dict):
        check_output_names(value, output_names, what)
        return [value.get(name) for name in output_names]
    if isinstance(value, (list, tuple)) and len(output_names) > 1:
        if len(value) != len(output_names):
            raise ValueError(
                f"For a model with multiple outputs, when providing the `{what}` argument as a "
                f"list, it should have as many entries as the model has outputs. Received:\n"
                f"{what}={value}\nof length {len(value)} whereas the model has "
                f"{len(output_names)} outputs."
            )
        return list(value)
    return [value] * len(output_names)


def _align(values, output_names, what):
    """Targets (or sample weights) as a list aligned with `output_names`."""
    if isinstance(values, dict):
        missing = [name for name in output_names if name not in values]
        if missing:
            raise ValueError(
                f"`{what}` is a dict without entries for the model outputs {missing}. "
                f"Model outputs: {output_names}; received keys: {sorted(values)}"
            )
        return [values[name] for name in output_names]
    flat = tree.flatten(values) if isinstance(values, (list, tuple)) else [values]
    if len(output_names) > 1 and len(flat) == 1:
        return flat * len(output_names)  # one sample-weight array for every output
    if len(flat) != len(output_names):
        raise ValueError(
            f"The model has {len(output_names)} outputs ({output_names}), but `{what}` has "
            f"{len(flat)} entries."
        )
    return flat


class CompileLoss:
    """The loss `compile` was given, for one output or several.

    With several outputs, `loss` is one loss for all, a list (one per output) or a dict keyed
    by output name, and `loss_weights` likewise; the total is the weighted sum, and each
    output's own loss is tracked as `<output>_loss`, as Keras 3 logs it.
    """

    def __init__(self, loss, loss_weights=None, output_names=None):
        self.loss = loss
        self.loss_weights = loss_weights
        self.output_names = output_names
        self._losses = None
        self.metrics = []
        for identifier in tree.flatten(loss):  # unknown names fail at `compile`, as in Keras
            resolve_loss(identifier)

    def build(self, y_pred):
        names = self.output_names or [f"output_{i}" for i in range(len(tree.flatten(y_pred)))]
        if len(names) == 1 and isinstance(self.loss, dict):
            names = list(self.output_names or self.loss)
        self.output_names = names
        losses = _per_output(self.loss, names, "loss")
        weights = _per_output(self.loss_weights, names, "loss_weights")
        self._losses = [
            (resolve_loss(loss), 1.0 if weight is None else float(weight))
            for loss, weight in zip(losses, weights)
        ]
        if len(names) > 1:
            self.metrics = [
                metrics_module.Mean(name=f"{name}_loss")
                for name, (loss, _) in zip(names, self._losses)
                if loss is not None
            ]

    def __call__(self, y_true, y_pred, sample_weight=None):
        if self._losses is None:
            self.build(y_pred)
        if len(self._losses) == 1:
            loss, weight = self._losses[0]
            value = loss(_single(y_true), _single(y_pred), _single(sample_weight))
            return value if weight == 1.0 else value * weight
        y_true = _align(y_true, self.output_names, "y")
        y_pred = _align(y_pred, self.output_names, "y_pred")
        weights = (
            [None] * len(y_pred)
            if sample_weight is None
            else _align(sample_weight, self.output_names, "sample_weight")
        )
        total, trackers = None, iter(self.metrics)
        for (loss, weight), yt, yp, sw in zip(self._losses, y_true, y_pred, weights):
            if loss is None:
                continue
            value = loss(yt, yp, sw)
            next(trackers).update_state(value, sample_weight=len(yp))
            value = value * weight
            total = value if total is None else total + value
        return total


def _single(value):
    if isinstance(value, dict) and len(value) == 1:
        return next(iter(value.values()))
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return value[0]
    return value


class CompileMetrics:
    """The metrics `compile` was given, resolved on the first batch for each output.

    With several outputs, `metrics` is a list for every output, a list of lists (one per
    output) or a dict keyed by output name; each metric is then named `<output>_<metric>`.
    """

    name = "compile_metrics"

    def __init__(self, metrics, output_names=None):
        self._identifiers = metrics
        self.output_names = output_names
        self.metrics = None
        self._per_output = None

    def result(self):
        """`{metric name: value}` of the resolved metrics ({} before the first batch)."""
        return {metric.name: metric.result() for metric in self.metrics or ()}

    def reset_state(self):
        for metric in self.metrics or ():
            metric.reset_state()

    reset_states = reset_state

    def build(self, y_true, y_pred):
        flat_pred = tree.flatten(y_pred)
        names = self.output_names or [f"output_{i}" for i in range(len(flat_pred))]
        self.output_names = names
        if len(names) == 1:
            identifiers = self._identifiers
            if isinstance(identifiers, dict):
                identifiers = next(iter(identifiers.values()), None)
            self._per_output = [
                resolve_metrics(identifiers, np.shape(_single(y_true)), tuple(flat_pred[0].shape))
            ]
        else:
            identifiers = self._identifiers
            if isinstance(identifiers, (list, tuple)) and not any(
                isinstance(m, (list, tuple)) or m is None for m in identifiers
            ):
                identifiers = [list(identifiers)] * len(names)
            per_output = _per_output(identifiers, names, "metrics")
            y_true = _align(y_true, names, "y")
            self._per_output = []
            for name, ids, yt, yp in zip(names, per_output, y_true, flat_pred):
                if ids is not None and not isinstance(ids, (list, tuple)):
                    ids = [ids]
                resolved = resolve_metrics(ids, np.shape(yt), tuple(yp.shape))
                for metric in resolved:
                    metric.name = f"{name}_{metric.name}"
                self._per_output.append(resolved)
        self.metrics = [m for group in self._per_output for m in group]

    def update_state(self, y_true, y_pred, sample_weight=None):
        if y_true is None:
            return
        if self.metrics is None:
            self.build(y_true, y_pred)
        if len(self._per_output) == 1:
            y_true, y_pred = [_single(y_true)], [_single(y_pred)]
        else:
            y_true = _align(y_true, self.output_names, "y")
            y_pred = _align(y_pred, self.output_names, "y_pred")
        # As Keras: sample and class weights weight the loss; `compile(metrics=...)` metrics
        # count every sample alike (Keras weights only its `weighted_metrics`).
        for group, yt, yp in zip(self._per_output, y_true, y_pred):
            for metric in group:
                metric.update_state(yt, yp)
