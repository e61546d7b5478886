"""`RandomElasticTransform`: warps images by random smooth displacement fields."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer
from nnext.keras.layers.preprocessing.image.random_gaussian_blur import RandomGaussianBlur

_FILL_MODES = {"constant", "nearest", "wrap", "mirror", "reflect"}
_INTERPOLATIONS = ("nearest", "bilinear")


class RandomElasticTransform(BaseImagePreprocessingLayer):
    """While training, with probability drawn from `factor`'s range, moves every pixel
    by a random displacement field (`ops.image.elastic_transform`) of strength
    `alpha = 0.1 s max(h, w)` and smoothness `sigma = 0.05 s min(h, w)`, `s` drawn from
    `scale`'s range once per batch; the result is clipped to `value_range`.

    Args:
        factor: the probability, a number in [0, 1] (read as (0, f)) or a pair.
        scale: the distortion's range, a number or a pair in [0, 1].
        interpolation, fill_mode: 'bilinear' or 'nearest'; 'reflect', 'constant', 'nearest',
            'wrap' or 'mirror'.
        fill_value, value_range, seed, data_format: as in Keras.

    The displacement noise comes from nnext's random stream, so a seed gives the same
    warps run to run but not the same as Keras's.
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)
    _set_factor_by_name = RandomGaussianBlur._set_factor_by_name

    def __init__(
        self,
        factor=1.0,
        scale=1.0,
        interpolation="bilinear",
        fill_mode="reflect",
        fill_value=0.0,
        value_range=(0, 255),
        seed=None,
        data_format=None,
        **kwargs,
    ):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.scale = self._set_factor_by_name(scale, "scale")
        self.interpolation = interpolation
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.value_range = value_range
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)
        if interpolation not in _INTERPOLATIONS:
            raise NotImplementedError(
                f"Unknown `interpolation` {interpolation}. Expected of one {_INTERPOLATIONS}."
            )
        if fill_mode not in _FILL_MODES:
            raise NotImplementedError(
                f"Unknown `fill_mode` {fill_mode}. Expected of one {_FILL_MODES}."
            )

    def get_random_transformation(self, data, training=True, seed=None):
        if not training or self.scale[1] == 0 or self.factor[1] == 0:
            return None
        images = data["images"] if isinstance(data, dict) else data
        batch = 1 if len(images.shape) == 3 else images.shape[0]
        seed = seed or self.generator
        probability = krandom.uniform((batch,), self.factor[0], self.factor[1], seed=seed)
        threshold = krandom.uniform((batch,), 0.0, 1.0, seed=seed)
        distortion = krandom.uniform(
            (), self.scale[0], self.scale[1], seed=seed, dtype=self.compute_dtype
        )
        # ops.image.elastic_transform takes an int seed: one drawn from this stream.
        noise_seed = int(krandom.randint((), 0, 2**31 - 1, seed=seed).numpy())
        return {
            "apply_transform": ops.less(threshold, probability),
            "distortion_factor": distortion,
            "seed": noise_seed,
        }

    def get_elastic_transform_params(self, height, width, factor):
        return max(height, width) * 0.1 * factor, min(height, width) * 0.05 * factor

    def _transform_images(self, images, transformation, interpolation):
        if transformation is None:
            return images
        height, width = self._height_width(images.shape)
        factor = float(ops.convert_to_numpy(transformation["distortion_factor"]))
        alpha, sigma = self.get_elastic_transform_params(height, width, factor)
        warped = ops.image.elastic_transform(
            images,
            alpha=alpha,
            sigma=sigma,
            interpolation=interpolation,
            fill_mode=self.fill_mode,
            fill_value=self.fill_value,
            seed=int(transformation["seed"]),
            data_format=self.data_format,
        )
        apply = ops.convert_to_tensor(transformation["apply_transform"])
        apply = ops.reshape(apply, (-1,) + (1,) * (images.ndim - 1))
        images = ops.where(apply, warped, images)
        return ops.cast(
            ops.clip(images, self.value_range[0], self.value_range[1]), self.compute_dtype
        )

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "factor": self.factor,
            "scale": self.scale,
            "interpolation": self.interpolation,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "value_range": self.value_range,
            "seed": self.seed,
        }
