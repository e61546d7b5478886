"""The five nnext dtypes as objects: ``nnext.float32`` and friends.

A ``DType`` compares equal to its name (``'float32'``), to the NumPy dtype and to the NumPy
scalar type, so code written for TensorFlow or NumPy can pass whichever it has.
"""
import numpy as np

from nnext import _core

__all__ = ["DType", "as_dtype", "bool", "float32", "float64", "int32", "int64"]


class DType:
    """A tensor element type. ``name`` is its NumPy name; ``as_numpy_dtype`` its NumPy type."""

    __slots__ = ("_np", "name")

    def __init__(self, name):
        self.name = name
        self._np = np.dtype(name)

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
        return self._np.kind == "i"

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

_BY_NAME = {d.name: d for d in (bool, int32, int64, float32, float64)}
# The C++ core returns these very objects from Tensor.dtype (order: its DType enum).
_core._register_dtypes([bool, int32, int64, float32, float64])


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
    try:
        # np.dtype(None) is float64; None is no dtype here.
        name = value if isinstance(value, str) or value is None else np.dtype(value).name
    except (TypeError, ValueError):
        name = None
    if name not in _BY_NAME:
        raise TypeError(
            f"unsupported dtype {value!r}: expected one of float32, float64, int32, int64, bool"
        )
    return _BY_NAME[name]
