"""``tf.linalg``'s LU family and its structured solvers: ``lu`` (LAPACK getrf in C++, with
TensorFlow's permutation vector and gradient), ``lu_solve``, ``lu_matrix_inverse``,
``lu_reconstruct``; ``tridiagonal_solve`` (a C++ kernel with TensorFlow's three methods),
``tridiagonal_matmul``, ``banded_triangular_solve`` and ``eigh_tridiagonal``.

The compositions differentiate through the ops they are made of.
"""

import collections

import numpy as np

from nnext import _core
from nnext.linalg_diag import band_part, diag, diag_part, set_diag

__all__ = [
    "banded_triangular_solve",
    "eigh_tridiagonal",
    "lu",
    "lu_matrix_inverse",
    "lu_reconstruct",
    "lu_solve",
    "tridiagonal_matmul",
    "tridiagonal_solve",
]

Lu = collections.namedtuple("Lu", ["lu", "p"])


def _t(x, dtype=None):
    x = x if isinstance(x, _core.Tensor) else _core.convert_to_tensor(x)
    return x if dtype is None or x.dtype == dtype else _core.cast(x, dtype)


def _float(x):
    x = _t(x)
    return x if x.dtype.is_floating else _core.cast(x, "float32")


def _batch(*shapes):
    return list(np.broadcast_shapes(*(tuple(s) for s in shapes)))


def _to_batch(x, batch, core_rank):
    target = batch + list(x.shape[x.ndim - core_rank :])
    return x if list(x.shape) == target else _core.broadcast_to(x, target)


def lu(input, output_idx_type="int32", name=None):
    """The LU decomposition with partial pivoting of each square matrix.

    Returns ``Lu(lu, p)``: ``lu`` holds ``L`` (unit diagonal, not stored) below its diagonal
    and ``U`` on and above it, and ``p`` is the row permutation with ``input[p] = L @ U``.

    >>> lu, p = nnext.linalg.lu([[1., 2.], [3., 4.]])
    >>> p.numpy()
    array([1, 0], dtype=int32)
    """
    packed, perm = _core.linalg_lu(_float(input))
    if output_idx_type not in ("int32", "int64") and getattr(output_idx_type, "name", None) not in (
        "int32",
        "int64",
    ):
        raise TypeError(f"lu: output_idx_type must be int32 or int64, got {output_idx_type!r}")
    return Lu(packed, _core.cast(perm, output_idx_type))


def _lower_upper(lower_upper):
    ones = _core.ones_like(diag_part(lower_upper))
    return set_diag(band_part(lower_upper, -1, 0), ones), band_part(lower_upper, 0, -1)


def lu_solve(lower_upper, perm, rhs, validate_args=False, name=None):
    """Solves ``A x = rhs`` given ``lower_upper, perm = lu(A)``; batch axes broadcast.

    >>> a = [[4., 3.], [6., 3.]]
    >>> nnext.linalg.lu_solve(*nnext.linalg.lu(a), [[1.], [0.]]).numpy()
    array([[-0.5],
           [ 1. ]], dtype=float32)
    """
    lower_upper = _float(lower_upper)
    rhs, perm = _t(rhs, lower_upper.dtype), _t(perm)
    if lower_upper.ndim < 2 or rhs.ndim < 2 or perm.ndim < 1:
        raise ValueError(
            f"lu_solve: expected lower_upper (..., M, M), perm (..., M) and rhs (..., M, K), "
            f"got shapes {tuple(lower_upper.shape)}, {tuple(perm.shape)} and {tuple(rhs.shape)}"
        )
    n = lower_upper.shape[-1]
    if lower_upper.shape[-2] != n or perm.shape[-1] != n or rhs.shape[-2] != n:
        raise ValueError(
            f"lu_solve: shapes do not fit: lower_upper {tuple(lower_upper.shape)}, perm "
            f"{tuple(perm.shape)}, rhs {tuple(rhs.shape)}"
        )
    if validate_args and not (np.sort(perm.numpy(), -1) == np.arange(n)).all():
        raise ValueError(f"lu_solve: perm is not a permutation of range({n})")
    batch = _batch(lower_upper.shape[:-2], perm.shape[:-1], rhs.shape[:-2])
    lower_upper = _to_batch(lower_upper, batch, 2)
    perm, rhs = _to_batch(perm, batch, 1), _to_batch(rhs, batch, 2)
    permuted = _core.gather(rhs, perm, len(batch), len(batch))
    lower, upper = _lower_upper(lower_upper)
    y = _core.linalg_solve_triangular(lower, permuted, True)
    return _core.linalg_solve_triangular(upper, y, False)


def lu_matrix_inverse(lower_upper, perm, validate_args=False, name=None):
    """The inverse of ``A`` given ``lower_upper, perm = lu(A)``."""
    lower_upper = _float(lower_upper)
    n = lower_upper.shape[-1]
    eye = _core.broadcast_to(_core.eye(n, n, lower_upper.dtype), list(lower_upper.shape))
    return lu_solve(lower_upper, perm, eye, validate_args=validate_args)


def lu_reconstruct(lower_upper, perm, validate_args=False, name=None):
    """The matrix ``A`` that ``lu`` factored into ``lower_upper, perm``."""
    lower_upper = _float(lower_upper)
    perm = _t(perm)
    lower, upper = _lower_upper(lower_upper)
    product = _core.matmul(lower, upper)
    batch = list(product.shape[:-2])
    inverse = _core.argsort(_to_batch(perm, batch, 1), -1)
    return _core.gather(product, inverse, len(batch), len(batch))


def _compact(diagonals, diagonals_format, op):
    """Diagonals in the compact (..., 3, M) form from any of TensorFlow's three formats."""
    if diagonals_format == "compact":
        d = _float(diagonals)
        if d.ndim < 2 or d.shape[-2] != 3:
            raise ValueError(
                f"{op}: expected diagonals to be provided as a matrix with 3 rows, "
                f"got shape {tuple(d.shape)}"
            )
        return d
    if diagonals_format == "sequence":
        if not isinstance(diagonals, (list, tuple)) or len(diagonals) != 3:
            raise ValueError(f"{op}: expected diagonals to be a sequence of length 3")
        parts = [_float(d) for d in diagonals]
        dtype = parts[1].dtype
        return _core.stack([_t(p, dtype) for p in parts], -2)
    if diagonals_format == "matrix":
        m = _float(diagonals)
        if m.ndim < 2 or m.shape[-1] != m.shape[-2]:
            raise ValueError(
                f"{op}: expected last two dimensions of diagonals to be the same, "
                f"got shape {tuple(m.shape)}"
            )
        if m.shape[-1] == 1:
            zero = _core.zeros_like(m)
            return _core.concat([zero, m, zero], -2)
        return diag_part(m, k=(-1, 1), padding_value=0.0, align="LEFT_RIGHT")
    raise ValueError(f"{op}: unrecognized diagonals_format: {diagonals_format}")


def tridiagonal_solve(
    diagonals,
    rhs,
    diagonals_format="compact",
    transpose_rhs=False,
    conjugate_rhs=False,
    name=None,
    partial_pivoting=True,
    perturb_singular=False,
):
    """Solves ``T x = rhs`` for tridiagonal matrices ``T``.

    ``diagonals``: ``'compact'`` (..., 3, M) rows superdiagonal (last entry unused),
    diagonal, subdiagonal (first entry unused); ``'sequence'`` a list of those three
    (..., M) tensors; ``'matrix'`` the (..., M, M) matrices. ``rhs``: (..., M, K) or
    (..., M), or (..., K, M) with ``transpose_rhs``. Without ``partial_pivoting`` the Thomas
    algorithm runs; ``perturb_singular`` nudges tiny pivots so singular systems give finite
    results. A system whose elimination meets a zero pivot returns NaN, as TensorFlow.
    """
    if perturb_singular and not partial_pivoting:
        raise ValueError("Setting perturb_singular requires also setting partial_pivoting.")
    d = _compact(diagonals, diagonals_format, "tridiagonal_solve")
    b = _t(rhs, d.dtype)
    vector = b.ndim == d.ndim - 1
    if vector:
        b = _core.expand_dims(b, -1)
    elif transpose_rhs:
        b = _core.transpose(b, list(range(b.ndim - 2)) + [b.ndim - 1, b.ndim - 2])
    if b.ndim < 2 or b.shape[-2] != d.shape[-1]:
        raise ValueError(
            f"tridiagonal_solve: expected the same number of left-hand sides and right-hand "
            f"sides, got diagonals of shape {tuple(d.shape)} and rhs of shape {tuple(b.shape)}"
        )
    batch = _batch(d.shape[:-2], b.shape[:-2])
    method = (
        "thomas"
        if not partial_pivoting
        else ("perturb_singular" if perturb_singular else "partial_pivoting")
    )
    x = _core.linalg_tridiagonal_solve(_to_batch(d, batch, 2), _to_batch(b, batch, 2), method)
    return _core.squeeze(x, [-1]) if vector else x


def _shift(x, axis, up):
    """x[i + 1] (up) or x[i - 1] along ``axis``, zero-filled at the end it shifts from."""
    n = x.shape[axis]
    pads = [[0, 0] for _ in range(x.ndim)]
    pads[axis] = [0, 1] if up else [1, 0]
    index = [slice(None)] * x.ndim
    index[axis] = slice(1, None) if up else slice(0, max(n - 1, 0))
    return _core.pad(x[tuple(index)], pads, "CONSTANT", 0.0)


def tridiagonal_matmul(diagonals, rhs, diagonals_format="compact", name=None):
    """``T @ rhs`` for tridiagonal ``T`` (formats as in ``tridiagonal_solve``), rhs
    (..., M, N)."""
    d = _compact(diagonals, diagonals_format, "tridiagonal_matmul")
    b = _t(rhs, d.dtype)
    if b.ndim < 2 or b.shape[-2] != d.shape[-1]:
        raise ValueError(
            f"tridiagonal_matmul: diagonals of shape {tuple(d.shape)} do not fit rhs of shape "
            f"{tuple(b.shape)}"
        )
    sup, mid, sub = (_core.expand_dims(d[..., i, :], -1) for i in range(3))
    axis = b.ndim - 2
    return _core.add(
        _core.add(_core.multiply(sup, _shift(b, axis, True)), _core.multiply(mid, b)),
        _core.multiply(sub, _shift(b, axis, False)),
    )


def banded_triangular_solve(bands, rhs, lower=True, adjoint=False, name=None):
    """Solves ``A x = rhs`` for triangular ``A`` stored as ``K`` bands (..., K, M): for
    ``lower``, the diagonal then the subdiagonals (aligned right), otherwise the
    superdiagonals then the diagonal (aligned left), as ``set_diag(..., align='LEFT_RIGHT')``
    lays them out. Batch axes broadcast."""
    b = _float(bands)
    r = _t(rhs, b.dtype)
    if b.ndim < 2 or r.ndim < 2 or r.shape[-2] != b.shape[-1]:
        raise ValueError(
            f"banded_triangular_solve: bands of shape {tuple(b.shape)} do not fit rhs of "
            f"shape {tuple(r.shape)}"
        )
    count, m = b.shape[-2], b.shape[-1]
    if count > m:
        raise ValueError(f"banded_triangular_solve: {count} bands for matrices with {m} rows")
    k = (-(count - 1), 0) if lower else (0, count - 1)
    dense = diag(b, k=k, num_rows=m, num_cols=m, align="LEFT_RIGHT")
    batch = _batch(dense.shape[:-2], r.shape[:-2])
    dense, r = _to_batch(dense, batch, 2), _to_batch(r, batch, 2)
    if adjoint:
        dense = _core.transpose(dense, list(range(len(batch))) + [len(batch) + 1, len(batch)])
        lower = not lower
    return _core.linalg_solve_triangular(dense, r, bool(lower))


def eigh_tridiagonal(
    alpha, beta, eigvals_only=True, select="a", select_range=None, tol=None, name=None
):
    """Eigenvalues (ascending) and, unless ``eigvals_only``, eigenvectors (columns) of the
    symmetric tridiagonal matrix with diagonal ``alpha`` (n,) and off-diagonal ``beta``
    (n - 1,).

    ``select``: ``'a'`` all, ``'v'`` the eigenvalues in the half-open interval
    ``(select_range[0], select_range[1]]``, ``'i'`` those with indices
    ``select_range[0] <= i <= select_range[1]``. Computed by LAPACK on the dense matrix
    (``tol`` is accepted; LAPACK's own tolerance applies).
    """
    a = _float(alpha)
    b = _t(beta, a.dtype)
    if a.ndim != 1 or b.ndim != 1 or b.shape[0] != max(a.shape[0] - 1, 0):
        raise ValueError(
            f"eigh_tridiagonal: expected alpha of shape (n,) and beta of shape (n - 1,), got "
            f"{tuple(a.shape)} and {tuple(b.shape)}"
        )
    n = a.shape[0]
    if n == 0:
        return a if eigvals_only else (a, _core.zeros([0, 0], a.dtype))
    dense = diag(a)
    if n > 1:
        dense = _core.add(dense, _core.add(diag(b, k=1), diag(b, k=-1)))
    values, vectors = _core.linalg_eigh(dense)
    if select in ("a", "all"):
        keep = None
    elif select in ("i", "index"):
        lo, hi = (int(v) for v in select_range)
        keep = np.zeros(n, bool)
        keep[max(lo, 0) : hi + 1] = True
    elif select in ("v", "value"):
        lo, hi = (float(v) for v in select_range)
        keep = _core.logical_and(_core.greater(values, lo), _core.less_equal(values, hi))
    else:
        raise ValueError(f"eigh_tridiagonal: select must be 'a', 'i' or 'v', got {select!r}")
    if keep is not None:
        keep = _core.convert_to_tensor(keep)
        values = _core.boolean_mask(values, keep, 0)
        vectors = _core.boolean_mask(vectors, keep, 1)
    return values if eigvals_only else (values, vectors)
