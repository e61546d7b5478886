"""`ReLU`: rectified linear unit with optional cap, threshold and negative slope."""

from nnext import math as nmath
from nnext import nn
from nnext.keras.layers.layer import Layer


class ReLU(Layer):
    """`f(x) = max_value` for `x >= max_value`, `x` for `threshold <= x < max_value`,
    `negative_slope * (x - threshold)` otherwise.

    With the defaults (no cap, slope 0, threshold 0) this is `max(x, 0)`.
    """

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        if max_value is not None and max_value < 0.0:
            raise ValueError(
                "max_value of a ReLU layer cannot be a negative value. "
                f"Received: max_value={max_value}"
            )
        if negative_slope is None or negative_slope < 0.0:
            raise ValueError(
                "negative_slope of a ReLU layer cannot be a negative value. "
                f"Received: negative_slope={negative_slope}"
            )
        self.max_value = max_value
        self.negative_slope = negative_slope
        self.threshold = threshold
        self.built = True

    def call(self, inputs):
        if self.negative_slope == 0.0 and self.threshold == 0.0:
            outputs = nn.relu(inputs)
        else:
            outputs = nmath.where(
                inputs >= self.threshold, inputs, self.negative_slope * (inputs - self.threshold)
            )
        if self.max_value is not None:
            outputs = nmath.minimum(outputs, self.max_value)
        return outputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "max_value": self.max_value,
            "negative_slope": self.negative_slope,
            "threshold": self.threshold,
        }
