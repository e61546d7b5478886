"""tf.linalg.LinearOperator and its subclasses: every method of every operator against
NumPy on the operator's dense matrix, TensorFlow's hint rules and errors, conjugate
gradients, and gradients flowing through operators."""

import numpy as np
import pytest
import scipy.linalg
from helpers import check_gradient

import nnext as tf

la = tf.linalg
RNG = np.random.default_rng(7)


def _well(n, batch=()):
    return RNG.normal(size=batch + (n, n)) + 3 * n * np.eye(n)


def _spd(n):
    a = RNG.normal(size=(n, n))
    return a @ a.T + n * np.eye(n)


A, B = _well(3), _well(2)
D = RNG.uniform(1.0, 2.0, size=(2, 3))
V = RNG.normal(size=(4,))
U = RNG.normal(size=(3, 2))
COL, ROW = RNG.normal(size=4) + np.array([6.0, 0, 0, 0]), RNG.normal(size=4)
TRI = RNG.normal(size=(3, 4)) + np.array([[0.0], [5.0], [0.0]])
PERM = np.array([2, 0, 3, 1])


def _toeplitz():
    return scipy.linalg.toeplitz(COL, np.concatenate([[COL[0]], ROW[1:]]))


CASES = {
    "full": (lambda: la.LinearOperatorFullMatrix(A), lambda: A),
    "full_batch": (lambda: la.LinearOperatorFullMatrix(_well(3, (2,)) * 0 + A), lambda: A),
    "diag": (lambda: la.LinearOperatorDiag(D), lambda: np.stack([np.diag(d) for d in D])),
    "identity": (
        lambda: la.LinearOperatorIdentity(3, batch_shape=[2], dtype=tf.float64),
        lambda: np.broadcast_to(np.eye(3), (2, 3, 3)),
    ),
    "scaled": (
        lambda: la.LinearOperatorScaledIdentity(3, [2.0, -0.5]),
        lambda: np.stack([2.0 * np.eye(3), -0.5 * np.eye(3)]),
    ),
    "lower": (lambda: la.LinearOperatorLowerTriangular(A), lambda: np.tril(A)),
    "permutation": (
        lambda: la.LinearOperatorPermutation(PERM, dtype=tf.float64),
        lambda: np.eye(4)[PERM],
    ),
    "householder": (
        lambda: la.LinearOperatorHouseholder(V),
        lambda: np.eye(4) - 2 * np.outer(V, V) / (V @ V),
    ),
    "toeplitz": (lambda: la.LinearOperatorToeplitz(COL, ROW), _toeplitz),
    "tridiag": (
        lambda: la.LinearOperatorTridiag(TRI),
        lambda: np.diag(TRI[1]) + np.diag(TRI[0, :-1], 1) + np.diag(TRI[2, 1:], -1),
    ),
    "adjoint": (lambda: la.LinearOperatorFullMatrix(A).adjoint(), lambda: A.T),
    "inversion": (lambda: la.LinearOperatorFullMatrix(A).inverse(), lambda: np.linalg.inv(A)),
    "composition": (
        lambda: la.LinearOperatorComposition(
            [la.LinearOperatorFullMatrix(A), la.LinearOperatorLowerTriangular(A.T)]
        ),
        lambda: A @ np.tril(A.T),
    ),
    "block_diag": (
        lambda: la.LinearOperatorBlockDiag(
            [la.LinearOperatorFullMatrix(A), la.LinearOperatorFullMatrix(B)]
        ),
        lambda: scipy.linalg.block_diag(A, B),
    ),
    "block_lower": (
        lambda: la.LinearOperatorBlockLowerTriangular(
            [
                [la.LinearOperatorFullMatrix(A)],
                [la.LinearOperatorFullMatrix(U.T), la.LinearOperatorFullMatrix(B)],
            ]
        ),
        lambda: np.block([[A, np.zeros((3, 2))], [U.T, B]]),
    ),
    "kronecker": (
        lambda: la.LinearOperatorKronecker(
            [la.LinearOperatorFullMatrix(A), la.LinearOperatorFullMatrix(B)]
        ),
        lambda: np.kron(A, B),
    ),
    "low_rank": (
        lambda: la.LinearOperatorLowRankUpdate(
            la.LinearOperatorDiag(D[0] + 2.0), U, diag_update=[0.5, 2.0]
        ),
        lambda: np.diag(D[0] + 2.0) + U @ np.diag([0.5, 2.0]) @ U.T,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_operator_against_its_dense_matrix(case):
    make, dense_fn = CASES[case]
    op = make()
    dense = np.asarray(dense_fn(), dtype=op.dtype.name)
    want = np.broadcast_to(dense, tuple(op.shape))
    tol = {"rtol": 1e-5, "atol": 1e-5} if op.dtype == tf.float32 else {"rtol": 1e-9, "atol": 1e-10}
    np.testing.assert_allclose(op.to_dense().numpy(), want, **tol)
    assert op.batch_shape == tuple(op.shape[:-2]) and op.tensor_rank == len(op.shape)
    assert (op.range_dimension, op.domain_dimension) == tuple(op.shape[-2:])
    n = op.domain_dimension
    x = RNG.normal(size=(n, 2)).astype(op.dtype.name)
    np.testing.assert_allclose(op.matmul(x).numpy(), want @ x, **tol)
    np.testing.assert_allclose((op @ x).numpy(), want @ x, **tol)
    np.testing.assert_allclose(op.matmul(x.T, adjoint_arg=True).numpy(), want @ x, **tol)
    y = RNG.normal(size=(op.range_dimension, 2)).astype(op.dtype.name)
    np.testing.assert_allclose(
        op.matmul(y, adjoint=True).numpy(), np.swapaxes(want, -1, -2) @ y, **tol
    )
    np.testing.assert_allclose(op.matvec(x[:, 0]).numpy(), want @ x[:, 0], **tol)
    np.testing.assert_allclose(op.trace().numpy(), np.trace(want, axis1=-2, axis2=-1), **tol)
    np.testing.assert_allclose(op.diag_part().numpy(), np.diagonal(want, 0, -2, -1), **tol)
    np.testing.assert_allclose(op.add_to_tensor(want).numpy(), 2 * want, **tol)
    np.testing.assert_allclose(op.adjoint().to_dense().numpy(), np.swapaxes(want, -1, -2), **tol)
    sign, logdet = np.linalg.slogdet(want)
    np.testing.assert_allclose(op.determinant().numpy(), sign * np.exp(logdet), **tol)
    np.testing.assert_allclose(op.log_abs_determinant().numpy(), logdet, **tol)
    np.testing.assert_allclose(op.solve(y).numpy(), np.linalg.solve(want, y), **tol)
    np.testing.assert_allclose(
        op.solve(y, adjoint=True).numpy(), np.linalg.solve(np.swapaxes(want, -1, -2), y), **tol
    )
    np.testing.assert_allclose(
        op.solvevec(y[:, 0]).numpy(), np.linalg.solve(want, y[..., :, :1])[..., 0], **tol
    )
    np.testing.assert_allclose(op.inverse().to_dense().numpy(), np.linalg.inv(want), **tol)


def test_hints_and_errors_as_tensorflow():
    with pytest.raises(ValueError, match="A positive definite matrix is always non-singular"):
        la.LinearOperatorFullMatrix(A, is_positive_definite=True, is_non_singular=False)
    with pytest.raises(ValueError, match="A non-singular matrix is always square"):
        la.LinearOperatorFullMatrix(U, is_non_singular=True, is_square=False)
    with pytest.raises(ValueError, match="A real diagonal operator is always self adjoint"):
        la.LinearOperatorDiag([1.0], is_self_adjoint=False)
    with pytest.raises(ValueError, match="An identity operator is always non-singular"):
        la.LinearOperatorIdentity(2, is_non_singular=False)
    assert la.LinearOperatorFullMatrix(_spd(2), is_positive_definite=True).is_square
    wide = la.LinearOperatorFullMatrix(U.T)
    assert not wide.is_square and wide.shape == (2, 3)
    with pytest.raises(NotImplementedError, match="expected to not be square"):
        wide.solve(np.ones((2, 1)))
    with pytest.raises(ValueError, match="non square matrix"):
        wide.inverse()
    with pytest.raises(ValueError, match="dimensions 3 and 4 are not compatible"):
        la.LinearOperatorFullMatrix(A).matmul(np.ones((4, 1)))
    with pytest.raises(TypeError, match="expected argument to have dtype float64"):
        la.LinearOperatorFullMatrix(A).matmul(tf.ones([3, 1]))
    with pytest.raises(ValueError, match="Cholesky decomposition only exists"):
        la.LinearOperatorFullMatrix(A).cholesky()
    with pytest.raises(ValueError, match="Operators are incompatible"):
        la.LinearOperatorComposition(
            [la.LinearOperatorFullMatrix(A), la.LinearOperatorFullMatrix(B)]
        )
    with pytest.raises(ValueError, match="unique integers from 0 to 2"):
        la.LinearOperatorPermutation([0, 0, 1])
    with pytest.raises(NotImplementedError, match="operator that is expected to be singular"):
        la.LinearOperatorZeros(2, is_square=None).solve(np.ones((2, 1), "float32"))
    zeros = la.LinearOperatorZeros(2, num_columns=3, batch_shape=[4])
    assert zeros.shape == (4, 2, 3) and not zeros.is_square
    assert zeros.matmul(np.ones((3, 5), "float32")).shape == (4, 2, 5)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Singular operator"):
        la.LinearOperatorFullMatrix(np.ones((2, 2))).assert_non_singular()
    la.LinearOperatorFullMatrix(A).assert_non_singular()


def test_derived_operators_keep_structure():
    d = la.LinearOperatorDiag([4.0, 9.0], is_positive_definite=True)
    assert isinstance(d.inverse(), la.LinearOperatorDiag)
    np.testing.assert_allclose(d.cholesky().to_dense().numpy(), np.diag([2.0, 3.0]))
    np.testing.assert_allclose(d.eigvals().numpy(), [4.0, 9.0])
    ident = la.LinearOperatorIdentity(3)
    assert ident.inverse() is ident and ident.adjoint() is ident
    spd = la.LinearOperatorFullMatrix(_spd(3), is_self_adjoint=True, is_positive_definite=True)
    chol = spd.cholesky()
    assert isinstance(chol, la.LinearOperatorLowerTriangular)
    np.testing.assert_allclose(
        chol.to_dense().numpy() @ chol.to_dense().numpy().T, spd.to_dense().numpy(), rtol=1e-10
    )
    np.testing.assert_allclose(spd.eigvals().numpy(), np.linalg.eigvalsh(spd.to_dense().numpy()))
    np.testing.assert_allclose(float(spd.cond()), np.linalg.cond(spd.to_dense().numpy()))
    full = la.LinearOperatorFullMatrix(A)
    product = full.matmul(la.LinearOperatorFullMatrix(A.T))
    assert isinstance(product, la.LinearOperatorComposition)
    np.testing.assert_allclose(product.to_dense().numpy(), A @ A.T, rtol=1e-12)
    assert full.adjoint().adjoint() is full and full.H.shape == (3, 3)
    assert full.inverse().inverse() is full


def test_conjugate_gradient():
    m = _spd(5)
    op = la.LinearOperatorFullMatrix(m, is_self_adjoint=True, is_positive_definite=True)
    rhs = RNG.normal(size=(5,))
    state = la.experimental.conjugate_gradient(op, rhs, tol=1e-12, max_iter=50)
    np.testing.assert_allclose(state.x.numpy(), np.linalg.solve(m, rhs), rtol=1e-8)
    assert int(state.i) <= 6  # CG is exact in n steps up to rounding
    pre = la.LinearOperatorDiag(1.0 / np.diag(m), is_positive_definite=True)
    state = la.experimental.conjugate_gradient(op, rhs, preconditioner=pre, tol=1e-12)
    np.testing.assert_allclose(state.x.numpy(), np.linalg.solve(m, rhs), rtol=1e-8)
    with pytest.raises(ValueError, match="self-adjoint, positive definite"):
        la.experimental.conjugate_gradient(la.LinearOperatorFullMatrix(A), rhs[:3])


def test_gradients_flow_through_operators():
    x = RNG.normal(size=(3, 2))
    check_gradient(lambda m, b: la.LinearOperatorFullMatrix(m).solve(b), [A, x], rtol=1e-6)
    check_gradient(lambda d: la.LinearOperatorDiag(d).log_abs_determinant(), [D[0]])
    check_gradient(
        lambda m: la.LinearOperatorKronecker(
            [la.LinearOperatorFullMatrix(m), la.LinearOperatorFullMatrix(B)]
        ).log_abs_determinant(),
        [A],
        rtol=1e-6,
    )
    v = tf.Variable(D[0])
    op = la.LinearOperatorDiag(v)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(op.matvec(np.ones(3)))
    np.testing.assert_allclose(tape.gradient(y, v).numpy(), np.ones(3))
