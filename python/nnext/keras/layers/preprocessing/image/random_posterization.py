"""`RandomPosterization`: keeps only the top bits of each 8-bit pixel."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class RandomPosterization(BaseImagePreprocessingLayer):
    """While training, in the [0, 255] scale, keeps `bits` bits of each pixel (the low
    `8 - bits` are zeroed), `bits` drawn per image from [lower, upper) (NumPy's and Keras's
    `randint` exclude the upper bound) or fixed when they are equal.

    Args:
        factor: a number in [1, 8] (read as (1, f)) or a pair.
        value_range: the images' (min, max), (0, 255) by default.
        data_format, seed: as the other image layers.
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (1, 8)
    _MAX_FACTOR = 8

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self._set_value_range(value_range)
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        images = data["images"] if isinstance(data, dict) else data
        batch = self._batch_size(images)
        seed = self.generator if seed is None else seed
        if self.factor[0] != self.factor[1]:
            bits = krandom.randint((batch,), self.factor[0], self.factor[1], seed=seed)
        else:
            bits = ops.ones((batch,), "int32") * int(self.factor[0])
        return {"shift_factor": self._MAX_FACTOR - bits}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        shift = ops.cast(ops.convert_to_tensor(transformation["shift_factor"]), "int32")
        shift = ops.reshape(shift, (*shift.shape, 1, 1, 1))
        images = self._transform_value_range(
            images, self.value_range, (0, 255), dtype=self.compute_dtype
        )
        # Keras casts to uint8 (truncating); in [0, 255] an int32 cast truncates the same.
        pixels = ops.cast(images, "int32")
        pixels = ops.left_shift(ops.right_shift(pixels, shift), shift)
        images = ops.cast(pixels, self.compute_dtype)
        return self._transform_value_range(
            images, (0, 255), self.value_range, dtype=self.compute_dtype
        )

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
