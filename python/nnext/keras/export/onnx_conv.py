"""ONNX converters for convolution, pooling and zero-padding layers.

ONNX's Conv and pooling ops read channels first (NCHW): a `channels_last` layer's input is
transposed to it and the result back. Keras's `"same"` padding puts the odd pixel at the
end (TensorFlow's rule), written as explicit pads when the spatial size is known and as
`SAME_UPPER` otherwise; Conv1D's `"causal"` pads the start only.
"""

import numpy as np

from nnext.keras import layers
from nnext.keras.export.onnx_layers import activation
from nnext.keras.layers.convolutional import arguments
from nnext.keras.layers.reshaping.spatial_pairs import per_axis


def _to_channels_first(graph, x, data_format, hint):
    rank = len(graph.shapes[x])
    if data_format == "channels_first":
        return x
    return graph.add("Transpose", [x], hint, perm=[0, rank - 1, *range(1, rank - 1)])


def _to_data_format(graph, x, rank, data_format, hint):
    if data_format == "channels_first":
        return x
    return graph.add("Transpose", [x], hint, perm=[0, *range(2, rank), 1])


def _spatial(graph, x, data_format):
    shape = graph.shapes[x]
    return list(shape[2:] if data_format == "channels_first" else shape[1:-1])


def _pads(sizes, kernel, strides, dilations, padding):
    """The `pads` attribute (all starts, then all ends), or None for `SAME_UPPER`."""
    n = len(kernel)
    if padding == "valid":
        return [0] * (2 * n)
    if padding == "causal":
        return [(kernel[0] - 1) * dilations[0], 0]
    if any(size is None for size in sizes):
        return None
    starts, ends = [], []
    for size, k, s, d in zip(sizes, kernel, strides, dilations):
        out = -(-size // s)
        total = max((out - 1) * s + (k - 1) * d + 1 - size, 0)
        starts.append(total // 2)
        ends.append(total - total // 2)
    return starts + ends


def _padding_attributes(sizes, kernel, strides, dilations, padding):
    pads = _pads(sizes, kernel, strides, dilations, padding)
    return {"auto_pad": "SAME_UPPER"} if pads is None else {"pads": pads}


def _conv(graph, layer, inputs, hint):
    x = inputs[0]
    rank = len(graph.shapes[x])
    sizes = _spatial(graph, x, layer.data_format)
    x = _to_channels_first(graph, x, layer.data_format, hint)
    # Keras's kernel is (*kernel_size, in / groups, filters); ONNX's (filters, in / groups, *k).
    kernel = np.asarray(layer.kernel.numpy(), "float32")
    kernel = np.transpose(kernel, (rank - 1, rank - 2, *range(rank - 2)))
    operands = [x, graph.constant(kernel, f"{hint}/kernel")]
    if layer.use_bias:
        operands.append(graph.weight(layer.bias, f"{hint}/bias"))
    y = graph.add(
        "Conv",
        operands,
        hint,
        kernel_shape=list(layer.kernel_size),
        strides=list(layer.strides),
        dilations=list(layer.dilation_rate),
        group=layer.groups,
        **_padding_attributes(
            sizes, layer.kernel_size, layer.strides, layer.dilation_rate, layer.padding
        ),
    )
    y = _to_data_format(graph, y, rank, layer.data_format, hint)
    return [activation(graph, layer.activation, y, hint)]


def _pool(op_type):
    def convert(graph, layer, inputs, hint):
        x = inputs[0]
        rank = len(graph.shapes[x])
        sizes = _spatial(graph, x, layer.data_format)
        x = _to_channels_first(graph, x, layer.data_format, hint)
        attributes = _padding_attributes(
            sizes, layer.pool_size, layer.strides, [1] * layer.rank, layer.padding
        )
        if op_type == "AveragePool":
            # TensorFlow's average over "same" windows counts only the real pixels.
            attributes["count_include_pad"] = 0
        y = graph.add(
            op_type,
            [x],
            hint,
            kernel_shape=list(layer.pool_size),
            strides=list(layer.strides),
            **attributes,
        )
        return [_to_data_format(graph, y, rank, layer.data_format, hint)]

    return convert


def _global_pool(op_type):
    def convert(graph, layer, inputs, hint):
        x = inputs[0]
        rank = len(graph.shapes[x])
        first = 2 if layer.data_format == "channels_first" else 1
        axes = list(range(first, first + rank - 2))
        return [graph.reduce(op_type, x, axes, hint, keepdims=int(bool(layer.keepdims)))]

    return convert


def _zero_padding(graph, layer, inputs, hint):
    pads = layer._paddings()
    amounts = graph.ints([p[0] for p in pads] + [p[1] for p in pads], f"{hint}/pads")
    return [graph.add("Pad", [inputs[0], amounts], hint, mode="constant")]


def _cropping(graph, layer, inputs, hint):
    # Slice each spatial axis from `before` to `-after` (to its end when `after` is 0).
    axes = arguments.spatial_axes(layer.data_format, layer.rank)
    pairs = per_axis(layer.cropping, layer.rank)
    starts = [before for before, _ in pairs]
    ends = [-after if after else np.iinfo(np.int64).max for _, after in pairs]
    operands = [inputs[0], graph.ints(starts, f"{hint}/starts"), graph.ints(ends, f"{hint}/ends")]
    return [graph.add("Slice", [*operands, graph.ints(axes, f"{hint}/axes")], hint)]


def _up_sampling(graph, layer, inputs, hint):
    x = inputs[0]
    scales = [1.0] * len(graph.shapes[x])
    for a, size in zip(arguments.spatial_axes(layer.data_format, layer.rank), layer._sizes):
        scales[a] = float(size)
    if layer.interpolation == "nearest":  # each pixel repeated `size` times
        modes = {"mode": "nearest", "coordinate_transformation_mode": "asymmetric"}
        modes["nearest_mode"] = "floor"
    elif layer.interpolation == "bilinear":
        modes = {"mode": "linear", "coordinate_transformation_mode": "half_pixel"}
    else:
        raise NotImplementedError(
            f"ONNX export: {type(layer).__name__} '{layer.name}' with "
            f"interpolation={layer.interpolation!r}."
        )
    scales_name = graph.constant(scales, f"{hint}/scales")
    return [graph.add("Resize", [x, "", scales_name], hint, **modes)]


CONVERTERS = {
    layers.Conv1D: _conv,
    layers.Conv2D: _conv,
    layers.Conv3D: _conv,
    layers.MaxPooling1D: _pool("MaxPool"),
    layers.MaxPooling2D: _pool("MaxPool"),
    layers.MaxPooling3D: _pool("MaxPool"),
    layers.AveragePooling1D: _pool("AveragePool"),
    layers.AveragePooling2D: _pool("AveragePool"),
    layers.AveragePooling3D: _pool("AveragePool"),
    layers.GlobalAveragePooling1D: _global_pool("ReduceMean"),
    layers.GlobalAveragePooling2D: _global_pool("ReduceMean"),
    layers.GlobalAveragePooling3D: _global_pool("ReduceMean"),
    layers.GlobalMaxPooling1D: _global_pool("ReduceMax"),
    layers.GlobalMaxPooling2D: _global_pool("ReduceMax"),
    layers.GlobalMaxPooling3D: _global_pool("ReduceMax"),
    layers.ZeroPadding1D: _zero_padding,
    layers.ZeroPadding2D: _zero_padding,
    layers.ZeroPadding3D: _zero_padding,
    layers.Cropping1D: _cropping,
    layers.Cropping2D: _cropping,
    layers.Cropping3D: _cropping,
    layers.UpSampling1D: _up_sampling,
    layers.UpSampling2D: _up_sampling,
    layers.UpSampling3D: _up_sampling,
}
