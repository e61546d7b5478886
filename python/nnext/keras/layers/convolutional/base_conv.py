"""`BaseConv`: the shared body of Conv1D, Conv2D and Conv3D."""

from nnext import math as nmath
from nnext.keras import activations, constraints, initializers, regularizers
from nnext.keras.layers.convolutional import arguments
from nnext.keras.layers.layer import Layer


class BaseConv(Layer):
    """N-D convolution layer: `activation(conv(inputs, kernel) + bias)`.

    The kernel has shape `kernel_size + (input_channels // groups, filters)` (Keras's
    layout), so weights and `.keras` files interchange with Keras.

    Args:
        rank: the number of spatial axes (1, 2 or 3).
        filters: the number of output channels.
        kernel_size: an int or a tuple of `rank` ints.
        strides: an int or a tuple of `rank` ints (default 1).
        padding: 'valid', 'same' (or 'causal' for rank 1).
        data_format: 'channels_last' or 'channels_first'; None means
            `keras.config.image_data_format()`.
        dilation_rate: an int or a tuple of `rank` ints.
        groups: input and output channels split into this many independent groups.
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint: as in
            `Dense`.
    """

    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        groups=1,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        for ignored in ("lora_rank", "lora_alpha"):
            kwargs.pop(ignored, None)
        super().__init__(**kwargs)
        self.rank = rank
        self.filters = filters
        self.groups = groups
        self.kernel_size = arguments.standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = arguments.standardize_tuple(strides, rank, "strides")
        self.dilation_rate = arguments.standardize_tuple(dilation_rate, rank, "dilation_rate")
        self.padding = arguments.standardize_padding(padding, allow_causal=rank == 1)
        self.data_format = arguments.standardize_data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        if filters is not None and filters <= 0:
            raise ValueError(
                "Invalid value for argument `filters`. Expected a strictly positive value. "
                f"Received filters={filters}."
            )
        if groups <= 0:
            raise ValueError(
                f"The number of groups must be a positive integer. Received: groups={groups}."
            )
        if filters is not None and filters % groups != 0:
            raise ValueError(
                "The number of filters must be evenly divisible by the number of groups. "
                f"Received: groups={groups}, filters={filters}."
            )
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                "`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                f"Received: strides={self.strides} and dilation_rate={self.dilation_rate}"
            )

    def build(self, input_shape):
        channels = input_shape[arguments.channel_axis(self.data_format)]
        if channels is None:
            raise ValueError(
                f"Layer '{self.name}' needs a known channel dimension. "
                f"Received: input_shape={tuple(input_shape)}"
            )
        if channels % self.groups != 0:
            raise ValueError(
                "The number of input channels must be evenly divisible by the number of "
                f"groups. Received groups={self.groups}, but the input has {channels} "
                f"channels (full input shape is {tuple(input_shape)})."
            )
        self.compute_output_shape(input_shape)
        self._input_channels = channels
        self.kernel = self.add_weight(
            name="kernel",
            shape=self.kernel_size + (channels // self.groups, self.filters),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self.filters,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.built = True

    def convolution_op(self, inputs, kernel):
        return arguments.conv(
            inputs, kernel, self.strides, self.padding, self.data_format, self.dilation_rate
        )

    def call(self, inputs):
        if not inputs.dtype.is_floating:
            inputs = nmath.cast(inputs, self.compute_dtype)
        arguments.check_input(self, inputs, self.kernel.shape[-2] * self.groups)
        outputs = self.convolution_op(inputs, self.kernel)
        if self.use_bias:
            outputs = arguments.add_bias(outputs, self.bias, self.data_format)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        return arguments.conv_output_shape(
            self,
            input_shape,
            self.kernel_size,
            self.filters,
            self.strides,
            self.padding,
            self.dilation_rate,
        )

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "groups": self.groups,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }
