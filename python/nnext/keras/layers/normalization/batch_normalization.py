"""`BatchNormalization`: normalizes with the batch's statistics while training and with
moving averages of them at inference."""

from nnext import _core
from nnext import math as nmath
from nnext.keras import backend, constraints, initializers, regularizers
from nnext.keras.layers.layer import Layer
from nnext.keras.layers.normalization.statistics import (
    affine_normalize,
    check_axes_in_bounds,
    moments,
)


class BatchNormalization(Layer):
    """Normalizes its inputs over every axis but `axis`, then scales and shifts them:
    `gamma * (x - mean) / sqrt(var + epsilon) + beta`.

    While training (`training=True` and the layer trainable) `mean` and `var` are the
    batch's (the biased variance), and the moving statistics are updated as
    `moving = moving * momentum + batch * (1 - momentum)`. Otherwise the moving
    statistics are used. As in Keras 3, `trainable=False` makes the layer run in inference
    mode even inside `fit` (the usual way to fine-tune a frozen model).

    Args:
        axis: the features axis (the one that is not averaged over); default -1.
        momentum: the moving averages' momentum (default 0.99).
        epsilon: added to the variance before the square root (default 1e-3).
        center: whether to add the learned offset `beta`.
        scale: whether to multiply by the learned `gamma`.
        beta_initializer, gamma_initializer: initializers (default 'zeros', 'ones').
        moving_mean_initializer, moving_variance_initializer: initializers ('zeros', 'ones').
        beta_regularizer, gamma_regularizer: optional penalties on beta and gamma.
        beta_constraint, gamma_constraint: optional constraints on beta and gamma.
        synchronized: only False is supported (True needs TensorFlow's distribution).
        renorm: only False is supported by nnext.

    Call arguments:
        inputs: a tensor of any rank.
        training: whether to normalize with the batch's statistics and update the moving
            ones.
        mask: optional boolean tensor of shape `inputs.shape[:-1]`: masked positions do not
            count in the batch statistics.

    Example:
        >>> layer = layers.BatchNormalization()
        >>> layer(np.array([[0.0, 1.0], [2.0, 3.0]]), training=True).numpy()
        array([[-0.99950..., -0.99950...], [ 0.99950...,  0.99950...]], dtype=float32)
    """

    def __init__(
        self,
        axis=-1,
        momentum=0.99,
        epsilon=1e-3,
        center=True,
        scale=True,
        beta_initializer="zeros",
        gamma_initializer="ones",
        moving_mean_initializer="zeros",
        moving_variance_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        renorm=False,
        renorm_clipping=None,
        renorm_momentum=0.99,
        synchronized=False,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.axis = int(axis)
        if synchronized:
            raise ValueError(
                "Argument synchronized=True is only supported with the TensorFlow backend."
            )
        if renorm:
            raise ValueError(
                "BatchNormalization: batch renormalization is not supported by nnext. "
                f"Received: renorm={renorm}"
            )
        self.synchronized = synchronized
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.renorm = renorm
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = renorm_momentum
        self.supports_masking = True
        self.gamma = None
        self.beta = None
        self.moving_mean = None
        self.moving_variance = None

    def build(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        rank = len(input_shape)
        channels = input_shape[self.axis]
        if channels is None:
            raise ValueError(
                f"Axis {self.axis} of the input of layer '{self.name}' must have a known "
                f"size. Received: input_shape={tuple(input_shape)}"
            )
        shape = (channels,)
        # Keras's variable order: gamma, beta, moving_mean, moving_variance.
        if self.scale:
            self.gamma = self.add_weight(
                shape=shape,
                name="gamma",
                autocast=False,
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
            )
        if self.center:
            self.beta = self.add_weight(
                shape=shape,
                name="beta",
                autocast=False,
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
            )
        self.moving_mean = self.add_weight(
            shape=shape,
            name="moving_mean",
            autocast=False,
            initializer=self.moving_mean_initializer,
            trainable=False,
        )
        self.moving_variance = self.add_weight(
            shape=shape,
            name="moving_variance",
            autocast=False,
            initializer=self.moving_variance_initializer,
            trainable=False,
        )
        axis = self.axis % rank
        self._reduction_axes = [i for i in range(rank) if i != axis]
        # Per-channel vectors broadcast against the inputs as they are when the channels
        # are last; otherwise they are viewed as (1, C, 1, ...).
        self._channel_shape = (
            None if axis == rank - 1 else [channels if i == axis else 1 for i in range(rank)]
        )
        self._rank = rank
        self.built = True

    def _per_channel(self, v):
        if v is None or self._channel_shape is None:
            return v
        return _core.reshape(v, self._channel_shape)

    def call(self, inputs, training=None, mask=None):
        if len(inputs.shape) != self._rank:
            raise ValueError(
                f'Input 0 of layer "{self.name}" is incompatible with the layer: expected '
                f"ndim={self._rank}, found ndim={len(inputs.shape)}. Full shape received: "
                f"{tuple(inputs.shape)}"
            )
        if mask is not None and len(mask.shape) != len(inputs.shape) - 1:
            raise ValueError(
                "The mask provided should be one dimension less than the inputs. Received: "
                f"mask.shape={tuple(mask.shape)}, inputs.shape={tuple(inputs.shape)}"
            )
        if not inputs.dtype.is_floating:
            inputs = nmath.cast(inputs, self.compute_dtype)
        # As Keras: float16 inputs are normalised in float32 (their variance overflows
        # easily) and the result returns in the input's dtype.
        input_dtype = inputs.dtype
        if input_dtype.name == "float16":
            inputs = nmath.cast(inputs, "float32")
        outputs = self._normalize(inputs, training, mask)
        return outputs if outputs.dtype == input_dtype else nmath.cast(outputs, input_dtype)

    def _normalize(self, inputs, training, mask):
        if training and self.trainable:
            mean, variance = self._batch_moments(inputs, mask)
            flat_mean = _core.reshape(mean, (-1,))
            flat_variance = _core.reshape(variance, (-1,))
            self.moving_mean.assign(
                self.moving_mean * self.momentum + flat_mean * (1.0 - self.momentum)
            )
            self.moving_variance.assign(
                self.moving_variance * self.momentum + flat_variance * (1.0 - self.momentum)
            )
        else:
            mean = self._per_channel(self.moving_mean)
            variance = self._per_channel(self.moving_variance)
        return affine_normalize(
            inputs,
            mean,
            variance,
            self._per_channel(self.gamma),
            self._per_channel(self.beta),
            self.epsilon,
        )

    def _batch_moments(self, inputs, mask):
        axes = self._reduction_axes
        if mask is None:
            mean, variance = moments(inputs, axes)
        else:
            # Masked positions weigh 0; the fuzz factor keeps an all-masked batch finite.
            weights = nmath.cast(_core.expand_dims(backend.to_tensor(mask), -1), inputs.dtype)
            weights = _core.broadcast_to(weights, tuple(inputs.shape))
            count = nmath.reduce_sum(weights, axis=axes, keepdims=True) + backend.epsilon()
            mean = nmath.reduce_sum(inputs * weights, axis=axes, keepdims=True) / count
            squares = nmath.square((inputs - mean) * weights)
            variance = nmath.reduce_sum(squares, axis=axes, keepdims=True) / count
        if self._channel_shape is None:
            return _core.reshape(mean, (-1,)), _core.reshape(variance, (-1,))
        return mean, variance

    def compute_output_shape(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(self.moving_variance_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
            "synchronized": self.synchronized,
            "renorm": self.renorm,
            "renorm_clipping": self.renorm_clipping,
            "renorm_momentum": self.renorm_momentum,
        }
