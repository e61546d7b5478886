"""`RandomSaturation`: scales the saturation of each image by a random factor."""

from nnext.keras import config, ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class RandomSaturation(BaseImagePreprocessingLayer):
    """While training, multiplies each image's HSV saturation by `f / (1 - f)`, `f` drawn
    per image from the factor's range (0.5 leaves the image as it is, 0 is grayscale, 1 is
    fully saturated), clipping as Keras does.

    Args:
        factor: a number `f` in [-1, 1] (read as (-f, f), as Keras does) or a pair.
        value_range: the images' (min, max), (0, 255) by default.
        data_format, seed: as the other image layers.
    """

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
        factor = krandom.uniform((batch,), self.factor[0], self.factor[1], seed=seed)
        return {"factor": factor / (1 - factor + config.epsilon())}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        factor = ops.cast(ops.convert_to_tensor(transformation["factor"]), self.compute_dtype)
        factor = ops.reshape(factor, (*factor.shape, 1, 1))
        hsv = ops.image.rgb_to_hsv(images, data_format=self.data_format)
        axis = 1 if self.data_format == "channels_first" else -1
        h, s, v = ops.unstack(hsv, 3, axis=axis)
        # Keras clips the saturation to `value_range` (not to [0, 1]).
        s = ops.clip(s * factor, self.value_range[0], self.value_range[1])
        return ops.image.hsv_to_rgb(ops.stack([h, s, v], axis=axis), data_format=self.data_format)

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
