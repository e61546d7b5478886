"""`Wrapper`: the base class of layers that wrap another layer."""

from nnext.keras.layers.layer import Layer


class Wrapper(Layer):
    """A layer that adds behaviour to the `layer` it wraps (SpectralNormalization,
    TimeDistributed, ...). Its config holds the wrapped layer's serialized config.

    Args:
        layer: the wrapped Layer instance.
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(  # noqa: TRY004 (Keras raises ValueError here)
                f"Layer {layer} supplied to Wrapper isn't a supported layer type. Please "
                "ensure wrapped layer is a valid Keras layer."
            )
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape=None):
        if not self.layer.built:
            self.layer._maybe_build(input_shape)  # records its build config, as Keras
        self.built = True

    def get_config(self):
        from nnext.keras.saving import serialize_keras_object

        return {**super().get_config(), "layer": serialize_keras_object(self.layer)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from nnext.keras.saving import deserialize_keras_object

        config = dict(config)
        layer = deserialize_keras_object(config.pop("layer"), custom_objects=custom_objects)
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = config["dtype"].get("config", {}).get("name")
        return cls(layer, **config)
