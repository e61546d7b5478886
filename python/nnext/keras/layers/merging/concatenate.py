"""`Concatenate`: joins a list of inputs along one axis."""

from nnext.keras.layers.merging.base_merge import Merge
from nnext.keras.ops import numpy_shape


class Concatenate(Merge):
    """Joins a list of inputs along `axis`; the other axes must agree. Inputs of different
    dtypes join in their promoted dtype, as `keras.ops.concatenate` promotes them.

    Args:
        axis: the axis to join along (default -1, the last).

    Example:
        >>> joined = layers.Concatenate()([x1, x2])
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def compute_output_shape(self, input_shape):
        shapes = [tuple(s) for s in input_shape]
        rank = len(shapes[0])
        if any(len(s) != rank for s in shapes):
            raise ValueError(
                "A `Concatenate` layer requires inputs with matching shapes except for the "
                f"concatenation axis. Received: input_shape={shapes}"
            )
        axis = self.axis % rank
        output = list(shapes[0])
        for shape in shapes[1:]:
            for i, (a, b) in enumerate(zip(output, shape)):
                if i == axis:
                    output[i] = None if a is None or b is None else a + b
                elif a is not None and b is not None and a != b:
                    raise ValueError(
                        "A `Concatenate` layer requires inputs with matching shapes except "
                        f"for the concatenation axis. Received: input_shape={shapes}"
                    )
                elif a is None:
                    output[i] = b
        return tuple(output)

    def _merge_function(self, inputs):
        # keras.ops.concatenate, as Keras: mixed dtypes are promoted (int64 one-hots and
        # float32 features join as float32) where tf.concat would refuse them.
        return numpy_shape.concatenate(inputs, axis=self.axis)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


def concatenate(inputs, axis=-1, **kwargs):
    """Functional form of `Concatenate`: `concatenate([x1, x2], axis=-1)`."""
    return Concatenate(axis=axis, **kwargs)(inputs)
