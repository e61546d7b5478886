"""`KerasTensor`: the symbolic tensor of the functional API, and the graph nodes it links.

`keras.Input(shape=(784,))` returns a KerasTensor: a shape (with `None` for the batch axis)
and a dtype, but no data. Calling a layer, an operator or a `keras.ops` function on
KerasTensors computes no numbers; it records a `Node` (which operation was called, with which
arguments, giving which outputs) and returns new KerasTensors. Every KerasTensor remembers
the node that made it (`_keras_history`), so `Model(inputs, outputs)` can walk back from its
outputs to its inputs and replay the nodes on real tensors.

Output shapes come from a dry run: the operation runs on zero tensors in which every unknown
dimension is given a size, once with 2 and once with 3; a dimension that differs between the
two runs depends on an unknown one and is `None`. (A layer that knows its output shape says
so in `compute_output_shape`, and is not run.)
"""

import functools
import inspect
import operator
from collections import namedtuple

from nnext import _core, creation
from nnext.keras import tree
from nnext.keras.utils.naming import unique_name

__all__ = [
    "KerasTensor",
    "Node",
    "any_symbolic_tensors",
    "is_keras_tensor",
    "symbolic",
    "symbolic_call",
    "symbolic_with_spec",
]

KerasHistory = namedtuple("KerasHistory", ["operation", "node_index", "tensor_index"])

# The two sizes an unknown dimension takes in the dry runs (see the module docstring).
_PROBE_SIZES = (2, 3)


class KerasTensor:
    """A symbolic tensor: a shape and a dtype, no values.

    Args:
        shape: a tuple of ints and `None` (unknown size, usually the batch axis).
        dtype: the dtype's name, 'float32' by default.
        name: an optional name.
    """

    def __init__(self, shape, dtype="float32", sparse=False, ragged=False, name=None):
        self._shape = tuple(None if d is None else int(d) for d in shape)
        self._dtype = _dtype_name(dtype)
        self.sparse = bool(sparse)
        self.ragged = bool(ragged)
        self.name = name or unique_name("keras_tensor")
        self._keras_history = None

    @property
    def shape(self):
        return self._shape

    @property
    def dtype(self):
        return self._dtype

    @property
    def ndim(self):
        return len(self._shape)

    def __repr__(self):
        return (
            f"<KerasTensor shape={self._shape}, dtype={self._dtype}, sparse={self.sparse}, "
            f"ragged={self.ragged}, name={self.name}>"
        )

    def __bool__(self):
        raise TypeError("A symbolic KerasTensor cannot be used as a boolean.")

    def __iter__(self):
        raise NotImplementedError("Iterating over a symbolic KerasTensor is not supported.")

    def __array__(self, *args, **kwargs):
        raise ValueError(
            "A KerasTensor is symbolic: it's a placeholder for a shape and a dtype. It doesn't "
            "have any actual numerical value. You cannot convert it to a NumPy array."
        )

    def __int__(self):
        raise ValueError("A KerasTensor is symbolic: it cannot be converted to an int.")

    def __float__(self):
        raise ValueError("A KerasTensor is symbolic: it cannot be converted to a float.")

    def reshape(self, newshape):
        return symbolic_call(_reshape, (self, newshape), {}, name="reshape")

    def squeeze(self, axis=None):
        return symbolic_call(_squeeze, (self, axis), {}, name="squeeze")


def _reshape(x, newshape):
    return _core.reshape(x, newshape)


def _squeeze(x, axis):
    return _core.squeeze(x, axis)


def _binary(fn, name, reflected=False):
    if reflected:

        def method(self, other):
            return symbolic_call(fn, (other, self), {}, name=name)
    else:

        def method(self, other):
            return symbolic_call(fn, (self, other), {}, name=name)

    return method


def _unary(fn, name):
    def method(self):
        return symbolic_call(fn, (self,), {}, name=name)

    return method


# Python operators on KerasTensors record the same operators applied to real tensors.
for _name, _fn in [
    ("add", operator.add),
    ("sub", operator.sub),
    ("mul", operator.mul),
    ("truediv", operator.truediv),
    ("floordiv", operator.floordiv),
    ("mod", operator.mod),
    ("pow", operator.pow),
    ("matmul", operator.matmul),
    ("and", operator.and_),
    ("or", operator.or_),
    ("xor", operator.xor),
]:
    setattr(KerasTensor, f"__{_name}__", _binary(_fn, _name))
    setattr(KerasTensor, f"__r{_name}__", _binary(_fn, _name, reflected=True))
for _name, _fn in [
    ("lt", operator.lt),
    ("le", operator.le),
    ("gt", operator.gt),
    ("ge", operator.ge),
    ("ne", operator.ne),
]:
    setattr(KerasTensor, f"__{_name}__", _binary(_fn, _name))
for _name, _fn in [
    ("neg", operator.neg),
    ("pos", operator.pos),
    ("abs", operator.abs),
    ("invert", operator.invert),
]:
    setattr(KerasTensor, f"__{_name}__", _unary(_fn, _name))
KerasTensor.__getitem__ = _binary(operator.getitem, "get_item")
# Like Keras, `==` is left as identity so KerasTensors stay hashable dictionary keys.


def is_keras_tensor(x):
    """True for a symbolic `KerasTensor`."""
    return isinstance(x, KerasTensor)


def any_symbolic_tensors(args=None, kwargs=None):
    """True when any argument, or any leaf of a list/tuple/dict argument, is a KerasTensor."""
    for value in tuple(args or ()) + tuple((kwargs or {}).values()):
        if isinstance(value, KerasTensor):
            return True
        if isinstance(value, (list, tuple, dict)) and any(
            isinstance(leaf, KerasTensor) for leaf in tree.flatten(value)
        ):
            return True
    return False


class Node:
    """One call of an operation (a layer or a function) in a functional graph.

    Attributes:
        operation: what was called; it keeps its nodes in `_inbound_nodes`.
        call_args, call_kwargs: the arguments, KerasTensors among them.
        input_tensors: the KerasTensors among the arguments, in `tree.flatten` order.
        outputs: the KerasTensors the call returned, flattened.
    """

    def __init__(self, operation, call_args, call_kwargs, outputs):
        self.operation = operation
        self.call_args = tuple(call_args)
        self.call_kwargs = dict(call_kwargs)
        self.input_tensors = [
            t for t in tree.flatten((self.call_args, self.call_kwargs)) if is_keras_tensor(t)
        ]
        self.outputs = tree.flatten(outputs)
        simple = (
            len(self.call_args) == 1 and is_keras_tensor(self.call_args[0]) and not self.call_kwargs
        )
        self._single_input = id(self.call_args[0]) if simple else None
        node_index = len(operation._inbound_nodes)
        operation._inbound_nodes.append(self)
        for i, tensor in enumerate(self.outputs):
            tensor._keras_history = KerasHistory(operation, node_index, i)

    def replay(self, tensor_values, call):
        """Calls `call(*args, **kwargs)` with every KerasTensor argument replaced by its value
        in `tensor_values` (a dict keyed by `id(KerasTensor)`); returns the flat outputs."""
        if self._single_input is not None:  # `layer(x)`: the common case, without a walk
            outputs = call(tensor_values[self._single_input])
            return [outputs] if len(self.outputs) == 1 else tree.flatten(outputs)

        def value_of(leaf):
            return tensor_values[id(leaf)] if is_keras_tensor(leaf) else leaf

        args = tree.map_structure(value_of, self.call_args)
        kwargs = tree.map_structure(value_of, self.call_kwargs)
        return tree.flatten(call(*args, **kwargs))


class SymbolicOperation:
    """A tensor function called on KerasTensors: the operation of its nodes in a graph.

    It holds the function and the call's non-tensor arguments (`config`, as Keras's
    operation classes hold them: `mean(x, axis=-1)` is `Mean(axis=-1)` called on `x`), so a
    saved graph writes it as Keras writes its ops, and calling it again replays it.
    """

    def __init__(self, fn, name=None, config=None, exact_name=False):
        self.fn = fn
        self.config = dict(config or {})
        self.name = name if exact_name else unique_name(name or _function_name(fn))
        self._inbound_nodes = []

    @classmethod
    def from_keras_config(cls, fn, config):
        """The op a saved graph names (Keras's `{"name": ..., **arguments}` config)."""
        config = dict(config)
        name = config.pop("name", None)
        return cls(fn, name, config, exact_name=name is not None)

    def __call__(self, *args, **kwargs):
        if any_symbolic_tensors(args, kwargs):
            spec = getattr(self.fn, "output_spec", None)
            if spec is not None:
                outputs = spec(*args, **self.config, **kwargs)
            else:
                outputs = compute_output_spec(self._apply, args, kwargs)
            Node(self, args, kwargs, outputs)
            return outputs
        return self._apply(*args, **kwargs)

    def _apply(self, *args, **kwargs):
        return self.fn(*args, **self.config, **kwargs)

    def __repr__(self):
        return f"<Operation name={self.name}>"

    # Keras 3 writes an op as `{"module": "keras.src.ops.numpy", "class_name": "Mean", ...}`.
    def get_config(self):
        return {"name": self.name, **self.config}

    @property
    def keras_class_name(self):
        if self.fn in _OPERATOR_CLASSES:
            return _OPERATOR_CLASSES[self.fn]
        if self.fn is _get_item:
            return "GetItem"
        return "".join(part.capitalize() for part in _function_name(self.fn).split("_"))

    @property
    def keras_module(self):
        module = getattr(self.fn, "__module__", "") or ""
        for family in ("nn", "linalg", "math", "core", "image"):
            if f".ops.{family}" in module:
                return f"keras.src.ops.{family}"
        return "keras.src.ops.numpy"


# The Keras operation classes behind Python's operators on KerasTensors.
_OPERATOR_CLASSES = {
    operator.add: "Add",
    operator.sub: "Subtract",
    operator.mul: "Multiply",
    operator.truediv: "TrueDivide",
    operator.floordiv: "FloorDivide",
    operator.mod: "Mod",
    operator.pow: "Power",
    operator.matmul: "Matmul",
    operator.neg: "Negative",
    operator.abs: "Absolute",
    operator.invert: "LogicalNot",
    operator.getitem: "GetItem",
    operator.lt: "Less",
    operator.le: "LessEqual",
    operator.gt: "Greater",
    operator.ge: "GreaterEqual",
    operator.ne: "NotEqual",
    operator.and_: "LogicalAnd",
    operator.or_: "LogicalOr",
    operator.xor: "LogicalXor",
    operator.pos: "Identity",
}


def _get_item(x, key):
    # A saved key's tuple comes back from JSON as a list.
    return x[tuple(key) if isinstance(key, list) else key]


OPERATORS_BY_CLASS = {**{name: fn for fn, name in _OPERATOR_CLASSES.items()}, "GetItem": _get_item}


def _function_name(fn):
    name = getattr(fn, "__name__", "operation")
    return {
        "getitem": "get_item",
        "truediv": "true_divide",
        "sub": "subtract",
        "mul": "multiply",
        "neg": "negative",
    }.get(name, name)


def symbolic_call(fn, args, kwargs, name=None):
    """Records `fn(*args, **kwargs)` on KerasTensors as a graph node; returns its outputs."""
    args, config = _split_arguments(fn, args, kwargs)
    normalize = getattr(fn, "normalize_config", None)
    if normalize is not None:  # the full, standardized config Keras's op class records
        config = normalize(config)
    return SymbolicOperation(fn, name, config)(*args)


def _split_arguments(fn, args, kwargs):
    """`(call arguments, config)`: the arguments up to the last one holding a KerasTensor are
    the call's (a Keras op's `call`); those after it are the op's configuration (its
    `__init__`). Operators keep all their arguments (`x[key]`, `2 * x`)."""
    if fn in _OPERATOR_CLASSES:
        return tuple(args), dict(kwargs)
    try:
        signature = inspect.signature(fn)
        bound = signature.bind(*args, **kwargs)
    except (TypeError, ValueError):
        return tuple(args), dict(kwargs)
    call_args, config, seen_tensor_at = [], {}, -1
    parameters = list(signature.parameters.values())
    # An op may name its call arguments (`ops.conv`'s kernel is one even as a constant).
    declared = getattr(fn, "call_arguments", ())
    for i, parameter in enumerate(parameters):
        if parameter.name in bound.arguments and (
            parameter.name in declared or (any_symbolic_tensors((bound.arguments[parameter.name],)))
        ):
            seen_tensor_at = i
    for i, parameter in enumerate(parameters):
        if parameter.name not in bound.arguments:
            continue
        value = bound.arguments[parameter.name]
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            call_args.extend(value)
        elif parameter.kind is inspect.Parameter.VAR_KEYWORD:
            config.update(value)
        elif i <= seen_tensor_at and parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
            call_args.append(value)
        else:
            config[parameter.name] = value
    return tuple(call_args), config


def symbolic(fn):
    """Decorates a tensor function so that it also works on KerasTensors (by recording a node).

    Example:
        >>> @symbolic
        ... def concatenate(xs, axis=-1): ...
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if any_symbolic_tensors(args, kwargs):
            return symbolic_call(fn, args, kwargs, name=fn.__name__)
        return fn(*args, **kwargs)

    return wrapper


def symbolic_with_spec(output_spec, call_arguments=(), normalize_config=None):
    """As `symbolic`, for a function whose output shape the dry runs cannot find (a strided
    window over an unknown size gives the same length for both probe sizes, or no output at
    all): `output_spec(*args, **kwargs)`, called with the KerasTensors, returns the output
    KerasTensor(s) instead. `call_arguments` names the parameters that are the Keras op's
    call arguments even when they hold no KerasTensor (a constant kernel), so that a saved
    graph passes them as Keras's op expects; `normalize_config(config)` returns the config
    as Keras's op class records it (defaults filled in and standardized: Keras's op reads a
    missing `data_format` as channels-first when it computes shapes).

    Example:
        >>> @symbolic_with_spec(lambda x, pool_size: KerasTensor(...))
        ... def max_pool(x, pool_size): ...
    """

    def decorate(fn):
        fn.output_spec = output_spec
        fn.call_arguments = tuple(call_arguments)
        fn.normalize_config = normalize_config
        return symbolic(fn)

    return decorate


def compute_output_spec(fn, args, kwargs):
    """The KerasTensors `fn` would return, found by the two dry runs."""
    runs = []
    for size in _PROBE_SIZES:

        def concrete(leaf, size=size):
            if not is_keras_tensor(leaf):
                return leaf
            shape = tuple(size if d is None else d for d in leaf.shape)
            return creation.zeros(shape, dtype=leaf.dtype)

        runs.append(fn(*tree.map_structure(concrete, args), **tree.map_structure(concrete, kwargs)))
    first, second = runs
    return tree.map_structure(_spec_from_two_runs, first, second)


def _spec_from_two_runs(a, b):
    if a is None:  # an output that is None (a `compute_mask` without a mask)
        return None
    shape_a, shape_b = tuple(a.shape), tuple(b.shape)
    if len(shape_a) != len(shape_b):  # the rank itself depends on an unknown size
        raise ValueError(
            "Could not infer the output shape symbolically: the output's rank changes with "
            f"the input sizes ({shape_a} and {shape_b}). Implement `compute_output_shape`."
        )
    shape = tuple(x if x == y else None for x, y in zip(shape_a, shape_b))
    return KerasTensor(shape, dtype=_dtype_name(a.dtype))


def _dtype_name(dtype):
    if dtype is None:
        return "float32"
    if isinstance(dtype, str):
        return dtype
    name = getattr(dtype, "name", None)
    if isinstance(name, str):
        return name
    import numpy as np

    return np.dtype(dtype).name
