"""The augmentation layers RandAugment and AugMix draw from, built with one strength."""

from nnext.keras.layers.preprocessing.image.auto_contrast import AutoContrast
from nnext.keras.layers.preprocessing.image.equalization import Equalization
from nnext.keras.layers.preprocessing.image.random_brightness import RandomBrightness
from nnext.keras.layers.preprocessing.image.random_color_degeneration import (
    RandomColorDegeneration,
)
from nnext.keras.layers.preprocessing.image.random_contrast import RandomContrast
from nnext.keras.layers.preprocessing.image.random_posterization import RandomPosterization
from nnext.keras.layers.preprocessing.image.random_rotation import RandomRotation
from nnext.keras.layers.preprocessing.image.random_sharpness import RandomSharpness
from nnext.keras.layers.preprocessing.image.random_shear import RandomShear
from nnext.keras.layers.preprocessing.image.random_translation import RandomTranslation
from nnext.keras.layers.preprocessing.image.solarization import Solarization


def build_augmentations(layer, names, factor, value_range, interpolation, seed, data_format):
    """Sets `layer.<name>` for each name: the augmentation of strength `factor` (a
    (lower, upper) pair), as Keras's RandAugment and AugMix configure them."""
    common = {"seed": seed, "data_format": data_format}
    colour = {"value_range": value_range, **common}
    makers = {
        "random_shear": lambda: RandomShear(
            x_factor=factor, y_factor=factor, interpolation=interpolation, **common
        ),
        "random_translation": lambda: RandomTranslation(
            height_factor=factor, width_factor=factor, interpolation=interpolation, **common
        ),
        "random_rotation": lambda: RandomRotation(
            factor=factor, interpolation=interpolation, **common
        ),
        "random_brightness": lambda: RandomBrightness(factor=factor, **colour),
        "random_color_degeneration": lambda: RandomColorDegeneration(factor=factor, **colour),
        "random_contrast": lambda: RandomContrast(factor=factor, **colour),
        "random_sharpness": lambda: RandomSharpness(factor=factor, **colour),
        "random_posterization": lambda: RandomPosterization(
            factor=max(1, int(8 * factor[1])), **colour
        ),
        "solarization": lambda: Solarization(
            addition_factor=factor, threshold_factor=factor, **colour
        ),
        "auto_contrast": lambda: AutoContrast(value_range=value_range, data_format=data_format),
        "equalization": lambda: Equalization(value_range=value_range, data_format=data_format),
    }
    for name in names:
        setattr(layer, name, makers[name]())
