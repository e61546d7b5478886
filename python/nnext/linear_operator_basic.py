"""The LinearOperator subclasses that wrap tensors: FullMatrix, Diag, Identity,
ScaledIdentity, Zeros and LowerTriangular (TensorFlow's constructors and hints; the
structured ones are in linear_operator_structured.py). Each overrides the base class's dense defaults where
its structure makes them cheaper (a diagonal's solve is a division, its determinant a
product)."""

import numpy as np

from nnext import _core
from nnext.dtypes import as_dtype
from nnext.linalg_diag import band_part, diag
from nnext.linear_operator import LinearOperator, _mT, _t

__all__ = [
    "LinearOperatorDiag",
    "LinearOperatorFullMatrix",
    "LinearOperatorIdentity",
    "LinearOperatorLowerTriangular",
    "LinearOperatorScaledIdentity",
    "LinearOperatorZeros",
]


def float_tensor(x, dtype=None):
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
        self._matrix = float_tensor(matrix)
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
        self._diag = float_tensor(diag)
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
        self._scale = float_tensor(multiplier)
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
        tril = float_tensor(tril)
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
