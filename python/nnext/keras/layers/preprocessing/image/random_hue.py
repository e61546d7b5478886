"""`RandomHue`: rotates the hue of each image by a random amount."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class RandomHue(BaseImagePreprocessingLayer):
    """While training, shifts each image's hue by `+-factor / 2` of a turn (the sign and
    size drawn per image), in HSV space, then maps back to `value_range`.

    Args:
        factor: a number in [0, 1] (Keras reads `f` as (0, f)) or a pair.
        value_range: the images' (min, max), (0, 255) by default.
        data_format, seed: as the other image layers.
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.value_range = value_range
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        images = data["images"] if isinstance(data, dict) else data
        batch = self._batch_size(images)
        seed = self.generator if seed is None else seed
        invert = krandom.uniform((batch,), seed=seed)
        sign = ops.where(ops.greater(invert, 0.5), -ops.ones_like(invert), ops.ones_like(invert))
        factor = krandom.uniform((batch,), self.factor[0], self.factor[1], seed=seed)
        return {"factor": sign * factor * 0.5}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        images = ops.cast(images, self.compute_dtype)
        images = self._transform_value_range(images, self.value_range, (0, 1))
        shift = ops.cast(ops.convert_to_tensor(transformation["factor"]), images.dtype)
        shift = ops.expand_dims(ops.expand_dims(shift, -1), -1)
        hsv = ops.image.rgb_to_hsv(images, data_format=self.data_format)
        axis = 1 if self.data_format == "channels_first" else -1
        h, s, v = ops.unstack(hsv, 3, axis=axis)
        h = h + shift
        h = ops.where(ops.greater(h, 1.0), h - 1.0, h)
        h = ops.where(ops.less(h, 0.0), h + 1.0, h)
        rgb = ops.image.hsv_to_rgb(ops.stack([h, s, v], axis=axis), data_format=self.data_format)
        rgb = self._transform_value_range(ops.clip(rgb, 0, 1), (0, 1), self.value_range)
        return ops.cast(rgb, self.compute_dtype)

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
