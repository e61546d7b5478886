"""Neural-network functions of `keras.ops` (also `keras.ops.nn`): activations, softmax on
any axis, one-hot encodings, the cross-entropies, normalizations, moments and attention.

The activations that nnext computes in one C++ pass (relu, sigmoid, softplus, elu, gelu,
leaky_relu, softmax, log_softmax) call it; the rest are compositions with their gradients
for free. Convolutions and pooling live with the convolution ops.
"""

import math

import numpy as np

from nnext import _core
from nnext import nn as tf_nn
from nnext.keras import config
from nnext.keras.keras_tensor import symbolic
from nnext.keras.ops._base import (
    axes_list,
    canonical_axis,
    convert,
    float_operands,
    standardize_dtype,
    to_float,
)
from nnext.keras.ops.numpy_reduce import logsumexp

__all__ = [
    "batch_normalization",
    "binary_crossentropy",
    "categorical_crossentropy",
    "celu",
    "depth_to_space",
    "dot_product_attention",
    "elu",
    "gelu",
    "glu",
    "hard_shrink",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hard_tanh",
    "layer_normalization",
    "leaky_relu",
    "log_sigmoid",
    "log_softmax",
    "moments",
    "multi_hot",
    "normalize",
    "one_hot",
    "psnr",
    "relu",
    "relu6",
    "rms_normalization",
    "selu",
    "sigmoid",
    "silu",
    "soft_shrink",
    "softmax",
    "softplus",
    "softsign",
    "space_to_depth",
    "sparse_categorical_crossentropy",
    "sparse_plus",
    "sparse_sigmoid",
    "sparsemax",
    "squareplus",
    "swish",
    "tanh_shrink",
    "threshold",
]

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


@symbolic
def relu(x):
    """Rectified linear unit `max(x, 0)` (integers stay integers, as Keras)."""
    x = convert(x)
    return _core.relu(_core.cast(x, "int32") if x.dtype.name == "bool" else x)


@symbolic
def relu6(x):
    """`min(max(x, 0), 6)`."""
    return _core.minimum(_core.relu(to_float(x)), 6.0)


@symbolic
def sigmoid(x):
    """Logistic sigmoid `1 / (1 + exp(-x))`."""
    return _core.sigmoid(to_float(x))


@symbolic
def softplus(x):
    """`log(1 + exp(x))`, stable for large `|x|`."""
    return _core.softplus(to_float(x))


@symbolic
def softsign(x):
    """`x / (1 + |x|)`."""
    x = to_float(x)
    return x / (_core.abs(x) + 1.0)


@symbolic
def silu(x):
    """Sigmoid linear unit (swish) `x * sigmoid(x)`."""
    x = to_float(x)
    return x * _core.sigmoid(x)


swish = silu


@symbolic
def log_sigmoid(x):
    """`log(sigmoid(x)) = -softplus(-x)`."""
    return -_core.softplus(-to_float(x))


@symbolic
def leaky_relu(x, negative_slope=0.2):
    """`x` for positive `x`, `negative_slope * x` otherwise."""
    return _core.leaky_relu(to_float(x), float(negative_slope))


@symbolic
def hard_sigmoid(x):
    """Piecewise-linear sigmoid `relu6(x + 3) / 6`."""
    x = to_float(x)
    return _core.minimum(_core.relu(x + 3.0), 6.0) / 6.0


@symbolic
def hard_silu(x):
    """`x * hard_sigmoid(x)`."""
    x = to_float(x)
    return x * hard_sigmoid(x)


hard_swish = hard_silu


@symbolic
def elu(x, alpha=1.0):
    """Exponential linear unit: `x` if `x > 0`, else `alpha * (exp(x) - 1)`."""
    return _core.elu(to_float(x), float(alpha))


@symbolic
def selu(x):
    """Scaled ELU `scale * elu(x, alpha)` with the self-normalizing constants."""
    return _core.elu(to_float(x), _SELU_ALPHA) * _SELU_SCALE


@symbolic
def gelu(x, approximate=True):
    """Gaussian error linear unit `x * Phi(x)`; the tanh approximation by default (Keras)."""
    return _core.gelu(to_float(x), bool(approximate))


@symbolic
def celu(x, alpha=1.0):
    """`max(x, 0) + min(0, alpha * (exp(x / alpha) - 1))`."""
    x = to_float(x)
    return _core.relu(x) + _core.minimum(_core.exp(x / alpha) * alpha - alpha, 0.0)


@symbolic
def glu(x, axis=-1):
    """Gated linear unit: `a * sigmoid(b)` for the two halves `a, b` of `x` along `axis`."""
    x = to_float(x)
    axis = canonical_axis(axis, x.ndim)
    if x.shape[axis] % 2:
        raise ValueError(
            f"axis size must be divisible by 2. Received: x.shape={tuple(x.shape)} with axis={axis}"
        )
    a, b = _core.split(x, 2, axis)
    return a * _core.sigmoid(b)


@symbolic
def hard_tanh(x):
    """`clip(x, -1, 1)`."""
    return _core.clip_by_value(to_float(x), -1.0, 1.0)


@symbolic
def hard_shrink(x, threshold=0.5):
    """`x` where `|x| > threshold`, else 0."""
    x = to_float(x)
    return _core.where(_core.greater(_core.abs(x), threshold), x, _core.zeros_like(x))


@symbolic
def soft_shrink(x, threshold=0.5):
    """`x - threshold` above `threshold`, `x + threshold` below `-threshold`, else 0."""
    x = to_float(x)
    zero = _core.zeros_like(x)
    return _core.where(
        _core.greater(x, threshold),
        x - threshold,
        _core.where(_core.less(x, -threshold), x + threshold, zero),
    )


@symbolic
def tanh_shrink(x):
    """`x - tanh(x)`."""
    x = to_float(x)
    return x - _core.tanh(x)


@symbolic
def sparse_plus(x):
    """0 for `x <= -1`, `(x + 1)**2 / 4` on (-1, 1), `x` for `x >= 1`."""
    x = to_float(x)
    return _core.where(
        _core.less_equal(x, -1.0),
        _core.zeros_like(x),
        _core.where(_core.greater_equal(x, 1.0), x, _core.square(x + 1.0) / 4.0),
    )


@symbolic
def sparse_sigmoid(x):
    """0 for `x <= -1`, `(x + 1) / 2` on (-1, 1), 1 for `x >= 1`."""
    x = to_float(x)
    return _core.clip_by_value((x + 1.0) * 0.5, 0.0, 1.0)


@symbolic
def squareplus(x, b=4):
    """`(x + sqrt(x**2 + b)) / 2`."""
    x = to_float(x)
    return (x + _core.sqrt(_core.square(x) + float(b))) * 0.5


@symbolic
def threshold(x, threshold, default_value):
    """`x` where `x > threshold`, else `default_value`."""
    x = convert(x)
    return _core.where(
        _core.greater(x, threshold),
        x,
        _core.cast(_core.ones_like(x), x.dtype) * default_value
        if x.dtype.is_floating
        else _core.ones_like(x) * int(default_value),
    )


@symbolic
def softmax(x, axis=-1):
    """`exp(x) / sum(exp(x))` over `axis` (an int or a tuple), stable for large logits.

    Example:
        >>> keras.ops.softmax([[1.0, 1.0]])
        [[0.5, 0.5]]
    """
    x = to_float(x)
    if isinstance(axis, (tuple, list)):
        return _core.exp(x - logsumexp(x, axis, keepdims=True))
    if x.ndim == 0:
        return _core.ones_like(x)
    return _core.softmax(x, canonical_axis(axis, x.ndim))


@symbolic
def log_softmax(x, axis=-1):
    """`x - logsumexp(x)` over `axis` (an int or a tuple)."""
    x = to_float(x)
    if isinstance(axis, (tuple, list)):
        return x - logsumexp(x, axis, keepdims=True)
    if x.ndim == 0:
        return _core.zeros_like(x)
    return _core.log_softmax(x, canonical_axis(axis, x.ndim))


@symbolic
def sparsemax(x, axis=-1):
    """Sparsemax: the Euclidean projection of `x` onto the probability simplex along
    `axis` (Martins & Astudillo, 2016); many outputs are exactly 0."""
    from nnext.keras.ops.numpy_shape import moveaxis
    from nnext.keras.ops.numpy_sort import sort

    x = to_float(x)
    axis = canonical_axis(axis, x.ndim)
    z = moveaxis(x, axis, -1)
    ordered = sort(z, axis=-1)[..., ::-1]
    n = z.shape[-1]
    k = _core._range(1.0, float(n + 1), 1.0, x.dtype.name)
    cumulative = _core.cumsum(ordered, -1)
    support = _core.cast(_core.greater(ordered * k + 1.0, cumulative), x.dtype.name)
    k_z = _core.reduce_sum(support, [-1], True)
    tau = (_core.reduce_sum(ordered * support, [-1], True) - 1.0) / k_z
    return moveaxis(_core.relu(z - tau), -1, axis)


@symbolic
def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """One-hot encoding of integer `x` with `num_classes` classes along a new `axis`;
    indices outside [0, num_classes) give all zeros. `dtype` defaults to `floatx()`."""
    if sparse:
        raise ValueError("nnext has no sparse tensors: `sparse=True` is not supported.")
    x = convert(x)
    if x.dtype.is_floating:
        x = _core.cast(x, "int64")
    dtype = standardize_dtype(dtype) or config.floatx()
    return _core.one_hot(
        x, int(num_classes), 1.0, 0.0, -1 if axis == -1 else canonical_axis(axis, x.ndim + 1), dtype
    )


@symbolic
def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    """Multi-hot encoding: 1 for each class that occurs in a row of integer `inputs` (the
    last axis is the set of classes; 1-D inputs are one row)."""
    if num_classes is None:
        num_classes = kwargs.pop("num_tokens", None)
    if num_classes is None:
        raise ValueError("Argument `num_classes` must be specified.")
    hot = one_hot(inputs, num_classes, axis=-1, dtype=dtype, sparse=sparse)
    x = convert(inputs)
    if x.ndim == 0:
        return hot
    out = _core.reduce_max(hot, [hot.ndim - 2], False)
    if axis != -1:
        from nnext.keras.ops.numpy_shape import moveaxis

        out = moveaxis(out, -1, axis)
    return out


def _epsilon():
    return config.epsilon()


def _check_same_shape(target, output):
    if tuple(target.shape) != tuple(output.shape):
        raise ValueError(
            "Arguments `target` and `output` must have the same shape. "
            f"Received: target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}"
        )


@symbolic
def binary_crossentropy(target, output, from_logits=False):
    """Element-wise binary cross-entropy `-(t log(o) + (1 - t) log(1 - o))`.

    With `from_logits`, `output` holds log-odds and the loss is computed stably from them;
    otherwise `output` is clipped to [epsilon, 1 - epsilon] first.
    """
    target, output = float_operands(target, output)
    _check_same_shape(target, output)
    if from_logits:
        return tf_nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    eps = _epsilon()
    output = _core.clip_by_value(output, eps, 1.0 - eps)
    return -(target * _core.log(output) + (1.0 - target) * _core.log(1.0 - output))


@symbolic
def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Cross-entropy `-sum(t * log(o), axis)` between class distributions.

    Probabilities are renormalized to sum to 1 and clipped to [epsilon, 1 - epsilon];
    with `from_logits`, `log_softmax(output)` is used instead.
    """
    target, output = float_operands(target, output)
    _check_same_shape(target, output)
    if output.ndim < 1:
        raise ValueError(
            "Arguments `target` and `output` must be at least rank 1. "
            f"Received: target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}"
        )
    axis = canonical_axis(axis, output.ndim)
    if from_logits:
        log_prob = _core.log_softmax(output, axis)
    else:
        output = output / _core.reduce_sum(output, [axis], True)
        eps = _epsilon()
        log_prob = _core.log(_core.clip_by_value(output, eps, 1.0 - eps))
    return -_core.reduce_sum(target * log_prob, [axis], False)


@symbolic
def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Cross-entropy with integer class labels: `-log(o[target])` along `axis`."""
    target = convert(target)
    output = to_float(output)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = _core.squeeze(target, [-1])
    if output.ndim < 1:
        raise ValueError(
            f"Argument `output` must be at least rank 1. Received: output.shape={output.shape}"
        )
    axis = canonical_axis(axis, output.ndim)
    if tuple(target.shape) != tuple(output.shape[:axis] + output.shape[axis + 1 :]):
        raise ValueError(
            "Arguments `target` and `output` must have the same shape up until the last "
            f"dimension: target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}"
        )
    labels = one_hot(target, output.shape[axis], axis=axis, dtype=output.dtype.name)
    return categorical_crossentropy(labels, output, from_logits=from_logits, axis=axis)


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
