"""Products of `keras.ops`: matmul, dot, tensordot, einsum, inner/outer/vdot, cross, kron,
correlate, pairwise distances and the trapezoid rule.

Every product is a composition of transpose/reshape and the C++ batched gemm, so the
gradients come from those ops.
"""

import string

import numpy as np

from nnext import _core, array_ops
from nnext.keras.keras_tensor import symbolic
from nnext.keras.ops._base import canonical_axis, convert, float_operands, operands
from nnext.keras.ops.numpy_shape import diagonal, moveaxis

__all__ = [
    "cdist",
    "correlate",
    "cross",
    "dot",
    "einsum",
    "inner",
    "kron",
    "matmul",
    "outer",
    "tensordot",
    "trapezoid",
    "vdot",
]


@symbolic
def matmul(x1, x2):
    """The matrix product of `x1` and `x2` (batch axes broadcast; 1-D operands are vectors).

    Example:
        >>> keras.ops.matmul(keras.ops.ones((2, 3)), keras.ops.ones((3, 4))).shape
        (2, 4)
    """
    a, b = operands(x1, x2)
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError("matmul: inputs must not be scalars (use multiply)")
    return _core.matmul(a, b)


@symbolic
def dot(x1, x2):
    """NumPy's dot: products of scalars, inner product of vectors, matrix product, and for
    N-D tensors the sum over the last axis of `x1` and the second-to-last of `x2`."""
    a, b = operands(x1, x2)
    if a.ndim == 0 or b.ndim == 0:
        return _core.multiply(a, b)
    if b.ndim == 1:
        return array_ops.tensordot(a, b, [[a.ndim - 1], [0]])
    return array_ops.tensordot(a, b, [[a.ndim - 1], [b.ndim - 2]])


@symbolic
def tensordot(x1, x2, axes=2):
    """Sum of products over `axes` (an int N: the last N of `x1` with the first N of `x2`;
    or a pair of axis lists)."""
    a, b = operands(x1, x2)
    return array_ops.tensordot(a, b, axes)


@symbolic
def inner(x1, x2):
    """Sum of products over the last axes of `x1` and `x2` (a product for scalars)."""
    a, b = operands(x1, x2)
    if a.ndim == 0 or b.ndim == 0:
        return _core.multiply(a, b)
    return array_ops.tensordot(a, b, [[a.ndim - 1], [b.ndim - 1]])


@symbolic
def outer(x1, x2):
    """`x1[i] * x2[j]` of the flattened operands."""
    a, b = operands(x1, x2)
    return _core.multiply(_core.reshape(a, [-1, 1]), _core.reshape(b, [1, -1]))


@symbolic
def vdot(x1, x2):
    """The dot product of the flattened operands."""
    a, b = operands(x1, x2)
    return (
        _core.reduce_sum(
            _core.multiply(_core.reshape(a, [-1]), _core.reshape(b, [-1])), None, False
        )
        if a.dtype.is_floating
        else _core.cast(
            _core.reduce_sum(_core.multiply(_core.reshape(a, [-1]), _core.reshape(b, [-1]))),
            a.dtype.name if a.dtype.name != "bool" else "int32",
        )
    )


@symbolic
def kron(x1, x2):
    """The Kronecker product: blocks `x1[i, j] * x2`."""
    a, b = operands(x1, x2)
    ndim = max(a.ndim, b.ndim)
    a = _core.reshape(a, [1] * (ndim - a.ndim) + list(a.shape))
    b = _core.reshape(b, [1] * (ndim - b.ndim) + list(b.shape))
    # a's axes interleaved with b's: (a0, 1, a1, 1, ...) * (1, b0, 1, b1, ...).
    a_view = _core.reshape(a, [d for n in a.shape for d in (n, 1)])
    b_view = _core.reshape(b, [d for n in b.shape for d in (1, n)])
    return _core.reshape(a_view * b_view, [m * n for m, n in zip(a.shape, b.shape)])


@symbolic
def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """The cross product of vectors of 3 (or 2) components along the given axes."""
    a, b = operands(x1, x2)
    if axis is not None:
        axisa = axisb = axisc = axis
    a = moveaxis(a, canonical_axis(axisa, a.ndim), -1)
    b = moveaxis(b, canonical_axis(axisb, b.ndim), -1)
    if a.shape[-1] not in (2, 3) or b.shape[-1] not in (2, 3):
        raise ValueError(
            "Incompatible dimensions for cross product (dimension must be 2 or 3). Received: "
            f"x1.shape={tuple(a.shape)}, x2.shape={tuple(b.shape)}"
        )
    if a.shape[-1] == 2 and b.shape[-1] == 2:
        return a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]
    a = _as_3d(a)
    b = _as_3d(b)
    c = _core.stack(
        [
            a[..., 1] * b[..., 2] - a[..., 2] * b[..., 1],
            a[..., 2] * b[..., 0] - a[..., 0] * b[..., 2],
            a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0],
        ],
        -1,
    )
    return moveaxis(c, -1, canonical_axis(axisc, c.ndim))


def _as_3d(v):
    if v.shape[-1] == 3:
        return v
    return _core.concat([v, _core.zeros(list(v.shape[:-1]) + [1], v.dtype.name)], -1)


@symbolic
def correlate(x1, x2, mode="valid"):
    """The cross-correlation `c[k] = sum_n x1[n + k] * x2[n]` of two 1-D tensors, with
    NumPy's modes 'valid', 'same' and 'full'."""
    if mode not in ("valid", "same", "full"):
        raise ValueError(f"`mode` must be either 'valid', 'same' or 'full'. Received: {mode}")
    a, v = float_operands(x1, x2)
    if a.ndim != 1 or v.ndim != 1:
        raise ValueError("correlate: both inputs must be 1-D")
    if a.shape[0] < v.shape[0]:  # NumPy swaps the operands and reverses the result
        out = correlate(v, a, mode)
        return out[::-1]
    n, m = a.shape[0], v.shape[0]
    if mode == "full":
        left, right = m - 1, m - 1
    elif mode == "same":
        left, right = (m - 1) // 2, m - 1 - (m - 1) // 2
    else:
        left = right = 0
    padded = _core.pad(a, [[left, right]], "CONSTANT", 0.0)
    count = n + left + right - m + 1
    index = np.arange(count)[:, None] + np.arange(m)[None, :]
    windows = _core.gather(padded, _core.convert_to_tensor(index.astype(np.int32)))
    return _core.matmul(windows, v)


@symbolic
def cdist(x, y):
    """Euclidean distances between the rows of `x` (..., n, d) and of `y` (..., m, d)."""
    a, b = float_operands(x, y)
    diff = _core.expand_dims(a, -2) - _core.expand_dims(b, -3)
    return _core.sqrt(_core.reduce_sum(_core.square(diff), [-1], False))


@symbolic
def trapezoid(y, x=None, dx=1.0, axis=-1):
    """The integral of `y` along `axis` by the trapezoid rule, at sample points `x` or
    spacing `dx`."""
    y = convert(y)
    if not y.dtype.is_floating:
        y = _core.cast(y, "float32")
    axis = canonical_axis(axis, y.ndim)
    lead = [slice(None)] * axis
    upper, lower = y[tuple(lead + [slice(1, None)])], y[tuple(lead + [slice(None, -1)])]
    if x is None:
        widths = dx
    else:
        x = convert(x, y.dtype.name)
        if x.ndim == 1:
            x = _core.reshape(x, [-1 if d == axis else 1 for d in range(y.ndim)])
            xl = [slice(None)] * axis
        else:
            xl = [slice(None)] * canonical_axis(axis, x.ndim)
        widths = x[tuple(xl + [slice(1, None)])] - x[tuple(xl + [slice(None, -1)])]
    return _core.reduce_sum((upper + lower) * widths * 0.5, [axis], False)


@symbolic
def einsum(subscripts, *operands, **kwargs):
    """Einstein summation, e.g. 'ij,jk->ik' (matmul), 'bij->bji', 'ii->i', '...ij,...jk'.

    Contractions pair operands left to right; each pair is one batched gemm.
    """
    tensors = [convert(t) for t in operands]
    dt = _promoted(tensors)
    tensors = [_core.cast(t, dt) for t in tensors]
    inputs, output = _parse_subscripts(subscripts, tensors)
    terms = []
    for t, letters in zip(tensors, inputs):
        t, letters = _take_repeated_diagonals(t, letters)
        terms.append((t, letters))
    needed_later = [set(output)]
    for _, letters in reversed(terms[1:]):
        needed_later.insert(0, needed_later[0] | set(letters))
    t, letters = terms[0]
    t, letters = _sum_unused(t, letters, needed_later[0] if len(terms) > 1 else set(output))
    for (u, u_letters), keep in zip(terms[1:], needed_later[1:] + [set(output)]):
        t, letters = _contract(t, letters, u, u_letters, keep | set(output))
    t, letters = _sum_unused(t, letters, set(output))
    return _core.transpose(t, [letters.index(c) for c in output]) if output else t


def _promoted(tensors):
    from nnext.keras.ops._base import result_type

    return result_type(*(t.dtype.name for t in tensors))


def _parse_subscripts(subscripts, tensors):
    spec = subscripts.replace(" ", "")
    if "->" in spec:
        lhs, output = spec.split("->")
    else:
        lhs, output = spec, None
    inputs = lhs.split(",")
    if len(inputs) != len(tensors):
        raise ValueError(f"einsum: {len(inputs)} operand subscripts for {len(tensors)} operands")
    spare = [c for c in string.ascii_uppercase + string.ascii_lowercase if c not in spec]
    widest = max(
        (t.ndim - len(s.replace("...", "")) for t, s in zip(tensors, inputs) if "..." in s),
        default=0,
    )
    ellipsis = "".join(spare[:widest])
    expanded = []
    for t, s in zip(tensors, inputs):
        if "..." in s:
            k = t.ndim - len(s.replace("...", ""))
            s = s.replace("...", ellipsis[widest - k :])
        if len(s) != t.ndim:
            raise ValueError(f"einsum: subscripts {s!r} do not match an operand of rank {t.ndim}")
        expanded.append(s)
    if output is None:
        counts = {}
        for s in expanded:
            for c in s:
                counts[c] = counts.get(c, 0) + 1
        output = ellipsis + "".join(
            sorted(c for c, n in counts.items() if n == 1 and c not in ellipsis)
        )
    else:
        output = output.replace("...", ellipsis)
    return expanded, output


def _take_repeated_diagonals(t, letters):
    while True:
        repeated = [c for c in letters if letters.count(c) > 1]
        if not repeated:
            return t, letters
        c = repeated[0]
        i = letters.index(c)
        j = letters.index(c, i + 1)
        t = diagonal(t, 0, i, j)
        letters = "".join(ch for k, ch in enumerate(letters) if k not in (i, j)) + c


def _sum_unused(t, letters, keep):
    axes = [i for i, c in enumerate(letters) if c not in keep]
    if not axes:
        return t, letters
    return _core.reduce_sum(t, axes, False), "".join(c for c in letters if c in keep)


def _contract(a, la, b, lb, keep):
    a, la = _sum_unused(a, la, keep | set(lb))
    b, lb = _sum_unused(b, lb, keep | set(la))
    batch = [c for c in la if c in lb and c in keep]
    summed = [c for c in la if c in lb and c not in keep]
    a_free = [c for c in la if c not in lb]
    b_free = [c for c in lb if c not in la]
    size = {}
    for t, letters in ((a, la), (b, lb)):
        for c, n in zip(letters, t.shape):
            size[c] = max(size.get(c, 1), n)
    a = _core.transpose(a, [la.index(c) for c in batch + a_free + summed])
    b = _core.transpose(b, [lb.index(c) for c in batch + summed + b_free])
    a = _core.broadcast_to(a, [size[c] for c in batch] + list(a.shape[len(batch) :]))
    b = _core.broadcast_to(b, [size[c] for c in batch] + list(b.shape[len(batch) :]))

    def prod(cs):
        return int(np.prod([size[c] for c in cs], dtype=np.int64))

    a = _core.reshape(a, [prod(batch), prod(a_free), prod(summed)])
    b = _core.reshape(b, [prod(batch), prod(summed), prod(b_free)])
    out = _core.matmul(a, b)
    letters = batch + a_free + b_free
    return _core.reshape(out, [size[c] for c in letters]), "".join(letters)
