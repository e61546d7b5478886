"""Norms (``nnext.linalg.norm``, also ``nnext.norm``), composed from reductions so that
their gradients come for free."""

import math

from nnext import _core

__all__ = ["norm"]


def norm(tensor, ord="euclidean", axis=None, keepdims=False, name=None):
    """Vector norms (axis None or an int) and matrix norms (axis a pair of ints).

    ord: 'euclidean' (or 2, or 'fro' for matrices), 1, or numpy.inf. For a matrix, 1 is the
    maximum column sum of absolute values and inf the maximum row sum.
    """
    x = _core.convert_to_tensor(tensor)
    if isinstance(axis, (list, tuple)) and len(axis) == 2:
        return _matrix_norm(x, ord, tuple(axis), keepdims)
    if isinstance(axis, (list, tuple)):
        raise ValueError(  # noqa: TRY004 (TensorFlow raises ValueError here)
            f"norm: axis must be None, an int or a pair of ints, got {axis!r}"
        )
    if ord in ("euclidean", 2, 2.0, "fro"):
        return _core.sqrt(_core.reduce_sum(_core.square(x), axis, keepdims))
    if ord in (1, 1.0):
        return _core.reduce_sum(_core.abs(x), axis, keepdims)
    if ord == math.inf:
        return _core.reduce_max(_core.abs(x), axis, keepdims)
    raise ValueError(f"norm: unsupported ord {ord!r}: expected 'euclidean', 1, 2 or inf")


def _matrix_norm(x, ord, axis, keepdims):
    rows, cols = (a % x.ndim for a in axis)
    if rows == cols:
        raise ValueError(f"norm: the two axes must differ, got {axis}")
    if ord in ("euclidean", "fro"):
        return _core.sqrt(_core.reduce_sum(_core.square(x), axis, keepdims))
    if ord in (1, 1.0, math.inf):
        summed, then = (rows, cols) if ord != math.inf else (cols, rows)
        sums = _core.reduce_sum(_core.abs(x), summed, True)
        out = _core.reduce_max(sums, then, True)
        return out if keepdims else _core.squeeze(out, sorted((rows, cols)))
    raise ValueError(f"norm: unsupported matrix ord {ord!r}: expected 'fro', 'euclidean', 1 or inf")


# The rest of tf.linalg, re-exported here: linalg_ops.py (matmul, solvers, factorizations,
# einsum), linalg_diag.py (diagonals and bands), linalg_structured.py (LU, tridiagonal and
# banded solvers), matrix_functions.py (expm, sqrtm), the LinearOperator family
# (linear_operator*.py) and the tf.linalg.experimental namespace.
from nnext import linalg_diag as _linalg_diag
from nnext import linalg_experimental as experimental
from nnext import linalg_ops as _linalg_ops
from nnext import linalg_structured as _linalg_structured
from nnext import linear_operator as _linear_operator
from nnext import linear_operator_basic as _linear_operator_basic
from nnext import linear_operator_combined as _linear_operator_combined
from nnext import linear_operator_structured as _linear_operator_structured
from nnext import matrix_functions as _matrix_functions

__all__ += ["experimental"]
for _catalog_module in (
    _linalg_ops,
    _linalg_diag,
    _linalg_structured,
    _matrix_functions,
    _linear_operator,
    _linear_operator_basic,
    _linear_operator_structured,
    _linear_operator_combined,
):
    globals().update({n: getattr(_catalog_module, n) for n in _catalog_module.__all__})
    __all__ += [n for n in _catalog_module.__all__ if n not in __all__]
