"""`tnp.random`: NumPy's legacy random functions drawn from nnext's global random stream
(`tnp.random.seed(s)` is `tf.random.set_seed(s)`), in the default float type (float64,
float32 under `prefer_float32`) and int64 for integers, as TensorFlow's tnp.
"""

import numpy as np

from nnext import random as tf_random
from nnext.experimental.numpy import _arrays, _dtypes

__all__ = ["poisson", "rand", "randint", "randn", "random", "seed", "standard_normal", "uniform"]


def _size(size):
    if size is None:
        return ()
    if isinstance(size, (int, np.integer)):
        return (int(size),)
    return tuple(int(d) for d in size)


def seed(s):
    """Seeds the global random stream (`tf.random.set_seed`)."""
    try:
        s = int(s)
    except TypeError:
        raise ValueError(
            f"Argument `s` got an invalid value {s}. Only integers are supported."
        ) from None
    tf_random.set_seed(s)


def standard_normal(size=None):
    """Samples of the standard normal distribution of shape `size`."""
    return tf_random.normal(_size(size), dtype=_dtypes.default_float_type().name)


def randn(*args):
    """Standard normal samples of shape `args`."""
    return standard_normal(size=args)


def uniform(low=0.0, high=1.0, size=None):
    """Samples of [low, high); the shape is `size`, or low's and high's broadcast."""
    dtype = _dtypes.default_float_type()
    low = _arrays.asarray(low, dtype)
    high = _arrays.asarray(high, dtype)
    shape = (
        np.broadcast_shapes(tuple(low.shape), tuple(high.shape)) if size is None else _size(size)
    )
    unit = tf_random.uniform(shape, 0.0, 1.0, dtype=dtype.name)
    return low + (high - low) * unit


def random(size=None):
    """Uniform samples of [0, 1) of shape `size`."""
    return uniform(0.0, 1.0, size)


def rand(*size):
    """Uniform samples of [0, 1) of shape `size` (the positional arguments)."""
    return uniform(0.0, 1.0, size)


def poisson(lam=1.0, size=None):
    """int64 samples of the Poisson distribution of rate `lam`."""
    return tf_random.poisson(_size(size), lam, dtype="int64")


def randint(low, high=None, size=None, dtype=np.int64):
    """Integers of [low, high) ([0, low) without `high`); dtype int32 or int64."""
    low = int(low)
    if high is None:
        low, high = 0, low
    resolved = _arrays.resolve_dtype(dtype)
    if resolved.name not in ("int32", "int64"):
        raise ValueError(
            f"Argument `dtype` got an invalid value {dtype}. Only those convertible to "
            f"{(np.int32, np.int64)} are supported."
        )
    return tf_random.uniform(_size(size), low, int(high), dtype=resolved.name)
