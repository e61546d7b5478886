"""tnp's dtypes and NumPy's promotion: the scalar types (`tnp.float32` is `np.float32`),
`iinfo`/`finfo`/`issubdtype`, and `result_type`/`promote_types` returning nnext dtypes.

TensorFlow's tnp promotes as NumPy 2 does (Python numbers are weak: `float32 + 1.5` stays
float32), infers NumPy's wide defaults for Python literals (`1` is int64, `1.5` float64)
and, once `experimental_enable_numpy_behavior(prefer_float32=True)` is called, reads a
Python float as float32 instead. That switch lives here.
"""

import numbers

import numpy as np

from nnext import dtypes

__all__ = [
    "bool_",
    "complex64",
    "complex128",
    "complex_",
    "finfo",
    "float16",
    "float32",
    "float64",
    "float_",
    "iinfo",
    "inexact",
    "int8",
    "int16",
    "int32",
    "int64",
    "int_",
    "issubdtype",
    "object_",
    "promote_types",
    "result_type",
    "string_",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "unicode_",
]

# NumPy's scalar types, as TensorFlow exports them (NumPy 2 dropped the aliases float_,
# complex_, string_ and unicode_; they name the types NumPy 1 gave them).
bool_ = np.bool_
complex64 = np.complex64
complex128 = np.complex128
complex_ = np.complex128
float16 = np.float16
float32 = np.float32
float64 = np.float64
float_ = np.float64
inexact = np.inexact
int8 = np.int8
int16 = np.int16
int32 = np.int32
int64 = np.int64
int_ = np.int64
object_ = np.object_
string_ = np.bytes_
uint8 = np.uint8
uint16 = np.uint16
uint32 = np.uint32
uint64 = np.uint64
unicode_ = np.str_
iinfo = np.iinfo
issubdtype = np.issubdtype

_prefer_float32 = False


def set_prefer_float32(prefer):
    global _prefer_float32
    _prefer_float32 = bool(prefer)


def default_float_type():
    """The dtype of a Python float and of float-valued results of integer inputs."""
    return dtypes.float32 if _prefer_float32 else dtypes.float64


def _numpy_dtype(x):
    """A NumPy dtype from a DType, a NumPy type, a dtype name or a Python type."""
    if isinstance(x, dtypes.DType):
        return np.dtype(x.name)
    if x is float:
        return np.dtype(default_float_type().name)
    return np.dtype(x)


def _promotion_operand(x):
    """What `np.result_type` is given for `x`: a tensor's dtype, Python numbers as they
    are (NumPy's weak scalars), except a Python float under prefer_float32, which becomes
    a float32 scalar as in TensorFlow."""
    if isinstance(x, (type, str, dtypes.DType, np.dtype)):
        return _numpy_dtype(x)
    if isinstance(x, float) and _prefer_float32:
        return np.float32(x)
    if isinstance(x, complex) and _prefer_float32:
        return np.complex64(x)
    if isinstance(x, (numbers.Number, np.ndarray, np.generic)):
        return x
    if isinstance(getattr(x, "dtype", None), dtypes.DType):  # a Tensor or a Variable
        return np.dtype(x.dtype.name)
    return np.asarray(x).dtype


def _flatten(values):
    for v in values:
        if isinstance(v, (list, tuple)):
            yield from _flatten(v)
        else:
            yield v


def numpy_result_type(*arrays_and_dtypes):
    """`result_type` as a NumPy dtype."""
    operands = [_promotion_operand(x) for x in _flatten(arrays_and_dtypes)]
    if not operands:
        return np.dtype(default_float_type().name)
    return np.result_type(*operands)


def result_type(*arrays_and_dtypes):
    """The dtype NumPy's promotion gives these arrays, dtypes and Python numbers, as an
    nnext DType (`tnp.result_type(tnp.int32, 1.5)` is float64); nested lists count by
    their elements. No arguments give the default float type."""
    return as_nnext_dtype(numpy_result_type(*arrays_and_dtypes))


def promote_types(type1, type2):
    """NumPy's `promote_types` of two dtypes (a NumPy dtype, as NumPy returns)."""
    return np.promote_types(_numpy_dtype(type1), _numpy_dtype(type2))


def finfo(dtype):
    """NumPy's machine limits of a floating dtype (also of a DType or a Tensor's dtype)."""
    return np.finfo(_numpy_dtype(dtype))


def as_nnext_dtype(np_dtype):
    """The nnext DType of a NumPy dtype; TypeError for dtypes nnext tensors cannot hold."""
    try:
        return dtypes.as_dtype(np.dtype(np_dtype).name)
    except (TypeError, ValueError):
        raise TypeError(
            f"tnp: dtype {np.dtype(np_dtype)} is not supported: nnext tensors hold bool, "
            "(u)int8-64, float16, float32, float64, complex64 and complex128 elements"
        ) from None
