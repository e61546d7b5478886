"""``tf.linalg.LinearOperator``: a (batch of) matrices known by what they do.

A subclass says what its matrix is through ``_shape`` and at least one of ``_matmul`` or
``_to_dense``; the base class derives the rest (solve, determinants, trace, ...) from the
dense matrix, and subclasses replace those defaults where their structure allows better,
as TensorFlow's subclasses do. The hints ``is_non_singular``, ``is_self_adjoint``,
``is_positive_definite`` and ``is_square`` follow TensorFlow's rules. Everything is
composed from nnext ops, so gradients flow through operators.
"""

import numpy as np

from nnext import _core
from nnext.dtypes import as_dtype
from nnext.linalg_diag import diag_part as _diag_part
from nnext.module import Module
from nnext.tensor_shape import TensorShape

__all__ = ["LinearOperator"]


def _t(x, dtype=None):
    if isinstance(x, _core.Tensor):
        return x
    return _core.convert_to_tensor(x, dtype) if dtype is not None else _core.convert_to_tensor(x)


def _mT(x):
    return _core.transpose(x, list(range(x.ndim - 2)) + [x.ndim - 1, x.ndim - 2])


class LinearOperator(Module):
    """Base class of a [batch of] linear operator[s] of shape ``batch_shape + [M, N]``.

    Subclasses implement ``_shape`` and ``_matmul`` or ``_to_dense``; TensorFlow's public
    methods (``matmul``, ``matvec``, ``solve``, ``solvevec``, ``determinant``,
    ``log_abs_determinant``, ``trace``, ``diag_part``, ``to_dense``, ``adjoint``,
    ``inverse``, ``cholesky``, ``eigvals``, ``cond``, ``add_to_tensor``, the ``assert_*``
    checks and the shape properties) work on top of them.
    """

    def __init__(
        self,
        dtype,
        graph_parents=None,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name=None,
        parameters=None,
    ):
        if is_positive_definite:
            if is_non_singular is False:
                raise ValueError("A positive definite matrix is always non-singular.")
            is_non_singular = True
        if is_non_singular:
            if is_square is False:
                raise ValueError("A non-singular matrix is always square.")
            is_square = True
        if is_self_adjoint:
            if is_square is False:
                raise ValueError("A self-adjoint matrix is always square.")
            is_square = True
        super().__init__(name=name or type(self).__name__)
        self._dtype = None if dtype is None else as_dtype(dtype)
        self._is_non_singular = is_non_singular
        self._is_self_adjoint = is_self_adjoint
        self._is_positive_definite = is_positive_definite
        self._is_square_hint = is_square
        self._parameters = dict(parameters or {})

    # -- hints and shapes ----------------------------------------------------------------

    @property
    def dtype(self):
        return self._dtype

    @property
    def parameters(self):
        """The arguments the operator was built from."""
        return dict(self._parameters)

    @property
    def graph_parents(self):
        """Deprecated in TensorFlow; always empty in eager execution."""
        return []

    @property
    def is_non_singular(self):
        return self._is_non_singular

    @property
    def is_self_adjoint(self):
        return self._is_self_adjoint

    @property
    def is_positive_definite(self):
        return self._is_positive_definite

    @property
    def is_square(self):
        """The hint, or whether the last two dimensions are equal."""
        if self._is_square_hint is not None:
            return self._is_square_hint
        shape = self.shape
        return shape[-1] == shape[-2]

    @property
    def shape(self):
        return TensorShape(self._shape())

    @property
    def batch_shape(self):
        return TensorShape(self._shape()[:-2])

    @property
    def tensor_rank(self):
        return len(self._shape())

    @property
    def domain_dimension(self):
        return self._shape()[-1]

    @property
    def range_dimension(self):
        return self._shape()[-2]

    def shape_tensor(self, name="shape_tensor"):
        return _core.convert_to_tensor(np.array(self._shape(), np.int32))

    def batch_shape_tensor(self, name="batch_shape_tensor"):
        return _core.convert_to_tensor(np.array(self._shape()[:-2], np.int32))

    def tensor_rank_tensor(self, name="tensor_rank_tensor"):
        return _core.convert_to_tensor(np.int32(self.tensor_rank))

    def domain_dimension_tensor(self, name="domain_dimension_tensor"):
        return _core.convert_to_tensor(np.int32(self.domain_dimension))

    def range_dimension_tensor(self, name="range_dimension_tensor"):
        return _core.convert_to_tensor(np.int32(self.range_dimension))

    def _batch(self):
        return list(self._shape()[:-2])

    # -- arguments -----------------------------------------------------------------------

    def _arg(self, x, op):
        x = _t(x, self.dtype.name if self.dtype is not None else None)
        if self.dtype is not None and x.dtype != self.dtype:
            raise TypeError(
                f"{op}: expected argument to have dtype {self.dtype.name}, found: "
                f"{x.dtype.name} in tensor of shape {tuple(x.shape)}"
            )
        return x

    def _check_dims(self, inner, got, op):
        if inner != got:
            raise ValueError(
                f"{type(self).__name__}.{op}: dimensions {inner} and {got} are not compatible "
                f"(operator of shape {tuple(self._shape())})"
            )

    # -- products and solves -------------------------------------------------------------

    def matmul(self, x, adjoint=False, adjoint_arg=False, name="matmul"):
        """``op(A) @ op(x)``, ``op`` the adjoint where asked; another LinearOperator gives
        their composition."""
        if isinstance(x, LinearOperator):
            from nnext.linear_operator_combined import LinearOperatorComposition

            left = self.adjoint() if adjoint else self
            right = x.adjoint() if adjoint_arg else x
            return LinearOperatorComposition([left, right])
        x = self._arg(x, "matmul")
        inner = self.range_dimension if adjoint else self.domain_dimension
        self._check_dims(inner, x.shape[-1] if adjoint_arg else x.shape[-2], "matmul")
        return self._matmul(x, adjoint=bool(adjoint), adjoint_arg=bool(adjoint_arg))

    __matmul__ = matmul

    def matvec(self, x, adjoint=False, name="matvec"):
        """``op(A) @ x`` for vectors ``x`` (..., N)."""
        x = self._arg(x, "matvec")
        return _core.squeeze(self.matmul(_core.expand_dims(x, -1), adjoint=adjoint), [-1])

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return _core.matmul(self.to_dense(), x, adjoint, adjoint_arg)

    def _check_solvable(self, what):
        if self.is_non_singular is False:
            raise NotImplementedError(
                f"Exact {what} not implemented for an operator that is expected to be singular."
            )
        if self.is_square is False:
            raise NotImplementedError(
                f"Exact {what} not implemented for an operator that is expected to not be square."
            )

    def solve(self, rhs, adjoint=False, adjoint_arg=False, name="solve"):
        """``x`` with ``op(A) x = op(rhs)``."""
        self._check_solvable("solve")
        if isinstance(rhs, LinearOperator):
            return self.inverse().matmul(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)
        rhs = self._arg(rhs, "solve")
        inner = self.domain_dimension if adjoint else self.range_dimension
        self._check_dims(inner, rhs.shape[-1] if adjoint_arg else rhs.shape[-2], "solve")
        return self._solve(rhs, adjoint=bool(adjoint), adjoint_arg=bool(adjoint_arg))

    def solvevec(self, rhs, adjoint=False, name="solve"):
        """``x`` with ``op(A) x = rhs`` for vectors."""
        rhs = self._arg(rhs, "solvevec")
        return _core.squeeze(self.solve(_core.expand_dims(rhs, -1), adjoint=adjoint), [-1])

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        from nnext import linalg_ops

        rhs = _mT(rhs) if adjoint_arg else rhs
        dense = self.to_dense()
        batch = list(np.broadcast_shapes(tuple(dense.shape[:-2]), tuple(rhs.shape[:-2])))
        dense = _core.broadcast_to(dense, batch + list(dense.shape[-2:]))
        rhs = _core.broadcast_to(rhs, batch + list(rhs.shape[-2:]))
        if self.is_self_adjoint and self.is_positive_definite:
            return linalg_ops.cholesky_solve(linalg_ops.cholesky(dense), rhs)
        return linalg_ops.solve(dense, rhs, adjoint=adjoint)

    # -- scalars and parts ---------------------------------------------------------------

    def _check_square(self, what):
        if self.is_square is False:
            raise NotImplementedError(
                f"{what} not implemented for an operator that is expected to not be square."
            )

    def determinant(self, name="det"):
        self._check_square("Determinant")
        return self._determinant()

    def _determinant(self):
        return _core.linalg_det(self.to_dense())

    def log_abs_determinant(self, name="log_abs_det"):
        self._check_square("Determinant")
        return self._log_abs_determinant()

    def _log_abs_determinant(self):
        return _core.linalg_slogdet(self.to_dense())[1]

    def trace(self, name="trace"):
        return self._trace()

    def _trace(self):
        return _core.reduce_sum(self.diag_part(), -1, False)

    def diag_part(self, name="diag_part"):
        return self._diag_part()

    def _diag_part(self):
        return _diag_part(self.to_dense())

    def to_dense(self, name="to_dense"):
        """The matrix itself, ``batch_shape + [M, N]``."""
        return self._to_dense()

    def _to_dense(self):
        n = self.domain_dimension
        eye = _core.broadcast_to(_core.eye(n, n, self.dtype.name), self._batch() + [n, n])
        return self._matmul(eye)

    def add_to_tensor(self, x, name="add_to_tensor"):
        """``A + x``."""
        return _core.add(self.to_dense(), self._arg(x, "add_to_tensor"))

    # -- derived operators ---------------------------------------------------------------

    def adjoint(self, name="adjoint"):
        """The adjoint (transpose, for real dtypes) as an operator."""
        if self.is_self_adjoint:
            return self
        from nnext.linear_operator_combined import LinearOperatorAdjoint

        return LinearOperatorAdjoint(self)

    @property
    def H(self):
        return self.adjoint()

    def inverse(self, name="inverse"):
        """The inverse as an operator."""
        if self.is_square is False:
            raise ValueError(
                "Cannot take the Inverse: This operator represents a non square matrix."
            )
        if self.is_non_singular is False:
            raise ValueError("Cannot take the Inverse: This operator represents a singular matrix.")
        from nnext.linear_operator_combined import LinearOperatorInversion

        return LinearOperatorInversion(self)

    def cholesky(self, name="cholesky"):
        """The lower Cholesky factor as an operator."""
        if not (self.is_self_adjoint and self.is_positive_definite):
            raise ValueError(
                "Cholesky decomposition only exists for self-adjoint positive definite matrices."
            )
        from nnext.linear_operator_basic import LinearOperatorLowerTriangular

        return LinearOperatorLowerTriangular(
            _core.linalg_cholesky(self.to_dense()),
            is_non_singular=True,
            is_self_adjoint=False,
            is_square=True,
        )

    def eigvals(self, name="eigvals"):
        """The eigenvalues (ascending) of a self-adjoint operator."""
        if not self.is_self_adjoint:
            raise NotImplementedError("Only self-adjoint matrices are supported.")
        return self._eigvals()

    def _eigvals(self):
        return _core.linalg_eigh(self.to_dense())[0]

    def cond(self, name="cond"):
        """The condition number: largest over smallest singular value."""
        s = _core.linalg_svd(self.to_dense(), False, False)[0]
        return _core.divide(_core.reduce_max(s, -1, False), _core.reduce_min(s, -1, False))

    # -- checks (eager: they raise at once, and return None) -----------------------------

    def assert_non_singular(self, name="assert_non_singular"):
        from nnext.errors import InvalidArgumentError

        s = _core.linalg_svd(self.to_dense(), False, False)[0].numpy()
        eps = np.finfo(self.dtype.name).eps
        if (
            s.min(-1, initial=np.inf) <= eps * s.max(-1, initial=0.0) * max(self._shape()[-2:])
        ).any():
            raise InvalidArgumentError(None, None, "Singular operator: a singular value is ~0.")

    def assert_positive_definite(self, name="assert_positive_definite"):
        from nnext.errors import InvalidArgumentError

        dense = self.to_dense().numpy()
        sym = (dense + np.swapaxes(dense, -1, -2)) / 2
        if (np.linalg.eigvalsh(sym) <= 0).any():
            raise InvalidArgumentError(None, None, "Operator is not positive definite.")

    def assert_self_adjoint(self, name="assert_self_adjoint"):
        from nnext.errors import InvalidArgumentError

        dense = self.to_dense().numpy()
        if not np.array_equal(dense, np.swapaxes(dense, -1, -2)):
            raise InvalidArgumentError(None, None, "Operator is not self-adjoint.")

    def __repr__(self):
        return (
            f"<tf.linalg.{type(self).__name__} '{self.name}' batch_shape={self.batch_shape} "
            f"dtype={self.dtype.name if self.dtype is not None else None}>"
        )
