"""TensorFlow's raw convolution ops at the top level: ``tf.conv2d_backprop_filter_v2``,
``tf.conv2d_backprop_input_v2``, ``tf.conv`` and ``tf.extract_volume_patches``.

The attributes are the generated wrappers' (full-rank ``strides``/``dilations`` lists in
``data_format`` order, ``padding`` 'SAME'/'VALID'/'EXPLICIT' with a flat
``explicit_paddings`` list) and are checked as the kernels check them, with their messages.
The computation is the C++ core's convolution and its two gradients (``_core.conv``,
``conv_backprop_input``, ``conv_backprop_filter``, which record each other on the tape, so
every result here is differentiable to any order) behind transposes for channels-first
layouts; ``extract_volume_patches`` is ``pad`` plus strided slices, so it keeps the dtype.
float16 computes in float32 and int32 (``tf.conv``) in float64, cast back.
"""

import math

import numpy as np

from nnext import _core, errors

__all__ = [
    "conv",
    "conv2d_backprop_filter_v2",
    "conv2d_backprop_input_v2",
    "extract_volume_patches",
]

_FLOATS = ("float16", "float32", "float64")


def _fail(message, op, kind=errors.InvalidArgumentError):
    raise kind(f"{message} [Op:{op}]")


def _attr_ints(value, what, wrapper):
    """A list(int) attribute, as the generated wrapper's ``make_int`` reads it."""
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"Expected list for '{what}' argument to '{wrapper}' Op, not {value!r}.")
    return [int(v) for v in value]


def _padding_attr(padding, op, allowed=("SAME", "VALID", "EXPLICIT")):
    if not isinstance(padding, (str, bytes)):
        raise TypeError(f"Expected string for argument 'padding' not {padding!r}.")
    padding = padding.decode() if isinstance(padding, bytes) else padding
    if padding not in allowed:
        values = ", ".join(f'"{a}"' for a in allowed)
        _fail(
            f"Value for attr 'padding' of \"{padding}\" is not in the list of allowed values: "
            f"{values}",
            op,
        )
    return padding


def _tensors(values, names, allowed, op):
    """The tensor operands, non-tensors converted to the first tensor's dtype, as the
    wrappers' args_to_matching_eager; all of one dtype from `allowed`."""
    first = next((v.dtype for v in values if isinstance(v, _core.Tensor)), None)
    if first is None:
        first = _core.convert_to_tensor(values[0]).dtype
    tensors = [
        v if isinstance(v, _core.Tensor) else _core.convert_to_tensor(v, dtype=first)
        for v in values
    ]
    dtype = tensors[0].dtype
    for index, (t, name) in enumerate(zip(tensors, names)):
        if t.dtype.name not in allowed:
            raise TypeError(
                f"Value passed to parameter '{name}' has DataType {t.dtype.name} not in list "
                f"of allowed values: {', '.join(allowed)}"
            )
        if t.dtype != dtype:
            _fail(
                f"cannot compute {op} as input #{index}(zero-based) was expected to be a "
                f"{dtype.name} tensor but is a {t.dtype.name} tensor",
                op,
            )
    return tensors


def _compute_dtype(dtype):
    """The dtype the core computes in: float16 widens to float32 and int32 to float64."""
    return {"float16": "float32", "int32": "float64"}.get(dtype.name, dtype.name)


def _check_explicit(padding, explicit_paddings, rank, batch_axis, channel_axis, op):
    """TensorFlow's CheckValidPadding: 2 * rank non-negative values, zero on the batch and
    channel axes; the [before, after] pairs of every axis."""
    if padding != "EXPLICIT":
        if explicit_paddings:
            _fail(
                "explicit_paddings attribute must be empty if the padding attribute is not "
                "EXPLICIT",
                op,
            )
        return None
    if len(explicit_paddings) != 2 * rank:
        _fail(
            f"explicit_paddings attribute must contain {2 * rank} values, but got: "
            f"{len(explicit_paddings)}",
            op,
        )
    if any(p < 0 for p in explicit_paddings):
        _fail("All elements of explicit_paddings must be nonnegative", op)
    pairs = [tuple(explicit_paddings[2 * a : 2 * a + 2]) for a in range(rank)]
    if pairs[batch_axis] != (0, 0) or pairs[channel_axis] != (0, 0):
        _fail("Nonzero explicit padding in the batch or depth dimensions is not supported", op)
    return pairs


def _windowed(size, kernel, dilation, stride, padding, pads, op):
    """TensorFlow's GetWindowedOutputSizeVerbose: the output size of one spatial axis."""
    span = (kernel - 1) * dilation + 1
    if padding == "SAME":
        return (size + stride - 1) // stride
    before, after = pads if padding == "EXPLICIT" else (0, 0)
    numerator = size + before + after - span + stride
    out = numerator // stride if numerator >= 0 else -(-numerator // stride)  # C++ truncation
    if out < 0:
        _fail(
            f"Computed output size would be negative: {out} [input_size: {size}, "
            f"effective_filter_size: {span}, stride: {stride}]",
            op,
        )
    return out


def _core_padding(padding, pairs, spatial_axes):
    return padding if padding != "EXPLICIT" else [list(pairs[a]) for a in spatial_axes]


def _to_last(x, first):
    return _core.transpose(x, [0, *range(2, x.ndim), 1]) if first else x


def _to_first(x, first):
    return _core.transpose(x, [0, x.ndim - 1, *range(1, x.ndim - 1)]) if first else x


def _conv2d_attrs(strides, padding, explicit_paddings, data_format, dilations, wrapper, op):
    """The Conv2DBackprop*V2 kernels' attribute checks: (channels_first, spatial strides,
    spatial dilations, core padding)."""
    if data_format not in ("NHWC", "NCHW"):
        _fail("Invalid data format", op)
    first = data_format == "NCHW"
    batch_axis, channel_axis, spatial = (0, 1, (2, 3)) if first else (0, 3, (1, 2))
    strides = _attr_ints(strides, "strides", wrapper)
    if len(strides) != 4:
        _fail("Sliding window strides field must specify 4 dimensions", op)
    if strides[batch_axis] != 1 or strides[channel_axis] != 1:
        _fail(
            "Current implementation does not yet support strides in the batch and depth "
            "dimensions.",
            op,
            errors.UnimplementedError,
        )
    if min(strides[a] for a in spatial) < 1:
        _fail("Row and column strides should be larger than 0.", op)
    dilations = _attr_ints(dilations, "dilations", wrapper)
    if len(dilations) != 4:
        _fail("Sliding window dilations field must specify 4 dimensions", op)
    if dilations[batch_axis] != 1 or dilations[channel_axis] != 1:
        _fail(
            "Current implementation does not yet support dilations in the batch and depth "
            "dimensions.",
            op,
            errors.UnimplementedError,
        )
    if min(dilations[a] for a in spatial) < 1:
        _fail("Dilated rates should be larger than 0.", op)
    padding = _padding_attr(padding, op)
    explicit = _attr_ints(explicit_paddings, "explicit_paddings", wrapper)
    pairs = _check_explicit(padding, explicit, 4, batch_axis, channel_axis, op)
    return (
        first,
        [strides[a] for a in spatial],
        [dilations[a] for a in spatial],
        padding,
        pairs,
        spatial,
    )


def _backprop_dims(label, x_shape, w_shape, dy_shape, attrs, op):
    """TensorFlow's ConvBackpropComputeDimensionsV2 for 2 spatial dimensions."""
    first, strides, dilations, padding, pairs, spatial = attrs
    for what, shape in (("input", x_shape), ("filter", w_shape), ("out_backprop", dy_shape)):
        if len(shape) != 4:
            _fail(f"{label}: {what} must be 4-dimensional", op)
    channel = 1 if first else 3
    if x_shape[0] != dy_shape[0]:
        _fail(
            f"{label}: input and out_backprop must have the same batch size. Input batch: "
            f"{x_shape[0]}, outbackprop batch: {dy_shape[0]}, batch_dim: 0",
            op,
        )
    if w_shape[2] <= 0:
        _fail(f"{label}: filter depth must be strictly greated than zero", op)
    if x_shape[channel] % w_shape[2]:
        _fail(f"{label}: input depth must be evenly divisible by filter depth", op)
    if w_shape[3] != dy_shape[channel]:
        _fail(f"{label}: filter and out_backprop must have the same out_depth", op)
    for i, axis in enumerate(spatial):
        pads = pairs[axis] if pairs else None
        size, kernel, stride, dilation = x_shape[axis], w_shape[i], strides[i], dilations[i]
        computed = _windowed(size, kernel, dilation, stride, padding, pads, op)
        if computed != dy_shape[axis]:
            _fail(
                f"{label}: Size of out_backprop doesn't match computed: actual = "
                f"{dy_shape[axis]}, computed = {computed} spatial_dim: {axis} input: {size} "
                f"filter: {kernel} output: {dy_shape[axis]} stride: {stride} "
                f"dilation: {dilation}",
                op,
            )


def conv2d_backprop_filter_v2(
    input,
    filter,
    out_backprop,
    strides,
    padding,
    use_cudnn_on_gpu=True,
    explicit_paddings=[],  # noqa: B006 (TensorFlow's default; never mutated)
    data_format="NHWC",
    dilations=[1, 1, 1, 1],  # noqa: B006
    name=None,
):
    """The gradient of ``conv2d(input, filter)`` with respect to ``filter``, given the
    gradient ``out_backprop`` of its output; only ``filter``'s shape is used.

    ``dfilter[di, dj, q, k] = sum_{b, i, j} input[b, strides[1] * i + dilations[1] * di - pad,
    strides[2] * j + dilations[2] * dj - pad, q] * out_backprop[b, i, j, k]`` (NHWC; grouped
    when ``input`` has a multiple of the filter's input depth).

    Args:
        input: 4-D ``[batch, in_height, in_width, in_channels]`` (or NCHW).
        filter: 4-D ``[filter_height, filter_width, in_channels, out_channels]``, of
            ``input``'s dtype; only its shape is used.
        out_backprop: 4-D ``[batch, out_height, out_width, out_channels]`` (or NCHW).
        strides: 4 ints in ``data_format`` order, 1 on the batch and channel axes.
        padding: 'SAME', 'VALID' or 'EXPLICIT'.
        use_cudnn_on_gpu: ignored.
        explicit_paddings: with 'EXPLICIT', 8 ints: ``[before, after]`` per axis in
            ``data_format`` order, zero on the batch and channel axes.
        data_format: 'NHWC' (default) or 'NCHW'.
        dilations: 4 ints in ``data_format`` order, 1 on the batch and channel axes.
        name: ignored (eager).

    Returns:
        ``filter``-shaped gradient, of ``input``'s dtype (half, float32 or float64).

    Raises:
        InvalidArgumentError: on bad attributes or mismatched shapes (TensorFlow's messages).
        UnimplementedError: for strides or dilations on the batch or channel axes.

    >>> x, w = tf.ones([1, 4, 4, 1]), tf.ones([3, 3, 1, 2])
    >>> tf.conv2d_backprop_filter_v2(x, w, tf.ones([1, 2, 2, 2]), [1, 1, 1, 1], "VALID").shape
    TensorShape([3, 3, 1, 2])
    """
    op, wrapper = "Conv2DBackpropFilterV2", "conv2d_backprop_filter_v2"
    x, w, dy = _tensors(
        [input, filter, out_backprop], ["input", "filter", "out_backprop"], _FLOATS, op
    )
    attrs = _conv2d_attrs(strides, padding, explicit_paddings, data_format, dilations, wrapper, op)
    _backprop_dims("Conv2DBackpropFilter", x.shape, w.shape, dy.shape, attrs, op)
    first, hw_strides, hw_dilations, padding, pairs, spatial = attrs
    dtype = _compute_dtype(x.dtype)
    x_last = _to_last(_core.cast(x, dtype), first)
    dy_last = _to_last(_core.cast(dy, dtype), first)
    result = _core.conv_backprop_filter(
        x_last,
        list(w.shape),
        dy_last,
        hw_strides,
        _core_padding(padding, pairs, spatial),
        hw_dilations,
        wrapper,
    )
    return _core.cast(result, x.dtype)


def conv2d_backprop_input_v2(
    input,
    filter,
    out_backprop,
    strides,
    padding,
    use_cudnn_on_gpu=True,
    explicit_paddings=[],  # noqa: B006 (TensorFlow's default; never mutated)
    data_format="NHWC",
    dilations=[1, 1, 1, 1],  # noqa: B006
    name=None,
):
    """The gradient of ``conv2d(input, filter)`` with respect to ``input``, given the
    gradient ``out_backprop`` of its output; only ``input``'s shape is used.

    ``dinput = conv2d_transpose(out_backprop, filter, input.shape, ...)``: every output
    position scatters ``filter @ out_backprop[b, i, j]`` back over the window it read.

    Args:
        input: 4-D ``[batch, in_height, in_width, in_channels]`` (or NCHW); only its shape
            is used.
        filter: 4-D ``[filter_height, filter_width, in_channels, out_channels]``.
        out_backprop: 4-D ``[batch, out_height, out_width, out_channels]`` (or NCHW).
        strides: 4 ints in ``data_format`` order, 1 on the batch and channel axes.
        padding: 'SAME', 'VALID' or 'EXPLICIT'.
        use_cudnn_on_gpu: ignored.
        explicit_paddings: with 'EXPLICIT', 8 ints: ``[before, after]`` per axis in
            ``data_format`` order, zero on the batch and channel axes.
        data_format: 'NHWC' (default) or 'NCHW'.
        dilations: 4 ints in ``data_format`` order, 1 on the batch and channel axes.
        name: ignored (eager).

    Returns:
        ``input``-shaped gradient, of ``input``'s dtype (half, float32 or float64).

    Raises:
        InvalidArgumentError: on bad attributes or mismatched shapes (TensorFlow's messages).
        UnimplementedError: for strides or dilations on the batch or channel axes.

    >>> x, w = tf.ones([1, 4, 4, 1]), tf.ones([3, 3, 1, 2])
    >>> tf.conv2d_backprop_input_v2(x, w, tf.ones([1, 2, 2, 2]), [1, 1, 1, 1], "VALID").shape
    TensorShape([1, 4, 4, 1])
    """
    op, wrapper = "Conv2DBackpropInputV2", "conv2d_backprop_input_v2"
    x, w, dy = _tensors(
        [input, filter, out_backprop], ["input", "filter", "out_backprop"], _FLOATS, op
    )
    attrs = _conv2d_attrs(strides, padding, explicit_paddings, data_format, dilations, wrapper, op)
    _backprop_dims("Conv2DBackpropInput", x.shape, w.shape, dy.shape, attrs, op)
    first, hw_strides, hw_dilations, padding, pairs, spatial = attrs
    dtype = _compute_dtype(x.dtype)
    shape = list(x.shape)
    last_shape = [shape[0], *shape[2:], shape[1]] if first else shape
    result = _core.conv_backprop_input(
        last_shape,
        _core.cast(w, dtype),
        _to_last(_core.cast(dy, dtype), first),
        hw_strides,
        _core_padding(padding, pairs, spatial),
        hw_dilations,
        wrapper,
    )
    return _core.cast(_to_first(result, first), x.dtype)


def _conv_attr(values, n, what, data_format_first, op, default_empty=False):
    """tf.conv's strides or dilations: N + 2 ints in data_format order, 1 on the batch and
    channel axes and positive on the spatial ones; the spatial values."""
    if default_empty and not values:
        return [1] * n
    if len(values) != n + 2:
        field = "Sliding window strides" if what == "strides" else "Dilation rates"
        _fail(f"{field} field must specify {n + 2} dimensions", op)
    channel = 1 if data_format_first else n + 1
    if values[0] != 1 or values[channel] != 1:
        field = "strides" if what == "strides" else "dilation rates"
        _fail(
            f"Current implementation does not support {field} in the batch and depth dimensions.",
            op,
        )
    spatial = values[2:] if data_format_first else values[1:-1]
    if min(spatial) < 1:
        _fail(
            "Spatial strides should be larger than 0."
            if what == "strides"
            else "Dilated rates should be larger than 0.",
            op,
        )
    return spatial


def conv(
    input,
    filter,
    strides,
    padding,
    explicit_paddings=[],  # noqa: B006 (TensorFlow's default; never mutated)
    data_format="CHANNELS_LAST",
    dilations=[],  # noqa: B006
    batch_dims=1,
    groups=1,
    name=None,
):
    """The generic N-D convolution (TensorFlow's raw Conv op), N = 1, 2 or 3 spatial
    dimensions after ``batch_dims`` leading batch dimensions.

    ``output[batch..., i..., k] = sum_{d..., q} input[batch..., strides * i + dilations * d
    - pad, q] * filter[d..., q, k]`` (cross-correlation, no kernel flip). With ``groups`` g
    the input channels split into g groups, each convolved with its ``out_channels / g``
    filters, and the filter's input depth is ``in_channels / g``.

    Args:
        input: ``batch_shape + spatial_shape + [in_channels]`` ('CHANNELS_LAST') or
            ``batch_shape + [in_channels] + spatial_shape`` ('CHANNELS_FIRST'); half,
            float32, float64 or int32.
        filter: ``spatial_filter_shape + [in_channels / groups, out_channels]``, of
            ``input``'s dtype.
        strides: N + 2 ints in ``data_format`` order (the batch axis counted once), 1 on
            the batch and channel axes.
        padding: 'SAME', 'VALID' or 'EXPLICIT'.
        explicit_paddings: with 'EXPLICIT', 2 * (N + 2) ints, ``[before, after]`` per axis
            in ``data_format`` order, zero on the batch and channel axes.
        data_format: 'CHANNELS_LAST' (default) or 'CHANNELS_FIRST'.
        dilations: N + 2 ints like ``strides``; ``[]`` (default) means 1 everywhere.
        batch_dims: how many leading dimensions are batch dimensions (>= 1).
        groups: the number of channel groups (>= 1).
        name: ignored (eager).

    Returns:
        ``batch_shape + out_spatial + [out_channels]`` (or channels first), of ``input``'s
        dtype.

    Raises:
        InvalidArgumentError: on bad attributes or shapes (TensorFlow's messages).

    Note: TensorFlow 2.21's kernels stop at N = 2 or 3 and ``groups=1``; nnext also
    computes N = 1 and grouped convolutions, as the op's documentation describes them.

    >>> tf.conv(tf.ones([2, 5, 5, 3]), tf.ones([3, 3, 3, 4]), [1, 1, 1, 1], "VALID").shape
    TensorShape([2, 3, 3, 4])
    """
    op, wrapper = "Conv", "conv"
    allowed = ("float16", "float32", "float64", "int32")
    x, w = _tensors([input, filter], ["input", "filter"], allowed, op)
    if data_format not in ("CHANNELS_LAST", "CHANNELS_FIRST"):
        _fail(f"Unknown data format: {data_format}", op)
    first = data_format == "CHANNELS_FIRST"
    batch_dims, groups = int(batch_dims), int(groups)
    if batch_dims < 1:
        _fail(f"batch_dims must be >= 1, got {batch_dims}", op)
    if groups < 1:
        _fail(f"groups must be >= 1, got {groups}", op)
    n = x.ndim - 1 - batch_dims
    if n not in (1, 2, 3):
        _fail(f"The input must have 1, 2 or 3 spatial dimensions but got {n}", op)
    if w.ndim != n + 2:
        _fail(f"The filter must be rank {n + 2} but got {w.ndim}", op)
    if w.size == 0:
        _fail("filter must not have zero elements (i.e. all dimensions must be non-zero)", op)
    strides = _conv_attr(_attr_ints(strides, "strides", wrapper), n, "strides", first, op)
    dilations = _attr_ints(dilations, "dilations", wrapper)
    dilations = _conv_attr(dilations, n, "dilations", first, op, default_empty=True)
    padding = _padding_attr(padding, op)
    channel = 1 if first else n + 1
    spatial = list(range(2, n + 2)) if first else list(range(1, n + 1))
    explicit = _attr_ints(explicit_paddings, "explicit_paddings", wrapper)
    pairs = _check_explicit(padding, explicit, n + 2, 0, channel, op)
    batch_shape = list(x.shape[:batch_dims])
    flat = _core.reshape(x, [math.prod(batch_shape), *x.shape[batch_dims:]])
    in_depth, patch_depth, out_depth = flat.shape[channel], w.shape[n], w.shape[n + 1]
    if in_depth != patch_depth * groups:
        _fail(
            f"Input depth must be equal to filter depth: {in_depth} vs {patch_depth}"
            if groups == 1
            else f"Input depth must be equal to filter depth times groups: {in_depth} vs "
            f"{patch_depth} * {groups}",
            op,
        )
    if out_depth % groups:
        _fail(
            f"output depth must be evenly divisible by number of groups: {out_depth} vs {groups}",
            op,
        )
    for i, axis in enumerate(spatial):
        pads = pairs[axis] if pairs else None
        _windowed(flat.shape[axis], w.shape[i], dilations[i], strides[i], padding, pads, op)
    dtype = _compute_dtype(x.dtype)
    y = _core.conv(
        _to_last(_core.cast(flat, dtype), first),
        _core.cast(w, dtype),
        strides,
        _core_padding(padding, pairs, spatial),
        dilations,
        "conv",
    )
    y = _to_first(y, first)
    if x.dtype.name == "int32":
        y = _core.round_half_even(y)
    y = _core.cast(y, x.dtype)
    return _core.reshape(y, batch_shape + list(y.shape[1:]))


def _patch_attr(values, what, wrapper, op):
    values = _attr_ints(values, what, wrapper)
    if len(values) != 5:
        _fail(f"Attr {what} has length {len(values)} but must be 5", op)
    if values[0] != 1 or values[4] != 1:
        _fail(f"Only support {what} across space.", op, errors.UnimplementedError)
    if min(values[1:4]) < 1:
        _fail(f"{what} is out of range.", op, errors.OutOfRangeError)
    return values[1:4]


def extract_volume_patches(input, ksizes, strides, padding, name=None):
    """The 3-D patches of ``input`` (batch, planes, rows, cols, depth), each flattened into
    the last dimension: the 3-D analogue of ``tf.image.extract_patches``.

    ``output[b, p, r, c, ((dp * ksize_rows + dr) * ksize_cols + dc) * depth + d] =
    input[b, p * strides[1] + dp - pad, r * strides[2] + dr - pad, c * strides[3] + dc - pad,
    d]``, zero where the window leaves the padded input.

    Args:
        input: 5-D ``[batch, in_planes, in_rows, in_cols, depth]``.
        ksizes: 5 ints ``[1, ksize_planes, ksize_rows, ksize_cols, 1]``.
        strides: 5 ints ``[1, stride_planes, stride_rows, stride_cols, 1]``.
        padding: 'SAME' or 'VALID'.
        name: ignored (eager).

    Returns:
        ``[batch, out_planes, out_rows, out_cols, ksize_planes * ksize_rows * ksize_cols *
        depth]``, of ``input``'s dtype.

    Raises:
        InvalidArgumentError: if ``input`` is not 5-D or the window does not fit.
        UnimplementedError: for ksizes or strides other than 1 on the batch or depth axes.

    >>> x = tf.reshape(tf.range(8.0), [1, 2, 2, 2, 1])
    >>> tf.extract_volume_patches(x, [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], "VALID").shape
    TensorShape([1, 1, 1, 1, 8])
    """
    op, wrapper = "ExtractVolumePatches", "extract_volume_patches"
    sizes = _patch_attr(ksizes, "ksizes", wrapper, op)
    steps = _patch_attr(strides, "strides", wrapper, op)
    padding = _padding_attr(padding, op, ("SAME", "VALID"))
    x = _core.convert_to_tensor(input)
    if x.ndim != 5:
        _fail(f"input must be 5-dimensional[{','.join(str(d) for d in x.shape)}]", op)
    outs, pads = [], [[0, 0]]
    for size, k, s in zip(x.shape[1:4], sizes, steps):
        out = _windowed(size, k, 1, s, padding, None, op)
        total = max((out - 1) * s + k - size, 0) if padding == "SAME" else 0
        outs.append(out)
        pads.append([total // 2, total - total // 2])
    pads.append([0, 0])
    if any(a or b for a, b in pads):
        x = _core.pad(x, pads)
    patches = []
    for offset in np.ndindex(*sizes):
        window = [
            slice(d, d + s * (o - 1) + 1, s) if o > 0 else slice(d, d)
            for d, s, o in zip(offset, steps, outs)
        ]
        patches.append(x[(slice(None), *window)])
    y = _core.stack(patches, axis=4)  # (batch, out_planes, out_rows, out_cols, patch, depth)
    return _core.reshape(y, [x.shape[0], *outs, math.prod(sizes) * x.shape[4]])
