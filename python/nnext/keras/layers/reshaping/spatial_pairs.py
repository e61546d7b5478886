"""Keras's reading of per-axis (before, after) amounts for ZeroPadding and Cropping: an
int, a tuple of `rank` symmetric ints, or a tuple of `rank` pairs (rank 1: one pair)."""

from nnext.keras.layers.convolutional import arguments


def standardize_pairs(value, rank, name):
    if rank == 1:
        return arguments.standardize_tuple(value, 2, name, allow_zero=True)
    if isinstance(value, int):
        return ((value, value),) * rank
    if not hasattr(value, "__len__") or len(value) != rank:
        raise ValueError(
            f"`{name}` should be either an int, a tuple of {rank} ints, or a tuple of {rank} "
            f"tuples of 2 ints. Received: {name}={value}."
        )
    ordinals = ("1st", "2nd", "3rd")
    return tuple(
        arguments.standardize_tuple(v, 2, f"{ordinals[i]} entry of {name}", allow_zero=True)
        for i, v in enumerate(value)
    )


def per_axis(pairs, rank):
    """The pairs as one (before, after) tuple per spatial axis."""
    return (pairs,) if rank == 1 else pairs
