"""Weight regularizers (`keras.regularizers`): a penalty `w -> scalar` that a layer adds to
the training loss."""

import inspect
import math

from nnext import _core, creation
from nnext import math as nmath

__all__ = [
    "L1",
    "L1L2",
    "L2",
    "OrthogonalRegularizer",
    "Regularizer",
    "deserialize",
    "get",
    "l1",
    "l1_l2",
    "l2",
    "orthogonal_regularizer",
    "serialize",
]


def validate_float_arg(value, name):
    """Keras's check of a regularization factor: a finite, non-negative number."""
    if (
        not isinstance(value, (float, int))
        or isinstance(value, bool)
        or math.isinf(value)
        or math.isnan(value)
        or value < 0
    ):
        raise ValueError(
            f"Invalid value for argument {name}: expected a non-negative float."
            f"Received: {name}={value}"
        )
    return float(value)


class Regularizer:
    """Base class: `regularizer(weight)` returns a scalar penalty.

    Example:
        >>> class SumOfSquares(regularizers.Regularizer):
        ...     def __call__(self, x):
        ...         return nnext.reduce_sum(nnext.square(x))
    """

    def __call__(self, x):
        return 0.0

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class L1L2(Regularizer):
    """`l1 * sum(|w|) + l2 * sum(w**2)`.

    Args:
        l1, l2: the non-negative factors (default 0 each; None counts as 0).
    """

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = validate_float_arg(0.0 if l1 is None else l1, name="l1")
        self.l2 = validate_float_arg(0.0 if l2 is None else l2, name="l2")

    def __call__(self, x):
        penalty = 0.0
        if self.l1:
            penalty = penalty + self.l1 * nmath.reduce_sum(nmath.abs(x))
        if self.l2:
            penalty = penalty + self.l2 * nmath.reduce_sum(nmath.square(x))
        return penalty

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class L1(L1L2):
    """`l1 * sum(|w|)`; Keras's default factor 0.01."""

    def __init__(self, l1=0.01):
        super().__init__(l1=0.01 if l1 is None else l1)

    def get_config(self):
        return {"l1": self.l1}


class L2(L1L2):
    """`l2 * sum(w**2)`; Keras's default factor 0.01."""

    def __init__(self, l2=0.01):
        super().__init__(l2=0.01 if l2 is None else l2)

    def get_config(self):
        return {"l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Encourages the rows (or columns) of a 2D weight to be orthogonal to each other:
    `factor * 0.5 * sum(|off-diagonal of U U^T|) / (n (n - 1) / 2)`, `U` the rows
    (mode 'rows') or columns ('columns') scaled to unit norm, `n` their number.

    Args:
        factor: the penalty's factor (default 0.01).
        mode: 'rows' or 'columns'.

    Example:
        >>> float(regularizers.OrthogonalRegularizer(1.0)(np.eye(3)))
        0.0
    """

    def __init__(self, factor=0.01, mode="rows"):
        self.factor = validate_float_arg(factor, name="factor")
        if mode not in {"rows", "columns"}:
            raise ValueError(
                'Invalid value for argument `mode`. Expected one of {"rows", "columns"}. '
                f"Received: mode={mode}"
            )
        self.mode = mode

    def __call__(self, inputs):
        if len(inputs.shape) != 2:
            raise ValueError(
                "Inputs to OrthogonalRegularizer must have rank 2. Received: "
                f"inputs.shape={tuple(inputs.shape)}"
            )
        axis = 1 if self.mode == "rows" else 0
        # Unit vectors as keras.utils.normalize makes them (x / max(norm, 1e-7)).
        squares = nmath.reduce_sum(nmath.square(inputs), axis=axis, keepdims=True)
        units = inputs * nmath.minimum(1.0 / nmath.sqrt(squares), 1e7)
        if self.mode == "rows":
            product = _core.matmul(units, _core.transpose(units))
        else:
            product = _core.matmul(_core.transpose(units), units)
        size = product.shape[0]
        off_diagonal = product * (1.0 - creation.eye(size, dtype=inputs.dtype.name))
        pairs = size * (size - 1.0) / 2.0
        return self.factor * 0.5 * nmath.reduce_sum(nmath.abs(off_diagonal)) / pairs

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}


# Keras's lowercase names are the classes themselves.
l1 = L1
l2 = L2
l1_l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer

_ALL = (Regularizer, L1, L2, L1L2, OrthogonalRegularizer)
ALL = {"l1": L1, "l2": L2, "l1_l2": L1L2, "orthogonal_regularizer": OrthogonalRegularizer}
_BY_NAME = {**ALL, **{cls.__name__: cls for cls in _ALL}}


def get(identifier):
    """A regularizer for None, a name ('l1', 'l2', 'l1_l2', 'L1L2', ...), a config dict, a
    class or a callable.

    Example:
        >>> regularizers.get("l2").l2
        0.01
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        from nnext.keras.saving.serialization import get_registered_object

        obj = _BY_NAME.get(identifier) or get_registered_object(identifier)
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise ValueError(f"Could not interpret regularizer identifier: {identifier}")


def serialize(regularizer):
    """The `{"module", "class_name", "config", "registered_name"}` dict Keras stores."""
    if regularizer is None:
        return None
    if type(regularizer) in _ALL:
        return {
            "module": "keras.regularizers",
            "class_name": type(regularizer).__name__,
            "config": regularizer.get_config(),
            "registered_name": None,
        }
    from nnext.keras.saving import serialize_keras_object

    return serialize_keras_object(regularizer)


def deserialize(config, custom_objects=None):
    """Re-creates a regularizer from `serialize`'s dict (or Keras's)."""
    if isinstance(config, dict) and config.get("class_name") in _BY_NAME:
        return _BY_NAME[config["class_name"]].from_config(config.get("config") or {})
    from nnext.keras.saving import deserialize_keras_object

    return deserialize_keras_object(config, custom_objects)
