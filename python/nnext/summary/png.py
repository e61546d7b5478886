"""PNG encoding for `tf.summary.image`, with zlib and struct only: 8-bit grayscale,
grayscale + alpha, RGB or RGBA images, every row with filter type 0 (None).

`to_uint8` is `tf.image.convert_image_dtype(images, tf.uint8, saturate=True)`, the
conversion `tf.summary.image` applies before encoding.
"""

import struct
import zlib

import numpy as np

__all__ = ["encode_png", "to_uint8"]

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOR_TYPES = {1: 0, 2: 4, 3: 2, 4: 6}  # channels -> PNG colour type


def to_uint8(images):
    """`images` as uint8, by TensorFlow's `convert_image_dtype(..., saturate=True)` rule.

    Floats are multiplied by 255.5 in their own precision, clipped to [0, 255] and
    truncated; wider integers are floor-divided by `(in_max + 1) // 256`; narrower signed
    ones (int8) are clipped at 0 and multiplied by 2.
    """
    images = np.asarray(images)
    dtype = images.dtype
    if dtype == np.uint8:
        return images
    if dtype.kind == "f":
        scaled = images * dtype.type(255.5)
        return np.clip(np.nan_to_num(scaled, nan=0.0), 0, 255).astype(np.uint8)
    if dtype.kind in "iu":
        in_max = int(np.iinfo(dtype).max)
        if in_max > 255:
            scaled = np.floor_divide(images, dtype.type((in_max + 1) // 256))
            return np.clip(scaled, 0, 255).astype(np.uint8)
        return (np.clip(images, 0, 255).astype(np.uint8) * ((255 + 1) // (in_max + 1))).astype(
            np.uint8
        )
    raise TypeError(f"Images must be of a numeric dtype to convert to uint8, got {dtype}")


def _chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def encode_png(image, compression=-1):
    """The PNG file of one `[height, width, channels]` uint8 image (1 to 4 channels)."""
    image = np.asarray(image)
    if image.dtype != np.uint8:
        raise TypeError(f"encode_png takes a uint8 image, got {image.dtype}")
    if image.ndim != 3 or image.shape[2] not in _COLOR_TYPES:
        raise ValueError(
            f"An image must be [height, width, channels] with 1 to 4 channels, got shape "
            f"{image.shape}"
        )
    height, width, channels = image.shape
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOR_TYPES[channels], 0, 0, 0)
    rows = np.zeros((height, 1 + width * channels), np.uint8)  # column 0: filter type 0
    rows[:, 1:] = image.reshape(height, width * channels)
    return (
        _PNG_SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows.tobytes(), compression))
        + _chunk(b"IEND", b"")
    )
