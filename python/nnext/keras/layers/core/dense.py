"""`Dense`: `activation(inputs @ kernel + bias)` in one fused C++ call."""

from nnext import math as nmath
from nnext import nn
from nnext.keras import activations, constraints, initializers, regularizers
from nnext.keras.layers.input_spec import InputSpec
from nnext.keras.layers.layer import Layer


class Dense(Layer):
    """Densely connected layer: `output = activation(inputs @ kernel + bias)`.

    The kernel has shape `(input_dim, units)`. For the activations the C++ kernel fuses
    (linear, relu, sigmoid, tanh, softmax) forward and backward are one call each
    (`nn.dense`); any other activation is applied after the fused affine map.
    Inputs of rank > 2 are mapped along their last axis; integer inputs are cast to the
    layer's float dtype.

    Args:
        units: positive integer, the size of the output.
        activation: name or callable; None means linear.
        use_bias: whether to add a bias vector.
        kernel_initializer, bias_initializer: initializers ('glorot_uniform', 'zeros').
        kernel_regularizer, bias_regularizer: optional penalties added to `losses`.

    Example:
        >>> layer = layers.Dense(3, activation="relu")
        >>> layer(np.ones((2, 4))).shape
        (2, 3)
    """

    def __init__(
        self,
        units,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        for ignored in ("activity_regularizer", "lora_rank", "lora_alpha", "quantization_config"):
            kwargs.pop(ignored, None)
        super().__init__(**kwargs)
        self.supports_masking = True
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(
                "Received an invalid value for `units`, expected a positive integer. "
                f"Received: units={units}"
            )
        self.units = units
        self.activation = activations.get(activation)
        name = activations.activations.canonical_name(self.activation)
        self._fused_activation = name if name in activations.activations.FUSED else None
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"Dense layer '{self.name}' needs a known last input dimension. "
                f"Received: input_shape={tuple(input_shape)}"
            )
        self.kernel = self.add_weight(
            name="kernel",
            shape=(input_dim, self.units),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self.units,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})
        self.built = True

    def call(self, inputs):
        if not inputs.dtype.is_floating:
            inputs = nmath.cast(inputs, self.compute_dtype)
        if inputs.shape[-1] != self.kernel.shape[0]:
            raise ValueError(
                f'Input 0 of layer "{self.name}" is incompatible with the layer: expected '
                f"axis -1 of input shape to have value {self.kernel.shape[0]}, but received "
                f"input with shape {tuple(inputs.shape)}"
            )
        outputs = nn.dense(inputs, self.kernel, self.bias, activation=self._fused_activation)
        if self._fused_activation is None:
            outputs = self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "quantization_config": None,
        }
