"""``tf.bitwise``: bitwise AND, OR, XOR, NOT and shifts of integer tensors.

As in TensorFlow, both operands have one integer dtype (int8 ... int64, uint8 ... uint64):
a Python int or list takes the dtype of the tensor operand (int32 when neither is a tensor),
two tensors of different dtypes are an ``InvalidArgumentError``, and float, bool or complex
operands are refused with the error TensorFlow's eager runtime gives (an
``InvalidArgumentError`` that is also a ``TypeError`` here).

The shifts follow TensorFlow's kernels, not C or NumPy: the shift amount is clamped to
``[0, bits - 1]`` (a negative amount shifts by 0, an amount of the bit width or more by
``bits - 1``), left shifts are done on the unsigned bits (so they wrap), and right shifts
of signed integers are arithmetic (they copy the sign bit).
"""

import numpy as np

from nnext import _core
from nnext.errors import _InvalidTypeArgument

__all__ = ["bitwise_and", "bitwise_or", "bitwise_xor", "invert", "left_shift", "right_shift"]

_ALLOWED = ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")


# TensorFlow's names of the dtypes (DataTypeString) in its "not in the list" message.
_TF_TYPE_NAMES = {"float32": "float", "float64": "double", "float16": "half"}


def _not_allowed(op, dtype):
    name = _TF_TYPE_NAMES.get(dtype.name, dtype.name)
    return _InvalidTypeArgument(
        f"Value for attr 'T' of {name} is not in the list of allowed values: "
        f"{', '.join(_ALLOWED)}; NodeDef: {{{{node {op}}}}} [Op:{op}]"
    )


def _convert(value, dtype):
    """``value`` (not a tensor) as a tensor of the integer ``dtype`` (None: its own)."""
    if dtype is None:
        return _core.convert_to_tensor(value)
    array = np.asarray(value)
    target = dtype.as_numpy_dtype
    if array.dtype.kind not in "iu" or not _fits(array, target):
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    return _core.convert_to_tensor(array.astype(target))


def _fits(array, target):
    info = np.iinfo(target)
    return array.size == 0 or (int(array.min()) >= info.min and int(array.max()) <= info.max)


def _operands(op, *values):
    """The operands as tensors of one allowed integer dtype, TensorFlow's way: the first
    tensor operand gives the dtype the others are converted to."""
    dtype = next((v.dtype for v in values if isinstance(v, _core.Tensor)), None)
    if dtype is not None and dtype.name not in _ALLOWED:
        raise _not_allowed(op, dtype)
    tensors = [
        _core.convert_to_tensor(v) if isinstance(v, _core.Tensor) else _convert(v, dtype)
        for v in values
    ]
    first = tensors[0].dtype
    if first.name not in _ALLOWED:
        raise _not_allowed(op, first)
    for index, tensor in enumerate(tensors[1:], start=1):
        if tensor.dtype != first:
            raise _InvalidTypeArgument(
                f"cannot compute {op} as input #{index}(zero-based) was expected to be a "
                f"{first.name} tensor but is a {tensor.dtype.name} tensor [Op:{op}]"
            )
    return tensors


def bitwise_and(x, y, name=None):
    """Elementwise bitwise AND of ``x`` and ``y`` (``x & y``), which broadcast.

    Args:
        x: an integer tensor (int8 ... uint64), or a Python int / list.
        y: likewise, of ``x``'s dtype.
        name: ignored (TensorFlow's op name).

    Returns:
        A tensor of the operands' dtype and broadcast shape.

    Raises:
        InvalidArgumentError: operands of different dtypes, or not of an integer dtype
            (the latter is also a TypeError).

    Example:
        >>> nnext.bitwise.bitwise_and(nnext.constant([0, 5, 3, 14]), [5, 0, 7, 11])
        nnext.Tensor([ 0  0  3 10], shape=(4,), dtype=int32)
    """
    del name
    return _core.bitwise_and(*_operands("BitwiseAnd", x, y))


def bitwise_or(x, y, name=None):
    """Elementwise bitwise OR of ``x`` and ``y`` (``x | y``), which broadcast.

    Args:
        x: an integer tensor (int8 ... uint64), or a Python int / list.
        y: likewise, of ``x``'s dtype.
        name: ignored (TensorFlow's op name).

    Returns:
        A tensor of the operands' dtype and broadcast shape.

    Raises:
        InvalidArgumentError: operands of different dtypes, or not of an integer dtype.

    Example:
        >>> nnext.bitwise.bitwise_or(nnext.constant([0, 5, 3, 14]), [5, 0, 7, 11])
        nnext.Tensor([ 5  5  7 15], shape=(4,), dtype=int32)
    """
    del name
    return _core.bitwise_or(*_operands("BitwiseOr", x, y))


def bitwise_xor(x, y, name=None):
    """Elementwise bitwise exclusive OR of ``x`` and ``y`` (``x ^ y``), which broadcast.

    Args:
        x: an integer tensor (int8 ... uint64), or a Python int / list.
        y: likewise, of ``x``'s dtype.
        name: ignored (TensorFlow's op name).

    Returns:
        A tensor of the operands' dtype and broadcast shape.

    Raises:
        InvalidArgumentError: operands of different dtypes, or not of an integer dtype.

    Example:
        >>> nnext.bitwise.bitwise_xor(nnext.constant([0, 5, 3, 14]), [5, 0, 7, 11])
        nnext.Tensor([5 5 4 5], shape=(4,), dtype=int32)
    """
    del name
    return _core.bitwise_xor(*_operands("BitwiseXor", x, y))


def invert(x, name=None):
    """Flips every bit of ``x`` (``~x``): uint8 ``0b01010101`` becomes ``0b10101010``.

    Args:
        x: an integer tensor (int8 ... uint64), or a Python int / list (int32).
        name: ignored (TensorFlow's op name).

    Returns:
        A tensor of ``x``'s dtype and shape.

    Raises:
        InvalidArgumentError: ``x`` not of an integer dtype (also a TypeError).

    Example:
        >>> nnext.bitwise.invert(nnext.constant([0, 5, 3, 14], nnext.uint8))
        nnext.Tensor([255 250 252 241], shape=(4,), dtype=uint8)
    """
    del name
    (x,) = _operands("Invert", x)
    return _core.bitwise_invert(x)


def _scalar(value, dtype):
    return _core.convert_to_tensor(np.asarray(value, dtype.as_numpy_dtype))


def _clamped_shift(x, y):
    """``y`` clamped to ``[0, bits - 1]`` for ``x``'s dtype, as TensorFlow's kernels do."""
    bits = x.dtype.size * 8
    return _core.minimum(_core.maximum(y, _scalar(0, y.dtype)), _scalar(bits - 1, y.dtype))


def left_shift(x, y, name=None):
    """Elementwise ``x << y``, with TensorFlow's rule for out-of-range shifts.

    The shift is done on the unsigned bits, so a signed result wraps
    (``int8``: ``1 << 7 == -128``). ``y`` is clamped to ``[0, bits - 1]``: a negative
    shift leaves ``x`` as it is, and a shift of the bit width or more shifts by
    ``bits - 1`` (C and NumPy leave those cases undefined or give 0).

    Args:
        x: an integer tensor (int8 ... uint64), or a Python int / list.
        y: the shift amounts, of ``x``'s dtype; ``x`` and ``y`` broadcast.
        name: ignored (TensorFlow's op name).

    Returns:
        A tensor of the operands' dtype and broadcast shape.

    Raises:
        InvalidArgumentError: operands of different dtypes, or not of an integer dtype.

    Example:
        >>> nnext.bitwise.left_shift(nnext.constant([-1, -5, -3, -14], nnext.int8),
        ...                          nnext.constant([5, 0, 7, 11], nnext.int8))
        nnext.Tensor([ -32   -5 -128    0], shape=(4,), dtype=int8)
    """
    del name
    x, y = _operands("LeftShift", x, y)
    return _core.bitwise_left_shift(x, _clamped_shift(x, y))


def right_shift(x, y, name=None):
    """Elementwise ``x >> y``: arithmetic for signed integers, logical for unsigned ones.

    ``y`` is clamped to ``[0, bits - 1]`` as TensorFlow's kernel does: a negative shift
    leaves ``x`` as it is, and a shift of the bit width or more shifts by ``bits - 1``
    (a signed value becomes 0 or -1; an unsigned one keeps its top bit).

    Args:
        x: an integer tensor (int8 ... uint64), or a Python int / list.
        y: the shift amounts, of ``x``'s dtype; ``x`` and ``y`` broadcast.
        name: ignored (TensorFlow's op name).

    Returns:
        A tensor of the operands' dtype and broadcast shape.

    Raises:
        InvalidArgumentError: operands of different dtypes, or not of an integer dtype.

    Example:
        >>> nnext.bitwise.right_shift(nnext.constant([-2, 64, 101, 32], nnext.int8),
        ...                           nnext.constant([-1, -5, -3, -14], nnext.int8))
        nnext.Tensor([ -2  64 101  32], shape=(4,), dtype=int8)
    """
    del name
    x, y = _operands("RightShift", x, y)
    return _core.bitwise_right_shift(x, _clamped_shift(x, y))
