"""`RandomRotation`: rotates images by random angles about their centres."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image import geometry
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class RandomRotation(BaseImagePreprocessingLayer):
    """While training, rotates each image by an angle drawn uniformly from
    `factor * 360` degrees (a fraction of a full turn; positive is counter-clockwise).

    Args:
        factor: a fraction `f` in [-1, 1] (angles in (-360 f, 360 f) degrees) or a pair.
        fill_mode: 'reflect', 'wrap', 'constant' or 'nearest'.
        interpolation: 'bilinear' or 'nearest'.
        seed, fill_value, data_format: as in Keras.
    """

    def __init__(
        self,
        factor,
        fill_mode="reflect",
        interpolation="bilinear",
        seed=None,
        fill_value=0.0,
        data_format=None,
        **kwargs,
    ):
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)
        self.fill_mode = fill_mode
        self.interpolation = interpolation
        self.fill_value = fill_value
        geometry.check_fill_and_interpolation(fill_mode, interpolation)

    def _transform_images(self, images, transformation, interpolation):
        return geometry.warp(
            images,
            transformation["rotation_matrix"],
            interpolation,
            self.fill_mode,
            self.fill_value,
            self.data_format,
        )

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"] if isinstance(data, dict) else data
        shape = tuple(images.shape)
        batch = shape[0] if len(shape) == 4 else 1
        height, width = self._height_width(shape)
        seed = self.generator if seed is None else seed
        angle = krandom.uniform((batch,), self.factor[0] * 360.0, self.factor[1] * 360.0, seed=seed)
        matrix = self.rotation_matrix(angle, height, width)
        if len(shape) == 3:
            matrix = ops.squeeze(matrix, 0)
        return {
            "angle": angle,
            "rotation_matrix": matrix,
            "image_height": height,
            "image_width": width,
            "batch_size": batch,
        }

    def rotation_matrix(self, angle, height, width):
        """The (batch, 8) transforms rotating by `angle` degrees about the image centre."""
        batch = angle.shape[0]
        zeros, ones = ops.zeros((batch,)), ops.ones((batch,))
        return self._compute_affine_matrix(
            0.5, 0.5, angle, zeros, zeros, ones, zeros, zeros, height, width
        )

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "factor": self.factor,
            "data_format": self.data_format,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "interpolation": self.interpolation,
            "seed": self.seed,
        }
