"""`RandomGrayscale`: turns images to grayscale (kept with their channel count) at random."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class RandomGrayscale(BaseImagePreprocessingLayer):
    """While training, replaces each image by its luma (broadcast over the channels) with
    probability `factor`.

    Args:
        factor: the probability, in [0, 1] (default 0.5).
        data_format, seed: as the other image layers.
    """

    def __init__(self, factor=0.5, data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if factor < 0 or factor > 1:
            raise ValueError(f"`factor` should be between 0 and 1. Received: factor={factor}")
        self.factor = factor
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)

    def get_random_transformation(self, images, training=True, seed=None):
        images = images["images"] if isinstance(images, dict) else images
        seed = self.generator if seed is None else seed
        batch = images.shape[0] if len(images.shape) == 4 else 1
        values = krandom.uniform((batch,), 0, 1, seed=seed)
        return ops.reshape(ops.less(values, self.factor), (batch, 1, 1, 1))

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        apply = (
            transformation if transformation is not None else self.get_random_transformation(images)
        )
        gray = ops.image.rgb_to_grayscale(images, data_format=self.data_format)
        return ops.where(ops.convert_to_tensor(apply), gray, images)

    def transform_labels(self, labels, transformations=None, **kwargs):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformations=None, **kwargs):
        return segmentation_masks

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}
