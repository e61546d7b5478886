"""Sliding and adaptive windows of `keras.ops.nn`: `unfold` (im2col) and its adjoint `fold`
(col2im), and adaptive average/max pooling.

The windows are static index maps built once with NumPy; the data moves by C++ gathers,
scatter-adds and matrix products, so every function is differentiable. Adaptive pooling
splits each spatial axis into PyTorch's bins (start floor(i L / n), end ceil((i+1) L / n))
and pools the axes one after another: box averages and maxima factor over axes.
"""

import numpy as np

from nnext import _core
from nnext.keras import config
from nnext.keras.keras_tensor import symbolic
from nnext.keras.ops._base import to_float

__all__ = ["adaptive_average_pool", "adaptive_max_pool", "fold", "unfold"]


def _pair(value, name):
    pair = (value, value) if isinstance(value, int) else tuple(value)
    if len(pair) != 2:
        raise ValueError(f"`{name}` must be an int or a pair of ints. Received: {name}={value}")
    return tuple(int(v) for v in pair)


def _patch_index(height, width, kernel, dilation, stride):
    """Flat positions (kh * kw, L) in a (height, width) plane read by each patch element."""
    out_h = (height - (kernel[0] - 1) * dilation[0] - 1) // stride[0] + 1
    out_w = (width - (kernel[1] - 1) * dilation[1] - 1) // stride[1] + 1
    if out_h <= 0 or out_w <= 0:
        raise ValueError(
            f"unfold: a {kernel} kernel with dilation {dilation} does not fit a padded "
            f"{height}x{width} input"
        )
    rows = np.arange(out_h)[:, None] * stride[0]
    cols = np.arange(out_w)[None, :] * stride[1]
    index = [
        ((rows + ki * dilation[0]) * width + cols + kj * dilation[1]).reshape(-1)
        for ki in range(kernel[0])
        for kj in range(kernel[1])
    ]
    return np.stack(index).astype(np.int32)


@symbolic
def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    """Sliding local blocks of a (N, C, H, W) batch, as `torch.nn.functional.unfold`.

    Returns:
        A tensor of shape (N, C * kh * kw, L), L the number of block positions.
    """
    x = to_float(x)
    if x.ndim != 4:
        raise ValueError(f"unfold expects a 4-D (N, C, H, W) input. Received: {tuple(x.shape)}")
    kernel, dilation = _pair(kernel_size, "kernel_size"), _pair(dilation, "dilation")
    padding, stride = _pair(padding, "padding"), _pair(stride, "stride")
    n, c = x.shape[0], x.shape[1]
    x = _core.pad(x, [[0, 0], [0, 0], [padding[0]] * 2, [padding[1]] * 2], "CONSTANT", 0.0)
    height, width = x.shape[2], x.shape[3]
    index = _patch_index(height, width, kernel, dilation, stride)
    flat = _core.reshape(x, [n, c, height * width])
    patches = _core.gather(flat, _core.convert_to_tensor(index), 2)  # (n, c, kk, L)
    return _core.reshape(patches, [n, c * index.shape[0], index.shape[1]])


@symbolic
def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Sums sliding blocks (N, C * kh * kw, L) back into a (N, C, H, W) batch, the adjoint
    of `unfold` (overlapping positions add up), as `torch.nn.functional.fold`."""
    x = to_float(x)
    if x.ndim != 3:
        raise ValueError(f"fold expects a 3-D (N, C*kh*kw, L) input. Received: {tuple(x.shape)}")
    out_h, out_w = _pair(output_size, "output_size")
    kernel, dilation = _pair(kernel_size, "kernel_size"), _pair(dilation, "dilation")
    padding, stride = _pair(padding, "padding"), _pair(stride, "stride")
    height, width = out_h + 2 * padding[0], out_w + 2 * padding[1]
    index = _patch_index(height, width, kernel, dilation, stride)
    n, ckk, blocks = x.shape
    kk = index.shape[0]
    if ckk % kk or blocks != index.shape[1]:
        raise ValueError(
            f"fold: input of shape {tuple(x.shape)} does not hold {kk}-element blocks at "
            f"{index.shape[1]} positions"
        )
    c = ckk // kk
    # (n, c, kk, L) -> (kk * L, n, c): one scatter-add row per patch element.
    rows = _core.reshape(
        _core.transpose(_core.reshape(x, [n, c, kk, blocks]), [2, 3, 0, 1]), [kk * blocks, n, c]
    )
    target = _core.convert_to_tensor(index.reshape(-1, 1))
    plane = _core.scatter_nd(target, rows, [height * width, n, c])
    out = _core.reshape(_core.transpose(plane, [1, 2, 0]), [n, c, height, width])
    return out[:, :, padding[0] : padding[0] + out_h, padding[1] : padding[1] + out_w]


def _bins(length, size):
    starts = np.floor(np.arange(size) * length / size).astype(np.int64)
    ends = np.ceil(np.arange(1, size + 1) * length / size).astype(np.int64)
    return starts, ends


def _average_axis(x, axis, size):
    length = x.shape[axis]
    starts, ends = _bins(length, size)
    weights = np.zeros((size, length))
    for i, (s, e) in enumerate(zip(starts, ends)):
        weights[i, s:e] = 1.0 / (e - s)
    w = _core.convert_to_tensor(weights.astype(x.dtype.name))
    moved = _core.transpose(x, [d for d in range(x.ndim) if d != axis] + [axis])
    pooled = _core.matmul(moved, w, False, True)
    back = list(range(x.ndim - 1))
    back.insert(axis, x.ndim - 1)
    return _core.transpose(pooled, back)


def _max_axis(x, axis, size):
    length = x.shape[axis]
    starts, ends = _bins(length, size)
    widest = int((ends - starts).max())
    offsets = starts[:, None] + np.arange(widest)[None, :]
    inside = offsets < ends[:, None]
    index = _core.convert_to_tensor(np.minimum(offsets, length - 1).astype(np.int32))
    windows = _core.gather(x, index, axis)  # the axis becomes (size, widest)
    shape = [1] * windows.ndim
    shape[axis], shape[axis + 1] = size, widest
    mask = _core.reshape(_core.convert_to_tensor(inside), shape)
    lowest = _core.ones([], x.dtype.name) * float("-inf")
    return _core.reduce_max(_core.where(mask, windows, lowest), [axis + 1], False)


def _adaptive_pool(inputs, output_size, data_format, pool_axis):
    x = to_float(inputs)
    spatial = x.ndim - 2
    if spatial not in (1, 2, 3):
        raise ValueError(
            "Adaptive pooling expects a 3-D, 4-D or 5-D input (batch, spatial..., channels). "
            f"Received: inputs.shape={tuple(x.shape)}"
        )
    sizes = (output_size,) * spatial if isinstance(output_size, int) else tuple(output_size)
    if len(sizes) != spatial:
        raise ValueError(f"`output_size` must have {spatial} entries. Received: {output_size}")
    data_format = data_format or config.image_data_format()
    first = 2 if data_format == "channels_first" else 1
    for k, size in enumerate(sizes):
        x = pool_axis(x, first + k, int(size))
    return x


@symbolic
def adaptive_average_pool(inputs, output_size, data_format=None):
    """Average pooling to a fixed `output_size` per spatial axis, whatever the input size
    (each output averages its bin of the input)."""
    return _adaptive_pool(inputs, output_size, data_format, _average_axis)


@symbolic
def adaptive_max_pool(inputs, output_size, data_format=None):
    """Max pooling to a fixed `output_size` per spatial axis (each output is the maximum of
    its bin of the input)."""
    return _adaptive_pool(inputs, output_size, data_format, _max_axis)
