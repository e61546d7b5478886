"""ONNX converters for LSTM, GRU and SimpleRNN (ONNX's LSTM, GRU and RNN ops).

Keras stacks an LSTM's gates as [input, forget, cell, output] and ONNX as [input, output,
forget, cell]; a GRU's [update, reset, candidate] is ONNX's [z, r, h] order already, and
Keras's `reset_after=True` is ONNX's `linear_before_reset=1`. ONNX runs time-major
(`layout=0`, which onnxruntime supports): the input is transposed to (time, batch, features).
"""

import numpy as np

from nnext.keras import layers
from nnext.keras.activations.activations import canonical_name

_ONNX_ACTIVATIONS = {"sigmoid": "Sigmoid", "tanh": "Tanh", "relu": "Relu"}


def _activation_name(layer, function):
    name = _ONNX_ACTIVATIONS.get(canonical_name(function))
    if name is None:
        raise NotImplementedError(
            f"ONNX export: {type(layer).__name__} '{layer.name}' uses activation "
            f"{getattr(function, '__name__', function)!r}; ONNX recurrent ops take "
            f"{sorted(_ONNX_ACTIVATIONS)}."
        )
    return name


def _gates(matrix, order, units):
    """`matrix`'s gate blocks (last axis, `units` wide) rearranged into `order`."""
    return np.concatenate([matrix[..., i * units : (i + 1) * units] for i in order], axis=-1)


def _weights(layer, order):
    """ONNX's W (gates, input), R (gates, units) and B (2 * gates) of one direction."""
    cell, units = layer.cell, layer.cell.units
    kernel = _gates(np.asarray(cell.kernel.numpy(), "float32"), order, units)
    recurrent = _gates(np.asarray(cell.recurrent_kernel.numpy(), "float32"), order, units)
    gates = kernel.shape[-1]
    if cell.use_bias:
        bias = np.asarray(cell.bias.numpy(), "float32")
        if bias.ndim == 2:  # GRU with reset_after: input and recurrent biases
            bias = np.concatenate([_gates(bias[0], order, units), _gates(bias[1], order, units)])
        else:
            bias = np.concatenate([_gates(bias, order, units), np.zeros(gates, "float32")])
    else:
        bias = np.zeros(2 * gates, "float32")
    return kernel.T, recurrent.T, bias


def _attributes(op_type, layer):
    cell = layer.cell
    attributes = {"hidden_size": cell.units}
    if op_type == "RNN":
        attributes["activations"] = [_activation_name(layer, cell.activation)]
    else:
        f = _activation_name(layer, cell.recurrent_activation)
        g = _activation_name(layer, cell.activation)
        attributes["activations"] = [f, g] if op_type == "GRU" else [f, g, g]
    if op_type == "GRU":
        attributes["linear_before_reset"] = int(bool(cell.reset_after))
    return attributes


def _check(layer, inputs, owner):
    if len(inputs) > 1:
        raise NotImplementedError(
            f"ONNX export: {type(owner).__name__} '{owner.name}' called with a mask or "
            "initial states."
        )
    if layer.stateful or (layer.go_backwards and owner is layer):
        raise NotImplementedError(
            f"ONNX export: {type(owner).__name__} '{owner.name}' with go_backwards or stateful."
        )


def _recurrent(op_type, order):
    def convert(graph, layer, inputs, hint):
        _check(layer, inputs, layer)
        kernel, recurrent, bias = _weights(layer, order)
        x = graph.add("Transpose", [inputs[0]], hint, perm=[1, 0, 2])
        operands = [
            x,
            graph.constant(kernel[None], f"{hint}/W"),
            graph.constant(recurrent[None], f"{hint}/R"),
            graph.constant(bias[None], f"{hint}/B"),
        ]
        count = 3 if op_type == "LSTM" else 2
        results = graph.add(op_type, operands, hint, outputs=count, **_attributes(op_type, layer))
        axis0 = graph.ints([0], f"{hint}/axis0")
        states = [graph.add("Squeeze", [s, axis0], hint) for s in results[1:]]
        if layer.return_sequences:
            sequence = graph.add("Squeeze", [results[0], graph.ints([1], f"{hint}/axis1")], hint)
            output = graph.add("Transpose", [sequence], hint, perm=[1, 0, 2])
        else:
            output = graph.add("Identity", [states[0]], hint)
        return [output, *states] if layer.return_state else [output]

    return convert


_OPS = {}  # the recurrent layer classes' (ONNX op, gate order), filled below


def _bidirectional(graph, layer, inputs, hint):
    # ONNX's "bidirectional" direction: the reverse pass's outputs come back in time order,
    # as Keras's Bidirectional flips its backward layer's sequence back.
    forward, backward = layer.forward_layer, layer.backward_layer
    if type(forward) not in _OPS or type(backward) is not type(forward):
        raise NotImplementedError(
            f"ONNX export: Bidirectional '{layer.name}' over {type(forward).__name__}."
        )
    if layer.return_state or layer.merge_mode not in ("concat", "sum", "ave", "mul"):
        raise NotImplementedError(
            f"ONNX export: Bidirectional '{layer.name}' with merge_mode={layer.merge_mode!r} "
            f"or return_state."
        )
    _check(forward, inputs, layer)
    _check(backward, inputs, layer)
    op_type, order = _OPS[type(forward)]
    attributes = _attributes(op_type, forward)
    if _attributes(op_type, backward) != attributes:
        raise NotImplementedError(
            f"ONNX export: Bidirectional '{layer.name}' whose two layers differ in size or "
            "activations."
        )
    attributes["activations"] = attributes["activations"] * 2  # one list per direction
    weights = [_weights(forward, order), _weights(backward, order)]
    x = graph.add("Transpose", [inputs[0]], hint, perm=[1, 0, 2])
    operands = [x] + [
        graph.constant(np.stack([w[i] for w in weights]), f"{hint}/{name}")
        for i, name in enumerate("WRB")
    ]
    count = 3 if op_type == "LSTM" else 2
    results = graph.add(
        op_type, operands, hint, outputs=count, direction="bidirectional", **attributes
    )
    units = forward.cell.units
    if layer.return_sequences:  # Y: (time, 2, batch, units) -> (batch, time, 2, units)
        y = graph.add("Transpose", [results[0]], hint, perm=[2, 0, 1, 3])
        both = (graph.ints([0, 0, 2 * units], f"{hint}/concat"), -2)
    else:  # Y_h: (2, batch, units) -> (batch, 2, units)
        y = graph.add("Transpose", [results[1]], hint, perm=[1, 0, 2])
        both = (graph.ints([0, 2 * units], f"{hint}/concat"), 1)
    if layer.merge_mode == "concat":
        return [graph.add("Reshape", [y, both[0]], hint)]
    axis = graph.ints([both[1]], f"{hint}/direction_axis")
    if layer.merge_mode in ("sum", "ave"):
        merged = graph.add("ReduceSum", [y, axis], hint, keepdims=0)
        if layer.merge_mode == "ave":
            merged = graph.add("Mul", [merged, graph.constant(0.5, f"{hint}/half")], hint)
        return [merged]
    return [graph.reduce("ReduceProd", y, [both[1]], hint, keepdims=0)]


_OPS.update(
    {
        layers.LSTM: ("LSTM", (0, 3, 1, 2)),
        layers.GRU: ("GRU", (0, 1, 2)),
        layers.SimpleRNN: ("RNN", (0,)),
    }
)
CONVERTERS = {cls: _recurrent(*op) for cls, op in _OPS.items()}
CONVERTERS[layers.Bidirectional] = _bidirectional
