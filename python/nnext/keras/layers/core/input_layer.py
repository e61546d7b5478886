"""`InputLayer` and `Input`: declare the shape a model expects (without the batch axis)."""

from nnext.keras.keras_tensor import KerasTensor, Node
from nnext.keras.layers.layer import Layer


class InputLayer(Layer):
    """Holds a model's input shape; calling it returns its input unchanged.

    Args:
        shape: the shape of one sample, e.g. `(784,)`.
        batch_size: optional fixed batch size.
        batch_shape: the full shape with the batch axis, instead of `shape`.
    """

    def __init__(
        self,
        shape=None,
        batch_size=None,
        dtype=None,
        batch_shape=None,
        name=None,
        input_tensor=None,
        **kwargs,
    ):
        for ignored in ("sparse", "ragged", "optional"):
            kwargs.pop(ignored, None)
        if input_tensor is not None:
            if not isinstance(input_tensor, KerasTensor):
                raise ValueError(
                    "Argument `input_tensor` must be a KerasTensor. Received invalid type: "
                    f"input_tensor={input_tensor} (of type {type(input_tensor)})"
                )
            if shape is None and batch_shape is None:
                batch_shape = input_tensor.shape
            dtype = dtype or input_tensor.dtype
        if "input_shape" in kwargs:
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs:
            batch_shape = kwargs.pop("batch_input_shape")
        super().__init__(name=name, dtype=dtype, **kwargs)
        if shape is not None and batch_shape is not None:
            raise ValueError("You cannot pass both `shape` and `batch_shape` at the same time.")
        if batch_shape is None:
            if shape is None:
                raise ValueError("You must pass a `shape` argument.")
            if isinstance(shape, int):
                shape = (shape,)
            batch_shape = (batch_size,) + tuple(shape)
        self.batch_shape = tuple(None if d is None else int(d) for d in batch_shape)
        self.built = True
        # The graph's entry: a node with no inputs whose output is this layer's KerasTensor
        # (an existing one when given: graphs can then be built on another model's tensors).
        output = (
            input_tensor
            if input_tensor is not None
            else KerasTensor(self.batch_shape, dtype=self.dtype, name=self.name)
        )
        Node(self, (), {}, output)

    def get_config(self):
        return {
            "batch_shape": list(self.batch_shape),
            "dtype": self.dtype,
            "sparse": False,
            "ragged": False,
            "name": self.name,
            "optional": False,
        }


def Input(
    shape=None, batch_size=None, dtype=None, batch_shape=None, name=None, tensor=None, **kwargs
):
    """A symbolic `KerasTensor` for a model input of `shape` (without the batch axis).

    Call layers on it to build a functional model, or put it first in a `Sequential`.

    Example:
        >>> inputs = keras.Input(shape=(784,))
        >>> outputs = layers.Dense(10)(layers.Dense(64, activation="relu")(inputs))
        >>> model = keras.Model(inputs, outputs)
    """
    layer = InputLayer(
        shape=shape,
        batch_size=batch_size,
        dtype=dtype,
        batch_shape=batch_shape,
        name=name,
        input_tensor=tensor,
        **kwargs,
    )
    return layer.output
