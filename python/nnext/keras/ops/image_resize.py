"""Resampling in `keras.ops.image`: `resize` (nearest, bilinear, bicubic, Lanczos 3/5, with
antialiasing, aspect-ratio crop or pad), `scale_and_translate`, and the patch extractions
`extract_patches` / `extract_patches_3d`.

Resampling is separable, as in JAX's `scale_and_translate` (which Keras's backends share):
each resized axis is a product with a (input, output) weight matrix built once in NumPy from
the kernel (triangle, Keys cubic or Lanczos, widened by the scale when antialiasing), so the
result is differentiable in the images. Nearest neighbour is a gather. Integer images
resample in float32, then round, clip to the input's range and return in their own dtype.
Patches are a convolution with an identity kernel, as Keras extracts them.
"""

import numpy as np

from nnext import _core
from nnext.keras import config
from nnext.keras.keras_tensor import KerasTensor, symbolic_with_spec
from nnext.keras.ops._base import convert
from nnext.keras.ops.nn_conv import _conv_spec, conv

__all__ = ["extract_patches", "extract_patches_3d", "resize", "scale_and_translate"]

RESIZE_INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic")
SCALE_AND_TRANSLATE_METHODS = {
    "linear",
    "bilinear",
    "trilinear",
    "cubic",
    "bicubic",
    "tricubic",
    "lanczos3",
    "lanczos5",
}


def _triangle(x):
    return np.maximum(0, 1 - np.abs(x))


def _keys_cubic(x):
    out = ((1.5 * x - 2.5) * x) * x + 1.0
    out = np.where(x >= 1.0, ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0, out)
    return np.where(x >= 2.0, 0.0, out)


def _lanczos(radius):
    def kernel(x):
        y = radius * np.sin(np.pi * x) * np.sin(np.pi * x / radius)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(x > 1e-3, np.divide(y, np.where(x != 0, np.pi**2 * x**2, 1)), 1)
        return np.where(x > radius, 0.0, out)

    return kernel


_KERNELS = {
    "linear": _triangle,
    "bilinear": _triangle,
    "cubic": _keys_cubic,
    "bicubic": _keys_cubic,
    "lanczos3": _lanczos(3.0),
    "lanczos5": _lanczos(5.0),
}


def _weight_matrix(input_size, output_size, scale, translation, kernel, antialias):
    """(input_size, output_size) weights: output j reads input i with weight W[i, j]."""
    dtype = np.result_type(scale, translation)
    inv_scale = 1.0 / scale
    kernel_scale = np.maximum(inv_scale, 1.0) if antialias else 1.0
    sample = (np.arange(output_size, dtype=dtype) + 0.5) * inv_scale - translation * inv_scale
    sample = sample - 0.5
    x = np.abs(sample[np.newaxis, :] - np.arange(input_size, dtype=dtype)[:, np.newaxis])
    weights = kernel(x / kernel_scale)
    total = np.sum(weights, axis=0, keepdims=True)
    weights = np.where(
        np.abs(total) > 1000.0 * np.finfo(np.float32).eps,
        np.divide(weights, np.where(total != 0, total, 1)),
        0,
    )
    inside = np.logical_and(sample >= -0.5, sample <= input_size - 0.5)
    return np.where(inside[np.newaxis, :], weights, 0)


def _apply_along(x, axis, weights):
    """`x` with axis `axis` (length m) replaced by its product with `weights` (m, n)."""
    order = [a for a in range(x.ndim) if a != axis] + [axis]
    moved = _core.transpose(x, order)
    outer = list(moved.shape[:-1])
    flat = _core.reshape(moved, [-1, weights.shape[0]])
    w = _core.convert_to_tensor(np.ascontiguousarray(weights.astype(x.dtype.name)))
    out = _core.reshape(_core.matmul(flat, w), [*outer, weights.shape[1]])
    back = [order.index(a) for a in range(x.ndim)]
    return _core.transpose(out, back)


def _scale_and_translate(x, output_shape, spatial_dims, scale, translation, kernel, antialias):
    if len(spatial_dims) == 0:
        return x
    integer = not x.dtype.is_floating
    out = _core.cast(x, "float32") if integer else x
    for i, d in enumerate(spatial_dims):
        d = d % x.ndim
        weights = _weight_matrix(
            x.shape[d], output_shape[d], scale[i], translation[i], kernel, antialias
        )
        out = _apply_along(out, d, weights)
    if integer:
        low = _core.cast(_core.reduce_min(x, None, False), "float32")
        high = _core.cast(_core.reduce_max(x, None, False), "float32")
        out = _core.cast(_core.clip_by_value(_core.round_half_even(out), low, high), x.dtype.name)
    return out


def _resize_nearest(x, output_shape):
    for d in range(x.ndim):
        m, n = x.shape[d], output_shape[d]
        if m == n:
            continue
        offsets = np.floor((np.arange(n, dtype=np.float32) + 0.5) * m / n).astype(np.int64)
        x = _core.gather(x, _core.convert_to_tensor(offsets), d)
    return x


def _height_width_axes(ndim, data_format):
    return (ndim - 3, ndim - 2) if data_format == "channels_last" else (ndim - 2, ndim - 1)


def _crop_to_aspect(x, height_axis, width_axis, target_height, target_width):
    height, width = x.shape[height_axis], x.shape[width_axis]
    crop_height = max(min(height, int(float(width * target_height) / target_width)), 1)
    crop_width = max(min(width, int(float(height * target_width) / target_height)), 1)
    top, left = int(float(height - crop_height) / 2), int(float(width - crop_width) / 2)
    index = [slice(None)] * x.ndim
    index[height_axis] = slice(top, top + crop_height)
    index[width_axis] = slice(left, left + crop_width)
    return x[tuple(index)]


def _pad_to_aspect(x, height_axis, width_axis, target_height, target_width, fill_value):
    """Centres the image in `fill_value` bands: above and below, or else left and right."""
    height, width = x.shape[height_axis], x.shape[width_axis]
    pad_height = max(height, int(float(width * target_height) / target_width))
    pad_width = max(width, int(float(height * target_width) / target_height))
    top, left = int(float(pad_height - height) / 2), int(float(pad_width - width) / 2)
    if top > 0:
        axis, amount = height_axis, top
    elif left > 0:
        axis, amount = width_axis, left
    else:
        return x
    shape = list(x.shape)
    shape[axis] = amount
    band = _core.zeros(shape, x.dtype.name) + _core.cast(
        _core.convert_to_tensor(fill_value), x.dtype.name
    )
    return _core.concat([band, x, band], axis)


def _resize_spec(
    images,
    size,
    interpolation="bilinear",
    antialias=False,
    crop_to_aspect_ratio=False,
    pad_to_aspect_ratio=False,
    fill_mode="constant",
    fill_value=0.0,
    data_format=None,
):
    data_format = config.standardize_data_format(data_format)
    shape = list(images.shape)
    rows, cols = _height_width_axes(len(shape), data_format)
    shape[rows], shape[cols] = size[0], size[1]
    return KerasTensor(shape, images.dtype)


def _check_resize(images, size, pad_to_aspect_ratio, crop_to_aspect_ratio):
    if len(size) != 2:
        raise ValueError(f"Expected `size` to be a tuple of 2 integers. Received: size={size}")
    if size[0] <= 0 or size[1] <= 0:
        raise ValueError(f"`size` must have positive height and width. Received: size={size}")
    if len(images.shape) not in (3, 4):
        raise ValueError(
            "Invalid images rank: expected rank 3 (single image) or rank 4 (batch of images). "
            f"Received input with shape: images.shape={tuple(images.shape)}"
        )
    if pad_to_aspect_ratio and crop_to_aspect_ratio:
        raise ValueError(
            "Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`."
        )


@symbolic_with_spec(_resize_spec)
def resize(
    images,
    size,
    interpolation="bilinear",
    antialias=False,
    crop_to_aspect_ratio=False,
    pad_to_aspect_ratio=False,
    fill_mode="constant",
    fill_value=0.0,
    data_format=None,
):
    """Resizes images (3-D, or 4-D batches) to `size` = (height, width).

    Args:
        interpolation: 'bilinear', 'nearest', 'bicubic', 'lanczos3' or 'lanczos5'.
        antialias: widen the kernel by the shrink factor when downsampling.
        crop_to_aspect_ratio: first crop the centre to the target's aspect ratio.
        pad_to_aspect_ratio: first pad with `fill_value` to the target's aspect ratio.
        fill_mode: 'constant' only (as Keras).
    """
    images = convert(images)
    size = tuple(size)
    _check_resize(images, size, pad_to_aspect_ratio, crop_to_aspect_ratio)
    data_format = config.standardize_data_format(data_format)
    if interpolation not in RESIZE_INTERPOLATIONS:
        raise ValueError(
            "Invalid value for argument `interpolation`. Expected of one "
            f"{RESIZE_INTERPOLATIONS}. Received: interpolation={interpolation}"
        )
    if fill_mode != "constant":
        raise ValueError(
            "Invalid value for argument `fill_mode`. Only `'constant'` is supported. "
            f"Received: fill_mode={fill_mode}"
        )
    rows, cols = _height_width_axes(images.ndim, data_format)
    if crop_to_aspect_ratio:
        images = _crop_to_aspect(images, rows, cols, *size)
    elif pad_to_aspect_ratio:
        images = _pad_to_aspect(images, rows, cols, *size, fill_value)
    target = list(images.shape)
    target[rows], target[cols] = size
    if interpolation == "nearest":
        return _resize_nearest(images, target)
    dims = [d for d in range(images.ndim) if images.shape[d] != target[d]]
    scale = [target[d] / images.shape[d] for d in dims]
    return _scale_and_translate(
        images, target, dims, scale, [0.0] * len(dims), _KERNELS[interpolation], antialias
    )


def _scale_spec(images, output_shape, scale, translation, spatial_dims, method, antialias=True):
    return KerasTensor(tuple(output_shape), images.dtype)


@symbolic_with_spec(_scale_spec, call_arguments=("images", "output_shape", "scale", "translation"))
def scale_and_translate(
    images, output_shape, scale, translation, spatial_dims, method, antialias=True
):
    """JAX's `scale_and_translate`: resamples `spatial_dims` of `images` to `output_shape`,
    output pixel centre `(i + 0.5 - translation) / scale - 0.5` in input coordinates.
    Differentiable in the images (`scale` and `translation` are read as constants)."""
    if method not in SCALE_AND_TRANSLATE_METHODS:
        raise ValueError(
            "Invalid value for argument `method`. Expected of one "
            f"{SCALE_AND_TRANSLATE_METHODS}. Received: method={method}"
        )
    if method in ("linear", "bilinear", "trilinear"):
        method = "linear"
    elif method in ("cubic", "bicubic", "tricubic"):
        method = "cubic"
    images = convert(images)
    scale, translation = (_constant(v) for v in (scale, translation))
    dtype = np.result_type(scale.dtype, translation.dtype)
    return _scale_and_translate(
        images,
        list(output_shape),
        list(spatial_dims),
        scale.astype(dtype),
        translation.astype(dtype),
        _KERNELS[method],
        antialias,
    )


def _constant(value):
    array = value.numpy() if isinstance(value, _core.Tensor) else np.asarray(value)
    if array.dtype.kind != "f":
        array = array.astype(config.floatx())
    return array.reshape(-1)


def _patch_sizes(size, rank):
    if isinstance(size, int):
        return (size,) * rank
    if not isinstance(size, (tuple, list)):
        raise TypeError(
            "Invalid `size` argument. Expected an int or a tuple. "
            f"Received: size={size} of type {type(size).__name__}"
        )
    if len(size) not in (2, 3):
        raise ValueError(
            "Invalid `size` argument. Expected a tuple of length 2 or 3. "
            f"Received: size={size} with length {len(size)}"
        )
    return tuple(size)


def _identity_kernel(size, channels, dtype):
    out_dim = int(np.prod(size)) * channels
    return np.eye(out_dim, dtype=dtype).reshape(*size, channels, out_dim)


def _patches(images, size, strides, dilation_rate, padding, data_format, spec=False):
    rank = len(size)
    data_format = config.standardize_data_format(data_format)
    unbatched = len(images.shape) == rank + 1
    if strides is None or (not strides and not isinstance(strides, int)):
        strides = size
    channels = images.shape[-1] if data_format == "channels_last" else images.shape[-rank - 1]
    kernel = _identity_kernel(size, channels, "float32")
    if spec:
        shape = ((1,) if unbatched else ()) + tuple(images.shape)
        out = _conv_spec(
            KerasTensor(shape, images.dtype), kernel, strides, padding, data_format, dilation_rate
        )
        shape = out.shape[1:] if unbatched else out.shape
        return KerasTensor(shape, images.dtype)
    x = convert(images)
    if not x.dtype.is_floating:
        x = _core.cast(x, config.floatx())
    if unbatched:
        x = _core.expand_dims(x, 0)
    patches = conv(x, kernel.astype(x.dtype.name), strides, padding, data_format, dilation_rate)
    return _core.squeeze(patches, [0]) if unbatched else patches


def _extract_spec(images, size, strides=None, dilation_rate=1, padding="valid", data_format=None):
    size = _patch_sizes(size, 2)
    return _patches(images, size, strides, dilation_rate, padding, data_format, spec=True)


@symbolic_with_spec(_extract_spec)
def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid", data_format=None):
    """Patches of `size` (2 ints for images, 3 for volumes) at `strides` (default `size`),
    flattened into the channel axis: (..., out_h, out_w, size_h * size_w * channels)."""
    size = _patch_sizes(size, 2)
    return _patches(images, size, strides, dilation_rate, padding, data_format)


def _extract_3d_spec(
    volumes, size, strides=None, dilation_rate=1, padding="valid", data_format=None
):
    size = (size,) * 3 if isinstance(size, int) else tuple(size)
    return _patches(volumes, size, strides, dilation_rate, padding, data_format, spec=True)


@symbolic_with_spec(_extract_3d_spec)
def extract_patches_3d(
    volumes, size, strides=None, dilation_rate=1, padding="valid", data_format=None
):
    """3-D patches of volumes (batch, depth, height, width, channels), flattened into the
    channel axis."""
    size = (size,) * 3 if isinstance(size, int) else tuple(size)
    if len(size) != 3:
        raise TypeError(
            f"Invalid `size` argument. Expected an int or a tuple of length 3. Received: "
            f"size={size}"
        )
    if isinstance(strides, int):
        strides = (strides,) * 3
    if strides is not None and len(strides) != 3:
        raise ValueError(f"Invalid `strides` argument. Got: {strides}")
    return _patches(volumes, size, strides, dilation_rate, padding, data_format)
