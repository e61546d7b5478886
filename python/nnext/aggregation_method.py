"""`tf.AggregationMethod`: how TensorFlow's graph gradients sum the contributions a tensor
receives from its several consumers (`tf.gradients(..., aggregation_method=...)`).

nnext's tape always adds contributions as they arrive, which is what `ADD_N` computes;
the constants exist so that code passing them keeps working. Their values are
TensorFlow's.
"""

__all__ = ["AggregationMethod"]


class AggregationMethod:
    """The gradient aggregation methods: `ADD_N` (the default: all terms at once),
    `EXPERIMENTAL_TREE` (pairwise) and `EXPERIMENTAL_ACCUMULATE_N` (as ADD_N now).

    Example:
        >>> nnext.AggregationMethod.DEFAULT == nnext.AggregationMethod.ADD_N
        True
    """

    ADD_N = 0
    DEFAULT = ADD_N
    EXPERIMENTAL_TREE = 1
    EXPERIMENTAL_ACCUMULATE_N = 2
