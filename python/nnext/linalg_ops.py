"""``tf.linalg`` beyond norms: products, factorizations and solvers (LAPACK through the
C++ ``linalg_*`` ops), ``einsum``. Diagonals and bands are in linalg_diag.py, the LU family
and structured solvers in linalg_structured.py, expm/sqrtm in matrix_functions.py.

Results follow TensorFlow's conventions where they differ from NumPy's: ``svd`` returns
``(s, u, v)`` with ``v`` (not its transpose), ``slogdet`` ``(sign, log_abs_determinant)``,
``qr`` is reduced unless ``full_matrices``. ``einsum`` contracts operands pairwise with
one batched matmul each, so it is as fast as the matmul it amounts to.
"""

import collections
import string

import numpy as np

from nnext import _core
from nnext.array_ops import tensordot
from nnext.linalg_diag import diag_part
from nnext.math_ops import l2_normalize
from nnext.slicing import global_norm

__all__ = [
    "adjoint",
    "cholesky",
    "cholesky_solve",
    "cross",
    "det",
    "eigh",
    "eigvalsh",
    "einsum",
    "eye",
    "global_norm",
    "inv",
    "l2_normalize",
    "logdet",
    "lstsq",
    "matmul",
    "matrix_rank",
    "matrix_transpose",
    "matvec",
    "normalize",
    "pinv",
    "qr",
    "slogdet",
    "solve",
    "svd",
    "tensordot",
    "triangular_solve",
]

Qr = collections.namedtuple("Qr", ["q", "r"])
Eigh = collections.namedtuple("Eigh", ["e", "v"])
Slogdet = collections.namedtuple("Slogdet", ["sign", "log_abs_determinant"])


def _t(x):
    return x if isinstance(x, _core.Tensor) else _core.convert_to_tensor(x)


def _float(x):
    x = _t(x)
    if x.dtype.is_complex:  # a cast would drop the imaginary parts
        raise TypeError(f"expected a real tensor, got {x.dtype.name}: no complex kernel here")
    return x if x.dtype.is_floating else _core.cast(x, "float32")


def _square(x, op):
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(
            f"{op}: input must be a square matrix (or a batch of them), got shape {tuple(x.shape)}"
        )
    return x


def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """Swaps the last two axes (a view)."""
    a = _t(a)
    if a.ndim < 2:
        raise ValueError(
            f"Argument `a` should be a (batch) matrix with rank >= 2. Received "
            f"`a` = {a!r:.40} with shape: {tuple(a.shape)}"
        )
    perm = list(range(a.ndim - 2)) + [a.ndim - 1, a.ndim - 2]
    return _core.transpose(a, perm)


adjoint = matrix_transpose  # real dtypes: the conjugate transpose is the transpose


def matmul(
    a,
    b,
    transpose_a=False,
    transpose_b=False,
    adjoint_a=False,
    adjoint_b=False,
    a_is_sparse=False,
    b_is_sparse=False,
    output_type=None,
    grad_a=False,
    grad_b=False,
    name=None,
):
    """``a @ b`` over the last two axes, batch axes broadcasting; ``transpose_*`` and
    ``adjoint_*`` transpose an operand first (passed to BLAS as flags)."""
    out = _core.matmul(a, b, bool(transpose_a or adjoint_a), bool(transpose_b or adjoint_b))
    return out if output_type is None else _core.cast(out, output_type)


def matvec(
    a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False, name=None
):
    """Matrix times vector: ``(..., m, n) x (..., n) -> (..., m)``."""
    b = _t(b)
    out = _core.matmul(a, _core.expand_dims(b, -1), bool(transpose_a or adjoint_a), False)
    return _core.squeeze(out, [-1])


def inv(input, adjoint=False, name=None):
    """The inverse of each square matrix.

    Raises:
        ValueError: for a singular matrix.
    """
    x = _square(_float(input), "inv")
    out = _core.linalg_inv(x)
    return matrix_transpose(out) if adjoint else out


def det(input, name=None):
    """The determinant of each square matrix."""
    return _core.linalg_det(_square(_float(input), "det"))


def slogdet(input, name=None):
    """``(sign, log_abs_determinant)`` of each square matrix (stable for large ones)."""
    sign, logabs = _core.linalg_slogdet(_square(_float(input), "slogdet"))
    return Slogdet(sign, logabs)


def cholesky(input, name=None):
    """The lower Cholesky factor ``L`` with ``input = L L^T``.

    Raises:
        ValueError: if the matrix is not positive definite.
    """
    return _core.linalg_cholesky(_square(_float(input), "cholesky"))


def logdet(matrix, name=None):
    """``log(det(matrix))`` of a symmetric positive definite matrix: ``2 sum(log(diag(L)))``."""
    chol = cholesky(matrix)
    return _core.multiply(_core.reduce_sum(_core.log(diag_part(chol)), -1, False), 2.0)


def solve(matrix, rhs, adjoint=False, name=None):
    """``x`` with ``matrix @ x = rhs`` (``rhs`` of shape (..., n, k)).

    Raises:
        ValueError: for a singular matrix or mismatched shapes.
    """
    a = _square(_float(matrix), "solve")
    if adjoint:
        a = matrix_transpose(a)
    return _core.linalg_solve(a, _core.cast(_t(rhs), a.dtype))


def triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None):
    """``x`` with ``matrix @ x = rhs`` for a triangular ``matrix`` (only its ``lower``
    or upper triangle is read); ``adjoint`` solves with its transpose. Batch axes
    broadcast."""
    a = _square(_float(matrix), "triangular_solve")
    b = _core.cast(_t(rhs), a.dtype)
    if b.ndim < 2:
        raise ValueError(f"triangular_solve: rhs must have rank >= 2, got shape {tuple(b.shape)}")
    batch = list(np.broadcast_shapes(tuple(a.shape[:-2]), tuple(b.shape[:-2])))
    if list(a.shape[:-2]) != batch:
        a = _core.broadcast_to(a, batch + list(a.shape[-2:]))
    if list(b.shape[:-2]) != batch:
        b = _core.broadcast_to(b, batch + list(b.shape[-2:]))
    if adjoint:
        a, lower = matrix_transpose(a), not lower
    return _core.linalg_solve_triangular(a, b, bool(lower))


def cholesky_solve(chol, rhs, name=None):
    """``x`` with ``A x = rhs`` given ``chol``, the Cholesky factor of ``A``."""
    y = triangular_solve(chol, rhs, lower=True)
    return triangular_solve(chol, y, lower=True, adjoint=True)


def qr(input, full_matrices=False, name=None):
    """``Qr(q, r)`` with ``input = q @ r``: reduced unless ``full_matrices``."""
    q, r = _core.linalg_qr(_float(input), bool(full_matrices))
    return Qr(q, r)


def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """Singular values ``s`` (descending) and, with ``compute_uv``, ``u`` and ``v`` such
    that ``tensor = u @ diag(s) @ transpose(v)``: returns ``(s, u, v)`` or ``s``."""
    parts = _core.linalg_svd(_float(tensor), bool(full_matrices), bool(compute_uv))
    if not compute_uv:
        return parts[0]
    u, s, vh = parts
    return s, u, matrix_transpose(vh)


def eigh(tensor, name=None):
    """``Eigh(e, v)``: ascending eigenvalues and eigenvectors (columns) of each symmetric
    matrix (its lower triangle is read)."""
    e, v = _core.linalg_eigh(_square(_float(tensor), "eigh"))
    return Eigh(e, v)


def eigvalsh(tensor, name=None):
    """The ascending eigenvalues of each symmetric matrix."""
    return eigh(tensor).e


def lstsq(matrix, rhs, l2_regularizer=0.0, fast=True, name=None):
    """The least-squares ``x`` minimising ``|matrix x - rhs|^2 + l2_regularizer |x|^2``.

    ``fast`` (TensorFlow's default) solves the normal equations by Cholesky, as TensorFlow
    does: ``(A^T A + l2 I)^-1 A^T b`` for tall ``A``, ``A^T (A A^T + l2 I)^-1 b`` for wide
    ones (the minimum-norm solution); it needs ``A`` of full rank (or ``l2 > 0``) and is
    differentiable. Otherwise LAPACK's SVD-based gelsd gives the minimum-norm solution
    even for rank-deficient ``A``; ``l2_regularizer`` is then ignored, as in TensorFlow.
    """
    a = _float(matrix)
    b = _core.cast(_t(rhs), a.dtype)
    if a.ndim < 2 or b.ndim != a.ndim or b.shape[-2] != a.shape[-2]:
        raise ValueError(
            f"lstsq: expected matrix (..., M, N) and rhs (..., M, K), got shapes "
            f"{tuple(a.shape)} and {tuple(b.shape)}"
        )
    if not fast:
        return _core.linalg_lstsq(a, b, -1.0)
    m, n = a.shape[-2], a.shape[-1]
    l2 = float(l2_regularizer)
    if m >= n:
        gram = _core.matmul(a, a, True, False)
        if l2:
            gram = _core.add(gram, _core.multiply(_core.eye(n, n, a.dtype), l2))
        return cholesky_solve(cholesky(gram), _core.matmul(a, b, True, False))
    gram = _core.matmul(a, a, False, True)
    if l2:
        gram = _core.add(gram, _core.multiply(_core.eye(m, m, a.dtype), l2))
    return _core.matmul(a, cholesky_solve(cholesky(gram), b), True, False)


def pinv(a, rcond=None, validate_args=False, name=None):
    """The Moore-Penrose pseudo-inverse through the SVD; singular values below
    ``rcond * max(s)`` (default ``10 * max(m, n) * eps``) count as zero."""
    a = _float(a)
    m, n = a.shape[-2], a.shape[-1]
    if rcond is None:
        rcond = 10.0 * max(m, n) * float(np.finfo(a.dtype.name).eps)
    s, u, v = svd(a, full_matrices=False)
    cutoff = _core.multiply(_core.reduce_max(s, -1, True), float(rcond))
    keep = _core.greater(s, cutoff)
    s_inv = _core.where(
        keep, _core.divide(1.0, _core.where(keep, s, _core.ones_like(s))), _core.zeros_like(s)
    )
    return _core.matmul(_core.multiply(v, _core.expand_dims(s_inv, -2)), u, False, True)


def matrix_rank(a, tol=None, validate_args=False, name=None):
    """The number of singular values above ``tol`` (default ``eps * max(m, n) * max(s)``)."""
    a = _float(a)
    s = svd(a, compute_uv=False)
    if tol is None:
        eps = float(np.finfo(a.dtype.name).eps)
        tol = _core.multiply(_core.reduce_max(s, -1, True), eps * max(a.shape[-2:]))
    return _core.reduce_sum(_core.cast(_core.greater(s, tol), "int64"), -1, False)


def eye(num_rows, num_columns=None, batch_shape=None, dtype="float32", name=None):
    """Identity matrices, optionally stacked with ``batch_shape``."""
    out = _core.eye(int(num_rows), None if num_columns is None else int(num_columns), dtype)
    if batch_shape:
        out = _core.broadcast_to(out, list(batch_shape) + list(out.shape))
    return out


def cross(a, b, name=None):
    """The cross product of 3-vectors along the last axis."""
    a, b = _t(a), _t(b)
    if a.shape[-1] != 3 or b.shape[-1] != 3:
        raise ValueError(
            f"cross: the last dimension must be 3, got {tuple(a.shape)} and {tuple(b.shape)}"
        )

    def c(x, i):
        return x[..., i]

    parts = [
        _core.subtract(_core.multiply(c(a, 1), c(b, 2)), _core.multiply(c(a, 2), c(b, 1))),
        _core.subtract(_core.multiply(c(a, 2), c(b, 0)), _core.multiply(c(a, 0), c(b, 2))),
        _core.subtract(_core.multiply(c(a, 0), c(b, 1)), _core.multiply(c(a, 1), c(b, 0))),
    ]
    return _core.stack(parts, -1)


def normalize(tensor, ord="euclidean", axis=None, name=None):
    """``(tensor / norm(tensor), norm(tensor))`` with the norm kept broadcastable."""
    from nnext.linalg import norm

    n = norm(tensor, ord=ord, axis=axis, keepdims=True)
    return _core.divide(tensor, n), n


# -- einsum --------------------------------------------------------------------------------

_ELLIPSIS_LABELS = "".join(chr(c) for c in range(0x3B1, 0x3C9))  # private labels for "..."


def _parse(equation, operands):
    """The operands' subscripts and the output's, with ``...`` replaced by private labels
    aligned from the right (NumPy's broadcasting of ellipsis axes)."""
    equation = equation.replace(" ", "")
    inputs, arrow, output = equation.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(operands):
        raise ValueError(
            f"einsum: the equation has {len(terms)} inputs, got {len(operands)} operands"
        )
    counts = [x.ndim - (len(t) - 3) if "..." in t else 0 for t, x in zip(terms, operands)]
    if min(counts, default=0) < 0:
        raise ValueError(f"einsum: an operand is too small for the subscripts of '{equation}'")
    widest = max(counts, default=0)
    ell = _ELLIPSIS_LABELS[:widest]
    expanded = [t.replace("...", ell[widest - n :]) for t, n in zip(terms, counts)]
    for term, x in zip(expanded, operands):
        bad = [c for c in term if c not in string.ascii_letters and c not in ell]
        if bad or len(term) != x.ndim:
            raise ValueError(
                f"einsum: subscripts '{term}' do not match an operand of rank {x.ndim}"
            )
    if arrow:
        output = output.replace("...", ell)
    else:
        seen = collections.Counter("".join(expanded))
        output = ell + "".join(sorted(c for c, n in seen.items() if n == 1 and c not in ell))
    for c in output:
        if not any(c in t for t in expanded):
            raise ValueError(f"einsum: output subscript '{c}' appears in no input")
    return expanded, output


def _diagonal(x, labels):
    """Takes the diagonal for every label repeated within one operand."""
    while True:
        repeated = next((c for c in labels if labels.count(c) > 1), None)
        if repeated is None:
            return x, labels
        p = labels.index(repeated)
        q = labels.index(repeated, p + 1)
        n = x.shape[p]
        shape = [1] * x.ndim
        shape[p] = shape[q] = n
        mask = _core.reshape(_core.eye(n, n, x.dtype), shape)
        x = _core.reduce_sum(_core.multiply(x, mask), q, False)
        labels = labels[:q] + labels[q + 1 :]


def _sum_out(x, labels, keep):
    axes = [i for i, c in enumerate(labels) if c not in keep]
    if not axes:
        return x, labels
    return (
        _core.reduce_sum(x, axes, False),
        "".join(c for i, c in enumerate(labels) if i not in axes),
    )


def _contract(a, la, b, lb, keep):
    batch = [c for c in la if c in lb and c in keep]
    summed = [c for c in la if c in lb and c not in keep]
    a_free = [c for c in la if c not in lb]
    b_free = [c for c in lb if c not in la]
    a = _core.transpose(a, [la.index(c) for c in batch + a_free + summed])
    b = _core.transpose(b, [lb.index(c) for c in batch + summed + b_free])
    nb = len(batch)
    a_sizes = dict(zip(batch + a_free + summed, a.shape))
    b_sizes = dict(zip(batch + summed + b_free, b.shape))
    for c in summed:
        if a_sizes[c] != b_sizes[c]:
            raise ValueError(
                f"einsum: dimension '{c}' is {a_sizes[c]} in one operand and "
                f"{b_sizes[c]} in another"
            )
    k = int(np.prod([a_sizes[c] for c in summed], dtype=np.int64))
    a2 = _core.reshape(
        a,
        list(a.shape[:nb]) + [-1 if not a_free else int(np.prod([a_sizes[c] for c in a_free])), k],
    )
    b2 = _core.reshape(
        b, list(b.shape[:nb]) + [k, int(np.prod([b_sizes[c] for c in b_free], dtype=np.int64))]
    )
    out = _core.matmul(a2, b2)
    batch_shape = list(out.shape[:nb])
    out = _core.reshape(
        out, batch_shape + [a_sizes[c] for c in a_free] + [b_sizes[c] for c in b_free]
    )
    return out, "".join(batch + a_free + b_free)


def einsum(equation, *inputs, **kwargs):
    """Einstein summation: ``einsum('ij,jk->ik', a, b)`` is ``a @ b``.

    Supports any number of operands, implicit outputs (labels seen once, sorted), ``...``
    for broadcast axes, repeated labels (diagonals, traces) and batch labels.

    >>> nnext.einsum("ii", nnext.eye(3)).numpy()
    3.0
    """
    kwargs.pop("name", None)
    kwargs.pop("optimize", None)
    if kwargs:
        raise TypeError(f"einsum: unexpected keyword arguments {sorted(kwargs)}")
    operands = [_t(x) for x in inputs]
    terms, output = _parse(equation, operands)
    pairs = [_diagonal(x, t) for x, t in zip(operands, terms)]
    x, labels = pairs[0]
    for i in range(1, len(pairs) + 1):
        later = "".join(t for _, t in pairs[i:]) + output
        x, labels = _sum_out(x, labels, later)
        if i == len(pairs):
            break
        y, ly = _sum_out(*pairs[i], "".join(t for _, t in pairs[i + 1 :]) + output + labels)
        x, labels = _contract(x, labels, y, ly, "".join(t for _, t in pairs[i + 1 :]) + output)
    return _core.transpose(x, [labels.index(c) for c in output]) if output else x
