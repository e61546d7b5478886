"""``tf.dynamic_partition``, ``tf.dynamic_stitch`` and ``tf.parallel_stack``. The index
bookkeeping is NumPy on the (small, integer) index tensors; the data moves through
``gather``/``concat``, so gradients flow as in TensorFlow."""

import numpy as np

from nnext import _core, errors
from nnext.array_ops import concat, gather, stack

__all__ = ["dynamic_partition", "dynamic_stitch", "parallel_stack"]


def _t(x):
    return x if isinstance(x, _core.Tensor) else _core.convert_to_tensor(x)


def _int_indices(x, op, what):
    x = _t(x)
    if not x.dtype.is_integer:
        raise TypeError(f"{op}: {what} must be int32 or int64, got {x.dtype.name}")
    return x, x.numpy().astype(np.int64)


def dynamic_partition(data, partitions, num_partitions, name=None):
    """Splits ``data`` into ``num_partitions`` tensors: output ``i`` holds, in order, the
    slices ``data[js...]`` for which ``partitions[js] == i``. ``partitions.shape`` must be a
    prefix of ``data.shape``."""
    data = _t(data)
    _, parts = _int_indices(partitions, "DynamicPartition", "partitions")
    if not isinstance(num_partitions, (int, np.integer)) or num_partitions < 1:
        raise ValueError(f"DynamicPartition: num_partitions must be >= 1, got {num_partitions}")
    shape = list(data.shape)
    if shape[: parts.ndim] != list(parts.shape):
        raise errors.InvalidArgumentError(
            None,
            "DynamicPartition",
            f"data.shape must start with partitions.shape, got data.shape = {shape}, "
            f"partitions.shape = {list(parts.shape)}",
        )
    flat = parts.reshape(-1)
    bad = np.nonzero((flat < 0) | (flat >= num_partitions))[0]
    if bad.size:
        raise errors.InvalidArgumentError(
            None,
            "DynamicPartition",
            f"partitions{list(np.unravel_index(bad[0], parts.shape))} = {flat[bad[0]]} "
            f"is not in [0, {num_partitions})",
        )
    rows = _core.reshape(data, [flat.size, *shape[parts.ndim :]])
    return [
        gather(rows, _core.convert_to_tensor(np.nonzero(flat == i)[0].astype(np.int32)), axis=0)
        for i in range(num_partitions)
    ]


def dynamic_stitch(indices, data, name=None):
    """Interleaves ``data`` into one tensor: ``merged[indices[m][i]] = data[m][i]``; for an
    index given more than once the last ``(m, i)`` wins; rows no index names are zero."""
    if len(indices) != len(data) or not indices:
        raise errors.InvalidArgumentError(
            None,
            "DynamicStitch",
            f"indices and data must be non-empty lists of the same length, got "
            f"{len(indices)} and {len(data)}",
        )
    flat_ids, pieces, tail = [], [], None
    for m, (ids, piece) in enumerate(zip(indices, data)):
        _, ids = _int_indices(ids, "DynamicStitch", f"indices[{m}]")
        piece = _t(piece)
        shape = list(piece.shape)
        if shape[: ids.ndim] != list(ids.shape):
            raise errors.InvalidArgumentError(
                None,
                "DynamicStitch",
                f"data[{m}].shape = {shape} does not start with indices[{m}].shape = "
                f"{list(ids.shape)}",
            )
        if tail is None:
            tail = shape[ids.ndim :]
        elif shape[ids.ndim :] != tail:
            raise errors.InvalidArgumentError(
                None,
                "DynamicStitch",
                f"data[{m}].shape = {shape} does not match the slice shape {tail} of data[0]",
            )
        if ids.size and ids.min() < 0:
            raise errors.InvalidArgumentError(
                None, "DynamicStitch", f"indices[{m}] has a negative index {ids.min()}"
            )
        flat_ids.append(ids.reshape(-1))
        pieces.append(_core.reshape(piece, [ids.size, *tail]))
    dtypes = {p.dtype for p in pieces}
    if len(dtypes) > 1:
        raise TypeError(
            f"DynamicStitch: data must share one dtype, got {sorted(d.name for d in dtypes)}"
        )
    ids = np.concatenate(flat_ids)
    size = int(ids.max()) + 1 if ids.size else 0
    rows = concat([*pieces, _core.zeros([1, *tail], pieces[0].dtype)], axis=0)
    source = np.full(size, ids.size, dtype=np.int64)
    source[ids] = np.arange(ids.size)  # NumPy's fancy assignment: the last write wins
    return gather(rows, _core.convert_to_tensor(source.astype(np.int32)), axis=0)


def parallel_stack(values, name="parallel_stack"):
    """Stacks ``values`` (all of one shape and dtype) along a new first axis."""
    values = [_t(v) for v in values]
    shapes = {tuple(v.shape) for v in values}
    if len(shapes) > 1:
        raise ValueError(f"parallel_stack: all values must have one shape, got {sorted(shapes)}")
    return stack(values, axis=0)
