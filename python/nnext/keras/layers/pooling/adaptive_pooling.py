"""`AdaptiveAveragePooling1D/2D/3D` and `AdaptiveMaxPooling1D/2D/3D`: pool each spatial
axis into a fixed number of bins (PyTorch's bin edges, as Keras's `ops.adaptive_*_pool`),
whatever the input size."""

from nnext.keras import config, ops
from nnext.keras.layers.layer import Layer

_MESSAGES = {
    1: "`output_size` must be an integer or tuple of 1 integer.",
    2: "`output_size` must be an integer or (height, width) tuple.",
    3: "`output_size` must be an integer or (depth, height, width) tuple.",
}


def _output_size(value, rank):
    if isinstance(value, int):
        return (value,) * rank
    if isinstance(value, (tuple, list)):
        if rank == 1 and len(value) != 1:
            raise ValueError(
                f"For 1D input, `output_size` tuple must have length 1. Received: {value}"
            )
        if len(value) == rank:
            return tuple(value)
    raise TypeError(f"{_MESSAGES[rank]} Received: {value} of type {type(value)}")


class BaseAdaptivePooling(Layer):
    """Adaptive pooling to `output_size` bins per spatial axis.

    Args:
        output_size: an int or a tuple of one int per spatial axis.
        data_format: 'channels_last' or 'channels_first' (None: the global setting).
    """

    RANK = None
    MODE = None  # "average" or "max"

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.output_size = _output_size(output_size, self.RANK)
        self.data_format = data_format or config.image_data_format()
        if self.data_format not in {"channels_first", "channels_last"}:
            raise ValueError(
                f"Invalid data_format: {self.data_format}. Expected 'channels_first' or "
                "'channels_last'."
            )
        self.built = True

    def call(self, inputs):
        pool = ops.adaptive_average_pool if self.MODE == "average" else ops.adaptive_max_pool
        return pool(inputs, output_size=self.output_size, data_format=self.data_format)

    def compute_output_shape(self, input_shape):
        if self.data_format == "channels_last":
            return (input_shape[0], *self.output_size, input_shape[-1])
        return (input_shape[0], input_shape[1], *self.output_size)

    def get_config(self):
        return {
            **super().get_config(),
            "output_size": self.output_size,
            "data_format": self.data_format,
        }


def _adaptive_layer(mode, rank, name):
    layer = type(name, (BaseAdaptivePooling,), {"RANK": rank, "MODE": mode})
    layer.__doc__ = f"Adaptive {mode} pooling of {rank}-D inputs; see `BaseAdaptivePooling`."
    layer.__module__ = __name__
    return layer


AdaptiveAveragePooling1D = _adaptive_layer("average", 1, "AdaptiveAveragePooling1D")
AdaptiveAveragePooling2D = _adaptive_layer("average", 2, "AdaptiveAveragePooling2D")
AdaptiveAveragePooling3D = _adaptive_layer("average", 3, "AdaptiveAveragePooling3D")
AdaptiveMaxPooling1D = _adaptive_layer("max", 1, "AdaptiveMaxPooling1D")
AdaptiveMaxPooling2D = _adaptive_layer("max", 2, "AdaptiveMaxPooling2D")
AdaptiveMaxPooling3D = _adaptive_layer("max", 3, "AdaptiveMaxPooling3D")
