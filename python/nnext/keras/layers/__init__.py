"""Layers (`keras.layers`): the `Layer` base class and the built-in layers."""

from nnext.keras.layers.activations.activation import Activation
from nnext.keras.layers.activations.leaky_relu import LeakyReLU
from nnext.keras.layers.activations.relu import ReLU
from nnext.keras.layers.activations.softmax import Softmax
from nnext.keras.layers.core.dense import Dense
from nnext.keras.layers.core.input_layer import Input, InputLayer
from nnext.keras.layers.layer import Layer
from nnext.keras.layers.regularization.dropout import Dropout
from nnext.keras.layers.reshaping.flatten import Flatten
from nnext.keras.layers.normalization import (  # the normalization family
    BatchNormalization,
    GroupNormalization,
    LayerNormalization,
    RMSNormalization,
    UnitNormalization,
)
from nnext.keras.layers.regularization.activity_regularization import ActivityRegularization
from nnext.keras.layers.regularization.alpha_dropout import AlphaDropout
from nnext.keras.layers.regularization.gaussian_dropout import GaussianDropout
from nnext.keras.layers.regularization.gaussian_noise import GaussianNoise
from nnext.keras.layers.regularization.spatial_dropout import (
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
)
from nnext.keras.layers.activations.elu import ELU
from nnext.keras.layers.activations.prelu import PReLU

__all__ = [
    "Activation", "Dense", "Dropout", "Flatten", "Input", "InputLayer", "Layer", "LeakyReLU",
    "ReLU", "Softmax", "deserialize", "serialize",
]
__all__ += [
    "BatchNormalization", "GroupNormalization", "LayerNormalization", "RMSNormalization",
    "UnitNormalization",
]
__all__ += [
    "ActivityRegularization", "AlphaDropout", "ELU", "GaussianDropout", "GaussianNoise", "PReLU",
    "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
]


def serialize(layer):
    """The `{"module", "class_name", "config", "registered_name"}` dict Keras stores for a
    layer (plus `build_config`): `module` is 'keras.layers' for nnext's own layers and the
    defining module for a layer class of the user's own, as in Keras."""
    from nnext.keras.saving import serialize_keras_object

    return serialize_keras_object(layer)


def deserialize(config, custom_objects=None):
    """Re-creates a layer from `serialize`'s dict: built-in classes, `custom_objects`, or
    classes registered with `register_keras_serializable`."""
    from nnext.keras.saving import deserialize_keras_object

    return deserialize_keras_object(config, custom_objects)
