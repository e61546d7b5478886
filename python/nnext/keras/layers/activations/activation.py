"""`Activation`: applies an activation function given by name or callable."""

from nnext.keras import activations
from nnext.keras.layers.layer import Layer


class Activation(Layer):
    """Applies `activation` elementwise, e.g. `Activation('relu')`."""

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.activation = activations.get(activation)
        self.built = True

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "activation": activations.serialize(self.activation)}
