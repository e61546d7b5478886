"""The activations of `keras.activations` beyond the classic ones: the shrinks, the hard and
sparse variants, SELU/CELU/GLU/Mish, log-sigmoid and log-softmax, sparsemax.

Each is a composition of `keras.ops` functions, so GradientTape differentiates them and
symbolic `keras.Input`s pass through them as through any other op.
"""

from nnext.keras import ops


def relu6(x):
    """ReLU capped at 6: `min(max(x, 0), 6)`."""
    return ops.relu6(x)


def selu(x):
    """Scaled exponential linear unit: `scale * x` for `x > 0`, else
    `scale * alpha * (exp(x) - 1)`, with alpha ~ 1.6733 and scale ~ 1.0507 (self-normalizing
    with `lecun_normal` weights and `AlphaDropout`)."""
    return ops.selu(x)


def celu(x, alpha=1.0):
    """Continuously differentiable ELU: `x` for `x >= 0`, else `alpha * (exp(x / alpha) - 1)`."""
    return ops.celu(x, alpha=alpha)


def softsign(x):
    """Softsign: `x / (|x| + 1)`."""
    return ops.softsign(x)


def squareplus(x, b=4):
    """Squareplus, a smooth ReLU: `(x + sqrt(x ** 2 + b)) / 2`."""
    return ops.squareplus(x, b=b)


def soft_shrink(x, threshold=0.5):
    """Soft shrinkage: `x - threshold` above `threshold`, `x + threshold` below `-threshold`,
    0 in between."""
    return ops.soft_shrink(x, threshold=threshold)


def hard_shrink(x, threshold=0.5):
    """Hard shrinkage: `x` where `|x| > threshold`, else 0."""
    return ops.hard_shrink(x, threshold=threshold)


def sparse_plus(x):
    """SparsePlus: 0 for `x <= -1`, `(x + 1) ** 2 / 4` for `-1 < x < 1`, `x` for `x >= 1`."""
    return ops.sparse_plus(x)


def glu(x, axis=-1):
    """Gated linear unit: `x` split in two halves `a, b` along `axis`, `a * sigmoid(b)`.

    The size of `axis` must be even.
    """
    return ops.glu(x, axis=axis)


def tanh_shrink(x):
    """Tanh shrink: `x - tanh(x)`."""
    return ops.tanh_shrink(x)


def hard_tanh(x):
    """Hard tanh: `x` clipped to [-1, 1]."""
    return ops.hard_tanh(x)


def threshold(x, threshold, default_value):
    """`x` where `x > threshold`, else `default_value`."""
    return ops.threshold(x, threshold, default_value)


def exponential(x):
    """Exponential activation: `exp(x)`."""
    return ops.exp(x)


def hard_sigmoid(x):
    """Piecewise-linear sigmoid: 0 below -3, 1 above 3, `x / 6 + 0.5` in between."""
    return ops.hard_sigmoid(x)


def log_sigmoid(x):
    """Logarithm of the sigmoid, `-softplus(-x)`, computed without overflow."""
    return ops.log_sigmoid(x)


def sparse_sigmoid(x):
    """Sparse sigmoid: 0 for `x <= -1`, `(x + 1) / 2` for `-1 < x < 1`, 1 for `x >= 1`."""
    return ops.sparse_sigmoid(x)


def hard_silu(x):
    """Hard SiLU (hard swish): `x * hard_sigmoid(x)`, i.e. `x * relu6(x + 3) / 6`."""
    return ops.hard_silu(x)


hard_swish = hard_silu


def mish(x):
    """Mish: `x * tanh(softplus(x))`, smooth and non-monotonic."""
    return x * ops.tanh(ops.softplus(x))


def log_softmax(x, axis=-1):
    """Logarithm of the softmax over `axis`: `x - logsumexp(x, axis)`."""
    return ops.log_softmax(x, axis=axis)


def sparsemax(x, axis=-1):
    """Sparsemax over `axis`: the Euclidean projection of `x` onto the probability simplex,
    a softmax whose outputs can be exactly zero."""
    return ops.sparsemax(x, axis=axis)


# In Keras's lookup order: a name's function is listed before its aliases.
CATALOG = (
    relu6,
    selu,
    celu,
    softsign,
    squareplus,
    soft_shrink,
    hard_shrink,
    sparse_plus,
    glu,
    tanh_shrink,
    hard_tanh,
    threshold,
    exponential,
    hard_sigmoid,
    log_sigmoid,
    sparse_sigmoid,
    hard_silu,
    mish,
    log_softmax,
    sparsemax,
)
