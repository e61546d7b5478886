"""Probabilistic and hinge metrics: the means of the cross-entropy, divergence, Poisson and
hinge losses over all samples seen."""

from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.losses import classification_losses, regression_losses
from nnext.keras.losses import losses as base_losses
from nnext.keras.losses.loss import squeeze_or_expand_to_same_rank
from nnext.keras.metrics.reduction_metrics import Mean, MeanMetricWrapper, PlainConfigWrapper


class KLDivergence(PlainConfigWrapper):
    """The mean Kullback-Leibler divergence `sum(y_true * log(y_true / y_pred))`."""

    def __init__(self, name="kl_divergence", dtype=None):
        super().__init__(base_losses.kl_divergence, name=name, dtype=dtype)


class Poisson(PlainConfigWrapper):
    """The mean of `y_pred - y_true * log(y_pred)`."""

    def __init__(self, name="poisson", dtype=None):
        super().__init__(regression_losses.poisson, name=name, dtype=dtype)


class BinaryCrossentropy(MeanMetricWrapper):
    """The mean binary cross-entropy of 0/1 labels and probabilities (or logits).

    Example:
        >>> m = metrics.BinaryCrossentropy()
        >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    """

    _direction = "down"

    def __init__(
        self, name="binary_crossentropy", dtype=None, from_logits=False, label_smoothing=0
    ):
        super().__init__(
            base_losses.binary_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
        )
        self.from_logits, self.label_smoothing = from_logits, label_smoothing

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self.dtype,
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
        }


class CategoricalCrossentropy(MeanMetricWrapper):
    """The mean categorical cross-entropy of one-hot labels and probabilities (or logits)."""

    _direction = "down"

    def __init__(
        self,
        name="categorical_crossentropy",
        dtype=None,
        from_logits=False,
        label_smoothing=0,
        axis=-1,
    ):
        super().__init__(
            base_losses.categorical_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits, self.label_smoothing, self.axis = from_logits, label_smoothing, axis

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self.dtype,
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
            "axis": self.axis,
        }


class SparseCategoricalCrossentropy(MeanMetricWrapper):
    """The mean cross-entropy of integer labels and probabilities (or logits).

    With `ignore_class`, those samples get the value 0; given sample weights, they are also
    left out of the count (Keras 3 applies the mask only to weights).
    """

    _direction = "down"

    def __init__(
        self,
        name="sparse_categorical_crossentropy",
        dtype=None,
        from_logits=False,
        ignore_class=None,
        axis=-1,
    ):
        super().__init__(
            base_losses.sparse_categorical_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )
        self.from_logits, self.ignore_class, self.axis = from_logits, ignore_class, axis

    def update_state(self, y_true, y_pred, sample_weight=None):
        values, valid = base_losses.masked_sparse_categorical_crossentropy(
            y_true, y_pred, **self._fn_kwargs
        )
        if valid is not None and sample_weight is not None:
            weight = backend.to_tensor(sample_weight, self.dtype)
            mask, weight = squeeze_or_expand_to_same_rank(nmath.cast(valid, self.dtype), weight)
            sample_weight = weight * mask
        Mean.update_state(self, values, sample_weight)

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self.dtype,
            "from_logits": self.from_logits,
            "ignore_class": self.ignore_class,
            "axis": self.axis,
        }


class Hinge(PlainConfigWrapper):
    """The mean hinge loss `maximum(1 - y_true * y_pred, 0)`."""

    _direction = "down"

    def __init__(self, name="hinge", dtype=None):
        super().__init__(base_losses.hinge, name=name, dtype=dtype)


class SquaredHinge(PlainConfigWrapper):
    """The mean squared hinge loss `square(maximum(1 - y_true * y_pred, 0))`."""

    _direction = "down"

    def __init__(self, name="squared_hinge", dtype=None):
        super().__init__(classification_losses.squared_hinge, name=name, dtype=dtype)


class CategoricalHinge(PlainConfigWrapper):
    """The mean categorical hinge loss `maximum(neg - pos + 1, 0)`."""

    _direction = "down"

    def __init__(self, name="categorical_hinge", dtype=None):
        super().__init__(classification_losses.categorical_hinge, name=name, dtype=dtype)
