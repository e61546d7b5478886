"""`Loss`: the base class, its reductions, and the wrapper that turns a per-sample function
into a loss object.

A loss function maps `(y_true, y_pred)` to one value per sample (the mean or sum over the
last axis); the `Loss` object then weights those values by `sample_weight` and reduces them
to a scalar, by default 'sum_over_batch_size': the sum divided by the number of values.
"""

from nnext import _core
from nnext import math as nmath
from nnext.keras import backend, tensor_masks
from nnext.keras.utils.naming import auto_name

REDUCTIONS = ("sum_over_batch_size", "sum", None, "none", "mean", "mean_with_sample_weight")


def standardize_reduction(reduction):
    """Returns `reduction` if Keras accepts it, else raises Keras's ValueError."""
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"Invalid value for argument `reduction`. Expected one of {set(REDUCTIONS)}. "
            f"Received: reduction={reduction}"
        )
    return reduction


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Aligns ranks that differ by exactly one trailing axis of size 1, as Keras does."""
    r1, r2 = x1.ndim, x2.ndim
    if r1 == r2 + 1 and x1.shape[-1] == 1:
        if r2 == 1 and expand_rank_1:
            x2 = _core.expand_dims(x2, -1)
        else:
            x1 = _core.squeeze(x1, -1)
    elif r2 == r1 + 1 and x2.shape[-1] == 1:
        if r1 == 1 and expand_rank_1:
            x1 = _core.expand_dims(x1, -1)
        else:
            x2 = _core.squeeze(x2, -1)
    return x1, x2


def _count(t):
    n = 1
    for d in t.shape:
        n *= d
    return n


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Applies `sample_weight` and reduces per-sample losses to a scalar.

    'sum_over_batch_size' (and 'mean') divide the weighted sum by the number of values,
    'mean_with_sample_weight' by the sum of the weights, 'sum' returns the sum, and
    None/'none' return the weighted values unreduced. A zero divisor gives 0 (Keras's
    `divide_no_nan`).
    """
    standardize_reduction(reduction)
    if sample_weight is not None:
        sample_weight = backend.to_tensor(sample_weight, backend.standardize_dtype(values.dtype))
        if not sample_weight.dtype.is_floating:
            sample_weight = nmath.cast(sample_weight, values.dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        values = values * sample_weight
    if reduction is None or reduction == "none" or values.ndim == 0:
        return values
    if tuple(values.shape) == (0,):
        return values
    total = nmath.reduce_sum(values)
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        divisor = nmath.reduce_sum(nmath.cast(sample_weight, total.dtype))
        return nmath.where(divisor == 0, 0.0, total / nmath.where(divisor == 0, 1.0, divisor))
    count = _count(values)
    return total / count if count else total * 0.0


def apply_mask(sample_weight, mask, dtype, reduction):
    """Keras 3's merge of a prediction mask into the sample weights: under a mean, kept
    entries weigh `total / valid` so that the mean runs over the kept entries alone."""
    mask = backend.to_tensor(mask)
    if reduction in ("mean", "sum_over_batch_size"):
        total = float(_count(mask))
        valid = nmath.reduce_sum(nmath.cast(mask, dtype))
        weight = nmath.where(valid == 0, 0.0, total / nmath.where(valid == 0, 1.0, valid))
        float_mask = nmath.where(nmath.cast(mask, "bool"), weight, 0.0)
    else:
        float_mask = nmath.cast(mask, dtype)
    if sample_weight is None:
        return float_mask
    sample_weight = nmath.cast(backend.to_tensor(sample_weight), dtype)
    float_mask, sample_weight = squeeze_or_expand_to_same_rank(float_mask, sample_weight)
    return sample_weight * float_mask


class Loss:
    """Base class: `loss(y_true, y_pred, sample_weight=None)` returns a scalar.

    Subclasses implement `call(y_true, y_pred)` returning per-sample values.

    Args:
        name: the loss's name.
        reduction: 'sum_over_batch_size' (default), 'sum', 'mean',
            'mean_with_sample_weight', 'none' or None.
        dtype: the dtype computed in (`keras.config.floatx()` when None).

    Example:
        >>> class MeanSquaredError(losses.Loss):
        ...     def call(self, y_true, y_pred):
        ...         return ops.mean(ops.square(y_pred - y_true), axis=-1)
    """

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or auto_name(type(self).__name__)
        self.reduction = standardize_reduction(reduction)
        self._dtype = backend.standardize_dtype(dtype) or backend.floatx()

    @property
    def dtype(self):
        return self._dtype

    def __call__(self, y_true, y_pred, sample_weight=None):
        in_mask = tensor_masks.get_keras_mask(y_pred)
        y_pred = backend.to_tensor(y_pred, self.dtype)
        y_true = backend.to_tensor(y_true, self.dtype)
        values = self.call(y_true, y_pred)
        # Keras 3: the masks of y_pred and of the per-sample losses weight the samples.
        out_mask = tensor_masks.get_keras_mask(values)
        if in_mask is not None and out_mask is not None:
            mask = nmath.logical_and(in_mask, out_mask)
        else:
            mask = in_mask if in_mask is not None else out_mask
        if mask is not None:
            sample_weight = apply_mask(sample_weight, mask, values.dtype, self.reduction)
        return reduce_values(values, sample_weight, self.reduction)

    def call(self, y_true, y_pred):
        raise NotImplementedError(f"{type(self).__name__} must implement call()")

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def _obj_type(self):
        return "Loss"


class LossFunctionWrapper(Loss):
    """Wraps a per-sample function `fn(y_true, y_pred, **kwargs)` as a `Loss`."""

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name or fn.__name__, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        return {**Loss.get_config(self), **self._fn_kwargs}

    def __repr__(self):
        return f"<LossFunctionWrapper({self.fn.__name__}, kwargs={self._fn_kwargs})>"
