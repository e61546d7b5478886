"""`ZeroPadding1D/2D/3D`: zeros added before and after each spatial axis."""

from nnext import _core
from nnext.keras.layers.convolutional import arguments
from nnext.keras.layers.layer import Layer
from nnext.keras.layers.reshaping.spatial_pairs import per_axis, standardize_pairs


class BaseZeroPadding(Layer):
    """Pads the spatial axes with zeros.

    Args:
        padding: an int, a tuple of `rank` symmetric amounts, or a tuple of `rank`
            (before, after) pairs; `ZeroPadding1D` takes an int or one pair.
        data_format: 'channels_last' or 'channels_first'.
    """

    RANK = None

    def __init__(self, padding, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = self.RANK
        self.padding = standardize_pairs(padding, self.rank, "padding")
        self.data_format = arguments.standardize_data_format(data_format)
        self.built = True

    def _paddings(self):
        pads = [[0, 0]] * (self.rank + 2)
        for a, pair in zip(
            arguments.spatial_axes(self.data_format, self.rank), per_axis(self.padding, self.rank)
        ):
            pads[a] = list(pair)
        return pads

    def call(self, inputs):
        arguments.check_input(self, inputs)
        return _core.pad(inputs, self._paddings())

    def compute_output_shape(self, input_shape):
        return tuple(
            None if d is None else d + before + after
            for d, (before, after) in zip(input_shape, self._paddings())
        )

    def get_config(self):
        return {**super().get_config(), "padding": self.padding, "data_format": self.data_format}


class ZeroPadding1D(BaseZeroPadding):
    """Zeros before and after the steps axis of (batch, steps, features).

    >>> layers.ZeroPadding1D(2)(np.ones((1, 3, 2))).shape
    (1, 7, 2)
    """

    RANK = 1

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class ZeroPadding2D(BaseZeroPadding):
    """Zeros around the rows and columns of an image batch.

    >>> layers.ZeroPadding2D(((1, 0), (2, 1)))(np.ones((1, 3, 3, 2))).shape
    (1, 4, 6, 2)
    """

    RANK = 2

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class ZeroPadding3D(BaseZeroPadding):
    """Zeros around the three spatial axes of a volume batch."""

    RANK = 3

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)
