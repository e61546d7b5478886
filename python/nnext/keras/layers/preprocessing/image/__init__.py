"""Image preprocessing and augmentation layers (Keras 3's `image_preprocessing`)."""

from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer
from nnext.keras.layers.preprocessing.image.center_crop import CenterCrop
from nnext.keras.layers.preprocessing.image.random_brightness import RandomBrightness
from nnext.keras.layers.preprocessing.image.random_contrast import RandomContrast
from nnext.keras.layers.preprocessing.image.random_crop import RandomCrop
from nnext.keras.layers.preprocessing.image.random_flip import RandomFlip
from nnext.keras.layers.preprocessing.image.random_rotation import RandomRotation
from nnext.keras.layers.preprocessing.image.random_translation import RandomTranslation
from nnext.keras.layers.preprocessing.image.random_zoom import RandomZoom
from nnext.keras.layers.preprocessing.image.resizing import Resizing

__all__ = [
    "BaseImagePreprocessingLayer",
    "CenterCrop",
    "RandomBrightness",
    "RandomContrast",
    "RandomCrop",
    "RandomFlip",
    "RandomRotation",
    "RandomTranslation",
    "RandomZoom",
    "Resizing",
]
