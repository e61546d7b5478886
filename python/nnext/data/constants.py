"""The sentinel values of `tf.data`: AUTOTUNE and the two unknown cardinalities."""

import os

__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY"]

AUTOTUNE = -1
INFINITE_CARDINALITY = -1
UNKNOWN_CARDINALITY = -2


def parallelism(num_parallel_calls):
    """Worker threads for `num_parallel_calls`: AUTOTUNE means one per core."""
    if num_parallel_calls == AUTOTUNE:
        return max(os.cpu_count() or 1, 1)
    return int(num_parallel_calls)
