"""`AlphaDropout`: dropout that keeps a SELU network's mean and variance."""

from nnext import _core
from nnext import math as nmath
from nnext.keras import random as krandom
from nnext.keras.layers.layer import Layer
from nnext.keras.layers.regularization.gaussian_noise import check_fraction

# SELU's constants: a dropped unit is set to SELU's negative saturation value
# -scale * alpha instead of 0 (Klambauer et al., 2017).
_SELU_ALPHA = 1.6732632423543772
_SELU_SCALE = 1.0507009873554805


class AlphaDropout(Layer):
    """While training, sets each input with probability `rate` to SELU's saturation value
    `alpha' = -scale * alpha`, then applies the affine map `a * x + b` that restores the
    inputs' mean and variance: `a = ((1 - rate) * (1 + rate * alpha'^2))^-1/2`,
    `b = -a * alpha' * rate`. At inference it is the identity.

    Args:
        rate: the drop probability, in [0, 1].
        noise_shape: shape of the keep mask, broadcast over the inputs (None entries take
            the input's size).
        seed: optional integer seed of the layer's random stream.
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        check_fraction("rate", rate)
        self.rate = rate
        self.seed = seed
        self.noise_shape = noise_shape
        if rate > 0:
            self.seed_generator = krandom.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not (training and self.rate > 0):
            return inputs
        shape = tuple(inputs.shape)
        noise_shape = shape
        if self.noise_shape is not None:
            noise_shape = tuple(s if n is None else n for s, n in zip(shape, self.noise_shape))
        draws = krandom.uniform(noise_shape, dtype=inputs.dtype.name, seed=self.seed_generator)
        kept = _core.broadcast_to(nmath.cast(draws >= self.rate, inputs.dtype), shape)
        alpha_p = -_SELU_ALPHA * _SELU_SCALE
        a = ((1 - self.rate) * (1 + self.rate * alpha_p**2)) ** -0.5
        b = -a * alpha_p * self.rate
        x = inputs * kept + alpha_p * (1 - kept)
        return a * x + b

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "rate": self.rate,
            "seed": self.seed,
            "noise_shape": self.noise_shape,
        }
