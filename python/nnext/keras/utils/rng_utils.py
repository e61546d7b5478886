"""`set_random_seed`: one call that makes a whole program reproducible."""

import random

import numpy as np


def set_random_seed(seed):
    """Seeds Python's `random`, NumPy's global generator and nnext's generator.

    nnext's generator feeds initializers, dropout, `fit`'s shuffling and every
    `keras.random` function called without a seed, so after this call a program draws the
    same numbers on every run.

    Args:
        seed: an int.

    Example:
        >>> keras.utils.set_random_seed(1337)
    """
    from nnext import random as nrandom

    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise ValueError(  # noqa: TRY004 (Keras raises ValueError here)
            f"Expected `seed` argument to be an integer. Received: seed={seed} (of type "
            f"{type(seed)})"
        )
    if seed < 0:
        raise ValueError(f"Expected `seed` argument to be non-negative. Received: seed={seed}")
    random.seed(int(seed))
    np.random.seed(int(seed) % 2**32)
    nrandom.set_seed(int(seed))
