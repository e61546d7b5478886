"""The inputs of a layer call, as `Layer.__call__` and its symbolic path handle them:
converting Python and NumPy data to Tensors in the layer's dtype, and moving between
shapes (what `build` and `compute_output_shape` see) and KerasTensor specs."""

import inspect

import numpy as np

from nnext import _core
from nnext.keras import backend, tree
from nnext.keras.keras_tensor import KerasTensor

# The default of `Layer.__call__`'s first argument: `call`'s first argument was given by its
# name (`layer(logits=x, ...)`, as Keras allows).
FIRST_ARGUMENT_BY_NAME = object()


def call_parameters(cls):
    return inspect.signature(cls.call).parameters


def pop_first_call_argument(cls, kwargs):
    """The value given by name for the first argument of `cls.call` (removed from `kwargs`);
    without one, the TypeError Keras's argument binding raises."""
    params = list(call_parameters(cls).values())[1:]  # after `self`
    name = params[0].name if params else "inputs"
    if name not in kwargs:
        raise TypeError(f"missing a required argument: '{name}'")
    return kwargs.pop(name)


def as_shape(shape):
    if shape is None:
        return None
    if isinstance(shape, dict):
        return {key: as_shape(value) for key, value in shape.items()}
    if isinstance(shape, (list, tuple)) and shape and isinstance(shape[0], (list, tuple)):
        return [as_shape(s) for s in shape]
    return tuple(None if d is None else int(d) for d in shape)


def convert_inputs(inputs, dtype):
    if isinstance(inputs, _core.Tensor):  # layer to layer: the common case, checked first
        return backend.to_tensor(inputs, dtype)
    if (
        isinstance(inputs, (list, tuple))
        and inputs
        and all(isinstance(x, (_core.Tensor, np.ndarray)) for x in inputs)
    ):
        return type(inputs)(backend.to_tensor(x, dtype) for x in inputs)
    if isinstance(inputs, dict) or (
        isinstance(inputs, (list, tuple)) and any(tree.is_nested(x) for x in inputs)
    ):
        return tree.map_structure(lambda x: x if x is None else backend.to_tensor(x, dtype), inputs)
    return backend.to_tensor(inputs, dtype)


def shape_of(inputs):
    if isinstance(inputs, dict):
        return {key: tuple(x.shape) for key, x in inputs.items()}
    if isinstance(inputs, (list, tuple)):
        return [tuple(x.shape) for x in inputs]
    return tuple(inputs.shape)


def symbolic_shape(inputs):
    """The shape `build` gets for KerasTensor inputs: a tuple, or a list/dict of tuples."""
    if isinstance(inputs, KerasTensor):
        return inputs.shape
    return tree.map_structure(lambda t: tuple(t.shape) if hasattr(t, "shape") else t, inputs)


def is_shape(value):
    return isinstance(value, (list, tuple)) and all(
        d is None or isinstance(d, (int, np.integer)) for d in value
    )


def shapes_of_specs(specs):
    if isinstance(specs, KerasTensor):
        return specs.shape
    if isinstance(specs, dict):
        return {key: shapes_of_specs(spec) for key, spec in specs.items()}
    return [shapes_of_specs(spec) for spec in specs]


def specs_from_shapes(shapes, dtype):
    """KerasTensors for the shape, or the list/tuple/dict of shapes, `compute_output_shape`
    returned."""
    if is_shape(shapes):
        return KerasTensor(tuple(shapes), dtype=dtype)
    if isinstance(shapes, dict):
        return {key: specs_from_shapes(shape, dtype) for key, shape in shapes.items()}
    return [specs_from_shapes(shape, dtype) for shape in shapes]
