"""`CenterCrop`: the central (height, width) window of images."""

from nnext import _core
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer
from nnext.keras.ops import image as image_ops


class CenterCrop(BaseImagePreprocessingLayer):
    """Crops the centre `(height, width)` of images, in training and inference. An image
    smaller than the target is first cropped to the target's aspect ratio and resized
    (bilinear), as Keras's `smart_resize`.

    Example:
        >>> layers.CenterCrop(2, 2)(np.ones((1, 4, 5, 3))).shape
        (1, 2, 2, 3)
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height = height
        self.width = width

    def get_random_transformation(self, data, training=True, seed=None):
        images = data["images"] if isinstance(data, dict) else data
        return {"input_shape": tuple(images.shape)}

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return self.transform_images(segmentation_masks, transformation, training=training)

    def transform_images(self, images, transformation=None, training=True):
        images = _core.cast(images, self.compute_dtype)
        height, width = self._height_width(images.shape)
        h_diff, w_diff = height - self.height, width - self.width
        if h_diff >= 0 and w_diff >= 0:
            index = [slice(None)] * images.ndim
            rows = images.ndim - (2 if self.data_format == "channels_first" else 3)
            index[rows] = slice(h_diff // 2, h_diff // 2 + self.height)
            index[rows + 1] = slice(w_diff // 2, w_diff // 2 + self.width)
            return images[tuple(index)]
        return image_ops.resize(
            images,
            (self.height, self.width),
            crop_to_aspect_ratio=True,
            data_format=self.data_format,
        )

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        if len(shape) not in (3, 4) or isinstance(shape[0], (list, tuple)):
            raise ValueError(
                "`input_shape` must be a non-nested tuple or list of rank-1 with size 3 "
                f"(unbatched) or 4 (batched). Received: input_shape={input_shape}"
            )
        rows = -2 if self.data_format == "channels_first" else -3
        shape[rows], shape[rows + 1] = self.height, self.width
        return tuple(shape)

    def get_config(self):
        return {
            **super().get_config(),
            "height": self.height,
            "width": self.width,
            "data_format": self.data_format,
        }
