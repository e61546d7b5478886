"""`GlobalMaxPooling1D/2D/3D` and `GlobalAveragePooling1D/2D/3D`: one max or mean per
channel over all spatial positions."""

from nnext import _core
from nnext import math as nmath
from nnext.keras.layers.convolutional import arguments
from nnext.keras.layers.layer import Layer


class BaseGlobalPooling(Layer):
    """Reduces the spatial axes to one value per channel.

    Args:
        data_format: 'channels_last' or 'channels_first'; None means
            `keras.config.image_data_format()`.
        keepdims: keep the spatial axes with length 1.

    `GlobalAveragePooling1D` takes a `mask` of shape (batch, steps): masked steps are left
    out of the mean, as in Keras.
    """

    MODE = None  # "max" or "average"
    RANK = None

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.rank = self.RANK
        self.data_format = arguments.standardize_data_format(data_format)
        self.keepdims = keepdims
        self.supports_masking = self.MODE == "average" and self.RANK == 1
        self.built = True

    def call(self, inputs, mask=None):
        arguments.check_input(self, inputs)
        axes = arguments.spatial_axes(self.data_format, self.rank)
        if self.MODE == "max":
            return _core.reduce_max(inputs, axes, self.keepdims)
        if mask is None:
            return _core.reduce_mean(inputs, axes, self.keepdims)
        weights = nmath.cast(mask, inputs.dtype)
        weights = _core.expand_dims(weights, 2 if self.data_format == "channels_last" else 1)
        total = _core.reduce_sum(_core.multiply(inputs, weights), axes, self.keepdims)
        return _core.divide(total, _core.reduce_sum(weights, axes, self.keepdims))

    def compute_mask(self, inputs, mask=None):
        return None

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        axes = arguments.spatial_axes(self.data_format, self.rank)
        if self.keepdims:
            return tuple(1 if i in axes else d for i, d in enumerate(input_shape))
        return tuple(d for i, d in enumerate(input_shape) if i not in axes)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format, "keepdims": self.keepdims}


def _global_pooling_layer(mode, rank, name):
    class GlobalPooling(BaseGlobalPooling):
        MODE = mode
        RANK = rank

        def __init__(self, data_format=None, keepdims=False, **kwargs):
            super().__init__(data_format=data_format, keepdims=keepdims, **kwargs)

    GlobalPooling.__name__ = GlobalPooling.__qualname__ = name
    what = "max" if mode == "max" else "mean"
    GlobalPooling.__doc__ = (
        f"The {what} over {rank} spatial axes, per channel; see `BaseGlobalPooling`.\n\n"
        "Example:\n"
        f"    >>> layers.{name}()(np.ones((2, {', '.join(['5'] * rank)}, 3))).shape\n"
        "    (2, 3)\n"
    )
    return GlobalPooling


GlobalMaxPooling1D = _global_pooling_layer("max", 1, "GlobalMaxPooling1D")
GlobalMaxPooling2D = _global_pooling_layer("max", 2, "GlobalMaxPooling2D")
GlobalMaxPooling3D = _global_pooling_layer("max", 3, "GlobalMaxPooling3D")
GlobalAveragePooling1D = _global_pooling_layer("average", 1, "GlobalAveragePooling1D")
GlobalAveragePooling2D = _global_pooling_layer("average", 2, "GlobalAveragePooling2D")
GlobalAveragePooling3D = _global_pooling_layer("average", 3, "GlobalAveragePooling3D")
