"""View ops against NumPy: reshape, transpose, expand_dims, squeeze, broadcast_to and basic
indexing; that views share storage with their base (and reshape copies only when it must);
and their gradients."""

import numpy as np
import pytest
from helpers import LAYOUTS, as_layout, assert_same, check_gradient

import nnext


def shares(view, base):
    return np.shares_memory(np.asarray(view), np.asarray(base))


def base_array(shape=(3, 4, 5), dtype=np.float32):
    return np.arange(int(np.prod(shape)), dtype=dtype).reshape(shape)


# reshape

RESHAPES = [
    ((3, 4, 5), (60,)),
    ((3, 4, 5), (-1,)),
    ((3, 4, 5), (5, -1)),
    ((3, 4, 5), (2, 3, 2, 5)),
    ((3, 4, 5), (3, 1, 4, 5, 1)),
    ((3, 4, 5), (-1, 4, 5)),
    ((6,), (1, 6)),
    ((), (1, 1)),
    ((1, 1), ()),
    ((2, 0, 3), (0, 6)),
    ((2, 0, 3), (-1, 3)),
    ((2, 0, 3), (3, 0)),
]


@pytest.mark.parametrize(("shape", "new_shape"), RESHAPES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_reshape_matches_numpy(shape, new_shape, layout):
    t, values = as_layout(base_array(shape, np.float64), layout)
    assert_same(nnext.reshape(t, new_shape), np.reshape(values, new_shape))
    if 0 not in shape and 0 not in new_shape:
        check_gradient(lambda x: nnext.reshape(x, new_shape), [values], layout)


def test_reshape_accepts_lists_tuples_tensors_and_ints():
    x = base_array((2, 3))
    assert nnext.reshape(x, [3, 2]).shape == (3, 2)
    assert nnext.reshape(x, nnext.constant([6])).shape == (6,)
    assert nnext.reshape(x, 6).shape == (6,)
    assert nnext.reshape(x, np.array([1, -1])).shape == (1, 6)


def test_reshape_of_contiguous_tensor_is_a_view():
    base = nnext.constant(base_array())
    view = nnext.reshape(base, [12, 5])
    assert shares(view, base)
    assert shares(nnext.reshape(base, [-1]), base)


def test_reshape_copies_only_when_the_layout_demands_it():
    base = nnext.constant(base_array((3, 4)))
    t = nnext.transpose(base)  # shape (4, 3), strides (1, 4)
    assert shares(nnext.reshape(t, [2, 2, 3]), base)  # splits the stride-1 axis: a view
    assert shares(nnext.reshape(t, [4, 3, 1]), base)
    flat = nnext.reshape(t, [-1])  # needs row-major order of t: a copy
    assert not shares(flat, base)
    assert_same(flat, base.numpy().T.reshape(-1))
    s = base[:, ::2]
    assert shares(nnext.reshape(s, [3, 2, 1]), base)
    assert_same(nnext.reshape(s, [6]), base.numpy()[:, ::2].reshape(6))


def test_reshape_returns_the_same_values_when_shape_unchanged():
    x = nnext.constant(base_array((2, 3)))
    assert_same(nnext.reshape(x, [2, 3]), x.numpy())


# transpose


@pytest.mark.parametrize(
    ("shape", "perm"),
    [
        ((3, 4), None),
        ((3, 4), [1, 0]),
        ((2, 3, 4), [2, 0, 1]),
        ((2, 3, 4), None),
        ((2, 1, 3, 1, 2), [4, 2, 0, 3, 1]),
        ((5,), [0]),
        ((), None),
        ((2, 0, 3), [1, 2, 0]),
    ],
)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_transpose_matches_numpy(shape, perm, layout):
    t, values = as_layout(base_array(shape, np.float64), layout)
    y = nnext.transpose(t, perm)
    assert_same(y, np.transpose(values, perm))
    if layout == "contiguous" and y.size:
        assert shares(y, t)
    if 0 not in shape:
        check_gradient(lambda x: nnext.transpose(x, perm), [values], layout)


def test_dot_t_property_reverses_axes():
    x = base_array((2, 3, 4))
    assert_same(nnext.constant(x).T, x.T)


# expand_dims and squeeze


@pytest.mark.parametrize("axis", [0, 1, 2, 3, -1, -2, -4])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_expand_dims_matches_numpy(axis, layout):
    t, values = as_layout(base_array((3, 4, 2), np.float64), layout)
    y = nnext.expand_dims(t, axis)
    assert_same(y, np.expand_dims(values, axis))
    assert shares(y, t)
    check_gradient(lambda x: nnext.expand_dims(x, axis), [values], layout)


def test_expand_dims_of_a_scalar():
    assert_same(nnext.expand_dims(nnext.constant(3.0), 0), np.array([3.0], np.float32))
    assert_same(nnext.expand_dims(nnext.constant(3.0), -1), np.array([3.0], np.float32))


@pytest.mark.parametrize("axis", [None, 1, -4, [1, 3], (0, 1, 3)])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_squeeze_matches_numpy(axis, layout):
    t, values = as_layout(base_array((1, 1, 4, 1), np.float64), layout)
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    y = nnext.squeeze(t, axis)
    assert_same(y, np.squeeze(values, np_axis))
    check_gradient(lambda x: nnext.squeeze(x, axis), [values], layout)


def test_squeeze_of_a_tensor_without_unit_axes_is_unchanged():
    x = base_array((2, 3))
    assert_same(nnext.squeeze(x), x)


# broadcast_to


@pytest.mark.parametrize(
    ("shape", "target"),
    [
        ((3, 1), (3, 4)),
        ((4,), (2, 3, 4)),
        ((), (2, 2)),
        ((1, 1), (5, 6)),
        ((2, 1, 3), (2, 4, 3)),
        ((3, 4), (3, 4)),
        ((1,), (0,)),
        ((2, 1), (2, 0)),
        ((1, 2, 1, 1, 3), (2, 2, 2, 1, 3)),
    ],
)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_broadcast_to_matches_numpy(shape, target, layout):
    t, values = as_layout(base_array(shape, np.float64), layout)
    y = nnext.broadcast_to(t, target)
    assert_same(y, np.broadcast_to(values, target))
    assert shares(y, t) or 0 in target
    if 0 not in target:
        check_gradient(lambda x: nnext.broadcast_to(x, target), [values], layout)


def test_broadcast_view_feeds_ops_correctly():
    row = nnext.constant([1.0, 2.0, 3.0])
    b = nnext.broadcast_to(row, [4, 3])
    assert_same(b * 2.0, np.tile(np.array([2.0, 4.0, 6.0], np.float32), (4, 1)))
    assert_same(nnext.reduce_sum(b, axis=0), np.array([4.0, 8.0, 12.0], np.float32))
    assert_same(nnext.reshape(b, [-1]), np.tile(np.array([1.0, 2.0, 3.0], np.float32), 4))


# Basic indexing

INDICES = [
    1,
    -1,
    -3,
    (0, 2),
    (-1, -2, -3),
    slice(None),
    slice(1, 3),
    slice(None, None, 2),
    slice(None, None, -1),
    slice(-1, 0, -2),
    slice(3, 1, -1),
    slice(5, 100),
    slice(-100, 2),
    slice(2, 2),
    (slice(None), 1),
    (Ellipsis, 1),
    (1, Ellipsis),
    (Ellipsis,),
    (None, 1),
    (slice(None), None, slice(1, None, 2)),
    (1, None, None, -1),
    (Ellipsis, None),
    (slice(None, None, -2), Ellipsis, slice(0, 4, 3)),
    (0, 0, 0),
    (Ellipsis, slice(None, None, -1), None),
    (np.int64(2), np.int32(-1)),
    (slice(1, None), slice(None, -1), slice(None, None, -3)),
]


@pytest.mark.parametrize("index", INDICES, ids=repr)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_basic_indexing_matches_numpy(index, layout):
    t, values = as_layout(base_array((3, 4, 5), np.float64), layout)
    y = t[index]
    assert_same(y, values[index], repr(index))
    if y.size:
        assert shares(y, t), "basic indexing must give a view"
    check_gradient(lambda x: x[index], [np.array(values)], layout, what=repr(index))


def test_indexing_a_view_of_a_view():
    x = base_array((6, 8))
    t = nnext.constant(x)
    assert_same(t[::2][:, 1::3][::-1], x[::2][:, 1::3][::-1])
    assert_same(t.T[1:, ::-2][2], x.T[1:, ::-2][2])


def test_indexing_gradient_accumulates_overlapping_reads():
    x = nnext.constant(np.arange(5.0), dtype="float64")
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = nnext.reduce_sum(x[1:4]) + 2.0 * x[2] + nnext.reduce_sum(x[::-2])
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [1, 1, 4, 1, 1])


def test_indexing_a_zero_d_tensor():
    t = nnext.constant(5.0)
    assert_same(t[...], np.float32(5.0))
    assert_same(t[None], np.array([5.0], np.float32))


def test_view_chain_gradient_reaches_the_base():
    x = np.arange(24.0).reshape(2, 3, 4) / 10

    def f(t):
        v = nnext.transpose(t, [2, 0, 1])[1:, :, ::-1]
        v = nnext.expand_dims(nnext.reshape(v, [3, 6]), 0)
        return nnext.squeeze(nnext.broadcast_to(v, [2, 3, 6])[:, None], 1) * v

    check_gradient(f, [x])


def test_second_derivative_through_views():
    x = nnext.constant([0.5, 1.0, 1.5], dtype="float64")
    with nnext.GradientTape() as outer:
        outer.watch(x)
        with nnext.GradientTape() as inner:
            inner.watch(x)
            y = nnext.reduce_sum(nnext.reshape(x, [3, 1])[::-1] ** 3.0)
        g = inner.gradient(y, x)
    np.testing.assert_allclose(outer.gradient(g, x).numpy(), 6 * x.numpy())
