"""Gradient clipping as Keras 3 does it: by each gradient's norm, by the global norm of all
of them, or elementwise by value."""

from nnext import math as nmath


def clip_by_norm(g, clip_norm):
    """`g * clip_norm / max(norm(g), clip_norm)`: unchanged when its L2 norm is within."""
    norm = nmath.sqrt(nmath.reduce_sum(nmath.square(g)))
    return (g * clip_norm) / nmath.maximum(norm, clip_norm)


def global_norm(grads):
    """`sqrt(sum of squares of every entry of every gradient)`."""
    total = None
    for g in grads:
        s = nmath.reduce_sum(nmath.square(g))
        total = s if total is None else total + s
    return nmath.sqrt(total)


def clip_by_global_norm(grads, clip_norm):
    """Scales all gradients by `clip_norm * min(1 / global_norm, 1 / clip_norm)`."""
    norm = global_norm(grads)
    scale = clip_norm * nmath.minimum(1.0 / norm, 1.0 / clip_norm)
    return [g * scale for g in grads]


def clip_gradients(grads, clipnorm=None, global_clipnorm=None, clipvalue=None):
    """Applies the one clipping option set (Keras checks clipnorm, then global_clipnorm,
    then clipvalue)."""
    if clipnorm and clipnorm > 0:
        return [clip_by_norm(g, clipnorm) for g in grads]
    if global_clipnorm and global_clipnorm > 0:
        return clip_by_global_norm(grads, global_clipnorm)
    if clipvalue and clipvalue > 0:
        return [nmath.clip_by_value(g, -clipvalue, clipvalue) for g in grads]
    return grads
