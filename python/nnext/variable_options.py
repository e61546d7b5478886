"""``tf.VariableAggregation`` and ``tf.VariableSynchronization``, and the checks TensorFlow's
``tf.Variable`` constructor makes of its arguments beyond the value and the name.

nnext runs on one device, so aggregation and synchronization change nothing when a variable
is read or written; they are kept on the variable (``v.aggregation``) for code that reads
them, such as a distribution strategy's or a checkpoint's, and validated as TensorFlow does.
"""

import enum

__all__ = ["VariableAggregation", "VariableSynchronization"]


class VariableSynchronization(enum.Enum):
    """When a distributed variable is aggregated across replicas.

    ``AUTO`` lets the distribution strategy choose (``ON_WRITE`` for the strategies nnext
    has); ``NONE``: one copy, no synchronization; ``ON_WRITE``: on every write;
    ``ON_READ``: when read across replicas (for non-trainable variables only).
    """

    AUTO = 0
    NONE = 1
    ON_WRITE = 2
    ON_READ = 3


class VariableAggregation(enum.Enum):
    """How a distributed variable's per-replica updates combine: ``NONE``, ``SUM``,
    ``MEAN`` or ``ONLY_FIRST_REPLICA``."""

    NONE = 0
    SUM = 1
    MEAN = 2
    ONLY_FIRST_REPLICA = 3


def checked(trainable, synchronization, aggregation, constraint):
    """TensorFlow's defaults and checks: ``(trainable, synchronization, aggregation)``.

    ``trainable=None`` means True, except for ``ON_READ`` variables (False), and ``ON_READ``
    with ``trainable=True`` is refused.
    """
    synchronization = _member(VariableSynchronization, synchronization, "synchronization")
    aggregation = _member(VariableAggregation, aggregation, "aggregation")
    if constraint is not None and not callable(constraint):
        raise ValueError(
            "Argument `constraint` must be None or a callable. "
            f"Got a {type(constraint)}: {constraint}"
        )
    if synchronization == VariableSynchronization.ON_READ:
        if trainable:
            raise ValueError(
                "Synchronization value can be set to VariableSynchronization.ON_READ only "
                "for non-trainable variables. You have specified trainable=True and "
                "synchronization=VariableSynchronization.ON_READ."
            )
        trainable = False
    elif trainable is None:
        trainable = True
    return bool(trainable), synchronization, aggregation


def _member(enum_class, value, argument):
    if value is None:  # TensorFlow reads None as the default
        return next(iter(enum_class))
    if isinstance(value, enum_class):
        return value
    raise ValueError(
        f"Invalid variable {argument} mode: {value} for variable: "
        f"Expected a value of {enum_class.__name__}."
    )
