"""Weight constraints (`keras.constraints`): projections applied to a variable after each
optimizer update, `w <- constraint(w)`.

The norms are taken over `axis` (0 by default: for a Dense kernel `(input_dim, units)` each
unit's incoming weight vector is constrained), with Keras's fuzz factor 1e-7 in the divisor.
"""

import inspect

from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.utils.naming import to_snake_case

__all__ = [
    "Constraint",
    "MaxNorm",
    "MinMaxNorm",
    "NonNeg",
    "UnitNorm",
    "deserialize",
    "get",
    "max_norm",
    "min_max_norm",
    "non_neg",
    "serialize",
    "unit_norm",
]


def _norms(w, axis):
    return nmath.sqrt(nmath.reduce_sum(nmath.square(w), axis=axis, keepdims=True))


class Constraint:
    """Base class: `constraint(w)` returns the projected weight tensor.

    Example:
        >>> class NonNegative(constraints.Constraint):
        ...     def __call__(self, w):
        ...         return w * nnext.cast(w >= 0.0, w.dtype)
    """

    def __call__(self, w):
        return w

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class MaxNorm(Constraint):
    """Rescales weight vectors whose L2 norm over `axis` exceeds `max_value`:
    `w * clip(norm, 0, max_value) / (epsilon + norm)`.

    Args:
        max_value: the largest norm allowed (default 2).
        axis: the axis (or axes) the norm is taken over (default 0).

    Example:
        >>> constraints.MaxNorm(1.0)(nnext.constant([[3.0], [4.0]])).numpy().ravel()
        array([0.6, 0.8], dtype=float32)
    """

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        w = backend.to_tensor(w)
        norms = _norms(w, self.axis)
        desired = nmath.clip_by_value(norms, 0.0, float(self.max_value))
        return w * (desired / (backend.epsilon() + norms))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """Clamps weights at zero from below: `max(w, 0)`."""

    def __call__(self, w):
        return nmath.maximum(backend.to_tensor(w), 0.0)


class UnitNorm(Constraint):
    """Scales weight vectors to unit L2 norm over `axis`: `w / (epsilon + norm)`.

    Args:
        axis: the axis (or axes) the norm is taken over (default 0).
    """

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        w = backend.to_tensor(w)
        return w / (backend.epsilon() + _norms(w, self.axis))

    def get_config(self):
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Moves weight vector norms towards `[min_value, max_value]`:
    `desired = rate * clip(norm, min_value, max_value) + (1 - rate) * norm`,
    `w * desired / (epsilon + norm)`.

    Args:
        min_value, max_value: the range of norms (default 0 and 1).
        rate: how far to move in one application (1 is all the way).
        axis: the axis (or axes) the norm is taken over (default 0).
    """

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w):
        w = backend.to_tensor(w)
        norms = _norms(w, self.axis)
        clipped = nmath.clip_by_value(norms, float(self.min_value), float(self.max_value))
        desired = self.rate * clipped + (1 - self.rate) * norms
        return w * (desired / (backend.epsilon() + norms))

    def get_config(self):
        return {
            "min_value": self.min_value,
            "max_value": self.max_value,
            "rate": self.rate,
            "axis": self.axis,
        }


# Keras's lowercase aliases are the classes themselves.
max_norm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
unit_norm = UnitNorm

_ALL = (Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm)
_BY_NAME = {cls.__name__: cls for cls in _ALL}
_BY_NAME.update({to_snake_case(cls.__name__): cls for cls in _ALL})


def serialize(constraint):
    """The `{"module", "class_name", "config", "registered_name"}` dict Keras stores."""
    if constraint is None:
        return None
    from nnext.keras.saving import serialize_keras_object

    if type(constraint) in _ALL:
        return {
            "module": "keras.constraints",
            "class_name": type(constraint).__name__,
            "config": constraint.get_config(),
            "registered_name": None,
        }
    return serialize_keras_object(constraint)


def deserialize(config, custom_objects=None):
    """Re-creates a constraint from `serialize`'s dict."""
    if isinstance(config, dict) and config.get("class_name") in _BY_NAME:
        return _BY_NAME[config["class_name"]].from_config(config.get("config") or {})
    from nnext.keras.saving import deserialize_keras_object

    return deserialize_keras_object(config, custom_objects)


def get(identifier):
    """A constraint for None, a name ('max_norm', 'NonNeg' ...), a config dict, a class or a
    callable.

    Example:
        >>> constraints.get("non_neg")
        <nnext.keras.constraints.NonNeg object at ...>
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = _BY_NAME.get(identifier)
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise ValueError(f"Could not interpret constraint identifier: {identifier}")
