"""`RandomErasing`: fills a random rectangle of each image with noise or a constant."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image import rectangles
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer
from nnext.keras.layers.preprocessing.image.random_gaussian_blur import RandomGaussianBlur


class RandomErasing(BaseImagePreprocessingLayer):
    """While training, erases a rectangle of each image with probability drawn from
    `factor`'s range: its sides are `sqrt(s)` of the image's (`s` drawn from `scale`), its
    corner uniform, and it is filled with `fill_value` (Gaussian noise times
    `value_range[1]` when None), clipped to `value_range`.

    Args:
        factor: the probability, a number in [0, 1] (read as (0, f)) or a pair.
        scale: the area fraction's range, a number or a pair in [0, 1].
        fill_value: None, a number, or three numbers (one per channel).
        value_range, seed, data_format: as the other image layers.
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)
    _set_factor_by_name = RandomGaussianBlur._set_factor_by_name

    def __init__(
        self,
        factor=1.0,
        scale=(0.02, 0.33),
        fill_value=None,
        value_range=(0, 255),
        seed=None,
        data_format=None,
        **kwargs,
    ):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.scale = self._set_factor_by_name(scale, "scale")
        self.fill_value = fill_value
        self.value_range = value_range
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)

    def _fill(self, images, shape, seed):
        if self.fill_value is None:
            fill = krandom.normal(shape, dtype=self.compute_dtype, seed=seed) * self.value_range[1]
        elif isinstance(self.fill_value, (tuple, list)):
            if len(self.fill_value) != 3:
                raise ValueError(
                    "The `fill_value` argument should be a number (or a list of three numbers) "
                )
            fill = ops.broadcast_to(
                ops.convert_to_tensor(self.fill_value, self.compute_dtype), shape
            )
        elif isinstance(self.fill_value, (int, float)):
            fill = ops.ones(shape, dtype=self.compute_dtype) * self.fill_value
        else:
            raise ValueError(
                "The `fill_value` argument should be a number (or a list of three numbers) "
            )
        return ops.clip(fill, self.value_range[0], self.value_range[1])

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"] if isinstance(data, dict) else data
        shape = tuple(images.shape)
        batch = self._batch_size(images)
        height, width = self._height_width(shape)
        seed = seed or self.generator
        weight = ops.sqrt(
            krandom.uniform(
                (batch, 2), self.scale[0], self.scale[1], dtype=self.compute_dtype, seed=seed
            )
        )
        x0, x1 = rectangles.crop_bounds(self, batch, width, weight[:, 0], seed)
        y0, y1 = rectangles.crop_bounds(self, batch, height, weight[:, 1], seed)
        masks = rectangles.box_masks(self, shape, x0, x1, y0, y1)
        probability = krandom.uniform((batch,), self.factor[0], self.factor[1], seed=seed)
        threshold = krandom.uniform((batch,), 0.0, 1.0, seed=seed)
        return {
            "apply_erasing": ops.less(threshold, probability),
            "batch_masks": masks,
            "fill_value": self._fill(images, shape, seed),
        }

    def transform_images(self, images, transformation=None, training=True):
        images = ops.cast(images, self.compute_dtype)
        if not training:
            return images
        masks = ops.convert_to_tensor(transformation["batch_masks"])
        fill = ops.cast(ops.convert_to_tensor(transformation["fill_value"]), self.compute_dtype)
        apply = ops.reshape(ops.convert_to_tensor(transformation["apply_erasing"]), (-1, 1, 1, 1))
        return ops.where(apply, ops.where(masks, fill, images), images)

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
            "scale": self.scale,
            "fill_value": self.fill_value,
            "value_range": self.value_range,
            "seed": self.seed,
        }
