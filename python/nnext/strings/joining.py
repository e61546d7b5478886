"""`tf.strings.join`, `reduce_join` and `unsorted_segment_join`: concatenation with a
separator.

Both are NumPy's object `add` (bytes concatenation) with broadcasting: `join` adds the
inputs and separators in turn; `reduce_join` appends the separator to every element but
the last along the axes, then reduces with `np.add` over them.
"""

import numpy as np

from nnext.errors import InvalidArgumentError
from nnext.strings._values import as_values, scalar_text, strings_out

__all__ = ["join", "reduce_join", "unsorted_segment_join"]


def join(inputs, separator="", name=None):
    """Concatenates the strings of `inputs` (a list of tensors of one broadcast shape)
    element by element, with `separator` between them.

    Example:
        >>> nnext.strings.join([["a", "b"], "c"], separator="-").numpy()
        array([b'a-c', b'b-c'], dtype=object)
    """
    separator = scalar_text(separator, "separator")
    arrays = [as_values(x) for x in inputs]
    if not arrays:
        raise ValueError("tf.strings.join: `inputs` must hold at least one tensor.")
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        raise InvalidArgumentError(
            "Input shapes do not match: " + " vs. ".join(str(list(a.shape)) for a in arrays)
        ) from None
    out = arrays[0]
    for a in arrays[1:]:
        out = np.add(np.add(out, separator), a) if separator else np.add(out, a)
    return strings_out(np.broadcast_to(out, shape))


def reduce_join(inputs, axis=None, keepdims=False, separator="", name=None):
    """Joins the strings along `axis` (None: all axes) with `separator` between them.

    Example:
        >>> nnext.strings.reduce_join([["a", "b"], ["c", "d"]], axis=1, separator=" ").numpy()
        array([b'a b', b'c d'], dtype=object)
    """
    separator = scalar_text(separator, "separator")
    values = as_values(inputs)
    rank = values.ndim
    axes = list(range(rank)) if axis is None else np.atleast_1d(np.asarray(axis)).tolist()
    for a in axes:
        if not -rank <= a < rank:
            raise InvalidArgumentError(
                f"Invalid reduction dimension {a} for input with {rank} dimensions."
            )
    axes = sorted({a % rank for a in axes}) if rank else []
    kept = [d for d in range(rank) if d not in axes]
    # The reduced axes last, flattened into one, in row-major order as TensorFlow joins.
    moved = np.transpose(values, kept + axes)
    rows = moved.reshape(moved.shape[: len(kept)] + (-1,))
    if rows.shape[-1] == 0:
        out = np.full(rows.shape[:-1], b"", dtype=object)
    else:
        if separator:
            rows = rows.copy()
            rows[..., :-1] = np.add(rows[..., :-1], separator)
        out = np.add.reduce(rows, axis=-1)
    if keepdims:
        out = np.asarray(out, dtype=object).reshape(
            [1 if d in axes else values.shape[d] for d in range(rank)]
        )
    return strings_out(out)


def unsorted_segment_join(inputs, segment_ids, num_segments, separator="", name=None):
    """Joins the rows of `inputs` that share a segment id (in their order), one result per
    segment in [0, num_segments); a negative id drops its row, an empty segment gives b''.

    Example:
        >>> nnext.strings.unsorted_segment_join(["a", "b", "c"], [1, 0, 1], 2, "-").numpy()
        array([b'b', b'a-c'], dtype=object)
    """
    separator = scalar_text(separator, "separator")
    values = as_values(inputs)
    ids = np.asarray(segment_ids.numpy() if hasattr(segment_ids, "numpy") else segment_ids)
    num_segments = int(num_segments)
    if values.shape[: ids.ndim] != ids.shape:
        raise InvalidArgumentError(
            f"segment_ids.shape = {list(ids.shape)} does not prefix inputs.shape = "
            f"{list(values.shape)}"
        )
    rows = values.reshape((ids.size,) + values.shape[ids.ndim :])
    ids = ids.reshape(-1)
    too_big = np.flatnonzero(ids >= num_segments)
    if too_big.size:
        i = int(too_big[0])
        raise InvalidArgumentError(
            f"segment_ids[{i}] = {ids[i]} is out of range [0, {num_segments})"
        )
    out = np.full((num_segments,) + rows.shape[1:], b"", dtype=object)
    for k in np.unique(ids[ids >= 0]):
        out[k] = reduce_join(rows[ids == k], axis=0, separator=separator).numpy()
    return strings_out(out)
