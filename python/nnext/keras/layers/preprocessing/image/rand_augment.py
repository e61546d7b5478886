"""`RandAugment`: `num_ops` augmentations picked at random from a fixed list of eleven."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image.augment_family import build_augmentations
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class RandAugment(BaseImagePreprocessingLayer):
    """While training, applies `num_ops` augmentations, each chosen uniformly (once per
    batch) among shear, translation, rotation, brightness, colour degeneration, contrast,
    sharpness, posterization, solarization, auto-contrast and equalization, all of strength
    `factor` (Keras's RandAugment, Cubuk et al. 2019).

    Args:
        value_range: the images' (min, max), (0, 255) by default.
        num_ops: how many augmentations to apply (2).
        factor: the strength, a number in [0, 1] (read as (0, f)) or a pair.
        interpolation: of the geometric augmentations.
        seed, data_format: as the other image layers.
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)
    _AUGMENT_LAYERS = (
        "random_shear",
        "random_translation",
        "random_rotation",
        "random_brightness",
        "random_color_degeneration",
        "random_contrast",
        "random_sharpness",
        "random_posterization",
        "solarization",
        "auto_contrast",
        "equalization",
    )

    def __init__(
        self,
        value_range=(0, 255),
        num_ops=2,
        factor=0.5,
        interpolation="bilinear",
        seed=None,
        data_format=None,
        **kwargs,
    ):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = value_range
        self.num_ops = num_ops
        self._set_factor(factor)
        self.interpolation = interpolation
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)
        build_augmentations(
            self, self._AUGMENT_LAYERS, self.factor, value_range, interpolation, seed, data_format
        )

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        indices = krandom.randint(
            (self.num_ops,), 0, len(self._AUGMENT_LAYERS), seed=self.generator
        )
        transforms = {
            name: getattr(self, name).get_random_transformation(
                data, training=training, seed=self.generator
            )
            for name in self._AUGMENT_LAYERS
        }
        return {"transforms": transforms, "layer_idxes": indices}

    def _run_chosen(self, values, transformation, method):
        # Only the chosen augmentations run (Keras computes all eleven and selects).
        chosen = [int(i) for i in ops.convert_to_numpy(transformation["layer_idxes"])]
        names = list(transformation["transforms"])
        for index in chosen[: self.num_ops]:
            name = names[index]
            layer = getattr(self, name)
            values = getattr(layer, method)(values, transformation["transforms"][name])
        return values

    def transform_images(self, images, transformation, training=True):
        images = ops.cast(images, self.compute_dtype)
        if training:
            images = ops.cast(
                self._run_chosen(images, transformation, "transform_images"), self.compute_dtype
            )
        return images

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        if not training:
            return segmentation_masks
        return self._run_chosen(segmentation_masks, transformation, "transform_segmentation_masks")

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "value_range": self.value_range,
            "num_ops": self.num_ops,
            "factor": self.factor,
            "interpolation": self.interpolation,
            "seed": self.seed,
        }
