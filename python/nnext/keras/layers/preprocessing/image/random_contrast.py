"""`RandomContrast`: scales each image's deviation from its mean by a random factor."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class RandomContrast(BaseImagePreprocessingLayer):
    """While training, maps each channel to `(x - mean) * c + mean` (mean over the image's
    pixels), `c` drawn per image from `[1 - lower, 1 + upper]`, then clips to
    `value_range`.

    Args:
        factor: a number in [0, 1] or a pair; Keras parses a number `f` as (0, f).
        value_range: the images' (min, max), (0, 255) by default.
        seed: the seed of the layer's random stream.
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(**kwargs)
        self._set_factor(factor)
        self.value_range = value_range
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        images = data["images"] if isinstance(data, dict) else data
        shape = tuple(images.shape)
        if len(shape) not in (3, 4):
            raise ValueError(
                f"Expected the input image to be rank 3 or 4. Received inputs.shape={shape}"
            )
        factor_shape = (1, 1, 1) if len(shape) == 3 else (shape[0], 1, 1, 1)
        if not training:
            return {"contrast_factor": ops.zeros(factor_shape)}
        seed = self.generator if seed is None else seed
        factor = krandom.uniform(
            factor_shape,
            1.0 - self.factor[0],
            1.0 + self.factor[1],
            dtype=self.compute_dtype,
            seed=seed,
        )
        return {"contrast_factor": factor}

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        rows = -2 if self.data_format == "channels_first" else -3
        mean = ops.mean(ops.mean(images, axis=rows, keepdims=True), axis=rows + 1, keepdims=True)
        factor = ops.convert_to_tensor(transformation["contrast_factor"])
        outputs = (images - mean) * ops.cast(factor, images.dtype) + mean
        return ops.clip(outputs, self.value_range[0], self.value_range[1])

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
