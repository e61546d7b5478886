"""`Reshape`: gives each sample a new shape (one axis may be -1)."""

import math

from nnext import _core
from nnext.keras.layers.layer import Layer


class Reshape(Layer):
    """Reshapes each sample to `target_shape` (the batch axis is kept).

    Args:
        target_shape: the new shape of one sample; one entry may be -1 (inferred).

    Example:
        >>> layers.Reshape((4, 4))(keras.Input((16,))).shape
        (None, 4, 4)
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(int(d) for d in target_shape)
        if sum(d == -1 for d in self.target_shape) > 1:
            raise ValueError(
                f"There must be at most one unknown dimension (-1) in target_shape. "
                f"Received: target_shape={self.target_shape}"
            )
        self.built = True

    def _sample_shape(self, input_shape):
        rest = input_shape[1:]
        if -1 not in self.target_shape:
            if None not in rest and math.prod(rest) != math.prod(self.target_shape):
                raise ValueError(
                    f"total size of new array must be unchanged, input_shape = {list(rest)}, "
                    f"output_shape = {list(self.target_shape)}"
                )
            return self.target_shape
        if None in rest:
            return tuple(None if d == -1 else d for d in self.target_shape)
        known = math.prod(d for d in self.target_shape if d != -1)
        total = math.prod(rest)
        if known == 0 or total % known:
            raise ValueError(
                f"total size of new array must be unchanged, input_shape = {list(rest)}, "
                f"output_shape = {list(self.target_shape)}"
            )
        return tuple(total // known if d == -1 else d for d in self.target_shape)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + self._sample_shape(tuple(input_shape))

    def call(self, inputs):
        return _core.reshape(inputs, (inputs.shape[0],) + self._sample_shape(tuple(inputs.shape)))

    def get_config(self):
        return {**super().get_config(), "target_shape": list(self.target_shape)}
