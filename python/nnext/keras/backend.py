"""The few backend facts the Keras layer needs: default float type, fuzz factor, conversion.

Keras 3 computes in `floatx()` (float32): layers cast floating inputs to it, so a float64
NumPy batch trains a float32 model exactly as Keras does.
"""

import numpy as np

from nnext import _core, creation, dtypes, string_tensor
from nnext import math as nmath
from nnext.keras.config import epsilon, floatx, set_epsilon, set_floatx  # noqa: F401 (Keras names)


def is_tensor(x):
    """Whether `x` is a tensor of this backend (an nnext Tensor or Variable)."""
    return isinstance(x, _core.Tensor)


def standardize_dtype(dtype):
    """The dtype's name as a string ('float32'), whatever form it came in."""
    if dtype is None:
        return None
    if isinstance(dtype, str):
        return dtype
    name = getattr(dtype, "name", None)
    if isinstance(name, str):
        return name
    return np.dtype(dtype).name


def to_float(x):
    """A one-element tensor's (or a number's) value as a Python float.

    The training loop calls this for every metric each step; `float(tensor)` reads the
    element directly in C++ (about 0.1 us), with no NumPy view in between.
    """
    return float(x)


def to_tensor(x, dtype=None):
    """Converts NumPy arrays, Python numbers and lists to a Tensor (zero-copy where possible).

    With `dtype` given, a floating input is cast to it (integer inputs stay integers, as
    Keras's autocasting leaves them; integer types nnext lacks, like uint8, become int64).
    """
    if isinstance(x, _core.Tensor):
        if dtype is None:
            return x
        current = x.dtype
        # Layers and losses pass dtype names ('float32'): comparing names first skips
        # `as_dtype`; Tensors carry the DType singletons, so `is` decides the rest.
        if current.name == dtype or current is dtypes.as_dtype(dtype) or not current.is_floating:
            return x
        return nmath.cast(x, dtype)
    if string_tensor.is_string_tensor(x):
        return x
    array = np.asarray(x)
    if array.dtype.kind in "SU" or (
        array.dtype == object and array.size and isinstance(array.flat[0], (str, bytes))
    ):
        # Text goes to a string tensor, for the string-taking layers (TextVectorization).
        return string_tensor.convert(array)
    if array.dtype == object and dtype is not None:
        # A table of mixed columns (pandas floats beside one-hot bools): its values in the
        # dtype asked for, as Keras converts them.
        array = array.astype(dtype)
    if array.dtype.kind == "f" and dtype is not None:
        array = array.astype(dtype, copy=False)
    elif array.dtype.kind == "f" and array.dtype not in (np.float64, np.float16):
        array = array.astype(np.float32, copy=False)  # long doubles
    elif array.dtype.kind in "iu" and array.dtype not in (np.int32, np.int64):
        # uint8 images and other small integers: nnext's integer type is int32/int64.
        array = array.astype(np.int64)
    if not array.flags.c_contiguous:
        array = np.ascontiguousarray(array)
    return creation.convert_to_tensor(array)


def backend():
    """The name of the backend computing Keras's ops: 'nnext' (as `keras.config.backend()`)."""
    from nnext.keras import config

    return config.backend()


def image_data_format():
    """'channels_last' (default) or 'channels_first' (as `keras.config.image_data_format`)."""
    from nnext.keras import config

    return config.image_data_format()


def set_image_data_format(data_format):
    """Sets the default image layout (as `keras.config.set_image_data_format`)."""
    from nnext.keras import config

    config.set_image_data_format(data_format)


def clear_session(free_memory=True):
    """Resets automatic names and `get_uid` counters and frees cached buffers
    (as `keras.utils.clear_session`)."""
    from nnext.keras.utils import session

    session.clear_session(free_memory=free_memory)


def get_uid(prefix=""):
    """1 the first time for `prefix`, then 2, 3 ...: the counters automatic layer names
    come from ('dense', then 'dense_1' ...), which `clear_session` resets.

    Example:
        >>> keras.backend.get_uid("dense")
        1
    """
    from nnext.keras.utils import naming

    naming._NAME_COUNTS[prefix] = naming._NAME_COUNTS.get(prefix, 0) + 1
    return naming._NAME_COUNTS[prefix]


def is_float_dtype(dtype):
    """Whether `dtype` (any dtype form) is a floating type: float16/32/64 or bfloat16."""
    name = standardize_dtype(dtype)
    return name.startswith(("float", "bfloat"))


def is_int_dtype(dtype):
    """Whether `dtype` (any dtype form) is a signed or unsigned integer type."""
    name = standardize_dtype(dtype)
    return name.startswith(("int", "uint"))


def is_keras_tensor(x):
    """Whether `x` is a symbolic tensor of a functional model (`keras.Input`'s output)."""
    from nnext.keras.keras_tensor import is_keras_tensor as check

    return check(x)


def result_type(*dtypes):
    """The dtype Keras's type promotion gives the dtypes (names, dtype objects, or the weak
    Python types `int`/`float`; None counts as `floatx()`), as on its TensorFlow backend:
    int64 and float64 stay 64-bit. float16 promotes as in Keras; nnext has no bfloat16, which
    promotes as the float32 it computes in.

    Example:
        >>> keras.backend.result_type("int32", "float32")
        'float32'
    """
    from nnext.keras.ops import _base

    if not dtypes:
        return floatx()
    named = [
        t if t in (int, float) else _base.standardize_dtype(floatx() if t is None else t)
        for t in dtypes
    ]
    return _base.result_type(*named)
