"""Shape ops on string tensors: `tf.reshape`, `tf.expand_dims`, `tf.concat`, `tf.stack`,
`tf.gather`, `tf.identity` (`tf.shape`, `tf.size` and `tf.rank` only read `.shape`).

Each moves elements without looking at them, so it runs the core's own numeric op on the
positions of the elements (an int64 tensor `arange(size)` of the same shape) and picks
the strings at the positions that come out: shape rules, negative axes, `batch_dims` and
error messages are the core's, declared once. The numeric path does not come here: the
public functions call the core first and turn to strings only when it refuses the input.
"""

import numpy as np

from nnext import _core
from nnext.errors import InvalidArgumentError
from nnext.string_tensor import StringTensor, as_values, convert, from_values

__all__ = ["expand_dims", "reshape"]


def _positions(values, start=0):
    return _core.convert_to_tensor(
        np.arange(start, start + values.size, dtype=np.int64).reshape(values.shape)
    )


def _pick(flat, positions):
    at = np.asarray(positions)
    # Through a 1-D index: a 0-d one would pick a bare bytes object, not an array.
    return from_values(flat[at.reshape(-1)].reshape(at.shape))


def strings_or_reraise(value):
    """`value` as a StringTensor inside an `except` block; re-raises the core's error when
    `value` holds no strings."""
    strings = convert(value)
    if strings is None:
        raise  # noqa: PLE0704  (called from the except block of the core's refusal)
    return strings


def any_strings(values):
    return any(type(v) is StringTensor or convert(v) is not None for v in values)


def reshape(tensor, shape, name=None):
    """Gives a tensor a new shape, same elements (one dim may be -1). String tensors too.

    Example:
        >>> nnext.reshape(["a", "b"], [2, 1]).shape
        TensorShape([2, 1])
    """
    if type(tensor) is not StringTensor:
        try:
            return _core.reshape(tensor, shape)
        except InvalidArgumentError:
            tensor = strings_or_reraise(tensor)
    values = tensor._values
    return _pick(values.reshape(-1), _core.reshape(_positions(values), shape))


def expand_dims(input, axis, name=None):
    """Inserts an axis of size 1 at `axis` (in [-rank - 1, rank]). String tensors too.

    Example:
        >>> nnext.expand_dims(["a", "b"], -1).shape
        TensorShape([2, 1])
    """
    if type(input) is not StringTensor:
        try:
            return _core.expand_dims(input, axis)
        except InvalidArgumentError:
            input = strings_or_reraise(input)
    values = input._values
    return _pick(values.reshape(-1), _core.expand_dims(_positions(values), axis))


def _joined(op, values, *args):
    arrays = [as_values(v) for v in values]
    starts = np.cumsum([0] + [a.size for a in arrays])
    flat = np.concatenate([a.reshape(-1) for a in arrays]) if arrays else np.empty(0, object)
    positions = [_positions(a, int(s)) for a, s in zip(arrays, starts)]
    return _pick(flat, op(positions, *args))


def concat(values, axis):
    """`tf.concat` of string tensors."""
    return _joined(_core.concat, values, axis)


def stack(values, axis):
    """`tf.stack` of string tensors."""
    return _joined(_core.stack, values, axis)


def gather(params, indices, axis, batch_dims):
    """`tf.gather` from a string tensor (indices numeric)."""
    values = as_values(params)
    return _pick(values.reshape(-1), _core.gather(_positions(values), indices, axis, batch_dims))


def identity(input):
    """`tf.identity` of a string tensor: the same (immutable) values in a new tensor."""
    return from_values(input._values)
