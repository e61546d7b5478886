"""LinearOperators built from other operators: Adjoint, Inversion, Composition, BlockDiag,
BlockLowerTriangular, Kronecker and LowRankUpdate (TensorFlow's constructors and hints).
Products, solves and determinants go through the parts where the structure allows it:
a composition's determinant is the product of its parts', a block diagonal solves block by
block, a Kronecker product's log-determinant is ``m log|det A| + n log|det B|``."""

import itertools

import numpy as np

from nnext import _core
from nnext.linear_operator import LinearOperator, _mT, _t

__all__ = [
    "LinearOperatorAdjoint",
    "LinearOperatorBlockDiag",
    "LinearOperatorBlockLowerTriangular",
    "LinearOperatorComposition",
    "LinearOperatorInversion",
    "LinearOperatorKronecker",
    "LinearOperatorLowRankUpdate",
]


def _check_operators(operators, what):
    operators = list(operators)
    if not operators:
        raise ValueError(f"Argument `operators` must be a list of >=1 operators. Received: {what}")
    if not all(isinstance(o, LinearOperator) for o in operators):
        raise TypeError("Argument `operators` must be a list of LinearOperators.")
    dtypes = {o.dtype for o in operators}
    if len(dtypes) > 1:
        names = [(o.name, o.dtype.name) for o in operators]
        raise TypeError(
            f"Expected every operation in argument `operators` to have the same "
            f"dtype. Received {names}."
        )
    return operators


def _batch(operators):
    return list(np.broadcast_shapes(*(tuple(o.shape[:-2]) for o in operators)))


class LinearOperatorAdjoint(LinearOperator):
    """The adjoint (transpose) of ``operator``."""

    def __init__(
        self,
        operator,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name=None,
    ):
        self._operator = operator
        super().__init__(
            operator.dtype,
            is_non_singular=operator.is_non_singular
            if is_non_singular is None
            else is_non_singular,
            is_self_adjoint=operator.is_self_adjoint
            if is_self_adjoint is None
            else is_self_adjoint,
            is_positive_definite=operator.is_positive_definite
            if is_positive_definite is None
            else is_positive_definite,
            is_square=operator.is_square if is_square is None else is_square,
            name=name or operator.name + "_adjoint",
            parameters={"operator": operator},
        )

    @property
    def operator(self):
        return self._operator

    def _shape(self):
        shape = list(self._operator.shape)
        return shape[:-2] + [shape[-1], shape[-2]]

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._operator.matmul(x, adjoint=not adjoint, adjoint_arg=adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._operator.solve(rhs, adjoint=not adjoint, adjoint_arg=adjoint_arg)

    def _determinant(self):
        return self._operator.determinant()

    def _log_abs_determinant(self):
        return self._operator.log_abs_determinant()

    def _trace(self):
        return self._operator.trace()

    def _diag_part(self):
        return self._operator.diag_part()

    def _to_dense(self):
        return _mT(self._operator.to_dense())

    def adjoint(self, name="adjoint"):
        return self._operator


class LinearOperatorInversion(LinearOperator):
    """The inverse of a square, non-singular ``operator``: its matmul is their solve."""

    def __init__(
        self,
        operator,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name=None,
    ):
        if operator.is_square is False:
            raise ValueError(
                "Cannot take the Inverse: This operator represents a non square matrix."
            )
        if operator.is_non_singular is False:
            raise ValueError("Cannot take the Inverse: This operator represents a singular matrix.")
        self._operator = operator
        super().__init__(
            operator.dtype,
            is_non_singular=True if is_non_singular is None else is_non_singular,
            is_self_adjoint=operator.is_self_adjoint
            if is_self_adjoint is None
            else is_self_adjoint,
            is_positive_definite=operator.is_positive_definite
            if is_positive_definite is None
            else is_positive_definite,
            is_square=True,
            name=name or operator.name + "_inv",
            parameters={"operator": operator},
        )

    @property
    def operator(self):
        return self._operator

    def _shape(self):
        return list(self._operator.shape)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._operator.solve(x, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._operator.matmul(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _determinant(self):
        return _core.divide(1.0, self._operator.determinant())

    def _log_abs_determinant(self):
        return _core.negative(self._operator.log_abs_determinant())

    def inverse(self, name="inverse"):
        return self._operator


class LinearOperatorComposition(LinearOperator):
    """The product ``A1 A2 ... An`` of ``operators`` (applied right to left)."""

    def __init__(
        self,
        operators,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name=None,
    ):
        operators = _check_operators(operators, operators)
        for left, right in itertools.pairwise(operators):
            if left.domain_dimension != right.range_dimension:
                raise ValueError(
                    f"Operators are incompatible. Expected `x` to have dimension "
                    f"{left.domain_dimension} but got {right.range_dimension}."
                )
        if all(o.is_non_singular for o in operators):
            if is_non_singular is False:
                raise ValueError(
                    "The composition of non-singular operators is always non-singular."
                )
            is_non_singular = True
        self._operators = operators
        super().__init__(
            operators[0].dtype,
            is_non_singular=is_non_singular,
            is_self_adjoint=is_self_adjoint,
            is_positive_definite=is_positive_definite,
            is_square=is_square,
            name=name or "_o_".join(o.name for o in operators),
            parameters={"operators": operators},
        )

    @property
    def operators(self):
        return list(self._operators)

    def _shape(self):
        return _batch(self._operators) + [
            self._operators[0].range_dimension,
            self._operators[-1].domain_dimension,
        ]

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        # (A1 ... An)^T = An^T ... A1^T: the operators apply from the right in either case.
        order = self._operators if adjoint else self._operators[::-1]
        out = order[0].matmul(x, adjoint=adjoint, adjoint_arg=adjoint_arg)
        for op in order[1:]:
            out = op.matmul(out, adjoint=adjoint)
        return out

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        order = self._operators[::-1] if adjoint else self._operators
        out = order[0].solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)
        for op in order[1:]:
            out = op.solve(out, adjoint=adjoint)
        return out

    def _determinant(self):
        out = self._operators[0].determinant()
        for op in self._operators[1:]:
            out = _core.multiply(out, op.determinant())
        return out

    def _log_abs_determinant(self):
        out = self._operators[0].log_abs_determinant()
        for op in self._operators[1:]:
            out = _core.add(out, op.log_abs_determinant())
        return out


def _split(x, sizes, axis):
    return _core.split(x, list(sizes), axis) if len(sizes) > 1 else [x]


class LinearOperatorBlockDiag(LinearOperator):
    """The block diagonal matrix with ``operators`` as its blocks."""

    def __init__(
        self,
        operators,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=True,
        name=None,
    ):
        operators = _check_operators(operators, operators)
        if all(o.is_non_singular for o in operators):
            is_non_singular = True if is_non_singular is None else is_non_singular
        if all(o.is_self_adjoint for o in operators):
            is_self_adjoint = True if is_self_adjoint is None else is_self_adjoint
        if all(o.is_positive_definite for o in operators):
            is_positive_definite = True if is_positive_definite is None else is_positive_definite
        square = all(o.is_square for o in operators)
        self._operators = operators
        super().__init__(
            operators[0].dtype,
            is_non_singular=is_non_singular,
            is_self_adjoint=is_self_adjoint,
            is_positive_definite=is_positive_definite,
            is_square=is_square if square else None,
            name=name or "_ds_".join(o.name for o in operators),
            parameters={"operators": operators},
        )

    @property
    def operators(self):
        return list(self._operators)

    def _shape(self):
        rows = sum(o.range_dimension for o in self._operators)
        cols = sum(o.domain_dimension for o in self._operators)
        return _batch(self._operators) + [rows, cols]

    def _blockwise(self, x, adjoint, adjoint_arg, method):
        x = _mT(x) if adjoint_arg else x
        use_range = adjoint if method == "matmul" else not adjoint
        sizes = [o.range_dimension if use_range else o.domain_dimension for o in self._operators]
        parts = _split(x, sizes, x.ndim - 2)
        outs = [getattr(o, method)(p, adjoint=adjoint) for o, p in zip(self._operators, parts)]
        batch = list(np.broadcast_shapes(*(tuple(o.shape[:-2]) for o in outs)))
        outs = [_core.broadcast_to(o, batch + list(o.shape[-2:])) for o in outs]
        return _core.concat(outs, len(batch))

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._blockwise(x, adjoint, adjoint_arg, "matmul")

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._blockwise(rhs, adjoint, adjoint_arg, "solve")

    def _determinant(self):
        out = self._operators[0].determinant()
        for op in self._operators[1:]:
            out = _core.multiply(out, op.determinant())
        return out

    def _log_abs_determinant(self):
        out = self._operators[0].log_abs_determinant()
        for op in self._operators[1:]:
            out = _core.add(out, op.log_abs_determinant())
        return out

    def _trace(self):
        out = self._operators[0].trace()
        for op in self._operators[1:]:
            out = _core.add(out, op.trace())
        return out

    def _to_dense(self):
        batch, cols = _batch(self._operators), self._shape()[-1]
        rows, before = [], 0
        for op in self._operators:
            dense = _core.broadcast_to(op.to_dense(), batch + list(op.shape[-2:]))
            n = op.domain_dimension
            pads = [[0, 0]] * len(batch) + [[0, 0], [before, cols - before - n]]
            rows.append(_core.pad(dense, pads, "CONSTANT", 0.0))
            before += n
        return _core.concat(rows, len(batch))


class LinearOperatorBlockLowerTriangular(LinearOperator):
    """The block lower triangular matrix whose row ``i`` of blocks is ``operators[i]``
    (``i + 1`` operators, the last one square and on the diagonal)."""

    def __init__(
        self,
        operators,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name="LinearOperatorBlockLowerTriangular",
    ):
        rows = [list(r) for r in operators]
        for i, row in enumerate(rows):
            if len(row) != i + 1:
                raise ValueError(
                    f"Argument `operators[{i}]` must contain `{i + 1}` blocks. "
                    f"Received: {len(row)} blocks."
                )
        flat = _check_operators([o for row in rows for o in row], operators)
        for i, row in enumerate(rows):
            for j, op in enumerate(row):
                if op.range_dimension != row[i].range_dimension or (
                    op.domain_dimension != rows[j][j].domain_dimension
                ):
                    raise ValueError(
                        f"Block ({i}, {j}) of shape {tuple(op.shape)} does not fit "
                        "the diagonal blocks."
                    )
        if all(r[-1].is_non_singular for r in rows):
            is_non_singular = True if is_non_singular is None else is_non_singular
        self._rows = rows
        self._flat = flat
        super().__init__(
            flat[0].dtype,
            is_non_singular=is_non_singular,
            is_self_adjoint=is_self_adjoint,
            is_positive_definite=is_positive_definite,
            is_square=True,
            name=name,
            parameters={"operators": operators},
        )

    @property
    def operators(self):
        return [list(r) for r in self._rows]

    def _shape(self):
        n = sum(r[-1].domain_dimension for r in self._rows)
        return _batch(self._flat) + [n, n]

    def _to_dense(self):
        batch, n = _batch(self._flat), self._shape()[-1]
        out, before = [], 0
        for row in self._rows:
            blocks = [_core.broadcast_to(o.to_dense(), batch + list(o.shape[-2:])) for o in row]
            width = sum(o.domain_dimension for o in row)
            dense = _core.concat(blocks, len(batch) + 1)
            pads = [[0, 0]] * len(batch) + [[0, 0], [0, n - width]]
            out.append(_core.pad(dense, pads, "CONSTANT", 0.0))
            before += row[-1].range_dimension
        return _core.concat(out, len(batch))

    def _determinant(self):
        out = self._rows[0][0].determinant()
        for row in self._rows[1:]:
            out = _core.multiply(out, row[-1].determinant())
        return out

    def _log_abs_determinant(self):
        out = self._rows[0][0].log_abs_determinant()
        for row in self._rows[1:]:
            out = _core.add(out, row[-1].log_abs_determinant())
        return out


def _kron(a, b):
    """The Kronecker product of (..., m1, n1) and (..., m2, n2) matrices."""
    batch = list(np.broadcast_shapes(tuple(a.shape[:-2]), tuple(b.shape[:-2])))
    m1, n1 = a.shape[-2:]
    m2, n2 = b.shape[-2:]
    outer = _core.multiply(
        _core.reshape(a, list(a.shape[:-2]) + [m1, 1, n1, 1]),
        _core.reshape(b, list(b.shape[:-2]) + [1, m2, 1, n2]),
    )
    return _core.reshape(outer, batch + [m1 * m2, n1 * n2])


class LinearOperatorKronecker(LinearOperator):
    """The Kronecker product ``A1 x A2 x ... x An`` of ``operators``."""

    def __init__(
        self,
        operators,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name=None,
    ):
        operators = _check_operators(operators, operators)
        if all(o.is_non_singular for o in operators):
            is_non_singular = True if is_non_singular is None else is_non_singular
        if all(o.is_self_adjoint for o in operators):
            is_self_adjoint = True if is_self_adjoint is None else is_self_adjoint
        self._operators = operators
        super().__init__(
            operators[0].dtype,
            is_non_singular=is_non_singular,
            is_self_adjoint=is_self_adjoint,
            is_positive_definite=is_positive_definite,
            is_square=is_square,
            name=name or "_x_".join(o.name for o in operators),
            parameters={"operators": operators},
        )

    @property
    def operators(self):
        return list(self._operators)

    def _shape(self):
        rows = int(np.prod([o.range_dimension for o in self._operators]))
        cols = int(np.prod([o.domain_dimension for o in self._operators]))
        return _batch(self._operators) + [rows, cols]

    def _to_dense(self):
        out = self._operators[0].to_dense()
        for op in self._operators[1:]:
            out = _kron(out, op.to_dense())
        return out

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        # (A x B)^-1 = A^-1 x B^-1.
        inverse = LinearOperatorKronecker([o.inverse() for o in self._operators])
        return inverse.matmul(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _determinant(self):
        # det(A1 x ... x An) = prod_i det(A_i)^(N / n_i): integer powers keep the sign.
        total = self._shape()[-1]
        out = None
        for op in self._operators:
            term = _core.pow(op.determinant(), float(total // op.domain_dimension))
            out = term if out is None else _core.multiply(out, term)
        return out

    def _log_abs_determinant(self):
        # log|det(A1 x ... x An)| = sum_i (N / n_i) log|det A_i|, N the product of sizes.
        total = self._shape()[-1]
        out = None
        for op in self._operators:
            term = _core.multiply(op.log_abs_determinant(), float(total // op.domain_dimension))
            out = term if out is None else _core.add(out, term)
        return out

    def _trace(self):
        out = self._operators[0].trace()
        for op in self._operators[1:]:
            out = _core.multiply(out, op.trace())
        return out


class LinearOperatorLowRankUpdate(LinearOperator):
    """``A = L + U D V^T``: ``base_operator`` ``L`` (..., M, N), ``u`` (..., M, K),
    ``diag_update`` ``D`` (..., K) (identity when None) and ``v`` (..., N, K) (``u`` when
    None). Solves and log-determinants use the Woodbury identity and the determinant lemma
    when ``L`` is square: ``A^-1 = L^-1 - L^-1 U C^-1 V^T L^-1`` with
    ``C = D^-1 + V^T L^-1 U``, and ``det A = det C det D det L``."""

    def __init__(
        self,
        base_operator,
        u,
        diag_update=None,
        v=None,
        is_diag_update_positive=None,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name="LinearOperatorLowRankUpdate",
    ):
        dtype = base_operator.dtype
        self._base = base_operator
        self._u = _t(u, dtype.name)
        self._v = self._u if v is None else _t(v, dtype.name)
        self._d = None if diag_update is None else _t(diag_update, dtype.name)
        self._is_diag_update_positive = is_diag_update_positive
        if v is None and base_operator.is_self_adjoint and is_self_adjoint is None:
            is_self_adjoint = True
        super().__init__(
            dtype,
            is_non_singular=is_non_singular,
            is_self_adjoint=is_self_adjoint,
            is_positive_definite=is_positive_definite,
            is_square=base_operator.is_square if is_square is None else is_square,
            name=name,
            parameters={"base_operator": base_operator, "u": u, "diag_update": diag_update, "v": v},
        )

    @property
    def base_operator(self):
        return self._base

    @property
    def u(self):
        return self._u

    @property
    def v(self):
        return self._v

    @property
    def diag_update(self):
        return self._d

    @property
    def is_diag_update_positive(self):
        return self._is_diag_update_positive

    def _shape(self):
        return list(self._base.shape)

    def _scaled(self, x):
        return x if self._d is None else _core.multiply(_core.expand_dims(self._d, -1), x)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = _mT(x) if adjoint_arg else x
        left, right = (self._v, self._u) if adjoint else (self._u, self._v)
        update = _core.matmul(left, self._scaled(_core.matmul(right, x, True, False)))
        return _core.add(self._base.matmul(x, adjoint=adjoint), update)

    def _capacitance(self):
        k = self._u.shape[-1]
        inner = _core.matmul(self._v, self._base.solve(self._u), True, False)
        d_inv = (
            _core.eye(k, k, self.dtype.name)
            if self._d is None
            else _core.divide(1.0, _core.expand_dims(self._d, -1))
            * _core.eye(k, k, self.dtype.name)
        )
        return _core.add(d_inv, inner)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        from nnext.linalg_ops import solve

        rhs = _mT(rhs) if adjoint_arg else rhs
        left, right = (self._v, self._u) if adjoint else (self._u, self._v)
        cap = self._capacitance()
        cap = _mT(cap) if adjoint else cap
        l_inv_rhs = self._base.solve(rhs, adjoint=adjoint)
        inner = solve(cap, _core.matmul(right, l_inv_rhs, True, False))
        return _core.subtract(
            l_inv_rhs, self._base.solve(_core.matmul(left, inner), adjoint=adjoint)
        )

    def _log_abs_determinant(self):
        out = _core.add(
            self._base.log_abs_determinant(), _core.linalg_slogdet(self._capacitance())[1]
        )
        if self._d is not None:
            out = _core.add(out, _core.reduce_sum(_core.log(_core.abs(self._d)), -1, False))
        return out

    def _to_dense(self):
        return _core.add(self._base.to_dense(), _core.matmul(self._u, self._scaled(_mT(self._v))))
