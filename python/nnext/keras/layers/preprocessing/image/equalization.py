"""`Equalization`: histogram equalization of each channel."""

import numpy as np

from nnext.keras import ops
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class Equalization(BaseImagePreprocessingLayer):
    """While training, remaps each channel through the cumulative histogram of its values
    (over the whole batch, as Keras counts them) so that they spread over the value range;
    a channel whose values fall in a single bin is left as it is.

    Args:
        value_range: the images' (min, max), (0, 255) by default.
        bins: the histogram's number of bins (256).
        data_format: as the other image layers.

    The remapping is a table lookup (computed in NumPy): not differentiable, as in Keras.
    """

    def __init__(self, value_range=(0, 255), bins=256, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.bins = bins
        self._set_value_range(value_range)

    def _equalize_channel(self, channel):
        low, high = (float(v) for v in self.value_range)
        scaled = channel * (255.0 / (high - low)) + (0.0 - low * 255.0 / (high - low))
        indices = np.clip((scaled * (self.bins - 1) / 255.0).astype(np.int32), 0, self.bins - 1)
        hist = np.bincount(indices.reshape(-1), minlength=self.bins)
        if np.count_nonzero(hist) <= 1:
            equalized = scaled
        else:
            cdf = np.cumsum(hist)
            cdf_min = cdf[np.nonzero(cdf)[0][0]]
            denominator = cdf[-1] - cdf_min
            denominator = 1 if denominator == 0 else denominator
            table = np.clip(np.round((cdf - cdf_min) * 255 / denominator), 0, 255)
            lookup = np.clip(scaled / 255.0 * (self.bins - 1), 0, self.bins - 1).astype(np.int32)
            equalized = table[lookup]
        return equalized * ((high - low) / 255.0) + low

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        array = ops.convert_to_numpy(ops.cast(images, self.compute_dtype)).astype(np.float32)
        axis = -3 if self.data_format == "channels_first" else -1
        channels = [
            self._equalize_channel(np.take(array, i, axis=axis)) for i in range(array.shape[axis])
        ]
        return ops.convert_to_tensor(np.stack(channels, axis=axis).astype(self.compute_dtype))

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return segmentation_masks

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "bins": self.bins, "value_range": self.value_range}
