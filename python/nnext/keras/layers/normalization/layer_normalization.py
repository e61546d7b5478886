"""`LayerNormalization`: normalizes each example over its feature axes."""

from nnext import _core
from nnext import math as nmath
from nnext.keras import constraints, initializers, regularizers
from nnext.keras.layers.layer import Layer
from nnext.keras.layers.normalization.statistics import (
    affine_normalize,
    check_axes_in_bounds,
    moments,
)


class LayerNormalization(Layer):
    """Normalizes each example independently over `axis`, then scales and shifts:
    `gamma * (x - mean) / sqrt(var + epsilon) + beta`, the moments taken over `axis`.

    Unlike BatchNormalization the statistics are the example's own, so training and
    inference compute the same thing. `gamma` and `beta` have the shape of the
    normalized axes.

    Args:
        axis: an int or a list of ints, the axes to normalize over (default -1).
        epsilon: added to the variance (default 1e-3).
        center: whether to add the learned offset `beta`.
        scale: whether to multiply by the learned `gamma`.
        beta_initializer, gamma_initializer: initializers ('zeros', 'ones').
        beta_regularizer, gamma_regularizer: optional penalties.
        beta_constraint, gamma_constraint: optional constraints.

    Example:
        >>> layers.LayerNormalization()(np.array([[1.0, 3.0]])).numpy()
        array([[-0.99950..,  0.99950..]], dtype=float32)
    """

    def __init__(
        self,
        axis=-1,
        epsilon=1e-3,
        center=True,
        scale=True,
        beta_initializer="zeros",
        gamma_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        **kwargs,
    ):
        rms_scaling = kwargs.pop("rms_scaling", False)
        if rms_scaling:
            raise ValueError(
                "LayerNormalization: `rms_scaling=True` is deprecated in Keras and not "
                "supported by nnext; use `keras.layers.RMSNormalization` instead."
            )
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise TypeError(
                "Expected an int or a list/tuple of ints for the argument 'axis', but "
                f"received: {axis!r}"
            )
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.rms_scaling = False
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True

    def build(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        rank = len(input_shape)
        # As Keras: after building, `axis` is a sorted list (it is what get_config reports).
        self.axis = sorted(self.axis) if isinstance(self.axis, list) else [self.axis]
        axes = sorted(a % rank for a in self.axis)
        shape = tuple(input_shape[a] for a in axes)
        self.gamma = None
        self.beta = None
        if self.scale:
            self.gamma = self.add_weight(
                name="gamma",
                shape=shape,
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
            )
        if self.center:
            self.beta = self.add_weight(
                name="beta",
                shape=shape,
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
            )
        self._axes = axes
        # gamma/beta broadcast as they are when the axes are the trailing ones.
        trailing = axes == list(range(rank - len(axes), rank))
        self._param_shape = (
            None if trailing else [input_shape[i] if i in axes else 1 for i in range(rank)]
        )
        self.built = True

    def _broadcastable(self, v):
        if v is None or self._param_shape is None:
            return v
        return _core.reshape(v, self._param_shape)

    def call(self, inputs):
        if not inputs.dtype.is_floating:
            inputs = nmath.cast(inputs, self.compute_dtype)
        mean, variance = moments(inputs, self._axes)
        return affine_normalize(
            inputs,
            mean,
            variance,
            self._broadcastable(self.gamma),
            self._broadcastable(self.beta),
            self.epsilon,
        )

    def compute_output_shape(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": self.rms_scaling,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }
