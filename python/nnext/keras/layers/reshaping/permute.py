"""`Permute`: reorders the axes of each sample."""

from nnext import _core
from nnext.keras.layers.layer import Layer


class Permute(Layer):
    """Permutes the non-batch axes: `dims` numbers them from 1.

    Example:
        >>> layers.Permute((2, 1))(keras.Input((10, 64))).shape
        (None, 64, 10)
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(int(d) for d in dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError(
                "Invalid permutation argument `dims` for Permute Layer. The set of indices in "
                f"`dims` must be consecutive and start from 1. Received dims={dims}"
            )
        self.built = True

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def call(self, inputs):
        return _core.transpose(inputs, (0,) + self.dims)

    def get_config(self):
        return {**super().get_config(), "dims": list(self.dims)}
