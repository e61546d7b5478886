"""Convolution and pooling, as TensorFlow's ``tf.nn``: ``conv1d``/``conv2d``/``conv3d``,
``convolution``, the transposed convolutions, ``depthwise_conv2d``, ``separable_conv2d``,
``max_pool*``/``avg_pool*`` and ``max_pool_with_argmax``.

The C++ ops work channels-last with one stride, dilation and window entry per spatial axis;
this module reads TensorFlow's spellings (an int, ``[s]``, ``[s, s]`` or the full
``[1, s, s, 1]``; ``data_format`` 'NHWC' or 'NCHW'; explicit paddings as one pair per axis)
and moves channels-first inputs to channels-last and back with transposes, which the tape
differentiates like any op. Every function is differentiable in its tensor arguments.
"""

from nnext import _core

__all__ = [
    "avg_pool",
    "avg_pool1d",
    "avg_pool2d",
    "avg_pool3d",
    "bias_add",
    "conv1d",
    "conv1d_transpose",
    "conv2d",
    "conv2d_transpose",
    "conv3d",
    "conv3d_transpose",
    "conv_transpose",
    "convolution",
    "depthwise_conv2d",
    "max_pool",
    "max_pool1d",
    "max_pool2d",
    "max_pool3d",
    "max_pool_with_argmax",
    "separable_conv2d",
]

_CHANNELS_LAST = {1: "NWC", 2: "NHWC", 3: "NDHWC"}
_CHANNELS_FIRST = {1: "NCW", 2: "NCHW", 3: "NCDHW"}


def _channels_first(data_format, rank, op):
    """Whether `data_format` puts channels before the spatial axes (ValueError if unknown)."""
    if data_format is None or data_format == _CHANNELS_LAST[rank]:
        return False
    if data_format == _CHANNELS_FIRST[rank]:
        return True
    raise ValueError(
        f"{op}: data_format must be '{_CHANNELS_LAST[rank]}' or '{_CHANNELS_FIRST[rank]}'. "
        f"Received: data_format={data_format!r}"
    )


def _spatial(value, rank, channels_first, name, op, default=1):
    """TensorFlow's per-axis argument (int, 1, rank or rank + 2 entries) as `rank` ints."""
    if value is None:
        return [default] * rank
    values = [int(v) for v in value] if isinstance(value, (list, tuple)) else [int(value)]
    if len(values) == 1:
        return values * rank
    if len(values) == rank:
        return values
    if len(values) == rank + 2:
        outer = (values[0], values[1]) if channels_first else (values[0], values[-1])
        if outer != (1, 1):
            raise ValueError(
                f"{op}: {name} in the batch and depth dimensions must be 1. "
                f"Received: {name}={list(values)}"
            )
        return values[2:] if channels_first else values[1:-1]
    raise ValueError(
        f"{op}: {name} must be an int or a list of 1, {rank} or {rank + 2} ints. "
        f"Received: {name}={value!r}"
    )


def _padding(padding, rank, channels_first, op):
    """'SAME'/'VALID' as they are; explicit paddings (rank + 2 pairs in data_format order,
    zero on the batch and channel axes) as one pair per spatial axis."""
    if isinstance(padding, str):
        if padding.upper() not in ("SAME", "VALID"):
            raise ValueError(
                f"{op}: padding must be 'SAME', 'VALID' or a list of explicit paddings. "
                f"Received: padding={padding!r}"
            )
        return padding.upper()
    pairs = [tuple(int(v) for v in pair) for pair in padding]
    if len(pairs) != rank + 2 or any(len(p) != 2 for p in pairs):
        raise ValueError(
            f"{op}: explicit padding must be {rank + 2} [before, after] pairs. "
            f"Received: padding={padding!r}"
        )
    outer = (pairs[0], pairs[1]) if channels_first else (pairs[0], pairs[-1])
    if outer != ((0, 0), (0, 0)):
        raise ValueError(
            f"{op}: explicit padding of the batch and depth dimensions must be zero. "
            f"Received: padding={padding!r}"
        )
    return pairs[2:] if channels_first else pairs[1:-1]


def _to_last(x, rank):
    x = _core.convert_to_tensor(x)
    return _core.transpose(x, [0, *range(2, rank + 2), 1])


def _to_first(x, rank):
    return _core.transpose(x, [0, rank + 1, *range(1, rank + 1)])


def _conv(input, filters, strides, padding, data_format, dilations, rank, op):
    first = _channels_first(data_format, rank, op)
    strides = _spatial(strides, rank, first, "strides", op)
    dilations = _spatial(dilations, rank, first, "dilations", op)
    padding = _padding(padding, rank, first, op)
    x = _to_last(input, rank) if first else input
    y = _core.conv(x, filters, strides, padding, dilations, op)
    return _to_first(y, rank) if first else y


def conv1d(input, filters, stride, padding, data_format="NWC", dilations=None, name=None):
    """1-D convolution of ``input`` (batch, width, channels) with ``filters`` (width,
    in_channels, out_channels); see ``conv2d``.

    >>> nnext.nn.conv1d(tf.ones((1, 5, 2)), tf.ones((3, 2, 4)), 1, "VALID").shape
    TensorShape([1, 3, 4])
    """
    return _conv(input, filters, stride, padding, data_format, dilations, 1, "conv1d")


def conv2d(input, filters, strides, padding, data_format="NHWC", dilations=None, name=None):
    """2-D convolution (TensorFlow's cross-correlation, no kernel flip).

    ``output[b, i, j, k] = sum_{di, dj, q} input[b, strides[0] * i + dilations[0] * di - pad,
    strides[1] * j + dilations[1] * dj - pad, q] * filters[di, dj, q, k]``. When the input
    has ``g`` times the filters' input depth, the channels split into ``g`` groups.

    Args:
        input: (batch, height, width, channels), or (batch, channels, height, width) with
            ``data_format='NCHW'``.
        filters: (height, width, in_channels / groups, out_channels).
        strides: an int or a list of 1, 2 or 4 ints.
        padding: 'SAME', 'VALID', or explicit [[0, 0], [top, bottom], [left, right], [0, 0]].
        data_format: 'NHWC' (default) or 'NCHW'.
        dilations: an int or a list of 1, 2 or 4 ints (default 1).

    Returns:
        The convolved tensor in ``data_format``.

    >>> nnext.nn.conv2d(tf.ones((1, 4, 4, 1)), tf.ones((3, 3, 1, 2)), 1, "VALID").shape
    TensorShape([1, 2, 2, 2])
    """
    return _conv(input, filters, strides, padding, data_format, dilations, 2, "conv2d")


def conv3d(input, filters, strides, padding, data_format="NDHWC", dilations=None, name=None):
    """3-D convolution of (batch, depth, height, width, channels); see ``conv2d``."""
    return _conv(input, filters, strides, padding, data_format, dilations, 3, "conv3d")


def convolution(
    input, filters, strides=None, padding="VALID", data_format=None, dilations=None, name=None
):
    """N-D convolution (N = 1, 2 or 3 from the filters' rank); see ``conv2d``."""
    rank = len(_core.convert_to_tensor(filters).shape) - 2
    if rank not in (1, 2, 3):
        raise ValueError(
            "convolution: filters must have rank 3, 4 or 5. "
            f"Received: filters.shape={tuple(_core.convert_to_tensor(filters).shape)}"
        )
    return _conv(input, filters, strides, padding, data_format, dilations, rank, "convolution")


def _conv_transpose(
    input, filters, output_shape, strides, padding, data_format, dilations, rank, op
):
    first = _channels_first(data_format, rank, op)
    strides = _spatial(strides, rank, first, "strides", op)
    dilations = _spatial(dilations, rank, first, "dilations", op)
    padding = _padding(padding, rank, first, op)
    sizes = [int(d) for d in (_core.convert_to_tensor(output_shape).numpy().tolist())]
    if len(sizes) != rank + 2:
        raise ValueError(
            f"{op}: output_shape must have {rank + 2} entries. Received: output_shape={sizes}"
        )
    if first:
        sizes = [sizes[0], *sizes[2:], sizes[1]]
    x = _to_last(input, rank) if first else input
    y = _core.conv_backprop_input(sizes, filters, x, strides, padding, dilations, op)
    return _to_first(y, rank) if first else y


def conv2d_transpose(
    input,
    filters,
    output_shape,
    strides,
    padding="SAME",
    data_format="NHWC",
    dilations=None,
    name=None,
):
    """The transposed 2-D convolution: the gradient of ``conv2d`` with respect to its input.

    Args:
        input: (batch, height, width, in_channels) (NHWC).
        filters: (height, width, output_channels, in_channels): the filters of the forward
            ``conv2d`` that maps ``output_shape`` back to ``input``'s shape.
        output_shape: the full shape of the result, in ``data_format``.
        strides: as in ``conv2d``.
        padding: as in ``conv2d``.
        data_format: as in ``conv2d``.
        dilations: as in ``conv2d``.

    >>> x = tf.ones((1, 2, 2, 3))
    >>> nnext.nn.conv2d_transpose(x, tf.ones((3, 3, 5, 3)), (1, 4, 4, 5), 2).shape
    TensorShape([1, 4, 4, 5])
    """
    return _conv_transpose(
        input,
        filters,
        output_shape,
        strides,
        padding,
        data_format,
        dilations,
        2,
        "conv2d_transpose",
    )


def conv1d_transpose(
    input,
    filters,
    output_shape,
    strides,
    padding="SAME",
    data_format="NWC",
    dilations=None,
    name=None,
):
    """The transposed 1-D convolution; see ``conv2d_transpose``."""
    return _conv_transpose(
        input,
        filters,
        output_shape,
        strides,
        padding,
        data_format,
        dilations,
        1,
        "conv1d_transpose",
    )


def conv3d_transpose(
    input,
    filters,
    output_shape,
    strides,
    padding="SAME",
    data_format="NDHWC",
    dilations=None,
    name=None,
):
    """The transposed 3-D convolution; see ``conv2d_transpose``."""
    return _conv_transpose(
        input,
        filters,
        output_shape,
        strides,
        padding,
        data_format,
        dilations,
        3,
        "conv3d_transpose",
    )


def conv_transpose(
    input,
    filters,
    output_shape,
    strides,
    padding="SAME",
    data_format=None,
    dilations=None,
    name=None,
):
    """The transposed N-D convolution (N from ``output_shape``); see ``conv2d_transpose``."""
    rank = len(_core.convert_to_tensor(output_shape).numpy().tolist()) - 2
    if rank not in (1, 2, 3):
        raise ValueError(
            "conv_transpose: output_shape must have 3, 4 or 5 entries. "
            f"Received: output_shape={output_shape!r}"
        )
    return _conv_transpose(
        input,
        filters,
        output_shape,
        strides,
        padding,
        data_format,
        dilations,
        rank,
        "conv_transpose",
    )


def depthwise_conv2d(input, filter, strides, padding, data_format=None, dilations=None, name=None):
    """Depthwise 2-D convolution: each input channel convolved with its own filters.

    ``output[b, i, j, k * channel_multiplier + q] = sum_{di, dj} input[b, strides[1] * i +
    dilations[0] * di, strides[2] * j + dilations[1] * dj, k] * filter[di, dj, k, q]``.

    Args:
        input: (batch, height, width, in_channels) (or NCHW).
        filter: (height, width, in_channels, channel_multiplier).
        strides: 4 ints (TensorFlow's form) or fewer, as in ``conv2d``.
        padding: 'SAME', 'VALID' or explicit paddings.
        dilations: an int or 2 ints (TensorFlow's ``rate``).

    Returns:
        (batch, out_height, out_width, in_channels * channel_multiplier).
    """
    f = _core.convert_to_tensor(filter)
    if len(f.shape) != 4:
        raise ValueError(
            "depthwise_conv2d: filter must have rank 4 (height, width, in_channels, "
            f"channel_multiplier). Received: filter.shape={tuple(f.shape)}"
        )
    kh, kw, channels, multiplier = f.shape
    x = _core.convert_to_tensor(input)
    depth = x.shape[1] if data_format == "NCHW" else x.shape[-1]
    if len(x.shape) == 4 and depth != channels:
        raise ValueError(
            f"depthwise_conv2d: input depth {depth} does not match the filter's in_channels "
            f"{channels} (input shape {tuple(x.shape)}, filter shape {tuple(f.shape)})"
        )
    # One group per input channel: (kh, kw, 1, channels * multiplier), channel-major.
    grouped = _core.reshape(f, (kh, kw, 1, channels * multiplier))
    return _conv(x, grouped, strides, padding, data_format, dilations, 2, "depthwise_conv2d")


def separable_conv2d(
    input,
    depthwise_filter,
    pointwise_filter,
    strides,
    padding,
    data_format=None,
    dilations=None,
    name=None,
):
    """``depthwise_conv2d`` followed by a 1x1 ``conv2d`` mixing the channels.

    Args:
        depthwise_filter: (height, width, in_channels, channel_multiplier).
        pointwise_filter: (1, 1, in_channels * channel_multiplier, out_channels).
    """
    depthwise = depthwise_conv2d(input, depthwise_filter, strides, padding, data_format, dilations)
    return conv2d(depthwise, pointwise_filter, 1, "VALID", data_format=data_format or "NHWC")


def bias_add(value, bias, data_format=None, name=None):
    """``value + bias`` along the channel axis (last, or axis 1 for 'NC...' formats)."""
    value = _core.convert_to_tensor(value)
    if data_format is not None and data_format.startswith("NC") and len(value.shape) > 2:
        bias = _core.reshape(bias, (-1,) + (1,) * (len(value.shape) - 2))
    return _core.add(value, bias)


def _pool(kernel, input, ksize, strides, padding, data_format, rank, op):
    first = _channels_first(data_format, rank, op)
    ksize = _spatial(ksize, rank, first, "ksize", op)
    strides = _spatial(strides, rank, first, "strides", op)
    padding = _padding(padding, rank, first, op)
    x = _to_last(input, rank) if first else input
    y = kernel(x, ksize, strides, padding, op)
    return _to_first(y, rank) if first else y


def _pool_rank(input, data_format, op):
    rank = len(_core.convert_to_tensor(input).shape) - 2
    if rank not in (1, 2, 3):
        raise ValueError(
            f"{op}: input must have rank 3, 4 or 5. "
            f"Received: input.shape={tuple(_core.convert_to_tensor(input).shape)}"
        )
    return rank


def max_pool(input, ksize, strides, padding, data_format=None, name=None):
    """Max over windows of ``ksize`` at ``strides`` (rank from the input: 1-D to 3-D).

    Padded positions never win. The gradient flows to each window's maximum (the first
    one, on ties).

    Args:
        input: (batch, spatial..., channels), or channels-first with ``data_format``.
        ksize: the window, an int or a list of 1, N or N + 2 ints.
        strides: the step, an int or a list of 1, N or N + 2 ints.
        padding: 'SAME', 'VALID' or explicit paddings.

    >>> nnext.nn.max_pool(tf.ones((1, 4, 4, 1)), 2, 2, "VALID").shape
    TensorShape([1, 2, 2, 1])
    """
    rank = _pool_rank(input, data_format, "max_pool")
    return _pool(_core.max_pool, input, ksize, strides, padding, data_format, rank, "max_pool")


def avg_pool(input, ksize, strides, padding, data_format=None, name=None):
    """Mean over windows of ``ksize`` at ``strides``; padded positions are not counted."""
    rank = _pool_rank(input, data_format, "avg_pool")
    return _pool(_core.avg_pool, input, ksize, strides, padding, data_format, rank, "avg_pool")


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    """1-D ``max_pool`` of (batch, width, channels)."""
    return _pool(_core.max_pool, input, ksize, strides, padding, data_format, 1, "max_pool1d")


def max_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):
    """2-D ``max_pool`` of (batch, height, width, channels)."""
    return _pool(_core.max_pool, input, ksize, strides, padding, data_format, 2, "max_pool2d")


def max_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):
    """3-D ``max_pool`` of (batch, depth, height, width, channels)."""
    return _pool(_core.max_pool, input, ksize, strides, padding, data_format, 3, "max_pool3d")


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    """1-D ``avg_pool`` of (batch, width, channels)."""
    return _pool(_core.avg_pool, input, ksize, strides, padding, data_format, 1, "avg_pool1d")


def avg_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):
    """2-D ``avg_pool`` of (batch, height, width, channels)."""
    return _pool(_core.avg_pool, input, ksize, strides, padding, data_format, 2, "avg_pool2d")


def avg_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):
    """3-D ``avg_pool`` of (batch, depth, height, width, channels)."""
    return _pool(_core.avg_pool, input, ksize, strides, padding, data_format, 3, "avg_pool3d")


def max_pool_with_argmax(
    input,
    ksize,
    strides,
    padding,
    data_format="NHWC",
    output_dtype="int64",
    include_batch_in_index=False,
    name=None,
):
    """2-D max pooling that also returns where each maximum came from.

    The index of ``input[b, y, x, c]`` is ``((b * height + y) * width + x) * channels + c``
    with ``include_batch_in_index``, and without the ``b`` term otherwise.

    Returns:
        (output, argmax), argmax of ``output_dtype`` (int32 or int64).
    """
    if data_format != "NHWC":
        raise ValueError(
            "max_pool_with_argmax: only data_format='NHWC' is supported. "
            f"Received: data_format={data_format!r}"
        )
    ksize = _spatial(ksize, 2, False, "ksize", "max_pool_with_argmax")
    strides = _spatial(strides, 2, False, "strides", "max_pool_with_argmax")
    padding = _padding(padding, 2, False, "max_pool_with_argmax")
    output, argmax = _core.max_pool_with_argmax(
        input, ksize, strides, padding, "max_pool_with_argmax"
    )
    if include_batch_in_index:
        n, h, w, c = _core.convert_to_tensor(input).shape
        batch = _core.reshape(_core._range(0, n, 1, "int64"), (n, 1, 1, 1))
        argmax = _core.add(argmax, _core.multiply(batch, h * w * c))
    return output, _core.cast(argmax, output_dtype)
