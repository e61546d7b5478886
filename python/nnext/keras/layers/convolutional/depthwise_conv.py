"""`DepthwiseConv1D/2D` and `SeparableConv1D/2D`: per-channel convolutions, the separable
ones followed by a 1x1 convolution that mixes the channels."""

from nnext import _core
from nnext import math as nmath
from nnext.keras import activations, constraints, initializers, regularizers
from nnext.keras.layers.convolutional import arguments
from nnext.keras.layers.layer import Layer


class BaseDepthwiseConv(Layer):
    """Depthwise N-D convolution: each input channel convolved with its own
    `depth_multiplier` filters, output channel `c * depth_multiplier + m`.

    The kernel ('kernel' for depthwise layers, 'depthwise_kernel' for separable ones) has
    shape `kernel_size + (input_channels, depth_multiplier)`, as in Keras. With `filters`
    set (the separable layers) a 'pointwise_kernel' of shape `(1,) * rank +
    (input_channels * depth_multiplier, filters)` follows.
    """

    def __init__(
        self,
        rank,
        depth_multiplier,
        kernel_size,
        filters=None,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        activation=None,
        use_bias=True,
        depthwise_initializer="glorot_uniform",
        pointwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        pointwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        pointwise_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.rank = rank
        self.depth_multiplier = depth_multiplier
        self.filters = filters
        self.kernel_size = arguments.standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = arguments.standardize_tuple(strides, rank, "strides")
        self.dilation_rate = arguments.standardize_tuple(dilation_rate, rank, "dilation_rate")
        self.padding = arguments.standardize_padding(padding, allow_causal=rank == 1)
        self.data_format = arguments.standardize_data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.pointwise_constraint = constraints.get(pointwise_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        if depth_multiplier is not None and depth_multiplier <= 0:
            raise ValueError(
                "Invalid value for argument `depth_multiplier`. Expected a strictly positive "
                f"value. Received depth_multiplier={depth_multiplier}."
            )
        if filters is not None and filters <= 0:
            raise ValueError(
                "Invalid value for argument `filters`. Expected a strictly positive value. "
                f"Received filters={filters}."
            )
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                "`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                f"Received: strides={self.strides} and dilation_rate={self.dilation_rate}"
            )

    @property
    def _separable(self):
        return self.filters is not None

    def build(self, input_shape):
        channels = input_shape[arguments.channel_axis(self.data_format)]
        if channels is None:
            raise ValueError(
                f"Layer '{self.name}' needs a known channel dimension. "
                f"Received: input_shape={tuple(input_shape)}"
            )
        self.compute_output_shape(input_shape)
        depthwise = self.add_weight(
            name="depthwise_kernel" if self._separable else "kernel",
            shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
        )
        if self._separable:
            self.depthwise_kernel = depthwise
            self.pointwise_kernel = self.add_weight(
                name="pointwise_kernel",
                shape=(1,) * self.rank + (channels * self.depth_multiplier, self.filters),
                initializer=self.pointwise_initializer,
                regularizer=self.pointwise_regularizer,
                constraint=self.pointwise_constraint,
            )
        else:
            self.kernel = depthwise
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self._out_channels(channels),),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.built = True

    def _out_channels(self, channels):
        return self.filters if self._separable else channels * self.depth_multiplier

    def call(self, inputs):
        if not inputs.dtype.is_floating:
            inputs = nmath.cast(inputs, self.compute_dtype)
        kernel = self.depthwise_kernel if self._separable else self.kernel
        channels = kernel.shape[-2]
        arguments.check_input(self, inputs, channels)
        # One group per input channel: (kernel..., 1, channels * depth_multiplier).
        grouped = _core.reshape(kernel, self.kernel_size + (1, channels * self.depth_multiplier))
        outputs = arguments.conv(
            inputs, grouped, self.strides, self.padding, self.data_format, self.dilation_rate
        )
        if self._separable:
            ones = (1,) * self.rank
            outputs = arguments.conv(
                outputs, self.pointwise_kernel, ones, "valid", self.data_format, ones
            )
        if self.use_bias:
            outputs = arguments.add_bias(outputs, self.bias, self.data_format)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        channels = input_shape[arguments.channel_axis(self.data_format)]
        return arguments.conv_output_shape(
            self,
            input_shape,
            self.kernel_size,
            self._out_channels(channels),
            self.strides,
            self.padding,
            self.dilation_rate,
        )

    def get_config(self):
        config = {
            **super().get_config(),
            "depth_multiplier": self.depth_multiplier,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "depthwise_regularizer": regularizers.serialize(self.depthwise_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "depthwise_constraint": constraints.serialize(self.depthwise_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }
        if self._separable:
            config.update(
                filters=self.filters,
                pointwise_initializer=initializers.serialize(self.pointwise_initializer),
                pointwise_regularizer=regularizers.serialize(self.pointwise_regularizer),
                pointwise_constraint=constraints.serialize(self.pointwise_constraint),
            )
        return config


class DepthwiseConv1D(BaseDepthwiseConv):
    """1-D depthwise convolution; see `BaseDepthwiseConv`.

    >>> layers.DepthwiseConv1D(3, depth_multiplier=2)(np.ones((2, 8, 3))).shape
    (2, 6, 6)
    """

    def __init__(
        self,
        kernel_size,
        strides=1,
        padding="valid",
        depth_multiplier=1,
        data_format=None,
        dilation_rate=1,
        **kwargs,
    ):
        super().__init__(
            1,
            depth_multiplier,
            kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            **kwargs,
        )


class DepthwiseConv2D(BaseDepthwiseConv):
    """2-D depthwise convolution; see `BaseDepthwiseConv`.

    >>> layers.DepthwiseConv2D(3, depth_multiplier=2)(np.ones((2, 8, 8, 3))).shape
    (2, 6, 6, 6)
    """

    def __init__(
        self,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        depth_multiplier=1,
        data_format=None,
        dilation_rate=(1, 1),
        **kwargs,
    ):
        super().__init__(
            2,
            depth_multiplier,
            kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            **kwargs,
        )


class SeparableConv1D(BaseDepthwiseConv):
    """1-D depthwise convolution then a pointwise one to `filters` channels.

    >>> layers.SeparableConv1D(4, 3)(np.ones((2, 8, 3))).shape
    (2, 6, 4)
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        depth_multiplier=1,
        **kwargs,
    ):
        super().__init__(
            1,
            depth_multiplier,
            kernel_size,
            filters=filters,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            **kwargs,
        )


class SeparableConv2D(BaseDepthwiseConv):
    """2-D depthwise convolution then a pointwise one to `filters` channels.

    >>> layers.SeparableConv2D(4, 3)(np.ones((2, 8, 8, 3))).shape
    (2, 6, 6, 4)
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        data_format=None,
        dilation_rate=(1, 1),
        depth_multiplier=1,
        **kwargs,
    ):
        super().__init__(
            2,
            depth_multiplier,
            kernel_size,
            filters=filters,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            **kwargs,
        )
