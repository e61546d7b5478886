"""`Metric`: a stateful quantity accumulated over batches in nnext Variables.

`update_state` adds a batch, `result` reads the value, `reset_state` starts over.
"""

from nnext import creation
from nnext.keras import backend
from nnext.keras.utils.naming import auto_name
from nnext.keras.variables import owned_variable


class Metric:
    """Base class of metrics. Subclasses create state with `add_variable` in `__init__`
    and implement `update_state(...)` and `result()`.
    """

    # Whether a larger value is better ("up") or worse ("down"); EarlyStopping's 'auto'.
    _direction = None

    def __init__(self, name=None, dtype=None):
        self.name = name or auto_name(type(self).__name__)
        self.dtype = backend.standardize_dtype(dtype) or backend.floatx()
        self._variables = []

    @property
    def variables(self):
        return list(self._variables)

    def add_variable(self, shape=(), initializer="zeros", dtype=None, aggregation="sum", name=None):
        """A non-trainable state Variable (`aggregation` is accepted for Keras programs:
        one process holds the whole state)."""
        from nnext.keras import initializers

        dtype = dtype or self.dtype
        variable = owned_variable(
            self, initializers.get(initializer)(tuple(shape), dtype=dtype), name, dtype=dtype
        )
        self._variables.append(variable)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name=None):
        """Older name of `add_variable` (zeros unless `initializer` says otherwise)."""
        return self.add_variable(shape, initializer or "zeros", dtype=dtype, name=name)

    def update_state(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must implement update_state()")

    def result(self):
        raise NotImplementedError(f"{type(self).__name__} must implement result()")

    def reset_state(self):
        """Sets every state variable back to zero."""
        for v in self._variables:
            v.assign(creation.zeros_like(v))

    def reset_states(self):
        """Older name of `reset_state`, kept for TF 2 code."""
        self.reset_state()

    def __call__(self, *args, **kwargs):
        """Updates the state with one batch and returns the new result."""
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def _obj_type(self):
        return "Metric"

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"
