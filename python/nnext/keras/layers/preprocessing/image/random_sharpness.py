"""`RandomSharpness`: sharpens or softens images by a random amount."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class RandomSharpness(BaseImagePreprocessingLayer):
    """While training, blends each image with its 3x3 smoothing (weights 1/13, centre
    5/13): `x + (1 - 2 f) (smooth(x) - x)`, `f` drawn per image (0.5 keeps the image,
    smaller softens, larger sharpens), clipped to `value_range`.

    Args:
        factor: a number in [0, 1] (read as (0, f)) or a pair.
        value_range: the images' (min, max), (0, 255) by default.
        data_format, seed: as the other image layers.
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

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
        return {"factor": krandom.uniform((batch,), self.factor[0], self.factor[1], seed=seed)}

    def transform_images(self, images, transformation=None, training=True):
        images = ops.cast(images, self.compute_dtype)
        if not training:
            return images
        first = self.data_format == "channels_first"
        if first:
            images = ops.swapaxes(images, -3, -1)
        factor = ops.convert_to_tensor(transformation["factor"]) * 2
        factor = ops.reshape(ops.cast(factor, self.compute_dtype), (-1, 1, 1, 1))
        channels = images.shape[-1]
        a, b = 1.0 / 13.0, 5.0 / 13.0
        kernel = ops.tile(
            ops.reshape(
                ops.convert_to_tensor([[a, a, a], [a, b, a], [a, a, a]], dtype=self.compute_dtype),
                (3, 3, 1, 1),
            ),
            [1, 1, channels, 1],
        )
        smoothed = ops.depthwise_conv(
            images, kernel, strides=1, padding="same", data_format="channels_last"
        )
        images = images + (1.0 - factor) * (smoothed - images)
        images = ops.clip(images, self.value_range[0], self.value_range[1])
        return ops.swapaxes(images, -3, -1) if first else images

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
