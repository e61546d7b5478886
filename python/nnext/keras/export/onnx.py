"""`export_onnx`: a built Sequential or functional model as an ONNX file.

The exporter walks the model's layer graph (a Sequential model's functional view), converts
each layer call to ONNX nodes with its weights as initializers (`onnx_layers.py`,
`onnx_conv.py`, `onnx_rnn.py`), and writes the model with the `onnx` package, which is
imported here only. The batch axis stays dynamic. A layer with no converter raises
NotImplementedError naming its class.
"""

import os

from nnext.keras.export.onnx_graph import OnnxGraph

DEFAULT_OPSET = 17  # ONNX's LayerNormalization needs 17


def _converters():
    from nnext.keras.export import onnx_conv, onnx_layers, onnx_rnn

    return {**onnx_layers.CONVERTERS, **onnx_conv.CONVERTERS, **onnx_rnn.CONVERTERS}


def _dtype_name(dtype):
    return getattr(dtype, "name", None) or str(dtype)


def _graph_of(model):
    """The model's input and output KerasTensors and its nodes in graph order."""
    from nnext.keras.models.functional import Functional, _nodes_between
    from nnext.keras.models.sequential import Sequential

    if not isinstance(model, (Functional, Sequential)):
        raise NotImplementedError(
            f"ONNX export walks the layer graph of a Sequential or functional model; "
            f"'{model.name}' is a subclassed model ({type(model).__name__}), whose `call` "
            "is Python code. Build it functionally to export it."
        )
    if isinstance(model, Sequential) and (not model.built or model._input_layer is None):
        raise ValueError("The model provided has never called. ")
    inputs, outputs = model.inputs, model.outputs
    return inputs, outputs, _nodes_between(inputs, outputs)


def _convert_model(graph, model, input_names, converters, hint=""):
    """Adds the nodes of `model` reading `input_names`; returns its output names."""
    from nnext.keras.layers.core.input_layer import InputLayer
    from nnext.keras.models.model import Model

    inputs, outputs, nodes = _graph_of(model)
    names = {id(t): n for t, n in zip(inputs, input_names)}
    for node in nodes:
        operation = node.operation
        if isinstance(operation, InputLayer) or not node.input_tensors:
            continue
        operands = [names[id(t)] for t in node.input_tensors]
        prefix = f"{hint}{operation.name}"
        if isinstance(operation, Model):
            results = _convert_model(graph, operation, operands, converters, f"{prefix}/")
        else:
            convert = converters.get(type(operation))
            if convert is None:
                raise NotImplementedError(
                    f"ONNX export does not support layer '{operation.name}' of class "
                    f"{type(operation).__name__}."
                )
            results = convert(graph, operation, operands, prefix)
        if len(results) != len(node.outputs):
            raise NotImplementedError(
                f"ONNX export: layer '{operation.name}' ({type(operation).__name__}) "
                f"returns {len(node.outputs)} tensors; its converter made {len(results)}."
            )
        for tensor, result in zip(node.outputs, results):
            if result in names.values() or result in input_names:
                result = graph.add("Identity", [result], prefix)
            graph.shapes[result] = tuple(tensor.shape)
            graph.dtypes[result] = _dtype_name(tensor.dtype)
            names[id(tensor)] = result
    return [names[id(t)] for t in outputs]


def build_onnx_model(model, opset_version=None):
    """The `onnx.ModelProto` of `model` (a built Sequential or functional model)."""
    opset = DEFAULT_OPSET if opset_version is None else int(opset_version)
    if opset < DEFAULT_OPSET:
        raise ValueError(
            f"ONNX export needs opset_version >= {DEFAULT_OPSET} (LayerNormalization); "
            f"received opset_version={opset_version}."
        )
    graph = OnnxGraph(opset)
    inputs, _, _ = _graph_of(model)
    input_names = []
    for i, tensor in enumerate(inputs):
        name = graph.fresh(getattr(tensor, "name", None) or f"input_{i}")
        graph.shapes[name] = (None, *tuple(tensor.shape)[1:])
        graph.dtypes[name] = _dtype_name(tensor.dtype)
        input_names.append(name)
    results = _convert_model(graph, model, input_names, _converters())
    output_names = []
    for i, result in enumerate(results):
        name = f"output_{i}"
        graph.nodes.append(("Identity", [result], [name], {}, name))
        graph.shapes[name] = (None, *graph.shapes[result][1:])
        graph.dtypes[name] = graph.dtypes[result]
        output_names.append(name)
    return graph.to_model(input_names, output_names, model.name)


def export_onnx(model, filepath, verbose=None, input_signature=None, opset_version=None, **kwargs):
    """Writes `model` to `filepath` as an ONNX model that onnxruntime runs.

    Args:
        model: a built Sequential or functional model.
        filepath: `str` or `pathlib.Path`: where to write the `.onnx` file.
        verbose: print where the artifact went (`None` means True, as in Keras).
        input_signature: must be None or match the model's inputs: nnext exports the
            model's own input shapes, with a dynamic batch axis.
        opset_version: the ONNX opset (17, the default, or later).
    """
    if kwargs:
        raise ValueError(f"ONNX export: unexpected arguments {sorted(kwargs)}.")
    if input_signature is not None:
        _check_signature(model, input_signature)
    onnx_model = build_onnx_model(model, opset_version)
    import onnx

    onnx.save(onnx_model, os.fspath(filepath))
    if verbose is None or verbose:
        print(f"Saved artifact at '{filepath}'.")


def _check_signature(model, input_signature):
    from nnext.keras import tree

    specs = tree.flatten(input_signature)
    inputs, _, _ = _graph_of(model)
    if len(specs) != len(inputs):
        raise ValueError(
            f"input_signature has {len(specs)} specs; the model has {len(inputs)} inputs."
        )
    for spec, tensor in zip(specs, inputs):
        shape = tuple(getattr(spec, "shape", ()))
        expected = tuple(tensor.shape)
        if len(shape) != len(expected) or any(
            a is not None and b is not None and a != b for a, b in zip(shape[1:], expected[1:])
        ):
            raise ValueError(
                f"input_signature shape {shape} is incompatible with the model's input "
                f"'{tensor.name}' of shape {expected}."
            )
