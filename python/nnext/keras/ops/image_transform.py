"""Geometric resampling in `keras.ops.image`: `map_coordinates` (nearest or linear
interpolation at arbitrary coordinates), and the affine, perspective and elastic warps of
image batches built on it.

Each output value gathers the 2^N (or 1) input neighbours of its coordinate in C++ and
mixes them with weights computed from the coordinate, so the result is differentiable in
the input values (and, for linear interpolation, in the coordinates). Outside the input,
`fill_mode` decides which value is read: 'constant' (`fill_value`), 'nearest' (the edge),
'wrap' (periodic), 'mirror' (d c b | a b c d | c b a) or 'reflect' (d c b a | a b c d | d c b a).
"""

import numpy as np

from nnext import _core
from nnext import random as nrandom
from nnext.keras import config
from nnext.keras.keras_tensor import symbolic
from nnext.keras.ops._base import convert, to_float

__all__ = ["affine_transform", "elastic_transform", "map_coordinates", "perspective_transform"]

_FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
_INTERPOLATIONS = {"nearest": 0, "bilinear": 1}


def _fold_index(index, size, mode):
    """Integer indices (int64 tensor) mapped into [0, size) by the fill mode; also the mask
    of indices that read inside (always true except for 'constant')."""
    inside = _core.logical_and(_core.greater_equal(index, 0), _core.less(index, size))
    if mode == "constant" or mode == "nearest":
        folded = _core.minimum(_core.maximum(index, 0), size - 1)
    elif mode == "wrap":
        folded = _core.mod(index, size)
    elif mode == "mirror":
        period = max(2 * size - 2, 1)
        r = _core.mod(index, period)
        folded = _core.where(_core.less(r, size), r, period - r)
    else:  # reflect: the edge is repeated
        r = _core.mod(index, 2 * size)
        folded = _core.where(_core.less(r, size), r, 2 * size - 1 - r)
    if mode != "constant":
        inside = _core.ones_like(inside)
    return folded, inside


@symbolic
def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    """Values of `inputs` at `coordinates` (shape (inputs.ndim, ...)): order 0 takes the
    nearest element, order 1 interpolates linearly between neighbours."""
    x = convert(inputs)
    coords = to_float(coordinates)
    if coords.ndim < 2 or coords.shape[0] != x.ndim:
        raise ValueError(
            "First dim of `coordinates` must be the same as the rank of `inputs`. Received "
            f"inputs with shape: {tuple(x.shape)} and coordinates of shape {tuple(coords.shape)}"
        )
    if fill_mode not in _FILL_MODES:
        raise ValueError(
            f"Invalid value for argument `fill_mode`. Expected one of {set(_FILL_MODES)}. "
            f"Received: fill_mode={fill_mode}"
        )
    if order not in (0, 1):
        raise ValueError(
            f"Invalid value for argument `order`. Expected one of [0, 1]. Received: order={order}"
        )
    values = x if x.dtype.is_floating else _core.cast(x, "float32")
    flat = _core.reshape(values, [-1])
    strides = np.cumprod([1] + list(x.shape[::-1]))[:-1][::-1]
    out_shape = list(coords.shape[1:])
    if order == 0:
        corners = [[(_core.floor(coords[d] + 0.5), None)] for d in range(x.ndim)]
    else:
        corners = []
        for d in range(x.ndim):
            low = _core.floor(coords[d])
            frac = coords[d] - low
            corners.append([(low, 1.0 - frac), (low + 1.0, frac)])
    total = None
    for choice in np.ndindex(*[len(c) for c in corners]):
        flat_index = _core.zeros(out_shape, "int64")
        weight, inside = None, None
        for d, k in enumerate(choice):
            position, w = corners[d][k]
            folded, ok = _fold_index(_core.cast(position, "int64"), x.shape[d], fill_mode)
            flat_index = flat_index + folded * int(strides[d])
            inside = ok if inside is None else _core.logical_and(inside, ok)
            if w is not None:
                weight = w if weight is None else weight * w
        sample = _core.gather(flat, flat_index)
        fill = _core.ones([], values.dtype.name) * fill_value
        sample = _core.where(inside, sample, fill)
        sample = sample if weight is None else sample * _core.cast(weight, values.dtype.name)
        total = sample if total is None else total + sample
    return total if x.dtype.is_floating else _core.cast(_core.round_half_even(total), x.dtype)


def _as_batch(images, data_format):
    images = to_float(images)
    if images.ndim not in (3, 4):
        raise ValueError(
            "Invalid images rank: expected rank 3 (single image) or rank 4 (batch of images). "
            f"Received input with shape: images.shape={tuple(images.shape)}"
        )
    single = images.ndim == 3
    if single:
        images = _core.expand_dims(images, 0)
    if (data_format or config.image_data_format()) == "channels_first":
        images = _core.transpose(images, [0, 2, 3, 1])
    return images, single


def _from_batch(images, single, data_format):
    if (data_format or config.image_data_format()) == "channels_first":
        images = _core.transpose(images, [0, 3, 1, 2])
    return _core.squeeze(images, [0]) if single else images


def _warp(images, x_in, y_in, interpolation, fill_mode, fill_value):
    """Samples each image b at (y_in[b], x_in[b]) for every channel: (B, H, W, C)."""
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(
            f"Invalid value for argument `interpolation`. Expected of one "
            f"{set(_INTERPOLATIONS)}. Received: interpolation={interpolation}"
        )
    batch, height, width, channels = images.shape
    planes = _core.reshape(_core.transpose(images, [0, 3, 1, 2]), [batch * channels, height, width])
    index = _core.reshape(
        _core._range(0.0, float(batch * channels), 1.0, images.dtype.name), [batch * channels, 1, 1]
    )
    x_rep = _core.reshape(
        _core.broadcast_to(_core.expand_dims(x_in, 1), [batch, channels, height, width]),
        [batch * channels, height, width],
    )
    y_rep = _core.reshape(
        _core.broadcast_to(_core.expand_dims(y_in, 1), [batch, channels, height, width]),
        [batch * channels, height, width],
    )
    plane_index = _core.broadcast_to(index, [batch * channels, height, width])
    coords = _core.stack([plane_index, y_rep, x_rep], 0)
    warped = map_coordinates(planes, coords, _INTERPOLATIONS[interpolation], fill_mode, fill_value)
    return _core.transpose(_core.reshape(warped, [batch, channels, height, width]), [0, 2, 3, 1])


def _pixel_grid(height, width, dtype):
    ys = _core.reshape(_core._range(0.0, float(height), 1.0, dtype), [1, height, 1])
    xs = _core.reshape(_core._range(0.0, float(width), 1.0, dtype), [1, 1, width])
    return xs, ys


def _apply_projective(images, transform, interpolation, fill_mode, fill_value):
    """Output pixel (x, y) reads the input at ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k),
    k = c0 x + c1 y + 1 (TensorFlow's projective transform rows)."""
    batch, height, width, _ = images.shape
    t = convert(transform, images.dtype.name)
    if t.ndim == 1:
        t = _core.expand_dims(t, 0)
    t = _core.broadcast_to(t, [batch, 8]) if t.shape[0] == 1 else t
    xs, ys = _pixel_grid(height, width, images.dtype.name)
    col = [_core.reshape(t[:, i], [batch, 1, 1]) for i in range(8)]
    k = col[6] * xs + col[7] * ys + 1.0
    x_in = (col[0] * xs + col[1] * ys + col[2]) / k
    y_in = (col[3] * xs + col[4] * ys + col[5]) / k
    return _warp(images, x_in, y_in, interpolation, fill_mode, fill_value)


@symbolic
def affine_transform(
    images,
    transform,
    interpolation="bilinear",
    fill_mode="constant",
    fill_value=0,
    data_format=None,
):
    """Warps images by projective `transform`s: [a0, a1, a2, b0, b1, b2, c0, c1] (one, or one
    per image) maps each output pixel (x, y) to the input point it reads."""
    if fill_mode not in _FILL_MODES:
        raise ValueError(
            f"Invalid value for argument `fill_mode`. Expected of one {set(_FILL_MODES)}. "
            f"Received: fill_mode={fill_mode}"
        )
    x, single = _as_batch(images, data_format)
    transform = convert(transform)
    if transform.ndim not in (1, 2):
        raise ValueError(
            "Invalid transform rank: expected rank 1 (single transform) or rank 2 (batch of "
            f"transforms). Received input with shape: transform.shape={tuple(transform.shape)}"
        )
    out = _apply_projective(x, transform, interpolation, fill_mode, fill_value)
    return _from_batch(out, single, data_format)


def _homography(start_points, end_points):
    """The transform rows mapping each end (output) corner to its start (input) corner."""
    from nnext.keras.ops.linalg import solve

    start = np.asarray(convert(start_points, "float64").numpy()).reshape(-1, 4, 2)
    end = np.asarray(convert(end_points, "float64").numpy()).reshape(-1, 4, 2)
    rows, rhs = [], []
    for i in range(4):
        xs, ys = start[:, i, 0], start[:, i, 1]
        xe, ye = end[:, i, 0], end[:, i, 1]
        one, zero = np.ones_like(xe), np.zeros_like(xe)
        rows += [
            np.stack([xe, ye, one, zero, zero, zero, -xs * xe, -xs * ye], -1),
            np.stack([zero, zero, zero, xe, ye, one, -ys * xe, -ys * ye], -1),
        ]
        rhs += [xs, ys]
    a = np.stack(rows, 1)
    b = np.stack(rhs, 1)[..., None]
    return _core.squeeze(solve(a, b), [-1])


@symbolic
def perspective_transform(
    images, start_points, end_points, interpolation="bilinear", fill_value=0, data_format=None
):
    """Warps images so that the four `start_points` (x, y) land on the `end_points`."""
    x, single = _as_batch(images, data_format)
    transform = _core.cast(_homography(start_points, end_points), x.dtype.name)
    out = _apply_projective(x, transform, interpolation, "constant", fill_value)
    return _from_batch(out, single, data_format)


@symbolic
def elastic_transform(
    images,
    alpha=20.0,
    sigma=5.0,
    interpolation="bilinear",
    fill_mode="reflect",
    fill_value=0.0,
    seed=None,
    data_format=None,
):
    """Elastic deformation: every pixel moves by a random displacement field (uniform noise
    in [-1, 1], smoothed by a Gaussian of `sigma`, scaled by `alpha`)."""
    from nnext.keras.ops.image_filter import gaussian_blur

    x, single = _as_batch(images, data_format)
    batch, height, width, _ = x.shape
    size = int(2 * np.ceil(3 * float(sigma)) + 1)
    size = max(min(size, 2 * max(height, width) - 1), 1)
    fields = []
    for k in range(2):
        noise = nrandom.uniform(
            [batch, height, width, 1],
            -1.0,
            1.0,
            dtype=x.dtype.name,
            seed=None if seed is None else int(seed) + k,
        )
        smooth = gaussian_blur(noise, (size, size), (float(sigma), float(sigma)))
        fields.append(_core.squeeze(smooth, [3]) * float(alpha))
    xs, ys = _pixel_grid(height, width, x.dtype.name)
    out = _warp(x, xs + fields[0], ys + fields[1], interpolation, fill_mode, fill_value)
    return _from_batch(out, single, data_format)
