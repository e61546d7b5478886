"""`UpSampling1D/2D/3D`: repeat each entry of the spatial axes `size` times (2-D also
bilinear)."""

from nnext import _core
from nnext import image as nimage
from nnext.keras.layers.convolutional import arguments
from nnext.keras.layers.layer import Layer


def repeat_along(x, axis, times):
    """Each entry of `axis` repeated `times` times, as np.repeat (differentiable)."""
    if times == 1:
        return x
    shape = list(x.shape)
    expanded = _core.expand_dims(x, axis + 1)
    wide = shape[: axis + 1] + [times] + shape[axis + 1 :]
    merged = shape[:axis] + [shape[axis] * times] + shape[axis + 1 :]
    return _core.reshape(_core.broadcast_to(expanded, wide), merged)


class BaseUpSampling(Layer):
    """Repeats the rows, columns (and depth) of the input `size` times.

    Args:
        size: an int or a tuple of `rank` ints.
        data_format: 'channels_last' or 'channels_first' (not `UpSampling1D`).
        interpolation: `UpSampling2D` only: 'nearest' (repeat) or 'bilinear'.
    """

    RANK = None

    def __init__(self, size, data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self.rank = self.RANK
        self._sizes = arguments.standardize_tuple(size, self.rank, "size")
        self.size = int(size) if self.rank == 1 else self._sizes
        self.data_format = arguments.standardize_data_format(data_format)
        self.interpolation = interpolation
        if interpolation not in ("nearest", "bilinear"):
            raise ValueError(
                "`interpolation` argument should be one of: 'nearest' or 'bilinear'. "
                f"Received: interpolation={interpolation}."
            )
        self.built = True

    def call(self, inputs):
        arguments.check_input(self, inputs)
        axes = arguments.spatial_axes(self.data_format, self.rank)
        if self.interpolation == "bilinear":
            x = inputs
            if self.data_format == "channels_first":
                x = _core.transpose(x, [0, 2, 3, 1])
            new = (x.shape[1] * self._sizes[0], x.shape[2] * self._sizes[1])
            y = nimage.resize(x, new, method="bilinear")
            return _core.transpose(y, [0, 3, 1, 2]) if self.data_format == "channels_first" else y
        x = inputs
        for axis, times in zip(axes, self._sizes):
            x = repeat_along(x, axis, times)
        return x

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, times in zip(arguments.spatial_axes(self.data_format, self.rank), self._sizes):
            shape[axis] = None if shape[axis] is None else shape[axis] * times
        return tuple(shape)

    def get_config(self):
        return {**super().get_config(), "size": self.size, "data_format": self.data_format}


class UpSampling1D(BaseUpSampling):
    """Repeats each step of (batch, steps, features) `size` times.

    >>> layers.UpSampling1D(3)(np.ones((1, 2, 4))).shape
    (1, 6, 4)
    """

    RANK = 1

    def __init__(self, size=2, **kwargs):
        super().__init__(size, **kwargs)

    def get_config(self):
        config = super().get_config()
        config.pop("data_format")
        return config


class UpSampling2D(BaseUpSampling):
    """Repeats the rows and columns of an image batch (or resizes it bilinearly).

    >>> layers.UpSampling2D((2, 3))(np.ones((1, 2, 2, 4))).shape
    (1, 4, 6, 4)
    """

    RANK = 2

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(size, data_format, interpolation, **kwargs)

    def get_config(self):
        return {**super().get_config(), "interpolation": self.interpolation}


class UpSampling3D(BaseUpSampling):
    """Repeats the three spatial axes of a volume batch."""

    RANK = 3

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(size, data_format, **kwargs)
