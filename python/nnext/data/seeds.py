"""Seeds of the random transformations (shuffle, sampling).

An explicit `seed` is used as given. Without one, the seed is drawn from nnext's global
generator when the dataset is built, so `nnext.random.set_seed(s)` makes a whole pipeline
reproducible, as TensorFlow's global seed does.
"""

from nnext import _core


def draw_seed(seed):
    """`seed` as an int, or a fresh one from the global generator when None."""
    if seed is not None:
        return int(seed)
    return int(_core.random_uniform([], 0.0, 2.0**31, "int64", None))


def iteration_seed(base_seed, iteration):
    """A distinct, reproducible seed for iteration `iteration` of a dataset."""
    return (base_seed * 0x9E3779B1 + iteration * 0x85EBCA77) % 2**63
