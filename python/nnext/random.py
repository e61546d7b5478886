"""Seeded random tensors (``nnext.random``).

``set_seed(s)`` makes every later draw reproducible: initializers, dropout masks and fit's
shuffling all draw from this generator.
"""

from nnext import _core
from nnext.array_ops import shuffle
from nnext.dtypes import as_dtype

__all__ = ["normal", "set_seed", "shuffle", "truncated_normal", "uniform"]


def set_seed(seed):
    """Seeds the global generator (any int; taken modulo 2**64)."""
    _core.set_seed(int(seed) % 2**64)


def normal(shape, mean=0.0, stddev=1.0, dtype="float32", seed=None, name=None):
    """Samples from N(mean, stddev^2)."""
    return _core.random_normal(shape, float(mean), float(stddev), dtype, seed)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype="float32", seed=None, name=None):
    """Samples from N(mean, stddev^2), redrawing values more than 2 stddev from the mean."""
    return _core.truncated_normal(shape, float(mean), float(stddev), dtype, seed)


def uniform(shape, minval=0, maxval=None, dtype="float32", seed=None, name=None):
    """Samples uniformly from [minval, maxval); maxval defaults to 1 for floats and is
    required for integer dtypes."""
    if maxval is None:
        if not as_dtype(dtype).is_floating:
            raise ValueError(f"random.uniform: maxval is required for dtype {as_dtype(dtype).name}")
        maxval = 1.0
    return _core.random_uniform(shape, float(minval), float(maxval), dtype, seed)


# The rest of tf.random (random_ops.py: stateless draws, Generator, categorical,
# gamma, poisson), re-exported here.
from nnext import random_ops as _random_ops

for _catalog_module in (_random_ops,):
    globals().update({n: getattr(_catalog_module, n) for n in _catalog_module.__all__})
    __all__ += [n for n in _catalog_module.__all__ if n not in __all__]
