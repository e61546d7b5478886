"""Image preprocessing and augmentation layers (Keras 3's `image_preprocessing`)."""

from nnext.keras.layers.preprocessing.image.aug_mix import AugMix
from nnext.keras.layers.preprocessing.image.auto_contrast import AutoContrast
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer
from nnext.keras.layers.preprocessing.image.center_crop import CenterCrop
from nnext.keras.layers.preprocessing.image.clahe import (
    ContrastLimitedAdaptiveHistogramEqualization,
)
from nnext.keras.layers.preprocessing.image.cut_mix import CutMix
from nnext.keras.layers.preprocessing.image.equalization import Equalization
from nnext.keras.layers.preprocessing.image.mix_up import MixUp
from nnext.keras.layers.preprocessing.image.rand_augment import RandAugment
from nnext.keras.layers.preprocessing.image.random_brightness import RandomBrightness
from nnext.keras.layers.preprocessing.image.random_color_degeneration import RandomColorDegeneration
from nnext.keras.layers.preprocessing.image.random_color_jitter import RandomColorJitter
from nnext.keras.layers.preprocessing.image.random_contrast import RandomContrast
from nnext.keras.layers.preprocessing.image.random_crop import RandomCrop
from nnext.keras.layers.preprocessing.image.random_elastic_transform import RandomElasticTransform
from nnext.keras.layers.preprocessing.image.random_erasing import RandomErasing
from nnext.keras.layers.preprocessing.image.random_flip import RandomFlip
from nnext.keras.layers.preprocessing.image.random_gaussian_blur import RandomGaussianBlur
from nnext.keras.layers.preprocessing.image.random_grayscale import RandomGrayscale
from nnext.keras.layers.preprocessing.image.random_hue import RandomHue
from nnext.keras.layers.preprocessing.image.random_invert import RandomInvert
from nnext.keras.layers.preprocessing.image.random_perspective import RandomPerspective
from nnext.keras.layers.preprocessing.image.random_posterization import RandomPosterization
from nnext.keras.layers.preprocessing.image.random_rotation import RandomRotation
from nnext.keras.layers.preprocessing.image.random_saturation import RandomSaturation
from nnext.keras.layers.preprocessing.image.random_sharpness import RandomSharpness
from nnext.keras.layers.preprocessing.image.random_shear import RandomShear
from nnext.keras.layers.preprocessing.image.random_translation import RandomTranslation
from nnext.keras.layers.preprocessing.image.random_zoom import RandomZoom
from nnext.keras.layers.preprocessing.image.resizing import Resizing
from nnext.keras.layers.preprocessing.image.solarization import Solarization

__all__ = [
    "AugMix",
    "AutoContrast",
    "BaseImagePreprocessingLayer",
    "CenterCrop",
    "ContrastLimitedAdaptiveHistogramEqualization",
    "CutMix",
    "Equalization",
    "MixUp",
    "RandAugment",
    "RandomBrightness",
    "RandomColorDegeneration",
    "RandomColorJitter",
    "RandomContrast",
    "RandomCrop",
    "RandomElasticTransform",
    "RandomErasing",
    "RandomFlip",
    "RandomGaussianBlur",
    "RandomGrayscale",
    "RandomHue",
    "RandomInvert",
    "RandomPerspective",
    "RandomPosterization",
    "RandomRotation",
    "RandomSaturation",
    "RandomSharpness",
    "RandomShear",
    "RandomTranslation",
    "RandomZoom",
    "Resizing",
    "Solarization",
]
