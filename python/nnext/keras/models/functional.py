"""`Functional`: the model `keras.Model(inputs, outputs)` returns, a graph of layer calls.

Calling layers on `keras.Input` tensors recorded nodes (see `keras_tensor`). The model walks
back from its outputs to its inputs once, keeps the nodes in an order where every node comes
after the nodes it reads from, and `call` replays them on real tensors. Saving writes Keras
3's config: each layer with its `inbound_nodes`, and the `[layer name, node index, tensor
index]` of every input and output.
"""

import numpy as np

from nnext import _core, string_array_ops
from nnext import math as nmath
from nnext.keras import tree
from nnext.keras.backend import standardize_dtype
from nnext.keras.keras_tensor import KerasTensor, is_keras_tensor
from nnext.keras.layers.layer import Layer
from nnext.keras.models.model import Model


class Functional(Model):
    """A model defined by its input and output KerasTensors.

    Args:
        inputs: a KerasTensor from `keras.Input`, or a list or dict of them.
        outputs: KerasTensor(s) computed from `inputs` by layers and ops (nested structures
            allowed).
        name: the model's name.

    Example:
        >>> inputs = keras.Input(shape=(784,))
        >>> x = layers.Dense(64, activation="relu")(inputs)
        >>> model = keras.Model(inputs, layers.Dense(10)(x))
    """

    # As Keras: the inputs take their `keras.Input` dtypes, not the model's compute dtype
    # (each layer then casts what it receives to its own).
    _convert_input_args = False

    def __init__(self, inputs, outputs, name=None, trainable=True, **kwargs):
        Layer.__init__(self, name=name, trainable=trainable, **kwargs)
        self._init_trainer()
        for what, structure in (("inputs", inputs), ("outputs", outputs)):
            flat = tree.flatten(structure)
            if not flat:
                raise ValueError(
                    f"`{what}` argument cannot be empty. Received:\ninputs={inputs}\n"
                    f"outputs={outputs}"
                )
            for x in flat:
                if not is_keras_tensor(x):
                    raise ValueError(
                        f"All `{what}` values must be KerasTensors. Received: {what}="
                        f"{structure} including invalid value {x} of type {type(x)}"
                    )
        object.__setattr__(self, "_inputs_struct", inputs)
        object.__setattr__(self, "_outputs_struct", outputs)
        nodes = _nodes_between(tree.flatten(inputs), tree.flatten(outputs))
        object.__setattr__(self, "_nodes", nodes)
        # Bookkeeping, not tracked as attributes: the layers are tracked once, just below.
        object.__setattr__(self, "_operations", _unique([node.operation for node in nodes]))
        for operation in self._operations:
            if isinstance(operation, Layer):
                self._layers.append(operation)
        self.built = True
        self._build_input_shape = tree.map_structure(lambda t: t.shape, inputs)
        self.output_names = [x._keras_history.operation.name for x in tree.flatten(outputs)]

    @classmethod
    def _obj_type(cls):
        return "Functional"

    @property
    def inputs(self):
        return tree.flatten(self._inputs_struct)

    @property
    def outputs(self):
        return tree.flatten(self._outputs_struct)

    @property
    def input(self):
        return self._inputs_struct

    @property
    def output(self):
        return self._outputs_struct

    @property
    def input_shape(self):
        return _unpack_singleton([t.shape for t in self.inputs])

    @property
    def output_shape(self):
        return _unpack_singleton([t.shape for t in self.outputs])

    @property
    def operations(self):
        return list(self._operations)

    @property
    def layers(self):
        """Every layer of the graph, its `InputLayer`s included, in graph order."""
        return [op for op in self._operations if isinstance(op, Layer)]

    # -- running the graph ---------------------------------------------------------------

    def call(self, inputs, training=None, mask=None):
        values = {}
        for tensor, value in zip(self.inputs, self._standardize_inputs(inputs)):
            values[id(tensor)] = value
        for node in self._nodes:
            if not node.input_tensors:  # an InputLayer's node: its value was given
                continue
            outputs = node.replay(values, node.operation)
            for tensor, value in zip(node.outputs, outputs):
                values[id(tensor)] = value
        return tree.pack_sequence_as(self._outputs_struct, [values[id(t)] for t in self.outputs])

    def _standardize_inputs(self, inputs):
        """The input values in the order of `self.inputs`, whatever structure they came in:
        the model's own structure, a flat list, or a dict keyed by input names."""
        expected = self.inputs
        if isinstance(inputs, dict) and isinstance(self._inputs_struct, dict):
            flat = tree.flatten({key: inputs[key] for key in self._inputs_struct})
        elif isinstance(inputs, dict):
            names = [t.name for t in expected]
            missing = [n for n in names if n not in inputs]
            if missing:
                raise ValueError(
                    f"Model '{self.name}' expects inputs {names}, but the dict passed has "
                    f"keys {sorted(inputs)}: missing {missing}."
                )
            flat = [inputs[n] for n in names]
        else:
            flat = tree.flatten(inputs)
            if len(flat) != len(expected):
                raise ValueError(
                    f"Model '{self.name}' expects {len(expected)} input(s), but it received "
                    f"{len(flat)} input tensors. Inputs received: {_describe(inputs)}"
                )
        # Inputs passed in a dict are fitted too, as Keras fits every input.
        flat = [
            adjust_input_rank(tensor.shape, convert_input_dtype(tensor.dtype, value))
            for tensor, value in zip(expected, flat)
        ]
        for tensor, value in zip(expected, flat):
            _check_input_shape(self.name, tensor, value)
        return flat

    def compute_output_shape(self, input_shape):
        return tree.map_structure(lambda t: t.shape, self._outputs_struct)

    def compute_output_spec(self, inputs, *args, **kwargs):
        def spec(t):
            return KerasTensor(t.shape, dtype=t.dtype)

        return tree.map_structure(spec, self._outputs_struct)

    def build(self, input_shape=None):
        self.built = True

    # -- config --------------------------------------------------------------------------

    def get_config(self):
        from nnext.keras.models.functional_config import functional_config

        return functional_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from nnext.keras.models.functional_config import functional_from_config

        return functional_from_config(cls, config, custom_objects)

    def _summary_rows(self):
        from nnext.keras.models.functional_config import summary_rows

        return summary_rows(self)


def _nodes_between(inputs, outputs):
    """The nodes from `inputs` to `outputs` in Keras's order: by decreasing depth (distance
    from the outputs), so every node comes after the nodes whose outputs it reads, and in
    order of discovery within one depth (this order is `model.layers`' and the saved one).

    Raises ValueError when an output depends on a tensor that is neither an input nor
    computed from the inputs.
    """
    input_ids = {id(t) for t in inputs}
    discovered, post_order, finished, active = {}, [], set(), set()

    def node_of(tensor):
        history = tensor._keras_history
        if history is None:
            raise ValueError(
                f"Graph disconnected: the tensor {tensor} was not produced by a Keras layer "
                "or op; functional model outputs must be computed from `keras.Input` tensors."
            )
        return history.operation._inbound_nodes[history.node_index]

    def visit(tensor):
        node = node_of(tensor)
        if id(node) in finished:
            return
        if id(node) in active:
            raise ValueError("The functional graph has a cycle.")
        discovered.setdefault(id(node.operation), len(discovered))
        active.add(id(node))
        if id(tensor) not in input_ids:
            if not node.input_tensors:
                raise ValueError(
                    f"Graph disconnected: cannot find parent for tensor {tensor} at layer "
                    f"'{node.operation.name}'. It is an input that was not passed in "
                    "`inputs`: every `keras.Input` the outputs use must be among the model's "
                    f"inputs ({[t.name for t in inputs]})."
                )
            for parent in node.input_tensors:
                visit(parent)
        active.discard(id(node))
        finished.add(id(node))
        post_order.append((node, id(tensor) in input_ids))

    for tensor in outputs:
        visit(tensor)
    depth = {}
    for node, is_input in reversed(post_order):
        own = depth.setdefault(id(node), 0)
        if not is_input:
            for parent in node.input_tensors:
                parent_node = node_of(parent)
                depth[id(parent_node)] = max(depth.get(id(parent_node), 0), own + 1)
    nodes = [
        node for node, is_input in post_order if not is_input or not node.input_tensors
    ]  # a sub-graph input's node: given
    for tensor in inputs:  # inputs the outputs do not use are still the model's inputs
        node = node_of(tensor)
        if id(node) not in depth and not node.input_tensors:
            discovered.setdefault(id(node.operation), -1)
            depth[id(node)] = 0
            nodes.append(node)
    return sorted(nodes, key=lambda n: (-depth[id(n)], discovered[id(n.operation)]))


def _unique(items):
    seen, result = set(), []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            result.append(item)
    return result


def _unpack_singleton(values):
    return values[0] if len(values) == 1 else values


def _describe(inputs):
    return tree.map_structure(
        lambda x: f"{type(x).__name__}{tuple(getattr(x, 'shape', ()))}", inputs
    )


def convert_input_dtype(expected_dtype, value):
    """`value` in the dtype of its `keras.Input`, as Keras's Functional converts every input
    (`ops.convert_to_tensor(x, dtype=input.dtype)`): a bool or integer array fed to a float32
    input arrives as float32. Only numeric and bool arrays and tensors are converted."""
    dtype = getattr(value, "dtype", None)
    if expected_dtype is None or dtype is None or expected_dtype == "string":
        return value
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "biuf" and value.dtype.name != expected_dtype:
            return value.astype(expected_dtype)
        return value
    if isinstance(value, _core.Tensor) and not isinstance(value, KerasTensor):
        name = standardize_dtype(dtype)
        if name != expected_dtype and name != "string":
            return nmath.cast(value, expected_dtype)
    return value


def adjust_input_rank(expected_shape, value):
    """`value` with its rank fitted to `expected_shape` as Keras fits it: a missing trailing
    axis of size 1 is added (`(n,)` for `(None, 1)`), an extra one removed; string batches
    too (a dataset's `(batch,)` strings fed to `keras.Input(shape=(1,), dtype="string")`)."""
    shape = getattr(value, "shape", None)
    if shape is None or len(shape) == len(expected_shape):
        return value
    shape = tuple(shape)
    if len(shape) == len(expected_shape) - 1 and expected_shape[-1] == 1:
        return string_array_ops.reshape(value, shape + (1,))
    if len(shape) == len(expected_shape) + 1 and shape[-1] == 1:
        return string_array_ops.reshape(value, shape[:-1])
    return value


def _check_input_shape(model_name, tensor, value):
    shape = getattr(value, "shape", None)
    if shape is None:
        return
    shape = tuple(shape)
    expected = tensor.shape
    compatible = len(shape) == len(expected) and all(
        e is None or e == d for e, d in zip(expected, shape)
    )
    if not compatible:
        raise ValueError(
            f'Input {tensor.name!r} of model "{model_name}" is incompatible with the layer: '
            f"expected shape={expected}, found shape={shape}"
        )
