"""tnp's products: dot, matmul, tensordot, inner, outer, vdot, cross, kron and einsum.

Operands are promoted to NumPy's common dtype (`int32 @ float64` is float64) and the
product is `keras.ops`'s, so it is differentiable under `GradientTape`.
"""

from nnext.experimental.numpy import _arrays
from nnext.keras.ops import numpy_product as kproduct

__all__ = ["cross", "dot", "einsum", "inner", "kron", "matmul", "outer", "tensordot", "vdot"]

cast = _arrays.cast


def _promoted(keras_fn, name):
    def fn(a, b):
        x, y = _arrays.operands(a, b)
        return cast(keras_fn(x, y), x.dtype)

    fn.__name__ = name
    fn.__doc__ = f"NumPy's `{name}` of the promoted operands."
    return fn


dot = _promoted(kproduct.dot, "dot")
matmul = _promoted(kproduct.matmul, "matmul")
inner = _promoted(kproduct.inner, "inner")
outer = _promoted(kproduct.outer, "outer")
vdot = _promoted(kproduct.vdot, "vdot")
kron = _promoted(kproduct.kron, "kron")


def tensordot(a, b, axes=2):
    """The sum of products over `axes` (an int, or two sequences of axes)."""
    x, y = _arrays.operands(a, b)
    return cast(kproduct.tensordot(x, y, axes=axes), x.dtype)


def cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """The cross product of 2- or 3-vectors along the given axes."""
    x, y = _arrays.operands(a, b)
    return cast(kproduct.cross(x, y, axisa, axisb, axisc, axis), x.dtype)


def einsum(subscripts, *operands, **kwargs):
    """NumPy's einsum; casting 'safe' (promote, the default) or 'no' (operands as they
    are); `optimize` is accepted (contraction order does not change the result)."""
    casting = kwargs.get("casting", "safe")
    optimize = kwargs.get("optimize", False)
    if casting == "safe":
        tensors = _arrays.operands(*operands)
    elif casting == "no":
        tensors = [_arrays.asarray(x) for x in operands]
    else:
        raise ValueError(
            'Invalid value for argument `casting`. Expected casting="safe" or casting="no". '
            f"Received: casting={casting}"
        )
    if optimize not in (False, True, "greedy", "optimal"):
        raise ValueError(
            'Invalid value for argument `optimize`. Expected one of {True, "greedy", '
            f'"optimal"}}. Received: optimize={optimize}'
        )
    result = kproduct.einsum(subscripts, *tensors)
    return cast(result, tensors[0].dtype) if casting == "safe" else result
