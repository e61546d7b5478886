"""`RandomZoom`: zooms images in or out by random factors about their centres."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image import geometry
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class RandomZoom(BaseImagePreprocessingLayer):
    """While training, scales each image's sampling grid by `1 + factor` (drawn per image):
    a positive factor zooms out, a negative one zooms in, as in Keras.

    Args:
        height_factor: a number `f` in (-1, 1] (the range (-f, f)) or a pair.
        width_factor: the same for the width; None keeps the aspect ratio (the height's
            zoom is used).
        fill_mode, interpolation, seed, fill_value, data_format: as RandomTranslation.
    """

    _USE_BASE_FACTOR = False
    _FACTOR_VALIDATION_ERROR = (
        "The `height_factor` and `width_factor` arguments should be a number (or a list of "
        "two numbers) in the range (-1.0, 1.0]. "
    )

    def __init__(
        self,
        height_factor,
        width_factor=None,
        fill_mode="reflect",
        interpolation="bilinear",
        seed=None,
        fill_value=0.0,
        data_format=None,
        **kwargs,
    ):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = geometry.factor_pair(
            height_factor, "height_factor", self._FACTOR_VALIDATION_ERROR, self._check_range
        )
        self.width_factor = width_factor
        if width_factor is not None:
            self.width_lower, self.width_upper = geometry.factor_pair(
                width_factor, "width_factor", self._FACTOR_VALIDATION_ERROR, self._check_range
            )
        geometry.check_fill_and_interpolation(fill_mode, interpolation)
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.interpolation = interpolation
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)

    def _check_range(self, number):
        if number > 1.0 or number <= -1.0:
            raise ValueError(self._FACTOR_VALIDATION_ERROR + f"Received: input_number={number}")

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"] if isinstance(data, dict) else data
        shape = tuple(images.shape)
        zoom_shape = (shape[0], 1) if len(shape) == 4 else (1, 1)
        seed = self.generator if seed is None else seed
        height_zoom = krandom.uniform(
            zoom_shape, 1.0 + self.height_lower, 1.0 + self.height_upper, seed=seed
        )
        width_zoom = height_zoom
        if self.width_factor is not None:
            width_zoom = krandom.uniform(
                zoom_shape, 1.0 + self.width_lower, 1.0 + self.width_upper, seed=seed
            )
        return {"height_zoom": height_zoom, "width_zoom": width_zoom, "input_shape": shape}

    def _transform_images(self, images, transformation, interpolation):
        if transformation is None:
            return images
        zooms = ops.cast(
            ops.concatenate(
                [
                    ops.convert_to_tensor(transformation["width_zoom"]),
                    ops.convert_to_tensor(transformation["height_zoom"]),
                ],
                axis=1,
            ),
            "float32",
        )
        height, width = self._height_width(images.shape)
        return geometry.warp(
            images,
            self._get_zoom_matrix(zooms, height, width),
            interpolation,
            self.fill_mode,
            self.fill_value,
            self.data_format,
        )

    def _get_zoom_matrix(self, zooms, image_height, image_width):
        n = zooms.shape[0]
        x_offset = ((float(image_width) - 1.0) / 2.0) * (1.0 - zooms[:, 0:1])
        y_offset = ((float(image_height) - 1.0) / 2.0) * (1.0 - zooms[:, 1:])
        zeros = ops.zeros((n, 1))
        return ops.concatenate(
            [zooms[:, 0:1], zeros, x_offset, zeros, zooms[:, 1:], y_offset, ops.zeros((n, 2))],
            axis=1,
        )

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "height_factor": self.height_factor,
            "width_factor": self.width_factor,
            "fill_mode": self.fill_mode,
            "interpolation": self.interpolation,
            "seed": self.seed,
            "fill_value": self.fill_value,
            "data_format": self.data_format,
        }
