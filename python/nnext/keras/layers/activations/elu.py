"""`ELU`: exponential linear unit."""

from nnext import math as nmath
from nnext import nn
from nnext.keras.layers.layer import Layer


class ELU(Layer):
    """`f(x) = x` for `x > 0`, `alpha * (exp(x) - 1)` otherwise (Clevert et al., 2016).

    Args:
        alpha: the scale of the negative part (default 1.0).

    Example:
        >>> layers.ELU()(np.array([-1.0, 2.0])).numpy()
        array([-0.63212055,  2.        ], dtype=float32)
    """

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = alpha
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        if not inputs.dtype.is_floating:
            inputs = nmath.cast(inputs, self.compute_dtype)
        return nn.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha}
