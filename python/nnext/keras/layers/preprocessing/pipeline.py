"""`Pipeline`: preprocessing layers applied one after another."""

from nnext.keras.layers.layer import Layer


class Pipeline(Layer):
    """Applies `layers` in order, each to the previous one's output. Unlike Sequential it
    is a layer (no fit or compile), meant for preprocessing; its call defaults to
    `training=True`, so random augmentation layers in it are active unless told otherwise.

    Args:
        layers: the list of layers.
        name: the pipeline's name.

    Example:
        >>> pipeline = layers.Pipeline([layers.Rescaling(0.5), layers.GaussianNoise(0.1)])
        >>> pipeline(np.ones((2, 3)), training=False).numpy()
        array([[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]], dtype=float32)
    """

    def __init__(self, layers, name=None):
        super().__init__(name=name)
        self._pipeline_layers = layers

    @property
    def layers(self):
        return self._pipeline_layers

    def call(self, inputs, training=True):
        for layer in self._pipeline_layers:
            inputs = layer(inputs, training=training)
        return inputs

    @classmethod
    def from_config(cls, config):
        from nnext.keras.saving import deserialize_keras_object

        layers = config.get("layers")
        if not isinstance(layers, (list, tuple)):
            raise ValueError(  # noqa: TRY004 (Keras raises ValueError here)
                "`Pipeline` config must contain a `layers` key mapping to a list of "
                f"serialized layers. Received config with layers={layers}."
            )
        return cls([deserialize_keras_object(x) for x in layers], name=config.get("name"))

    def get_config(self):
        from nnext.keras.saving import serialize_keras_object

        return {"layers": serialize_keras_object(self._pipeline_layers), "name": self.name}
