"""`keras.ops.image`: colour conversions and cropping/padding of image batches here;
geometric warps (image_transform.py) and separable filters (image_filter.py) beside.

Resampling (`resize`, `scale_and_translate`) and patch extraction are in image_resize.py.
Images are (batch, height, width, channels) for 'channels_last' or
(batch, channels, height, width) for 'channels_first'; a single 3-D image works too.
"""

from nnext import _core
from nnext.keras import config
from nnext.keras.keras_tensor import symbolic
from nnext.keras.ops._base import to_float
from nnext.keras.ops.image_filter import gaussian_blur, sobel_edges, ssim
from nnext.keras.ops.image_resize import (
    extract_patches,
    extract_patches_3d,
    resize,
    scale_and_translate,
)
from nnext.keras.ops.image_transform import (
    affine_transform,
    elastic_transform,
    map_coordinates,
    perspective_transform,
)

__all__ = [
    "affine_transform",
    "crop_images",
    "elastic_transform",
    "extract_patches",
    "extract_patches_3d",
    "gaussian_blur",
    "hsv_to_rgb",
    "map_coordinates",
    "pad_images",
    "perspective_transform",
    "resize",
    "rgb_to_grayscale",
    "rgb_to_hsv",
    "scale_and_translate",
    "sobel_edges",
    "ssim",
]


def _channels_axis(images, data_format):
    data_format = data_format or config.image_data_format()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"Invalid data_format: {data_format}")
    if images.ndim not in (3, 4):
        raise ValueError(
            "Invalid images rank: expected rank 3 (single image) or rank 4 (batch of images). "
            f"Received: images.shape={tuple(images.shape)}"
        )
    return images.ndim - 1 if data_format == "channels_last" else images.ndim - 3


@symbolic
def rgb_to_grayscale(images, data_format=None):
    """Luma `0.2989 R + 0.5870 G + 0.1140 B`, keeping a channel axis of size 1."""
    images = to_float(images)
    axis = _channels_axis(images, data_format)
    weights = _core.convert_to_tensor([0.2989, 0.5870, 0.1140], images.dtype.name)
    shape = [1] * images.ndim
    shape[axis] = 3
    return _core.reduce_sum(images * _core.reshape(weights, shape), [axis], True)


def _split_channels(images, axis):
    return _core.unstack(images, 3, axis)


@symbolic
def rgb_to_hsv(images, data_format=None):
    """RGB in [0, 1] to HSV (hue, saturation, value in [0, 1])."""
    images = to_float(images)
    axis = _channels_axis(images, data_format)
    r, g, b = _split_channels(images, axis)
    value = _core.maximum(_core.maximum(r, g), b)
    low = _core.minimum(_core.minimum(r, g), b)
    spread = value - low
    safe_value = _core.where(_core.greater(value, 0.0), value, _core.ones_like(value))
    saturation = _core.where(
        _core.greater(value, 0.0), spread / safe_value, _core.zeros_like(value)
    )
    safe_spread = _core.where(_core.greater(spread, 0.0), spread, _core.ones_like(spread))
    hue_r = (g - b) / safe_spread
    hue_g = (b - r) / safe_spread + 2.0
    hue_b = (r - g) / safe_spread + 4.0
    hue = _core.where(
        _core.equal(value, r), hue_r, _core.where(_core.equal(value, g), hue_g, hue_b)
    )
    hue = _core.where(_core.greater(spread, 0.0), hue, _core.zeros_like(hue)) / 6.0
    hue = _core.mod(hue, 1.0)
    return _core.stack([hue, saturation, value], axis)


@symbolic
def hsv_to_rgb(images, data_format=None):
    """HSV in [0, 1] to RGB in [0, 1]."""
    images = to_float(images)
    axis = _channels_axis(images, data_format)
    h, s, v = _split_channels(images, axis)
    channels = []
    for offset in (5.0, 3.0, 1.0):  # r, g, b: v - v s max(0, min(k, 4 - k, 1))
        k = _core.mod(h * 6.0 + offset, 6.0)
        ramp = _core.clip_by_value(_core.minimum(k, 4.0 - k), 0.0, 1.0)
        channels.append(v - v * s * ramp)
    return _core.stack(channels, axis)


def _spatial_axes(images, data_format):
    channels = _channels_axis(images, data_format)
    return (
        (images.ndim - 3, images.ndim - 2)
        if channels == images.ndim - 1
        else (images.ndim - 2, images.ndim - 1)
    )


def _offsets(total, first, last, target, names):
    if first is None and last is None and target is None:
        return 0, 0
    if target is None:
        first, last = first or 0, last or 0
        return int(first), int(last)
    if first is None and last is None:
        raise ValueError(f"Provide `{names[0]}` or `{names[1]}` with `{names[2]}`.")
    if first is None:
        return int(target) - int(total) - int(last), int(last)
    return int(first), int(target) - int(total) - int(first)


@symbolic
def pad_images(
    images,
    top_padding=None,
    left_padding=None,
    bottom_padding=None,
    right_padding=None,
    target_height=None,
    target_width=None,
    data_format=None,
):
    """Zero-pads images: given paddings on each side, or a target size with one padding
    of each pair (the other follows)."""
    images = to_float(images)
    rows, cols = _spatial_axes(images, data_format)
    top, bottom = _offsets(
        images.shape[rows],
        top_padding,
        bottom_padding,
        target_height,
        ("top_padding", "bottom_padding", "target_height"),
    )
    left, right = _offsets(
        images.shape[cols],
        left_padding,
        right_padding,
        target_width,
        ("left_padding", "right_padding", "target_width"),
    )
    if min(top, bottom, left, right) < 0:
        raise ValueError("The target size is smaller than the image: paddings would be negative")
    widths = [[0, 0] for _ in range(images.ndim)]
    widths[rows], widths[cols] = [top, bottom], [left, right]
    return _core.pad(images, widths, "CONSTANT", 0.0)


@symbolic
def crop_images(
    images,
    top_cropping=None,
    left_cropping=None,
    bottom_cropping=None,
    right_cropping=None,
    target_height=None,
    target_width=None,
    data_format=None,
):
    """Crops images: given croppings on each side, or a target size with one cropping of
    each pair."""
    images = to_float(images)
    rows, cols = _spatial_axes(images, data_format)
    height, width = images.shape[rows], images.shape[cols]
    top, bottom = _crop_offsets(height, top_cropping, bottom_cropping, target_height)
    left, right = _crop_offsets(width, left_cropping, right_cropping, target_width)
    if top + bottom > height or left + right > width or min(top, bottom, left, right) < 0:
        raise ValueError(f"The croppings do not fit an image of size {height}x{width}")
    index = [slice(None)] * images.ndim
    index[rows] = slice(top, height - bottom)
    index[cols] = slice(left, width - right)
    return images[tuple(index)]


def _crop_offsets(total, first, last, target):
    if target is None:
        return int(first or 0), int(last or 0)
    if first is None and last is None:
        raise ValueError("Provide a cropping on one side with the target size.")
    if first is None:
        return int(total) - int(target) - int(last), int(last)
    return int(first), int(total) - int(target) - int(first)
