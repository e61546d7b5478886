"""Convolution and pooling of `keras.ops.nn`: `conv`, `conv_transpose`, `depthwise_conv`,
`separable_conv`, `max_pool` and `average_pool`, in Keras's spelling (`strides` and
`dilation_rate` as an int or one int per spatial axis, lower-case 'valid'/'same',
`data_format` 'channels_last'/'channels_first').

They map onto `nnext.convolution` (TensorFlow's `tf.nn` face of the C++ convolution and
pooling kernels), so they are differentiable in the inputs and the kernels. The rank (1-D to
3-D) comes from the input. 'same' pads as TensorFlow and JAX do (the odd pixel at the end);
the transposed convolution pads as Keras's JAX backend (`transpose_axis`).
"""

from nnext import _core
from nnext import convolution as nconv
from nnext.keras import config
from nnext.keras.keras_tensor import KerasTensor, symbolic_with_spec
from nnext.keras.ops._base import dtype_of, float_operands, result_type, to_float

__all__ = [
    "average_pool",
    "conv",
    "conv_transpose",
    "depthwise_conv",
    "max_pool",
    "separable_conv",
    "transpose_axis",
]

_TF_FORMAT = {
    ("channels_last", 1): "NWC",
    ("channels_last", 2): "NHWC",
    ("channels_last", 3): "NDHWC",
    ("channels_first", 1): "NCW",
    ("channels_first", 2): "NCHW",
    ("channels_first", 3): "NCDHW",
}


def _rank(inputs, op):
    rank = inputs.ndim - 2
    if rank not in (1, 2, 3):
        raise ValueError(
            f"{op}: `inputs` must have rank 3, 4 or 5 (batch, spatial..., channels). "
            f"Received: inputs.shape={tuple(inputs.shape)}"
        )
    return rank


def _per_axis(value, rank, name, op):
    """An int or `rank` ints as a list of `rank` ints (Keras's spatial operand)."""
    values = [value] * rank if isinstance(value, int) else list(value)
    if len(values) == 1:
        values = values * rank
    if len(values) != rank or not all(isinstance(v, int) and v > 0 for v in values):
        raise ValueError(
            f"{op}: `{name}` must be a positive int or a tuple of {rank} positive ints. "
            f"Received: {name}={value}"
        )
    return values


def _padding(padding):
    padding = str(padding).lower()
    if padding not in ("valid", "same"):
        raise ValueError(f"Invalid padding '{padding}', must be 'same' or 'valid'.")
    return padding


def _channels(inputs, data_format):
    return inputs.shape[-1] if data_format == "channels_last" else inputs.shape[1]


def _spatial_sizes(inputs, data_format):
    return list(inputs.shape[1:-1] if data_format == "channels_last" else inputs.shape[2:])


def _check_output(inputs, kernel_size, strides, padding, dilation, data_format):
    """Keras's error when a 'valid' window does not fit the input (before any kernel runs)."""
    if padding != "valid":
        return
    for size, k, d in zip(_spatial_sizes(inputs, data_format), kernel_size, dilation):
        if size < (k - 1) * d + 1:
            raise ValueError(
                "The convolution operation resulted in an empty output. This can happen if "
                "the input is too small for the given kernel size, strides, dilation rate, "
                f"and padding mode. Received: inputs.shape={tuple(inputs.shape)}, "
                f"kernel_size={tuple(kernel_size)}, strides={tuple(strides)}, "
                f"dilation_rate={tuple(dilation)}, padding={padding}"
            )


def _prepare(inputs, kernel, strides, padding, data_format, dilation_rate, op):
    data_format = config.standardize_data_format(data_format)
    inputs, kernel = float_operands(inputs, kernel)
    rank = _rank(inputs, op)
    if kernel.ndim != rank + 2:
        raise ValueError(
            f"{op}: `kernel` must have rank {rank + 2} for inputs of rank {inputs.ndim}. "
            f"Received: inputs.shape={tuple(inputs.shape)}, kernel.shape={tuple(kernel.shape)}"
        )
    strides = _per_axis(strides, rank, "strides", op)
    dilation = _per_axis(dilation_rate, rank, "dilation_rate", op)
    padding = _padding(padding)
    _check_output(inputs, kernel.shape[:-2], strides, padding, dilation, data_format)
    return inputs, kernel, rank, strides, padding, data_format, dilation


def _convolve(inputs, kernel, rank, strides, padding, data_format, dilation):
    return nconv.convolution(
        inputs, kernel, strides, padding.upper(), _TF_FORMAT[data_format, rank], dilation
    )


def _conv_config(given):
    """Keras's Conv/DepthwiseConv/SeparableConv config: every argument, standardized."""
    return {
        "strides": given.get("strides", 1),
        "padding": str(given.get("padding", "valid")).lower(),
        "data_format": config.standardize_data_format(given.get("data_format")),
        "dilation_rate": given.get("dilation_rate", 1),
    }


def _transpose_config(given):
    return {**_conv_config(given), "output_padding": given.get("output_padding")}


def _pool_config(given):
    return {
        "pool_size": given["pool_size"],
        "strides": given.get("strides"),
        "padding": str(given.get("padding", "valid")).lower(),
        "data_format": config.standardize_data_format(given.get("data_format")),
    }


def _window_size(size, kernel, stride, padding, dilation=1):
    """Keras's output length of one axis under a window (None stays None)."""
    if size is None:
        return None
    if padding == "valid":
        return (size - (kernel - 1) * dilation - 1) // stride + 1
    return -(-size // stride)


def _spec(inputs, spatial, channels, data_format, *operands):
    """The KerasTensor of a window op: `spatial` sizes and `channels`, in `data_format`."""
    data_format = config.standardize_data_format(data_format)
    dtype = result_type(*(dtype_of(x) for x in (inputs, *operands)))
    dtype = dtype if dtype in ("float32", "float64") else config.floatx()
    shape = [inputs.shape[0], *spatial, channels]
    if data_format == "channels_first":
        shape = [shape[0], shape[-1], *shape[1:-1]]
    return KerasTensor(shape, dtype)


def _conv_spec(
    inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1, out=None
):
    data_format = config.standardize_data_format(data_format)
    rank = _rank(inputs, "conv")
    strides = _per_axis(strides, rank, "strides", "conv")
    dilation = _per_axis(dilation_rate, rank, "dilation_rate", "conv")
    padding = _padding(padding)
    spatial = [
        _window_size(n, k, s, padding, d)
        for n, k, s, d in zip(
            _spatial_sizes(inputs, data_format), kernel.shape[:-2], strides, dilation
        )
    ]
    channels = kernel.shape[-1] if out is None else out
    return _spec(inputs, spatial, channels, data_format, kernel)


def _depthwise_spec(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    return _conv_spec(
        inputs,
        kernel,
        strides,
        padding,
        data_format,
        dilation_rate,
        out=kernel.shape[-2] * kernel.shape[-1],
    )


def _separable_spec(
    inputs,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    return _conv_spec(
        inputs,
        depthwise_kernel,
        strides,
        padding,
        data_format,
        dilation_rate,
        out=pointwise_kernel.shape[-1],
    )


@symbolic_with_spec(_conv_spec, ("inputs", "kernel"), _conv_config)
def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """N-D convolution (cross-correlation) of `inputs` with `kernel` of shape
    `kernel_size + (input_channels // groups, filters)`; the number of groups is the input's
    channels over the kernel's input channels."""
    inputs, kernel, rank, strides, padding, data_format, dilation = _prepare(
        inputs, kernel, strides, padding, data_format, dilation_rate, "conv"
    )
    channels, kernel_channels = _channels(inputs, data_format), kernel.shape[-2]
    if channels % kernel_channels:
        raise ValueError(
            "The number of input channels must be evenly divisible by kernel's in_channels. "
            f"Received input channels {channels} and kernel in_channels {kernel_channels}. "
        )
    return _convolve(inputs, kernel, rank, strides, padding, data_format, dilation)


def _check_depthwise_channels(inputs, kernel, data_format):
    channels = _channels(inputs, data_format)
    if kernel.shape[-2] != channels:
        raise ValueError(
            "The number of input channels must be the same as the number of input channels "
            f"of the kernel. Received: inputs.shape={tuple(inputs.shape)}, "
            f"kernel.shape={tuple(kernel.shape)}"
        )


@symbolic_with_spec(_depthwise_spec, ("inputs", "kernel"), _conv_config)
def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """Each input channel convolved with its own filters: `kernel` is
    `kernel_size + (input_channels, channel_multiplier)`; the output has
    `input_channels * channel_multiplier` channels, channel-major."""
    inputs, kernel, rank, strides, padding, data_format, dilation = _prepare(
        inputs, kernel, strides, padding, data_format, dilation_rate, "depthwise_conv"
    )
    _check_depthwise_channels(inputs, kernel, data_format)
    # One group per input channel: kernel_size + (1, channels * multiplier).
    grouped = _core.reshape(kernel, [*kernel.shape[:-2], 1, kernel.shape[-2] * kernel.shape[-1]])
    return _convolve(inputs, grouped, rank, strides, padding, data_format, dilation)


@symbolic_with_spec(
    _separable_spec, ("inputs", "depthwise_kernel", "pointwise_kernel"), _conv_config
)
def separable_conv(
    inputs,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    """`depthwise_conv` then a 1x1 `conv` with `pointwise_kernel` (ones..., channels *
    multiplier, filters) mixing the channels."""
    depthwise = depthwise_conv(
        inputs, depthwise_kernel, strides, padding, data_format, dilation_rate
    )
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format, dilation_rate)


def transpose_axis(size, kernel, stride, padding, output_padding, dilation):
    """Keras's output length of one axis of a transposed convolution, and the (before,
    after) padding of the forward convolution that maps it back to `size` (`after` may be
    negative: a crop). `size` None gives (None, None)."""
    span = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(span, stride) - span if output_padding is None else output_padding
        left, right = span - 1, span - 1 + extra
    else:
        if output_padding is None:
            total = stride + span - 2
        else:
            total = span + span % 2 - 2 + output_padding
        left = min(total // 2 + total % 2, span - 1)
        right = total - left
    if size is None:
        return None, None
    out = (size - 1) * stride + 1 + left + right - span + 1
    return out, (span - 1 - left, span - 1 - right)


def _transpose_spec(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format=None,
    dilation_rate=1,
):
    data_format = config.standardize_data_format(data_format)
    rank = _rank(inputs, "conv_transpose")
    plan = _transpose_plan(
        inputs, kernel, rank, strides, padding, output_padding, data_format, dilation_rate
    )
    return _spec(inputs, [out for out, _ in plan], kernel.shape[-2], data_format, kernel)


def _transpose_plan(
    inputs, kernel, rank, strides, padding, output_padding, data_format, dilation_rate
):
    strides = _per_axis(strides, rank, "strides", "conv_transpose")
    dilation = _per_axis(dilation_rate, rank, "dilation_rate", "conv_transpose")
    padding = str(padding).lower()
    if padding not in ("valid", "same"):
        raise ValueError(
            f"The `padding` argument must be one of 'valid', 'same'. Received: padding={padding}"
        )
    extra = [None] * rank if output_padding is None else output_padding
    extra = [extra] * rank if isinstance(extra, int) else list(extra)
    return [
        transpose_axis(size, k, s, padding, p, d)
        for size, k, s, p, d in zip(
            _spatial_sizes(inputs, data_format), kernel.shape[:-2], strides, extra, dilation
        )
    ]


@symbolic_with_spec(_transpose_spec, ("inputs", "kernel"), _transpose_config)
def conv_transpose(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format=None,
    dilation_rate=1,
):
    """The transposed convolution (the gradient of `conv` in its input): `kernel` is
    `kernel_size + (filters, input_channels)`. Each axis grows to `input * strides`
    ('same') or `(input - 1) * strides + max(kernel, strides)` ('valid'), plus
    `output_padding` when given."""
    data_format = config.standardize_data_format(data_format)
    inputs, kernel = float_operands(inputs, kernel)
    rank = _rank(inputs, "conv_transpose")
    channels = _channels(inputs, data_format)
    if kernel.ndim != rank + 2 or kernel.shape[-1] != channels:
        raise ValueError(
            "The number of input channels must be the same as the last dimension of the "
            f"kernel. Received: inputs.shape={tuple(inputs.shape)}, "
            f"kernel.shape={tuple(kernel.shape)}"
        )
    plan = _transpose_plan(
        inputs, kernel, rank, strides, padding, output_padding, data_format, dilation_rate
    )
    strides = _per_axis(strides, rank, "strides", "conv_transpose")
    dilation = _per_axis(dilation_rate, rank, "dilation_rate", "conv_transpose")
    first = data_format == "channels_first"
    x = _core.transpose(inputs, [0, *range(2, rank + 2), 1]) if first else inputs
    sizes = [x.shape[0], *(out for out, _ in plan), kernel.shape[-2]]
    y = _core.conv_backprop_input(
        sizes, kernel, x, strides, [pads for _, pads in plan], dilation, "conv_transpose"
    )
    return _core.transpose(y, [0, rank + 1, *range(1, rank + 1)]) if first else y


def _pool(kind, inputs, pool_size, strides, padding, data_format):
    data_format = config.standardize_data_format(data_format)
    inputs = to_float(inputs)
    op = f"{kind}_pool"
    rank = _rank(inputs, op)
    pool_size = _per_axis(pool_size, rank, "pool_size", op)
    strides = pool_size if strides is None else _per_axis(strides, rank, "strides", op)
    padding = _padding(padding)
    if padding == "valid":
        for size, k in zip(_spatial_sizes(inputs, data_format), pool_size):
            if size < k:
                raise ValueError(
                    "Computed output size would be negative. Received: "
                    f"`inputs.shape={tuple(inputs.shape)}` and `pool_size={tuple(pool_size)}`."
                )
    pool = nconv.max_pool if kind == "max" else nconv.avg_pool
    return pool(inputs, pool_size, strides, padding.upper(), _TF_FORMAT[data_format, rank])


def _pool_spec(inputs, pool_size, strides=None, padding="valid", data_format=None):
    data_format = config.standardize_data_format(data_format)
    rank = _rank(inputs, "pool")
    pool_size = _per_axis(pool_size, rank, "pool_size", "pool")
    strides = pool_size if strides is None else _per_axis(strides, rank, "strides", "pool")
    padding = _padding(padding)
    spatial = [
        _window_size(n, k, s, padding)
        for n, k, s in zip(_spatial_sizes(inputs, data_format), pool_size, strides)
    ]
    return _spec(inputs, spatial, _channels(inputs, data_format), data_format)


@symbolic_with_spec(_pool_spec, normalize_config=_pool_config)
def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """The maximum of each window of `pool_size` at `strides` (default `pool_size`); padded
    positions never win."""
    return _pool("max", inputs, pool_size, strides, padding, data_format)


@symbolic_with_spec(_pool_spec, normalize_config=_pool_config)
def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """The mean of each window; with 'same', padded positions are not counted (as Keras)."""
    return _pool("average", inputs, pool_size, strides, padding, data_format)
