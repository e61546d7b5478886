"""Image functions, as TensorFlow's ``tf.image``: ``resize`` with 'nearest' and 'bilinear'
sampling at half-pixel centres (TensorFlow 2's and JAX's convention). Each output axis is
a gather along the input axis (and, for bilinear, a blend of two gathers), so ``resize`` is
differentiable in its images."""

import numpy as np

from nnext import _core

__all__ = ["resize"]


def _source_rows(size_in, size_out, method):
    """(lower, upper, weight of upper) input indices for each output index of one axis."""
    scale = size_in / size_out
    centres = (np.arange(size_out) + 0.5) * scale
    if method == "nearest":
        index = np.minimum(np.floor(centres), size_in - 1).astype(np.int64)
        return index, None, None
    position = centres - 0.5
    lower = np.floor(position)
    weight = position - lower
    lower_index = np.clip(lower, 0, size_in - 1).astype(np.int64)
    upper_index = np.clip(lower + 1, 0, size_in - 1).astype(np.int64)
    return lower_index, upper_index, weight


def _resize_axis(x, axis, size_out, method):
    lower, upper, weight = _source_rows(x.shape[axis], size_out, method)
    if method == "nearest":
        return _core.gather(x, lower, axis)
    shape = [1] * len(x.shape)
    shape[axis] = size_out
    w = _core.convert_to_tensor(weight.reshape(shape).astype(x.dtype.name))
    below, above = _core.gather(x, lower, axis), _core.gather(x, upper, axis)
    return _core.add(below, _core.multiply(_core.subtract(above, below), w))


def resize(
    images, size, method="bilinear", preserve_aspect_ratio=False, antialias=False, name=None
):
    """Resizes `images` (height, width, channels) or (batch, height, width, channels) to
    `size` = (new_height, new_width).

    Args:
        images: a 3-D or 4-D tensor; integer images compute in float32.
        size: two positive ints.
        method: 'bilinear' (the default) or 'nearest'.
        preserve_aspect_ratio: shrink `size` so that the aspect ratio is kept.
        antialias: not supported (ValueError when True and the image shrinks).

    Returns:
        The resized images; float32 for integer inputs with 'bilinear', the input dtype
        otherwise.

    >>> nnext.image.resize(tf.ones((1, 2, 2, 3)), (4, 4)).shape
    TensorShape([1, 4, 4, 3])
    """
    x = _core.convert_to_tensor(images)
    if len(x.shape) not in (3, 4):
        raise ValueError(
            f"resize: 'images' must have either 3 or 4 dimensions. Received: "
            f"images.shape={tuple(x.shape)}"
        )
    method = str(method).lower()
    if method in ("nearest_neighbor", "nearest"):
        method = "nearest"
    elif method != "bilinear":
        raise ValueError(
            f"resize: method must be 'bilinear' or 'nearest'. Received: method={method!r}"
        )
    height, width = (int(s) for s in size)
    if height <= 0 or width <= 0:
        raise ValueError(f"resize: size must be two positive ints. Received: size={size!r}")
    axis = len(x.shape) - 3
    if preserve_aspect_ratio:
        factor = min(height / x.shape[axis], width / x.shape[axis + 1])
        height = max(round(x.shape[axis] * factor), 1)
        width = max(round(x.shape[axis + 1] * factor), 1)
    if antialias and (height < x.shape[axis] or width < x.shape[axis + 1]):
        raise ValueError("resize: antialias=True is not supported when downsampling")
    if method == "bilinear" and not x.dtype.is_floating:
        x = _core.cast(x, "float32")
    x = _resize_axis(x, axis, height, method)
    return _resize_axis(x, axis + 1, width, method)
