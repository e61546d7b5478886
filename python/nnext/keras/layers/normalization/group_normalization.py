"""`GroupNormalization`: normalizes each example over groups of its channels."""

from nnext import _core
from nnext import math as nmath
from nnext.keras import constraints, initializers, regularizers
from nnext.keras.layers.layer import Layer
from nnext.keras.layers.normalization.statistics import (
    affine_normalize,
    check_axes_in_bounds,
    moments,
)


class GroupNormalization(Layer):
    """Splits the channels (`axis`) into `groups` groups and normalizes each example over
    each group and every non-batch axis: `gamma * (x - mean) / sqrt(var + epsilon) + beta`
    (Wu and He, 2018). `groups=1` is layer normalization over all axes but the batch,
    `groups=-1` (one channel per group) is instance normalization.

    Args:
        groups: the number of groups; must divide the number of channels (default 32).
        axis: the channels axis (default -1).
        epsilon: added to the variance (default 1e-3).
        center, scale: whether to add `beta` and multiply by `gamma` (per channel).
        beta_initializer, gamma_initializer: initializers ('zeros', 'ones').
        beta_regularizer, gamma_regularizer: optional penalties.
        beta_constraint, gamma_constraint: optional constraints.

    Example:
        >>> layers.GroupNormalization(groups=2)(np.ones((1, 4, 4))).shape
        (1, 4, 4)
    """

    def __init__(
        self,
        groups=32,
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
        if (
            not isinstance(groups, int)
            or isinstance(groups, bool)
            or (groups <= 0 and groups != -1)
        ):
            raise ValueError(
                "Received an invalid value for argument `groups`, expected a positive "
                "integer (or `-1` for instance normalization). "
                f"Received: groups={groups}"
            )
        super().__init__(**kwargs)
        self.supports_masking = True
        self.groups = groups
        self.axis = axis
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)

    def build(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        channels = input_shape[self.axis]
        if channels is None:
            raise ValueError(
                f"Axis {self.axis} of input tensor should have a defined dimension but the "
                f"layer received an input with shape {tuple(input_shape)}."
            )
        if self.groups == -1:
            self.groups = channels
        if channels < self.groups:
            raise ValueError(
                f"Number of groups ({self.groups}) cannot be more than the number of "
                f"channels ({channels})."
            )
        if channels % self.groups != 0:
            raise ValueError(
                f"Number of groups ({self.groups}) must be a multiple of the number of "
                f"channels ({channels})."
            )
        self.gamma = None
        self.beta = None
        if self.scale:
            self.gamma = self.add_weight(
                shape=(channels,),
                name="gamma",
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
            )
        if self.center:
            self.beta = self.add_weight(
                shape=(channels,),
                name="beta",
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
            )
        rank = len(input_shape)
        axis = self.axis % rank
        # The channels axis C becomes two, (groups, C // groups); the statistics are taken
        # over every axis of the regrouped tensor but the batch and the groups.
        per_group = channels // self.groups
        self._channel_axis = axis
        self._group_param_shape = [1] * rank
        self._group_param_shape[axis] = per_group
        self._group_param_shape.insert(axis, self.groups)
        self._reduction_axes = [i for i in range(1, rank + 1) if i != axis]
        self.built = True

    def call(self, inputs):
        if not inputs.dtype.is_floating:
            inputs = nmath.cast(inputs, self.compute_dtype)
        shape = tuple(inputs.shape)
        grouped_shape = list(shape)
        grouped_shape[self._channel_axis] = shape[self._channel_axis] // self.groups
        grouped_shape.insert(self._channel_axis, self.groups)
        grouped = _core.reshape(inputs, grouped_shape)
        mean, variance = moments(grouped, self._reduction_axes)
        gamma = None if self.gamma is None else _core.reshape(self.gamma, self._group_param_shape)
        beta = None if self.beta is None else _core.reshape(self.beta, self._group_param_shape)
        outputs = affine_normalize(grouped, mean, variance, gamma, beta, self.epsilon)
        return _core.reshape(outputs, shape)

    def compute_output_shape(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "groups": self.groups,
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }
