"""``tf.space_to_batch_nd``, ``tf.space_to_batch`` and ``tf.batch_to_space``: blocks of the
spatial grid moved into the batch dimension and back, as TensorFlow's SpaceToBatchND and
BatchToSpaceND kernels.

Each is a composition of ``pad`` (or a slice, for the crops), ``reshape`` and ``transpose``,
so the tape differentiates it like any op and the dtype is the input's. Batch index of the
result: ``(offset_0 * block_1 + offset_1) ... * batch + b``, the block offsets major, as in
TensorFlow's examples. The checks are the kernels', in their order and wording
(``InvalidArgumentError``, a ValueError); unlike the kernels, which stop at 4 spatial
dimensions that are not trivially merged, any number M of spatial dimensions works.
"""

import math

import numpy as np

from nnext import _core, errors

__all__ = ["batch_to_space", "space_to_batch", "space_to_batch_nd"]


def _int_values(value, what, op):
    """`value` (a list, array or integer tensor) as an int64 NumPy array."""
    array = np.asarray(value.numpy() if isinstance(value, _core.Tensor) else value)
    if array.size and array.dtype.kind not in "iu":
        raise TypeError(
            f"Value passed to parameter '{what}' has DataType {array.dtype.name} not in list "
            f"of allowed values: int32, int64 [Op:{op}]"
        )
    return array.astype(np.int64)


def _fail(message, op):
    raise errors.InvalidArgumentError(f"{message} [Op:{op}]")


def _block_and_pairs(x, block_shape, pairs, what, op):
    """The checks both kernels make first: block_shape a vector of M values, an input of
    rank >= 1 + M and `pairs` (paddings or crops) of shape [M, 2]."""
    block = _int_values(block_shape, "block_shape", op)
    if block.ndim != 1:
        _fail(f"block_shape rank should be 1 instead of {block.ndim}", op)
    m = block.size
    if x.ndim < 1 + m:
        _fail(f"input rank should be >= {1 + m} instead of {x.ndim}", op)
    pairs = _int_values(pairs, what, op)
    if pairs.ndim != 2 or pairs.shape != (m, 2):
        shape = ",".join(str(d) for d in pairs.shape)
        _fail(f"{what} should have shape [{m}, 2] instead of [{shape}]", op)
    return [int(b) for b in block], [(int(a), int(b)) for a, b in pairs]


def space_to_batch_nd(input, block_shape, paddings, name=None):
    """Pads the M spatial dimensions of ``input`` and moves ``block_shape`` blocks of them
    into the batch dimension.

    ``input`` is ``[batch] + spatial_shape + remaining_shape``; each spatial dimension ``i``
    is padded by ``paddings[i]`` and split into ``(padded_i / block_shape[i],
    block_shape[i])``; the block offsets become the major part of the new batch index.

    Args:
        input: N-D tensor of shape ``[batch] + spatial_shape + remaining_shape``.
        block_shape: int32/int64 vector of M values, all >= 1.
        paddings: int32/int64 ``[M, 2]``: ``[pad_start, pad_end]`` per spatial dimension,
            >= 0, with ``input_shape[i + 1] + pad_start + pad_end`` divisible by
            ``block_shape[i]``.
        name: ignored (eager).

    Returns:
        A tensor of ``input``'s dtype, shape ``[batch * prod(block_shape)] +
        [padded_i / block_shape[i] ...] + remaining_shape``.

    Raises:
        InvalidArgumentError: on the shapes and values above (TensorFlow's messages).
        TypeError: if ``block_shape`` or ``paddings`` are not integers.

    >>> x = tf.reshape(tf.range(1, 5), [1, 2, 2, 1])
    >>> tf.reshape(tf.space_to_batch_nd(x, [2, 2], [[0, 0], [0, 0]]), [-1]).numpy()
    array([1, 2, 3, 4], dtype=int32)
    """
    op = "SpaceToBatchND"
    x = _core.convert_to_tensor(input)
    block, pads = _block_and_pairs(x, block_shape, paddings, "paddings", op)
    for i, b in enumerate(block):
        if b < 1:
            _fail(f"All values in block_shape must be positive, got value, {b} at index {i}.", op)
    m = len(block)
    shape = list(x.shape)
    batch, spatial, rest = shape[0], shape[1 : 1 + m], shape[1 + m :]
    if any(a < 0 or b < 0 for a, b in pads):
        _fail("Paddings must be non-negative", op)
    outer = []
    for i, (size, b, (before, after)) in enumerate(zip(spatial, block, pads)):
        padded = size + before + after
        if padded % b:
            _fail(f"padded_shape[{i}]={padded} is not divisible by block_shape[{i}]={b}", op)
        outer.append(padded // b)
    if any(a or b for a, b in pads):
        x = _core.pad(x, [[0, 0], *[list(p) for p in pads], *[[0, 0]] * len(rest)])
    # [batch, o_0, b_0, ..., o_M-1, b_M-1, rest...] -> [b_0, ..., b_M-1, batch, o_0, ..., rest]
    split = [batch] + [d for pair in zip(outer, block) for d in pair] + rest
    perm = [2 + 2 * i for i in range(m)] + [0] + [1 + 2 * i for i in range(m)]
    perm += list(range(1 + 2 * m, 1 + 2 * m + len(rest)))
    x = _core.transpose(_core.reshape(x, split), perm)
    return _core.reshape(x, [batch * math.prod(block)] + outer + rest)


def space_to_batch(input, block_shape, paddings, name=None):
    """TensorFlow 2's ``tf.space_to_batch``: the same operation as ``space_to_batch_nd``.

    Args:
        input: N-D tensor of shape ``[batch] + spatial_shape + remaining_shape``.
        block_shape: int32/int64 vector of M values, all >= 1.
        paddings: int32/int64 ``[M, 2]`` paddings of the spatial dimensions.
        name: ignored (eager).

    Returns:
        ``space_to_batch_nd(input, block_shape, paddings)``.

    >>> tf.space_to_batch(tf.ones([1, 4, 4, 3]), [2, 2], [[0, 0], [0, 0]]).shape
    TensorShape([4, 2, 2, 3])
    """
    return space_to_batch_nd(input, block_shape, paddings, name)


def batch_to_space(input, block_shape, crops, name=None):
    """The inverse of ``space_to_batch_nd``: moves blocks of the batch dimension back into
    the M spatial dimensions, then crops them.

    The batch dimension splits as ``block_shape + [batch / prod(block_shape)]``; the blocks
    interleave into the spatial grid (``input_shape[i + 1] * block_shape[i]``), and
    ``crops[i] = [crop_start, crop_end]`` is cut from spatial dimension ``i``.

    Args:
        input: N-D tensor of shape ``[batch] + spatial_shape + remaining_shape``, ``batch``
            divisible by ``prod(block_shape)``.
        block_shape: int32/int64 vector of M values >= 1, or an int ``b`` for ``[b, b]``.
        crops: int32/int64 ``[M, 2]``, all >= 0, with ``crop_start + crop_end <=
            block_shape[i] * input_shape[i + 1]``.
        name: ignored (eager).

    Returns:
        A tensor of ``input``'s dtype, shape ``[batch / prod(block_shape)] +
        [input_shape[i + 1] * block_shape[i] - crop_start - crop_end ...] +
        remaining_shape``.

    Raises:
        InvalidArgumentError: on the shapes and values above (TensorFlow's messages).
        TypeError: if ``block_shape`` or ``crops`` are not integers.

    >>> x = tf.reshape(tf.range(1, 5), [4, 1, 1, 1])
    >>> tf.reshape(tf.batch_to_space(x, [2, 2], [[0, 0], [0, 0]]), [-1]).numpy()
    array([1, 2, 3, 4], dtype=int32)
    """
    op = "BatchToSpaceND"
    if isinstance(block_shape, int):
        block_shape = np.array([block_shape, block_shape], dtype=np.int64)
    x = _core.convert_to_tensor(input)
    block, crops = _block_and_pairs(x, block_shape, crops, "crops", op)
    m = len(block)
    product = math.prod(block)
    if product <= 0:
        _fail(f"Product of block sizes must be positive, got {product}", op)
    shape = list(x.shape)
    batch, spatial, rest = shape[0], shape[1 : 1 + m], shape[1 + m :]
    if batch % product:
        _fail(
            f"Input batch dimension ({batch}) is not divisible by product of block sizes "
            f"({product})",
            op,
        )
    full = []
    for i, (size, b, (start, end)) in enumerate(zip(spatial, block, crops)):
        if start < 0 or end < 0:
            _fail("Crops must be non-negative", op)
        if size * b - start - end < 0:
            _fail(f"cropped_shape[{i}]={size * b - start - end} must be non-negative", op)
        full.append(size * b)
    for i, b in enumerate(block):  # negative pairs can give a positive product
        if b < 1:
            _fail(f"All values in block_shape must be positive, got value, {b} at index {i}.", op)
    # [b_0, ..., b_M-1, batch', s_0, ..., rest] -> [batch', s_0, b_0, ..., s_M-1, b_M-1, rest]
    x = _core.reshape(x, block + [batch // product] + spatial + rest)
    perm = [m] + [a for i in range(m) for a in (m + 1 + i, i)]
    perm += list(range(1 + 2 * m, 1 + 2 * m + len(rest)))
    x = _core.reshape(_core.transpose(x, perm), [batch // product] + full + rest)
    if any(start or end for start, end in crops):
        x = x[(slice(None), *(slice(s, f - e) for f, (s, e) in zip(full, crops)))]
    return x
