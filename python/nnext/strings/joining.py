"""`tf.strings.join` and `tf.strings.reduce_join`: concatenation with a separator.

Both are NumPy's object `add` (bytes concatenation) with broadcasting: `join` adds the
inputs and separators in turn; `reduce_join` appends the separator to every element but
the last along the axes, then reduces with `np.add` over them.
"""

import numpy as np

from nnext.errors import InvalidArgumentError
from nnext.strings._values import as_values, scalar_text, strings_out

__all__ = ["join", "reduce_join"]


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
