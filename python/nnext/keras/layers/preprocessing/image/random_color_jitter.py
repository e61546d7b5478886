"""`RandomColorJitter`: brightness, contrast, saturation and hue jitter in one layer."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer
from nnext.keras.layers.preprocessing.image.random_brightness import RandomBrightness
from nnext.keras.layers.preprocessing.image.random_contrast import RandomContrast
from nnext.keras.layers.preprocessing.image.random_hue import RandomHue
from nnext.keras.layers.preprocessing.image.random_saturation import RandomSaturation


class RandomColorJitter(BaseImagePreprocessingLayer):
    """While training, applies RandomBrightness, RandomContrast, RandomSaturation and
    RandomHue in that order (each one whose factor is given), each drawing its own
    transformation from this layer's random stream, as Keras does.

    Args:
        value_range: the images' (min, max), (0, 255) by default.
        brightness_factor, contrast_factor, saturation_factor, hue_factor: the factors of
            the four layers (None leaves that step out).
        seed, data_format: as the other image layers.
    """

    def __init__(
        self,
        value_range=(0, 255),
        brightness_factor=None,
        contrast_factor=None,
        saturation_factor=None,
        hue_factor=None,
        seed=None,
        data_format=None,
        **kwargs,
    ):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = value_range
        self.brightness_factor = brightness_factor
        self.contrast_factor = contrast_factor
        self.saturation_factor = saturation_factor
        self.hue_factor = hue_factor
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)
        steps = []
        for cls, factor in (
            (RandomBrightness, brightness_factor),
            (RandomContrast, contrast_factor),
            (RandomSaturation, saturation_factor),
            (RandomHue, hue_factor),
        ):
            if factor is not None:
                steps.append(cls(factor=factor, value_range=value_range, seed=seed))
        self._steps = steps

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        images = ops.cast(images, self.compute_dtype)
        for step in self._steps:
            drawn = step.get_random_transformation(images, seed=self.generator)
            images = step.transform_images(images, drawn)
        return ops.cast(images, self.compute_dtype)

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return segmentation_masks

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "value_range": self.value_range,
            "brightness_factor": self.brightness_factor,
            "contrast_factor": self.contrast_factor,
            "saturation_factor": self.saturation_factor,
            "hue_factor": self.hue_factor,
            "seed": self.seed,
        }
