"""`Conv1DTranspose`, `Conv2DTranspose`, `Conv3DTranspose`: the gradient of a convolution
with respect to its input, used to upsample ("deconvolution")."""

from nnext import _core
from nnext.keras.layers.convolutional import arguments
from nnext.keras.layers.convolutional.base_conv import BaseConv
from nnext.keras.ops.nn_conv import transpose_axis


class BaseConvTranspose(BaseConv):
    """Transposed N-D convolution: `activation(conv_transpose(inputs, kernel) + bias)`.

    The kernel has shape `kernel_size + (filters, input_channels)`, as in Keras. The output
    length of each axis is `input * strides` for 'same' and `(input - 1) * strides +
    max(kernel, strides)` for 'valid', plus `output_padding` when it is given.
    """

    def __init__(self, rank, filters, kernel_size, output_padding=None, **kwargs):
        super().__init__(rank, filters, kernel_size, **kwargs)
        self.output_padding = None
        if output_padding is not None:
            self.output_padding = arguments.standardize_tuple(
                output_padding, rank, "output_padding", allow_zero=True
            )
            for p, s in zip(self.output_padding, self.strides):
                if p >= s:
                    raise ValueError(
                        "Strides must be greater than output padding. Received strides="
                        f"{self.strides}, output_padding={self.output_padding}."
                    )

    def build(self, input_shape):
        channels = input_shape[arguments.channel_axis(self.data_format)]
        if channels is None:
            raise ValueError(
                f"Layer '{self.name}' needs a known channel dimension. "
                f"Received: input_shape={tuple(input_shape)}"
            )
        self.kernel = self.add_weight(
            name="kernel",
            shape=self.kernel_size + (self.filters, channels),
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

    def _plan(self, input_shape):
        axes = arguments.spatial_axes(self.data_format, self.rank)
        padding = self.output_padding or (None,) * self.rank
        return [
            transpose_axis(input_shape[a], k, s, self.padding, p, d)
            for a, k, s, p, d in zip(
                axes, self.kernel_size, self.strides, padding, self.dilation_rate
            )
        ]

    def call(self, inputs):
        arguments.check_input(self, inputs, self.kernel.shape[-1])
        plan = self._plan(tuple(inputs.shape))
        first = self.data_format == "channels_first"
        x = _core.transpose(inputs, [0, *range(2, self.rank + 2), 1]) if first else inputs
        sizes = [x.shape[0], *(out for out, _ in plan), self.filters]
        outputs = _core.conv_backprop_input(
            sizes,
            self.kernel,
            x,
            list(self.strides),
            [pads for _, pads in plan],
            list(self.dilation_rate),
            f"conv{self.rank}d_transpose",
        )
        if first:
            outputs = _core.transpose(outputs, [0, self.rank + 1, *range(1, self.rank + 1)])
        if self.use_bias:
            outputs = arguments.add_bias(outputs, self.bias, self.data_format)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        sizes = [out for out, _ in self._plan(tuple(input_shape))]
        if self.data_format == "channels_first":
            return (input_shape[0], self.filters, *sizes)
        return (input_shape[0], *sizes, self.filters)

    def get_config(self):
        config = super().get_config()
        config.pop("groups")
        config["output_padding"] = self.output_padding
        return config


def _conv_transpose_layer(rank, name):
    class ConvTranspose(BaseConvTranspose):
        def __init__(
            self,
            filters,
            kernel_size,
            strides=1,
            padding="valid",
            output_padding=None,
            data_format=None,
            dilation_rate=1,
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
            super().__init__(
                rank,
                filters,
                kernel_size,
                output_padding=output_padding,
                strides=strides,
                padding=padding,
                data_format=data_format,
                dilation_rate=dilation_rate,
                activation=activation,
                use_bias=use_bias,
                kernel_initializer=kernel_initializer,
                bias_initializer=bias_initializer,
                kernel_regularizer=kernel_regularizer,
                bias_regularizer=bias_regularizer,
                activity_regularizer=activity_regularizer,
                kernel_constraint=kernel_constraint,
                bias_constraint=bias_constraint,
                **kwargs,
            )

    ConvTranspose.__name__ = ConvTranspose.__qualname__ = name
    ConvTranspose.__doc__ = (
        f"Transposed {rank}-D convolution layer; see `BaseConvTranspose` and `BaseConv`.\n\n"
        "Example:\n"
        f"    >>> layers.{name}(4, 3, strides=2)(np.ones((2, {', '.join(['5'] * rank)}, 3)))"
        ".shape\n"
        f"    ({', '.join(['2'] + ['11'] * rank + ['4'])})\n"
    )
    return ConvTranspose


Conv1DTranspose = _conv_transpose_layer(1, "Conv1DTranspose")
Conv2DTranspose = _conv_transpose_layer(2, "Conv2DTranspose")
Conv3DTranspose = _conv_transpose_layer(3, "Conv3DTranspose")
