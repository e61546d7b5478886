"""`RandomCrop`: a random (height, width) window of each batch while training."""

import random as python_random

from nnext import _core
from nnext.keras import random as krandom
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer
from nnext.keras.ops import image as image_ops


class RandomCrop(BaseImagePreprocessingLayer):
    """While training, crops one random `(height, width)` window (the same for the whole
    batch, as Keras); an image smaller than the target is cropped to the target's aspect
    ratio at its centre and resized. At inference the images pass through unchanged, which
    is what Keras 3's implementation does (its docs describe a centre crop).

    Args:
        height, width: the output size.
        seed: the seed of the layer's random stream (a random one when None, saved in the
            config as Keras does).
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, seed=None, data_format=None, name=None, **kwargs):
        super().__init__(name=name, data_format=data_format, **kwargs)
        self.height = height
        self.width = width
        self.seed = seed if seed is not None else python_random.randint(1, int(1e9))
        self.generator = krandom.SeedGenerator(seed)
        self.supports_masking = False

    def get_random_transformation(self, data, training=True, seed=None):
        seed = self.generator if seed is None else seed
        images = data["images"] if isinstance(data, dict) else data
        height, width = self._height_width(tuple(images.shape))
        if training and height > self.height and width > self.width:
            h_start = krandom.uniform((), 0, float(height - self.height + 1), seed=seed)
            w_start = krandom.uniform((), 0, float(width - self.width + 1), seed=seed)
            return int(h_start.numpy()), int(w_start.numpy())
        crop_height = max(min(height, int(float(width * self.height) / self.width)), 1)
        crop_width = max(min(width, int(float(height * self.width) / self.height)), 1)
        return int(float(height - crop_height) / 2), int(float(width - crop_width) / 2)

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        images = _core.cast(images, self.compute_dtype)
        h_start, w_start = (int(v) for v in transformation)
        rows = images.ndim - (2 if self.data_format == "channels_first" else 3)
        index = [slice(None)] * images.ndim
        index[rows] = slice(h_start, h_start + self.height)
        index[rows + 1] = slice(w_start, w_start + self.width)
        images = images[tuple(index)]
        if self._height_width(images.shape) != (self.height, self.width):
            images = image_ops.resize(
                images, (self.height, self.width), data_format=self.data_format
            )
        return images

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return self.transform_images(segmentation_masks, transformation)

    def compute_output_shape(self, input_shape, *args, **kwargs):
        shape = list(input_shape)
        rows = -2 if self.data_format == "channels_first" else -3
        shape[rows], shape[rows + 1] = self.height, self.width
        return tuple(shape)

    def get_config(self):
        return {
            **super().get_config(),
            "height": self.height,
            "width": self.width,
            "seed": self.seed,
            "data_format": self.data_format,
        }
