"""`AUC`: the area under the ROC or precision-recall curve, from confusion counts at
`num_thresholds` thresholds (a Riemann sum, or the Davis-Goadrich interpolation for PR)."""

import numpy as np

from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.metrics import confusion_utils as cm
from nnext.keras.metrics.metric import Metric

_CURVES = {"roc": "ROC", "pr": "PR", "prgain": "PRGAIN"}
_SUMMATIONS = ("interpolation", "majoring", "minoring")


class AUC(Metric):
    """The area under the ROC (default) or PR curve.

    Predictions are compared with `num_thresholds` thresholds: 0 - epsilon, the
    `num_thresholds - 2` evenly spaced ones of (0, 1), and 1 + epsilon.

    Args:
        num_thresholds: the number of thresholds (200).
        curve: 'ROC', 'PR' or 'PRGAIN'.
        summation_method: 'interpolation' (trapezoids; for PR the Davis-Goadrich
            interpolation), 'majoring' or 'minoring'.
        thresholds: explicit thresholds in [0, 1], instead of `num_thresholds`.
        multi_label: treat each column of `(batch, labels)` inputs as its own curve, then
            average the areas (weighted by `label_weights` when given).
        num_labels: the number of labels, to build the state before the first batch.
        label_weights: per-label weights.
        from_logits: apply a sigmoid to the predictions first.

    Example:
        >>> m = metrics.AUC(num_thresholds=3)
        >>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
        >>> float(m.result())
        0.75
    """

    _direction = "up"

    def __init__(
        self,
        num_thresholds=200,
        curve="ROC",
        summation_method="interpolation",
        name=None,
        dtype=None,
        thresholds=None,
        multi_label=False,
        num_labels=None,
        label_weights=None,
        from_logits=False,
    ):
        if str(curve).lower() not in _CURVES:
            raise ValueError(
                f'Invalid AUC curve value: "{curve}". Expected values are ["PR", "ROC", "PRGAIN"]'
            )
        if str(summation_method).lower() not in _SUMMATIONS:
            raise ValueError(
                f'Invalid AUC summation method value: "{summation_method}". Expected values '
                'are ["interpolation", "majoring", "minoring"]'
            )
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            self.num_thresholds = len(thresholds) + 2
            inner = sorted(thresholds)
        else:
            if num_thresholds <= 1:
                raise ValueError(
                    "Argument `num_thresholds` must be an integer > 1. "
                    f"Received: num_thresholds={num_thresholds}"
                )
            self.num_thresholds = num_thresholds
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        eps = backend.epsilon()
        self._thresholds = np.array([0.0 - eps, *inner, 1.0 + eps])
        self.curve = _CURVES[str(curve).lower()]
        self.summation_method = str(summation_method).lower()
        super().__init__(name=name, dtype=dtype)
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = (
            None if label_weights is None else backend.to_tensor(label_weights, self.dtype)
        )
        self._from_logits = from_logits
        self._built = False
        if multi_label:
            if num_labels:
                self._build((None, num_labels))
        else:
            if num_labels:
                raise ValueError("`num_labels` is needed only when `multi_label` is True.")
            self._build(None)

    @property
    def thresholds(self):
        return list(self._thresholds)

    def _build(self, shape):
        if self.multi_label:
            if len(shape) != 2:
                raise ValueError(
                    "`y_pred` must have rank 2 when `multi_label=True`. Found rank "
                    f"{len(shape)}. Full shape received for `y_pred`: {shape}"
                )
            self._num_labels = shape[1]
            variable_shape = (self.num_thresholds, self._num_labels)
        else:
            variable_shape = (self.num_thresholds,)
        self.true_positives = self.add_variable(variable_shape, name="true_positives")
        self.false_positives = self.add_variable(variable_shape, name="false_positives")
        self.true_negatives = self.add_variable(variable_shape, name="true_negatives")
        self.false_negatives = self.add_variable(variable_shape, name="false_negatives")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = backend.to_tensor(y_pred, self.dtype)
        if not self._built:
            self._build(tuple(y_pred.shape))
        if self._from_logits:
            y_pred = nmath.sigmoid(y_pred)
        cm.update_confusion_matrix_variables(
            {
                cm.TRUE_POSITIVES: self.true_positives,
                cm.TRUE_NEGATIVES: self.true_negatives,
                cm.FALSE_POSITIVES: self.false_positives,
                cm.FALSE_NEGATIVES: self.false_negatives,
            },
            y_true,
            y_pred,
            self._thresholds,
            sample_weight=sample_weight,
            multi_label=self.multi_label,
            label_weights=None if self.multi_label else self.label_weights,
        )

    def _average_over_labels(self, per_threshold):
        if not self.multi_label:
            return nmath.reduce_sum(per_threshold)
        by_label = nmath.reduce_sum(per_threshold, axis=0)
        if self.label_weights is None:
            return nmath.reduce_mean(by_label)
        return cm.divide_no_nan(
            nmath.reduce_sum(by_label * self.label_weights), nmath.reduce_sum(self.label_weights)
        )

    def interpolate_pr_auc(self):
        """The PR area by Davis and Goadrich's interpolation: between two thresholds,
        precision follows `tp / p` with `tp` linear in `p` (the predicted positives)."""
        n = self.num_thresholds
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        dtp = tp[: n - 1] - tp[1:]
        p = tp + fp
        dp = p[: n - 1] - p[1:]
        slope = cm.divide_no_nan(dtp, nmath.maximum(dp, 0.0))
        intercept = tp[1:] - slope * p[1:]
        both_positive = nmath.logical_and(p[: n - 1] > 0, p[1:] > 0)
        ratio = nmath.where(
            both_positive, cm.divide_no_nan(p[: n - 1], nmath.maximum(p[1:], 0.0)), 1.0
        )
        increments = cm.divide_no_nan(
            slope * (dtp + intercept * nmath.log(ratio)), nmath.maximum(tp[1:] + fn[1:], 0.0)
        )
        return self._average_over_labels(increments)

    def result(self):
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self.interpolate_pr_auc()
        tp, fp, tn, fn = (
            self.true_positives,
            self.false_positives,
            self.true_negatives,
            self.false_negatives,
        )
        recall = cm.divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = cm.divide_no_nan(fp, fp + tn), recall
        elif self.curve == "PR":
            x, y = recall, cm.divide_no_nan(tp, tp + fp)
        else:
            scale = cm.divide_no_nan(tp + fn, tn + fp)
            recall_gain = 1.0 - scale * cm.divide_no_nan(fn, tp)
            precision_gain = 1.0 - scale * cm.divide_no_nan(fp, tp)
            x = nmath.maximum(nmath.where(tp == 0, 0.0, recall_gain), 0.0)
            y = nmath.where(tp == 0, 1.0, precision_gain)
        n = self.num_thresholds
        if self.summation_method == "interpolation":
            heights = (y[: n - 1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = nmath.minimum(y[: n - 1], y[1:])
        else:
            heights = nmath.maximum(y[: n - 1], y[1:])
        return self._average_over_labels((x[: n - 1] - x[1:]) * heights)

    def reset_state(self):
        if self._built:
            super().reset_state()

    def get_config(self):
        label_weights = self.label_weights
        if label_weights is not None:
            label_weights = np.asarray(label_weights.numpy()).tolist()
        config = {
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": label_weights,
            "from_logits": self._from_logits,
        }
        if self._init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return {**super().get_config(), **config}
