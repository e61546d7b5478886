"""`AutoContrast`: stretches each image's channels to the full value range."""

from nnext.keras import ops
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


class AutoContrast(BaseImagePreprocessingLayer):
    """Maps each channel of each image linearly so that its minimum becomes
    `value_range[0]` and its maximum `value_range[1]` (in training and inference, as
    Keras); a constant channel is left as it is.

    Args:
        value_range: the images' (min, max), (0, 255) by default.
    """

    _USE_BASE_FACTOR = False

    def __init__(self, value_range=(0, 255), **kwargs):
        super().__init__(**kwargs)
        self._set_value_range(value_range)

    def transform_images(self, images, transformation=None, training=True):
        original = images
        images = ops.cast(
            self._transform_value_range(
                images, self.value_range, (0, 255), dtype=self.compute_dtype
            ),
            self.compute_dtype,
        )
        # Keras reduces axes (1, 2): height and width of channels-last batches.
        low = ops.min(images, axis=(1, 2), keepdims=True)
        high = ops.max(images, axis=(1, 2), keepdims=True)
        spread = high - low
        constant = ops.equal(spread, 0.0)
        scale = 255.0 / ops.where(constant, ops.ones_like(spread), spread)
        results = ops.clip(images * scale - low * scale, 0.0, 255.0)
        results = self._transform_value_range(
            results, (0, 255), self.value_range, dtype=self.compute_dtype
        )
        # Keras's 0/0 gives NaN there, which it replaces by the input.
        return ops.where(constant, ops.cast(original, results.dtype), results)

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return segmentation_masks

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "value_range": self.value_range}
