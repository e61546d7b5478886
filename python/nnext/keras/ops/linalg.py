"""`keras.ops.linalg`: factorizations, inverses, solvers and norms over the last two axes
(earlier axes are a batch), by LAPACK from the bundled OpenBLAS.

Integer inputs compute in `floatx()`. inv, det, slogdet/logdet, solve, solve_triangular,
cholesky, eigh, qr (tall or square, reduced) and svd (reduced, or values only) are
differentiable (their gradient rules sit beside the C++ ops); lstsq and lu_factor are not.
"""

import functools
import math

import numpy as np

from nnext import _core, creation
from nnext.keras import tree
from nnext.keras.keras_tensor import KerasTensor, Node, SymbolicOperation, any_symbolic_tensors
from nnext.keras.ops._base import axes_list, float_operands, to_float
from nnext.keras.ops.core import jvp

__all__ = [
    "cholesky",
    "cholesky_inverse",
    "det",
    "eigh",
    "inv",
    "jvp",
    "logdet",
    "lstsq",
    "lu_factor",
    "matrix_rank",
    "norm",
    "pinv",
    "qr",
    "slogdet",
    "solve",
    "solve_triangular",
    "svd",
]


def symbolic(fn):
    """As `keras_tensor.symbolic`, but the dry runs that infer output shapes fill square
    matrices with the identity: zeros would be singular for inv, solve or cholesky."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if not any_symbolic_tensors(args, kwargs):
            return fn(*args, **kwargs)
        runs = [
            fn(
                *tree.map_structure(lambda v, n=n: _probe(v, n), args),
                **tree.map_structure(lambda v, n=n: _probe(v, n), kwargs),
            )
            for n in (2, 3)
        ]
        outputs = tree.map_structure(
            lambda a, b: KerasTensor(
                tuple(x if x == y else None for x, y in zip(a.shape, b.shape)), a.dtype.name
            ),
            *runs,
        )
        Node(SymbolicOperation(fn, fn.__name__), args, kwargs, outputs)
        return outputs

    return wrapper


def _probe(value, size):
    """A concrete stand-in for a KerasTensor: unknown sizes become `size`; square matrices
    are identities (broadcast over the batch), others zeros."""
    if not isinstance(value, KerasTensor):
        return value
    shape = [size if d is None else d for d in value.shape]
    if len(shape) >= 2 and shape[-1] == shape[-2]:
        eye = _core.eye(shape[-1], shape[-1], value.dtype)
        return _core.broadcast_to(eye, shape) + creation.zeros([], value.dtype)
    return creation.zeros(shape, value.dtype)


def _mT(x):
    perm = list(range(x.ndim))
    perm[-1], perm[-2] = perm[-2], perm[-1]
    return _core.transpose(x, perm)


@symbolic
def inv(x):
    """The inverse of each square matrix in `x`.

    Raises:
        ValueError: for a singular matrix.
    """
    return _core.linalg_inv(to_float(x))


@symbolic
def det(x):
    """The determinant of each square matrix in `x`."""
    return _core.linalg_det(to_float(x))


@symbolic
def slogdet(x):
    """The sign and the log of the absolute value of each determinant.

    Returns:
        A tuple `(sign, logabsdet)`; a singular matrix gives (0, -inf).
    """
    sign, logabs = _core.linalg_slogdet(to_float(x))
    return sign, logabs


@symbolic
def logdet(x):
    """`log(det(x))` of Hermitian positive-definite matrices (NaN where det < 0)."""
    sign, logabs = _core.linalg_slogdet(to_float(x))
    return _core.where(_core.greater(sign, 0.0), logabs, logabs * float("nan"))


@symbolic
def solve(a, b):
    """The solution `x` of `a @ x = b` (b a matrix `(..., n, k)` or a vector `(n,)`)."""
    a, b = float_operands(a, b)
    if b.ndim == 1:
        return _core.squeeze(_core.linalg_solve(a, _core.expand_dims(b, -1)), [-1])
    batch = np.broadcast_shapes(tuple(a.shape[:-2]), tuple(b.shape[:-2]))
    a = _core.broadcast_to(a, list(batch) + list(a.shape[-2:]))
    b = _core.broadcast_to(b, list(batch) + list(b.shape[-2:]))
    return _core.linalg_solve(a, b)


@symbolic
def solve_triangular(a, b, lower=False):
    """The solution of `a @ x = b` for triangular `a` (its lower triangle when `lower`,
    else its upper one)."""
    a, b = float_operands(a, b)
    if b.ndim == a.ndim - 1:
        return _core.squeeze(
            _core.linalg_solve_triangular(a, _core.expand_dims(b, -1), bool(lower)), [-1]
        )
    return _core.linalg_solve_triangular(a, b, bool(lower))


@symbolic
def cholesky(x, upper=False):
    """The Cholesky factor: lower `L` with `x = L @ L^T` (upper `L^T` when `upper`).

    Raises:
        ValueError: when a matrix is not positive definite.
    """
    lower = _core.linalg_cholesky(to_float(x))
    return _mT(lower) if upper else lower


@symbolic
def cholesky_inverse(x, upper=False):
    """The inverse of `A` from its Cholesky factor `x` (`A = x x^T`, or `x^T x` when
    `upper`)."""
    factor = to_float(x)
    lower = _mT(factor) if upper else factor
    n = factor.shape[-1]
    eye = _core.broadcast_to(_core.eye(n, n, factor.dtype.name), list(factor.shape))
    inv_lower = _core.linalg_solve_triangular(lower, eye, True)
    return _core.matmul(inv_lower, inv_lower, True, False)


@symbolic
def qr(x, mode="reduced"):
    """QR decomposition `x = q @ r`, 'reduced' (q: (m, k), k = min(m, n)) or 'complete'.

    Returns:
        A tuple `(q, r)`.
    """
    if mode not in ("reduced", "complete"):
        raise ValueError(
            f"`mode` argument value not supported. Expected one of {{'reduced', 'complete'}}. "
            f"Received: mode={mode}"
        )
    q, r = _core.linalg_qr(to_float(x), mode == "complete")
    return q, r


@symbolic
def svd(x, full_matrices=True, compute_uv=True):
    """Singular value decomposition `x = u @ diag(s) @ vh`, `s` descending.

    Returns:
        `(u, s, vh)`, or `s` alone when not `compute_uv`.
    """
    parts = _core.linalg_svd(to_float(x), bool(full_matrices), bool(compute_uv))
    return tuple(parts) if compute_uv else parts[0]


@symbolic
def eigh(x):
    """Eigenvalues (ascending) and eigenvectors (columns) of symmetric matrices, from
    their lower triangle.

    Returns:
        A tuple `(w, v)` with `x @ v = v * w`.
    """
    w, v = _core.linalg_eigh(to_float(x))
    return w, v


@symbolic
def lstsq(a, b, rcond=None):
    """The least-squares solution of `a @ x = b` (a: (m, n); b: (m,) or (m, k)); singular
    values below `rcond * s_max` count as 0 (default: machine epsilon * max(m, n))."""
    a, b = float_operands(a, b)
    rcond = -1.0 if rcond is None else float(rcond)
    if b.ndim == 1:
        return _core.squeeze(_core.linalg_lstsq(a, _core.expand_dims(b, -1), rcond), [-1])
    return _core.linalg_lstsq(a, b, rcond)


@symbolic
def lu_factor(x):
    """LU decomposition with partial pivoting, packed as LAPACK (and SciPy) do.

    Returns:
        A tuple `(lu, pivots)`: `L` (unit diagonal, implied) below and `U` on and above the
        diagonal of `lu`; int32 0-based row interchanges `pivots`.
    """
    lu, pivots = _core.linalg_lu_factor(to_float(x))
    return lu, pivots


@symbolic
def pinv(x, rcond=None):
    """The Moore-Penrose pseudo-inverse, from the SVD; singular values below
    `rcond * s_max` (default 1e-15 scaled as NumPy) are dropped."""
    x = to_float(x)
    u, s, vh = _core.linalg_svd(x, False, True)
    if rcond is None:
        rcond = 1e-15
    cutoff = _core.reduce_max(s, [-1], True) * float(rcond) if s.shape[-1] else s
    keep = _core.greater(s, cutoff)
    s_inv = _core.where(keep, 1.0 / _core.where(keep, s, _core.ones_like(s)), _core.zeros_like(s))
    return _core.matmul(_mT(vh) * _core.expand_dims(s_inv, -2), u, False, True)


@symbolic
def matrix_rank(x, tol=None):
    """The number (int32) of singular values above `tol` (default: s_max * max(m, n) *
    machine epsilon)."""
    x = to_float(x)
    s = _core.linalg_svd(x, False, False)[0]
    if tol is None:
        eps = float(np.finfo(x.dtype.name).eps)
        tol = _core.reduce_max(s, [-1], True) * (max(x.shape[-2:]) * eps)
    rank = _core.reduce_sum(_core.cast(_core.greater(s, tol), "int32"), [-1], False)
    return _core.cast(rank, "int32")


@symbolic
def norm(x, ord=None, axis=None, keepdims=False):
    """Vector and matrix norms, as `numpy.linalg.norm`.

    Args:
        ord: vectors: None (2), inf, -inf, 0, or a number p; matrices: None/'fro', 'nuc',
            inf, -inf, 1, -1, 2, -2.
        axis: None (vector norm of the flattened `x` for ord None, else the norm of a 1-D
            or 2-D `x`), an int (vector norms) or a pair (matrix norms).
    """
    x = to_float(x)
    ndim = x.ndim
    if axis is None:
        if ord is None:
            out = _core.sqrt(_core.reduce_sum(_core.square(x), None, keepdims))
            return out
        axis = tuple(range(ndim))
    axes = axes_list(axis, ndim)
    if len(axes) == 1:
        return _vector_norm(x, ord, axes, keepdims)
    if len(axes) == 2:
        return _matrix_norm(x, ord, axes, keepdims)
    raise ValueError(f"Improper number of dimensions to norm. Received: axis={axis}")


def _vector_norm(x, ord, axes, keepdims):
    a = _core.abs(x)
    if ord is None or ord == 2:
        return _core.sqrt(_core.reduce_sum(_core.square(x), axes, keepdims))
    if ord == math.inf:
        return _core.reduce_max(a, axes, keepdims)
    if ord == -math.inf:
        return _core.reduce_min(a, axes, keepdims)
    if ord == 0:
        return _core.cast(
            _core.reduce_sum(_core.cast(_core.not_equal(x, 0.0), x.dtype.name), axes, keepdims),
            x.dtype.name,
        )
    if isinstance(ord, str):
        raise ValueError(  # noqa: TRY004 (Keras's error for a bad `ord`)
            f"Invalid `ord` argument for vector norm. Received: ord={ord}"
        )
    p = float(ord)
    return _core.pow(_core.reduce_sum(_core.pow(a, p), axes, keepdims), 1.0 / p)


def _matrix_norm(x, ord, axes, keepdims):
    rows, cols = axes
    if ord is None or ord == "fro":
        return _core.sqrt(_core.reduce_sum(_core.square(x), axes, keepdims))
    a = _core.abs(x)
    if ord in (1, -1):
        sums = _core.reduce_sum(a, [rows], True)
        out = (_core.reduce_max if ord == 1 else _core.reduce_min)(sums, [cols], True)
    elif ord in (math.inf, -math.inf):
        sums = _core.reduce_sum(a, [cols], True)
        out = (_core.reduce_max if ord == math.inf else _core.reduce_min)(sums, [rows], True)
    elif ord in (2, -2, "nuc"):
        rest = [d for d in range(x.ndim) if d not in axes]
        s = _core.linalg_svd(_core.transpose(x, rest + [rows, cols]), False, False)[0]
        if ord == "nuc":
            out = _core.reduce_sum(s, [-1], False)
        else:
            out = (_core.reduce_max if ord == 2 else _core.reduce_min)(s, [-1], False)
        if keepdims:
            for d in sorted(axes):
                out = _core.expand_dims(out, d)
        return out
    else:
        raise ValueError(f"Invalid `ord` argument for matrix norm. Received: ord={ord}")
    return out if keepdims else _core.squeeze(out, sorted(axes))
