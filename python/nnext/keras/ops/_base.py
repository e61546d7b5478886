"""What every `keras.ops` family shares: converting arguments to Tensors with Keras's dtype
rules, Keras's type promotion, and axis handling.

Keras 3 promotes on a lattice (as JAX): an integer with a float gives that float (int64 with
float32 is float32, not NumPy's float64), Python numbers are weak (`float32 * 2.0` stays
float32; a bare Python float is `floatx()`), and integer inputs of float-valued functions
(`sin`, `mean`, `sqrt`) compute in `floatx()`. 64-bit types are kept, as on Keras's
TensorFlow backend.
"""

import numpy as np

from nnext import _core, dtypes
from nnext.keras import config

Tensor = _core.Tensor

# Keras's promotion lattice (JAX's): each dtype and the dtypes just above it. "int" and
# "float" are the weak types of Python numbers: they give way to any typed int or float.
_ABOVE = {
    "bool": ("int",),
    "int": ("uint8", "int8"),
    "uint8": ("int16", "uint16"),
    "uint16": ("int32", "uint32"),
    "uint32": ("int64", "uint64"),
    "uint64": ("float",),
    "int8": ("int16",),
    "int16": ("int32",),
    "int32": ("int64",),
    "int64": ("float",),
    "float": ("float16",),
    "float16": ("float32",),
    "float32": ("float64",),
    "float64": (),
}


# Every dtype Keras names (the lattice's typed nodes, and bfloat16), as the dtype nnext holds
# it in: itself, except bfloat16, which the core lacks and which computes in float32. float16
# is itself (its ops compute in float32 and round to float16 once, as TensorFlow's CPU ones).
_NP_TO_NNEXT = {name: name for name in _ABOVE if name not in ("int", "float")}
_NP_TO_NNEXT.update(bfloat16="float32")


def _upper_bounds(node):
    bounds, todo = {node}, [node]
    while todo:
        for above in _ABOVE[todo.pop()]:
            if above not in bounds:
                bounds.add(above)
                todo.append(above)
    return frozenset(bounds)


_UPPER_BOUNDS = {node: _upper_bounds(node) for node in _ABOVE}


def _least_upper_bound(nodes):
    common = frozenset.intersection(*(_UPPER_BOUNDS[n] for n in nodes))
    # The lattice has one least element of `common`: the one below all the others.
    return next(c for c in common if common <= _UPPER_BOUNDS[c])


def floatx():
    return config.floatx()


def standardize_dtype(dtype):
    """A dtype name nnext computes in ('float32'), from any dtype form; None stays None."""
    if dtype is None:
        return None
    if dtype is float:
        return floatx()
    if dtype is int:
        return "int32"
    if dtype is bool:
        return "bool"
    name = dtype if isinstance(dtype, str) else getattr(dtype, "name", None)
    if not isinstance(name, str):
        name = np.dtype(dtype).name
    if name not in _NP_TO_NNEXT:
        raise ValueError(f"Invalid dtype: {dtype}")
    return _NP_TO_NNEXT[name]


def dtype_of(x):
    """The dtype name of a value; Python `int`/`float` (the types) for weak Python numbers."""
    if isinstance(x, bool):
        return "bool"
    if isinstance(x, int):
        return int
    if isinstance(x, float):
        return float
    if isinstance(x, Tensor):
        return x.dtype.name
    if hasattr(x, "dtype"):
        return standardize_dtype(x.dtype)
    return convert(x).dtype.name


def result_type(*types):
    """Keras's promotion of dtype names and weak Python types (`int`, `float`): the least
    upper bound on the lattice; a weak result is resolved at `floatx()`'s precision
    (`int` -> int32, `float` -> float32 under float32), as on Keras's TensorFlow backend."""
    strong = {_NP_TO_NNEXT.get(t, t) for t in types if isinstance(t, str)}
    weak = {"int" if t is int else "float" for t in types if t in (int, float)}
    if not strong and not weak:
        return floatx()
    out = _least_upper_bound(strong | weak)
    if out in ("int", "float"):
        out = f"{out}{floatx()[-2:]}"
    # Keras narrows a uint64 result to uint32 on every backend (int64 and float64 only
    # stay 64-bit on TensorFlow's, whose rules nnext keeps).
    return "uint32" if out == "uint64" else out


def convert(x, dtype=None):
    """`x` as a Tensor: Python floats (and lists of them) become `floatx()`, ints int32;
    NumPy arrays keep their dtype (small or unsigned ints widen to int32/int64)."""
    if isinstance(x, Tensor):
        t = x
    elif isinstance(x, np.ndarray) or np.isscalar(x) and isinstance(x, np.generic):
        array = np.asarray(x)
        target = _NP_TO_NNEXT.get(array.dtype.name)
        if target is None:
            raise TypeError(f"Unsupported dtype {array.dtype} for a Keras op input.")
        if array.dtype.name != target:
            array = array.astype(target)
        t = _core.convert_to_tensor(contiguous(array))
    else:
        t = _from_python(x)
    if dtype is not None:
        dtype = standardize_dtype(dtype)
        if t.dtype.name != dtype:
            t = _core.cast(t, dtype)
    return t


def _from_python(x):
    if isinstance(x, (list, tuple)) and any(isinstance(v, Tensor) for v in _leaves(x)):
        from nnext import array_ops

        return array_ops.stack([_from_python(v) for v in x])
    array = np.asarray(x)
    if array.dtype.kind == "f":
        array = array.astype(floatx())
    elif array.dtype.kind in "iu":
        array = array.astype(
            "int64" if array.dtype.itemsize == 8 and _overflows(array) else "int32"
        )
    elif array.dtype.kind != "b":
        raise TypeError(f"Cannot convert {x!r} to a tensor.")
    return _core.convert_to_tensor(contiguous(array))


def _overflows(array):
    return array.size > 0 and (array.max() > 2**31 - 1 or array.min() < -(2**31))


def _leaves(x):
    for v in x:
        if isinstance(v, (list, tuple)):
            yield from _leaves(v)
        else:
            yield v


def to_float(x):
    """`x` as a floating Tensor: integers and bools become `floatx()` (Keras's rule for
    float-valued functions)."""
    t = convert(x)
    return t if t.dtype.is_floating else _core.cast(t, floatx())


def operands(*xs):
    """The arguments as Tensors of their Keras result dtype (weak Python numbers follow)."""
    dt = result_type(*(dtype_of(x) for x in xs))
    return [convert(x, dt) for x in xs]


def float_operands(*xs):
    """As `operands`, then integers and bools as `floatx()`."""
    ts = operands(*xs)
    if ts and not ts[0].dtype.is_floating:
        ts = [_core.cast(t, floatx()) for t in ts]
    return ts


def canonical_axis(axis, ndim):
    """A possibly negative axis as a non-negative one; ValueError when out of range."""
    axis = int(axis)
    if not -ndim <= axis < max(ndim, 1):
        raise ValueError(f"axis {axis} is out of bounds for a tensor of rank {ndim}")
    return axis % max(ndim, 1)


def axes_list(axis, ndim):
    """`axis` (None, an int or a sequence) as a sorted list of non-negative axes."""
    if axis is None:
        return list(range(ndim))
    if isinstance(axis, (list, tuple)):
        return sorted(canonical_axis(a, ndim) for a in axis)
    return [canonical_axis(axis, ndim)]


def shape_tuple(shape):
    """A shape argument (an int, a sequence, a Tensor) as a tuple of ints."""
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    if isinstance(shape, Tensor):
        return tuple(int(d) for d in shape.numpy().reshape(-1))
    return tuple(int(d) for d in shape)


def as_numpy(x):
    """A NumPy view of a Tensor (or `np.asarray` of anything else)."""
    return x.numpy() if isinstance(x, Tensor) else np.asarray(x)


def int_list(values):
    """A Tensor, array or sequence of integers as a Python list of ints (for static
    arguments such as repeats or split sizes)."""
    return [int(v) for v in np.asarray(as_numpy(values)).reshape(-1)]


def is_nnext_dtype(dtype):
    try:
        dtypes.as_dtype(dtype)
        return True
    except TypeError:
        return False


def contiguous(array):
    """A C-contiguous array of the same shape (np.ascontiguousarray turns 0-d into 1-d)."""
    return array if array.flags.c_contiguous else array.copy(order="C")
