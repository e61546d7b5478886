"""`CutMix`: pastes a random box of another image of the batch into each image."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image import rectangles
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class CutMix(BaseImagePreprocessingLayer):
    """While training (on batches), replaces a box of image `i` by the same box of image
    `p(i)` (`p` a random permutation) and mixes the labels by the areas: the box's sides
    are `sqrt(1 - w)` of the image's, `w ~ Beta(a, a)` with `a` drawn from `factor`'s range.

    Args:
        factor: a number in [0, 1] (read as (0, f)) or a pair; 1.0 by default.
        seed, data_format: as the other image layers.
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"] if isinstance(data, dict) else data
        shape = tuple(images.shape)
        if len(shape) == 3:
            return None
        batch = shape[0]
        height, width = self._height_width(shape)
        seed = seed or self.generator
        alpha = (
            krandom.uniform((), self.factor[0], self.factor[1], dtype=self.compute_dtype, seed=seed)
            + 1e-6
        )
        alpha = float(ops.convert_to_numpy(alpha))
        weight = krandom.beta((batch,), alpha, alpha, seed=seed, dtype=self.compute_dtype)
        ratio = ops.sqrt(1.0 - weight)
        x0, x1 = rectangles.crop_bounds(self, batch, width, ratio, seed)
        y0, y1 = rectangles.crop_bounds(self, batch, height, ratio, seed)
        masks = rectangles.box_masks(self, shape, x0, x1, y0, y1)
        mix_weight = 1.0 - (x1 - x0) * (y1 - y0) / (width * height)
        order = krandom.shuffle(ops.arange(0, batch, dtype="int32"), seed=seed)
        return {"permutation_order": order, "batch_masks": masks, "mix_weight": mix_weight}

    def transform_images(self, images, transformation=None, training=True):
        images = ops.cast(images, self.compute_dtype)
        if training and transformation is not None:
            order = ops.convert_to_tensor(transformation["permutation_order"])
            masks = ops.convert_to_tensor(transformation["batch_masks"])
            images = ops.where(masks, ops.take(images, order, axis=0), images)
        return images

    def transform_labels(self, labels, transformation, training=True):
        if not training or transformation is None:
            return labels
        labels = ops.convert_to_tensor(labels)
        order = ops.convert_to_tensor(transformation["permutation_order"])
        weight = ops.reshape(ops.convert_to_tensor(transformation["mix_weight"]), (-1, 1))
        weight = ops.cast(weight, labels.dtype)
        return weight * labels + (1.0 - weight) * ops.take(labels, order, axis=0)

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return self.transform_images(segmentation_masks, transformation, training)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "seed": self.seed}
