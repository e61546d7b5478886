"""`GaussianNoise`: adds zero-centred Gaussian noise while training."""

from nnext.keras import random as krandom
from nnext.keras.layers.layer import Layer


def check_fraction(name, value):
    """Keras's check of a rate or standard deviation argument: a float in [0, 1]."""
    if not 0 <= value <= 1:
        raise ValueError(
            f"Invalid value received for argument `{name}`. Expected a float value between "
            f"0 and 1. Received: {name}={value}"
        )


class GaussianNoise(Layer):
    """While training, returns `inputs + noise` with `noise ~ N(0, stddev^2)` drawn afresh
    for every call; at inference it is the identity. A regularizer against overfitting
    (and a way to augment real-valued inputs).

    Args:
        stddev: the noise's standard deviation, in [0, 1].
        seed: optional integer seed of the layer's random stream.

    Example:
        >>> layer = layers.GaussianNoise(0.1)
        >>> layer(np.ones((2, 3)), training=False).numpy()
        array([[1., 1., 1.], [1., 1., 1.]], dtype=float32)
    """

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        check_fraction("stddev", stddev)
        self.stddev = stddev
        self.seed = seed
        if stddev > 0:
            self.seed_generator = krandom.SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if training and self.stddev > 0:
            noise = krandom.normal(
                tuple(inputs.shape),
                mean=0.0,
                stddev=self.stddev,
                dtype=inputs.dtype.name,
                seed=self.seed_generator,
            )
            return inputs + noise
        return inputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}
