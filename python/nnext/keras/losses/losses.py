"""The built-in losses: per-sample functions (Keras 3's formulas) and their `Loss` classes.

Each function returns one value per sample. Probabilities are clipped to
`[1e-7, 1 - 1e-7]` before logs, as Keras does; the `from_logits` cross-entropies call the
fused, numerically stable C++ kernels of `nnext.nn`.
"""

from nnext import _core, creation, dtypes, nn
from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.losses.loss import (
    Loss,
    LossFunctionWrapper,
    reduce_values,
    squeeze_or_expand_to_same_rank,
)


def _prepare(y_true, y_pred):
    y_pred = backend.to_tensor(y_pred, backend.floatx())
    y_true = backend.to_tensor(y_true, y_pred.dtype.name)
    if not y_true.dtype.is_floating:
        y_true = nmath.cast(y_true, y_pred.dtype)
    return y_true, y_pred


def _check_same_shape(fn_name, y_true, y_pred):
    if tuple(y_true.shape) != tuple(y_pred.shape):
        raise ValueError(
            f"{fn_name}: arguments `target` and `output` must have the same shape. "
            f"Received: target.shape={tuple(y_true.shape)}, output.shape={tuple(y_pred.shape)}"
        )


def _aligned(fn_name, y_true, y_pred):
    """Converts, aligns a trailing axis of size 1, and insists on equal shapes: a silent
    broadcast of (N, 3) labels against (N, 1) predictions is a bug, not a loss."""
    y_true, y_pred = squeeze_or_expand_to_same_rank(*_prepare(y_true, y_pred))
    if tuple(y_true.shape) != tuple(y_pred.shape):
        raise ValueError(
            f"{fn_name}: `y_true` and `y_pred` must have the same shape. "
            f"Received: y_true.shape={tuple(y_true.shape)}, y_pred.shape={tuple(y_pred.shape)}"
        )
    return y_true, y_pred


def mean_squared_error(y_true, y_pred):
    """`mean(square(y_true - y_pred), axis=-1)`."""
    y_true, y_pred = _aligned("mean_squared_error", y_true, y_pred)
    return nmath.reduce_mean(nmath.square(y_true - y_pred), axis=-1)


def mean_absolute_error(y_true, y_pred):
    """`mean(abs(y_true - y_pred), axis=-1)`."""
    y_true, y_pred = _aligned("mean_absolute_error", y_true, y_pred)
    return nmath.reduce_mean(nmath.abs(y_true - y_pred), axis=-1)


def huber(y_true, y_pred, delta=1.0):
    """Mean over the last axis of `0.5 * e**2` where `|e| <= delta`, else
    `delta * |e| - 0.5 * delta**2`, with `e = y_pred - y_true`."""
    y_true, y_pred = _aligned("huber", y_true, y_pred)
    error = y_pred - y_true
    abs_error = nmath.abs(error)
    quadratic = 0.5 * nmath.square(error)
    linear = delta * abs_error - 0.5 * delta * delta
    return nmath.reduce_mean(nmath.where(abs_error <= delta, quadratic, linear), axis=-1)


def hinge(y_true, y_pred):
    """`mean(maximum(1 - y_true * y_pred, 0), axis=-1)`; labels in {0, 1} become {-1, 1}."""
    y_true, y_pred = _aligned("hinge", y_true, y_pred)
    is_binary = bool(
        nmath.reduce_all(nmath.logical_or(nmath.equal(y_true, 0.0), nmath.equal(y_true, 1.0)))
    )
    if is_binary:
        y_true = 2.0 * y_true - 1.0
    return nmath.reduce_mean(nmath.maximum(1.0 - y_true * y_pred, 0.0), axis=-1)


def kl_divergence(y_true, y_pred):
    """`sum(y_true * log(y_true / y_pred), axis=-1)`, both clipped to `[1e-7, 1]`."""
    y_true, y_pred = _aligned("kl_divergence", y_true, y_pred)
    eps = backend.epsilon()
    y_true = nmath.clip_by_value(y_true, eps, 1.0)
    y_pred = nmath.clip_by_value(y_pred, eps, 1.0)
    return nmath.reduce_sum(y_true * nmath.log(y_true / y_pred), axis=-1)


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Mean over `axis` of `-(t * log(p) + (1 - t) * log(1 - p))`.

    Probabilities are clipped to `[1e-7, 1 - 1e-7]`; with `from_logits` the fused kernel
    computes `max(x, 0) - x * t + log(1 + exp(-|x|))`. `label_smoothing` moves the labels
    towards 0.5: `t * (1 - s) + 0.5 * s`.
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    _check_same_shape("binary_crossentropy", y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        values = nn.sigmoid_cross_entropy_with_logits(y_true, y_pred)
    else:
        eps = backend.epsilon()
        p = nmath.clip_by_value(y_pred, eps, 1.0 - eps)
        values = -(y_true * nmath.log(p) + (1.0 - y_true) * nmath.log(1.0 - p))
    return nmath.reduce_mean(values, axis=axis)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """`-sum(t * log(p), axis)` for one-hot (or soft) labels `t`.

    Without `from_logits`, `p = clip(y_pred / sum(y_pred), 1e-7, 1 - 1e-7)` as in Keras;
    with it the fused stable log-softmax kernel is used. `label_smoothing` mixes the labels
    with the uniform distribution: `t * (1 - s) + s / num_classes`.
    """
    y_true, y_pred = _prepare(y_true, y_pred)
    _check_same_shape("categorical_crossentropy", y_true, y_pred)
    if y_pred.ndim < 1:
        raise ValueError(
            "categorical_crossentropy: arguments `target` and `output` must be at least "
            f"rank 1. Received: output.shape={tuple(y_pred.shape)}"
        )
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / y_pred.shape[-1]
    if from_logits:
        return nn.softmax_cross_entropy_with_logits(y_true, y_pred, axis=axis)
    eps = backend.epsilon()
    p = y_pred / nmath.reduce_sum(y_pred, axis=axis, keepdims=True)
    log_p = nmath.log(nmath.clip_by_value(p, eps, 1.0 - eps))
    return -nmath.reduce_sum(y_true * log_p, axis=axis)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    """`-log(p[label])` for integer labels; shape `(N,)` or `(N, 1)` against `(N, classes)`.

    With `ignore_class`, samples whose label is that id get the value 0 (the `Loss` class
    also leaves them out of the mean, as Keras's mask does).
    """
    return masked_sparse_categorical_crossentropy(y_true, y_pred, from_logits, ignore_class, axis)[
        0
    ]


def masked_sparse_categorical_crossentropy(
    y_true, y_pred, from_logits=False, ignore_class=None, axis=-1
):
    """`(values, valid)`: the sparse cross-entropy and the bool mask of the samples whose
    label is not `ignore_class` (None without `ignore_class`)."""
    y_pred = backend.to_tensor(y_pred, backend.floatx())
    y_true = backend.to_tensor(y_true)
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = _core.squeeze(y_true, -1)
    if tuple(y_true.shape) != tuple(y_pred.shape[:-1]):
        raise ValueError(
            "sparse_categorical_crossentropy: arguments `target` and `output` must have the "
            "same shape up until the last dimension: "
            f"target.shape={tuple(y_true.shape)}, output.shape={tuple(y_pred.shape)}"
        )
    labels = nmath.cast(y_true, dtypes.int64)
    valid = None
    if ignore_class is not None:
        valid = nmath.not_equal(labels, int(ignore_class))
        labels = nmath.where(valid, labels, 0)
        # Ignored rows become uniform (finite, also in the gradient) before being masked.
        y_pred = nmath.where(_core.expand_dims(valid, -1), y_pred, 1.0)
    if from_logits:
        values = nn.sparse_softmax_cross_entropy_with_logits(labels, y_pred)
    else:
        # One-hot rows by comparing each label with 0..classes-1 (broadcast (N, 1) == (C,)).
        classes = creation.range(y_pred.shape[-1], dtype=dtypes.int64)
        one_hot = nmath.cast(nmath.equal(_core.expand_dims(labels, -1), classes), y_pred.dtype)
        values = categorical_crossentropy(one_hot, y_pred, axis=axis)
    if valid is not None:
        values = nmath.where(valid, values, 0.0)
    return values, valid


class MeanSquaredError(LossFunctionWrapper):
    """Mean of squares of errors: `mean(square(y_true - y_pred))`."""

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, reduction=reduction, name=name, dtype=dtype)


class MeanAbsoluteError(LossFunctionWrapper):
    """Mean of absolute errors: `mean(abs(y_true - y_pred))`."""

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, reduction=reduction, name=name, dtype=dtype)


class Huber(LossFunctionWrapper):
    """Huber loss: quadratic for errors up to `delta`, linear beyond."""

    def __init__(self, delta=1.0, reduction="sum_over_batch_size", name="huber_loss", dtype=None):
        super().__init__(huber, reduction=reduction, name=name, dtype=dtype, delta=delta)


class Hinge(LossFunctionWrapper):
    """Hinge loss `max(1 - y_true * y_pred, 0)` for labels in {-1, 1} (or {0, 1})."""

    def __init__(self, reduction="sum_over_batch_size", name="hinge", dtype=None):
        super().__init__(hinge, reduction=reduction, name=name, dtype=dtype)


class KLDivergence(LossFunctionWrapper):
    """Kullback-Leibler divergence `y_true * log(y_true / y_pred)`."""

    def __init__(self, reduction="sum_over_batch_size", name="kl_divergence", dtype=None):
        super().__init__(kl_divergence, reduction=reduction, name=name, dtype=dtype)


class BinaryCrossentropy(LossFunctionWrapper):
    """Cross-entropy for 0/1 labels against probabilities (or logits with `from_logits`).

    Example:
        >>> losses.BinaryCrossentropy()([[0., 1.]], [[0.4, 0.6]])   # -log(0.6)
    """

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="binary_crossentropy",
        dtype=None,
    ):
        super().__init__(
            binary_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits, self.label_smoothing, self.axis = from_logits, label_smoothing, axis


class CategoricalCrossentropy(LossFunctionWrapper):
    """Cross-entropy for one-hot labels against probabilities (or logits with `from_logits`)."""

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            categorical_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits, self.label_smoothing, self.axis = from_logits, label_smoothing, axis


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Cross-entropy for integer labels against probabilities (or logits with `from_logits`).

    Args:
        from_logits: whether `y_pred` holds logits.
        ignore_class: a label id (e.g. a padding or "void" class) whose samples are left
            out of the loss and of the count it is averaged over.
        axis: the class axis.
    """

    def __init__(
        self,
        from_logits=False,
        ignore_class=None,
        reduction="sum_over_batch_size",
        axis=-1,
        name="sparse_categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            sparse_categorical_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )
        self.from_logits = from_logits
        self.ignore_class = ignore_class

    def __call__(self, y_true, y_pred, sample_weight=None):
        if self.ignore_class is None:
            return super().__call__(y_true, y_pred, sample_weight)
        values, valid = masked_sparse_categorical_crossentropy(
            backend.to_tensor(y_true, self.dtype),
            backend.to_tensor(y_pred, self.dtype),
            **self._fn_kwargs,
        )
        mask = nmath.cast(valid, values.dtype)
        if self.reduction in ("mean", "sum_over_batch_size"):
            # Keras's mask weighting: the mean is taken over the valid samples only.
            kept = nmath.reduce_sum(mask)
            total = float(_count(mask))
            mask = mask * nmath.where(kept == 0, 0.0, total / nmath.where(kept == 0, 1.0, kept))
        if sample_weight is not None:
            weight = backend.to_tensor(sample_weight, self.dtype)
            mask, weight = squeeze_or_expand_to_same_rank(mask, weight)
            mask = weight * mask
        return reduce_values(values, mask, self.reduction)

    def call(self, y_true, y_pred):
        # Integer labels keep their rank here: the function itself matches them to y_pred.
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        return {
            **Loss.get_config(self),
            "from_logits": self.from_logits,
            "ignore_class": self.ignore_class,
        }


def _count(t):
    n = 1
    for d in t.shape:
        n *= d
    return n


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
kld = KLD = kl_divergence
