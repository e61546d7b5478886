"""`Initializer`: the base class of every initializer."""


class Initializer:
    """Base class: `initializer(shape, dtype=None)` returns a new tensor.

    Example:
        >>> class Halves(initializers.Initializer):
        ...     def __call__(self, shape, dtype=None):
        ...         return nnext.ones(shape, dtype=dtype or "float32") * 0.5
    """

    def __call__(self, shape, dtype=None):
        raise NotImplementedError(f"{type(self).__name__} must implement __call__")

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)
