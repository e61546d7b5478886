"""`RandomGaussianBlur`: blurs images with a random Gaussian, at random."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class RandomGaussianBlur(BaseImagePreprocessingLayer):
    """While training, blurs each image with probability drawn from `factor`'s range; the
    Gaussian's two sigmas are drawn once per batch from `sigma`'s range.

    Args:
        factor: the blur probability, a number in [0, 1] (read as (0, f)) or a pair.
        kernel_size: an odd int or a pair of odd ints (width, height).
        sigma: a number in [0, 1] (read as (0, s)) or a pair.
        value_range: the images' (min, max), (0, 255) by default.
        data_format, seed: as the other image layers.
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(
        self,
        factor=1.0,
        kernel_size=3,
        sigma=1.0,
        value_range=(0, 255),
        data_format=None,
        seed=None,
        **kwargs,
    ):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.kernel_size = self._set_kernel_size(kernel_size, "kernel_size")
        self.sigma = self._set_factor_by_name(sigma, "sigma")
        self.value_range = value_range
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)

    def _set_kernel_size(self, size, name):
        error = f"{name} must be an odd number. Received: {name}={size}"
        if isinstance(size, (tuple, list)):
            if len(size) != 2:
                raise ValueError(
                    f"The `{name}` argument should be a number (or a list of two numbers) "
                    f"Received: {name}={size}"
                )
            if size[0] % 2 == 0 or size[1] % 2 == 0:
                raise ValueError(error)
            return size[0], size[1]
        if isinstance(size, (int, float)):
            if size % 2 == 0:
                raise ValueError(error)
            return size, size
        raise ValueError(error)

    def _set_factor_by_name(self, factor, name):
        low, high = self._FACTOR_BOUNDS
        error = (
            f"The `{name}` argument should be a number (or a list of two numbers) in the "
            f"range [{low}, {high}]. Received: factor={factor}"
        )
        if isinstance(factor, (tuple, list)):
            if len(factor) != 2 or factor[0] > high or factor[1] < low:
                raise ValueError(error)
            return tuple(sorted(factor))
        if isinstance(factor, (int, float)):
            if factor < low or factor > high:
                raise ValueError(error)
            factor = abs(factor)
            return max(-factor, low), factor
        raise ValueError(error)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"] if isinstance(data, dict) else data
        batch = self._batch_size(images)
        seed = seed or self.generator
        probability = krandom.uniform((batch,), self.factor[0], self.factor[1], seed=seed)
        threshold = krandom.uniform((batch,), 0.0, 1.0, seed=seed)
        blur = (
            krandom.uniform((2,), self.sigma[0], self.sigma[1], seed=seed, dtype=self.compute_dtype)
            + 1e-6
        )
        return {"should_apply_blur": ops.less(threshold, probability), "blur_factor": blur}

    def transform_images(self, images, transformation=None, training=True):
        images = ops.cast(images, self.compute_dtype)
        if not training or transformation is None:
            return images
        sigma = ops.convert_to_numpy(transformation["blur_factor"])
        blurred = ops.image.gaussian_blur(
            images, kernel_size=self.kernel_size, sigma=sigma, data_format=self.data_format
        )
        apply = ops.reshape(
            ops.convert_to_tensor(transformation["should_apply_blur"]), (-1, 1, 1, 1)
        )
        images = ops.where(apply, blurred, images)
        return ops.clip(images, self.value_range[0], self.value_range[1])

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
            "kernel_size": self.kernel_size,
            "sigma": self.sigma,
            "value_range": self.value_range,
            "seed": self.seed,
        }
