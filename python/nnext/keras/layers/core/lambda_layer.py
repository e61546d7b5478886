"""`Lambda`: wraps a function of tensors as a layer."""

import inspect

from nnext.keras import tree
from nnext.keras.layers.layer import Layer


class Lambda(Layer):
    """Calls `function(inputs, **arguments)`.

    Saving a Lambda writes the function by name only (Keras writes Python bytecode, which
    it refuses to load unless unsafe deserialization is enabled); a registered or
    `custom_objects` function loads back.

    Args:
        function: a function of the input tensor(s).
        output_shape: optional: the output shape, or a function of the input shape.
        arguments: extra keyword arguments for `function`.
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        if not callable(function):
            raise ValueError(  # noqa: TRY004 (Keras raises ValueError here)
                f"Argument `function` must be callable. Received: {function}"
            )
        self.function = function
        self.arguments = dict(arguments or {})
        self._output_shape = output_shape
        self._function_takes_training = "training" in _parameters(function)
        self.built = True

    def call(self, inputs, training=None):
        kwargs = dict(self.arguments)
        if self._function_takes_training:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return super().compute_output_shape(input_shape)
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        # Given shapes leave out the batch axis; every output gets the first input's batch
        # size (the first entry of the flattened input shapes, as Keras takes it).
        batch_size = tree.flatten(input_shape)[0]
        return tree.map_shape_structure(
            lambda shape: (batch_size, *tuple(shape)), self._output_shape
        )

    def get_config(self):
        from nnext.keras.saving import serialize_keras_object

        return {
            **super().get_config(),
            "function": serialize_keras_object(self.function),
            "arguments": self.arguments,
            "output_shape": self._output_shape if not callable(self._output_shape) else None,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from nnext.keras.saving import deserialize_keras_object

        config = dict(config)
        function = config.pop("function")
        if isinstance(function, dict):
            if function.get("class_name") == "__lambda__":
                raise ValueError(
                    "Requested the deserialization of a `Lambda` layer whose `function` is a "
                    "Python lambda. nnext cannot load Python bytecode; register the function "
                    "with `@keras.saving.register_keras_serializable()` and save it again."
                )
            function = deserialize_keras_object(function, custom_objects)
        dtype = config.get("dtype")
        if isinstance(dtype, dict):
            config["dtype"] = dtype.get("config", {}).get("name")
        config.pop("mask", None)
        return cls(function=function, **config)


def _parameters(function):
    try:
        return inspect.signature(function).parameters
    except (TypeError, ValueError):
        return {}
