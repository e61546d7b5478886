"""Images as arrays and back, through Pillow (optional, as in Keras): `load_img`,
`img_to_array`, `array_to_img`, `save_img`."""

import io
import pathlib
import warnings

import numpy as np

from nnext.keras import config


def _pil():
    try:
        from PIL import Image
    except ImportError:
        return None
    return Image


_INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "hamming", "box", "lanczos")


def array_to_img(x, data_format=None, scale=True, dtype=None):
    """A PIL image from a `(height, width, channels)` array (1, 3 or 4 channels).

    Args:
        x: the array (`(channels, height, width)` with `data_format='channels_first'`).
        data_format: 'channels_last' or 'channels_first' (default: `image_data_format()`).
        scale: rescale the values to [0, 255] (`(x - min) / max * 255`).
        dtype: the dtype the array is read as (default `floatx()`).
    """
    data_format = config.standardize_data_format(data_format)
    image = _pil()
    if image is None:
        raise ImportError("Could not import PIL.Image. The use of `array_to_img` requires PIL.")
    x = np.asarray(x, dtype=dtype or config.floatx())
    if x.ndim != 3:
        raise ValueError(
            f"Expected image array to have rank 3 (single image). Got array with shape: {x.shape}"
        )
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        top = np.max(x)
        if top != 0:
            x = x / top
        x = x * 255
    channels = x.shape[2]
    if channels in (3, 4):
        return image.fromarray(x.astype("uint8"), "RGB" if channels == 3 else "RGBA")
    if channels == 1:
        if np.max(x) > 255:  # 16-bit style grayscale keeps its range
            return image.fromarray(x[:, :, 0].astype("int32"), "I")
        return image.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(f"Unsupported channel number: {channels}")


def img_to_array(img, data_format=None, dtype=None):
    """A PIL image as a `(height, width, channels)` array (`floatx()` by default)."""
    data_format = config.standardize_data_format(data_format)
    x = np.asarray(img, dtype=dtype or config.floatx())
    if x.ndim == 3:
        return x.transpose(2, 0, 1) if data_format == "channels_first" else x
    if x.ndim == 2:
        if data_format == "channels_first":
            return x.reshape((1, *x.shape))
        return x.reshape((*x.shape, 1))
    raise ValueError(f"Unsupported image shape: {x.shape}")


def save_img(path, x, data_format=None, file_format=None, scale=True, **kwargs):
    """Writes an image array to `path` (format from the suffix unless `file_format`)."""
    data_format = config.standardize_data_format(data_format)
    if file_format is None and isinstance(path, (str, pathlib.Path)):
        file_format = pathlib.Path(path).suffix[1:].lower()
    if file_format and file_format.lower() == "jpg":
        file_format = "jpeg"
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == "RGBA" and file_format == "jpeg":
        warnings.warn(
            "The JPEG format does not support RGBA images, converting to RGB.", stacklevel=2
        )
        img = img.convert("RGB")
    img.save(path, format=file_format, **kwargs)


def load_img(
    path, color_mode="rgb", target_size=None, interpolation="nearest", keep_aspect_ratio=False
):
    """Loads an image file as a PIL image.

    Args:
        path: a path or an `io.BytesIO`.
        color_mode: 'grayscale', 'rgb' or 'rgba'.
        target_size: `(height, width)` to resize to, or None.
        interpolation: 'nearest', 'bilinear', 'bicubic', 'hamming', 'box' or 'lanczos'.
        keep_aspect_ratio: crop the centre to the target's aspect ratio before resizing.
    """
    image = _pil()
    if image is None:
        raise ImportError("Could not import PIL.Image. The use of `load_img` requires PIL.")
    if isinstance(path, io.BytesIO):
        img = image.open(path)
    elif isinstance(path, (pathlib.Path, bytes, str)):
        with open(path, "rb") as f:
            img = image.open(io.BytesIO(f.read()))
    else:
        raise TypeError(f"path should be path-like or io.BytesIO, not {type(path)}")
    modes = {
        "grayscale": ("L", ("L", "I;16", "I")),
        "rgba": ("RGBA", ("RGBA",)),
        "rgb": ("RGB", ("RGB",)),
    }
    if color_mode not in modes:
        raise ValueError('color_mode must be "grayscale", "rgb", or "rgba"')
    target_mode, accepted = modes[color_mode]
    if img.mode not in accepted:
        img = img.convert(target_mode)
    if target_size is not None:
        size = (target_size[1], target_size[0])
        if img.size != size:
            if interpolation not in _INTERPOLATIONS:
                raise ValueError(
                    f"Invalid interpolation method {interpolation} specified. Supported "
                    f"methods are {', '.join(_INTERPOLATIONS)}"
                )
            resample = getattr(image.Resampling, interpolation.upper())
            box = None
            if keep_aspect_ratio:
                width, height = img.size
                crop_h = min(height, (width * size[1]) // size[0])
                crop_w = min(width, (height * size[0]) // size[1])
                top, left = (height - crop_h) // 2, (width - crop_w) // 2
                box = [left, top, left + crop_w, top + crop_h]
            img = img.resize(size, resample, box=box)
    return img
