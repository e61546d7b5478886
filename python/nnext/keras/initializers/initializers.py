"""Weight initializers with Keras 3's names, defaults and formulas.

Random ones draw from `random`, so `random.set_seed` makes them reproducible.
`VarianceScaling` holds the formulas; Glorot and He are presets of it, as in Keras.
"""

import math

from nnext import creation, random
from nnext.keras.initializers.initializer import Initializer
from nnext.keras.initializers.matrix_initializers import Identity, Orthogonal
from nnext.keras.initializers.stft_initializer import STFT
from nnext.keras.saving.serialization import (
    deserialize_keras_object,
    get_registered_object,
    serialize_keras_object,
)

# Standard deviation of a unit normal truncated to [-2, 2]; dividing by it keeps the
# variance of a truncated normal equal to the one asked for (Keras's constant).
_TRUNCATED_STDDEV_CORRECTION = 0.87962566103423978


class Zeros(Initializer):
    """All zeros."""

    def __call__(self, shape, dtype=None):
        return creation.zeros(shape, dtype=dtype or "float32")


class Ones(Initializer):
    """All ones."""

    def __call__(self, shape, dtype=None):
        return creation.ones(shape, dtype=dtype or "float32")


class Constant(Initializer):
    """Every element equal to `value`."""

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        return creation.ones(shape, dtype=dtype or "float32") * self.value

    def get_config(self):
        return {"value": self.value}


class RandomNormal(Initializer):
    """Normal distribution: `N(mean, stddev**2)`."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None):
        return random.normal(
            shape, mean=self.mean, stddev=self.stddev, dtype=dtype or "float32", seed=self.seed
        )

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class RandomUniform(Initializer):
    """Uniform distribution on `[minval, maxval)`."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=None):
        return random.uniform(
            shape,
            minval=self.minval,
            maxval=self.maxval,
            dtype=dtype or "float32",
            seed=self.seed,
        )

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


class TruncatedNormal(Initializer):
    """Normal distribution with draws beyond two standard deviations redrawn."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None):
        return random.truncated_normal(
            shape, mean=self.mean, stddev=self.stddev, dtype=dtype or "float32", seed=self.seed
        )

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


def compute_fans(shape, input_axes=None, output_axes=None):
    """Returns `(fan_in, fan_out)` for a kernel shape, as Keras computes them.

    A Dense kernel `(in, out)` gives `(in, out)`; a convolution kernel
    `(*spatial, in, out)` multiplies both by the receptive field size. `input_axes` and
    `output_axes` (both or neither) name the axes to multiply instead.
    """
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        return (math.prod(shape[a] for a in input_axes), math.prod(shape[a] for a in output_axes))
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


class VarianceScaling(Initializer):
    """Samples with variance `scale / n`, n the fan-in, fan-out or their mean.

    `distribution` is "truncated_normal", "untruncated_normal" or "uniform"
    (uniform on `[-limit, limit]` with `limit = sqrt(3 * scale / n)`).
    """

    def __init__(
        self,
        scale=1.0,
        mode="fan_in",
        distribution="truncated_normal",
        seed=None,
        input_axes=None,
        output_axes=None,
    ):
        if scale <= 0.0:
            raise ValueError(f"Argument `scale` must be positive float. Received: scale={scale}")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(
                "Invalid `mode` argument: expected one of {'fan_in', 'fan_out', 'fan_avg'}. "
                f"Received: mode={mode}"
            )
        if distribution not in ("uniform", "truncated_normal", "untruncated_normal"):
            raise ValueError(
                "Invalid `distribution` argument: expected one of {'uniform', "
                "'truncated_normal', 'untruncated_normal'}. "
                f"Received: distribution={distribution}"
            )
        self.scale, self.mode, self.distribution, self.seed = scale, mode, distribution, seed
        self.input_axes, self.output_axes = input_axes, output_axes

    def __call__(self, shape, dtype=None):
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        variance = self.scale / max(1.0, n)
        dtype = dtype or "float32"
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * variance)
            return random.uniform(shape, minval=-limit, maxval=limit, dtype=dtype, seed=self.seed)
        if self.distribution == "truncated_normal":
            stddev = math.sqrt(variance) / _TRUNCATED_STDDEV_CORRECTION
            return random.truncated_normal(
                shape, mean=0.0, stddev=stddev, dtype=dtype, seed=self.seed
            )
        return random.normal(
            shape, mean=0.0, stddev=math.sqrt(variance), dtype=dtype, seed=self.seed
        )

    def get_config(self):
        return {
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "seed": self.seed,
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


class _Preset(VarianceScaling):
    """A VarianceScaling whose only argument is the seed (Glorot, He)."""

    SCALE, MODE, DISTRIBUTION = 1.0, "fan_avg", "uniform"

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        super().__init__(self.SCALE, self.MODE, self.DISTRIBUTION, seed, input_axes, output_axes)

    def get_config(self):
        return {"seed": self.seed, "input_axes": self.input_axes, "output_axes": self.output_axes}


class GlorotUniform(_Preset):
    """Uniform on `[-limit, limit]`, `limit = sqrt(6 / (fan_in + fan_out))` (Keras's default)."""

    SCALE, MODE, DISTRIBUTION = 1.0, "fan_avg", "uniform"


class GlorotNormal(_Preset):
    """Truncated normal with `stddev = sqrt(2 / (fan_in + fan_out))`."""

    SCALE, MODE, DISTRIBUTION = 1.0, "fan_avg", "truncated_normal"


class HeNormal(_Preset):
    """Truncated normal with `stddev = sqrt(2 / fan_in)`."""

    SCALE, MODE, DISTRIBUTION = 2.0, "fan_in", "truncated_normal"


class HeUniform(_Preset):
    """Uniform on `[-limit, limit]`, `limit = sqrt(6 / fan_in)`."""

    SCALE, MODE, DISTRIBUTION = 2.0, "fan_in", "uniform"


class LecunNormal(_Preset):
    """Truncated normal with `stddev = sqrt(1 / fan_in)` (the initializer SELU networks
    assume)."""

    SCALE, MODE, DISTRIBUTION = 1.0, "fan_in", "truncated_normal"


class LecunUniform(_Preset):
    """Uniform on `[-limit, limit]`, `limit = sqrt(3 / fan_in)`."""

    SCALE, MODE, DISTRIBUTION = 1.0, "fan_in", "uniform"


ALL = {
    "zeros": Zeros,
    "ones": Ones,
    "constant": Constant,
    "random_normal": RandomNormal,
    "random_uniform": RandomUniform,
    "truncated_normal": TruncatedNormal,
    "variance_scaling": VarianceScaling,
    "glorot_uniform": GlorotUniform,
    "glorot_normal": GlorotNormal,
    "he_normal": HeNormal,
    "he_uniform": HeUniform,
    "lecun_normal": LecunNormal,
    "lecun_uniform": LecunUniform,
    "identity": Identity,
    "orthogonal": Orthogonal,
    "stft": STFT,
}
_BY_CLASS_NAME = {cls.__name__: cls for cls in ALL.values()}
# Keras's longer aliases of the same classes.
_BY_CLASS_NAME.update(
    IdentityInitializer=Identity, OrthogonalInitializer=Orthogonal, STFTInitializer=STFT
)
# Keras's short string aliases (Embedding's default is "uniform").
ALL.update(uniform=RandomUniform, normal=RandomNormal, one=Ones, zero=Zeros)


def get(identifier):
    """Returns an initializer for a name, a class, a config dict, an instance or a callable.

    Example:
        >>> initializers.get("glorot_uniform")((3, 2)).shape
        (3, 2)
    """
    if identifier is None:
        return None
    if isinstance(identifier, str):
        cls = (
            ALL.get(identifier)
            or _BY_CLASS_NAME.get(identifier)
            or get_registered_object(identifier)
        )
        if cls is None:
            raise ValueError(
                f"Could not interpret initializer identifier: {identifier}. "
                f"Expected one of {sorted(ALL)}."
            )
        return cls()
    if isinstance(identifier, dict):
        cls = _BY_CLASS_NAME.get(identifier.get("class_name"))
        if cls is None:  # a class of the user's own: registered or in custom_objects
            return deserialize_keras_object(identifier)
        return cls.from_config(identifier.get("config", {}))
    if isinstance(identifier, type) and issubclass(identifier, Initializer):
        return identifier()
    if callable(identifier):
        return identifier
    raise TypeError(
        f"Could not interpret initializer identifier: {identifier!r}. "
        "Expected a string, a dict, an Initializer or a callable."
    )


def serialize(initializer):
    """Returns the `{"module", "class_name", "config"}` dict Keras stores in a layer config."""
    if type(initializer) not in _BY_CLASS_NAME.values():
        return serialize_keras_object(initializer)
    return {
        "module": "keras.initializers",
        "class_name": type(initializer).__name__,
        "config": initializer.get_config(),
        "registered_name": None,
    }
