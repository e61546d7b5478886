"""Counting true/false positives/negatives at a list of thresholds, the state behind
Precision, Recall, AUC and the metrics at a fixed sensitivity or precision.

A prediction is positive at threshold `t` when `y_pred > t` (strictly); a label is positive
when non-zero. All thresholds are compared at once, as one `(thresholds, values)` boolean
tensor, and each count is one weighted sum over the values axis.
"""

import numpy as np

from nnext import _core, creation
from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.losses.loss import squeeze_or_expand_to_same_rank

TRUE_POSITIVES, FALSE_POSITIVES = "tp", "fp"
TRUE_NEGATIVES, FALSE_NEGATIVES = "tn", "fn"
NEG_INF = -1e10


def parse_thresholds(thresholds, default_threshold=0.5):
    """The thresholds as a list, each checked to lie in [0, 1]."""
    if thresholds is None:
        return [default_threshold]
    listed = list(thresholds) if isinstance(thresholds, (list, tuple)) else [thresholds]
    invalid = [t for t in listed if t is None or t < 0 or t > 1]
    if invalid:
        raise ValueError(f"Threshold values must be in [0, 1]. Received: {invalid}")
    return listed


def filter_top_k(x, k):
    """Keeps each row's `k` largest entries and sets the others to -1e10."""
    greater = nmath.reduce_sum(
        nmath.cast(_core.expand_dims(x, -1) < _core.expand_dims(x, -2), x.dtype), axis=-1
    )
    return nmath.where(greater < k, x, NEG_INF)


def update_confusion_matrix_variables(
    variables,
    y_true,
    y_pred,
    thresholds,
    top_k=None,
    class_id=None,
    sample_weight=None,
    multi_label=False,
    label_weights=None,
):
    """Adds this batch's weighted counts to `variables` (a dict from 'tp', 'fp', 'tn',
    'fn' to Variables of shape `(thresholds,)`, or `(thresholds, labels)` with
    `multi_label`)."""
    dtype = backend.standardize_dtype(next(iter(variables.values())).dtype)
    y_true = backend.to_tensor(y_true, dtype)
    y_pred = backend.to_tensor(y_pred, dtype)
    y_true = y_true if y_true.dtype.is_floating else nmath.cast(y_true, dtype)
    y_pred = y_pred if y_pred.dtype.is_floating else nmath.cast(y_pred, dtype)
    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    if sample_weight is not None:
        weight = backend.to_tensor(sample_weight, dtype)
        weight = _core.expand_dims(nmath.cast(weight, dtype), -1)
        _, weight = squeeze_or_expand_to_same_rank(y_true, weight, expand_rank_1=False)
        sample_weight = weight
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        if y_pred.ndim == 1:
            raise ValueError(
                "When class_id is provided, y_pred must be a 2D array with shape "
                f"(num_samples, num_classes), found shape: {tuple(y_pred.shape)}"
            )
        y_true = y_true[..., class_id : class_id + 1]
        y_pred = y_pred[..., class_id : class_id + 1]

    thresholds = creation.constant(np.asarray(thresholds, dtype=dtype))
    weights = None
    if sample_weight is not None:
        weights = _core.broadcast_to(sample_weight, tuple(y_pred.shape))
    if label_weights is not None and not multi_label:
        lw = _core.broadcast_to(backend.to_tensor(label_weights, dtype), tuple(y_pred.shape))
        weights = lw if weights is None else weights * lw
    if multi_label:
        # (thresholds, samples, labels): counts per threshold and label.
        preds = _core.expand_dims(y_pred, 0)
        labels = _core.expand_dims(nmath.not_equal(y_true, 0.0), 0)
        thresholds = _core.reshape(thresholds, (-1, 1, 1))
    else:
        preds = _core.reshape(y_pred, (1, -1))
        labels = _core.reshape(nmath.not_equal(y_true, 0.0), (1, -1))
        thresholds = _core.reshape(thresholds, (-1, 1))
        if weights is not None:
            weights = _core.reshape(weights, (1, -1))
    if weights is not None and multi_label:
        weights = _core.expand_dims(weights, 0)
    pred_pos = preds > thresholds
    pred_neg = nmath.logical_not(pred_pos)
    label_neg = nmath.logical_not(labels)
    conditions = {
        TRUE_POSITIVES: (labels, pred_pos),
        FALSE_NEGATIVES: (labels, pred_neg),
        FALSE_POSITIVES: (label_neg, pred_pos),
        TRUE_NEGATIVES: (label_neg, pred_neg),
    }
    for key, variable in variables.items():
        label, pred = conditions[key]
        hit = nmath.cast(nmath.logical_and(label, pred), dtype)
        if weights is not None:
            hit = hit * weights
        variable.assign_add(nmath.reduce_sum(hit, axis=1))


def divide_no_nan(x, y):
    """`x / y`, and 0 where `y` is 0."""
    safe = nmath.where(y == 0, 1.0, y)
    return nmath.where(y == 0, 0.0, x / safe)
