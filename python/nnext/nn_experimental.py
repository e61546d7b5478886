"""``tf.nn.experimental``: dropout with a stateless seed or with the caller's sampler."""

from nnext import _core
from nnext.nn_ops import _dropout
from nnext.random_ops import stateless_uniform

__all__ = ["general_dropout", "stateless_dropout"]


def stateless_dropout(x, rate, seed, rng_alg=None, noise_shape=None, name=None):
    """Dropout whose mask depends on ``seed`` (a pair of ints) only: the same seed drops the
    same elements, as TensorFlow's (not bit-identical to TensorFlow's draws).

    >>> a = nnext.nn.experimental.stateless_dropout(nnext.ones([4]), 0.5, seed=[1, 2])
    >>> b = nnext.nn.experimental.stateless_dropout(nnext.ones([4]), 0.5, seed=[1, 2])
    >>> bool(nnext.reduce_all(a == b))
    True
    """
    return _dropout(
        x, rate, noise_shape, lambda shape, dtype: stateless_uniform(shape, seed, dtype=dtype)
    )


def general_dropout(x, rate, uniform_sampler, noise_shape=None, name=None):
    """Dropout with the mask drawn by ``uniform_sampler(shape=..., dtype=...)``, which must
    return values uniform in [0, 1)."""

    def draw(shape, dtype):
        values = uniform_sampler(shape=shape, dtype=dtype)
        return values if isinstance(values, _core.Tensor) else _core.convert_to_tensor(values)

    return _dropout(x, rate, noise_shape, draw)
