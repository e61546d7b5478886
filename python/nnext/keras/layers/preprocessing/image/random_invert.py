"""`RandomInvert`: inverts images (`value_range[1] - x`) at random."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class RandomInvert(BaseImagePreprocessingLayer):
    """While training, inverts each image with a probability drawn from the factor's range
    (Keras draws the probability, then compares a second draw with it).

    Args:
        factor: a number in [0, 1] (read as (0, f)) or a pair; 1.0 by default.
        value_range: the images' (min, max), (0, 255) by default.
        seed, data_format: as the other image layers.
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, value_range=(0, 255), seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.value_range = value_range
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"] if isinstance(data, dict) else data
        batch = self._batch_size(images)
        seed = seed or self.generator
        probability = krandom.uniform((batch,), self.factor[0], self.factor[1], seed=seed)
        threshold = krandom.uniform((batch,), 0, 1, seed=seed)
        return {"apply_inversion": ops.less(threshold, probability)}

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        images = ops.cast(images, self.compute_dtype)
        apply = ops.reshape(ops.convert_to_tensor(transformation["apply_inversion"]), (-1, 1, 1, 1))
        return ops.where(apply, self.value_range[1] - images, images)

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return segmentation_masks

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "factor": self.factor,
            "value_range": self.value_range,
            "seed": self.seed,
        }
