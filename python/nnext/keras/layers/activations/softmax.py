"""`Softmax`: `exp(x) / sum(exp(x))` along an axis."""

from nnext import nn
from nnext.keras.layers.layer import Layer


class Softmax(Layer):
    """Softmax over `axis` (default the last)."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.axis = axis
        self.built = True

    def call(self, inputs):
        return nn.softmax(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
