"""What the normalization layers share: axis checks and the moments of a batch."""

from nnext import math as nmath


def check_axes_in_bounds(axis, input_shape):
    """Raises Keras's ValueError when an axis does not index `input_shape`."""
    for a in axis if isinstance(axis, (list, tuple)) else [axis]:
        if a >= len(input_shape) or a < -len(input_shape):
            raise ValueError(
                f"Axis {a} is out of bounds for input shape {tuple(input_shape)}. "
                f"Received: axis={axis}"
            )


def moments(x, axes):
    """`(mean, variance)` of `x` over `axes`, keeping those axes with size 1; the variance
    is the biased one, `mean((x - mean)^2)`, computed in two passes as `jnp.var` does."""
    mean = nmath.reduce_mean(x, axis=axes, keepdims=True)
    variance = nmath.reduce_mean(nmath.square(x - mean), axis=axes, keepdims=True)
    return mean, variance


def affine_normalize(x, mean, variance, gamma, beta, epsilon):
    """`(x - mean) / sqrt(variance + epsilon) * gamma + beta`, arranged as Keras arranges it:
    `x * inv + (beta - mean * inv)` with `inv = gamma / sqrt(variance + epsilon)`, so the
    per-channel terms are computed once on the small tensors."""
    inv = 1.0 / nmath.sqrt(variance + epsilon)
    if gamma is not None:
        inv = inv * gamma
    offset = -mean * inv
    if beta is not None:
        offset = offset + beta
    return x * inv + offset
