"""LinearOperators with structure beyond a diagonal: permutations, Householder reflections,
Toeplitz and tridiagonal matrices (TensorFlow's tf.linalg classes of those names), each
solving and multiplying in its own structure rather than through a dense matrix."""

import numpy as np

from nnext import _core
from nnext.dtypes import as_dtype
from nnext.linalg_diag import diag
from nnext.linalg_structured import tridiagonal_matmul, tridiagonal_solve
from nnext.linear_operator import LinearOperator, _mT, _t
from nnext.linear_operator_basic import float_tensor

__all__ = [
    "LinearOperatorHouseholder",
    "LinearOperatorPermutation",
    "LinearOperatorToeplitz",
    "LinearOperatorTridiag",
]


class LinearOperatorPermutation(LinearOperator):
    """The permutation matrix ``P`` with ``(P x)[i] = x[perm[i]]`` (``P[i, perm[i]] = 1``)."""

    def __init__(
        self,
        perm,
        dtype="float32",
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name="LinearOperatorPermutation",
    ):
        if is_non_singular is False:
            raise ValueError("A Permutation operator is always non-singular.")
        if is_square is False:
            raise ValueError("A Permutation operator is always square.")
        self._perm = _t(perm)
        if self._perm.dtype.is_floating or self._perm.ndim < 1:
            raise TypeError("Argument `perm` must be an integer tensor of rank >= 1.")
        values = self._perm.numpy()
        if (np.sort(values, -1) != np.arange(values.shape[-1])).any():
            raise ValueError(
                f"Argument `perm` must be a vector of unique integers from 0 to "
                f"{values.shape[-1] - 1}."
            )
        super().__init__(
            as_dtype(dtype),
            is_non_singular=True,
            is_self_adjoint=is_self_adjoint,
            is_positive_definite=is_positive_definite,
            is_square=True,
            name=name,
            parameters={"perm": perm, "dtype": dtype},
        )

    @property
    def perm(self):
        return self._perm

    def _shape(self):
        return list(self._perm.shape) + [self._perm.shape[-1]]

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        perm = _core.argsort(self._perm, -1) if adjoint else self._perm
        x = _mT(x) if adjoint_arg else x
        batch = list(np.broadcast_shapes(tuple(x.shape[:-2]), tuple(perm.shape[:-1])))
        x = _core.broadcast_to(x, batch + list(x.shape[-2:]))
        perm = _core.broadcast_to(perm, batch + list(perm.shape[-1:]))
        return _core.gather(x, perm, len(batch), len(batch))

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._matmul(rhs, adjoint=not adjoint, adjoint_arg=adjoint_arg)

    def _log_abs_determinant(self):
        return _core.zeros(list(self._perm.shape[:-1]), self.dtype.name)

    def _to_dense(self):
        return _core.one_hot(self._perm, self._perm.shape[-1], 1.0, 0.0, -1, self.dtype.name)


class LinearOperatorHouseholder(LinearOperator):
    """The reflection ``I - 2 v v^T / (v^T v)`` about the hyperplane orthogonal to
    ``reflection_axis`` ``v`` (..., N)."""

    def __init__(
        self,
        reflection_axis,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name="LinearOperatorHouseholder",
    ):
        if is_self_adjoint is False:
            raise ValueError("A Householder operator is always self adjoint.")
        if is_non_singular is False:
            raise ValueError("A Householder operator is always non-singular.")
        if is_positive_definite:
            raise ValueError("A Householder operator is always non-positive definite.")
        if is_square is False:
            raise ValueError("A Householder operator is always square.")
        self._axis = float_tensor(reflection_axis)
        super().__init__(
            self._axis.dtype,
            is_non_singular=True,
            is_self_adjoint=True,
            is_positive_definite=False,
            is_square=True,
            name=name,
            parameters={"reflection_axis": reflection_axis},
        )

    @property
    def reflection_axis(self):
        return self._axis

    def _shape(self):
        return list(self._axis.shape) + [self._axis.shape[-1]]

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = _mT(x) if adjoint_arg else x
        v = _core.expand_dims(self._axis, -1)  # (..., N, 1)
        norm2 = _core.reduce_sum(_core.square(v), -2, True)
        proj = _core.matmul(v, x, True, False)  # v^T x
        return _core.subtract(x, _core.multiply(_core.divide(v, norm2), _core.multiply(proj, 2.0)))

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._matmul(rhs, adjoint, adjoint_arg)  # a reflection is its own inverse

    def _determinant(self):
        return _core.multiply(_core.ones(list(self._axis.shape[:-1]), self.dtype.name), -1.0)

    def _log_abs_determinant(self):
        return _core.zeros(list(self._axis.shape[:-1]), self.dtype.name)

    def _trace(self):
        n = self._axis.shape[-1]
        return _core.multiply(_core.ones(list(self._axis.shape[:-1]), self.dtype.name), n - 2.0)


class LinearOperatorToeplitz(LinearOperator):
    """The Toeplitz matrix with first column ``col`` and first row ``row`` (both (..., N);
    ``row[0]`` is not read: the diagonal is ``col[0]``)."""

    def __init__(
        self,
        col,
        row,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name="LinearOperatorToeplitz",
    ):
        if is_square is False:
            raise ValueError("Only square Toeplitz operators currently supported.")
        self._col = float_tensor(col)
        self._row = float_tensor(row, self._col.dtype)
        if self._col.shape[-1] != self._row.shape[-1]:
            raise ValueError(
                f"Arguments `col` and `row` must have the same last dimension, got "
                f"{tuple(self._col.shape)} and {tuple(self._row.shape)}"
            )
        super().__init__(
            self._col.dtype,
            is_non_singular=is_non_singular,
            is_self_adjoint=is_self_adjoint,
            is_positive_definite=is_positive_definite,
            is_square=True,
            name=name,
            parameters={"col": col, "row": row},
        )

    @property
    def col(self):
        return self._col

    @property
    def row(self):
        return self._row

    def _shape(self):
        batch = np.broadcast_shapes(tuple(self._col.shape[:-1]), tuple(self._row.shape[:-1]))
        n = self._col.shape[-1]
        return list(batch) + [n, n]

    def _to_dense(self):
        n = self._col.shape[-1]
        batch = self._shape()[:-2]
        col = _core.broadcast_to(self._col, batch + [n])
        row = _core.broadcast_to(self._row, batch + [n])
        # full[n - 1 + (i - j)] is col[i - j] on and below the diagonal, row[j - i] above.
        full = _core.concat([row[..., :0:-1], col], -1)
        index = (n - 1) + np.arange(n)[:, None] - np.arange(n)[None, :]
        return _core.gather(full, index, len(batch))


class LinearOperatorTridiag(LinearOperator):
    """A square tridiagonal operator from ``diagonals`` in any of ``tridiagonal_solve``'s
    formats (``'compact'``, ``'sequence'``, ``'matrix'``)."""

    def __init__(
        self,
        diagonals,
        diagonals_format="compact",
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name="LinearOperatorTridiag",
    ):
        if diagonals_format not in ("compact", "sequence", "matrix"):
            raise ValueError(
                f"Argument `diagonals_format` must be one of compact, matrix, "
                f"sequence. Received : {diagonals_format}."
            )
        if is_square is False:
            raise ValueError("A tridiagonal operator is always square.")
        from nnext.linalg_structured import _compact

        self._diagonals = diagonals
        self._format = diagonals_format
        self._compact = _compact(diagonals, diagonals_format, "LinearOperatorTridiag")
        super().__init__(
            self._compact.dtype,
            is_non_singular=is_non_singular,
            is_self_adjoint=is_self_adjoint,
            is_positive_definite=is_positive_definite,
            is_square=True,
            name=name,
            parameters={"diagonals": diagonals, "diagonals_format": diagonals_format},
        )

    @property
    def diagonals(self):
        return self._diagonals

    @property
    def diagonals_format(self):
        return self._format

    def _shape(self):
        n = self._compact.shape[-1]
        return list(self._compact.shape[:-2]) + [n, n]

    def _to_dense(self):
        n = self._compact.shape[-1]
        if n == 1:
            return _core.expand_dims(self._compact[..., 1, :], -1)
        return diag(self._compact, k=(-1, 1), num_rows=n, num_cols=n, align="LEFT_RIGHT")

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        if adjoint:
            return super()._matmul(x, adjoint, adjoint_arg)
        return tridiagonal_matmul(self._compact, _mT(x) if adjoint_arg else x)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        if adjoint:
            return super()._solve(rhs, adjoint, adjoint_arg)
        return tridiagonal_solve(self._compact, _mT(rhs) if adjoint_arg else rhs)

    def _diag_part(self):
        return self._compact[..., 1, :]
