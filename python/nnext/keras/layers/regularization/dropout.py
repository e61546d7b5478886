"""`Dropout`: zeroes a fraction of inputs while training (inverted dropout)."""

from nnext import math as nmath
from nnext import random
from nnext.keras.layers.layer import Layer


class Dropout(Layer):
    """While training, zeroes each input with probability `rate` and scales the rest by
    `1 / (1 - rate)` so that the expected sum is unchanged; at inference it is the identity.

    The mask comes from `random`, so `random.set_seed` makes it reproducible.

    Args:
        rate: fraction of inputs to drop, in [0, 1).
        noise_shape: shape of the mask, broadcast against the inputs (None: the inputs').
        seed: optional integer seed for this layer's masks.
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        if not 0 <= rate <= 1:
            raise ValueError(
                f"Invalid value received for argument `rate`. Expected a float value between "
                f"0 and 1. Received: rate={rate}"
            )
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed
        self.built = True

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        shape = tuple(inputs.shape)
        if self.noise_shape is not None:
            shape = tuple(s if n is None else n for s, n in zip(shape, self.noise_shape))
        keep = random.uniform(shape, dtype=inputs.dtype, seed=self.seed) >= self.rate
        return nmath.where(keep, inputs * (1.0 / (1.0 - self.rate)), 0.0)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "rate": self.rate,
            "seed": self.seed,
            "noise_shape": self.noise_shape,
        }
