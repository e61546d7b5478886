"""`ReduceOp`: how values from the replicas are combined (`tf.distribute.ReduceOp`)."""

import enum

__all__ = ["ReduceOp"]


class ReduceOp(enum.Enum):
    """Indicates how a set of values should be reduced across replicas.

    `SUM` adds the values of all replicas; `MEAN` adds them and divides by their number.

    Example:
        >>> strategy.reduce(nnext.distribute.ReduceOp.SUM, per_replica_loss, axis=None)
    """

    SUM = "SUM"
    MEAN = "MEAN"

    @staticmethod
    def from_variable_aggregation(aggregation):
        """The `ReduceOp` of a `tf.VariableAggregation` name ('sum', 'mean')."""
        name = getattr(aggregation, "name", aggregation)
        mapping = {"SUM": ReduceOp.SUM, "MEAN": ReduceOp.MEAN}
        key = str(name).upper()
        if key not in mapping:
            raise ValueError(
                f"Could not convert from `tf.VariableAggregation` {aggregation} "
                "to `tf.distribute.ReduceOp` type"
            )
        return mapping[key]


def as_reduce_op(reduce_op):
    """A `ReduceOp` from a `ReduceOp` or its name ('SUM', 'MEAN'), as TensorFlow accepts."""
    if isinstance(reduce_op, ReduceOp):
        return reduce_op
    if isinstance(reduce_op, str) and reduce_op.upper() in ReduceOp.__members__:
        return ReduceOp[reduce_op.upper()]
    raise ValueError(
        f"`reduce_op` must be a `tf.distribute.ReduceOp` or one of 'SUM', 'MEAN'. "
        f"Received: reduce_op={reduce_op!r}"
    )
