"""tf.nn's convolutions under other names: the atrous (dilated) convolution and its transpose,
and the two backprops of the depthwise convolution.

TensorFlow keeps these from its older API; each is the convolution it names, so its checks,
kernels and gradients are that convolution's. A backprop is the gradient of the forward
convolution, which is linear in each operand: the tape's gradient at any point of the other
operand's size, seeded with `out_backprop`, is exactly the backprop TensorFlow's kernel
computes.
"""

from nnext import _core
from nnext._tape import GradientTape
from nnext.convolution import conv2d, conv2d_transpose, depthwise_conv2d

__all__ = [
    "atrous_conv2d",
    "atrous_conv2d_transpose",
    "depthwise_conv2d_backprop_filter",
    "depthwise_conv2d_backprop_input",
]


def _rate(rate, op):
    rate = int(rate)
    if rate < 1:
        raise ValueError(f"{op}: rate {rate} cannot be smaller than one")
    return rate


def atrous_conv2d(value, filters, rate, padding, name=None):
    """2-D convolution with holes: ``conv2d`` with strides 1 and dilations ``rate``.

    Args:
        value: (batch, height, width, in_channels), NHWC.
        filters: (height, width, in_channels, out_channels).
        rate: the dilation, a positive int (1 is ``conv2d``).
        padding: 'SAME' or 'VALID'.
        name: ignored (TensorFlow's op name).

    Raises:
        ValueError: a rate below 1, or the shapes ``conv2d`` refuses.

    >>> tf.nn.atrous_conv2d(tf.ones((1, 5, 5, 1)), tf.ones((2, 2, 1, 1)), 2, "VALID").shape
    TensorShape([1, 3, 3, 1])
    """
    del name
    return conv2d(value, filters, 1, padding, dilations=_rate(rate, "atrous_conv2d"))


def atrous_conv2d_transpose(value, filters, output_shape, rate, padding, name=None):
    """The transpose of ``atrous_conv2d``: ``conv2d_transpose`` with strides 1 and
    dilations ``rate``.

    Args:
        value: (batch, height, width, in_channels), NHWC.
        filters: (height, width, output_channels, in_channels), as ``conv2d_transpose``.
        output_shape: the full NHWC shape of the result.
        rate: the dilation, a positive int.
        padding: 'SAME' or 'VALID'.
        name: ignored (TensorFlow's op name).

    >>> x = tf.ones((1, 3, 3, 1))
    >>> tf.nn.atrous_conv2d_transpose(x, tf.ones((2, 2, 1, 1)), (1, 5, 5, 1), 2, "VALID").shape
    TensorShape([1, 5, 5, 1])
    """
    del name
    rate = _rate(rate, "atrous_conv2d_transpose")
    return conv2d_transpose(value, filters, output_shape, 1, padding, dilations=rate)


def _sizes(sizes, op, what):
    values = [int(d) for d in _core.convert_to_tensor(sizes).numpy().reshape(-1).tolist()]
    if len(values) != 4:
        raise ValueError(f"{op}: {what} must have 4 entries, got {values}")
    return values


def _gradient_at_zeros(sizes, dtype, forward, out_backprop, op, what):
    """d(sum(forward(p) * out_backprop)) / dp at p = zeros(sizes): `forward` is linear in p,
    so this is its backprop whatever the point."""
    point = _core.zeros(_sizes(sizes, op, what), dtype)
    with GradientTape() as tape:
        tape.watch(point)
        y = forward(point)
    return tape.gradient(y, point, output_gradients=out_backprop)


def depthwise_conv2d_backprop_input(
    input_sizes,
    filter,
    out_backprop,
    strides,
    padding,
    data_format="NHWC",
    dilations=(1, 1, 1, 1),
    name=None,
):
    """The gradient of ``depthwise_conv2d`` with respect to its input.

    Args:
        input_sizes: the input's shape (4 ints, in ``data_format``).
        filter: (height, width, in_channels, channel_multiplier).
        out_backprop: the gradient of the convolution's output.
        strides, padding, data_format, dilations: those of the forward convolution.
        name: ignored (TensorFlow's op name).

    Returns:
        A tensor of ``input_sizes``, of the filter's dtype.
    """
    del name
    f = _core.convert_to_tensor(filter)
    return _gradient_at_zeros(
        input_sizes,
        f.dtype,
        lambda x: depthwise_conv2d(x, f, strides, padding, data_format, dilations),
        out_backprop,
        "depthwise_conv2d_backprop_input",
        "input_sizes",
    )


def depthwise_conv2d_backprop_filter(
    input,
    filter_sizes,
    out_backprop,
    strides,
    padding,
    data_format="NHWC",
    dilations=(1, 1, 1, 1),
    name=None,
):
    """The gradient of ``depthwise_conv2d`` with respect to its filter.

    Args:
        input: the forward convolution's input.
        filter_sizes: the filter's shape: (height, width, in_channels, channel_multiplier).
        out_backprop: the gradient of the convolution's output.
        strides, padding, data_format, dilations: those of the forward convolution.
        name: ignored (TensorFlow's op name).

    Returns:
        A tensor of ``filter_sizes``, of the input's dtype.
    """
    del name
    x = _core.convert_to_tensor(input)
    return _gradient_at_zeros(
        filter_sizes,
        x.dtype,
        lambda w: depthwise_conv2d(x, w, strides, padding, data_format, dilations),
        out_backprop,
        "depthwise_conv2d_backprop_filter",
        "filter_sizes",
    )
