"""Classification losses beyond the plain cross-entropies: squared and categorical hinge,
binary and categorical focal cross-entropy and the generalized cross-entropy, each a
per-sample function (Keras 3's formula) and its `Loss` class."""

import warnings

from nnext import _core, creation, dtypes, nn
from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.losses.loss import Loss, LossFunctionWrapper
from nnext.keras.losses.losses import _prepare


def _hinge_labels(y_true):
    """Labels in {0, 1} become {-1, 1}; other labels are used as they are."""
    is_binary = bool(
        nmath.reduce_all(nmath.logical_or(nmath.equal(y_true, 0.0), nmath.equal(y_true, 1.0)))
    )
    return 2.0 * y_true - 1.0 if is_binary else y_true


def squared_hinge(y_true, y_pred):
    """`mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)`; labels in {0, 1} become
    {-1, 1}."""
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = _hinge_labels(y_true)
    return nmath.reduce_mean(nmath.square(nmath.maximum(1.0 - y_true * y_pred, 0.0)), axis=-1)


def categorical_hinge(y_true, y_pred):
    """`maximum(neg - pos + 1, 0)` with `pos = sum(y_true * y_pred)` and
    `neg = max((1 - y_true) * y_pred)` over the last axis."""
    y_true, y_pred = _prepare(y_true, y_pred)
    pos = nmath.reduce_sum(y_true * y_pred, axis=-1)
    neg = nmath.reduce_max((1.0 - y_true) * y_pred, axis=-1)
    return nmath.maximum(neg - pos + 1.0, 0.0)


def _check_axis(axis):
    if isinstance(axis, bool):
        raise ValueError(  # noqa: TRY004 (Keras raises ValueError here)
            f"`axis` must be of type `int`. Received: axis={axis} of type {type(axis)}"
        )


def _clipped_bce(y_true, y_pred):
    eps = backend.epsilon()
    p = nmath.clip_by_value(y_pred, eps, 1.0 - eps)
    return -(y_true * nmath.log(p) + (1.0 - y_true) * nmath.log(1.0 - p))


def binary_focal_crossentropy(
    y_true,
    y_pred,
    apply_class_balancing=False,
    alpha=0.25,
    gamma=2.0,
    from_logits=False,
    label_smoothing=0.0,
    axis=-1,
):
    """Binary cross-entropy down-weighted on easy examples: the mean over `axis` of
    `(1 - p_t)**gamma * bce`, with `p_t = t * p + (1 - t) * (1 - p)`; with
    `apply_class_balancing`, also times `alpha` for positives and `1 - alpha` for negatives.
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        y_pred = nmath.sigmoid(y_pred)
    bce = _clipped_bce(y_true, y_pred)
    p_t = y_true * y_pred + (1.0 - y_true) * (1.0 - y_pred)
    focal = nmath.pow(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal = (y_true * alpha + (1.0 - y_true) * (1.0 - alpha)) * focal
    return nmath.reduce_mean(focal, axis=axis)


def _warn_one_class(fn_name, y_pred):
    if y_pred.ndim and y_pred.shape[-1] == 1:
        warnings.warn(
            f"In loss {fn_name}, expected y_pred.shape to be (batch_size, num_classes) with "
            f"num_classes > 1. Received: y_pred.shape={tuple(y_pred.shape)}. Consider using "
            "'binary_crossentropy' if you only have 2 classes.",
            SyntaxWarning,
            stacklevel=3,
        )


def categorical_focal_crossentropy(
    y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1
):
    """`sum(alpha * (1 - p)**gamma * -t * log(p), axis)` with `p` the predictions scaled
    to sum to 1 and clipped to `[1e-7, 1 - 1e-7]`."""
    _check_axis(axis)
    y_true, y_pred = _prepare(y_true, y_pred)
    _warn_one_class("categorical_focal_crossentropy", y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / y_true.shape[-1]
    if from_logits:
        y_pred = nn.softmax(y_pred, axis=axis)
    eps = backend.epsilon()
    p = y_pred / nmath.reduce_sum(y_pred, axis=axis, keepdims=True)
    p = nmath.clip_by_value(p, eps, 1.0 - eps)
    cce = -y_true * nmath.log(p)
    return nmath.reduce_sum(alpha * nmath.pow(1.0 - p, gamma) * cce, axis=axis)


def categorical_generalized_cross_entropy(y_true, y_pred, q):
    """`(1 - p**q) / q` with `p` the predicted probability of the integer label: between
    cross-entropy (q -> 0) and mean absolute error (q = 1), robust to noisy labels."""
    y_pred = backend.to_tensor(y_pred, backend.floatx())
    y_true = backend.to_tensor(y_true)
    labels = nmath.cast(y_true, dtypes.int64)
    classes = creation.range(y_pred.shape[-1], dtype=dtypes.int64)
    one_hot = nmath.cast(nmath.equal(_core.expand_dims(labels, -1), classes), y_pred.dtype)
    p = nmath.reduce_sum(y_pred * one_hot, axis=-1)
    return (1.0 - nmath.pow(p, q)) / q


class SquaredHinge(LossFunctionWrapper):
    """`square(maximum(1 - y_true * y_pred, 0))` for labels in {-1, 1} (or {0, 1})."""

    def __init__(self, reduction="sum_over_batch_size", name="squared_hinge", dtype=None):
        super().__init__(squared_hinge, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class CategoricalHinge(LossFunctionWrapper):
    """`maximum(neg - pos + 1, 0)` for one-hot labels (see `categorical_hinge`)."""

    def __init__(self, reduction="sum_over_batch_size", name="categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return Loss.get_config(self)


class BinaryFocalCrossentropy(LossFunctionWrapper):
    """Focal loss for 0/1 labels: cross-entropy times `(1 - p_t)**gamma`, focusing training
    on the examples the model gets wrong (Lin et al., 2017).

    Args:
        apply_class_balancing: weight positives by `alpha`, negatives by `1 - alpha`.
        alpha: the balancing weight (0.25).
        gamma: the focusing exponent (2.0).
        from_logits: whether `y_pred` holds logits.
        label_smoothing: moves the labels towards 0.5.
        axis: the axis the mean is taken over.

    Example:
        >>> losses.BinaryFocalCrossentropy(gamma=2.0)([[0, 1]], [[0.6, 0.4]])
    """

    def __init__(
        self,
        apply_class_balancing=False,
        alpha=0.25,
        gamma=2.0,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="binary_focal_crossentropy",
        dtype=None,
    ):
        super().__init__(
            binary_focal_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            apply_class_balancing=apply_class_balancing,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits, self.label_smoothing, self.axis = from_logits, label_smoothing, axis
        self.apply_class_balancing, self.alpha, self.gamma = apply_class_balancing, alpha, gamma

    def get_config(self):
        return {
            **Loss.get_config(self),
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
            "axis": self.axis,
            "apply_class_balancing": self.apply_class_balancing,
            "alpha": self.alpha,
            "gamma": self.gamma,
        }


class CategoricalFocalCrossentropy(LossFunctionWrapper):
    """Focal loss for one-hot labels: `alpha * (1 - p)**gamma * -t * log(p)` summed over
    classes.

    Args:
        alpha: the weighting factor (0.25).
        gamma: the focusing exponent (2.0).
        from_logits: whether `y_pred` holds logits.
        label_smoothing: mixes the labels with the uniform distribution.
        axis: the class axis.
    """

    def __init__(
        self,
        alpha=0.25,
        gamma=2.0,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="categorical_focal_crossentropy",
        dtype=None,
    ):
        super().__init__(
            categorical_focal_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits, self.label_smoothing, self.axis = from_logits, label_smoothing, axis
        self.alpha, self.gamma = alpha, gamma

    def get_config(self):
        return {
            **Loss.get_config(self),
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
            "axis": self.axis,
            "alpha": self.alpha,
            "gamma": self.gamma,
        }


class CategoricalGeneralizedCrossEntropy(LossFunctionWrapper):
    """Generalized cross-entropy `(1 - p**q) / q` for integer labels (Zhang & Sabuncu, 2018).

    Args:
        q: in (0, 1); small values behave like cross-entropy, 1 like mean absolute error.
    """

    def __init__(
        self,
        q=0.5,
        reduction="sum_over_batch_size",
        name="categorical_generalized_cross_entropy",
        dtype=None,
    ):
        if not 0 < q < 1:
            raise ValueError("q must be in the interval (0, 1)")
        super().__init__(
            categorical_generalized_cross_entropy, reduction=reduction, name=name, dtype=dtype, q=q
        )
        self.q = q

    def call(self, y_true, y_pred):
        # Integer labels of shape (N,) meet (N, classes) predictions: no rank alignment.
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        return {**Loss.get_config(self), "q": self.q}
