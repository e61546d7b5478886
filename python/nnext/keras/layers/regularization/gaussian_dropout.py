"""`GaussianDropout`: multiplies by mean-one Gaussian noise while training."""

import math

from nnext.keras import random as krandom
from nnext.keras.layers.layer import Layer
from nnext.keras.layers.regularization.gaussian_noise import check_fraction


class GaussianDropout(Layer):
    """While training, returns `inputs * noise` with `noise ~ N(1, rate / (1 - rate))`
    (Srivastava et al., 2014: the Gaussian counterpart of dropout with the same variance);
    at inference it is the identity.

    Args:
        rate: the equivalent drop probability, in [0, 1].
        seed: optional integer seed of the layer's random stream.

    Example:
        >>> layers.GaussianDropout(0.2)(np.ones((2, 3)), training=True).shape
        (2, 3)
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        check_fraction("rate", rate)
        self.rate = rate
        self.seed = seed
        if rate > 0:
            self.seed_generator = krandom.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            stddev = math.sqrt(self.rate / (1.0 - self.rate))
            noise = krandom.normal(
                tuple(inputs.shape),
                mean=1.0,
                stddev=stddev,
                dtype=inputs.dtype.name,
                seed=self.seed_generator,
            )
            return inputs * noise
        return inputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
