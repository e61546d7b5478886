"""Neural-network functions, as TensorFlow's ``tf.nn``: activations, softmax, the fused
dense layer and the cross-entropies on logits. Everything computes in C++ and is
differentiable under ``nnext.GradientTape``.
"""

from nnext import _core
from nnext.convolution import (  # tf.nn's convolution and pooling
    avg_pool,
    avg_pool1d,
    avg_pool2d,
    avg_pool3d,
    bias_add,
    conv1d,
    conv1d_transpose,
    conv2d,
    conv2d_transpose,
    conv3d,
    conv3d_transpose,
    conv_transpose,
    convolution,
    depthwise_conv2d,
    max_pool,
    max_pool1d,
    max_pool2d,
    max_pool3d,
    max_pool_with_argmax,
    separable_conv2d,
)

__all__ = [
    "avg_pool",
    "avg_pool1d",
    "avg_pool2d",
    "avg_pool3d",
    "bias_add",
    "conv1d",
    "conv1d_transpose",
    "conv2d",
    "conv2d_transpose",
    "conv3d",
    "conv3d_transpose",
    "conv_transpose",
    "convolution",
    "dense",
    "depthwise_conv2d",
    "elu",
    "gelu",
    "leaky_relu",
    "log_softmax",
    "max_pool",
    "max_pool1d",
    "max_pool2d",
    "max_pool3d",
    "max_pool_with_argmax",
    "relu",
    "separable_conv2d",
    "sigmoid",
    "sigmoid_cross_entropy_with_logits",
    "softmax",
    "softmax_cross_entropy_with_logits",
    "softplus",
    "sparse_softmax_cross_entropy_with_logits",
    "tanh",
]

# max(x, 0), 1 / (1 + e^-x) and tanh(x): rows of the elementwise table.
relu = _core.relu
sigmoid = _core.sigmoid
tanh = _core.tanh


def leaky_relu(features, alpha=0.2, name=None):
    """Leaky rectifier: ``x if x > 0 else alpha * x``.

    Args:
        features: a tensor (integers compute in float64).
        alpha: the slope for negative inputs.

    Returns:
        A float tensor of the same shape.

    >>> nnext.nn.leaky_relu([-10.0, 0.0, 5.0]).numpy()
    array([-2.,  0.,  5.], dtype=float32)
    """
    return _core.leaky_relu(features, alpha)


def elu(features, alpha=1.0, name=None):
    """Exponential linear unit: ``x if x > 0 else alpha * (exp(x) - 1)``.

    Args:
        features: a tensor.
        alpha: the scale of the negative part (Keras's ``elu`` argument; TensorFlow fixes 1).

    Returns:
        A float tensor of the same shape.

    >>> nnext.nn.elu([-1.0, 2.0]).numpy()
    array([-0.63212055,  2.        ], dtype=float32)
    """
    return _core.elu(features, alpha)


def gelu(features, approximate=False, name=None):
    """Gaussian error linear unit: ``x * Phi(x)``, Phi the standard normal CDF.

    With ``approximate=True``: ``0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3)))``.

    Args:
        features: a tensor.
        approximate: use the tanh approximation.

    Returns:
        A float tensor of the same shape.

    >>> nnext.nn.gelu([1.0]).numpy()
    array([0.8413448], dtype=float32)
    """
    return _core.gelu(features, approximate)


def softplus(features, name=None):
    """``log(1 + exp(x))``, computed stably as ``max(x, 0) + log1p(exp(-|x|))``.

    Its gradient is ``sigmoid(x)``.

    Args:
        features: a tensor.

    Returns:
        A float tensor of the same shape.

    >>> nnext.nn.softplus([0.0, 1000.0]).numpy()
    array([6.931472e-01, 1.000000e+03], dtype=float32)
    """
    return _core.softplus(features)


def softmax(logits, axis=-1, name=None):
    """``exp(x) / sum(exp(x))`` along ``axis``, stable for large logits (the max is
    subtracted first).

    Args:
        logits: a tensor.
        axis: the axis the probabilities sum to 1 over.

    Returns:
        A float tensor of the same shape.

    >>> nnext.nn.softmax([[1000.0, 1000.0]]).numpy()
    array([[0.5, 0.5]], dtype=float32)
    """
    return _core.softmax(logits, axis)


def log_softmax(logits, axis=-1, name=None):
    """``x - log(sum(exp(x)))`` along ``axis``, stable for large logits.

    Args:
        logits: a tensor.
        axis: the axis to normalise over.

    Returns:
        A float tensor of the same shape.

    >>> nnext.nn.log_softmax([[0.0, 0.0]]).numpy()
    array([[-0.6931472, -0.6931472]], dtype=float32)
    """
    return _core.log_softmax(logits, axis)


def dense(x, kernel, bias=None, activation=None):
    """A dense layer's computation ``activation(x @ kernel + bias)`` as one fused call.

    The forward pass is one gemm with the bias added in the same pass and the activation
    applied in place; under a ``GradientTape`` the backward is one fused pass too.

    Args:
        x: a tensor of shape ``(..., k)``; leading axes are kept.
        kernel: a tensor of shape ``(k, n)``.
        bias: ``None`` or a tensor of shape ``(n,)``.
        activation: ``None``/``'linear'``, ``'relu'``, ``'sigmoid'``, ``'tanh'`` or
            ``'softmax'`` (over the last axis).

    Returns:
        A float tensor of shape ``(..., n)``.

    >>> nnext.nn.dense([[1.0, 2.0]], [[1.0], [1.0]], [0.5], "relu").numpy()
    array([[3.5]], dtype=float32)
    """
    return _core.dense(x, kernel, bias, activation)


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None):
    """Per-example cross-entropy ``-sum(labels * log_softmax(logits), axis)``.

    One stable pass (log-sum-exp). The gradient with respect to logits is
    ``softmax(logits) * sum(labels) - labels`` (``softmax - labels`` for distributions);
    labels are differentiable too, as in TensorFlow.

    Args:
        labels: class probabilities, the shape of ``logits``.
        logits: unnormalised log-probabilities.
        axis: the class axis.

    Returns:
        The losses, shaped like ``logits`` without ``axis``.

    >>> nnext.nn.softmax_cross_entropy_with_logits([[0.0, 1.0]], [[0.0, 0.0]]).numpy()
    array([0.6931472], dtype=float32)
    """
    return _core.softmax_cross_entropy_with_logits(labels, logits, axis)


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None):
    """Per-example cross-entropy with integer class labels: ``-log_softmax(logits)[label]``.

    Args:
        labels: int32 or int64 class indices of shape ``logits.shape[:-1]``, each in
            ``[0, num_classes)``.
        logits: unnormalised log-probabilities of shape ``(..., num_classes)``.

    Returns:
        The losses, shaped like ``labels``.

    >>> nnext.nn.sparse_softmax_cross_entropy_with_logits([1], [[0.0, 0.0]]).numpy()
    array([0.6931472], dtype=float32)
    """
    return _core.sparse_softmax_cross_entropy_with_logits(labels, logits)


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """Elementwise binary cross-entropy on logits:
    ``max(z, 0) - z * labels + log1p(exp(-|z|))``.

    Args:
        labels: targets in [0, 1], the shape of ``logits``.
        logits: unnormalised log-odds.

    Returns:
        The losses, shaped like ``logits``.

    >>> nnext.nn.sigmoid_cross_entropy_with_logits([1.0], [0.0]).numpy()
    array([0.6931472], dtype=float32)
    """
    if labels is None or logits is None:
        raise ValueError("sigmoid_cross_entropy_with_logits: both labels and logits are required")
    return _core.sigmoid_cross_entropy_with_logits(labels, logits)


# The rest of tf.nn (nn_ops.py: moments, dropout, bias_add, the weighted losses, ...;
# conv_variants.py: atrous convolutions, depthwise backprops), re-exported here, and the
# tf.nn.experimental namespace.
from nnext import conv_variants as _conv_variants
from nnext import nn_experimental as experimental
from nnext import nn_ops as _nn_ops

__all__ += ["experimental"]

for _catalog_module in (_nn_ops, _conv_variants):
    globals().update({n: getattr(_catalog_module, n) for n in _catalog_module.__all__})
    __all__ += [n for n in _catalog_module.__all__ if n not in __all__]
