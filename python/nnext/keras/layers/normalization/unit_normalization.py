"""`UnitNormalization`: scales each example to unit L2 norm."""

from nnext import math as nmath
from nnext.keras.layers.layer import Layer


class UnitNormalization(Layer):
    """Divides each example by its L2 norm over `axis`:
    `x * min(1 / sqrt(sum(x^2, axis)), 1e12)` (the cap keeps an all-zero input zero).

    Args:
        axis: an int or a list of ints, the axes the norm is taken over (default -1).

    Example:
        >>> layers.UnitNormalization()(np.array([[3.0, 4.0]])).numpy()
        array([[0.6, 0.8]], dtype=float32)
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise TypeError(
                "Invalid value for `axis` argument: expected an int or a list/tuple of ints. "
                f"Received: axis={axis}"
            )
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        if not inputs.dtype.is_floating:
            inputs = nmath.cast(inputs, self.compute_dtype)
        square_sum = nmath.reduce_sum(nmath.square(inputs), axis=self.axis, keepdims=True)
        inverse_norm = nmath.minimum(1.0 / nmath.sqrt(square_sum), 1e12)
        return inputs * inverse_norm

    def compute_output_shape(self, input_shape):
        for a in self.axis if isinstance(self.axis, list) else [self.axis]:
            if a >= len(input_shape) or a < -len(input_shape):
                raise ValueError(
                    f"Axis {self.axis} is out of bounds for input shape {tuple(input_shape)}."
                )
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
