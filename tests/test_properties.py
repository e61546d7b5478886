"""Property-based tests (hypothesis): random broadcastable shape pairs for binary ops and
random shapes/axes for reductions, against NumPy."""

import numpy as np
from helpers import assert_same, integer_reduction
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnext

FAST = settings(max_examples=40, deadline=None)

DTYPES = st.sampled_from(["int32", "int64", "float32", "float64"])
BINARY = st.sampled_from(
    [
        (nnext.add, np.add),
        (nnext.subtract, np.subtract),
        (nnext.multiply, np.multiply),
        (nnext.maximum, np.maximum),
        (nnext.minimum, np.minimum),
        (nnext.greater, np.greater),
        (nnext.equal, np.equal),
        (nnext.where, None),
    ]
)


def values(dtype, shape):
    # Small integers keep products exact in every dtype and give plenty of ties.
    return hnp.arrays(
        dtype,
        shape,
        elements=st.integers(-5, 5).map(float) if dtype.startswith("float") else st.integers(-5, 5),
    )


@FAST
@given(
    shapes=hnp.mutually_broadcastable_shapes(
        num_shapes=2, min_dims=0, max_dims=5, min_side=0, max_side=3
    ),
    dtype=DTYPES,
    op=BINARY,
    data=st.data(),
)
def test_binary_ops_broadcast_like_numpy(shapes, dtype, op, data):
    sa, sb = shapes.input_shapes
    a = data.draw(values(dtype, sa))
    b = data.draw(values(dtype, sb))
    nn_fn, np_fn = op
    if np_fn is None:  # where: the condition comes from a itself
        got, want = nnext.where(a > 0, a, b), np.where(a > 0, a, b)
    else:
        got, want = nn_fn(a, b), np_fn(a, b)
    assert got.shape == shapes.result_shape
    assert_same(got, want)


def sum_to(x, shape):
    """The reference un-broadcast: sum the leading axes away, then the size-1 axes."""
    x = x.sum(axis=tuple(range(x.ndim - len(shape))))
    return x.sum(axis=tuple(i for i, d in enumerate(shape) if d == 1), keepdims=True)


@FAST
@given(
    shapes=hnp.mutually_broadcastable_shapes(
        num_shapes=2, min_dims=1, max_dims=4, min_side=1, max_side=3
    ),
    data=st.data(),
)
def test_broadcast_gradients_sum_back_to_each_input(shapes, data):
    sa, sb = shapes.input_shapes
    a = data.draw(values("float64", sa))
    b = data.draw(values("float64", sb))
    ta, tb = nnext.constant(a), nnext.constant(b)
    with nnext.GradientTape() as tape:
        tape.watch([ta, tb])
        y = ta * tb
    ga, gb = tape.gradient(y, [ta, tb])
    full = shapes.result_shape
    want_a = sum_to(np.broadcast_to(b, full), sa)
    want_b = sum_to(np.broadcast_to(a, full), sb)
    np.testing.assert_array_equal(ga.numpy(), want_a)
    np.testing.assert_array_equal(gb.numpy(), want_b)


REDUCTIONS = st.sampled_from(
    [
        (nnext.reduce_sum, np.sum),
        (nnext.reduce_mean, np.mean),
        (nnext.reduce_max, np.max),
        (nnext.reduce_min, np.min),
        (nnext.reduce_prod, np.prod),
        (nnext.reduce_any, np.any),
        (nnext.reduce_all, np.all),
    ]
)


@st.composite
def shape_and_axes(draw):
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=5, min_side=1, max_side=4))
    nd = len(shape)
    if draw(st.booleans()):
        return shape, None
    axes = draw(st.lists(st.integers(0, max(nd - 1, 0)), unique=True, max_size=nd))
    # Some axes negative, as NumPy allows.
    axes = [a - nd if draw(st.booleans()) else a for a in axes]
    if len(axes) == 1 and draw(st.booleans()):
        return shape, axes[0]
    return shape, tuple(axes)


@FAST
@given(
    case=shape_and_axes(),
    keepdims=st.booleans(),
    dtype=DTYPES,
    op=REDUCTIONS,
    transposed=st.booleans(),
    data=st.data(),
)
def test_reductions_match_numpy(case, keepdims, dtype, op, transposed, data):
    shape, axis = case
    x = data.draw(values(dtype, shape))
    t = nnext.constant(x)
    if transposed and x.ndim >= 2:
        # Reduce a non-contiguous view: the transpose of a tensor holding x.T.
        t = nnext.transpose(nnext.constant(np.ascontiguousarray(x.T)))
    nn_fn, np_fn = op
    got = nn_fn(t, axis=axis, keepdims=keepdims)
    if x.dtype.kind == "i" and np_fn in (np.sum, np.prod, np.mean):
        want = integer_reduction(np_fn, x, axis, keepdims)  # TensorFlow's integer rules
    else:
        want = np_fn(x, axis=axis, keepdims=keepdims)
    assert_same(got, want, f"{nn_fn.__name__} {shape} axis={axis}")


@FAST
@given(case=shape_and_axes(), keepdims=st.booleans(), data=st.data())
def test_reduce_sum_gradient_is_a_broadcast_of_the_seed(case, keepdims, data):
    shape, axis = case
    x = nnext.constant(data.draw(values("float64", shape)))
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = nnext.reduce_sum(x, axis=axis, keepdims=keepdims)
    seed = np.arange(1.0, 1.0 + y.size).reshape(y.shape)
    g = tape.gradient(y, x, output_gradients=seed)
    axes = range(len(shape)) if axis is None else (axis,) if isinstance(axis, int) else axis
    expanded = (
        seed if keepdims else np.expand_dims(seed, tuple(sorted(a % len(shape) for a in axes)))
    )
    np.testing.assert_array_equal(g.numpy(), np.broadcast_to(expanded, shape))
