"""The nnext dtypes as objects: ``nnext.float32`` and friends, with TensorFlow's properties.

A ``DType`` compares equal to its name (``'float32'``), to the NumPy dtype and to the NumPy
scalar type, so code written for TensorFlow or NumPy can pass whichever it has. bool, int32,
int64, float32 and float64 have kernels; uint8, int8, int16, uint16, uint32, uint64 and
float16 are storage dtypes: held, cast, converted to NumPy, and computed in their compute
dtype by the ops that take them (see DESIGN.md). complex64 and complex128 are held, cast and
converted too, and computed by the ops that cpp/ops/complex.h lists; other ops refuse them.
"""

import numpy as np

from nnext import _core

__all__ = [
    "DType",
    "as_dtype",
    "bool",
    "complex",
    "complex64",
    "complex128",
    "double",
    "float16",
    "float32",
    "float64",
    "half",
    "int8",
    "int16",
    "int32",
    "int64",
    "string",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
]

# TensorFlow's DataType enum values (types.proto), for as_datatype_enum.
_DATATYPE_ENUM = {
    "float32": 1,
    "float64": 2,
    "int32": 3,
    "uint8": 4,
    "int16": 5,
    "int8": 6,
    "int64": 9,
    "string": 7,
    "bool": 10,
    "uint16": 17,
    "float16": 19,
    "complex64": 8,
    "complex128": 18,
    "uint32": 22,
    "uint64": 23,
}
# TensorFlow's intensity ranges of image dtypes (DType.limits).
_INTENSITY = {"bool": (False, True), "float16": (-1, 1), "float32": (-1, 1), "float64": (-1, 1)}


class DType:
    """A tensor element type. ``name`` is its NumPy name; ``as_numpy_dtype`` its NumPy type."""

    __slots__ = ("_np", "name")

    def __init__(self, name, numpy_dtype=None):
        self.name = name
        self._np = np.dtype(name if numpy_dtype is None else numpy_dtype)

    @property
    def as_numpy_dtype(self):
        return self._np.type

    @property
    def dtype(self):
        # np.dtype(x) looks for a `dtype` attribute, so np.asarray(a, dtype=nnext.float32) works.
        return self._np

    @property
    def is_floating(self):
        return self._np.kind == "f"

    @property
    def is_integer(self):
        return self._np.kind in "iu"

    @property
    def is_unsigned(self):
        """True for the unsigned integer dtypes (bool is not numeric here, as TensorFlow)."""
        return self._np.kind == "u"

    @property
    def is_complex(self):
        return self._np.kind == "c"

    @property
    def is_quantized(self):
        return False

    @property
    def is_numpy_compatible(self):
        return True

    @property
    def base_dtype(self):
        return self

    @property
    def real_dtype(self):
        """The dtype of a complex dtype's parts (complex64 -> float32); others themselves."""
        return {"complex64": float32, "complex128": float64}.get(self.name, self)

    @property
    def as_datatype_enum(self):
        return _DATATYPE_ENUM[self.name]

    @property
    def min(self):
        """The smallest value of the dtype (TypeError for bool, as TensorFlow)."""
        if self.is_bool or self.is_complex or self is string:
            raise TypeError(f"Cannot find minimum value of {self} with type {self}.")
        info = np.finfo(self._np) if self.is_floating else np.iinfo(self._np)
        return info.min

    @property
    def max(self):
        """The largest value of the dtype (TypeError for bool, as TensorFlow)."""
        if self.is_bool or self.is_complex or self is string:
            raise TypeError(f"Cannot find maximum value of {self} with type {self}.")
        info = np.finfo(self._np) if self.is_floating else np.iinfo(self._np)
        return info.max

    def limits(self, clip_negative=True):
        """The intensity range ``(min, max)`` of an image of this dtype: the integer range,
        ``(-1, 1)`` for floats; ``min`` is 0 when ``clip_negative``."""
        low, high = _INTENSITY.get(self.name) or (self.min, self.max)
        return (0 if clip_negative else low), high

    def is_compatible_with(self, other):
        """Whether a value of ``other``'s dtype can be used where this one is expected."""
        try:
            return self is as_dtype(other)
        except TypeError:
            return False

    @property
    def is_string(self):
        """True for `string`, whose values are bytes held as NumPy objects (string_tensor.py)."""
        return self is string

    @property
    def is_bool(self):
        return self._np.kind == "b"

    @property
    def size(self):
        return self._np.itemsize

    def __eq__(self, other):
        # Through as_dtype, so that == agrees with it (float means float32) and None, which
        # np.dtype reads as float64, equals no dtype.
        try:
            return self is as_dtype(other)
        except TypeError:
            return False

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return f"nnext.{self.name}"

    def __str__(self):
        # print(tf.float32) shows "<dtype: 'float32'>" in TensorFlow.
        return f"<dtype: '{self.name}'>"

    def __reduce__(self):
        return as_dtype, (self.name,)


bool = DType("bool")
int32 = DType("int32")
int64 = DType("int64")
float32 = DType("float32")
float64 = DType("float64")
uint8 = DType("uint8")
int8 = DType("int8")
int16 = DType("int16")
uint16 = DType("uint16")
uint32 = DType("uint32")
uint64 = DType("uint64")
float16 = DType("float16")
complex64 = DType("complex64")
complex128 = DType("complex128")
half = float16
double = float64
# TensorFlow's string dtype: no kernels in the core; string tensors live in Python
# (nnext/string_tensor.py) and hand their values to NumPy as object arrays of bytes.
string = DType("string", np.object_)

# The C++ core returns these very objects from Tensor.dtype (order: its DType enum).
_ALL = (
    bool,
    int32,
    int64,
    float32,
    float64,
    uint8,
    int8,
    int16,
    uint16,
    uint32,
    uint64,
    float16,
    complex64,
    complex128,
)
_BY_NAME = {d.name: d for d in _ALL}
_BY_NAME.update(half=float16, double=float64)
_core._register_dtypes(list(_ALL))
# The NumPy kinds that TensorFlow's as_dtype reads as tf.string (np.object_, np.bytes_,
# np.str_); string stays out of _ALL so the core never sees it.
_STRING_KINDS = "OSU"


def as_dtype(value):
    """The nnext DType for a DType, a name, a NumPy dtype or a NumPy/Python type.

    >>> nnext.as_dtype("float32") is nnext.float32
    True
    """
    if isinstance(value, DType):
        return value
    if value is float:
        return float32
    if value is int:
        return int32
    if isinstance(value, str) and value == "string":
        return string
    try:
        # np.dtype(None) is float64; None is no dtype here.
        numpy_dtype = None if isinstance(value, str) or value is None else np.dtype(value)
    except (TypeError, ValueError):
        numpy_dtype = None
    if numpy_dtype is not None and numpy_dtype.kind in _STRING_KINDS:
        return string
    name = value if numpy_dtype is None else numpy_dtype.name
    if name not in _BY_NAME:
        raise TypeError(
            f"unsupported dtype {value!r}: expected one of {', '.join(d.name for d in _ALL)}"
        )
    return _BY_NAME[name]


def complex(real, imag, name=None):
    """``real + imag * 1j`` elementwise, broadcast: complex64 from two float32 tensors,
    complex128 from two float64 ones (TypeError otherwise, as TensorFlow).

    >>> nnext.complex([2.25, 3.25], [4.75, 5.75]).dtype
    nnext.complex64
    """
    return _core.complex(real, imag)
