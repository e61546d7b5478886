"""`keras.preprocessing`: Keras 3's names for the dataset builders of `keras.utils`
(`image_dataset_from_directory`, `text_dataset_from_directory`,
`timeseries_dataset_from_array`) and its `image` and
`sequence` helpers, as the keras.io examples call them."""

from nnext.keras.preprocessing import image, sequence
from nnext.keras.utils.image_dataset_utils import image_dataset_from_directory
from nnext.keras.utils.text_dataset_utils import text_dataset_from_directory
from nnext.keras.utils.timeseries_dataset_utils import timeseries_dataset_from_array

__all__ = [
    "image",
    "image_dataset_from_directory",
    "sequence",
    "text_dataset_from_directory",
    "timeseries_dataset_from_array",
]
