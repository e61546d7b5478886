"""Separable filters in `keras.ops.image`: Gaussian blur, Sobel edges and SSIM.

Each filter factors into a 1-D pass per spatial axis: the axis is padded (zeros for the
blur, edge-reflection for Sobel, none for SSIM's 'valid' windows) and the taps are summed
as shifted slices, so everything runs as C++ slicing and arithmetic and is differentiable.
"""

import numpy as np

from nnext import _core
from nnext.keras.keras_tensor import symbolic
from nnext.keras.ops._base import to_float
from nnext.keras.ops.image_transform import _as_batch, _from_batch

__all__ = ["gaussian_blur", "sobel_edges", "ssim"]


def _taps(x, axis, weights):
    """sum_k weights[k] * x[..., i + k, ...] along `axis` ('valid' windows)."""
    n = x.shape[axis] - len(weights) + 1
    total = None
    for k, w in enumerate(weights):
        if w == 0:
            continue
        index = [slice(None)] * x.ndim
        index[axis] = slice(k, k + n)
        term = x[tuple(index)] * float(w)
        total = term if total is None else total + term
    return total


def _gaussian_1d(size, sigma):
    x = np.arange(size) - (size - 1) / 2
    kernel = np.exp(-0.5 * (x / sigma) ** 2)
    return kernel / kernel.sum()


@symbolic
def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    """Blurs images with a Gaussian kernel (zero padding, output the input's size).

    As Keras, the kernel's vertical extent and sigma are `kernel_size[1]`, `sigma[1]` and
    its horizontal ones `kernel_size[0]`, `sigma[0]`.
    """
    x, single = _as_batch(images, data_format)
    sizes = [int(v) for v in np.broadcast_to(np.asarray(kernel_size), (2,))]
    sigmas = [float(v) for v in np.broadcast_to(np.asarray(sigma, dtype=np.float64), (2,))]
    for axis, size, s in ((1, sizes[1], sigmas[1]), (2, sizes[0], sigmas[0])):
        before = (size - 1) // 2
        widths = [[0, 0]] * 4
        widths[axis] = [before, size - 1 - before]
        x = _taps(_core.pad(x, widths, "CONSTANT", 0.0), axis, _gaussian_1d(size, s))
    return _from_batch(x, single, data_format)


def _reflect_pad(x, axis):
    index = np.concatenate([[0], np.arange(x.shape[axis]), [x.shape[axis] - 1]])
    return _core.gather(x, _core.convert_to_tensor(index.astype(np.int32)), axis)


@symbolic
def sobel_edges(images, data_format=None):
    """Sobel gradients of each channel: the last axis holds (d/dy, d/dx), edges reflected
    (as `scipy.ndimage.sobel`)."""
    x = to_float(images)
    if x.ndim != 4:
        raise ValueError(f"sobel_edges expects a 4-D batch of images. Received: {x.shape}")
    x, _ = _as_batch(x, data_format)
    derivative, smooth = (-1.0, 0.0, 1.0), (1.0, 2.0, 1.0)
    dy = _taps(_reflect_pad(_taps(_reflect_pad(x, 2), 2, smooth), 1), 1, derivative)
    dx = _taps(_reflect_pad(_taps(_reflect_pad(x, 1), 1, smooth), 2), 2, derivative)
    edges = _core.stack([dy, dx], -1)
    if data_format == "channels_first":
        edges = _core.transpose(edges, [0, 3, 1, 2, 4])
    return edges


@symbolic
def ssim(
    image1,
    image2,
    max_val=1.0,
    filter_size=11,
    filter_sigma=1.5,
    k1=0.01,
    k2=0.03,
    data_format=None,
):
    """Structural similarity of two images (or batches), averaged over the valid Gaussian
    windows and the channels: one value per image."""
    a, single = _as_batch(image1, data_format)
    b, _ = _as_batch(image2, data_format)
    weights = _gaussian_1d(int(filter_size), float(filter_sigma))

    def window_mean(v):
        return _taps(_taps(v, 1, weights), 2, weights)

    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    mu1, mu2 = window_mean(a), window_mean(b)
    var1 = window_mean(a * a) - mu1 * mu1
    var2 = window_mean(b * b) - mu2 * mu2
    cov = window_mean(a * b) - mu1 * mu2
    ssim_map = ((mu1 * mu2 * 2.0 + c1) * (cov * 2.0 + c2)) / (
        (mu1 * mu1 + mu2 * mu2 + c1) * (var1 + var2 + c2)
    )
    per_image = _core.reduce_mean(ssim_map, [1, 2, 3], False)
    return _core.squeeze(per_image, [0]) if single else per_image
