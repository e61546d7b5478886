"""`SpatialDropout1D/2D/3D`: dropout of whole feature maps."""

from nnext.keras import config
from nnext.keras import random as krandom
from nnext.keras.layers.regularization.dropout import Dropout


def standardize_data_format(data_format):
    """'channels_last' or 'channels_first'; None means `keras.config.image_data_format()`."""
    if data_format is None:
        return config.image_data_format()
    data_format = str(data_format).lower()
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError(
            "The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
            f"Received: data_format={data_format}"
        )
    return data_format


class _SpatialDropout(Dropout):
    """Drops entire channels: one keep/drop draw per (example, channel), shared by every
    position, scaled by `1 / (1 - rate)` as Dropout. Adjacent positions of a feature map
    are strongly correlated, so dropping single entries regularizes little there."""

    RANK = None

    def __init__(self, rate, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.seed_generator = krandom.SeedGenerator(seed)
        self.data_format = "channels_last"

    def call(self, inputs, training=False):
        if len(inputs.shape) != self.RANK:
            raise ValueError(
                f'Input 0 of layer "{self.name}" is incompatible with the layer: expected '
                f"ndim={self.RANK}, found ndim={len(inputs.shape)}. Full shape received: "
                f"{tuple(inputs.shape)}"
            )
        if training and self.rate > 0:
            return krandom.dropout(
                inputs,
                self.rate,
                noise_shape=self._noise_shape(tuple(inputs.shape)),
                seed=self.seed_generator,
            )
        return inputs

    def _noise_shape(self, shape):
        if self.data_format == "channels_first":
            return shape[:2] + (1,) * (len(shape) - 2)
        return (shape[0],) + (1,) * (len(shape) - 2) + (shape[-1],)

    def get_config(self):
        # Keras's spatial dropouts write only these (their dtype as a plain name).
        return {"rate": self.rate, "seed": self.seed, "name": self.name, "dtype": self.dtype}


class SpatialDropout1D(_SpatialDropout):
    """Dropout of whole 1D feature maps: inputs `(batch, steps, channels)`, one draw per
    (example, channel).

    Args:
        rate: the fraction of channels to drop, in [0, 1].
        seed: optional integer seed of the layer's random stream.
    """

    RANK = 3


class SpatialDropout2D(_SpatialDropout):
    """Dropout of whole 2D feature maps: inputs `(batch, rows, cols, channels)`
    (channels_last) or `(batch, channels, rows, cols)`, one draw per (example, channel).

    Args:
        rate: the fraction of channels to drop, in [0, 1].
        data_format: 'channels_last' or 'channels_first' (default: the image data format).
        seed: optional integer seed of the layer's random stream.
    """

    RANK = 4

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.data_format = standardize_data_format(data_format)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}


class SpatialDropout3D(SpatialDropout2D):
    """Dropout of whole 3D feature maps: inputs `(batch, d1, d2, d3, channels)`
    (channels_last) or `(batch, channels, d1, d2, d3)`, one draw per (example, channel).

    Args:
        rate: the fraction of channels to drop, in [0, 1].
        data_format: 'channels_last' or 'channels_first' (default: the image data format).
        seed: optional integer seed of the layer's random stream.
    """

    RANK = 5
