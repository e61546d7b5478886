"""A functional model to and from Keras 3's config: layers with their `inbound_nodes`.

Each layer is written once, with the list of its calls that belong to the model; a call's
arguments are written with every KerasTensor replaced by `__keras_tensor__` and the
`[layer name, node index, tensor index]` of the call that produced it. Loading creates the
layers, then calls each on the tensors its nodes name, in as many passes as it takes for the
tensors a node needs to exist. Node indices count only the model's own calls, as Keras's do
(a layer shared with another model may have more).
"""

from nnext.keras import tree
from nnext.keras.keras_tensor import is_keras_tensor
from nnext.keras.saving.serialization import deserialize_keras_object, serialize_keras_object


def functional_config(model):
    """The `get_config()` dict of a functional model, in Keras 3's layout."""
    own_nodes = {id(node) for node in model._nodes}
    kept_index = {}  # (id(operation), its node index) -> the index written to the file
    for operation in model._operations:
        # Keras numbers a nested functional model's calls from 1 (and its reader subtracts
        # 1 again for input and output references): written the same way, files agree.
        kept = 1 if _is_functional(operation) else 0
        for i, node in enumerate(operation._inbound_nodes):
            if id(node) in own_nodes:
                kept_index[(id(operation), i)] = kept
                kept += 1

    layers = []
    for operation in model._operations:
        nodes = [
            _serialize_node(node, own_nodes)
            for node in operation._inbound_nodes
            if id(node) in own_nodes and node.input_tensors
        ]
        config = serialize_keras_object(operation)
        config["name"] = operation.name
        config["inbound_nodes"] = nodes
        layers.append(config)

    def tensor_reference(tensor):
        operation, node_index, tensor_index = tensor._keras_history
        return [operation.name, kept_index[(id(operation), node_index)], tensor_index]

    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": layers,
        "input_layers": tree.map_structure(tensor_reference, model._inputs_struct),
        "output_layers": tree.map_structure(tensor_reference, model._outputs_struct),
    }


def _serialize_node(node, own_nodes):
    def reference(value):
        if not is_keras_tensor(value):
            return value
        operation, node_index, tensor_index = value._keras_history
        # Count only the producing layer's calls that belong to this model.
        index = sum(1 for n in operation._inbound_nodes[:node_index] if id(n) in own_nodes)
        return {
            "class_name": "__keras_tensor__",
            "config": {
                "shape": list(value.shape),
                "dtype": value.dtype,
                "keras_history": [operation.name, index, tensor_index],
            },
        }

    return {
        "args": serialize_keras_object(tree.map_structure(reference, list(node.call_args))),
        "kwargs": serialize_keras_object(tree.map_structure(reference, node.call_kwargs)),
    }


def functional_from_config(cls, config, custom_objects=None):
    """Re-creates a functional model (of class `cls`) from `functional_config`'s dict."""
    config = dict(config)
    try:
        layer_configs = config.pop("layers")
        input_refs = config.pop("input_layers")
        output_refs = config.pop("output_layers")
    except KeyError as e:
        raise ValueError(f"Invalid functional model config: it has no {e.args[0]!r}.") from e
    created = {}
    pending = {}
    for layer_config in layer_configs:
        layer = deserialize_keras_object(layer_config, custom_objects)
        if not hasattr(layer, "_inbound_nodes"):
            raise ValueError(
                "Unexpected object from deserialization, expected a layer or operation, got "
                f"a {type(layer)}"
            )
        name = layer_config.get("name", getattr(layer, "name", None))
        created[name] = layer
        pending[name] = list(layer_config.get("inbound_nodes", []))

    while any(pending.values()):
        progressed = False
        for layer_config in layer_configs:
            name = layer_config.get("name")
            nodes = pending.get(name)
            while nodes:
                arguments = _revive_node(nodes[0], created)
                if arguments is None:  # a tensor it needs does not exist yet
                    break
                args, kwargs = arguments
                created[name](*args, **kwargs)
                nodes.pop(0)
                progressed = True
        if not progressed:
            unresolved = {name: nodes for name, nodes in pending.items() if nodes}
            raise ValueError(
                "Invalid Functional model configuration. The graph of the Functional model "
                f"either has loops or disconnected nodes. Unresolved nodes: {list(unresolved)}"
            )

    def tensor_at(reference):
        layer_name, node_index, tensor_index = reference
        if layer_name not in created:
            raise ValueError(f"Invalid functional model config: unknown layer {layer_name!r}.")
        layer = created[layer_name]
        if _is_functional(layer):
            node_index -= 1
        return layer._inbound_nodes[node_index].outputs[tensor_index]

    inputs = _map_references(tensor_at, input_refs)
    outputs = _map_references(tensor_at, output_refs)
    return cls(
        inputs=inputs,
        outputs=outputs,
        name=config.get("name"),
        trainable=config.get("trainable", True),
    )


def _map_references(fn, refs):
    if isinstance(refs, list) and len(refs) == 3 and isinstance(refs[0], str):
        return fn(refs)
    if isinstance(refs, dict):
        return {key: _map_references(fn, value) for key, value in refs.items()}
    return [_map_references(fn, value) for value in refs]


def _revive_node(node_data, created):
    """`(args, kwargs)` for a saved call, or None while a tensor it reads is not made yet."""
    if isinstance(node_data, list):  # the older format: [[layer, node, tensor, kwargs], ...]
        tensors = [
            {"class_name": "__keras_tensor__", "config": {"keras_history": entry[:3]}}
            for entry in node_data
        ]
        kwargs = node_data[0][3] if node_data and len(node_data[0]) > 3 else {}
        node_data = {"args": [tensors[0] if len(tensors) == 1 else tensors], "kwargs": kwargs}
    missing = False

    def revive(value):
        nonlocal missing
        if isinstance(value, list):
            return [revive(item) for item in value]
        if not isinstance(value, dict):
            return value
        if value.get("class_name") == "__keras_tensor__":
            layer_name, node_index, tensor_index = value["config"]["keras_history"]
            layer = created.get(layer_name)
            if layer is None:
                raise ValueError(f"Invalid functional model config: unknown layer {layer_name!r}.")
            if len(layer._inbound_nodes) <= node_index:
                missing = True
                return None
            return layer._inbound_nodes[node_index].outputs[tensor_index]
        if "class_name" in value and "config" in value:
            return deserialize_keras_object(value)
        return {key: revive(item) for key, item in value.items()}

    args = revive(list(node_data.get("args", [])))
    kwargs = revive(dict(node_data.get("kwargs", {})))
    return None if missing else (args, kwargs)


def _is_functional(operation):
    return getattr(operation, "_obj_type", lambda: None)() == "Functional"


def summary_rows(model):
    """`(name, type, output shape, weights)` per layer for `print_summary`, with a fifth
    "Connected to" entry (`layer[node][tensor]` of each input) unless the graph is a plain
    chain: one node per depth, each reading one tensor, no layer called twice (Keras's
    rule)."""
    own = {id(node) for node in model._nodes}
    chain = all(len(node.input_tensors) <= 1 for node in model._nodes) and len(
        {id(node.operation) for node in model._nodes}
    ) == len(model._nodes)
    rows = []
    for layer in model.operations:  # layers and the ops called between them, as Keras lists
        nodes = [n for n in layer._inbound_nodes if id(n) in own]
        shapes = [t.shape for t in nodes[0].outputs] if nodes else [None]
        kind = getattr(layer, "keras_class_name", type(layer).__name__)
        row = (
            layer.name,
            kind,
            shapes[0] if len(shapes) == 1 else shapes,
            getattr(layer, "weights", []),
        )
        if not chain:
            sources = [
                f"{t._keras_history.operation.name}[{t._keras_history.node_index}]"
                f"[{t._keras_history.tensor_index}]"
                for node in nodes
                for t in node.input_tensors
            ]
            row += (", ".join(sources) or "-",)
        rows.append(row)
    return rows
