"""What the `tf.strings` ops share: their inputs as object arrays of bytes, results as
string or numeric tensors, and C-level per-element calls (`np.frompyfunc` of a bytes method
or builtin, which NumPy's ufunc loop calls without running Python code per element)."""

import operator

import numpy as np

from nnext import _core, string_tensor

as_values = string_tensor.as_values


def strings_out(values):
    """An object array of bytes (any layout, 0-d included) as a string tensor."""
    array = np.asarray(values, dtype=object)
    return string_tensor.from_values(array if array.flags.c_contiguous else array.copy())


def numbers_out(values, dtype):
    # np.ascontiguousarray would make a 0-d result 1-d.
    return _core.convert_to_tensor(np.array(values, dtype=dtype, order="C"))


def elementwise(fn):
    """`fn` (one bytes -> one result) as a ufunc over object arrays."""
    return np.frompyfunc(fn, 1, 1)


def method(name, *args):
    """The bytes method `name` with `args`, as a ufunc over object arrays."""
    return elementwise(operator.methodcaller(name, *args))


def scalar_text(value, name):
    """A Python string argument (str or bytes) as bytes."""
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, bytes):
        return value
    values = as_values(value)
    if values.ndim != 0:
        raise ValueError(f"`{name}` must be a scalar string. Received: {name}={value!r}")
    return values[()]


def numeric_array(value):
    """A numeric input (tensor, array, list) as a NumPy array."""
    if isinstance(value, _core.Tensor):
        return value.numpy()
    return np.asarray(_core.convert_to_tensor(value).numpy())
