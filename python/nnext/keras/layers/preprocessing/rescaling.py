"""`Rescaling`: an affine map `x * scale + offset`, e.g. pixels from [0, 255] to [0, 1]."""

import numpy as np

from nnext import _core
from nnext import math as nmath
from nnext.keras import backend, config
from nnext.keras.layers.layer import Layer


class Rescaling(Layer):
    """Returns `inputs * scale + offset` in the layer's float dtype.

    Args:
        scale: a number, or a per-channel list/array (broadcast over the last axis, or
            over the channels axis 1 when the image data format is 'channels_first').
        offset: a number or per-channel list/array (default 0).

    Example:
        >>> layers.Rescaling(1.0 / 255)(np.array([[0, 255]])).numpy()
        array([[0., 1.]], dtype=float32)
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale
        self.offset = offset
        self.supports_masking = True

    def call(self, inputs):
        scale = backend.to_tensor(np.asarray(self.scale, self.compute_dtype))
        offset = backend.to_tensor(np.asarray(self.offset, self.compute_dtype))
        if scale.ndim > 0 and config.image_data_format() == "channels_first":
            scale = _core.reshape(scale, tuple(scale.shape) + (1,) * (3 - scale.ndim))
        return nmath.cast(inputs, self.compute_dtype) * scale + offset

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        from nnext.keras.saving import serialize_keras_object

        return {
            **super().get_config(),
            "scale": serialize_keras_object(self.scale),
            "offset": serialize_keras_object(self.offset),
        }

    @classmethod
    def from_config(cls, config):
        from nnext.keras.saving import deserialize_keras_object

        config = dict(config)
        config["scale"] = deserialize_keras_object(config["scale"])
        config["offset"] = deserialize_keras_object(config["offset"])
        return super().from_config(config)
