"""`MixUp`: blends each image (and its label) with another image of the batch."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class MixUp(BaseImagePreprocessingLayer):
    """While training, replaces image `i` by `w_i x_i + (1 - w_i) x_p(i)` (and its label
    likewise), `p` a random permutation of the batch and `w_i ~ Beta(alpha, alpha)`.

    Args:
        alpha: the Beta distribution's parameter (0.2).
        data_format, seed: as the other image layers.
    """

    def __init__(self, alpha=0.2, data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.alpha = alpha
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        images = data["images"] if isinstance(data, dict) else data
        batch = 1 if len(images.shape) == 3 else images.shape[0]
        seed = self.generator if seed is None else seed
        order = krandom.shuffle(ops.arange(0, batch, dtype="int64"), seed=seed)
        weight = krandom.beta((batch,), self.alpha, self.alpha, seed=seed)
        return {"mix_weight": weight, "permutation_order": order}

    def _mix(self, values, transformation, weight_shape):
        weight = ops.reshape(ops.convert_to_tensor(transformation["mix_weight"]), weight_shape)
        order = ops.convert_to_tensor(transformation["permutation_order"])
        weight = ops.cast(weight, values.dtype)
        return weight * values + (1.0 - weight) * ops.take(values, order, axis=0)

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        images = ops.cast(images, self.compute_dtype)
        return self._mix(images, transformation, (-1, 1, 1, 1))

    def transform_labels(self, labels, transformation, training=True):
        if not training:
            return labels
        return self._mix(ops.cast(labels, self.compute_dtype), transformation, (-1, 1))

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        if not training:
            return segmentation_masks
        return self._mix(
            ops.cast(segmentation_masks, self.compute_dtype), transformation, (-1, 1, 1, 1)
        )

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha, "seed": self.seed}
