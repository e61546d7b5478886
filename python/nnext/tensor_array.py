"""`tf.TensorArray` and `tf.TensorArraySpec`: TensorFlow 2's eager TensorArray.

nnext executes eagerly, inside `tf.function` too (nnext/function.py), so a TensorArray is
what TensorFlow's `_EagerTensorArray` is: a Python list of tensors, one per index, with
TensorFlow's checks and messages. `write`, `unstack`, `scatter` and `split` change the
array in place and return it, so both `ta = ta.write(i, x)` (the TensorFlow 2 idiom) and a
bare `ta.write(i, x)` work, as in TensorFlow's eager mode.

Inside a `tf.function`, TensorFlow 2 makes a different TensorArray, backed by a TensorList
(its graph has no Python list): reads never clear an element (`clear_after_read` has no
effect, so the Fibonacci loop of TensorFlow's docstring reads each element twice), and a bad
index or dtype is an InvalidArgumentError with the TensorList kernel's message. nnext runs a
function's Python as it is written, so a TensorArray created while a `nnext.function` runs
behaves as that list-backed one; elsewhere it is the eager one. Neither forbids writing an
index twice (the later write wins), as both of TensorFlow 2's.

Gradients: `read` hands back the very tensor that was written, and `stack`, `gather`,
`concat`, `unstack` and `split` are nnext's differentiable array ops, so a `GradientTape`
follows values through the array. Indices written by nobody read as zeros of the element
shape (constants, with no gradient), as TensorFlow's.
"""

import numpy as np

from nnext import _core, array_ops, creation, dtypes, string_tensor
from nnext.errors import InvalidArgumentError, OutOfRangeError
from nnext.function import running_function
from nnext.tensor_shape import TensorShape, as_shape

__all__ = ["TensorArray", "TensorArraySpec"]


_INT32_MAX = 2**31 - 1


def _index(value):
    """A Python int from an int or a scalar integer tensor (TensorFlow's indices and sizes
    are int32: a larger one is a ValueError, not a giant Python list)."""
    index = int(value.numpy()) if isinstance(value, _core.Tensor) else int(value)
    if index > _INT32_MAX:
        raise ValueError(f"TensorArray: {index} does not fit the int32 of an index or size")
    return index


def _indices(value):
    if isinstance(value, _core.Tensor):
        return [int(i) for i in value.numpy().reshape(-1)]
    return [int(i) for i in value]


def _as_tensor(value, dtype):
    """`value` as a tensor, preferring `dtype` (TensorFlow's `preferred_dtype`): a value
    that does not convert to `dtype` keeps its own, for the dtype check to name."""
    if isinstance(value, _core.Variable):
        # The value now, as TensorFlow's conversion reads it; later assignments stay out.
        return value.read_value()
    if isinstance(value, _core.Tensor) or string_tensor.is_string_tensor(value):
        return value
    try:
        return creation.convert_to_tensor(value, dtype)
    except (TypeError, ValueError):
        return creation.convert_to_tensor(value)


# TensorFlow kernels name dtypes by their C++ enum (DataTypeString): float, double, ...
_KERNEL_NAMES = {"float32": "float", "float64": "double", "float16": "half"}


def _kernel_name(dtype):
    return _KERNEL_NAMES.get(dtype.name, dtype.name)


class TensorArray:
    """A list of tensors of one dtype, indexed from 0, that a loop fills one element at a
    time (TensorFlow's `tf.TensorArray`, eager semantics).

    Args:
        dtype: the dtype of every element.
        size: the number of elements (an int or a scalar int tensor); required.
        dynamic_size: writes past the end grow the array (default False).
        clear_after_read: a read forgets the element, so a second read of it raises
            (default True).
        tensor_array_name, flow, colocate_with_first_write_call, name: accepted and unused,
            as TensorFlow's eager TensorArray.
        handle: TensorFlow's graph-mode handle; not supported when executing eagerly.
        infer_shape: the first element written fixes the element shape (default True).
        element_shape: the shape every element must be compatible with.

    Example:
        >>> ta = nnext.TensorArray(nnext.float32, size=0, dynamic_size=True)
        >>> for i in range(3):
        ...     ta = ta.write(i, float(i) * 10)
        >>> ta.stack().numpy()
        array([ 0., 10., 20.], dtype=float32)
    """

    def __init__(
        self,
        dtype,
        size=None,
        dynamic_size=None,
        clear_after_read=None,
        tensor_array_name=None,
        handle=None,
        flow=None,
        infer_shape=True,
        element_shape=None,
        colocate_with_first_write_call=True,
        name=None,
    ):
        if handle is not None:
            raise ValueError(
                "TensorArray handles are not supported when eager execution is enabled."
            )
        if size is None:
            raise ValueError(
                "Size must be declared for TensorArrays when eager execution is enabled."
            )
        self._dtype = dtypes.as_dtype(dtype)
        self._dynamic_size = bool(dynamic_size)
        self._clear_after_read = True if clear_after_read is None else bool(clear_after_read)
        self._infer_shape = infer_shape
        self._element_shape = as_shape(element_shape)
        self._colocate_with_first_write_call = colocate_with_first_write_call
        self._flow = _core.convert_to_tensor(0, dtypes.int32)
        self._previously_read = set()
        self._list_backed = running_function()
        size = _index(size)
        if size < 0:
            raise InvalidArgumentError(f"Size should be >= 0, got: {size}")
        self._elements = [None] * size

    @property
    def dtype(self):
        """The dtype of the elements."""
        return self._dtype

    @property
    def element_shape(self):
        """The `TensorShape` every element has (known once one is written, with
        `infer_shape`)."""
        return self._element_shape

    @property
    def dynamic_size(self):
        """Whether writes past the end grow the array."""
        return self._dynamic_size

    @property
    def flow(self):
        """TensorFlow's ordering token; a scalar int32 zero when executing eagerly."""
        return self._flow

    @property
    def handle(self):
        """None: eager TensorArrays have no resource handle."""
        return None

    def identity(self):
        """This TensorArray (TensorFlow's eager `identity` returns the same array)."""
        return self

    def grad(self, source, flow=None, name=None):
        raise NotImplementedError(
            "TensorArray.grad is not supported when executing eagerly; eager's gradient "
            "implementation does not use/need this function to compute gradients of "
            "operations that use TensorArrays."
        )

    # -- elements -----------------------------------------------------------------------

    def _zeros(self):
        if self._dtype is dtypes.string:
            return string_tensor.from_values(np.full(self._element_shape.as_list(), b"", object))
        return _core.zeros(self._element_shape.as_list(), self._dtype)

    def _element(self, index):
        """The element at `index`, zeros (stored) when nothing was written there."""
        value = self._elements[index]
        if value is None:
            if not self._element_shape.is_fully_defined():
                raise InvalidArgumentError(
                    f"TensorArray: element {index} was never written and the element shape "
                    f"{self._element_shape} is not fully defined, so it cannot be zeros"
                )
            value = self._elements[index] = self._zeros()
        return value

    def _list_error(self, verb, index):
        return InvalidArgumentError(
            f"Trying to {verb} element {index} in a list with {len(self._elements)} elements."
        )

    def read(self, index, name=None):
        """The element at `index` (a scalar int)."""
        index = _index(index)
        size = len(self._elements)
        if self._list_backed:
            if not 0 <= index < size:
                raise self._list_error("access", index)
            return self._element(index)
        if index < 0:
            raise OutOfRangeError(f"Reading from negative indices (index {index}) is not allowed.")
        if index >= size:
            raise OutOfRangeError(f"Tried to read from index {index} but array size is: {size} ")
        if self._elements[index] is None and index in self._previously_read:
            raise InvalidArgumentError(
                f"Could not read index {index} twice because it was cleared after a previous "
                "read (perhaps try setting clear_after_read = false?)"
            )
        value = self._element(index)
        if self._clear_after_read:
            self._elements[index] = None
            self._previously_read.add(index)
        return value

    def _write(self, index, value):
        index = _index(index)
        size = len(self._elements)
        if index < 0 or (index >= size and not self._dynamic_size):
            if self._list_backed:
                raise self._list_error("modify", index)
            if index < 0:
                raise OutOfRangeError(
                    f"Writing to negative indices (index {index}) is not allowed."
                )
            raise OutOfRangeError(
                f"Tried to write to index {index} but array is not resizeable and size is: {size} "
            )
        if index >= size:
            self._elements.extend([None] * (index - size + 1))
        value = _as_tensor(value, self._dtype)
        if value.dtype != self._dtype:
            if self._list_backed:
                raise InvalidArgumentError(
                    f"Invalid data types; op elements {_kernel_name(value.dtype)} but list "
                    f"elements {_kernel_name(self._dtype)}"
                )
            raise InvalidArgumentError(
                f"TensorArray dtype is {self._dtype.name} but Op is trying to write dtype "
                f"{value.dtype.name} "
            )
        shape = TensorShape(value.shape)
        if not self._element_shape.is_compatible_with(shape):
            if self._list_backed:
                raise ValueError(
                    f"Inconsistent shapes: saw {shape} but expected {self._element_shape} "
                )
            raise ValueError(
                f"Incompatible shape for value ({shape}), expected ({self._element_shape})"
            )
        if self._infer_shape:
            self._element_shape = self._element_shape.merge_with(shape)
        self._elements[index] = value

    def write(self, index, value, name=None):
        """Stores `value` at `index`; returns this TensorArray (use it from then on)."""
        self._write(index, value)
        return self

    def unstack(self, value, name=None):
        """Makes the rows of `value` (along its first axis) the elements; returns the
        array."""
        value = _as_tensor(value, self._dtype)
        rows = array_ops.unstack(value)
        if len(rows) > len(self._elements) and not self._dynamic_size:
            raise ValueError(
                f"Cannot unstack {len(rows)} tensors into a TensorArray of static size "
                f"{len(self._elements)} "
            )
        self._elements = [None] * len(rows)
        for i, row in enumerate(rows):
            self._write(i, row)
        return self

    def scatter(self, indices, value, name=None):
        """Writes row `k` of `value` at `indices[k]`; returns the array."""
        value = _as_tensor(value, self._dtype)
        for index, row in zip(_indices(indices), array_ops.unstack(value)):
            self._write(index, row)
        return self

    def split(self, value, lengths, name=None):
        """Cuts `value` along its first axis into pieces of `lengths` rows, one element
        each; returns the array."""
        value = _as_tensor(value, self._dtype)
        lengths = _core.convert_to_tensor(lengths)
        if len(lengths.shape) != 1:
            raise InvalidArgumentError(
                f"Expected lengths to be a vector, received shape: {list(lengths.shape)} "
            )
        if len(value.shape) == 0:
            raise InvalidArgumentError(
                f"Expected value to be at least a vector, but received shape: {list(value.shape)} "
            )
        pieces = [int(n) for n in lengths.numpy()]
        if sum(pieces) != value.shape[0]:
            raise InvalidArgumentError(
                "Expected sum of lengths to be equal to values.shape[0], but sum of lengths "
                f"is {sum(pieces)} and value's shape is: {list(value.shape)} "
            )
        if not self._dynamic_size and len(pieces) != len(self._elements):
            raise InvalidArgumentError(
                "TensorArray's size is not equal to the size of lengths "
                f"({len(self._elements)} vs. {len(pieces)}), and the TensorArray is not "
                "marked as dynamically resizeable."
            )
        self._elements = list(array_ops.split(value, pieces))
        return self

    # -- whole-array reads --------------------------------------------------------------

    def stack(self, name=None):
        """Every element stacked along a new first axis (elements never written are
        zeros)."""
        if not self._elements:
            if self._element_shape.is_fully_defined():
                return _core.zeros([0] + self._element_shape.as_list(), self._dtype)
            return _core.zeros([0], self._dtype)
        return array_ops.stack([self._element(i) for i in range(len(self._elements))], 0)

    def gather(self, indices, name=None):
        """The elements at `indices`, stacked along a new first axis."""
        picked = []
        for index in _indices(indices):
            if not 0 <= index < len(self._elements):
                if self._list_backed:
                    raise self._list_error("access", index)
                raise OutOfRangeError(
                    f"Tried to read from index {index} but array size is: {len(self._elements)} "
                )
            picked.append(self._element(index))
        if not picked:
            return _core.zeros([0] + self._element_shape.as_list(), self._dtype)
        return array_ops.stack(picked, 0)

    def concat(self, name=None):
        """Every element concatenated along its first axis."""
        elements = [self._element(i) for i in range(len(self._elements))]
        for i, element in enumerate(elements):
            if len(element.shape) == 0:
                raise InvalidArgumentError(
                    f"Concat saw a scalar shape at index {i} but requires at least vectors."
                )
        return array_ops.concat(elements, 0)

    def size(self, name=None):
        """The number of elements, as a scalar int32 tensor."""
        return _core.convert_to_tensor(len(self._elements), dtypes.int32)

    def close(self, name=None):
        """Forgets every element (the size becomes 0)."""
        del self._elements[:]

    def _copy_out_of_trace(self):
        """A TensorArray with copies of this one's elements: what a replayed
        `nnext.function` returns (nnext/function.py), since replays rebind the traced
        call's tensors in place."""
        copy = TensorArray.__new__(TensorArray)
        copy.__dict__.update(self.__dict__)
        copy._previously_read = set(self._previously_read)
        copy._elements = [
            e.__deepcopy__(None) if isinstance(e, _core.Tensor) else e for e in self._elements
        ]
        return copy

    def __repr__(self):
        return (
            f"<nnext.TensorArray: size={len(self._elements)}, dtype={self._dtype.name}, "
            f"element_shape={self._element_shape}>"
        )


class TensorArraySpec:
    """The type of a `TensorArray`: element shape, dtype, `dynamic_size` and
    `infer_shape` (TensorFlow's `tf.TensorArraySpec`).

    Example:
        >>> ta = nnext.TensorArray(nnext.float32, size=1).write(0, [1.0, 2.0])
        >>> nnext.TensorArraySpec.from_value(ta)
        TensorArraySpec(TensorShape([2]), nnext.float32, False, True)
    """

    __slots__ = ("_dtype", "_dynamic_size", "_element_shape", "_infer_shape")

    def __init__(
        self, element_shape=None, dtype=dtypes.float32, dynamic_size=False, infer_shape=True
    ):
        self._element_shape = as_shape(element_shape)
        self._dtype = dtypes.as_dtype(dtype)
        self._dynamic_size = dynamic_size
        self._infer_shape = infer_shape

    value_type = property(lambda self: TensorArray)

    @property
    def element_shape(self):
        return self._element_shape

    @property
    def dtype(self):
        return self._dtype

    @property
    def dynamic_size(self):
        return self._dynamic_size

    @property
    def infer_shape(self):
        return self._infer_shape

    @staticmethod
    def from_value(value):
        """The spec of a TensorArray."""
        if not isinstance(value, TensorArray):
            raise TypeError(f"Expected value to be a TensorArray, but got: `{type(value)}`")
        return TensorArraySpec(
            element_shape=value.element_shape,
            dtype=value.dtype,
            dynamic_size=value.dynamic_size,
            infer_shape=value._infer_shape,
        )

    def is_compatible_with(self, other):
        """Same dtype and `dynamic_size`, compatible element shapes (`other`: a spec or a
        TensorArray)."""
        if isinstance(other, TensorArray):
            other = TensorArraySpec.from_value(other)
        return (
            isinstance(other, TensorArraySpec)
            and self._dtype == other._dtype
            and self._element_shape.is_compatible_with(other._element_shape)
            and self._dynamic_size == other._dynamic_size
        )

    def is_subtype_of(self, other):
        return (
            isinstance(other, TensorArraySpec)
            and self._dtype == other._dtype
            and self._dynamic_size == other._dynamic_size
        )

    def most_specific_common_supertype(self, others):
        """The spec covering this one and `others`, or None when dtypes or `dynamic_size`
        differ."""
        others = list(others)
        if not all(isinstance(o, TensorArraySpec) for o in others):
            return None
        if any(o._dtype != self._dtype or o._dynamic_size != self._dynamic_size for o in others):
            return None
        shape = self._element_shape
        for other in others:
            shape = shape.most_specific_compatible_shape(other._element_shape)
        infer = self._infer_shape and all(o._infer_shape for o in others)
        return TensorArraySpec(shape, self._dtype, self._dynamic_size, infer)

    def _serialize(self):
        return (self._element_shape, self._dtype, self._dynamic_size, self._infer_shape)

    def __eq__(self, other):
        return type(other) is TensorArraySpec and self._serialize() == other._serialize()

    def __hash__(self):
        return hash((tuple(self._element_shape.as_list() or ()), self._dtype, self._dynamic_size))

    def __repr__(self):
        shape, dtype, dynamic, infer = self._serialize()
        return f"TensorArraySpec({shape!r}, {dtype!r}, {dynamic!r}, {infer!r})"
