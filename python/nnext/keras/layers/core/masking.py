"""`Masking`: marks the time steps whose features all equal `mask_value` as padding."""

from nnext import math as nmath
from nnext.keras.layers.layer import Layer


class Masking(Layer):
    """Zeroes every time step whose features all equal `mask_value`, and computes the mask
    `any(inputs != mask_value, axis=-1)` (True: a real step) that mask-aware layers
    downstream take.

    The mask rides on the output (`_keras_mask`) to the layers downstream, as in Keras 3.

    Args:
        mask_value: the value that marks padding (default 0.0).

    Example:
        >>> x = np.array([[[1.0, 2.0], [0.0, 0.0]]])
        >>> layers.Masking().compute_mask(x).numpy()
        array([[ True, False]])
    """

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        if isinstance(mask_value, dict) and mask_value.get("config", None):
            from nnext.keras.saving import deserialize_keras_object

            mask_value = deserialize_keras_object(mask_value)
        self.mask_value = mask_value
        self.supports_masking = True
        self.built = True

    def compute_mask(self, inputs, mask=None):
        return nmath.reduce_any(nmath.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = nmath.reduce_any(nmath.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        return nmath.where(keep, inputs, 0.0)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "mask_value": self.mask_value}
