"""Matrix functions of ``tf.linalg``: ``expm`` (TensorFlow's scaling and squaring with Padé
approximants, Higham 2005) and ``sqrtm`` (the scaled Denman-Beavers iteration), composed
from matmul, solve and inverse so that gradients flow through them.
"""

import numpy as np

from nnext import _core

__all__ = ["expm", "sqrtm"]

# Padé coefficients b_0..b_m of exp (Higham 2005, "The scaling and squaring method for
# the matrix exponential revisited", table 2.3).
_PADE = {
    3: (120.0, 60.0, 12.0, 1.0),
    5: (30240.0, 15120.0, 3360.0, 420.0, 30.0, 1.0),
    7: (17297280.0, 8648640.0, 1995840.0, 277200.0, 25200.0, 1512.0, 56.0, 1.0),
    9: (
        17643225600.0,
        8821612800.0,
        2075673600.0,
        302702400.0,
        30270240.0,
        2162160.0,
        110880.0,
        3960.0,
        90.0,
        1.0,
    ),
    13: (
        64764752532480000.0,
        32382376266240000.0,
        7771770303897600.0,
        1187353796428800.0,
        129060195264000.0,
        10559470521600.0,
        670442572800.0,
        33522128640.0,
        1323241920.0,
        40840800.0,
        960960.0,
        16380.0,
        182.0,
        1.0,
    ),
}
# The 1-norm bounds below which each order is accurate to the dtype's precision, and the
# order used (after scaling by 2^-s) above them; TensorFlow's choice per dtype.
_ORDERS = {
    "float32": (((3, 4.258730016922831e-001), (5, 1.880152677804762e000)), 7, 3.925724783138660),
    "float64": (
        (
            (3, 1.495585217958292e-002),
            (5, 2.539398330063230e-001),
            (7, 9.504178996162932e-001),
            (9, 2.097847961257068e000),
        ),
        13,
        5.371920351148152,
    ),
}


def _float(x):
    x = x if isinstance(x, _core.Tensor) else _core.convert_to_tensor(x)
    return x if x.dtype.is_floating else _core.cast(x, "float32")


def _check_square(x, op):
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(
            f"{op}: input must be a square matrix (or a batch of them), got shape {tuple(x.shape)}"
        )


def _pade(a, order):
    """``(u, v)`` with ``exp(a) ~ (v - u)^-1 (v + u)``: u holds the odd terms, v the even."""
    b = _PADE[order]
    n = a.shape[-1]
    eye = _core.eye(n, n, a.dtype)
    a2 = _core.matmul(a, a)
    if order < 13:
        powers = [eye, a2]
        while len(powers) <= order // 2:
            powers.append(_core.matmul(powers[-1], a2))
        odd = even = None
        for j, p in enumerate(powers):
            odd = (
                _core.multiply(p, b[2 * j + 1])
                if odd is None
                else _core.add(odd, _core.multiply(p, b[2 * j + 1]))
            )
            even = (
                _core.multiply(p, b[2 * j])
                if even is None
                else _core.add(even, _core.multiply(p, b[2 * j]))
            )
        return _core.matmul(a, odd), even
    a4 = _core.matmul(a2, a2)
    a6 = _core.matmul(a4, a2)

    def terms(coeffs, powers):
        out = None
        for c, p in zip(coeffs, powers):
            term = _core.multiply(p, c)
            out = term if out is None else _core.add(out, term)
        return out

    u_hi = _core.matmul(a6, terms((b[13], b[11], b[9]), (a6, a4, a2)))
    u = _core.matmul(a, _core.add(u_hi, terms((b[7], b[5], b[3], b[1]), (a6, a4, a2, eye))))
    v_hi = _core.matmul(a6, terms((b[12], b[10], b[8]), (a6, a4, a2)))
    v = _core.add(v_hi, terms((b[6], b[4], b[2], b[0]), (a6, a4, a2, eye)))
    return u, v


def expm(input, name=None):
    """The matrix exponential ``sum_k input^k / k!`` of each square matrix.

    Padé approximants of the smallest order accurate for each matrix's 1-norm, and, for
    large norms, scaling by ``2^-s`` then ``s`` squarings (TensorFlow's algorithm).

    >>> nnext.linalg.expm([[0., 1.], [0., 0.]]).numpy()
    array([[1., 1.],
           [0., 1.]], dtype=float32)
    """
    x = _float(input)
    _check_square(x, "expm")
    if x.shape[-1] == 0 or 0 in x.shape:
        return x
    small, big_order, max_norm = _ORDERS["float64" if x.dtype == "float64" else "float32"]
    norm = _core.reduce_max(_core.reduce_sum(_core.abs(x), -2, False), -1, True)  # (..., 1)
    norm_np = norm.numpy()
    squarings = np.maximum(np.floor(np.log2(np.maximum(norm_np, 1e-300) / max_norm)), 0.0)
    scale = _core.convert_to_tensor((2.0**-squarings)[..., None].astype(x.dtype.name))
    u, v = _pade(_core.multiply(x, scale), big_order)
    # From the largest order down, each smaller order takes over where it is accurate.
    for order, bound in reversed(small):
        if not (norm_np < bound).any():
            continue
        use = _core.convert_to_tensor((norm_np < bound)[..., None])
        u_small, v_small = _pade(x, order)
        u, v = _core.where(use, u_small, u), _core.where(use, v_small, v)
    result = _core.linalg_solve(_core.subtract(v, u), _core.add(v, u))
    for i in range(int(squarings.max())):
        again = _core.convert_to_tensor((squarings > i)[..., None])
        result = _core.where(again, _core.matmul(result, result), result)
    return result


def sqrtm(input, name=None):
    """The principal square root ``y`` (``y @ y = input``, eigenvalues with positive real
    parts) of each square matrix.

    Scaled Denman-Beavers iteration (Higham, "Functions of Matrices", eq. 6.28) until the
    iterates stop changing; a matrix with eigenvalues on the closed negative real axis has
    no real principal root and gives NaN, as TensorFlow's real sqrtm does.
    """
    x = _float(input)
    _check_square(x, "sqrtm")
    n = x.shape[-1]
    if n == 0 or 0 in x.shape:
        return x
    eps = float(np.finfo(x.dtype.name).eps)
    tol = 8 * np.sqrt(n) * eps
    batch = list(x.shape[:-2])
    y, z = x, _core.broadcast_to(_core.eye(n, n, x.dtype), list(x.shape))
    converged = np.zeros(batch + [1, 1], bool)
    previous = np.full(batch + [1, 1], np.inf)
    with np.errstate(all="ignore"):
        for _ in range(100):
            y_inv, z_inv = _safe_inv(y), _safe_inv(z)
            # mu = |det(y) det(z)|^(-1/(2n)) balances the iterates (determinant scaling);
            # a constant for the gradient (it tends to 1 at the fixed point).
            _, ly = _core.linalg_slogdet(y)
            _, lz = _core.linalg_slogdet(z)
            log_mu = -(ly.numpy() + lz.numpy()) / (2 * n)
            mu = np.where(converged[..., 0, 0] | ~np.isfinite(log_mu), 1.0, np.exp(log_mu))
            mu_t = _core.convert_to_tensor(mu[..., None, None].astype(x.dtype.name))
            half_mu, half_inv = _core.multiply(mu_t, 0.5), _core.divide(0.5, mu_t)
            y_next = _core.add(_core.multiply(y, half_mu), _core.multiply(z_inv, half_inv))
            z_next = _core.add(_core.multiply(z, half_mu), _core.multiply(y_inv, half_inv))
            change = _frobenius(_core.subtract(y_next, y)) / np.maximum(
                _frobenius(y_next), np.finfo(x.dtype.name).tiny
            )
            y, z = y_next, z_next
            # Done when the step is at rounding level, or when it stops shrinking once
            # small (rounding noise then dominates the quadratically shrinking steps).
            converged |= (change <= tol) | ((change >= previous) & (previous < np.sqrt(eps)))
            previous = change
            if converged.all():
                break
    ok = _core.convert_to_tensor(converged & np.isfinite(_frobenius(y)))
    return _core.where(ok, y, float("nan"))


def _safe_inv(m):
    """The inverse, or NaN for a singular matrix (the iteration then gives NaN)."""
    try:
        return _core.linalg_inv(m)
    except ValueError:
        return _core.multiply(m, float("nan"))


def _frobenius(m):
    return np.sqrt(_core.reduce_sum(_core.square(m), [-2, -1], True).numpy())


# TensorFlow's top-level name for it (`tf.matrix_square_root`).
matrix_square_root = sqrtm
