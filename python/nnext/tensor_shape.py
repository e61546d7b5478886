"""``tf.TensorShape``: the shape of a tensor, possibly with unknown dimensions or rank.

``Tensor.shape`` returns one. It is a ``tuple`` subclass, so that code written for NumPy
shapes (``np.zeros(t.shape)``, ``t.shape[0]``, ``t.shape == (2, 3)``, unpacking) keeps
working, and it adds TensorFlow's methods (``as_list``, ``rank``, ``num_elements``,
``merge_with``, ...). Unknown dimensions are ``None``; an unknown rank is
``TensorShape(None)``. The C++ core builds shapes through ``tuple.__new__`` (no
validation: its dimensions are known ints), which keeps ``t.shape`` as cheap as a tuple.
"""

import operator

__all__ = ["TensorShape", "as_shape", "dimension_value"]


def _as_dim(value):
    """One dimension as an int >= 0 or None (TensorFlow's Dimension rules)."""
    if value is None:
        return None
    value = getattr(value, "value", value)  # tf.compat.v1.Dimension-like objects
    if value is None:
        return None
    try:
        dim = operator.index(value)
    except TypeError:
        raise TypeError(
            f"Dimension value must be integer or None or have an __index__ method, got value "
            f"'{value!r}' with type '{type(value)}'"
        ) from None
    if dim < 0:
        raise ValueError(f"Dimension {dim} must be >= 0")
    return dim


def _merge_dims(a, b):
    if a is None:
        return b
    if b is None or a == b:
        return a
    return _INCOMPATIBLE


_INCOMPATIBLE = object()


class TensorShape(tuple):
    """Represents the shape of a ``Tensor``: a tuple of ints, with ``None`` for unknown sizes.

    A shape is fully known (``TensorShape([16, 256])``), partially known
    (``TensorShape([None, 256])``) or of unknown rank (``TensorShape(None)``).

    Args:
        dims: a list (or tuple, or TensorShape) of ints or None, a single int (a rank-1
            shape), or None for an unknown rank.

    Raises:
        TypeError: if a dimension is not an int or None.

    Example:
        >>> s = nnext.TensorShape([2, 3])
        >>> s.as_list(), s.rank, s.num_elements(), s == (2, 3)
        ([2, 3], 2, 6, True)
    """

    # An unknown rank is an empty tuple with this flag turned off on the instance.
    _rank_known = True

    def __new__(cls, dims=()):
        if dims is None:
            shape = tuple.__new__(cls, ())
            shape._rank_known = False
            return shape
        if isinstance(dims, TensorShape):
            return dims if type(dims) is cls else cls._copy_of(dims)
        if isinstance(dims, (str, bytes)):
            raise TypeError(f"TensorShape: dims must be a list of ints or None, got {dims!r}")
        try:
            values = list(dims)
        except TypeError:
            values = [dims]  # TensorFlow's deprecated single-integer form
        return tuple.__new__(cls, [_as_dim(d) for d in values])

    @classmethod
    def _copy_of(cls, shape):
        return cls(None) if shape.rank is None else tuple.__new__(cls, shape)

    def __reduce__(self):
        return TensorShape, (self.as_list() if self._rank_known else None,)

    # -- facts -----------------------------------------------------------------------------

    @property
    def rank(self):
        """The number of dimensions, or None if the rank is unknown."""
        return tuple.__len__(self) if self._rank_known else None

    @property
    def ndims(self):
        """Deprecated alias of ``rank``."""
        return self.rank

    @property
    def dims(self):
        """The dimensions as a list of ints or None, or None for an unknown rank."""
        return list(self) if self._rank_known else None

    def as_list(self):
        """A list of ints (or None for unknown dimensions).

        Raises:
            ValueError: if the rank is unknown.
        """
        if not self._rank_known:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self)

    def num_elements(self):
        """The number of elements of a fully defined shape, else None."""
        if not self.is_fully_defined():
            return None
        count = 1
        for d in self:
            count *= d
        return count

    def is_fully_defined(self):
        """True when the rank and every dimension are known."""
        return self._rank_known and None not in tuple(self)

    def assert_is_fully_defined(self):
        """Raises ValueError unless the shape is fully defined."""
        if not self.is_fully_defined():
            raise ValueError(f"Shape {self} is not fully defined")

    # -- combining -------------------------------------------------------------------------

    def is_compatible_with(self, other):
        """True when ``other`` could describe the same shape (unknowns match anything)."""
        other = as_shape(other)
        if not self._rank_known or not other._rank_known:
            return True
        if self.rank != other.rank:
            return False
        return all(_merge_dims(a, b) is not _INCOMPATIBLE for a, b in zip(self, other))

    def assert_is_compatible_with(self, other):
        """Raises ValueError unless ``other`` is compatible with this shape."""
        if not self.is_compatible_with(other):
            raise ValueError(f"Shapes {self} and {as_shape(other)} are incompatible")

    def merge_with(self, other):
        """The shape holding what both shapes know.

        Raises:
            ValueError: if the shapes are not compatible.

        Example:
            >>> nnext.TensorShape([None, 3]).merge_with([2, None])
            TensorShape([2, 3])
        """
        other = as_shape(other)
        if not self._rank_known:
            return other
        if not other._rank_known:
            return self
        merged = [_merge_dims(a, b) for a, b in zip(self, other)]
        if self.rank != other.rank or _INCOMPATIBLE in merged:
            raise ValueError(f"Shapes {self} and {other} are not compatible")
        return TensorShape(merged)

    def most_specific_compatible_shape(self, other):
        """The most specific shape compatible with both: dimensions that differ become None."""
        other = as_shape(other)
        if not self._rank_known or not other._rank_known or self.rank != other.rank:
            return TensorShape(None)
        return TensorShape([a if a == b else None for a, b in zip(self, other)])

    def concatenate(self, other):
        """This shape's dimensions followed by ``other``'s (unknown if either rank is)."""
        other = as_shape(other)
        if not self._rank_known or not other._rank_known:
            return TensorShape(None)
        return tuple.__new__(TensorShape, tuple(self) + tuple(other))

    def with_rank(self, rank):
        """This shape merged with an unknown shape of ``rank`` dims.

        Raises:
            ValueError: if the shape's rank differs.
        """
        if self._rank_known and self.rank != rank:
            raise ValueError(f"Shape {self} must have rank {rank}")
        return self if self._rank_known else TensorShape([None] * rank)

    def with_rank_at_least(self, rank):
        """This shape, checked to have at least ``rank`` dims."""
        if self._rank_known and self.rank < rank:
            raise ValueError(f"Shape {self} must have rank at least {rank}")
        return self

    def with_rank_at_most(self, rank):
        """This shape, checked to have at most ``rank`` dims."""
        if self._rank_known and self.rank > rank:
            raise ValueError(f"Shape {self} must have rank at most {rank}")
        return self

    def __add__(self, other):
        return self.concatenate(other)

    def __radd__(self, other):
        return as_shape(other).concatenate(self)

    # -- sequence protocol -----------------------------------------------------------------

    def __getitem__(self, key):
        if not self._rank_known:
            # TensorFlow: any dimension of an unknown shape is unknown, any slice too.
            return TensorShape(None) if isinstance(key, slice) else None
        if isinstance(key, slice):
            return tuple.__new__(TensorShape, tuple.__getitem__(self, key))
        return tuple.__getitem__(self, key)

    def __len__(self):
        if not self._rank_known:
            raise ValueError("Cannot take the length of shape with unknown rank.")
        return tuple.__len__(self)

    def __iter__(self):
        if not self._rank_known:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        return tuple.__iter__(self)

    def __bool__(self):
        # TensorFlow: a shape is truthy when its rank is known, even a scalar's ().
        return self._rank_known

    def __eq__(self, other):
        try:
            other = as_shape(other)
        except (TypeError, ValueError):
            return NotImplemented
        if not self._rank_known or not other._rank_known:
            return self._rank_known == other._rank_known
        return tuple.__eq__(self, other)

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self):
        return tuple.__hash__(self) if self._rank_known else hash((TensorShape, None))

    def __repr__(self):
        if not self._rank_known:
            return "TensorShape(None)"
        return f"TensorShape({list(self)})"

    def __str__(self):
        if not self._rank_known:
            return "<unknown>"
        if tuple.__len__(self) == 1:
            return f"({self[0]},)"
        return "(" + ", ".join(str(d) for d in self) + ")"


def as_shape(shape):
    """``shape`` as a TensorShape (a TensorShape is returned as it is)."""
    return shape if isinstance(shape, TensorShape) else TensorShape(shape)


def dimension_value(dimension):
    """The int (or None) value of a dimension; TensorFlow 2 dimensions already are ints."""
    return getattr(dimension, "value", dimension)
