"""`RandomTranslation`: shifts images by random fractions of their height and width."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image import geometry
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class RandomTranslation(BaseImagePreprocessingLayer):
    """While training, shifts each image by `height_factor * height` rows and
    `width_factor * width` columns, drawn uniformly per image; uncovered pixels follow
    `fill_mode` ('reflect', 'wrap', 'constant' with `fill_value`, or 'nearest').

    Args:
        height_factor, width_factor: a fraction `f` in [-1, 1] (the range (-f, f)) or a
            pair (lower, upper).
        interpolation: 'bilinear' or 'nearest'.
        fill_mode, seed, fill_value, data_format: as in Keras.
    """

    _USE_BASE_FACTOR = False
    _FACTOR_VALIDATION_ERROR = (
        "The `factor` argument should be a number (or a list of two numbers) in the range "
        "[-1.0, 1.0]. "
    )

    def __init__(
        self,
        height_factor,
        width_factor,
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
        if number > 1.0 or number < -1.0:
            raise ValueError(self._FACTOR_VALIDATION_ERROR + f"Received: input_number={number}")

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"] if isinstance(data, dict) else data
        shape = tuple(images.shape)
        batch = 1 if len(shape) == 3 else shape[0]
        height, width = self._height_width(shape)
        seed = self.generator if seed is None else seed
        rows = krandom.uniform((batch, 1), self.height_lower, self.height_upper, seed=seed)
        cols = krandom.uniform((batch, 1), self.width_lower, self.width_upper, seed=seed)
        translations = ops.concatenate([cols * width, rows * height], axis=1)
        return {"translations": translations, "input_shape": shape}

    def _transform_images(self, images, transformation, interpolation):
        if transformation is None:
            return images
        transform = self._get_translation_matrix(transformation["translations"])
        return geometry.warp(
            images, transform, interpolation, self.fill_mode, self.fill_value, self.data_format
        )

    def _get_translation_matrix(self, translations):
        translations = ops.cast(ops.convert_to_tensor(translations), "float32")
        n = translations.shape[0]
        ones, zeros = ops.ones((n, 1)), ops.zeros((n, 1))
        return ops.concatenate(
            [
                ones,
                zeros,
                -translations[:, 0:1],
                zeros,
                ones,
                -translations[:, 1:],
                ops.zeros((n, 2)),
            ],
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
