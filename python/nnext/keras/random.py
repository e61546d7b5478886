"""Random tensors (`keras.random`) drawn by nnext's C++ generator.

`seed` follows Keras 3: None draws from the global generator (reproducible under
`keras.utils.set_random_seed`), an integer gives the same values on every call, and a
`SeedGenerator` gives new values on each call, reproducibly from its own seed.
Distributions without a C++ sampler (gamma, beta, binomial, categorical) are composed from
uniform and normal draws, whole tensors at a time.
"""

import math
import random as python_random

import numpy as np

from nnext import _core, creation
from nnext import array_ops as nn_array
from nnext import math as nmath
from nnext.keras import config
from nnext.keras.utils.naming import auto_name
from nnext.keras.variables import owned_variable

__all__ = [
    "SeedGenerator",
    "beta",
    "binomial",
    "categorical",
    "dropout",
    "gamma",
    "normal",
    "randint",
    "shuffle",
    "truncated_normal",
    "uniform",
]

_MASK64 = 2**64 - 1


def _mix(seed, counter):
    """A 64-bit seed from a generator's `(seed, counter)` state (splitmix64's finalizer),
    so that consecutive counters give unrelated streams."""
    z = (seed * 0x9E3779B97F4A7C15 + counter + 1) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


class SeedGenerator:
    """The state of a random stream: pass it as `seed` to get new values on every call.

    Its state is a non-trainable int64 Variable `[seed, counter]`, as in Keras, so that it
    is saved and restored with the layer that owns it.

    Args:
        seed: the initial seed (an int); a random one when None.
        name: the generator's name.

    Example:
        >>> gen = keras.random.SeedGenerator(seed=42)
        >>> a = keras.random.normal((2, 3), seed=gen)
        >>> b = keras.random.normal((2, 3), seed=gen)   # different from a
    """

    def __init__(self, seed=None, name=None, **kwargs):
        kwargs.pop("backend", None)
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
        self.name = name or auto_name(type(self).__name__)
        self._initial_seed = seed
        if seed is None:
            seed = python_random.randint(1, int(1e9))
        if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
            raise ValueError(  # noqa: TRY004 (Keras raises ValueError here)
                f"Argument `seed` must be an integer. Received: seed={seed}"
            )
        self.state = owned_variable(  # Keras's path: `<generator>/seed_generator_state`
            self, np.array([int(seed), 0], dtype=np.int64), "seed_generator_state", dtype="int64"
        )

    def next(self, ordered=True):
        """Returns the current state as a Tensor and advances the counter."""
        value = self.state * 1
        if ordered:
            self.state.assign_add(np.array([0, 1], dtype=np.int64))
        else:
            self.state.assign((self.state + 1) * 5387 % 933199)
        return value

    def get_config(self):
        return {"seed": self._initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _draw_seed(seed):
    """The op-level seed handed to the C++ samplers: None (global generator) or an int."""
    if seed is None:
        return None
    if isinstance(seed, SeedGenerator):
        s, counter = (int(v) for v in seed.next().numpy())
        return _mix(s % 2**64, counter)
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        return int(seed) % 2**64
    raise ValueError(
        "Argument `seed` must be either an integer or an instance of `SeedGenerator`. "
        f"Received: seed={seed} (of type {type(seed)})"
    )


def _float_dtype(dtype):
    dtype = dtype or config.floatx()
    name = getattr(dtype, "name", dtype)
    if name not in ("float32", "float64"):
        raise ValueError(
            f"Expected a float dtype ('float32' or 'float64'). Received: dtype={dtype}"
        )
    return name


def _shape(shape):
    return (int(shape),) if isinstance(shape, (int, np.integer)) else tuple(int(d) for d in shape)


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Draws from the normal distribution N(mean, stddev**2).

    Args:
        shape: the output's shape.
        mean: the distribution's mean.
        stddev: its standard deviation.
        dtype: a float dtype (default `keras.config.floatx()`).
        seed: None, an int, or a `SeedGenerator`.

    Example:
        >>> keras.random.normal((2, 3), seed=1)
    """
    return _core.random_normal(
        _shape(shape), float(mean), float(stddev), _float_dtype(dtype), _draw_seed(seed)
    )


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Draws uniformly from `[minval, maxval)` (floats; see `randint` for integers)."""
    dtype = dtype or config.floatx()
    if getattr(dtype, "name", dtype) not in ("float32", "float64"):
        raise ValueError(
            f"`keras.random.uniform` requires a floating point `dtype`. Received: dtype={dtype} "
        )
    return _core.random_uniform(
        _shape(shape),
        float(minval),
        float(maxval),
        getattr(dtype, "name", dtype),
        _draw_seed(seed),
    )


def randint(shape, minval, maxval, dtype="int32", seed=None):
    """Draws integers uniformly from `[minval, maxval)`."""
    name = getattr(dtype, "name", dtype)
    if name not in ("int32", "int64"):
        raise ValueError(
            f"`keras.random.randint` requires an integer `dtype`. Received: dtype={dtype} "
        )
    return _core.random_uniform(_shape(shape), int(minval), int(maxval), name, _draw_seed(seed))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Draws from N(mean, stddev**2), redrawing values more than two stddevs from the mean."""
    return _core.truncated_normal(
        _shape(shape), float(mean), float(stddev), _float_dtype(dtype), _draw_seed(seed)
    )


def dropout(inputs, rate, noise_shape=None, seed=None):
    """Zeroes each entry with probability `rate` and scales the rest by `1 / (1 - rate)`.

    Args:
        inputs: the tensor.
        rate: the probability of dropping an entry, in [0, 1].
        noise_shape: the shape of the keep mask, broadcast over `inputs` (None entries take
            the input's size), e.g. `(batch, 1, features)` to drop the same features at
            every time step.
        seed: None, an int, or a `SeedGenerator`.
    """
    inputs = _as_tensor(inputs)
    if rate == 1.0:
        return creation.zeros_like(inputs)
    if rate == 0.0:
        return inputs
    shape = tuple(inputs.shape)
    if noise_shape is None:
        noise_shape = shape
    else:
        noise_shape = tuple(shape[i] if n is None else int(n) for i, n in enumerate(noise_shape))
    keep_prob = 1.0 - rate
    draws = _core.random_uniform(noise_shape, 0.0, 1.0, inputs.dtype.name, _draw_seed(seed))
    keep = _core.broadcast_to(draws < keep_prob, shape)
    return nmath.where(keep, inputs / keep_prob, 0.0)


def shuffle(x, axis=0, seed=None):
    """Returns `x` with its entries along `axis` in a random order."""
    x = _as_tensor(x)
    axis = axis + x.ndim if axis < 0 else axis
    if x.ndim == 0 or not 0 <= axis < x.ndim:
        raise ValueError(f"shuffle: axis {axis} is out of range for a tensor of rank {x.ndim}")
    order = _core.random_permutation(x.shape[axis], _draw_seed(seed))
    return nn_array.gather(x, order, axis=axis)


def categorical(logits, num_samples, dtype="int32", seed=None):
    """Draws `num_samples` class ids per row of `logits` (unnormalized log-probabilities).

    Uses the Gumbel-max trick: `argmax(logits + g)` with `g = -log(-log(u))` is distributed
    as `softmax(logits)`.

    Args:
        logits: shape `(batch_size, num_classes)`.
        num_samples: samples per row.
        dtype: 'int32' or 'int64'.

    Returns:
        Class ids of shape `(batch_size, num_samples)`.
    """
    logits = _as_tensor(logits)
    if logits.ndim != 2:
        raise ValueError(
            "`logits` should be a 2-dimensional tensor with shape [batch_size, num_classes]. "
            f"Received: logits={tuple(logits.shape)}"
        )
    batch, classes = logits.shape
    tiny = np.finfo(logits.dtype.name).tiny
    u = _core.random_uniform(
        (batch, int(num_samples), classes), tiny, 1.0, logits.dtype.name, _draw_seed(seed)
    )
    gumbel = -nmath.log(-nmath.log(u))
    ids = nmath.argmax(_core.expand_dims(logits, 1) + gumbel, axis=-1)
    return nmath.cast(ids, getattr(dtype, "name", dtype))


def gamma(shape, alpha, dtype=None, seed=None):
    """Draws from the gamma distribution of shape `alpha` and scale 1.

    Marsaglia and Tsang's method, vectorised: whole tensors of candidates are drawn until
    every entry has been accepted (about 1.05 rounds per entry on average); `alpha < 1` is
    drawn as `gamma(alpha + 1) * u**(1 / alpha)`.
    """
    dtype = _float_dtype(dtype)
    shape = _shape(shape)
    alpha = float(alpha)
    if alpha <= 0:
        raise ValueError(f"gamma: `alpha` must be positive. Received: alpha={alpha}")
    seed = _draw_seed(seed)
    streams = _streams(seed)
    boost = alpha < 1.0
    a = alpha + 1.0 if boost else alpha
    d = a - 1.0 / 3.0
    c = 1.0 / math.sqrt(9.0 * d)
    result = creation.zeros(shape, dtype=dtype)
    pending = _core.broadcast_to(creation.constant(True), shape)
    while bool(nmath.reduce_any(pending)):
        x = _core.random_normal(shape, 0.0, 1.0, dtype, next(streams))
        u = _core.random_uniform(shape, 0.0, 1.0, dtype, next(streams))
        v = (1.0 + c * x) ** 3
        positive = v > 0
        v_safe = nmath.where(positive, v, 1.0)
        accept = nmath.logical_and(
            positive,
            nmath.log(nmath.maximum(u, 1e-30))
            < 0.5 * x * x + d - d * v_safe + d * nmath.log(v_safe),
        )
        take = nmath.logical_and(pending, accept)
        result = nmath.where(take, d * v_safe, result)
        pending = nmath.logical_and(pending, nmath.logical_not(accept))
    if boost:
        u = _core.random_uniform(shape, 0.0, 1.0, dtype, next(streams))
        result = result * nmath.pow(nmath.maximum(u, 1e-30), 1.0 / alpha)
    return result


def beta(shape, alpha, beta, dtype=None, seed=None):
    """Draws from the beta distribution: `x / (x + y)` with `x ~ gamma(alpha)`,
    `y ~ gamma(beta)`."""
    seed = _draw_seed(seed)
    streams = _streams(seed)
    x = gamma(shape, alpha, dtype, next(streams))
    y = gamma(shape, beta, dtype, next(streams))
    return x / (x + y)


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    """Draws the number of successes of `counts` trials of probability `probabilities`.

    Each sample sums `counts` Bernoulli draws, all drawn as one tensor, so the cost grows
    with `counts` (meant for the small counts Keras programs use).
    """
    dtype = _float_dtype(dtype)
    shape = _shape(shape)
    counts_t = _core.broadcast_to(_as_tensor(counts, dtype), shape)
    probs = _core.broadcast_to(_as_tensor(probabilities, dtype), shape)
    max_count = int(float(nmath.reduce_max(counts_t))) if shape and math.prod(shape) else 0
    if max_count <= 0:
        return creation.zeros(shape, dtype=dtype)
    u = _core.random_uniform(shape + (max_count,), 0.0, 1.0, dtype, _draw_seed(seed))
    trial = creation.range(max_count, dtype=dtype)
    live = trial < _core.expand_dims(counts_t, -1)
    success = nmath.logical_and(live, u < _core.expand_dims(probs, -1))
    return nmath.reduce_sum(nmath.cast(success, dtype), axis=-1)


def _streams(seed):
    """Independent seeds for the several draws of one composed sampler."""
    counter = 0
    while True:
        counter += 1
        yield None if seed is None else _mix(seed, counter)


def _as_tensor(x, dtype=None):
    if isinstance(x, _core.Tensor):
        return x if dtype is None or x.dtype.name == dtype else nmath.cast(x, dtype)
    array = np.asarray(x)
    if dtype is not None:
        array = array.astype(dtype)
    elif array.dtype == np.float64 and not isinstance(x, np.ndarray):
        array = array.astype(config.floatx())
    return creation.convert_to_tensor(np.ascontiguousarray(array))
