"""The LinearOperator subclasses that wrap tensors: FullMatrix, Diag, Identity,
ScaledIdentity, Zeros, LowerTriangular, Permutation, Householder, Toeplitz and Tridiag
(TensorFlow's constructors and hints). Each overrides the base class's dense defaults where
its structure makes them cheaper (a diagonal's solve is a division, its determinant a
product)."""

import numpy as np

from nnext import _core
from nnext.dtypes import as_dtype
from nnext.linalg_diag import band_part, diag
from nnext.linalg_structured import tridiagonal_matmul, tridiagonal_solve
from nnext.linear_operator import LinearOperator, _mT, _t

__all__ = [
    "LinearOperatorDiag",
    "LinearOperatorFullMatrix",
    "LinearOperatorHouseholder",
    "LinearOperatorIdentity",
    "LinearOperatorLowerTriangular",
    "LinearOperatorPermutation",
    "LinearOperatorScaledIdentity",
    "LinearOperatorToeplitz",
    "LinearOperatorTridiag",
    "LinearOperatorZeros",
]


def _float(x, dtype=None):
    x = _t(x, dtype)
    return x if x.dtype.is_floating else _core.cast(x, "float32")


class LinearOperatorFullMatrix(LinearOperator):
    """The operator of a dense ``matrix`` (..., M, N)."""

    def __init__(
        self,
        matrix,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name="LinearOperatorFullMatrix",
    ):
        self._matrix = _float(matrix)
        if self._matrix.ndim < 2:
            raise ValueError(
                f"Argument `matrix` must have at least 2 dimensions. Received: "
                f"shape {tuple(self._matrix.shape)}"
            )
        super().__init__(
            self._matrix.dtype,
            is_non_singular=is_non_singular,
            is_self_adjoint=is_self_adjoint,
            is_positive_definite=is_positive_definite,
            is_square=is_square,
            name=name,
            parameters={"matrix": matrix},
        )

    def _shape(self):
        return list(self._matrix.shape)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return _core.matmul(self._matrix, x, adjoint, adjoint_arg)

    def _to_dense(self):
        return self._matrix


class LinearOperatorDiag(LinearOperator):
    """The square diagonal operator with ``diag`` (..., N) on its diagonal."""

    def __init__(
        self,
        diag,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=True,
        name="LinearOperatorDiag",
    ):
        self._diag = _float(diag)
        if self._diag.ndim < 1:
            raise ValueError("Argument `diag` must have at least 1 dimension.")
        if is_self_adjoint is False:
            raise ValueError("A real diagonal operator is always self adjoint.")
        if is_square is False:
            raise ValueError("Only square diagonal operators currently supported.")
        super().__init__(
            self._diag.dtype,
            is_non_singular=is_non_singular,
            is_self_adjoint=True,
            is_positive_definite=is_positive_definite,
            is_square=True,
            name=name,
            parameters={"diag": diag},
        )

    @property
    def diag(self):
        return self._diag

    def _shape(self):
        return list(self._diag.shape) + [self._diag.shape[-1]]

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = _mT(x) if adjoint_arg else x
        return _core.multiply(_core.expand_dims(self._diag, -1), x)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = _mT(rhs) if adjoint_arg else rhs
        return _core.divide(rhs, _core.expand_dims(self._diag, -1))

    def _determinant(self):
        return _core.reduce_prod(self._diag, -1, False)

    def _log_abs_determinant(self):
        return _core.reduce_sum(_core.log(_core.abs(self._diag)), -1, False)

    def _diag_part(self):
        return self._diag

    def _to_dense(self):
        return diag(self._diag)

    def _eigvals(self):
        return self._diag

    def add_to_tensor(self, x, name="add_to_tensor"):
        return _core.add(self._to_dense(), self._arg(x, "add_to_tensor"))

    def inverse(self, name="inverse"):
        super().inverse()  # the hints' checks
        return LinearOperatorDiag(
            _core.divide(1.0, self._diag),
            is_non_singular=self.is_non_singular,
            is_positive_definite=self.is_positive_definite,
        )

    def cholesky(self, name="cholesky"):
        super().cholesky()
        return LinearOperatorDiag(
            _core.sqrt(self._diag), is_non_singular=True, is_positive_definite=True
        )


class _Scaled(LinearOperator):
    """Shared by Identity and ScaledIdentity: ``m I`` with ``m`` of the batch shape."""

    def _multiplier(self):
        raise NotImplementedError

    def _expanded(self):
        return _core.expand_dims(_core.expand_dims(self._multiplier(), -1), -1)

    def _shape(self):
        return list(self._batch_shape_list) + [self._num_rows, self._num_rows]

    def _broadcast(self, x):
        batch = list(np.broadcast_shapes(tuple(self._batch_shape_list), tuple(x.shape[:-2])))
        target = batch + list(x.shape[-2:])
        return x if list(x.shape) == target else _core.broadcast_to(x, target)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = _mT(x) if adjoint_arg else x
        return self._broadcast(_core.multiply(self._expanded(), x))

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = _mT(rhs) if adjoint_arg else rhs
        return self._broadcast(_core.divide(rhs, self._expanded()))

    def _determinant(self):
        return _core.pow(self._multiplier(), float(self._num_rows))

    def _log_abs_determinant(self):
        return _core.multiply(_core.log(_core.abs(self._multiplier())), float(self._num_rows))

    def _trace(self):
        return _core.multiply(self._multiplier(), float(self._num_rows))

    def _diag_part(self):
        ones = _core.ones(self._batch_shape_list + [self._num_rows], self.dtype.name)
        return _core.multiply(_core.expand_dims(self._multiplier(), -1), ones)

    def _to_dense(self):
        n = self._num_rows
        eye = _core.broadcast_to(_core.eye(n, n, self.dtype.name), self._shape())
        return _core.multiply(self._expanded(), eye)

    def _eigvals(self):
        return self._diag_part()

    def add_to_tensor(self, x, name="add_to_tensor"):
        return _core.add(self._to_dense(), self._arg(x, "add_to_tensor"))


def _num_rows(num_rows):
    n = int(num_rows)
    if n < 0:
        raise ValueError(f"Argument `num_rows` must be non-negative. Received: {num_rows}.")
    return n


class LinearOperatorIdentity(_Scaled):
    """The ``num_rows`` x ``num_rows`` identity, optionally batched by ``batch_shape``."""

    def __init__(
        self,
        num_rows,
        batch_shape=None,
        dtype=None,
        is_non_singular=True,
        is_self_adjoint=True,
        is_positive_definite=True,
        is_square=True,
        assert_proper_shapes=False,
        name="LinearOperatorIdentity",
    ):
        for hint, text in (
            (is_non_singular, "non-singular"),
            (is_self_adjoint, "self-adjoint"),
            (is_positive_definite, "positive definite"),
            (is_square, "square"),
        ):
            if not hint:
                raise ValueError(f"An identity operator is always {text}.")
        self._num_rows = _num_rows(num_rows)
        self._batch_shape_list = [] if batch_shape is None else [int(b) for b in batch_shape]
        super().__init__(
            as_dtype(dtype or "float32"),
            is_non_singular=True,
            is_self_adjoint=True,
            is_positive_definite=True,
            is_square=True,
            name=name,
            parameters={"num_rows": num_rows, "batch_shape": batch_shape, "dtype": dtype},
        )

    def _multiplier(self):
        return _core.ones(self._batch_shape_list, self.dtype.name)

    def inverse(self, name="inverse"):
        return self

    def cholesky(self, name="cholesky"):
        return self


class LinearOperatorScaledIdentity(_Scaled):
    """``multiplier * I`` (``multiplier`` of the batch shape)."""

    def __init__(
        self,
        num_rows,
        multiplier,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=True,
        assert_proper_shapes=False,
        name="LinearOperatorScaledIdentity",
    ):
        if is_square is False:
            raise ValueError("A ScaledIdentity operator is always square.")
        self._num_rows = _num_rows(num_rows)
        self._scale = _float(multiplier)
        self._batch_shape_list = list(self._scale.shape)
        super().__init__(
            self._scale.dtype,
            is_non_singular=is_non_singular,
            is_self_adjoint=is_self_adjoint,
            is_positive_definite=is_positive_definite,
            is_square=True,
            name=name,
            parameters={"num_rows": num_rows, "multiplier": multiplier},
        )

    @property
    def multiplier(self):
        return self._scale

    def _multiplier(self):
        return self._scale

    def inverse(self, name="inverse"):
        super().inverse()
        return LinearOperatorScaledIdentity(
            self._num_rows,
            _core.divide(1.0, self._scale),
            is_non_singular=self.is_non_singular,
            is_positive_definite=self.is_positive_definite,
        )

    def cholesky(self, name="cholesky"):
        super().cholesky()
        return LinearOperatorScaledIdentity(
            self._num_rows, _core.sqrt(self._scale), is_non_singular=True, is_positive_definite=True
        )


class LinearOperatorZeros(LinearOperator):
    """The zero matrix, ``num_rows`` x ``num_columns`` (square by default)."""

    def __init__(
        self,
        num_rows,
        num_columns=None,
        batch_shape=None,
        dtype=None,
        is_non_singular=False,
        is_self_adjoint=True,
        is_positive_definite=False,
        is_square=True,
        assert_proper_shapes=False,
        name="LinearOperatorZeros",
    ):
        if is_non_singular:
            raise ValueError("A Zeros operator is always singular.")
        if is_positive_definite:
            raise ValueError("A Zeros operator is never positive definite.")
        self._rows = _num_rows(num_rows)
        self._cols = self._rows if num_columns is None else _num_rows(num_columns)
        square = self._rows == self._cols
        if not square and (is_square or is_self_adjoint):
            is_square, is_self_adjoint = False, False
        self._batch_shape_list = [] if batch_shape is None else [int(b) for b in batch_shape]
        super().__init__(
            as_dtype(dtype or "float32"),
            is_non_singular=False,
            is_self_adjoint=is_self_adjoint,
            is_positive_definite=False,
            is_square=is_square,
            name=name,
            parameters={
                "num_rows": num_rows,
                "num_columns": num_columns,
                "batch_shape": batch_shape,
                "dtype": dtype,
            },
        )

    def _shape(self):
        return self._batch_shape_list + [self._rows, self._cols]

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        rows = self._cols if adjoint else self._rows
        cols = x.shape[-2] if adjoint_arg else x.shape[-1]
        batch = list(np.broadcast_shapes(tuple(self._batch_shape_list), tuple(x.shape[:-2])))
        return _core.zeros(batch + [rows, cols], self.dtype.name)

    def _determinant(self):
        return _core.zeros(self._batch_shape_list, self.dtype.name)

    def _log_abs_determinant(self):
        return _core.log(self._determinant())

    def _trace(self):
        return _core.zeros(self._batch_shape_list, self.dtype.name)

    def _diag_part(self):
        return _core.zeros(self._batch_shape_list + [min(self._rows, self._cols)], self.dtype.name)

    def _to_dense(self):
        return _core.zeros(self._shape(), self.dtype.name)

    def add_to_tensor(self, x, name="add_to_tensor"):
        return _core.add(self._arg(x, "add_to_tensor"), self._to_dense())


class LinearOperatorLowerTriangular(LinearOperator):
    """The lower triangle of ``tril`` (..., N, N) as an operator (the rest is not read)."""

    def __init__(
        self,
        tril,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name="LinearOperatorLowerTriangular",
    ):
        if is_square is False:
            raise ValueError("Only square lower triangular operators supported at this time.")
        tril = _float(tril)
        if tril.ndim < 2 or tril.shape[-1] != tril.shape[-2]:
            raise ValueError(
                f"Argument `tril` must be a square (batch) matrix. Received: "
                f"shape {tuple(tril.shape)}"
            )
        self._tril = band_part(tril, -1, 0)
        super().__init__(
            tril.dtype,
            is_non_singular=is_non_singular,
            is_self_adjoint=is_self_adjoint,
            is_positive_definite=is_positive_definite,
            is_square=True,
            name=name,
            parameters={"tril": tril},
        )

    def _shape(self):
        return list(self._tril.shape)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return _core.matmul(self._tril, x, adjoint, adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        from nnext.linalg_ops import triangular_solve

        rhs = _mT(rhs) if adjoint_arg else rhs
        return triangular_solve(self._tril, rhs, lower=True, adjoint=adjoint)

    def _determinant(self):
        return _core.reduce_prod(self._diag_part(), -1, False)

    def _log_abs_determinant(self):
        return _core.reduce_sum(_core.log(_core.abs(self._diag_part())), -1, False)

    def _to_dense(self):
        return self._tril


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
        self._axis = _float(reflection_axis)
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
        self._col = _float(col)
        self._row = _float(row, self._col.dtype)
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
