"""The rest of ``tf.random``: stateless sampling with TensorFlow's ``seed=[a, b]`` contract,
``Generator`` objects, ``categorical``, ``gamma`` and ``poisson``.

Stateless draws come from a counter-based C++ sampler (cpp/ops/stateless_random.cpp): the
same seed gives the same numbers on every call, at any thread count, whatever the global
seed — deterministic per seed, though not TensorFlow's bit pattern. A ``Generator`` keeps a
key and a counter and makes one stateless draw per call with the next counter.
``categorical`` uses the Gumbel-max trick; ``gamma`` Marsaglia and Tsang's method and
``poisson`` Knuth's product method, both as vectorised rejection rounds.
"""

import enum
import os
import types

import numpy as np

from nnext import _core
from nnext.dtypes import as_dtype

__all__ = [
    "Algorithm",
    "Generator",
    "categorical",
    "create_rng_state",
    "experimental",
    "fold_in",
    "gamma",
    "get_global_generator",
    "poisson",
    "set_global_generator",
    "split",
    "stateless_categorical",
    "stateless_gamma",
    "stateless_normal",
    "stateless_parameterized_truncated_normal",
    "stateless_poisson",
    "stateless_truncated_normal",
    "stateless_uniform",
]

_MASK64 = (1 << 64) - 1


def _seed_pair(seed):
    arr = np.asarray(seed.numpy() if isinstance(seed, _core.Tensor) else seed)
    if arr.shape != (2,) or arr.dtype.kind not in "iu":
        raise ValueError(f"seed must be a shape [2] integer tensor, got {seed!r:.60}")
    return int(arr[0]) & _MASK64, int(arr[1]) & _MASK64


def _shape(shape):
    if isinstance(shape, _core.Tensor):
        shape = shape.numpy().tolist()
    return [int(d) for d in shape]


def _draw(shape, key, kind, a, b, dtype):
    return _core._stateless_random(
        _shape(shape), key[0], key[1], kind, float(a), float(b), as_dtype(dtype).name
    )


def _uniform_bounds(minval, maxval, dtype):
    dtype = as_dtype(dtype)
    if dtype.is_floating:
        return minval, 1.0 if maxval is None else maxval
    if (minval is None) != (maxval is None) or maxval is None:
        raise ValueError(
            f"For integer dtype {dtype.name}, minval and maxval must be both "
            "given (nnext has no full-range integer draw here)"
        )
    return minval, maxval


def stateless_uniform(
    shape, seed, minval=0, maxval=None, dtype="float32", name=None, alg="auto_select"
):
    """Uniform values in ``[minval, maxval)`` that depend on ``seed`` (a pair of ints) only.

    >>> a = nnext.random.stateless_uniform([2], seed=[1, 2])
    >>> b = nnext.random.stateless_uniform([2], seed=[1, 2])
    >>> bool(nnext.reduce_all(a == b))
    True
    """
    lo, hi = _uniform_bounds(minval, maxval, dtype)
    return _draw(shape, _seed_pair(seed), "uniform", lo, hi, dtype)


def stateless_normal(
    shape, seed, mean=0.0, stddev=1.0, dtype="float32", name=None, alg="auto_select"
):
    """Normal values N(mean, stddev^2) that depend on ``seed`` only."""
    return _draw(shape, _seed_pair(seed), "normal", mean, stddev, dtype)


def stateless_truncated_normal(
    shape, seed, mean=0.0, stddev=1.0, dtype="float32", name=None, alg="auto_select"
):
    """Normal values redrawn beyond two standard deviations, depending on ``seed`` only."""
    return _draw(shape, _seed_pair(seed), "truncated_normal", mean, stddev, dtype)


def _gumbel_argmax(logits, num_samples, uniform, dtype):
    logits = logits if isinstance(logits, _core.Tensor) else _core.convert_to_tensor(logits)
    if logits.ndim != 2:
        raise ValueError(
            f"logits should be a matrix (batch_size, num_classes), got shape {tuple(logits.shape)}"
        )
    batch, classes = logits.shape
    u = uniform([batch, int(num_samples), classes])
    tiny = np.finfo(np.float64).tiny
    gumbel = _core.negative(_core.log(_core.negative(_core.log(_core.maximum(u, tiny)))))
    scores = _core.add(_core.expand_dims(_core.cast(logits, "float64"), 1), gumbel)
    return _core.cast(_core.argmax(scores, -1), dtype or "int64")


def stateless_categorical(logits, num_samples, seed, dtype="int64", name=None):
    """Class ids drawn from ``softmax(logits)`` per row, depending on ``seed`` only:
    shape ``(batch_size, num_samples)``."""
    key = _seed_pair(seed)
    return _gumbel_argmax(
        logits, num_samples, lambda s: _draw(s, key, "uniform", 0.0, 1.0, "float64"), dtype
    )


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """Class ids drawn from ``softmax(logits)`` per row: shape ``(batch_size,
    num_samples)`` (from the global generator, or ``seed``)."""
    return _gumbel_argmax(
        logits, num_samples, lambda s: _core.random_uniform(s, 0.0, 1.0, "float64", seed), dtype
    )


def _rounds(pending, draw_round, result):
    """Runs vectorised rejection rounds until nothing is pending."""
    while bool(_core.reduce_any(pending)):
        accepted, value = draw_round()
        take = _core.logical_and(pending, accepted)
        result = _core.where(take, value, result)
        pending = _core.logical_and(pending, _core.logical_not(take))
    return result


def _op_seed(seed, k):
    # An op-level seed repeats its numbers on every call: each rejection round needs its own.
    return None if seed is None else (int(seed) + 0x9E3779B9 * (k + 1)) % 2**64


def _gamma(full, alpha, rate, normal, uniform, dtype):
    """Marsaglia-Tsang rejection rounds; ``normal(shape, k)``/``uniform(shape, k)`` give the
    k-th round's draws."""
    a = _core.broadcast_to(alpha, full)
    # alpha < 1: Gamma(a) = Gamma(a + 1) * U^(1/a)
    boost = _core.less(a, 1.0)
    a1 = _core.where(boost, _core.add(a, 1.0), a)
    d = _core.subtract(a1, 1.0 / 3.0)
    c = _core.divide(1.0, _core.sqrt(_core.multiply(d, 9.0)))
    rounds = iter(range(1, 1 << 30))

    def one_round():
        k = next(rounds)
        x, u = normal(full, 2 * k), uniform(full, 2 * k + 1)
        v = _core.pow(_core.add(_core.multiply(c, x), 1.0), 3.0)
        safe_v = _core.where(_core.greater(v, 0), v, _core.ones_like(v))
        bound = _core.add(
            _core.multiply(_core.square(x), 0.5),
            _core.multiply(d, _core.add(_core.subtract(1.0, safe_v), _core.log(safe_v))),
        )
        ok = _core.logical_and(_core.greater(v, 0), _core.less(_core.log(u), bound))
        return ok, _core.multiply(d, safe_v)

    draws = _rounds(_core.ones(full, "bool"), one_round, _core.zeros(full, "float64"))
    u = uniform(full, 1)
    draws = _core.where(boost, _core.multiply(draws, _core.pow(u, _core.divide(1.0, a))), draws)
    return _core.cast(_core.divide(draws, rate), dtype)


def _gamma_params(shape, alpha, beta):
    alpha = _core.cast(_core.convert_to_tensor(alpha), "float64")
    rate = _core.cast(_core.convert_to_tensor(1.0 if beta is None else beta), "float64")
    params = list(np.broadcast_shapes(tuple(alpha.shape), tuple(rate.shape)))
    return _shape(shape) + params, alpha, rate


def gamma(shape, alpha, beta=None, dtype="float32", seed=None, name=None):
    """Gamma(alpha, beta) samples of shape ``shape + broadcast(alpha, beta).shape``
    (``beta`` is the rate; default 1)."""
    full, alpha, rate = _gamma_params(shape, alpha, beta)
    return _gamma(
        full,
        alpha,
        rate,
        lambda s, k: _core.random_normal(s, 0.0, 1.0, "float64", _op_seed(seed, k)),
        lambda s, k: _core.random_uniform(s, 0.0, 1.0, "float64", _op_seed(seed, k)),
        dtype,
    )


def _round_key(key, k):
    return (key[0], _mix_seed(key[1] ^ (k * 0x9E3779B97F4A7C15 & _MASK64)))


def stateless_gamma(shape, seed, alpha, beta=None, dtype="float32", name=None):
    """``gamma`` depending on ``seed`` only."""
    key = _seed_pair(seed)
    full, alpha, rate = _gamma_params(shape, alpha, beta)
    return _gamma(
        full,
        alpha,
        rate,
        lambda s, k: _draw(s, _round_key(key, k), "normal", 0.0, 1.0, "float64"),
        lambda s, k: _draw(s, _round_key(key, k), "uniform", 0.0, 1.0, "float64"),
        dtype,
    )


def _poisson(full, rate, normal, uniform, dtype):
    small = _core.less(rate, 30.0)
    limit = _core.exp(_core.negative(_core.where(small, rate, _core.zeros_like(rate))))
    product = _core.ones(full, "float64")
    count = _core.zeros(full, "float64")
    active = small
    k = 0
    while bool(_core.reduce_any(active)):
        k += 1
        product = _core.where(active, _core.multiply(product, uniform(full, k)), product)
        active = _core.logical_and(active, _core.greater(product, limit))
        count = _core.add(count, _core.cast(active, "float64"))
    approx = _core.maximum(
        _core.round_half_even(_core.add(rate, _core.multiply(_core.sqrt(rate), normal(full, 0)))),
        0.0,
    )
    return _core.cast(_core.where(small, count, approx), dtype)


def _poisson_params(shape, lam):
    lam = _core.cast(_core.convert_to_tensor(lam), "float64")
    full = _shape(shape) + list(lam.shape)
    return full, _core.broadcast_to(lam, full)


def poisson(shape, lam, dtype="float32", seed=None, name=None):
    """Poisson(lam) samples of shape ``shape + lam.shape``.

    Rates below 30 use Knuth's exact product method; larger rates the rounded normal
    approximation N(lam, lam), clipped at 0.
    """
    full, rate = _poisson_params(shape, lam)
    return _poisson(
        full,
        rate,
        lambda s, k: _core.random_normal(s, 0.0, 1.0, "float64", _op_seed(seed, k)),
        lambda s, k: _core.random_uniform(s, 0.0, 1.0, "float64", _op_seed(seed, k)),
        dtype,
    )


def stateless_poisson(shape, seed, lam, dtype="int32", name=None):
    """``poisson`` depending on ``seed`` only."""
    key = _seed_pair(seed)
    full, rate = _poisson_params(shape, lam)
    return _poisson(
        full,
        rate,
        lambda s, k: _draw(s, _round_key(key, k), "normal", 0.0, 1.0, "float64"),
        lambda s, k: _draw(s, _round_key(key, k), "uniform", 0.0, 1.0, "float64"),
        dtype,
    )


def stateless_parameterized_truncated_normal(
    shape, seed, means=0.0, stddevs=1.0, minvals=-2.0, maxvals=2.0, name=None
):
    """Normal values restricted to ``[minvals, maxvals]``, by inverting the normal CDF on
    a uniform draw between the bounds' CDF values."""
    shape = _shape(shape)
    u = _draw(shape, _seed_pair(seed), "uniform", 0.0, 1.0, "float64")
    mean, std = (_core.cast(_core.convert_to_tensor(v), "float64") for v in (means, stddevs))
    lo, hi = (_core.cast(_core.convert_to_tensor(v), "float64") for v in (minvals, maxvals))

    def cdf(x):
        z = _core.divide(_core.subtract(x, mean), std)
        return _core.multiply(_core.add(_core.erf(_core.multiply(z, 2**-0.5)), 1.0), 0.5)

    p = _core.add(cdf(lo), _core.multiply(u, _core.subtract(cdf(hi), cdf(lo))))
    p = _core.minimum(_core.maximum(p, 1e-300), 1 - 1e-16)
    z = _core.multiply(_core.erfinv(_core.subtract(_core.multiply(p, 2.0), 1.0)), 2**0.5)
    out = _core.minimum(_core.maximum(_core.add(mean, _core.multiply(std, z)), lo), hi)
    return _core.cast(out, "float32")


# -- Generator -----------------------------------------------------------------------------


def _mix_seed(seed):
    # Scatter nearby seeds (0, 1, 2, ...) across the key space: splitmix64's finaliser.
    z = (int(seed) + 0x9E3779B97F4A7C15) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


def _state_pair(state):
    """(counter, key) as uint64 Python ints from a list, an array or an int64 state tensor
    (uint64 keys stored as int64, as ``Generator.state`` gives them)."""
    if isinstance(state, (list, tuple)):
        values = [int(v) for v in state[:2]]
    else:
        arr = np.asarray(state.numpy() if isinstance(state, _core.Tensor) else state)
        values = [int(v) for v in arr.reshape(-1)[:2]]
    return values[0] & _MASK64, values[1] & _MASK64


class Generator:
    """A random number generator with its own state (TensorFlow's ``tf.random.Generator``).

    Each draw is a stateless draw keyed by the generator's key and its counter, which then
    advances: two generators made ``from_seed`` with the same seed give the same sequence,
    independently of the global seed.

    Example:
        >>> g = nnext.random.Generator.from_seed(1234)
        >>> g.normal(shape=(2, 3)).shape
        TensorShape([2, 3])
    """

    def __init__(self, copy_from=None, state=None, alg=None):
        if copy_from is not None:
            self._key, self._counter = copy_from._key, copy_from._counter
        elif state is not None:
            self._counter, self._key = _state_pair(state)
        else:
            raise ValueError("Generator: give copy_from or state, or use Generator.from_seed")
        self._alg = alg or "philox"

    @classmethod
    def from_seed(cls, seed, alg=None):
        """A generator whose sequence is determined by the int ``seed``."""
        return cls(state=[0, _mix_seed(seed)], alg=alg)

    @classmethod
    def from_non_deterministic_state(cls, alg=None):
        """A generator seeded from the operating system's entropy."""
        return cls.from_seed(int.from_bytes(os.urandom(8), "little"), alg)

    @classmethod
    def from_key_counter(cls, key, counter, alg):
        """A generator with an explicit key and counter."""
        counter = int(np.asarray(counter).reshape(-1)[0])
        return cls(state=[counter, int(key)], alg=alg)

    @property
    def state(self):
        """``[counter, key]`` as an int64 tensor (reinterpreted from uint64)."""
        values = np.array([self._counter, self._key], dtype=np.uint64).view(np.int64)
        return _core.convert_to_tensor(values)

    @property
    def key(self):
        return self._key

    @property
    def algorithm(self):
        return self._alg

    def reset(self, state):
        """Sets ``[counter, key]``."""
        self._counter, self._key = _state_pair(state)

    def reset_from_seed(self, seed):
        """Restarts the sequence of ``from_seed(seed)``."""
        self._counter, self._key = 0, _mix_seed(seed)

    def reset_from_key_counter(self, key, counter):
        self._counter, self._key = int(counter) & _MASK64, int(key) & _MASK64

    def skip(self, delta):
        """Advances the counter by ``delta`` draws."""
        self._counter = (self._counter + int(delta)) & _MASK64

    def _next_key(self):
        key = (self._key, self._counter)
        self._counter = (self._counter + 1) & _MASK64
        return key

    def normal(self, shape, mean=0.0, stddev=1.0, dtype="float32", name=None):
        """Samples from N(mean, stddev^2)."""
        return _draw(shape, self._next_key(), "normal", mean, stddev, dtype)

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype="float32", name=None):
        """Samples from N(mean, stddev^2), redrawn beyond two standard deviations."""
        return _draw(shape, self._next_key(), "truncated_normal", mean, stddev, dtype)

    def uniform(self, shape, minval=0, maxval=None, dtype="float32", name=None):
        """Samples uniformly from ``[minval, maxval)`` (maxval 1 for floats)."""
        lo, hi = _uniform_bounds(minval, maxval, dtype)
        return _draw(shape, self._next_key(), "uniform", lo, hi, dtype)

    def uniform_full_int(self, shape, dtype="int64", name=None):
        """Integers spread over the whole int32/int64 range."""
        info = np.iinfo(as_dtype(dtype).name)
        return _draw(shape, self._next_key(), "uniform", info.min, info.max, dtype)

    def make_seeds(self, count=1):
        """``count`` fresh seeds for stateless ops: an int64 tensor of shape (2, count)."""
        return _draw([2, int(count)], self._next_key(), "uniform", -(2**62), 2**62, "int64")

    def split(self, count=1):
        """``count`` new, independent generators; this one advances."""
        seeds = self.make_seeds(count).numpy()
        return [
            Generator(
                state=[0, _mix_seed(int(seeds[0, i]) ^ (int(seeds[1, i]) << 1))], alg=self._alg
            )
            for i in range(int(count))
        ]


_global = {"generator": None}


def get_global_generator():
    """The process-wide Generator (seeded non-deterministically on first use)."""
    if _global["generator"] is None:
        _global["generator"] = Generator.from_non_deterministic_state()
    return _global["generator"]


def set_global_generator(generator):
    """Replaces the process-wide Generator."""
    if not isinstance(generator, Generator):
        raise TypeError(f"set_global_generator: expected a Generator, got {generator!r}")
    _global["generator"] = generator


def _stateless_split(seed, num=2):
    key = _seed_pair(seed)
    return _draw([int(num), 2], key, "uniform", -(2**62), 2**62, "int64")


def _stateless_fold_in(seed, data, alg="auto_select"):
    key0, key1 = _seed_pair(seed)
    return _draw(
        [2], (key0, _mix_seed(key1 ^ (int(data) & _MASK64))), "uniform", -(2**62), 2**62, "int64"
    )


class Algorithm(enum.Enum):
    """Random number algorithms TensorFlow names; nnext's counter-based sampler serves
    all of them."""

    PHILOX = 1
    THREEFRY = 2
    AUTO_SELECT = 3


def create_rng_state(seed, alg):
    """The ``[counter, key, 0]`` int64 state a Generator made ``from_seed(seed)`` starts
    from."""
    return np.array([0, _mix_seed(seed), 0], np.uint64).view(np.int64)


def fold_in(seed, data, alg="auto_select"):
    """A new seed pair from ``seed`` and the integer ``data`` (``tf.random.fold_in``)."""
    return _stateless_fold_in(seed, data, alg)


def split(seed, num=2, alg="auto_select"):
    """``num`` new seed pairs from ``seed``: an int64 tensor of shape (num, 2)."""
    return _stateless_split(seed, num)


experimental = types.SimpleNamespace(
    Generator=Generator,
    create_rng_state=lambda seed, alg: np.array([0, _mix_seed(seed), 0], np.uint64).view(np.int64),
    get_global_generator=get_global_generator,
    set_global_generator=set_global_generator,
    stateless_fold_in=_stateless_fold_in,
    stateless_split=_stateless_split,
)
