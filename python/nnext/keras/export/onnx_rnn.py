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


def _recurrent(op_type, order):
    def convert(graph, layer, inputs, hint):
        if len(inputs) > 1:
            raise NotImplementedError(
                f"ONNX export: {type(layer).__name__} '{layer.name}' called with a mask or "
                "initial states."
            )
        if layer.go_backwards or layer.stateful:
            raise NotImplementedError(
                f"ONNX export: {type(layer).__name__} '{layer.name}' with go_backwards or stateful."
            )
        cell, units = layer.cell, layer.cell.units
        kernel = _gates(np.asarray(cell.kernel.numpy(), "float32"), order, units)
        recurrent = _gates(np.asarray(cell.recurrent_kernel.numpy(), "float32"), order, units)
        gates = kernel.shape[-1]
        if cell.use_bias:
            bias = np.asarray(cell.bias.numpy(), "float32")
            if bias.ndim == 2:  # GRU with reset_after: input and recurrent biases
                bias = np.concatenate(
                    [_gates(bias[0], order, units), _gates(bias[1], order, units)]
                )
            else:
                bias = np.concatenate([_gates(bias, order, units), np.zeros(gates, "float32")])
        else:
            bias = np.zeros(2 * gates, "float32")
        attributes = {"hidden_size": units}
        if op_type == "RNN":
            attributes["activations"] = [_activation_name(layer, cell.activation)]
        else:
            f = _activation_name(layer, cell.recurrent_activation)
            g = _activation_name(layer, cell.activation)
            attributes["activations"] = [f, g] if op_type == "GRU" else [f, g, g]
        if op_type == "GRU":
            attributes["linear_before_reset"] = int(bool(cell.reset_after))
        x = graph.add("Transpose", [inputs[0]], hint, perm=[1, 0, 2])
        operands = [
            x,
            graph.constant(kernel.T[None], f"{hint}/W"),
            graph.constant(recurrent.T[None], f"{hint}/R"),
            graph.constant(bias[None], f"{hint}/B"),
        ]
        count = 3 if op_type == "LSTM" else 2
        results = graph.add(op_type, operands, hint, outputs=count, **attributes)
        axis0 = graph.ints([0], f"{hint}/axis0")
        states = [graph.add("Squeeze", [s, axis0], hint) for s in results[1:]]
        if layer.return_sequences:
            sequence = graph.add("Squeeze", [results[0], graph.ints([1], f"{hint}/axis1")], hint)
            output = graph.add("Transpose", [sequence], hint, perm=[1, 0, 2])
        else:
            output = graph.add("Identity", [states[0]], hint)
        return [output, *states] if layer.return_state else [output]

    return convert


CONVERTERS = {
    layers.LSTM: _recurrent("LSTM", (0, 3, 1, 2)),
    layers.GRU: _recurrent("GRU", (0, 1, 2)),
    layers.SimpleRNN: _recurrent("RNN", (0,)),
}
