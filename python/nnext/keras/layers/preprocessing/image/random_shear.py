"""`RandomShear`: shears images along x and/or y by random amounts."""

from nnext.keras import ops
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image import geometry
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class RandomShear(BaseImagePreprocessingLayer):
    """While training, maps each output pixel (x, y) to the input point
    (x + s_x y, s_y x + y), `s_x` and `s_y` drawn per image from the factors' ranges with
    one random sign for both (as Keras).

    Args:
        x_factor, y_factor: a number `f` in [0, 1] (the range (-f, f)) or a pair.
        interpolation, fill_mode, fill_value, data_format, seed: as RandomRotation.
    """

    _USE_BASE_FACTOR = False
    _FACTOR_VALIDATION_ERROR = (
        "The `factor` argument should be a number (or a list of two numbers) in the range "
        "[0, 1.0]. "
    )

    def __init__(
        self,
        x_factor=0.0,
        y_factor=0.0,
        interpolation="bilinear",
        fill_mode="reflect",
        fill_value=0.0,
        data_format=None,
        seed=None,
        **kwargs,
    ):
        super().__init__(data_format=data_format, **kwargs)
        self.x_factor = geometry.factor_pair(
            x_factor, "x_factor", self._FACTOR_VALIDATION_ERROR, self._check_range
        )
        self.y_factor = geometry.factor_pair(
            y_factor, "y_factor", self._FACTOR_VALIDATION_ERROR, self._check_range
        )
        geometry.check_fill_and_interpolation(fill_mode, interpolation)
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.interpolation = interpolation
        self.seed = seed
        self.generator = krandom.SeedGenerator(seed)

    def _check_range(self, number):
        if number > 1.0 or number < 0.0:
            raise ValueError(self._FACTOR_VALIDATION_ERROR + f"Received: input_number={number}")

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"] if isinstance(data, dict) else data
        shape = tuple(images.shape)
        batch = 1 if len(shape) == 3 else shape[0]
        seed = self.generator if seed is None else seed
        dtype = self.compute_dtype
        invert = krandom.uniform((batch, 1), 0, 1, dtype=dtype, seed=seed)
        sign = ops.where(ops.greater(invert, 0.5), -ops.ones_like(invert), ops.ones_like(invert))
        shear_y = krandom.uniform(
            (batch, 1), self.y_factor[0], self.y_factor[1], dtype=dtype, seed=seed
        )
        shear_x = krandom.uniform(
            (batch, 1), self.x_factor[0], self.x_factor[1], dtype=dtype, seed=seed
        )
        factor = ops.concatenate([shear_x, shear_y], axis=1) * sign
        return {"shear_factor": factor, "input_shape": shape}

    def _transform_images(self, images, transformation, interpolation):
        if transformation is None:
            return images
        factors = ops.cast(ops.convert_to_tensor(transformation["shear_factor"]), "float32")
        n = factors.shape[0]
        ones, zeros = ops.ones((n,)), ops.zeros((n,))
        matrix = ops.stack(
            [ones, factors[:, 0], zeros, factors[:, 1], ones, zeros, zeros, zeros], axis=1
        )
        return geometry.warp(
            images, matrix, interpolation, self.fill_mode, self.fill_value, self.data_format
        )

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "x_factor": self.x_factor,
            "y_factor": self.y_factor,
            "fill_mode": self.fill_mode,
            "interpolation": self.interpolation,
            "seed": self.seed,
            "fill_value": self.fill_value,
            "data_format": self.data_format,
        }
