"""`Flatten`: reshapes each sample to one axis, `(batch, d1, d2, ...) -> (batch, d1*d2*...)`."""

import math

from nnext import _core
from nnext.keras.layers.layer import Layer


class Flatten(Layer):
    """Flattens every axis but the batch axis (a view, no copy where the layout allows)."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format or "channels_last"
        self.built = True

    def call(self, inputs):
        return _core.reshape(inputs, (inputs.shape[0], math.prod(inputs.shape[1:])))

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        size = None if any(d is None for d in rest) else math.prod(rest)
        return (input_shape[0], size)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}
