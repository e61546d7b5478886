"""Argument handling shared by the convolution, pooling and reshaping layers: Keras's
tuple and padding rules, its output-size formulas, and the mapping of a Keras call onto
`nnext.convolution`."""

from nnext import _core
from nnext import convolution as nconv
from nnext.keras import config

_TF_FORMAT = {
    ("channels_last", 1): "NWC",
    ("channels_last", 2): "NHWC",
    ("channels_last", 3): "NDHWC",
    ("channels_first", 1): "NCW",
    ("channels_first", 2): "NCHW",
    ("channels_first", 3): "NCDHW",
}


def standardize_tuple(value, n, name, allow_zero=False):
    """An int or an iterable of `n` ints as a tuple of `n` ints, as Keras checks it."""
    error = f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value}"
    if isinstance(value, int) and not isinstance(value, bool):
        values = (value,) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            raise ValueError(error) from None
        if len(values) != n or not all(isinstance(v, int) for v in values):
            raise ValueError(error)
    smallest = 0 if allow_zero else 1
    if any(v < smallest for v in values):
        raise ValueError(
            f"{error}, including values {[v for v in values if v < smallest]} that do not "
            f"satisfy `value {'>=' if allow_zero else '>'} 0`"
        )
    return values


def standardize_padding(value, allow_causal=False):
    """'valid', 'same' (and 'causal' for 1-D convolutions), lower-cased."""
    padding = str(value).lower()
    allowed = {"valid", "same", "causal"} if allow_causal else {"valid", "same"}
    if padding not in allowed:
        raise ValueError(
            f"The `padding` argument must be a list/tuple or one of {sorted(allowed)}. "
            f"Received: {value}"
        )
    return padding


def standardize_data_format(value):
    return config.standardize_data_format(value)


def tf_format(data_format, rank):
    return _TF_FORMAT[data_format, rank]


def spatial_axes(data_format, rank):
    return list(range(2, rank + 2)) if data_format == "channels_first" else list(range(1, rank + 1))


def channel_axis(data_format):
    return 1 if data_format == "channels_first" else -1


def conv_output_size(size, kernel, stride, padding, dilation):
    """Keras's output length of one spatial axis (None stays None)."""
    if size is None:
        return None
    if padding == "valid":
        return (size - dilation * (kernel - 1) - 1) // stride + 1
    return (size - 1) // stride + 1


def conv_output_shape(layer, input_shape, kernel_size, filters, strides, padding, dilation):
    """The output shape of a convolution layer; ValueError as Keras's when a size would be
    zero or negative."""
    input_shape = tuple(input_shape)
    axes = spatial_axes(layer.data_format, layer.rank)
    sizes = [
        conv_output_size(input_shape[a], k, s, padding, d)
        for a, k, s, d in zip(axes, kernel_size, strides, dilation)
    ]
    if any(s is not None and s <= 0 for s in sizes):
        channels = input_shape[channel_axis(layer.data_format)]
        raise ValueError(
            "Computed output size would be zero or negative. Received `inputs shape="
            f"{input_shape}`, `kernel shape={tuple(kernel_size) + (channels, filters)}`, "
            f"`dilation_rate={list(dilation)}`, `strides={list(strides)}`, "
            f"`padding={padding}`."
        )
    if layer.data_format == "channels_first":
        return (input_shape[0], filters, *sizes)
    return (input_shape[0], *sizes, filters)


def check_input(layer, inputs, channels=None):
    """Keras's InputSpec checks: the rank, then the channel count the layer was built for."""
    shape = tuple(inputs.shape)
    if len(shape) != layer.rank + 2:
        raise ValueError(
            f'Input 0 of layer "{layer.name}" is incompatible with the layer: expected '
            f"ndim={layer.rank + 2}, found ndim={len(shape)}. Full shape received: {shape}"
        )
    axis = channel_axis(layer.data_format)
    if channels is not None and shape[axis] != channels:
        raise ValueError(
            f'Input 0 of layer "{layer.name}" is incompatible with the layer: expected axis '
            f"{axis} of input shape to have value {channels}, but received input with shape "
            f"{shape}"
        )


def conv(inputs, kernel, strides, padding, data_format, dilation_rate):
    """Keras's `ops.conv` on nnext: 'causal' pads the start of the one spatial axis."""
    rank = len(strides)
    if padding == "causal":
        left = dilation_rate[0] * (kernel.shape[0] - 1)
        pads = [(0, 0), (0, 0), (left, 0)]
        padding = pads if data_format == "channels_first" else [pads[0], pads[2], pads[1]]
    else:
        padding = padding.upper()
    return nconv.convolution(
        inputs, kernel, list(strides), padding, tf_format(data_format, rank), list(dilation_rate)
    )


def add_bias(outputs, bias, data_format):
    if data_format == "channels_first":
        bias = _core.reshape(bias, (-1,) + (1,) * (len(outputs.shape) - 2))
    return _core.add(outputs, bias)
