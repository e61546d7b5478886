"""`RandomPerspective`: moves the image corners at random and warps accordingly."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image import geometry
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class RandomPerspective(BaseImagePreprocessingLayer):
    """While training, with probability drawn from `factor`'s range, moves each corner
    of an image by up to `scale / 2` of its coordinates and applies the projective warp
    mapping the corners there (`ops.image.perspective_transform`); outside pixels are
    `fill_value`.

    Args:
        factor: the probability, a number in [0, 1] (read as (0, f)) or a pair.
        scale: the corner displacement, in [0, 1].
        interpolation: 'bilinear' or 'nearest'.
        fill_value, seed, data_format: as the other image layers.
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(
        self,
        factor=1.0,
        scale=1.0,
        interpolation="bilinear",
        fill_value=0.0,
        seed=None,
        data_format=None,
        **kwargs,
    ):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.scale = scale
        self.fill_value = fill_value
        self.interpolation = interpolation
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)
        if scale < 0.0 or scale > 1.0:
            raise ValueError(
                f"The `scale` argument should be a number in the range [0,1]. Received: "
                f"scale={scale}"
            )
        if interpolation not in geometry.SUPPORTED_INTERPOLATIONS:
            raise NotImplementedError(
                f"Unknown `interpolation` {interpolation}. Expected of one "
                f"{geometry.SUPPORTED_INTERPOLATIONS}."
            )

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"] if isinstance(data, dict) else data
        shape = tuple(images.shape)
        batch = 1 if len(shape) == 3 else shape[0]
        height, width = self._height_width(shape)
        seed = seed or self.generator
        probability = krandom.uniform((batch,), self.factor[0], self.factor[1], seed=seed)
        threshold = krandom.uniform((batch,), 0.0, 1.0, seed=seed)
        displacement = krandom.uniform(
            (batch, 4, 2), -0.5 * self.scale, 0.5 * self.scale, seed=seed, dtype=self.compute_dtype
        )
        corners = ops.convert_to_tensor(
            [[[0.0, 0.0], [width - 1, 0.0], [0.0, height - 1], [width - 1, height - 1]]],
            dtype=self.compute_dtype,
        )
        start = ops.repeat(corners, batch, axis=0)
        return {
            "apply_perspective": ops.less(threshold, probability),
            "start_points": start,
            "end_points": start + start * displacement,
            "input_shape": shape,
        }

    def _transform_images(self, images, transformation, interpolation):
        if transformation is None:
            return images
        unbatched = images.ndim == 3
        if unbatched:
            images = ops.expand_dims(images, 0)
        outputs = ops.image.perspective_transform(
            images,
            ops.convert_to_tensor(transformation["start_points"]),
            ops.convert_to_tensor(transformation["end_points"]),
            interpolation=interpolation,
            fill_value=self.fill_value,
            data_format=self.data_format,
        )
        apply = ops.reshape(
            ops.convert_to_tensor(transformation["apply_perspective"]), (-1, 1, 1, 1)
        )
        outputs = ops.where(apply, outputs, images)
        return ops.squeeze(outputs, 0) if unbatched else outputs

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
            "fill_value": self.fill_value,
            "seed": self.seed,
        }
