"""`TensorSpec`: the shape and dtype a tensor must have (`tf.TensorSpec`).

A shape is a tuple whose entries are ints or None (a dimension of any size), or None for a
tensor of any rank. `tf.data` describes its elements with specs (`Dataset.element_spec`);
`from_generator(output_signature=...)` and traced functions take them.
"""

from nnext import _core, dtypes

__all__ = ["TensorSpec"]


def _as_shape(shape):
    """A shape as a tuple of ints and Nones (None: the rank is unknown)."""
    if shape is None:
        return None
    if isinstance(shape, (int,)) or hasattr(shape, "__index__"):
        shape = (shape,)
    dims = []
    for d in shape:
        if d is None or d == -1:
            dims.append(None)
        elif int(d) < 0:
            raise ValueError(
                f"TensorSpec: dimensions must be non-negative or None. Received: shape={shape}"
            )
        else:
            dims.append(int(d))
    return tuple(dims)


def _dims_compatible(a, b):
    return a is None or b is None or a == b


def shapes_compatible(a, b):
    """True when shapes `a` and `b` (tuples or None) can describe the same tensor."""
    if a is None or b is None:
        return True
    return len(a) == len(b) and all(_dims_compatible(x, y) for x, y in zip(a, b))


def most_specific_common_shape(a, b):
    """The narrowest shape compatible with both `a` and `b` (differing dims become None)."""
    if a is None or b is None or len(a) != len(b):
        return None
    return tuple(x if x == y else None for x, y in zip(a, b))


class TensorSpec:
    """Describes a tensor: its shape (None dims match any size) and dtype.

    Args:
        shape: tuple of ints and Nones, or None for any rank.
        dtype: an nnext dtype or anything `nnext.as_dtype` reads (default float32).
        name: an optional name.

    Example:
        >>> spec = nnext.TensorSpec(shape=(None, 3), dtype=nnext.float32)
        >>> spec.is_compatible_with(nnext.zeros((5, 3)))
        True
    """

    __slots__ = ("_dtype", "_name", "_shape")

    def __init__(self, shape, dtype=dtypes.float32, name=None):
        self._shape = _as_shape(shape)
        self._dtype = dtypes.as_dtype(dtype)
        self._name = name

    @classmethod
    def from_tensor(cls, tensor, name=None):
        """The spec of `tensor`: its exact shape and dtype."""
        if not isinstance(tensor, _core.Tensor):
            tensor = _core.convert_to_tensor(tensor)
        return cls(tuple(tensor.shape), tensor.dtype, name)

    @classmethod
    def from_spec(cls, spec, name=None):
        """A copy of `spec` (any object with `shape` and `dtype`), optionally renamed."""
        return cls(spec.shape, spec.dtype, name if name is not None else spec.name)

    @property
    def shape(self):
        return self._shape

    @property
    def dtype(self):
        return self._dtype

    @property
    def name(self):
        return self._name

    def is_compatible_with(self, spec_or_tensor):
        """True when `spec_or_tensor` (a spec, Tensor or array) has this dtype and a shape
        this spec allows."""
        other = spec_or_tensor
        if not isinstance(other, TensorSpec):
            if not hasattr(other, "shape") or not hasattr(other, "dtype"):
                other = _core.convert_to_tensor(other)
            try:
                other = TensorSpec(tuple(other.shape), other.dtype)
            except TypeError:
                return False
        return self._dtype == other._dtype and shapes_compatible(self._shape, other._shape)

    def most_specific_common_supertype(self, others):
        """The narrowest spec compatible with this one and every spec in `others` (None if
        the dtypes differ)."""
        shape = self._shape
        for other in others:
            if not isinstance(other, TensorSpec) or other.dtype != self._dtype:
                return None
            shape = most_specific_common_shape(shape, other.shape)
        return TensorSpec(shape, self._dtype, self._name)

    def __eq__(self, other):
        return (
            isinstance(other, TensorSpec)
            and self._shape == other._shape
            and self._dtype == other._dtype
            and self._name == other._name
        )

    def __hash__(self):
        return hash((self._shape, self._dtype, self._name))

    def __repr__(self):
        shape = "<unknown>" if self._shape is None else _shape_text(self._shape)
        name = None if self._name is None else repr(self._name)
        return f"TensorSpec(shape={shape}, dtype={self._dtype!r}, name={name})"

    def __reduce__(self):
        return TensorSpec, (self._shape, self._dtype.name, self._name)


def _shape_text(shape):
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "(" + ", ".join(str(d) for d in shape) + ")"
