"""`ContrastLimitedAdaptiveHistogramEqualization` (CLAHE): histogram equalization per
tile, with clipped histograms and bilinear blending of the tiles' mappings."""

import numpy as np

from nnext.keras import ops
from nnext.keras.layers.preprocessing.image.base_image_layer import BaseImagePreprocessingLayer


def _clahe(images, clip_limit, grid):
    """Keras's CLAHE of (batch, height, width, channels) float32 images in [0, 255]."""
    batch, height, width, channels = images.shape
    grid_h, grid_w = grid
    tile_h, tile_w = -(-height // grid_h), -(-width // grid_w)
    pad_h, pad_w = tile_h * grid_h - height, tile_w * grid_w - width
    padded = images
    if pad_h or pad_w:
        padded = np.pad(images, [[0, 0], [0, pad_h], [0, pad_w], [0, 0]], mode="symmetric")
    tiles = padded.reshape(batch, grid_h, tile_h, grid_w, tile_w, channels)
    tiles = tiles.transpose(0, 1, 3, 5, 2, 4).reshape(batch, grid_h, grid_w, channels, -1)
    levels = np.clip(tiles.astype(np.int32), 0, 255)
    hists = (levels[..., None] == np.arange(256)).sum(axis=-2).astype(np.float32)
    if clip_limit > 0:
        limit = np.float32(clip_limit * (tile_h * tile_w) / 256.0)
        clipped = np.clip(hists, 0, limit)
        hists = clipped + (hists - clipped).sum(axis=-1, keepdims=True) / np.float32(256.0)
    cdf = np.cumsum(hists, axis=-1)
    cdf_min = cdf.min(axis=-1, keepdims=True)
    denominator = np.float32(tile_h * tile_w) - cdf_min
    denominator = np.where(denominator == 0, np.ones_like(denominator), denominator)
    cdf = np.clip((cdf - cdf_min) * np.float32(255.0) / denominator, 0, 255)
    # Edge tiles repeated once around the grid: the blend near the borders reads them.
    cdf = np.concatenate([cdf[:, :1], cdf, cdf[:, -1:]], axis=1)
    cdf = np.concatenate([cdf[:, :, :1], cdf, cdf[:, :, -1:]], axis=2)

    def axis_weights(size, tile, count):
        position = (np.arange(size, dtype=np.float32) - np.float32(tile / 2.0)) / np.float32(
            tile
        ) + np.float32(1.0)
        low = np.floor(position)
        weight = position - low
        return (
            np.clip(low, 0, count + 1).astype(np.int32),
            np.clip(low + 1.0, 0, count + 1).astype(np.int32),
            weight,
        )

    y0, y1, wy = axis_weights(tile_h * grid_h, tile_h, grid_h)
    x0, x1, wx = axis_weights(tile_w * grid_w, tile_w, grid_w)
    pixels = np.clip(padded, 0, 255).astype(np.int32)
    b = np.arange(batch)[:, None, None, None]
    c = np.arange(channels)[None, None, None, :]

    def read(ys, xs):
        return cdf[b, ys[None, :, None, None], xs[None, None, :, None], c, pixels]

    wy, wx = wy[None, :, None, None], wx[None, None, :, None]
    top = read(y0, x0) * (1.0 - wx) + read(y0, x1) * wx
    bottom = read(y1, x0) * (1.0 - wx) + read(y1, x1) * wx
    return (top * (1.0 - wy) + bottom * wy)[:, :height, :width, :]


class ContrastLimitedAdaptiveHistogramEqualization(BaseImagePreprocessingLayer):
    """Equalizes each tile of a `tile_grid_size` grid with its histogram clipped at
    `clip_limit` times the mean bin count (the excess spread over all bins), blending the
    four nearest tiles' mappings bilinearly; in training and inference, as Keras.

    Args:
        value_range: the images' (min, max), (0, 255) by default.
        clip_limit: the histogram clip, relative to a flat histogram (4.0; 0 disables it).
        tile_grid_size: the (rows, columns) of tiles (8, 8).
        data_format: as the other image layers.

    Computed in NumPy (a lookup, not differentiable, as in Keras).
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        value_range=(0, 255),
        clip_limit=4.0,
        tile_grid_size=(8, 8),
        data_format=None,
        **kwargs,
    ):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = value_range
        self.clip_limit = clip_limit
        self.tile_grid_size = tile_grid_size

    def transform_images(self, images, transformation=None, training=True):
        images = ops.convert_to_tensor(images)
        dtype = images.dtype.name
        array = ops.convert_to_numpy(images)
        single = array.ndim == 3
        if single:
            array = array[None]
        if self.data_format == "channels_first":
            array = array.transpose(0, 2, 3, 1)
        low, high = (np.float32(v) for v in self.value_range)
        array = (array.astype(np.float32) - low) / (high - low) * np.float32(255.0)
        array = _clahe(array, self.clip_limit, self.tile_grid_size)
        array = array / np.float32(255.0) * (high - low) + low
        if self.data_format == "channels_first":
            array = array.transpose(0, 3, 1, 2)
        if single:
            array = array[0]
        return ops.convert_to_tensor(np.ascontiguousarray(array.astype(dtype)))

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        return segmentation_masks

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "value_range": self.value_range,
            "clip_limit": self.clip_limit,
            "tile_grid_size": self.tile_grid_size,
            "data_format": self.data_format,
        }
