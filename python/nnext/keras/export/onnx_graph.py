"""`OnnxGraph`: the ONNX nodes, weights and tensor shapes an export collects.

A converter (`onnx_layers.py`) reads its inputs' names and Keras shapes (batch axis
`None`) from here and adds nodes; every weight becomes an initializer. The `onnx` package
is imported only when the graph is written (`to_model`), so the walk itself needs none.
"""

import numpy as np

# ONNX's TensorProto element types, by NumPy dtype name.
ELEMENT_TYPES = {
    "float32": 1,
    "uint8": 2,
    "int8": 3,
    "int16": 5,
    "int32": 6,
    "int64": 7,
    "bool": 9,
    "float16": 10,
    "float64": 11,
}


class OnnxGraph:
    """Nodes in the order added, initializers, and the Keras shape of each tensor."""

    def __init__(self, opset):
        self.opset = opset
        self.nodes = []  # (op_type, inputs, outputs, attributes, name)
        self.initializers = {}  # name -> ndarray
        self.shapes = {}  # tensor name -> Keras shape (batch axis None)
        self.dtypes = {}  # tensor name -> NumPy dtype name
        self._counts = {}

    def fresh(self, hint):
        """A tensor or node name not used before, made from `hint`."""
        count = self._counts.get(hint, 0)
        self._counts[hint] = count + 1
        return hint if count == 0 else f"{hint}_{count}"

    def constant(self, value, hint, dtype="float32"):
        """Adds `value` as an initializer and returns its name."""
        name = self.fresh(hint)
        self.initializers[name] = np.asarray(value, dtype=dtype)
        return name

    def weight(self, variable, hint):
        """A layer weight (a Variable) as an initializer, in float32."""
        return self.constant(np.asarray(variable.numpy(), dtype="float32"), hint)

    def ints(self, values, hint):
        """An int64 vector initializer (shapes, axes, pads given as inputs)."""
        return self.constant(np.asarray(list(values), dtype="int64"), hint, dtype="int64")

    def add(self, op_type, inputs, hint, outputs=1, **attributes):
        """Adds one node; returns its output name (or the list of them when `outputs > 1`)."""
        names = [
            self.fresh(f"{hint}/{op_type}" if i == 0 else f"{hint}/{op_type}:{i}")
            for i in range(outputs)
        ]
        self.nodes.append((op_type, list(inputs), names, attributes, names[0]))
        return names[0] if outputs == 1 else names

    def reduce(self, op_type, x, axes, hint, keepdims=1):
        """`ReduceMean`/`ReduceMax`/...: `axes` is an attribute before opset 18, an input
        from then on (ReduceSum: from 13)."""
        if self.opset >= 18 or op_type == "ReduceSum":
            return self.add(op_type, [x, self.ints(axes, f"{hint}/axes")], hint, keepdims=keepdims)
        return self.add(op_type, [x], hint, axes=list(axes), keepdims=keepdims)

    def to_model(self, inputs, outputs, name):
        """The `onnx.ModelProto`: `inputs`/`outputs` are lists of tensor names, typed from
        `dtypes` and shaped from `shapes` (a `None` axis becomes a named dynamic axis)."""
        import onnx
        from onnx import helper, numpy_helper

        def value_info(tensor):
            dims = [
                ("batch" if i == 0 else f"{tensor}_dim{i}") if d is None else int(d)
                for i, d in enumerate(self.shapes[tensor])
            ]
            return helper.make_tensor_value_info(tensor, ELEMENT_TYPES[self.dtypes[tensor]], dims)

        nodes = [
            helper.make_node(op, ins, outs, name=node_name, **attrs)
            for op, ins, outs, attrs, node_name in self.nodes
        ]
        initializers = [numpy_helper.from_array(v, k) for k, v in self.initializers.items()]
        graph = helper.make_graph(
            nodes,
            name,
            [value_info(t) for t in inputs],
            [value_info(t) for t in outputs],
            initializers,
        )
        model = helper.make_model(
            graph,
            producer_name="nnext",
            opset_imports=[helper.make_opsetid("", self.opset)],
        )
        # onnxruntime reads IR versions up to what it was built for: take the lowest that
        # the opset allows rather than the newest `onnx` writes.
        model.ir_version = 8 if self.opset <= 18 else onnx.IR_VERSION
        onnx.checker.check_model(model)
        return model
