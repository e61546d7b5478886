"""Overlap losses for segmentation masks: Dice and Tversky (Keras 3's formulas)."""

from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.losses.loss import Loss, LossFunctionWrapper
from nnext.keras.losses.losses import _prepare


def dice(y_true, y_pred, axis=None):
    """`1 - 2 * sum(t * p) / (sum(t) + sum(p) + epsilon)`, summed over `axis` (all axes
    when None, giving one value for the whole batch)."""
    y_true, y_pred = _prepare(y_true, y_pred)
    intersection = nmath.reduce_sum(y_true * y_pred, axis=axis)
    total = nmath.reduce_sum(y_true, axis=axis) + nmath.reduce_sum(y_pred, axis=axis)
    return 1.0 - 2.0 * intersection / (total + backend.epsilon())


def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    """`1 - tp / (tp + alpha * fp + beta * fn + epsilon)` with `tp = sum(t * p)`,
    `fp = sum(t * (1 - p))` and `fn = sum((1 - t) * p)` over `axis` (Keras's naming);
    alpha = beta = 0.5 is the Dice loss."""
    y_true, y_pred = _prepare(y_true, y_pred)
    intersection = nmath.reduce_sum(y_true * y_pred, axis=axis)
    fp = nmath.reduce_sum((1.0 - y_pred) * y_true, axis=axis)
    fn = nmath.reduce_sum(y_pred * (1.0 - y_true), axis=axis)
    return 1.0 - intersection / (intersection + fp * alpha + fn * beta + backend.epsilon())


class Dice(LossFunctionWrapper):
    """The Dice loss `1 - 2|A ∩ B| / (|A| + |B|)` between masks.

    Args:
        axis: the axes summed over (None: all, one value per batch).

    Example:
        >>> losses.Dice(axis=(1, 2))(masks, predicted_masks)
    """

    def __init__(self, reduction="sum_over_batch_size", name="dice", axis=None, dtype=None):
        super().__init__(dice, reduction=reduction, name=name, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self):
        return {**Loss.get_config(self), "axis": self.axis}


class Tversky(LossFunctionWrapper):
    """The Tversky loss, a Dice loss that weights false positives by `alpha` and false
    negatives by `beta`.

    Args:
        alpha: the weight of false positives (0.5).
        beta: the weight of false negatives (0.5).
        axis: the axes summed over (None: all).
    """

    def __init__(
        self,
        alpha=0.5,
        beta=0.5,
        reduction="sum_over_batch_size",
        name="tversky",
        axis=None,
        dtype=None,
    ):
        super().__init__(
            tversky, reduction=reduction, name=name, dtype=dtype, alpha=alpha, beta=beta, axis=axis
        )
        self.alpha, self.beta, self.axis = alpha, beta, axis

    def get_config(self):
        return {**Loss.get_config(self), "alpha": self.alpha, "beta": self.beta, "axis": self.axis}
