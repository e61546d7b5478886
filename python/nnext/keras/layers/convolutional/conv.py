"""`Conv1D`, `Conv2D`, `Conv3D`: convolutions over 1, 2 or 3 spatial axes."""

from nnext.keras.layers.convolutional.base_conv import BaseConv


def _conv_layer(rank, name, example):
    class Conv(BaseConv):
        def __init__(
            self,
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
            super().__init__(
                rank,
                filters,
                kernel_size,
                strides=strides,
                padding=padding,
                data_format=data_format,
                dilation_rate=dilation_rate,
                groups=groups,
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

    Conv.__name__ = Conv.__qualname__ = name
    Conv.__doc__ = (
        f"{rank}-D convolution layer; see `BaseConv` for the arguments.\n\n"
        f"Input `(batch, {example}, channels)` (channels_last) gives\n"
        f"`(batch, new {example}, filters)`.\n\n"
        "Example:\n"
        f"    >>> layers.{name}(4, 3)(np.ones((2, {', '.join(['8'] * rank)}, 3))).shape\n"
        f"    ({', '.join(['2'] + ['6'] * rank + ['4'])})\n"
    )
    return Conv


Conv1D = _conv_layer(1, "Conv1D", "steps")
Conv2D = _conv_layer(2, "Conv2D", "rows, cols")
Conv3D = _conv_layer(3, "Conv3D", "depth, rows, cols")
