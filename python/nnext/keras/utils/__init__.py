"""Utilities (`keras.utils`): one-hot encoding, normalization, seeding, file downloads, the
progress bar, model plots, and the serialization helpers of `keras.saving`."""

from nnext.keras.backend import standardize_dtype
from nnext.keras.config import (
    disable_interactive_logging,
    enable_interactive_logging,
    is_interactive_logging_enabled,
)
from nnext.keras.utils.config_object import Config
from nnext.keras.utils.data_packing import pack_x_y_sample_weight, unpack_x_y_sample_weight
from nnext.keras.utils.dataset_utils import split_dataset
from nnext.keras.utils.file_utils import get_file
from nnext.keras.utils.graph_utils import get_source_inputs
from nnext.keras.utils.image_dataset_utils import image_dataset_from_directory
from nnext.keras.utils.image_utils import array_to_img, img_to_array, load_img, save_img
from nnext.keras.utils.model_visualization import model_to_dot, plot_model
from nnext.keras.utils.numerical_utils import normalize, to_categorical
from nnext.keras.utils.progbar import Progbar
from nnext.keras.utils.py_dataset import PyDataset, Sequence
from nnext.keras.utils.rng_utils import set_random_seed
from nnext.keras.utils.sequence_utils import pad_sequences
from nnext.keras.utils.session import clear_session
from nnext.keras.utils.text_dataset_utils import text_dataset_from_directory
from nnext.keras.utils.timeseries_dataset_utils import timeseries_dataset_from_array

# Re-exported from keras.saving on first use: saving imports the layers, which import
# this package, so an eager import here would be circular.
_FROM_SAVING = (
    "custom_object_scope",
    "deserialize_keras_object",
    "get_custom_objects",
    "get_registered_name",
    "get_registered_object",
    "register_keras_serializable",
    "serialize_keras_object",
)

__all__ = [
    "Config",
    "CustomObjectScope",
    "Progbar",
    "PyDataset",
    "Sequence",
    "array_to_img",
    "clear_session",
    "custom_object_scope",
    "deserialize_keras_object",
    "disable_interactive_logging",
    "enable_interactive_logging",
    "get_custom_objects",
    "get_file",
    "get_registered_name",
    "get_registered_object",
    "get_source_inputs",
    "image_dataset_from_directory",
    "img_to_array",
    "is_interactive_logging_enabled",
    "is_keras_tensor",
    "load_img",
    "model_to_dot",
    "normalize",
    "pack_x_y_sample_weight",
    "pad_sequences",
    "plot_model",
    "register_keras_serializable",
    "save_img",
    "serialize_keras_object",
    "set_random_seed",
    "split_dataset",
    "standardize_dtype",
    "text_dataset_from_directory",
    "timeseries_dataset_from_array",
    "to_categorical",
    "unpack_x_y_sample_weight",
]


def __getattr__(name):
    if name in _FROM_SAVING:
        from nnext.keras.saving import serialization

        return getattr(serialization, name)
    if name == "CustomObjectScope":  # Keras's class name for `custom_object_scope`
        from nnext.keras.saving import serialization

        return serialization.custom_object_scope
    if name == "is_keras_tensor":
        from nnext.keras.keras_tensor import is_keras_tensor

        return is_keras_tensor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
