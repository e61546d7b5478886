"""`TimeDistributed`: applies a layer to every temporal slice of its input."""

from nnext import _core
from nnext.keras.layers.layer import Layer


class TimeDistributed(Layer):
    """Applies `layer` to each slice along axis 1 of a `(batch, timesteps, ...)` input.

    The slices are folded into the batch axis, so the wrapped layer runs once over
    `batch * timesteps` rows (one gemm for a Dense) instead of once per step; the weights
    are shared across time.

    Args:
        layer: a `Layer` instance.

    Example:
        >>> layers.TimeDistributed(layers.Dense(8))(np.ones((32, 10, 16))).shape
        TensorShape([32, 10, 8])
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(  # noqa: TRY004 -- Keras raises ValueError
                "Please initialize `TimeDistributed` layer with a `keras.layers.Layer` "
                f"instance. Received: {layer}"
            )
        super().__init__(**kwargs)
        self.layer = layer
        self.supports_masking = True

    def _get_child_input_shape(self, input_shape):
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 3:
            raise ValueError(
                "`TimeDistributed` Layer should be passed an `input_shape` with at least 3 "
                f"dimensions, received: {input_shape}"
            )
        return (input_shape[0], *input_shape[2:])

    def build(self, input_shape):
        if not self.layer.built:
            self.layer._maybe_build(self._get_child_input_shape(tuple(input_shape)))
        self.built = True

    def compute_output_shape(self, input_shape):
        child = self.layer.compute_output_shape(self._get_child_input_shape(tuple(input_shape)))
        return (child[0], input_shape[1], *child[1:])

    def call(self, inputs, training=None, mask=None):
        shape = tuple(inputs.shape)
        if len(shape) < 3:
            self._get_child_input_shape(shape)
        kwargs = {"training": training} if self.layer._call_has_training else {}
        folded = _core.reshape(inputs, (shape[0] * shape[1], *shape[2:]))
        outputs = self.layer(folded, **kwargs)
        return _core.reshape(outputs, (shape[0], shape[1], *tuple(outputs.shape)[1:]))

    def get_config(self):
        from nnext.keras.saving import serialize_keras_object

        return {**super().get_config(), "layer": serialize_keras_object(self.layer)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from nnext.keras.saving import deserialize_keras_object

        config = dict(config)
        layer = deserialize_keras_object(config.pop("layer"), custom_objects)
        dtype = config.get("dtype")
        if isinstance(dtype, dict):
            config["dtype"] = dtype.get("config", {}).get("name")
        return cls(layer, **config)
