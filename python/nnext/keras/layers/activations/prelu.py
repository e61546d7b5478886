"""`PReLU`: leaky rectifier whose negative slope is learned."""

from nnext import nn
from nnext.keras import constraints, initializers, regularizers
from nnext.keras.layers.layer import Layer


class PReLU(Layer):
    """Parametric ReLU: `f(x) = x` for `x >= 0`, `alpha * x` otherwise, with `alpha` a
    learned weight of the input's shape without the batch axis (He et al., 2015).

    Args:
        alpha_initializer: initializer of `alpha` (default 'Zeros': starts as ReLU).
        alpha_regularizer: optional penalty on `alpha`.
        alpha_constraint: optional constraint on `alpha`.
        shared_axes: axes (counting the batch axis as 0) along which one slope is shared,
            e.g. `[1, 2]` for one slope per channel of `(batch, height, width, channels)`.

    Example:
        >>> layers.PReLU(alpha_initializer=initializers.Constant(0.1))(
        ...     np.array([[-1.0, 2.0]])).numpy()
        array([[-0.1,  2. ]], dtype=float32)
    """

    def __init__(
        self,
        alpha_initializer="Zeros",
        alpha_regularizer=None,
        alpha_constraint=None,
        shared_axes=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif not isinstance(shared_axes, (list, tuple)):
            self.shared_axes = [shared_axes]
        else:
            self.shared_axes = list(shared_axes)

    def build(self, input_shape):
        param_shape = list(input_shape[1:])
        for axis in self.shared_axes or []:
            param_shape[axis - 1] = 1
        if any(d is None for d in param_shape):
            raise ValueError(
                f"PReLU layer '{self.name}' needs known sizes on every axis that is not "
                f"shared. Received: input_shape={tuple(input_shape)}, "
                f"shared_axes={self.shared_axes}"
            )
        self.alpha = self.add_weight(
            shape=tuple(param_shape),
            name="alpha",
            initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer,
            constraint=self.alpha_constraint,
        )
        self.built = True

    def call(self, inputs):
        return nn.relu(inputs) - self.alpha * nn.relu(-inputs)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "alpha_initializer": initializers.serialize(self.alpha_initializer),
            "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
            "alpha_constraint": constraints.serialize(self.alpha_constraint),
            "shared_axes": self.shared_axes,
        }
