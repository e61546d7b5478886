"""tf.linalg beyond the basics: diagonals and bands with k ranges and alignments, the LU
family, tridiagonal and banded solvers, expm/sqrtm and lstsq's two paths, against
NumPy/SciPy and TensorFlow's documented examples; gradients against finite differences."""

import numpy as np
import pytest
import scipy.linalg
from helpers import check_gradient

import nnext as tf

RNG = np.random.default_rng(12)
la = tf.linalg


def _np_diag_part(x, k, align="RIGHT_LEFT", pad=0.0):
    """TensorFlow's matrix_diag_part_v3 written out with loops (the oracle)."""
    low, high = (k, k) if np.isscalar(k) else k
    rows, cols = x.shape[-2:]
    lengths = {d: max(0, min(rows + min(0, d), cols - max(0, d))) for d in range(low, high + 1)}
    width = max(lengths.values())
    out = np.full(x.shape[:-2] + (high - low + 1, width), pad, x.dtype)
    for i, d in enumerate(range(high, low - 1, -1)):
        right = align.split("_")[0 if d >= 0 else 1] == "RIGHT"
        off = width - lengths[d] if right else 0
        for t in range(lengths[d]):
            r, c = (t, t + d) if d >= 0 else (t - d, t)
            out[..., i, t + off] = x[..., r, c]
    return out[..., 0, :] if low == high else out


@pytest.mark.parametrize("shape", [(4, 4), (3, 5), (2, 5, 3)])
@pytest.mark.parametrize("k", [0, 1, -2, (-1, 1), (0, 2), (-2, -1)])
@pytest.mark.parametrize("align", ["RIGHT_LEFT", "LEFT_RIGHT", "LEFT_LEFT", "RIGHT_RIGHT"])
def test_diag_part_set_diag_and_diag_roundtrip(shape, k, align):
    x = RNG.normal(size=shape)
    got = la.diag_part(x, k=k, padding_value=9.0, align=align).numpy()
    np.testing.assert_array_equal(got, _np_diag_part(x, k, align, 9.0))
    # set_diag writes the band back where diag_part read it; elsewhere input stays.
    new = RNG.normal(size=got.shape)
    out = la.set_diag(x, new, k=k, align=align).numpy()
    low, high = (k, k) if np.isscalar(k) else k
    offset = np.arange(shape[-1])[None, :] - np.arange(shape[-2])[:, None]
    band = (offset >= low) & (offset <= high)
    np.testing.assert_array_equal(out[..., ~band], x[..., ~band])
    np.testing.assert_array_equal(
        la.diag_part(out, k=k, align=align).numpy()[..., : got.shape[-1]][
            _np_diag_part(np.ones(shape), k, align, 0.0) == 1
        ],
        new[_np_diag_part(np.ones(shape), k, align, 0.0) == 1],
    )
    # diag builds matrices of the requested size from the same rows.
    m = la.diag(
        got, k=k, num_rows=shape[-2], num_cols=shape[-1], align=align, padding_value=-1.0
    ).numpy()
    np.testing.assert_array_equal(m[..., band], x[..., band])
    assert (m[..., ~band] == -1).all()


def test_diag_defaults_and_tf_examples():
    np.testing.assert_array_equal(la.diag([1.0, 2.0], k=1).numpy(), np.diag([1.0, 2.0], 1))
    assert la.diag(np.ones((2, 3)), k=-1).shape == (2, 4, 4)
    assert la.diag([1.0, 2.0], num_rows=3, num_cols=2).shape == (3, 2)
    # TensorFlow's banded_triangular_solve doc: set_diag with k=(-1, 0) and LEFT_RIGHT.
    z = la.set_diag(
        tf.zeros([3, 3]), [[2.0, 3.0, 4.0], [1.0, 2.0, 3.0]], align="LEFT_RIGHT", k=(-1, 0)
    )
    np.testing.assert_array_equal(z.numpy(), [[2, 0, 0], [2, 3, 0], [0, 3, 4]])
    with pytest.raises(ValueError, match="lower diagonal index must not be greater"):
        la.diag_part(np.ones((3, 3)), k=(1, 0))
    with pytest.raises(ValueError, match="out of bounds"):
        la.diag_part(np.ones((3, 3)), k=3)
    with pytest.raises(ValueError, match="set_diag: the diagonal's last dimension must be 3"):
        la.set_diag(np.ones((3, 3)), [1.0, 2.0])
    with pytest.raises(ValueError, match="align must be one of"):
        la.diag_part(np.ones((3, 3)), align="CENTER")
    t = RNG.normal(size=(2, 3))
    np.testing.assert_array_equal(la.tensor_diag_part(la.tensor_diag(t)).numpy(), t)
    assert la.tensor_diag(t).shape == (2, 3, 2, 3)
    check_gradient(lambda a: la.diag_part(a, k=(-1, 1)), [RNG.normal(size=(3, 4))])
    check_gradient(
        lambda a, d: la.set_diag(a, d, k=1), [RNG.normal(size=(3, 3)), RNG.normal(size=(2,))]
    )


def test_lu_family_against_scipy():
    a = RNG.normal(size=(3, 5, 5))
    lu, p = la.lu(a)
    assert p.dtype == tf.int32 and la.lu(a, output_idx_type=tf.int64).p.dtype == tf.int64
    for i in range(3):
        p_ref, l_ref, u_ref = scipy.linalg.lu(a[i])
        # scipy: a = P L U; TensorFlow: a[p] = L U.
        np.testing.assert_allclose(np.tril(lu.numpy()[i], -1) + np.eye(5), l_ref, atol=1e-12)
        np.testing.assert_allclose(np.triu(lu.numpy()[i]), u_ref, atol=1e-12)
        np.testing.assert_array_equal(a[i][p.numpy()[i]], p_ref.T @ a[i])
    np.testing.assert_allclose(la.lu_reconstruct(lu, p).numpy(), a, atol=1e-12)
    np.testing.assert_allclose(la.lu_matrix_inverse(lu, p).numpy(), np.linalg.inv(a), atol=1e-10)
    rhs = RNG.normal(size=(5, 2))  # broadcast against the batch of three
    np.testing.assert_allclose(
        la.lu_solve(lu, p, rhs).numpy(), np.linalg.solve(a, rhs[None]), atol=1e-10
    )
    # TensorFlow's doc example.
    np.testing.assert_allclose(
        la.lu_solve(*la.lu([[4.0, 3.0], [6.0, 3.0]]), [[1.0], [0.0]]).numpy(),
        [[-0.5], [1.0]],
        rtol=1e-6,
    )
    with pytest.raises(ValueError, match="lu: expected square matrices"):
        la.lu(np.ones((2, 3)))
    with pytest.raises(ValueError, match="perm is not a permutation"):
        la.lu_solve(lu[0], [0, 0, 1, 2, 3], rhs, validate_args=True)


def test_lu_gradient():
    a = RNG.normal(size=(4, 4)) + 3 * np.eye(4)
    check_gradient(lambda x: la.lu(x).lu, [a], rtol=1e-6, atol=1e-8)
    check_gradient(lambda x: la.lu(x).lu, [RNG.normal(size=(2, 3, 3))], rtol=1e-6, atol=1e-8)
    lu, p = la.lu(a)
    check_gradient(
        lambda f, b: la.lu_solve(f, p, b), [lu.numpy(), RNG.normal(size=(4, 2))], rtol=1e-6
    )


def _tridiag(sup, mid, sub):
    return np.diag(mid) + np.diag(sup[:-1], 1) + np.diag(sub[1:], -1)


@pytest.mark.parametrize("pivoting,perturb", [(True, False), (False, False), (True, True)])
def test_tridiagonal_solve_formats(pivoting, perturb):
    n = 6
    diags = RNG.normal(size=(2, 3, n))
    diags[:, 1] += 4.0  # diagonally dominant: Thomas needs no pivoting
    rhs = RNG.normal(size=(2, n, 3))
    dense = np.stack([_tridiag(*d) for d in diags])
    want = np.linalg.solve(dense, rhs)
    kw = {"partial_pivoting": pivoting, "perturb_singular": perturb}
    np.testing.assert_allclose(la.tridiagonal_solve(diags, rhs, **kw).numpy(), want, atol=1e-12)
    seq = [diags[:, 0], diags[:, 1], diags[:, 2]]
    np.testing.assert_allclose(
        la.tridiagonal_solve(seq, rhs, diagonals_format="sequence", **kw).numpy(), want, atol=1e-12
    )
    np.testing.assert_allclose(
        la.tridiagonal_solve(dense, rhs, diagonals_format="matrix", **kw).numpy(), want, atol=1e-12
    )
    np.testing.assert_allclose(
        la.tridiagonal_solve(diags, np.swapaxes(rhs, -1, -2), transpose_rhs=True, **kw).numpy(),
        want,
        atol=1e-12,
    )
    vec = la.tridiagonal_solve(diags, rhs[..., 0], **kw)
    np.testing.assert_allclose(vec.numpy(), want[..., 0], atol=1e-12)
    check_gradient(lambda d, b: la.tridiagonal_solve(d, b, **kw), [diags[0], rhs[0]], rtol=1e-6)


def test_tridiagonal_solve_pivoting_singular_and_errors():
    # A zero leading pivot: pivoting solves it, Thomas gives NaN as TensorFlow.
    sup, mid, sub = np.array([1.0, 2, 0]), np.array([0.0, 3, 1]), np.array([0.0, 1, 2])
    dense = _tridiag(sup, mid, sub)
    rhs = np.array([[1.0], [2.0], [3.0]])
    diags = np.stack([sup, mid, sub])
    np.testing.assert_allclose(
        la.tridiagonal_solve(diags, rhs).numpy(), np.linalg.solve(dense, rhs)
    )
    assert np.isnan(la.tridiagonal_solve(diags, rhs, partial_pivoting=False).numpy()).all()
    singular = np.array([[1.0, 1, 99], [1, 2, 1], [99, 1, 1]])  # det 0
    assert np.isnan(la.tridiagonal_solve(singular, rhs).numpy()).all()
    x = la.tridiagonal_solve(singular, rhs, perturb_singular=True).numpy()
    assert np.isfinite(x).all()
    with pytest.raises(ValueError, match="perturb_singular requires also setting partial_pivoting"):
        la.tridiagonal_solve(diags, rhs, partial_pivoting=False, perturb_singular=True)
    with pytest.raises(ValueError, match="with 3 rows"):
        la.tridiagonal_solve(np.ones((2, 3)), rhs)
    with pytest.raises(ValueError, match="same number of left-hand sides"):
        la.tridiagonal_solve(diags, np.ones((4, 1)))
    with pytest.raises(ValueError, match="unrecognized diagonals_format"):
        la.tridiagonal_solve(diags, rhs, diagonals_format="banded")


def test_tridiagonal_matmul_and_banded_solve():
    diags = RNG.normal(size=(2, 3, 5))
    rhs = RNG.normal(size=(2, 5, 4))
    dense = np.stack([_tridiag(*d) for d in diags])
    np.testing.assert_allclose(la.tridiagonal_matmul(diags, rhs).numpy(), dense @ rhs, atol=1e-12)
    np.testing.assert_allclose(
        la.tridiagonal_matmul(dense, rhs, diagonals_format="matrix").numpy(),
        dense @ rhs,
        atol=1e-12,
    )
    check_gradient(la.tridiagonal_matmul, [diags[0], rhs[0]])
    # TensorFlow's documented examples.
    soln = la.banded_triangular_solve([[2.0, 3.0, 4.0], [1.0, 2.0, 3.0]], tf.ones([3, 1]))
    np.testing.assert_allclose(soln.numpy(), [[0.5], [0.0], [0.25]])
    x = [[2.0, 3.0, 4.0, 5.0], [-1.0, -2.0, -3.0, -4.0]]
    soln = la.banded_triangular_solve(x, tf.ones([4, 1]), lower=False)
    np.testing.assert_allclose(soln.numpy(), [[-4.0], [-1.5], [-2 / 3], [-0.25]], rtol=1e-6)
    bands = RNG.normal(size=(3, 6)) + np.array([[4.0], [0], [0]])
    lower = la.diag(bands, k=(-2, 0), num_rows=6, num_cols=6, align="LEFT_RIGHT").numpy()
    b = RNG.normal(size=(2, 6, 2))
    np.testing.assert_allclose(
        la.banded_triangular_solve(bands, b, adjoint=True).numpy(),
        np.linalg.solve(lower.T, b),
        atol=1e-10,
    )


def test_eigh_tridiagonal():
    alpha, beta = RNG.normal(size=6), RNG.normal(size=5)
    want = scipy.linalg.eigh_tridiagonal(alpha, beta, eigvals_only=True)
    np.testing.assert_allclose(la.eigh_tridiagonal(alpha, beta).numpy(), want, atol=1e-12)
    e, v = la.eigh_tridiagonal(alpha, beta, eigvals_only=False)
    dense = _tridiag(np.append(beta, 0), alpha, np.insert(beta, 0, 0))
    np.testing.assert_allclose(dense @ v.numpy(), v.numpy() * e.numpy(), atol=1e-10)
    np.testing.assert_allclose(
        la.eigh_tridiagonal(alpha, beta, select="i", select_range=[1, 3]).numpy(),
        want[1:4],
        atol=1e-12,
    )
    lo, hi = (want[1] + want[2]) / 2, (want[4] + want[5]) / 2  # (lo, hi] holds 2, 3, 4
    np.testing.assert_allclose(
        la.eigh_tridiagonal(alpha, beta, select="v", select_range=[lo, hi]).numpy(),
        want[2:5],
        atol=1e-12,
    )


@pytest.mark.parametrize("scale", [0.01, 0.5, 1.5, 3.0, 40.0])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_expm_against_scipy(scale, dtype):
    a = (RNG.normal(size=(3, 4, 4)) * scale).astype(dtype)
    want = np.stack([scipy.linalg.expm(m.astype(np.float64)) for m in a])
    got = la.expm(a)
    assert got.dtype == dtype
    tol = 1e-5 if dtype == "float32" else 1e-12
    np.testing.assert_allclose(got.numpy(), want, rtol=tol * 10, atol=tol * np.abs(want).max())


def test_expm_batch_mixing_orders_and_gradient():
    a = np.stack([RNG.normal(size=(3, 3)) * s for s in (0.001, 0.3, 8.0)])
    want = np.stack([scipy.linalg.expm(m) for m in a])
    np.testing.assert_allclose(la.expm(a).numpy(), want, rtol=1e-12)
    np.testing.assert_allclose(la.expm([[0.0, 1.0], [0.0, 0.0]]).numpy(), [[1, 1], [0, 1]])
    check_gradient(la.expm, [RNG.normal(size=(3, 3))], rtol=1e-6)
    with pytest.raises(ValueError, match="expm: input must be a square matrix"):
        la.expm(np.ones((2, 3)))


def test_sqrtm():
    spd = RNG.normal(size=(4, 4))
    spd = spd @ spd.T + np.eye(4)
    general = RNG.normal(size=(2, 4, 4)) + 4 * np.eye(4)
    for m in (spd, general):
        got = la.sqrtm(m).numpy()
        want = np.stack([scipy.linalg.sqrtm(x).real for x in m.reshape(-1, 4, 4)]).reshape(m.shape)
        np.testing.assert_allclose(got, want, atol=1e-10)
    f32 = la.sqrtm(spd.astype("float32"))
    assert f32.dtype == tf.float32
    np.testing.assert_allclose(f32.numpy() @ f32.numpy(), spd, rtol=1e-4)
    assert np.isnan(la.sqrtm(-np.eye(2)).numpy()).all()  # no real principal root
    check_gradient(la.sqrtm, [spd], rtol=1e-5, atol=1e-8)


def test_lstsq_fast_and_robust_paths():
    a, b = RNG.normal(size=(2, 6, 3)), RNG.normal(size=(2, 6, 2))
    want = np.stack([np.linalg.lstsq(x, y, rcond=None)[0] for x, y in zip(a, b)])
    np.testing.assert_allclose(la.lstsq(a, b).numpy(), want, atol=1e-10)
    np.testing.assert_allclose(la.lstsq(a, b, fast=False).numpy(), want, atol=1e-10)
    wide = RNG.normal(size=(3, 5))
    rhs = RNG.normal(size=(3, 1))
    min_norm = np.linalg.lstsq(wide, rhs, rcond=None)[0]
    np.testing.assert_allclose(la.lstsq(wide, rhs).numpy(), min_norm, atol=1e-10)
    np.testing.assert_allclose(
        la.lstsq(wide, rhs, l2_regularizer=0.3).numpy(),
        wide.T @ np.linalg.solve(wide @ wide.T + 0.3 * np.eye(3), rhs),
        atol=1e-10,
    )
    # Rank deficient: only the robust path finds the minimum-norm solution.
    deficient = np.outer(np.arange(1.0, 5), [1.0, 1.0])
    np.testing.assert_allclose(
        la.lstsq(deficient, rhs[:1].repeat(4, 0), fast=False).numpy(),
        np.linalg.lstsq(deficient, rhs[:1].repeat(4, 0), rcond=None)[0],
        atol=1e-10,
    )
    check_gradient(lambda x, y: la.lstsq(x, y, l2_regularizer=0.1), [a[0], b[0]], rtol=1e-6)


def test_triangular_solve_broadcasts_and_nan_inputs():
    lower = np.tril(RNG.normal(size=(4, 4))) + 4 * np.eye(4)
    rhs = RNG.normal(size=(3, 4, 2))
    np.testing.assert_allclose(
        la.triangular_solve(lower, rhs).numpy(), np.linalg.solve(lower, rhs), atol=1e-12
    )
    # NaN reaches LAPACK and comes back as NaN (LAPACKE's NaN check would call it an
    # invalid argument).
    assert np.isnan(la.inv(np.full((2, 2), np.nan)).numpy()).all()


def test_matrix_square_root_is_the_top_level_name_of_sqrtm():
    a = np.array([[5.0, 2.0], [2.0, 5.0]])
    root = tf.matrix_square_root(a).numpy()
    np.testing.assert_allclose(root @ root, a, rtol=1e-10)
    assert tf.matrix_square_root is tf.linalg.sqrtm
