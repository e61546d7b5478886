"""ONNX converters for the core, activation, merging, normalization and reshaping layers.

A converter is `convert(graph, layer, inputs, hint) -> [output names]`: `inputs` are the
ONNX names of the layer call's tensors (their Keras shapes in `graph.shapes`), `hint`
prefixes the names it adds. `CONVERTERS` maps each layer class to its converter, by the
exact class: a subclass may override `call`, so it is not taken for its parent.
"""

import numpy as np

from nnext.keras import layers
from nnext.keras.activations.activations import canonical_name


def activation(graph, function, x, hint):
    """`function` (a Keras activation) applied to `x`."""
    name = canonical_name(function)
    if name not in _ACTIVATIONS:
        raise NotImplementedError(
            f"ONNX export: activation {getattr(function, '__name__', function)!r} has no "
            f"ONNX conversion (supported: {sorted(_ACTIVATIONS)})."
        )
    return _ACTIVATIONS[name](graph, x, hint)


def _gelu(graph, x, hint):
    # Exact form: x * (1 + erf(x / sqrt(2))) / 2 (Keras's default `approximate=False`).
    scaled = graph.add("Mul", [x, graph.constant(1 / np.sqrt(2.0), f"{hint}/rsqrt2")], hint)
    erf = graph.add("Erf", [scaled], hint)
    one_plus = graph.add("Add", [erf, graph.constant(1.0, f"{hint}/one")], hint)
    half_x = graph.add("Mul", [x, graph.constant(0.5, f"{hint}/half")], hint)
    return graph.add("Mul", [half_x, one_plus], hint)


_ACTIVATIONS = {
    "linear": lambda g, x, h: x,
    "relu": lambda g, x, h: g.add("Relu", [x], h),
    "sigmoid": lambda g, x, h: g.add("Sigmoid", [x], h),
    "tanh": lambda g, x, h: g.add("Tanh", [x], h),
    "softmax": lambda g, x, h: g.add("Softmax", [x], h, axis=-1),
    "leaky_relu": lambda g, x, h: g.add("LeakyRelu", [x], h, alpha=0.2),
    "elu": lambda g, x, h: g.add("Elu", [x], h, alpha=1.0),
    "gelu": _gelu,
    "softplus": lambda g, x, h: g.add("Softplus", [x], h),
    "silu": lambda g, x, h: g.add("Mul", [x, g.add("Sigmoid", [x], h)], h),
    "swish": lambda g, x, h: g.add("Mul", [x, g.add("Sigmoid", [x], h)], h),
}


def _identity(graph, layer, inputs, hint):
    return [graph.add("Identity", [inputs[0]], hint)]


def _dense(graph, layer, inputs, hint):
    y = graph.add("MatMul", [inputs[0], graph.weight(layer.kernel, f"{hint}/kernel")], hint)
    if layer.use_bias:
        y = graph.add("Add", [y, graph.weight(layer.bias, f"{hint}/bias")], hint)
    return [activation(graph, layer.activation, y, hint)]


def _activation(graph, layer, inputs, hint):
    return [activation(graph, layer.activation, inputs[0], hint)]


def _relu_layer(graph, layer, inputs, hint):
    # Keras: max_value above it, x from threshold up, negative_slope * (x - threshold) below.
    x = inputs[0]
    slope, threshold = float(layer.negative_slope), float(layer.threshold)
    if threshold == 0.0:
        y = (
            graph.add("LeakyRelu", [x], hint, alpha=slope)
            if slope
            else graph.add("Relu", [x], hint)
        )
    else:
        t = graph.constant(threshold, f"{hint}/threshold")
        below = graph.add(
            "Mul", [graph.add("Sub", [x, t], hint), graph.constant(slope, f"{hint}/slope")], hint
        )
        y = graph.add("Where", [graph.add("GreaterOrEqual", [x, t], hint), x, below], hint)
    if layer.max_value is not None:
        y = graph.add("Min", [y, graph.constant(float(layer.max_value), f"{hint}/max")], hint)
    return [y]


def _softmax_layer(graph, layer, inputs, hint):
    if len(inputs) > 1:
        raise NotImplementedError(f"ONNX export: Softmax layer '{layer.name}' called with a mask.")
    axis = layer.axis
    if not isinstance(axis, int):
        raise NotImplementedError(
            f"ONNX export: Softmax layer '{layer.name}' over several axes {axis}."
        )
    return [graph.add("Softmax", [inputs[0]], hint, axis=axis)]


def _flatten(graph, layer, inputs, hint):
    x = inputs[0]
    rank = len(graph.shapes[x])
    if layer.data_format == "channels_first" and rank > 2:
        # Keras moves the channels last before flattening a channels_first tensor.
        x = graph.add("Transpose", [x], hint, perm=[0, *range(2, rank), 1])
    return [graph.add("Flatten", [x], hint, axis=1)]


def _reshape(graph, layer, inputs, hint):
    # 0 keeps the batch size (ONNX's allowzero=0 default), -1 is inferred as in Keras.
    shape = graph.ints([0, *layer.target_shape], f"{hint}/shape")
    return [graph.add("Reshape", [inputs[0], shape], hint)]


def _permute(graph, layer, inputs, hint):
    return [graph.add("Transpose", [inputs[0]], hint, perm=[0, *layer.dims])]


def _repeat_vector(graph, layer, inputs, hint):
    x = graph.add("Unsqueeze", [inputs[0], graph.ints([1], f"{hint}/axis")], hint)
    return [graph.add("Tile", [x, graph.ints([1, layer.n, 1], f"{hint}/repeats")], hint)]


def _merge(op_type):
    def convert(graph, layer, inputs, hint):
        return [graph.add(op_type, list(inputs), hint)]

    return convert


def _multiply(graph, layer, inputs, hint):
    y = inputs[0]
    for other in inputs[1:]:
        y = graph.add("Mul", [y, other], hint)
    return [y]


def _subtract(graph, layer, inputs, hint):
    return [graph.add("Sub", list(inputs), hint)]


def _concatenate(graph, layer, inputs, hint):
    return [graph.add("Concat", list(inputs), hint, axis=layer.axis)]


def _batch_norm(graph, layer, inputs, hint):
    # Inference: (x - moving_mean) / sqrt(moving_variance + epsilon) * gamma + beta, folded
    # into one scale and one shift per channel.
    x = inputs[0]
    rank = len(graph.shapes[x])
    axis = layer.axis % rank
    mean = np.asarray(layer.moving_mean.numpy(), "float64")
    variance = np.asarray(layer.moving_variance.numpy(), "float64")
    gamma = np.asarray(layer.gamma.numpy(), "float64") if layer.scale else 1.0
    beta = np.asarray(layer.beta.numpy(), "float64") if layer.center else 0.0
    scale = gamma / np.sqrt(variance + layer.epsilon)
    shift = beta - mean * scale
    shape = [1] * (rank - 1)
    shape[axis - 1] = mean.shape[0]
    scale_name = graph.constant(scale.reshape(shape), f"{hint}/scale")
    shift_name = graph.constant(shift.reshape(shape), f"{hint}/shift")
    return [graph.add("Add", [graph.add("Mul", [x, scale_name], hint), shift_name], hint)]


def _layer_norm(graph, layer, inputs, hint):
    x = inputs[0]
    rank = len(graph.shapes[x])
    axes = sorted(a % rank for a in layer.axis)
    shape = [graph.shapes[x][a] for a in axes]
    gamma = layer.gamma.numpy() if layer.scale else np.ones(shape)
    beta = layer.beta.numpy() if layer.center else np.zeros(shape)
    if axes == list(range(axes[0], rank)):
        # The normalized axes are the trailing ones: ONNX's own LayerNormalization.
        scale = graph.constant(np.reshape(gamma, shape), f"{hint}/gamma")
        bias = graph.constant(np.reshape(beta, shape), f"{hint}/beta")
        return [
            graph.add(
                "LayerNormalization", [x, scale, bias], hint, axis=axes[0], epsilon=layer.epsilon
            )
        ]
    # Other axes: mean and variance over them, spelled out.
    broadcast = [graph.shapes[x][a] if a in axes else 1 for a in range(1, rank)]
    mean = graph.reduce("ReduceMean", x, axes, hint)
    centred = graph.add("Sub", [x, mean], hint)
    variance = graph.reduce("ReduceMean", graph.add("Mul", [centred, centred], hint), axes, hint)
    eps = graph.constant(layer.epsilon, f"{hint}/epsilon")
    std = graph.add("Sqrt", [graph.add("Add", [variance, eps], hint)], hint)
    y = graph.add("Div", [centred, std], hint)
    y = graph.add("Mul", [y, graph.constant(np.reshape(gamma, broadcast), f"{hint}/gamma")], hint)
    return [
        graph.add("Add", [y, graph.constant(np.reshape(beta, broadcast), f"{hint}/beta")], hint)
    ]


def _embedding(graph, layer, inputs, hint):
    if layer.mask_zero:
        # The mask would change what later layers compute; the exported graph carries none.
        raise NotImplementedError(
            f"ONNX export: Embedding layer '{layer.name}' has mask_zero=True; masks are not "
            "exported."
        )
    indices = inputs[0]
    if graph.dtypes[indices] not in ("int32", "int64"):
        indices = graph.add("Cast", [indices], hint, to=7)  # int64
    table = graph.weight(layer.embeddings, f"{hint}/embeddings")
    return [graph.add("Gather", [table, indices], hint, axis=0)]


def _rescaling(graph, layer, inputs, hint):
    x = inputs[0]
    if graph.dtypes[x] != "float32":
        x = graph.add("Cast", [x], hint, to=1)
    y = graph.add("Mul", [x, graph.constant(layer.scale, f"{hint}/scale")], hint)
    return [graph.add("Add", [y, graph.constant(layer.offset, f"{hint}/offset")], hint)]


def _leaky_relu_layer(graph, layer, inputs, hint):
    return [graph.add("LeakyRelu", [inputs[0]], hint, alpha=float(layer.negative_slope))]


def _elu_layer(graph, layer, inputs, hint):
    return [graph.add("Elu", [inputs[0]], hint, alpha=float(layer.alpha))]


def _prelu(graph, layer, inputs, hint):
    return [graph.add("PRelu", [inputs[0], graph.weight(layer.alpha, f"{hint}/alpha")], hint)]


CONVERTERS = {
    layers.Dense: _dense,
    layers.Activation: _activation,
    layers.ReLU: _relu_layer,
    layers.LeakyReLU: _leaky_relu_layer,
    layers.ELU: _elu_layer,
    layers.PReLU: _prelu,
    layers.Softmax: _softmax_layer,
    layers.Identity: _identity,
    # Inference: the regularization layers pass their input through.
    layers.Dropout: _identity,
    layers.AlphaDropout: _identity,
    layers.GaussianDropout: _identity,
    layers.GaussianNoise: _identity,
    layers.SpatialDropout1D: _identity,
    layers.SpatialDropout2D: _identity,
    layers.SpatialDropout3D: _identity,
    layers.ActivityRegularization: _identity,
    layers.Flatten: _flatten,
    layers.Reshape: _reshape,
    layers.Permute: _permute,
    layers.RepeatVector: _repeat_vector,
    layers.Add: _merge("Sum"),
    layers.Subtract: _subtract,
    layers.Multiply: _multiply,
    layers.Average: _merge("Mean"),
    layers.Maximum: _merge("Max"),
    layers.Minimum: _merge("Min"),
    layers.Concatenate: _concatenate,
    layers.BatchNormalization: _batch_norm,
    layers.LayerNormalization: _layer_norm,
    layers.Embedding: _embedding,
    layers.Rescaling: _rescaling,
}
