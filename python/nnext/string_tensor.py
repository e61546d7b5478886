"""String tensors (`tf.string`): TensorFlow's eager string tensor, held in Python.

The C++ core computes on numbers only, so a string tensor is a `StringTensor`: a read-only
NumPy object array of Python `bytes` (what TensorFlow's `.numpy()` returns), a
`TensorShape` and the dtype `nnext.string`. `str` values are encoded as UTF-8. Element-wise
work goes through NumPy's ufunc machinery over the object array (`np.add` concatenates,
`np.equal` compares, `np.frompyfunc` of a bytes method such as `bytes.lower`), so no Python
code runs per element; the ops themselves live in `nnext.strings`.

`isinstance(s, tf.Tensor)` is False for a string tensor (TensorFlow says True). `tf.Tensor`
is the core's class, whose methods and every C++ op read a numeric buffer: a subclass would
hand ops an empty numeric tensor and compute silently wrong results, and an
`__instancecheck__` hook would sit on the metaclass that all of pybind11's classes share,
slowing every `isinstance(x, Tensor)` test of a non-tensor. `tf.is_tensor(s)` is True, and
`nnext.string_tensor.is_string_tensor` tells the two kinds apart.

Conversion (`tf.constant`, `tf.convert_to_tensor`): `str`, `bytes`, nested lists of them and
NumPy arrays of kind U, S or O (objects that are all str or bytes). Nested lists go through
`np.array(..., dtype=object)`, so trailing NUL bytes survive (a fixed-width `S` array
would drop them).
"""

import operator

import numpy as np

from nnext import _core, dtypes
from nnext.errors import InvalidArgumentError
from nnext.tensor_shape import TensorShape

__all__ = []

_encode_utf8 = np.frompyfunc(operator.methodcaller("encode", "utf-8"), 1, 1)
_is_str = np.frompyfunc(str.__instancecheck__, 1, 1)
_plain_bytes = np.frompyfunc(bytes, 1, 1)
_byte_length = np.frompyfunc(len, 1, 1)
_slice = np.frompyfunc(slice, 2, 1)
_take = np.frompyfunc(operator.getitem, 2, 1)


def is_string_tensor(value):
    """True for a string tensor (a StringTensor, not a tensor of the C++ core)."""
    return type(value) is StringTensor


def _value_text(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _object_bytes(array, value):
    """An object array of bytes from an object array of str/bytes (TypeError otherwise)."""
    flat = array.reshape(-1)
    types = set(map(type, flat.tolist()))
    if types <= {bytes}:
        return array
    if not all(issubclass(t, (str, bytes)) for t in types):
        raise TypeError(f"Failed to convert elements of {_value_text(value)} to Tensor.")
    flat = flat.copy()
    is_str = _is_str(flat).astype(bool)
    flat[is_str] = _encode_utf8(flat[is_str])
    if types - {bytes, str}:  # NumPy's bytes_/str_ scalars become plain bytes
        flat = _plain_bytes(flat)
    return flat.reshape(array.shape)


def string_values(value):
    """`value` as a C-contiguous object array of bytes, or None when it holds no strings."""
    if type(value) is StringTensor:
        return value._values
    if isinstance(value, (str, bytes)):
        array = np.empty((), dtype=object)
        array[()] = value.encode("utf-8") if isinstance(value, str) else bytes(value)
        return array
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "U":
            return np.strings.encode(value, "utf-8").astype(object)
        if value.dtype.kind == "S":
            return value.astype(object)
        if value.dtype.kind != "O" or value.size == 0 or not _holds_strings(value.reshape(-1)):
            return None
        # A copy: the tensor's values are immutable, the caller's array is not.
        return _object_bytes(value.copy(order="C"), value)
    if isinstance(value, (list, tuple)) and _first_leaf_is_string(value):
        try:
            array = np.array(value, dtype=object)
        except ValueError as e:  # ragged nesting
            raise ValueError(f"Can't convert non-rectangular Python sequence to Tensor. {e}")
        if any(isinstance(v, (list, tuple)) for v in array.reshape(-1)[:1]):
            raise ValueError("Can't convert non-rectangular Python sequence to Tensor.")
        return _object_bytes(array, value)
    if hasattr(value, "__array__") and not isinstance(value, _core.Tensor):
        # A pandas Series or Index of strings (object or `str` dtype) and other
        # array-likes: TensorFlow converts them through NumPy.
        return string_values(np.asarray(value))
    return None


def _holds_strings(flat):
    return isinstance(flat[0], (str, bytes))


def _first_leaf_is_string(value):
    while isinstance(value, (list, tuple)):
        if not value:
            return False
        value = value[0]
    return isinstance(value, (str, bytes, np.str_, np.bytes_))


def _contiguous(array):
    # np.ascontiguousarray would make a 0-d array 1-d.
    return array if array.flags.c_contiguous else array.copy(order="C")


def from_values(values):
    """A StringTensor owning `values` (an object array of bytes, not copied)."""
    t = StringTensor.__new__(StringTensor)
    values.flags.writeable = False
    t._values = values
    return t


def convert(value, dtype=None):
    """`value` as a StringTensor, or None when it is not string data. A string value with
    a numeric `dtype`, or numeric data with dtype string, raises TensorFlow's TypeError."""
    values = string_values(value)
    if values is None:
        if dtype is not None and dtypes.as_dtype(dtype) is dtypes.string:
            if isinstance(value, (list, tuple)) and not value:
                return from_values(np.empty((0,), dtype=object))
            raise TypeError(f"Cannot convert {_value_text(value)} to EagerTensor of dtype string")
        return None
    if dtype is not None and dtypes.as_dtype(dtype) is not dtypes.string:
        raise TypeError(
            f"Cannot convert {_value_text(value)} to EagerTensor of dtype "
            f"{dtypes.as_dtype(dtype).name}"
        )
    if type(value) is StringTensor:
        return value
    return from_values(_contiguous(values))


def as_values(value):
    """The object array of bytes of a string tensor or string-like value (TypeError if
    `value` holds no strings)."""
    values = string_values(value)
    if values is None:
        dtype = getattr(value, "dtype", None)
        try:  # the dtype TensorFlow would have converted `value` to
            if dtype is None:
                dtype = _core.convert_to_tensor(value).dtype
            name = dtypes.as_dtype(dtype).name
        except (TypeError, ValueError):
            name = type(value).__name__
        raise TypeError(
            f"Value passed to parameter 'input' has DataType {name} not in list of allowed "
            "values: string"
        )
    return values


class StringTensor:
    """An eager tensor of dtype `string`: `shape`, `dtype`, `numpy()`, indexing, `==`/`!=`,
    `len` and iteration, as TensorFlow's. Created by `tf.constant(["a", b"b"])`.

    Example:
        >>> s = nnext.constant(["a", "bb"])
        >>> print(s)
        nnext.Tensor([b'a' b'bb'], shape=(2,), dtype=string)
    """

    __slots__ = ("_values",)
    __array_priority__ = 100  # NumPy defers `array == tensor` to __eq__ below

    @property
    def dtype(self):
        return dtypes.string

    @property
    def shape(self):
        return TensorShape(self._values.shape)

    def get_shape(self):
        return self.shape

    @property
    def ndim(self):
        return self._values.ndim

    @property
    def device(self):
        return "/job:localhost/replica:0/task:0/device:CPU:0"

    def numpy(self):
        """Bytes for a scalar, otherwise an object array of bytes (a copy, as TensorFlow's:
        writing to it leaves the tensor as it was)."""
        return self._values[()] if self._values.ndim == 0 else self._values.copy()

    def __array__(self, dtype=None, copy=None):
        if dtype is not None and np.dtype(dtype) != np.dtype(object):
            return self._values.astype(dtype)
        return self._values.copy() if copy else self._values

    def __len__(self):
        if self._values.ndim == 0:
            raise TypeError("len() of unsized object")
        return len(self._values)

    def __iter__(self):
        if self._values.ndim == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        return (self[i] for i in range(len(self._values)))

    def __getitem__(self, key):
        if isinstance(key, _core.Tensor):
            key = key.numpy()
        try:
            picked = self._values[key]
        except IndexError as e:
            raise InvalidArgumentError(f"strided_slice: {e}") from None
        if isinstance(picked, bytes):
            array = np.empty((), dtype=object)
            array[()] = picked
            return from_values(array)
        return from_values(_contiguous(picked))

    def _compare(self, other, ufunc):
        if other is None:
            return ufunc is np.not_equal
        try:
            values = as_values(other)
        except TypeError:
            raise TypeError(
                f"Cannot convert {_value_text(other)} to EagerTensor of dtype string"
            ) from None
        try:
            result = ufunc(self._values, values)
        except ValueError:  # shapes that do not broadcast: TensorFlow's scalar answer
            result = np.asarray(ufunc is np.not_equal)
        return _core.convert_to_tensor(np.ascontiguousarray(result, dtype=bool))

    def __eq__(self, other):
        return self._compare(other, np.equal)

    def __ne__(self, other):
        return self._compare(other, np.not_equal)

    __hash__ = None  # as TensorFlow's eager tensors: use the value, not the tensor, as a key

    def __bool__(self):
        if self._values.size != 1:
            raise ValueError(
                "The truth value of an array with more than one element is ambiguous. "
                "Use a.any() or a.all()"
            )
        return bool(self._values.reshape(-1)[0])

    def __repr__(self):
        return (
            f"<nnext.Tensor: shape={_shape_text(self)}, dtype=string, "
            f"numpy={_numpy_text(self._values, is_repr=True)}>"
        )

    def __str__(self):
        return f"nnext.Tensor({_numpy_text(self._values)}, shape={_shape_text(self)}, dtype=string)"

    def __reduce__(self):
        return convert, (self._values,)


def to_buffers(values):
    """An object array of bytes as two numeric arrays, for files that hold no objects:
    the byte length of each element (int64, the array's shape) and all bytes in order
    (uint8)."""
    flat = values.reshape(-1)
    lengths = np.asarray(_byte_length(flat) if flat.size else flat, np.int64)
    return lengths.reshape(values.shape), np.frombuffer(b"".join(flat.tolist()), np.uint8)


def from_buffers(lengths, data):
    """The StringTensor that `to_buffers` gave these arrays for."""
    stops = np.cumsum(lengths.reshape(-1))
    slices = _slice(stops - lengths.reshape(-1), stops) if stops.size else stops
    blob = np.empty((), dtype=object)
    blob[()] = data.tobytes()
    values = _take(blob, slices) if stops.size else np.empty(0, dtype=object)
    return from_values(np.asarray(values, dtype=object).reshape(lengths.shape))


def _shape_text(tensor):
    return str(tuple(tensor._values.shape))


def _numpy_text(values, is_repr=False):
    """TensorFlow's `numpy_text`: a scalar's repr (`b'a'`), otherwise NumPy's str or repr
    of the object array, on a line of its own when it spans several."""
    if values.ndim == 0:
        text = repr(values[()])
    else:
        text = repr(values) if is_repr else str(values)
    return "\n" + text if "\n" in text else text
