"""Neural-network functions of `keras.ops` (also `keras.ops.nn`): activations, softmax on
any axis, one-hot encodings, the cross-entropies, normalizations, moments and attention.

The activations that nnext computes in one C++ pass (relu, sigmoid, softplus, elu, gelu,
leaky_relu, softmax, log_softmax) call it; the rest are compositions with their gradients
for free. Convolutions and pooling live with the convolution ops.
"""

from nnext import _core
from nnext import nn as tf_nn
from nnext.keras import config
from nnext.keras.keras_tensor import symbolic
from nnext.keras.ops._base import (
    canonical_axis,
    convert,
    float_operands,
    standardize_dtype,
    to_float,
)
from nnext.keras.ops.nn_blocks import (
    batch_normalization,
    depth_to_space,
    dot_product_attention,
    layer_normalization,
    moments,
    normalize,
    psnr,
    rms_normalization,
    space_to_depth,
)
from nnext.keras.ops.nn_conv import (
    average_pool,
    conv,
    conv_transpose,
    depthwise_conv,
    max_pool,
    separable_conv,
)
from nnext.keras.ops.nn_ctc import ctc_decode, ctc_loss
from nnext.keras.ops.nn_windows import adaptive_average_pool, adaptive_max_pool, fold, unfold
from nnext.keras.ops.numpy_reduce import logsumexp

__all__ = [
    "adaptive_average_pool",
    "adaptive_max_pool",
    "average_pool",
    "batch_normalization",
    "binary_crossentropy",
    "categorical_crossentropy",
    "celu",
    "conv",
    "conv_transpose",
    "ctc_decode",
    "ctc_loss",
    "depth_to_space",
    "depthwise_conv",
    "dot_product_attention",
    "elu",
    "fold",
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
    "max_pool",
    "moments",
    "multi_hot",
    "normalize",
    "one_hot",
    "psnr",
    "relu",
    "relu6",
    "rms_normalization",
    "selu",
    "separable_conv",
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
    "unfold",
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
