"""Saving and loading models (`keras.saving`): Keras 3's `.keras` and `.weights.h5` files.

Files written here load in Keras 3 and the other way round, for the layers nnext has.
"""

from nnext.keras.saving.model_file import load_model, save_model
from nnext.keras.saving.serialization import (
    custom_object_scope,
    deserialize_keras_object,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
    serialize_keras_object,
)
from nnext.keras.saving.weights_file import load_weights, save_weights

CustomObjectScope = custom_object_scope  # Keras's class name for the same scope

__all__ = [
    "CustomObjectScope",
    "custom_object_scope",
    "deserialize_keras_object",
    "get_custom_objects",
    "get_registered_name",
    "get_registered_object",
    "load_model",
    "load_weights",
    "register_keras_serializable",
    "save_model",
    "save_weights",
    "serialize_keras_object",
]
