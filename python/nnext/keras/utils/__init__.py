"""Utilities (`keras.utils`): one-hot encoding, normalization, seeding, file downloads, the
progress bar, model plots, and the serialization helpers of `keras.saving`."""

from nnext.keras.config import (
    disable_interactive_logging,
    enable_interactive_logging,
    is_interactive_logging_enabled,
)
from nnext.keras.utils.data_packing import pack_x_y_sample_weight, unpack_x_y_sample_weight
from nnext.keras.utils.dataset_utils import split_dataset
from nnext.keras.utils.file_utils import get_file
from nnext.keras.utils.model_visualization import model_to_dot, plot_model
from nnext.keras.utils.numerical_utils import normalize, to_categorical
from nnext.keras.utils.progbar import Progbar
from nnext.keras.utils.py_dataset import PyDataset, Sequence
from nnext.keras.utils.rng_utils import set_random_seed
from nnext.keras.utils.sequence_utils import pad_sequences
from nnext.keras.utils.timeseries_dataset_utils import timeseries_dataset_from_array

# Re-exported from keras.saving on first use: saving imports the layers, which import
# this package, so an eager import here would be circular.
_FROM_SAVING = (
    "custom_object_scope", "deserialize_keras_object", "get_custom_objects",
    "get_registered_name", "register_keras_serializable", "serialize_keras_object",
)

__all__ = [
    "Progbar",
    "PyDataset",
    "Sequence",
    "custom_object_scope",
    "deserialize_keras_object",
    "disable_interactive_logging",
    "enable_interactive_logging",
    "get_custom_objects",
    "get_file",
    "get_registered_name",
    "is_interactive_logging_enabled",
    "model_to_dot",
    "normalize",
    "pack_x_y_sample_weight",
    "pad_sequences",
    "plot_model",
    "register_keras_serializable",
    "serialize_keras_object",
    "set_random_seed",
    "split_dataset",
    "timeseries_dataset_from_array",
    "to_categorical",
    "unpack_x_y_sample_weight",
]


def __getattr__(name):
    if name in _FROM_SAVING:
        from nnext.keras.saving import serialization

        return getattr(serialization, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
