"""`Cropping1D/2D/3D`: remove entries from the start and end of each spatial axis."""

from nnext.keras.layers.convolutional import arguments
from nnext.keras.layers.layer import Layer
from nnext.keras.layers.reshaping.spatial_pairs import per_axis, standardize_pairs


class BaseCropping(Layer):
    """Crops the spatial axes (a view: no copy).

    Args:
        cropping: an int, a tuple of `rank` symmetric amounts, or a tuple of `rank`
            (before, after) pairs; `Cropping1D` takes an int or one pair.
        data_format: 'channels_last' or 'channels_first' (not `Cropping1D`).
    """

    RANK = None

    def __init__(self, cropping, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = self.RANK
        self.cropping = standardize_pairs(cropping, self.rank, "cropping")
        self.data_format = arguments.standardize_data_format(data_format)
        self.built = True

    def _slices(self, shape):
        slices = [slice(None)] * len(shape)
        for a, (before, after) in zip(
            arguments.spatial_axes(self.data_format, self.rank), per_axis(self.cropping, self.rank)
        ):
            if shape[a] is not None and before + after >= shape[a]:
                raise ValueError(
                    f"Values in `cropping` argument should be smaller than the corresponding "
                    f"spatial dimension of the input. Received: input_shape={tuple(shape)}, "
                    f"cropping={self.cropping}"
                )
            slices[a] = slice(before, None if shape[a] is None else shape[a] - after)
        return slices

    def call(self, inputs):
        arguments.check_input(self, inputs)
        return inputs[tuple(self._slices(tuple(inputs.shape)))]

    def compute_output_shape(self, input_shape):
        return tuple(
            d if d is None or s == slice(None) else s.stop - s.start
            for d, s in zip(input_shape, self._slices(tuple(input_shape)))
        )

    def get_config(self):
        return {**super().get_config(), "cropping": self.cropping, "data_format": self.data_format}


class Cropping1D(BaseCropping):
    """Crops the steps axis of (batch, steps, features).

    >>> layers.Cropping1D((1, 2))(np.ones((1, 6, 2))).shape
    (1, 3, 2)
    """

    RANK = 1

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(cropping, None, **kwargs)

    def get_config(self):
        config = super().get_config()
        config.pop("data_format")
        return config


class Cropping2D(BaseCropping):
    """Crops the rows and columns of an image batch.

    >>> layers.Cropping2D(((1, 0), (2, 1)))(np.ones((1, 5, 5, 2))).shape
    (1, 4, 2, 2)
    """

    RANK = 2

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)


class Cropping3D(BaseCropping):
    """Crops the three spatial axes of a volume batch."""

    RANK = 3

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)
