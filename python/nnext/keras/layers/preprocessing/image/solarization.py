"""`Solarization`: inverts the pixels above a random threshold, after a random addition."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class Solarization(BaseImagePreprocessingLayer):
    """While training, in the [0, 255] scale: adds `addition` to each pixel (clipped), then
    replaces every pixel at or above `threshold` by `255 - pixel`; both drawn per image from
    `factor * 255` ranges.

    Args:
        addition_factor, threshold_factor: a number `f` in [0, 1] (the range (0, f)) or a
            pair.
        value_range: the images' (min, max), (0, 255) by default.
        seed: the seed of the layer's random stream.
    """

    _USE_BASE_FACTOR = False
    _FACTOR_VALIDATION_ERROR = (
        "The `addition_factor` and `threshold_factor` arguments should be a number (or a list "
        "of two numbers) in the range [0, 1]. "
    )

    def __init__(
        self, addition_factor=0.0, threshold_factor=0.0, value_range=(0, 255), seed=None, **kwargs
    ):
        super().__init__(**kwargs)
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)
        self.addition_factor = self._parse(addition_factor, "addition_factor")
        self.threshold_factor = self._parse(threshold_factor, "threshold_factor")
        self._set_value_range(value_range)

    def _parse(self, factor, name):
        def check(number):
            if number > 1.0 or number < 0:
                raise ValueError(self._FACTOR_VALIDATION_ERROR + f"Received: input_number={number}")

        if isinstance(factor, (tuple, list)):
            if len(factor) != 2:
                raise ValueError(self._FACTOR_VALIDATION_ERROR + f"Received: {name}={factor}")
            check(factor[0])
            check(factor[1])
            return tuple(sorted(factor))
        if isinstance(factor, (int, float)):
            check(factor)
            return (0, factor)
        raise ValueError(self._FACTOR_VALIDATION_ERROR + f"Received: {name}={factor}")

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"] if isinstance(data, dict) else data
        shape = (images.shape[0], 1, 1, 1) if len(images.shape) == 4 else (1, 1, 1)
        seed = self.generator if seed is None else seed
        additions = krandom.uniform(
            shape,
            self.addition_factor[0],
            self.addition_factor[1] * 255,
            dtype=self.compute_dtype,
            seed=seed,
        )
        thresholds = krandom.uniform(
            shape,
            self.threshold_factor[0],
            self.threshold_factor[1] * 255,
            dtype=self.compute_dtype,
            seed=seed,
        )
        return {"additions": additions, "thresholds": thresholds}

    def transform_images(self, images, transformation, training=True):
        images = ops.cast(images, self.compute_dtype)
        if not training or transformation is None:
            return images
        thresholds = ops.convert_to_tensor(transformation["thresholds"])
        additions = ops.convert_to_tensor(transformation["additions"])
        scaled = self._transform_value_range(
            images, self.value_range, (0, 255), dtype=self.compute_dtype
        )
        results = ops.clip(scaled + additions, 0, 255)
        results = ops.where(ops.less(results, thresholds), results, 255 - results)
        return self._transform_value_range(
            results, (0, 255), self.value_range, dtype=self.compute_dtype
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
            "value_range": self.value_range,
            "addition_factor": self.addition_factor,
            "threshold_factor": self.threshold_factor,
            "seed": self.seed,
        }
