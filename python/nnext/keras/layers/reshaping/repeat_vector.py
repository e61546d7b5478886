"""`RepeatVector`: `(batch, features) -> (batch, n, features)`."""

from nnext import _core, array_ops
from nnext.keras.layers.layer import Layer


class RepeatVector(Layer):
    """Repeats each 1-D sample `n` times along a new axis 1."""

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(n, int):
            raise TypeError(f"Expected an integer value for `n`, got {type(n)}.")
        self.n = n
        self.built = True

    def compute_output_shape(self, input_shape):
        if len(input_shape) != 2:
            raise ValueError(
                f"Input of RepeatVector should be 2D, got input with shape {input_shape}."
            )
        return (input_shape[0], self.n, input_shape[1])

    def call(self, inputs):
        if inputs.ndim != 2:
            raise ValueError(
                f"Input of RepeatVector should be 2D, got input with shape {tuple(inputs.shape)}."
            )
        return array_ops.tile(_core.expand_dims(inputs, 1), [1, self.n, 1])

    def get_config(self):
        return {**super().get_config(), "n": self.n}
