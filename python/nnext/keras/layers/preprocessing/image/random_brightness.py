"""`RandomBrightness`: adds a random offset to every pixel of each image."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class RandomBrightness(BaseImagePreprocessingLayer):
    """While training, adds `delta * (value_range[1] - value_range[0])` to each image,
    `delta` drawn per image from the factor's range, then clips to `value_range`.

    Args:
        factor: a number in [-1, 1] (the range (-f, f)) or a pair (lower, upper).
        value_range: the images' (min, max), (0, 255) by default.
        seed: the seed of the layer's random stream.
    """

    _VALUE_RANGE_VALIDATION_ERROR = "The `value_range` argument should be a list of two numbers. "

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(factor=factor, **kwargs)
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)
        if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
            raise ValueError(
                self._VALUE_RANGE_VALIDATION_ERROR + f"Received: value_range={value_range}"
            )
        self.value_range = sorted(value_range)

    def get_random_transformation(self, data, training=True, seed=None):
        images = data["images"] if isinstance(data, dict) else data
        shape = tuple(images.shape)
        if len(shape) not in (3, 4):
            raise ValueError(
                f"Expected the input image to be rank 3 or 4. Received inputs.shape={shape}"
            )
        delta_shape = (1, 1, 1) if len(shape) == 3 else (shape[0], 1, 1, 1)
        if not training:
            return {"rgb_delta": ops.zeros(delta_shape)}
        seed = self.generator if seed is None else seed
        delta = krandom.uniform(delta_shape, self.factor[0], self.factor[1], seed=seed)
        return {"rgb_delta": delta * (self.value_range[1] - self.value_range[0])}

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        delta = ops.cast(ops.convert_to_tensor(transformation["rgb_delta"]), images.dtype)
        return ops.clip(images + delta, self.value_range[0], self.value_range[1])

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
