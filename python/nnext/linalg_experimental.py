"""``tf.linalg.experimental``: the conjugate gradient solver over LinearOperators."""

import collections

from nnext import _core

__all__ = ["conjugate_gradient"]

CGState = collections.namedtuple("CGState", ["i", "x", "r", "p", "gamma"])


def _dot(a, b):
    return _core.reduce_sum(_core.multiply(a, b), -1, False)


def conjugate_gradient(
    operator, rhs, preconditioner=None, x=None, tol=1e-5, max_iter=20, name="conjugate_gradient"
):
    """Solves ``operator x = rhs`` for a self-adjoint positive definite ``operator`` by
    (preconditioned) conjugate gradients, as TensorFlow: iterates while some batch member's
    residual norm exceeds ``tol`` times its initial residual norm, at most ``max_iter``
    times.

    Args:
        operator: a LinearOperator (self-adjoint, positive definite).
        rhs: (..., N) right-hand sides.
        preconditioner: a LinearOperator approximating the inverse of ``operator``.
        x: (..., N) starting point (zeros by default).

    Returns:
        ``CGState(i, x, r, p, gamma)``: the iteration count, the solution, the residual, the
        search direction and ``r . preconditioner(r)``.
    """
    if not (operator.is_self_adjoint and operator.is_positive_definite):
        raise ValueError("Expected a self-adjoint, positive definite operator.")
    rhs = operator._arg(rhs, "conjugate_gradient")
    x = _core.zeros_like(rhs) if x is None else operator._arg(x, "conjugate_gradient")
    r = _core.subtract(rhs, operator.matvec(x))
    q = r if preconditioner is None else preconditioner.matvec(r)
    p, gamma = q, _dot(r, q)
    bound = _core.multiply(_core.sqrt(_dot(r, r)), float(tol))
    i = 0
    while i < int(max_iter) and bool(
        _core.reduce_any(_core.greater(_core.sqrt(_dot(r, r)), bound))
    ):
        z = operator.matvec(p)
        alpha = _core.expand_dims(_core.divide(gamma, _dot(p, z)), -1)
        x = _core.add(x, _core.multiply(alpha, p))
        r = _core.subtract(r, _core.multiply(alpha, z))
        q = r if preconditioner is None else preconditioner.matvec(r)
        new_gamma = _dot(r, q)
        p = _core.add(q, _core.multiply(_core.expand_dims(_core.divide(new_gamma, gamma), -1), p))
        gamma = new_gamma
        i += 1
    return CGState(_core.convert_to_tensor(i), x, r, p, gamma)
