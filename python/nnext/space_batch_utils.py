"""``tf.required_space_to_batch_paddings``: the paddings (and crops) that make the spatial
dimensions of ``input_shape`` divisible by ``block_shape``; shape arithmetic on small integer
vectors, as the space-to-batch convolution helpers use it."""

import numpy as np

from nnext import _core

__all__ = ["required_space_to_batch_paddings"]


def _vector(value, what):
    array = np.asarray(value.numpy() if isinstance(value, _core.Tensor) else value)
    if array.dtype.kind not in "iu":
        raise TypeError(f"required_space_to_batch_paddings: {what} must be integers")
    return array.astype(np.int64)


def required_space_to_batch_paddings(input_shape, block_shape, base_paddings=None, name=None):
    """``(paddings, crops)``, int32 ``[N, 2]``: ``paddings`` extends ``base_paddings`` at the
    end so that ``input_shape + paddings`` is divisible by ``block_shape``; ``crops`` is
    ``[0, extra]`` per dimension, undoing that extra padding after ``batch_to_space``."""
    block = _vector(block_shape, "block_shape")
    shape = _vector(input_shape, "input_shape")
    if block.ndim != 1:
        raise ValueError(f"block_shape must be 1-D, got shape {list(block.shape)}")
    if shape.shape != block.shape:
        raise ValueError(
            f"input_shape {list(shape.shape)} and block_shape {list(block.shape)} must have "
            "the same shape"
        )
    if (block < 1).any():
        raise ValueError(f"block_shape must be positive, got {block.tolist()}")
    if base_paddings is None:
        base = np.zeros((block.size, 2), np.int64)
    else:
        base = _vector(base_paddings, "base_paddings")
        if base.shape != (block.size, 2):
            raise ValueError(
                f"base_paddings must have shape [{block.size}, 2], got {list(base.shape)}"
            )
    full = shape + base[:, 0] + base[:, 1]
    extra = (block - full % block) % block
    paddings = np.stack([base[:, 0], base[:, 1] + extra], axis=1).astype(np.int32)
    crops = np.stack([np.zeros_like(extra), extra], axis=1).astype(np.int32)
    return _core.convert_to_tensor(paddings), _core.convert_to_tensor(crops)
