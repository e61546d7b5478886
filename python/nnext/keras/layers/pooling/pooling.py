"""`MaxPooling1D/2D/3D` and `AveragePooling1D/2D/3D`: the max or mean of each window."""

from nnext import convolution as nconv
from nnext.keras.layers.convolutional import arguments
from nnext.keras.layers.layer import Layer


class BasePooling(Layer):
    """Pools windows of `pool_size` at `strides` (default: `pool_size`).

    Args:
        pool_size: an int or a tuple of `rank` ints.
        strides: an int, a tuple of `rank` ints, or None for `pool_size`.
        padding: 'valid' or 'same' (padded positions never win a max and are not counted
            in a mean).
        data_format: 'channels_last' or 'channels_first'; None means
            `keras.config.image_data_format()`.
    """

    MODE = None  # "max" or "average"
    RANK = None

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.rank = self.RANK
        self.pool_size = arguments.standardize_tuple(pool_size, self.rank, "pool_size")
        strides = pool_size if strides is None else strides
        self.strides = arguments.standardize_tuple(strides, self.rank, "strides")
        self.padding = arguments.standardize_padding(padding)
        self.data_format = arguments.standardize_data_format(data_format)
        self.built = True

    def call(self, inputs):
        arguments.check_input(self, inputs)
        pool = nconv.max_pool if self.MODE == "max" else nconv.avg_pool
        return pool(
            inputs,
            list(self.pool_size),
            list(self.strides),
            self.padding.upper(),
            arguments.tf_format(self.data_format, self.rank),
        )

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        axes = arguments.spatial_axes(self.data_format, self.rank)
        shape = list(input_shape)
        for a, k, s in zip(axes, self.pool_size, self.strides):
            size = arguments.conv_output_size(input_shape[a], k, s, self.padding, 1)
            if size is not None and size <= 0:
                raise ValueError(
                    "Computed output size would be negative. Received: "
                    f"`inputs.shape={input_shape}` and `pool_size={self.pool_size}`."
                )
            shape[a] = size
        return tuple(shape)

    def get_config(self):
        return {
            **super().get_config(),
            "pool_size": self.pool_size,
            "padding": self.padding,
            "strides": self.strides,
            "data_format": self.data_format,
        }


def _pooling_layer(mode, rank, name, default_size):
    class Pooling(BasePooling):
        MODE = mode
        RANK = rank

        def __init__(
            self,
            pool_size=default_size,
            strides=None,
            padding="valid",
            data_format=None,
            name=None,
            **kwargs,
        ):
            super().__init__(pool_size, strides, padding, data_format, name=name, **kwargs)

    Pooling.__name__ = Pooling.__qualname__ = name
    what = "Max" if mode == "max" else "Average"
    Pooling.__doc__ = (
        f"{what} pooling over {rank} spatial axes; see `BasePooling`.\n\n"
        "Example:\n"
        f"    >>> layers.{name}()(np.ones((2, {', '.join(['8'] * rank)}, 3))).shape\n"
        f"    ({', '.join(['2'] + ['4'] * rank + ['3'])})\n"
    )
    return Pooling


MaxPooling1D = _pooling_layer("max", 1, "MaxPooling1D", 2)
MaxPooling2D = _pooling_layer("max", 2, "MaxPooling2D", (2, 2))
MaxPooling3D = _pooling_layer("max", 3, "MaxPooling3D", (2, 2, 2))
AveragePooling1D = _pooling_layer("average", 1, "AveragePooling1D", 2)
AveragePooling2D = _pooling_layer("average", 2, "AveragePooling2D", (2, 2))
AveragePooling3D = _pooling_layer("average", 3, "AveragePooling3D", (2, 2, 2))
