"""The rest of ``tf.nn`` beyond activations, softmax and convolutions: moments and batch
normalisation, dropout, embedding_lookup, the weighted and Poisson losses,
silu/relu6/selu/crelu, and the distribution-aware loss scaling helpers.

All are compositions of C++ ops, so their gradients come from those ops' rules;
``nnext.nn`` re-exports them.
"""

import math

from nnext import _core
from nnext.distribute import context as distribute_context
from nnext.math_ops import l2_normalize, log_sigmoid, softsign, zero_fraction
from nnext.sort_ops import approx_max_k, approx_min_k, in_top_k, top_k

__all__ = [
    "approx_max_k",
    "approx_min_k",
    "batch_norm_with_global_normalization",
    "batch_normalization",
    "compute_average_loss",
    "crelu",
    "depth_to_space",
    "dropout",
    "embedding_lookup",
    "in_top_k",
    "l2_loss",
    "l2_normalize",
    "local_response_normalization",
    "log_poisson_loss",
    "log_sigmoid",
    "lrn",
    "moments",
    "normalize_moments",
    "relu6",
    "scale_regularization_loss",
    "selu",
    "silu",
    "softsign",
    "space_to_depth",
    "sufficient_statistics",
    "swish",
    "top_k",
    "weighted_cross_entropy_with_logits",
    "weighted_moments",
    "zero_fraction",
]

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _t(x):
    return x if isinstance(x, _core.Tensor) else _core.convert_to_tensor(x)


def _float(x):
    x = _t(x)
    if x.dtype.is_complex:  # a cast would drop the imaginary parts
        raise TypeError(f"expected a real tensor, got {x.dtype.name}: no complex kernel here")
    return x if x.dtype.is_floating else _core.cast(x, "float32")


def moments(x, axes, shift=None, keepdims=False, name=None):
    """The mean and (population) variance of ``x`` over ``axes``: ``(mean, variance)``.

    >>> m, v = nnext.nn.moments(nnext.constant([1.0, 2.0, 3.0, 4.0]), axes=[0])
    >>> float(m), float(v)
    (2.5, 1.25)
    """
    x = _float(x)
    axes = list(axes) if isinstance(axes, (list, tuple)) else [int(axes)]
    # As TensorFlow: float16 statistics are gathered in float32 (its range is too narrow
    # for the squares) and returned in float16.
    y = _core.cast(x, "float32") if x.dtype.name == "float16" else x
    mean = _core.reduce_mean(y, axes, True)
    variance = _core.reduce_mean(_core.square(_core.subtract(y, mean)), axes, keepdims)
    if not keepdims:
        mean = _core.squeeze(mean, axes)
    if y is not x:
        mean, variance = _core.cast(mean, x.dtype), _core.cast(variance, x.dtype)
    return mean, variance


def weighted_moments(x, axes, frequency_weights, keepdims=False, name=None):
    """Mean and variance of ``x`` over ``axes`` weighted by ``frequency_weights``."""
    x = _float(x)
    w = _core.cast(_t(frequency_weights), x.dtype)
    axes = list(axes) if isinstance(axes, (list, tuple)) else [int(axes)]
    total = _core.reduce_sum(_core.broadcast_to(w, list(x.shape)), axes, True)
    mean = _core.divide(_core.reduce_sum(_core.multiply(x, w), axes, True), total)
    var = _core.divide(
        _core.reduce_sum(_core.multiply(_core.square(_core.subtract(x, mean)), w), axes, True),
        total,
    )
    if not keepdims:
        mean, var = _core.squeeze(mean, axes), _core.squeeze(var, axes)
    return mean, var


def sufficient_statistics(x, axes, shift=None, keepdims=False, name=None):
    """``(count, sum(x - shift), sum((x - shift)^2), shift)`` over ``axes``."""
    x = _float(x)
    axes = list(axes) if isinstance(axes, (list, tuple)) else [int(axes)]
    count = 1
    for a in axes:
        count *= x.shape[a]
    shifted = x if shift is None else _core.subtract(x, shift)
    mean_ss = _core.reduce_sum(shifted, axes, keepdims)
    var_ss = _core.reduce_sum(_core.square(shifted), axes, keepdims)
    return _core.convert_to_tensor(float(count), x.dtype), mean_ss, var_ss, shift


def normalize_moments(counts, mean_ss, variance_ss, shift, name=None):
    """Mean and variance from ``sufficient_statistics``' sums."""
    divisor = _core.divide(1.0, counts)
    shifted_mean = _core.multiply(mean_ss, divisor)
    mean = shifted_mean if shift is None else _core.add(shifted_mean, shift)
    variance = _core.subtract(_core.multiply(variance_ss, divisor), _core.square(shifted_mean))
    return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """``scale * (x - mean) / sqrt(variance + variance_epsilon) + offset`` (offset and
    scale may be None)."""
    x = _float(x)
    inv = _core.divide(1.0, _core.sqrt(_core.add(variance, variance_epsilon)))
    if scale is not None:
        inv = _core.multiply(inv, scale)
    out = _core.multiply(_core.subtract(x, mean), inv)
    return out if offset is None else _core.add(out, offset)


def dropout(x, rate, noise_shape=None, seed=None, name=None):
    """Zeroes each element with probability ``rate`` and scales the rest by
    ``1 / (1 - rate)``; ``noise_shape`` (broadcastable to ``x``) shares the mask.

    Raises:
        ValueError: unless ``0 <= rate < 1``.
    """
    return _dropout(
        x,
        rate,
        noise_shape,
        lambda shape, dtype: _core.random_uniform(shape, 0.0, 1.0, dtype, seed),
    )


def _dropout(x, rate, noise_shape, uniform):
    """Dropout with the mask drawn by ``uniform(shape, dtype)`` (values in [0, 1)): the one
    rule behind ``dropout`` and ``tf.nn.experimental``'s stateless and general dropouts."""
    x = _float(x)
    rate = float(rate)
    if not 0 <= rate < 1:
        raise ValueError(
            f"`rate` must be a scalar tensor or a float in the range [0, 1). Received: rate={rate}"
        )
    if rate == 0:
        return x
    shape = (
        list(x.shape)
        if noise_shape is None
        else [x.shape[i] if d is None else int(d) for i, d in enumerate(noise_shape)]
    )
    keep = _core.greater_equal(uniform(shape, x.dtype), rate)
    scaled = _core.multiply(x, 1.0 / (1.0 - rate))
    return _core.where(keep, scaled, _core.zeros_like(scaled))


def embedding_lookup(params, ids, max_norm=None, name=None):
    """Rows of ``params`` (a tensor, or a list of shards split by contiguous id ranges)
    at ``ids``; with ``max_norm``, rows whose L2 norm exceeds it are scaled down to it."""
    if isinstance(params, (list, tuple)):
        params = params[0] if len(params) == 1 else _core.concat([_t(p) for p in params], 0)
    rows = _core.gather(_t(params), ids, 0)
    if max_norm is None:
        return rows
    norms = _core.sqrt(_core.reduce_sum(_core.square(rows), -1, True))
    scale = _core.divide(float(max_norm), _core.maximum(norms, float(max_norm)))
    return _core.multiply(rows, scale)


def weighted_cross_entropy_with_logits(labels, logits, pos_weight, name=None):
    """Sigmoid cross-entropy with positives weighted by ``pos_weight``:
    ``(1 - z) x + (1 + (q - 1) z) (log1p(exp(-|x|)) + max(-x, 0))``."""
    x = _float(logits)
    z = _core.cast(_t(labels), x.dtype)
    if tuple(z.shape) != tuple(x.shape):
        raise ValueError(
            f"logits and labels must have the same shape ({tuple(x.shape)} vs {tuple(z.shape)})"
        )
    q = _core.cast(_t(pos_weight), x.dtype)
    log_weight = _core.add(_core.multiply(_core.subtract(q, 1.0), z), 1.0)
    softplus_neg = _core.add(
        _core.log1p(_core.exp(_core.negative(_core.abs(x)))), _core.relu(_core.negative(x))
    )
    return _core.add(
        _core.multiply(_core.subtract(1.0, z), x), _core.multiply(log_weight, softplus_neg)
    )


def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None):
    """``exp(c) - z * c`` for log-rate ``c`` and count ``z``; ``compute_full_loss`` adds
    Stirling's approximation of ``log(z!)`` where ``z > 1``."""
    c = _float(log_input)
    z = _core.cast(_t(targets), c.dtype)
    if tuple(z.shape) != tuple(c.shape):
        raise ValueError(
            f"log_input and targets must have the same shape ({tuple(c.shape)} vs {tuple(z.shape)})"
        )
    loss = _core.subtract(_core.exp(c), _core.multiply(z, c))
    if not compute_full_loss:
        return loss
    safe_z = _core.where(_core.greater(z, 1.0), z, _core.ones_like(z))
    stirling = _core.add(
        _core.subtract(_core.multiply(safe_z, _core.log(safe_z)), safe_z),
        _core.multiply(_core.log(_core.multiply(safe_z, 2 * math.pi)), 0.5),
    )
    return _core.add(loss, _core.where(_core.greater(z, 1.0), stirling, _core.zeros_like(stirling)))


def silu(features, beta=1.0, name=None):
    """``x * sigmoid(beta * x)`` (also ``swish``)."""
    x = _float(features)
    return _core.multiply(x, _core.sigmoid(_core.multiply(x, float(beta))))


swish = silu


def relu6(features, name=None):
    """``min(max(x, 0), 6)``."""
    return _core.minimum(_core.relu(_t(features)), 6)


def selu(features, name=None):
    """Scaled ELU: ``scale * (x if x > 0 else alpha * (exp(x) - 1))`` with TensorFlow's
    constants (alpha 1.6733, scale 1.0507)."""
    return _core.multiply(_core.elu(_float(features), _SELU_ALPHA), _SELU_SCALE)


def crelu(features, axis=-1, name=None):
    """``concat([relu(x), relu(-x)], axis)``."""
    x = _t(features)
    return _core.concat([_core.relu(x), _core.relu(_core.negative(x))], int(axis))


def compute_average_loss(per_example_loss, sample_weight=None, global_batch_size=None):
    """``sum(per_example_loss * sample_weight) / global_batch_size`` (by default the first
    dimension times the current strategy's number of replicas, as TensorFlow).

    Raises:
        ValueError: for a negative ``global_batch_size``.
    """
    loss = _float(per_example_loss)
    if sample_weight is not None:
        loss = _core.multiply(loss, _core.cast(_t(sample_weight), loss.dtype))
    if global_batch_size is None:
        replicas = distribute_context.get_strategy().num_replicas_in_sync
        global_batch_size = (loss.shape[0] if loss.ndim else 1) * replicas
    if int(global_batch_size) < 0:
        raise ValueError(f"global_batch_size must be non-negative, got {global_batch_size}")
    total = _core.reduce_sum(loss, None, False)
    if int(global_batch_size) == 0:
        return _core.zeros_like(total)
    return _core.divide(total, float(global_batch_size))


def scale_regularization_loss(regularization_loss):
    """The summed regularization loss divided by the current strategy's number of replicas
    (the replicas' gradients are summed)."""
    replicas = float(distribute_context.get_strategy().num_replicas_in_sync)
    if isinstance(regularization_loss, (list, tuple)):
        total = _core.convert_to_tensor(0.0)
        for loss in regularization_loss:
            total = _core.add(total, _core.reduce_sum(_t(loss), None, False))
        return _core.divide(total, replicas)
    return _core.divide(_core.reduce_sum(_t(regularization_loss), None, False), replicas)


def l2_loss(t, name=None):
    """``sum(t ** 2) / 2``."""
    x = _float(t)
    return _core.multiply(_core.reduce_sum(_core.square(x), None, False), 0.5)


def batch_norm_with_global_normalization(
    input, mean, variance, beta, gamma, variance_epsilon, scale_after_normalization, name=None
):
    """``batch_normalization`` with TensorFlow 1's argument order; ``gamma`` is used only
    when ``scale_after_normalization``."""
    return batch_normalization(
        input, mean, variance, beta, gamma if scale_after_normalization else None, variance_epsilon
    )


def local_response_normalization(input, depth_radius=5, bias=1, alpha=1, beta=0.5, name=None):
    """``x / (bias + alpha * sqr_sum) ** beta`` with ``sqr_sum`` the sum of squares over
    the ``2 * depth_radius + 1`` channels (last axis) centred on each one."""
    x = _float(input)
    r = int(depth_radius)
    depth = x.shape[-1]
    # A running sum with r + 1 zeros in front: window(i) = cs[i + 2r + 1] - cs[i].
    padded = _core.pad(_core.square(x), [[0, 0]] * (x.ndim - 1) + [[r + 1, r]], "CONSTANT", 0.0)
    running = _core.cumsum(padded, -1, False, False)
    window = _core.subtract(running[..., 2 * r + 1 :], running[..., :depth])
    scale = _core.pow(_core.add(_core.multiply(window, float(alpha)), float(bias)), float(beta))
    return _core.divide(x, scale)


lrn = local_response_normalization


def _check_blocks(x, block_size, data_format, op):
    if x.ndim != 4:
        raise ValueError(f"{op}: input must be 4-D, got shape {tuple(x.shape)}")
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError(f"{op}: data_format must be 'NHWC' or 'NCHW', got {data_format!r}")
    if int(block_size) < 2:
        raise ValueError(f"{op}: block_size must be at least 2, got {block_size}")
    return int(block_size)


def space_to_depth(input, block_size, data_format="NHWC", name=None):
    """Moves ``block_size x block_size`` spatial blocks into the channel axis:
    (N, H, W, C) -> (N, H/b, W/b, b*b*C)."""
    x = _t(input)
    b = _check_blocks(x, block_size, data_format, "space_to_depth")
    if data_format == "NCHW":
        x = _core.transpose(x, [0, 2, 3, 1])
    n, h, w, c = x.shape
    if h % b or w % b:
        raise ValueError(
            f"space_to_depth: height {h} and width {w} must be divisible by block_size {b}"
        )
    out = _core.reshape(x, [n, h // b, b, w // b, b, c])
    out = _core.reshape(_core.transpose(out, [0, 1, 3, 2, 4, 5]), [n, h // b, w // b, b * b * c])
    return _core.transpose(out, [0, 3, 1, 2]) if data_format == "NCHW" else out


def depth_to_space(input, block_size, data_format="NHWC", name=None):
    """The inverse of ``space_to_depth``: (N, H, W, b*b*C) -> (N, H*b, W*b, C)."""
    x = _t(input)
    b = _check_blocks(x, block_size, data_format, "depth_to_space")
    if data_format == "NCHW":
        x = _core.transpose(x, [0, 2, 3, 1])
    n, h, w, c = x.shape
    if c % (b * b):
        raise ValueError(
            f"depth_to_space: depth {c} must be divisible by block_size * block_size = {b * b}"
        )
    out = _core.reshape(x, [n, h, w, b, b, c // (b * b)])
    out = _core.reshape(_core.transpose(out, [0, 1, 3, 2, 4, 5]), [n, h * b, w * b, c // (b * b)])
    return _core.transpose(out, [0, 3, 1, 2]) if data_format == "NCHW" else out
