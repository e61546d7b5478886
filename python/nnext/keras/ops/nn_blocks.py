"""The layer-building functions of `keras.ops.nn`: moments and the normalizations (batch,
layer, RMS, L-p), scaled dot-product attention, depth/space rearrangements and PSNR.
All are compositions of C++ ops, differentiable through them."""

import math

import numpy as np

from nnext import _core
from nnext.keras import config
from nnext.keras.keras_tensor import symbolic
from nnext.keras.ops._base import axes_list, canonical_axis, convert, float_operands, to_float

__all__ = [
    "batch_normalization",
    "depth_to_space",
    "dot_product_attention",
    "layer_normalization",
    "moments",
    "normalize",
    "psnr",
    "rms_normalization",
    "space_to_depth",
]


def _epsilon():
    return config.epsilon()


@symbolic
def moments(x, axes, keepdims=False, synchronized=False):
    """The mean and variance of `x` over `axes`.

    Returns:
        A tuple `(mean, variance)`.
    """
    x = to_float(x)
    axes = axes_list(axes, x.ndim)
    mean = _core.reduce_mean(x, axes, True)
    variance = _core.reduce_mean(_core.square(x - mean), axes, True)
    if not keepdims:
        mean, variance = _core.squeeze(mean, axes), _core.squeeze(variance, axes)
    return mean, variance


@symbolic
def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    """`(x - mean) / sqrt(variance + epsilon) * scale + offset`, the statistics given per
    position of `axis`."""
    x = to_float(x)
    axis = canonical_axis(axis, x.ndim)
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]

    def along_axis(v):
        v = convert(v, x.dtype.name)
        return _core.reshape(v, shape) if v.ndim == 1 and x.ndim > 1 else v

    inv = 1.0 / _core.sqrt(along_axis(variance) + epsilon)
    if scale is not None:
        inv = inv * along_axis(scale)
    res = -along_axis(mean) * inv
    if offset is not None:
        res = res + along_axis(offset)
    return x * inv + res


@symbolic
def normalize(x, axis=-1, order=2, epsilon=None):
    """`x` divided by its `order`-norm along `axis` (at least `epsilon`)."""
    if not isinstance(order, int) or not order >= 1:
        raise ValueError(f"Argument `order` must be an int >= 1. Received: order={order}")
    x = to_float(x)
    if x.ndim == 0:
        x = _core.reshape(x, [1])
    epsilon = _epsilon() if epsilon is None else epsilon
    axes = axes_list(axis, x.ndim)
    if order == 2:
        inv_norm = 1.0 / _core.sqrt(_core.reduce_sum(_core.square(x), axes, True))
        return x * _core.minimum(inv_norm, 1.0 / epsilon)
    norm = _core.pow(
        _core.reduce_sum(_core.pow(_core.abs(x), float(order)), axes, True), 1.0 / order
    )
    return x / _core.maximum(norm, epsilon)


def _broadcast_along(v, x, axes):
    if v is None:
        return None
    v = convert(v, x.dtype.name)
    if v.ndim != x.ndim and axes != [x.ndim - 1]:
        shape = [x.shape[d] if d in axes else 1 for d in range(x.ndim)]
        v = _core.reshape(v, shape)
    return v


@symbolic
def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    """`(x - mean) / sqrt(var + epsilon) * gamma + beta` over `axis` (statistics of each
    example). `rms_scaling=True` divides by `sqrt(var + epsilon)` without centering."""
    rms_scaling = kwargs.pop("rms_scaling", False)
    if kwargs:
        raise ValueError(f"layer_normalization: unexpected arguments {sorted(kwargs)}")
    x = to_float(x)
    epsilon = _epsilon() if epsilon is None else epsilon
    axes = axes_list(axis, x.ndim)
    gamma, beta = _broadcast_along(gamma, x, axes), _broadcast_along(beta, x, axes)
    mean = _core.reduce_mean(x, axes, True)
    variance = _core.reduce_mean(_core.square(x - mean), axes, True)
    inv = 1.0 / _core.sqrt(variance + epsilon)
    if rms_scaling:
        out = x * inv
        return out * gamma if gamma is not None else out
    if gamma is not None:
        inv = inv * gamma
    res = -mean * inv
    if beta is not None:
        res = res + beta
    return x * inv + res


@symbolic
def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """`x / sqrt(mean(x**2) + epsilon) * scale` over `axis`."""
    x = to_float(x)
    epsilon = _epsilon() if epsilon is None else epsilon
    if x.ndim == 0:
        x = _core.reshape(x, [1])
    axes = axes_list(axis, x.ndim)
    out = x / _core.sqrt(_core.reduce_mean(_core.square(x), axes, True) + epsilon)
    return out * convert(scale, x.dtype.name) if scale is not None else out


@symbolic
def psnr(x1, x2, max_val):
    """Peak signal-to-noise ratio `20 log10(max_val) - 10 log10(mse(x1, x2))`."""
    a, b = float_operands(x1, x2)
    if tuple(a.shape) != tuple(b.shape):
        raise ValueError(
            "Input shapes must be the same for PSNR calculation. "
            f"Received: x1.shape={tuple(a.shape)}, x2.shape={tuple(b.shape)}"
        )
    mse = _core.reduce_mean(_core.square(a - b))
    return 20.0 * math.log10(float(max_val)) - 10.0 * _core.log(mse) / math.log(10.0)


def _data_format(data_format):
    data_format = data_format or config.image_data_format()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            "data_format must be 'channels_last' or 'channels_first'. "
            f"Received: data_format={data_format}"
        )
    return data_format


@symbolic
def depth_to_space(x, block_size, data_format="channels_last"):
    """Moves blocks of channels into `block_size` x `block_size` spatial blocks (4-D)."""
    x = convert(x)
    b = int(block_size)
    if _data_format(data_format) == "channels_first":
        x = _core.transpose(x, [0, 2, 3, 1])
    n, h, w, c = x.shape
    out = _core.reshape(x, [n, h, w, b, b, c // (b * b)])
    out = _core.reshape(_core.transpose(out, [0, 1, 3, 2, 4, 5]), [n, h * b, w * b, c // (b * b)])
    return _core.transpose(out, [0, 3, 1, 2]) if data_format == "channels_first" else out


@symbolic
def space_to_depth(x, block_size, data_format="channels_last"):
    """Moves `block_size` x `block_size` spatial blocks into channels (4-D)."""
    x = convert(x)
    b = int(block_size)
    if _data_format(data_format) == "channels_first":
        x = _core.transpose(x, [0, 2, 3, 1])
    n, h, w, c = x.shape
    out = _core.reshape(x, [n, h // b, b, w // b, b, c])
    out = _core.reshape(_core.transpose(out, [0, 1, 3, 2, 4, 5]), [n, h // b, w // b, b * b * c])
    return _core.transpose(out, [0, 3, 1, 2]) if data_format == "channels_first" else out


@symbolic
def dot_product_attention(
    query,
    key,
    value,
    bias=None,
    mask=None,
    scale=None,
    is_causal=False,
    flash_attention=None,
    attn_logits_soft_cap=None,
):
    """Scaled dot-product attention `softmax(q k^T * scale + bias) v` on (B, T, N, H)
    tensors; `mask` (bool, True = attend) and `is_causal` hide positions. Keys and values
    may have fewer heads than queries (grouped-query attention)."""
    if flash_attention:
        raise ValueError("Flash attention is not supported on nnext's CPU backend.")
    from nnext.keras.ops.numpy_product import einsum

    q, k, v = float_operands(query, key, value)
    if q.ndim != 4:
        raise ValueError(
            f"`dot_product_attention` only supports 4D inputs. Received: "
            f"query.shape={tuple(q.shape)}"
        )
    heads, kv_heads = q.shape[2], k.shape[2]
    if heads != kv_heads:
        if heads % kv_heads:
            raise ValueError(
                f"The number of query heads ({heads}) must be a multiple of the "
                f"number of key/value heads ({kv_heads})."
            )
        index = _core.convert_to_tensor([h // (heads // kv_heads) for h in range(heads)])
        k, v = _core.gather(k, index, 2), _core.gather(v, index, 2)
    scale = 1.0 / math.sqrt(q.shape[-1]) if scale is None else float(scale)
    logits = einsum("btnh,bsnh->bnts", q, k) * scale
    if attn_logits_soft_cap is not None:
        cap = float(attn_logits_soft_cap)
        logits = _core.tanh(logits / cap) * cap
    if bias is not None:
        logits = logits + convert(bias, logits.dtype.name)
    hidden = None
    if mask is not None:
        hidden = _core.logical_not(_core.cast(convert(mask), "bool"))
    if is_causal:
        t, s = logits.shape[-2], logits.shape[-1]
        future = _core.greater(
            _core._range(0.0, float(s), 1.0, "int32"),
            _core.reshape(_core._range(0.0, float(t), 1.0, "int32"), [t, 1]),
        )
        hidden = future if hidden is None else _core.logical_or(hidden, future)
    if hidden is not None:
        large_negative = -0.7 * float(np.finfo(logits.dtype.name).max)
        logits = _core.where(hidden, _core.ones_like(logits) * large_negative, logits)
    weights = _core.softmax(logits, -1)
    return einsum("bnts,bsnh->btnh", weights, v)
