"""Creating tensors with TensorFlow's signatures and dtype inference."""

import numpy as np

from nnext import _core, string_tensor
from nnext._core import (
    Tensor,
    Variable,
    eye,
    ones,
    ones_like,
    zeros,
    zeros_like,
)
from nnext.errors import InvalidArgumentError

__all__ = [
    "constant",
    "convert_to_tensor",
    "eye",
    "fill",
    "from_dlpack",
    "linspace",
    "ones",
    "ones_like",
    "range",
    "zeros",
    "zeros_like",
]


def convert_to_tensor(value, dtype=None, name=None):
    """Converts a value to a Tensor: tensors pass through; C-contiguous NumPy arrays of a
    supported dtype are wrapped without a copy; Python floats give float32 and ints int32,
    as TensorFlow. Strings, bytes and arrays of them give a string tensor
    (nnext/string_tensor.py).

    >>> nnext.convert_to_tensor([1.0, 2.0]).dtype
    nnext.float32
    """
    try:
        return _core.convert_to_tensor(value, dtype, name)
    except InvalidArgumentError:
        # The core holds numbers only; the string path runs only once it has refused.
        strings = string_tensor.convert(value, dtype)
        if strings is None:
            raise
        return strings


def constant(value, dtype=None, shape=None, name=None):
    """A tensor holding ``value`` (a Python scalar, nested list, NumPy array or tensor).

    Python floats become float32 and ints int32, as in TensorFlow. With ``shape``, a single
    value is broadcast to it and any other value is reshaped to it.

    >>> nnext.constant([[1, 2], [3, 4]]).dtype
    nnext.int32
    """
    if isinstance(value, np.ndarray):
        # A constant owns its values: later writes to the array must not show through.
        value = value.copy()
    elif isinstance(value, Variable):
        # Nor may a later assign to the variable.
        value = value.read_value()
    t = convert_to_tensor(value, dtype=dtype)
    if shape is None:
        return t
    if string_tensor.is_string_tensor(t):
        return _string_constant(t, shape)
    shape = [int(d) for d in (shape if hasattr(shape, "__len__") else [shape])]
    if t.size == 1:
        return _core.broadcast_to(_core.reshape(t, []), shape)
    if t.size != int(np.prod(shape)):
        raise TypeError(
            f"constant: expected {int(np.prod(shape))} values for shape {tuple(shape)}, "
            f"got {t.size}"
        )
    return _core.reshape(t, shape)


def _string_constant(t, shape):
    """`constant(strings, shape=...)`: one string broadcast, or as many reshaped."""
    dims = [int(d) for d in (shape if hasattr(shape, "__len__") else [shape])]
    values = t.numpy() if t.ndim else np.asarray(t)
    if values.size == 1:
        return string_tensor.from_values(np.broadcast_to(values.reshape(()), dims).copy())
    if values.size != int(np.prod(dims)):
        raise TypeError(
            f"constant: expected {int(np.prod(dims))} values for shape {tuple(dims)}, "
            f"got {values.size}"
        )
    return string_tensor.from_values(values.reshape(dims))


def fill(dims, value, name=None):
    """A tensor of shape ``dims`` filled with ``value`` (dtype inferred from the value)."""
    value = convert_to_tensor(value)
    if value.ndim != 0:
        raise ValueError(f"fill: value must be a scalar, got shape {value.shape}")
    return _core._full(dims, float(value) if value.dtype.is_floating else int(value), value.dtype)


def range(start, limit=None, delta=1, dtype=None, name="range"):
    """[start, limit) in steps of ``delta``; ``range(n)`` counts from 0.

    The dtype is int32 for integer arguments and float32 when any is a float, as TensorFlow.
    """
    if limit is None:
        start, limit = 0, start
    values = [
        float(v) if isinstance(v, Tensor) and v.dtype.is_floating else v
        for v in (start, limit, delta)
    ]
    if dtype is None:
        dtype = "float32" if any(isinstance(v, float) for v in values) else "int32"
    return _core._range(float(start), float(limit), float(delta), dtype)


def linspace(start, stop, num, name=None, axis=0):
    """``num`` evenly spaced float32 values from ``start`` to ``stop``, both included."""
    dtype = (
        "float64"
        if any(isinstance(v, Tensor) and v.dtype == "float64" for v in (start, stop))
        else "float32"
    )
    return _core._linspace(float(start), float(stop), int(num), dtype)


def from_dlpack(x):
    """A tensor sharing the memory of any DLPack exporter on the CPU (NumPy, PyTorch, JAX)."""
    return convert_to_tensor(np.from_dlpack(x))
