"""Graph-era TensorFlow names with their eager meaning: ``no_op``, ``group``, ``tuple``,
``control_dependencies``, ``init_scope``, ``inside_function``, ``is_symbolic_tensor``,
``get_static_value``, ``guarantee_const``, ``get_logger``, ``get_current_name_scope``,
``timestamp``, ``py_function`` and ``numpy_function``. nnext executes eagerly
(``tf.function`` too, see function.py), so these are what TensorFlow's own eager branches
of them do."""

import contextlib
import logging
import time

import numpy as np

from nnext import _core, errors
from nnext.dtypes import as_dtype

__all__ = [
    "control_dependencies",
    "get_current_name_scope",
    "get_logger",
    "get_static_value",
    "group",
    "guarantee_const",
    "init_scope",
    "inside_function",
    "is_symbolic_tensor",
    "no_op",
    "numpy_function",
    "py_function",
    "timestamp",
    "tuple",
]

_tuple = tuple


def no_op(name=None):
    """Does nothing; returns None, as TensorFlow does eagerly."""


def group(*inputs, name=None):
    """Eagerly every input has already run: returns None."""


def tuple(tensors, control_inputs=None, name=None):
    """The tensors as a list: eagerly there is nothing to wait for."""
    if not isinstance(tensors, (list, _tuple)):
        raise TypeError(f"tf.tuple: `tensors` must be a list or tuple, got {type(tensors)}")
    if control_inputs is not None and not isinstance(control_inputs, (list, _tuple)):
        raise TypeError("tf.tuple: `control_inputs` must be a list or tuple")
    return list(tensors)


def control_dependencies(control_inputs):
    """Eagerly a null context; callables among ``control_inputs`` are called (TF's rule)."""
    for control in control_inputs or ():
        if callable(control):
            control()
    return contextlib.nullcontext()


def init_scope():
    """Eagerly a null context (TensorFlow lifts into the eager context; nnext is there)."""
    return contextlib.nullcontext()


def inside_function():
    """False: nnext's tf.function runs its Python function eagerly, with no graph."""
    return False


def is_symbolic_tensor(tensor):
    """False: every nnext tensor is eager (concrete)."""
    return False


def get_static_value(tensor, partial=False):
    """The tensor's value as a NumPy array; a non-tensor is returned as it is."""
    if isinstance(tensor, _core.Tensor):
        return tensor.numpy()
    return tensor


def guarantee_const(input, name=None):
    """Identity (TensorFlow deprecates it; the hint means nothing eagerly)."""
    return _core.convert_to_tensor(input)


def get_logger():
    """The ``'tensorflow'`` logger of Python's logging module."""
    return logging.getLogger("tensorflow")


def _outputs(result, Tout, to_tensor):
    if Tout is None:
        return result
    if isinstance(Tout, (list, _tuple)):
        if len(Tout) == 0:
            return None
        values = list(result) if isinstance(result, (list, _tuple)) else [result]
        if len(values) != len(Tout):
            raise errors.InvalidArgumentError(
                None,
                None,
                f"py_function: {len(Tout)} outputs expected, func returned {len(values)}",
            )
        return [to_tensor(v, t) for v, t in zip(values, Tout)]
    return to_tensor(result, Tout)


def _cast_out(value, dtype):
    dtype = as_dtype(dtype)
    if isinstance(value, _core.Tensor):
        if value.dtype != dtype:
            raise errors.InvalidArgumentError(
                None,
                None,
                f"py_function: func returned {value.dtype.name}, Tout says {dtype.name}",
            )
        return value
    return _core.convert_to_tensor(np.asarray(value, dtype=dtype.as_numpy_dtype))


def py_function(func=None, inp=None, Tout=None, name=None):
    """Calls ``func(*inp)`` on the tensors now; outputs are checked against ``Tout``
    (a dtype: one tensor; a list: a list; ``[]``: None). Gradients flow through ``func``
    because it runs on the tape. Without ``func`` it is a decorator, as in TensorFlow."""
    if func is None:
        return lambda f: py_function(f, inp, Tout, name)
    args = [] if inp is None else list(inp) if isinstance(inp, (list, _tuple)) else [inp]
    args = [a if isinstance(a, _core.Tensor) else _core.convert_to_tensor(a) for a in args]
    return _outputs(func(*args), Tout, _cast_out)


def numpy_function(func=None, inp=None, Tout=None, stateful=True, name=None):
    """Calls ``func`` on the inputs as NumPy arrays; its outputs (which must have the
    ``Tout`` dtypes, as TensorFlow requires) become tensors. Not differentiable."""
    if func is None:
        return lambda f: numpy_function(f, inp, Tout, stateful, name)
    args = [] if inp is None else list(inp) if isinstance(inp, (list, _tuple)) else [inp]
    args = [a.numpy() if isinstance(a, _core.Tensor) else np.asarray(a) for a in args]

    def to_tensor(value, dtype):
        array = np.asarray(value)
        dtype = as_dtype(dtype)
        if array.dtype != np.dtype(dtype.as_numpy_dtype):
            raise errors.InvalidArgumentError(
                None,
                None,
                f"numpy_function: func returned {array.dtype}, Tout says {dtype.name}",
            )
        return _core.convert_to_tensor(array)

    return _outputs(func(*args), Tout, to_tensor)


def get_current_name_scope():
    """The name of the innermost ``tf.name_scope`` (``'outer/inner'``), ``''`` outside any."""
    from nnext.module import _name_scope_prefix  # module imports the tape; load it lazily

    return _name_scope_prefix().rstrip("/")


def timestamp(name=None):
    """Seconds since the Unix epoch, a float64 scalar tensor."""
    return _core.convert_to_tensor(np.float64(time.time()))
