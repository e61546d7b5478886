"""Metrics from the confusion matrix: the four counts, precision, recall, the metrics at a
fixed sensitivity, specificity, precision or recall, and the area under the ROC or PR curve.
"""

from nnext import math as nmath
from nnext.keras.metrics import confusion_utils as cm
from nnext.keras.metrics.metric import Metric


class _ConditionCount(Metric):
    """The weighted number of one confusion-matrix condition, per threshold."""

    _condition = None

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = cm.parse_thresholds(thresholds)
        self.accumulator = self.add_variable((len(self.thresholds),), name="accumulator")

    def update_state(self, y_true, y_pred, sample_weight=None):
        cm.update_confusion_matrix_variables(
            {self._condition: self.accumulator},
            y_true,
            y_pred,
            self.thresholds,
            sample_weight=sample_weight,
        )

    def result(self):
        return self.accumulator[0] if len(self.thresholds) == 1 else self.accumulator * 1

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds}


class TruePositives(_ConditionCount):
    """The weighted number of positive labels predicted positive (`y_pred > threshold`).

    Args:
        thresholds: a float or list of floats in [0, 1] (default 0.5); one count each.

    Example:
        >>> m = metrics.TruePositives()
        >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> float(m.result())
        2.0
    """

    _condition = cm.TRUE_POSITIVES


class FalsePositives(_ConditionCount):
    """The weighted number of negative labels predicted positive."""

    _condition = cm.FALSE_POSITIVES


class TrueNegatives(_ConditionCount):
    """The weighted number of negative labels predicted negative."""

    _condition = cm.TRUE_NEGATIVES


class FalseNegatives(_ConditionCount):
    """The weighted number of positive labels predicted negative."""

    _condition = cm.FALSE_NEGATIVES


class _PrecisionRecall(Metric):
    _direction = "up"
    _counts = ()

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = 0.5 if top_k is None else cm.NEG_INF
        self.thresholds = cm.parse_thresholds(thresholds, default_threshold=default)
        for attribute, _ in self._counts:
            setattr(self, attribute, self.add_variable((len(self.thresholds),), name=attribute))

    def update_state(self, y_true, y_pred, sample_weight=None):
        cm.update_confusion_matrix_variables(
            {key: getattr(self, attribute) for attribute, key in self._counts},
            y_true,
            y_pred,
            self.thresholds,
            top_k=self.top_k,
            class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def _ratio(self, other):
        value = cm.divide_no_nan(self.true_positives, self.true_positives + other)
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self):
        return {
            **super().get_config(),
            "thresholds": self.init_thresholds,
            "top_k": self.top_k,
            "class_id": self.class_id,
        }


class Precision(_PrecisionRecall):
    """`true_positives / (true_positives + false_positives)`.

    Args:
        thresholds: a float or list in [0, 1] (default 0.5; with `top_k`, every one of the
            top-k predictions counts as positive).
        top_k: count only each row's `k` highest predictions as positive.
        class_id: the one class (column) to compute the precision of.

    Example:
        >>> m = metrics.Precision()
        >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> round(float(m.result()), 4)
        0.6667
    """

    _counts = (("true_positives", cm.TRUE_POSITIVES), ("false_positives", cm.FALSE_POSITIVES))

    def result(self):
        return self._ratio(self.false_positives)


class Recall(_PrecisionRecall):
    """`true_positives / (true_positives + false_negatives)` (arguments as `Precision`)."""

    _counts = (("true_positives", cm.TRUE_POSITIVES), ("false_negatives", cm.FALSE_NEGATIVES))

    def result(self):
        return self._ratio(self.false_negatives)


class _AtConstraint(Metric):
    """All four counts at `num_thresholds` evenly spaced thresholds in [0, 1]; subclasses
    pick the best value of one rate among thresholds where another rate meets `value`."""

    _direction = "up"
    _value_name = None

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        if value < 0 or value > 1:
            raise ValueError(
                f"Argument `{self._value_name}` must be in the range [0, 1]. "
                f"Received: {self._value_name}={value}"
            )
        if num_thresholds <= 0:
            raise ValueError(
                "Argument `num_thresholds` must be an integer > 0. "
                f"Received: num_thresholds={num_thresholds}"
            )
        super().__init__(name=name, dtype=dtype)
        setattr(self, self._value_name, value)
        self.value = value
        self.num_thresholds = num_thresholds
        self.class_id = class_id
        if num_thresholds == 1:
            self.thresholds = [0.5]
        else:
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self.thresholds = [0.0, *inner, 1.0]
        shape = (len(self.thresholds),)
        self.true_positives = self.add_variable(shape, name="true_positives")
        self.false_positives = self.add_variable(shape, name="false_positives")
        self.true_negatives = self.add_variable(shape, name="true_negatives")
        self.false_negatives = self.add_variable(shape, name="false_negatives")

    def update_state(self, y_true, y_pred, sample_weight=None):
        cm.update_confusion_matrix_variables(
            {
                cm.TRUE_POSITIVES: self.true_positives,
                cm.TRUE_NEGATIVES: self.true_negatives,
                cm.FALSE_POSITIVES: self.false_positives,
                cm.FALSE_NEGATIVES: self.false_negatives,
            },
            y_true,
            y_pred,
            self.thresholds,
            class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def _rates(self):
        tp, fp, tn, fn = (
            self.true_positives,
            self.false_positives,
            self.true_negatives,
            self.false_negatives,
        )
        return {
            "recall": cm.divide_no_nan(tp, tp + fn),  # also the sensitivity
            "specificity": cm.divide_no_nan(tn, tn + fp),
            "precision": cm.divide_no_nan(tp, tp + fp),
        }

    def _max_where_at_least(self, constrained, dependent):
        feasible = constrained >= self.value
        return nmath.maximum(nmath.reduce_max(nmath.where(feasible, dependent, 0.0)), 0.0)

    def get_config(self):
        return {
            **super().get_config(),
            "class_id": self.class_id,
            "num_thresholds": self.num_thresholds,
            self._value_name: self.value,
        }


class SensitivityAtSpecificity(_AtConstraint):
    """The best sensitivity (recall) among thresholds whose specificity is >= `specificity`.

    Args:
        specificity: the specificity to reach, in [0, 1].
        num_thresholds: how many evenly spaced thresholds to try (200).
        class_id: the one class (column) to compute it for.
    """

    _value_name = "specificity"

    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(specificity, num_thresholds, class_id, name, dtype)

    def result(self):
        rates = self._rates()
        return self._max_where_at_least(rates["specificity"], rates["recall"])


class SpecificityAtSensitivity(_AtConstraint):
    """The best specificity among thresholds whose sensitivity is >= `sensitivity`."""

    _value_name = "sensitivity"

    def __init__(self, sensitivity, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(sensitivity, num_thresholds, class_id, name, dtype)

    def result(self):
        rates = self._rates()
        return self._max_where_at_least(rates["recall"], rates["specificity"])


class PrecisionAtRecall(_AtConstraint):
    """The best precision among thresholds whose recall is >= `recall`."""

    _value_name = "recall"

    def __init__(self, recall, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(recall, num_thresholds, class_id, name, dtype)

    def result(self):
        rates = self._rates()
        return self._max_where_at_least(rates["recall"], rates["precision"])


class RecallAtPrecision(_AtConstraint):
    """The best recall among thresholds whose precision is >= `precision`."""

    _value_name = "precision"

    def __init__(self, precision, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(precision, num_thresholds, class_id, name, dtype)

    def result(self):
        rates = self._rates()
        return self._max_where_at_least(rates["precision"], rates["recall"])
