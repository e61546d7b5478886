"""Gradients of random op compositions against float64 central differences (hypothesis).

A composition starts from a watched tensor `x` in a random layout (tests/fuzz_strategies.py)
and applies 1-6 random steps: smooth elementwise functions, binary ops with a second watched
tensor `y` that broadcasts against it, reductions over random axes, and shaping, joining and
gathering ops (transpose, reversed and strided slices, reshape, expand_dims, broadcast_to,
concat, stack, gather with repeated indices, tile, pad, matmul). The target is a weighted
sum of the result, so every output element's gradient path counts. `tape.gradient` must
equal the central differences of the same composition, for x and y (None exactly when the
composition never used y, as TensorFlow).

Profiles as in test_fuzz_ops.py (`--hypothesis-profile=long` for thousands of examples).
"""

import numpy as np
from fuzz_strategies import views
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnext

SMALL_SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3)
VALUES = st.floats(-1.5, 1.5, allow_subnormal=False)

# Smooth on the values a composition reaches; each keeps magnitudes bounded so that a long
# chain stays well conditioned for finite differences.
UNARY = {
    "tanh": nnext.tanh,
    "sin": nnext.sin,
    "cos": nnext.cos,
    "sigmoid": nnext.sigmoid,
    "square": lambda s: nnext.square(s) * 0.5,
    "exp": lambda s: nnext.exp(nnext.tanh(s)),
    "log1p_square": lambda s: nnext.math.log1p(nnext.square(s)),
    "softplus": nnext.nn.softplus,
    "sqrt_1p": lambda s: nnext.sqrt(nnext.square(s) + 1.0),
}
BINARY = {
    "add": nnext.add,
    "subtract": nnext.subtract,
    "multiply": nnext.multiply,
    "divide": lambda s, y: nnext.divide(s, nnext.square(y) + 1.0),
    "pow": lambda s, y: nnext.pow(nnext.square(s) + 0.5, nnext.tanh(y)),
}


def broadcasts_to(small, shape):
    return len(small) <= len(shape) and all(
        a in (1, b) for a, b in zip(reversed(small), reversed(shape))
    )


@st.composite
def step(draw, shape, y_shape):
    """(description, function(s, y) -> tensor, new shape, uses y) for one step on a tensor of
    `shape`."""
    ndim = len(shape)
    kinds = ["unary", "reduce", "reshape", "expand_dims", "concat", "stack", "tile", "pad"]
    if broadcasts_to(y_shape, shape):
        kinds += ["binary", "binary"]
    if ndim:
        kinds += ["transpose", "reverse", "strided", "gather", "broadcast_to"]
    if ndim >= 2:
        kinds += ["matmul"]
    kind = draw(st.sampled_from(kinds))
    if kind == "unary":
        name = draw(st.sampled_from(sorted(UNARY)))
        return name, lambda s, y: UNARY[name](s), shape, False
    if kind == "binary":
        name = draw(st.sampled_from(sorted(BINARY)))
        swap = name in ("add", "multiply") and draw(st.booleans())
        fn = BINARY[name]
        return (name, (lambda s, y: fn(y, s)) if swap else (lambda s, y: fn(s, y)), shape, True)
    if kind == "reduce":
        axes = draw(st.lists(st.integers(0, ndim - 1), unique=True, max_size=ndim)) if ndim else []
        keepdims = draw(st.booleans())
        op = draw(st.sampled_from(["reduce_sum", "reduce_mean", "reduce_logsumexp"]))
        fn = getattr(nnext, op, None) or getattr(nnext.math, op)
        new = tuple(1 if d in axes else n for d, n in enumerate(shape) if keepdims or d not in axes)
        if not axes:
            new = shape
        return (
            f"{op}{axes}",
            lambda s, y: fn(s, axis=axes, keepdims=keepdims) if axes else s,
            new,
            False,
        )
    if kind == "reshape":
        new = (int(np.prod(shape)),) if draw(st.booleans()) else tuple(reversed(shape))
        new = new if int(np.prod(new)) == int(np.prod(shape)) else (int(np.prod(shape)),)
        return f"reshape{new}", lambda s, y: nnext.reshape(s, new), new, False
    if kind == "expand_dims":
        axis = draw(st.integers(-ndim - 1, ndim))
        new = list(shape)
        new.insert(axis % (ndim + 1), 1)
        return f"expand_dims({axis})", lambda s, y: nnext.expand_dims(s, axis), tuple(new), False
    if kind in ("concat", "stack"):
        axis = (
            draw(st.integers(0, max(ndim - 1, 0)))
            if kind == "concat"
            else draw(st.integers(0, ndim))
        )
        if kind == "concat" and ndim == 0:
            return "stack_scalar", lambda s, y: nnext.stack([s, nnext.sin(s)]), (2,), False
        if kind == "concat":
            new = tuple(2 * n if d == axis else n for d, n in enumerate(shape))
            return (
                f"concat({axis})",
                lambda s, y: nnext.concat([s, nnext.sin(s) * 2], axis),
                new,
                False,
            )
        new = (*shape[:axis], 2, *shape[axis:])
        return f"stack({axis})", lambda s, y: nnext.stack([nnext.tanh(s), s], axis), new, False
    if kind == "tile":
        reps = [draw(st.integers(1, 2)) for _ in range(ndim)]
        new = tuple(n * r for n, r in zip(shape, reps))
        return f"tile{reps}", lambda s, y: nnext.tile(s, reps), new, False
    if kind == "pad":
        pads = [[draw(st.integers(0, 1)) for _ in range(2)] for _ in range(ndim)]
        new = tuple(n + a + b for n, (a, b) in zip(shape, pads))
        return f"pad{pads}", lambda s, y: nnext.pad(s, pads, constant_values=0.5), new, False
    if kind == "transpose":
        perm = draw(st.permutations(range(ndim)))
        return (
            f"transpose{perm}",
            lambda s, y: nnext.transpose(s, perm),
            tuple(shape[p] for p in perm),
            False,
        )
    if kind == "reverse":
        index = tuple(
            draw(st.sampled_from([slice(None), slice(None, None, -1)])) for _ in range(ndim)
        )
        return f"getitem{index}", lambda s, y: s[index], shape, False
    if kind == "strided":
        axis = draw(st.integers(0, ndim - 1))
        index = (slice(None),) * axis + (slice(None, None, 2),)
        new = tuple((n + 1) // 2 if d == axis else n for d, n in enumerate(shape))
        return f"getitem{index}", lambda s, y: s[index], new, False
    if kind == "gather":
        axis = draw(st.integers(0, ndim - 1))
        index = draw(st.lists(st.integers(0, shape[axis] - 1), min_size=1, max_size=4))
        new = (*shape[:axis], len(index), *shape[axis + 1 :])
        return (
            f"gather({index}, {axis})",
            lambda s, y: nnext.gather(s, index, axis=axis),
            new,
            False,
        )
    if kind == "broadcast_to":
        new = (draw(st.integers(1, 2)), *shape)
        return f"broadcast_to{new}", lambda s, y: nnext.broadcast_to(s, new), new, False
    # matmul with its own transpose: a product in which s appears on both sides.
    perm = [*range(ndim - 2), ndim - 1, ndim - 2]
    new = (*shape[:-1], shape[-2])
    return "matmul(s, s^T)", lambda s, y: nnext.matmul(s, nnext.transpose(s, perm)), new, False


@st.composite
def composition(draw):
    """(x values, y values, steps, weights of the final shape)."""
    x_shape = draw(SMALL_SHAPES)
    y_shape = draw(hnp.broadcastable_shapes(x_shape, max_dims=len(x_shape), min_side=1))
    shape, steps = x_shape, []
    for _ in range(draw(st.integers(1, 6))):
        described = draw(step(shape, y_shape))
        steps.append(described)
        shape = described[2]
    x = draw(hnp.arrays(np.float64, x_shape, elements=VALUES))
    y = draw(hnp.arrays(np.float64, y_shape, elements=VALUES))
    weights = draw(hnp.arrays(np.float64, shape, elements=st.floats(-1, 1)))
    return x, y, steps, weights


def target(steps, weights, x, y):
    s = x
    for _, fn, _, _ in steps:
        s = fn(s, y)
    return nnext.reduce_sum(s * weights)


def central_differences(f, values, eps=1e-6):
    grad = np.zeros_like(values)
    flat = grad.reshape(-1)
    for i in range(values.size):
        up, down = values.copy(), values.copy()
        up.reshape(-1)[i] += eps
        down.reshape(-1)[i] -= eps
        flat[i] = (float(f(up)) - float(f(down))) / (2 * eps)
    return grad


@given(case=composition(), data=st.data())
def test_gradients_of_random_compositions_match_finite_differences(case, data):
    _, _, steps, weights = case
    # A broadcast view holds other values than it was drawn from: differentiate what it holds.
    t_x, x = data.draw(views(case[0]))
    t_y, y = data.draw(views(case[1]))
    described = " -> ".join(d for d, *_ in steps)
    with nnext.GradientTape() as tape:
        tape.watch(t_x)
        tape.watch(t_y)
        out = target(steps, weights, t_x, t_y)
    gx, gy = tape.gradient(out, [t_x, t_y])
    want_x = central_differences(
        lambda v: target(steps, weights, nnext.constant(v), nnext.constant(y)), x
    )
    np.testing.assert_allclose(gx.numpy(), want_x, rtol=1e-5, atol=1e-6, err_msg=described)
    if not any(uses_y for *_, uses_y in steps):
        assert gy is None, described
        return
    want_y = central_differences(
        lambda v: target(steps, weights, nnext.constant(x), nnext.constant(v)), y
    )
    np.testing.assert_allclose(gy.numpy(), want_y, rtol=1e-5, atol=1e-6, err_msg=described)
