"""gather, gather_nd, scatter_nd, boolean_mask, where(condition), one_hot and advanced
Tensor indexing against NumPy, with gradient checks and the index-error cases."""

import numpy as np
import pytest
from helpers import ALL_DTYPES, assert_same, check_gradient
from shapes_helpers import assert_exact, nested_gradients, non_contiguous, random_source, tensor

import nnext
from nnext import _core
from nnext import array_ops as ops

rand = random_source(1)


# ---- gather ----------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("index_dtype", ["int32", "int64"])
@pytest.mark.parametrize(
    "shape, indices, axis",
    [
        ((4, 35, 8), [0, 1], 0),
        ((4, 35, 8), [[3, 0, 3], [1, 1, 2]], 1),
        ((4, 35, 8), 5, -1),
        ((5,), [], 0),
        ((2, 1, 3, 2, 2), [[1], [0]], 3),
        ((3, 0), [2, 2], 0),
    ],
)
def test_gather(dtype, index_dtype, shape, indices, axis):
    x = rand(shape, dtype)
    idx = np.array(indices, dtype=index_dtype)
    assert_exact(ops.gather(tensor(x), tensor(idx), axis=axis), np.take(x, idx, axis=axis))


def test_gather_non_contiguous_and_lists():
    x = rand((3, 4, 2))
    assert_exact(ops.gather(non_contiguous(x), [2, 0, 2], axis=1), np.take(x, [2, 0, 2], axis=1))
    assert_exact(
        ops.gather([[1, 2], [3, 4], [5, 6]], [2, 0]), np.array([[5, 6], [1, 2]], dtype="int32")
    )


def test_gather_gradient_adds_repeated_indices():
    check_gradient(lambda p: ops.gather(p, [2, 0, 2, 2], axis=1), [rand((2, 3, 2))])
    check_gradient(lambda p: ops.gather(p, [[1, 1], [0, 1]]), [rand((3, 2))])
    x = tensor(np.ones((4, 2)))
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = ops.gather(x, [1, 1, 3, 1])
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [[0, 0], [3, 3], [0, 0], [1, 1]])


def test_gather_large_and_its_gradient_match_numpy():
    """Sizes above the grain size, so that the copy and the scatter-add run on threads."""
    params = rand((1000, 128))
    ids = rand((70000,), "int64", 0, 999)
    w = rand((70000, 128))
    x = tensor(params)
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = ops.gather(x, ids)
    assert_exact(y, params[ids])
    expected = np.zeros_like(params)
    np.add.at(expected, ids, w)
    assert_same(tape.gradient(y, x, output_gradients=tensor(w)), expected, atol=1e-9)


def test_gather_second_derivative():
    """gather's backward (gather_grad) records gather as its own gradient."""
    x = tensor(rand((4,)))
    g, gg = nested_gradients(lambda a: ops.gather(a * a * a, [1, 3, 1]), x)
    counts = np.array([0, 2, 0, 1])
    np.testing.assert_allclose(g.numpy(), 3 * x.numpy() ** 2 * counts)
    np.testing.assert_allclose(gg.numpy(), 6 * x.numpy() * counts)


@pytest.mark.parametrize(
    "indices, axis, error, match",
    [
        ([0, 4], 0, IndexError, r"gather: indices\[1\] = 4 is out of range \[0, 4\) for axis 0"),
        ([[0], [-1]], 0, IndexError, r"gather: indices\[1, 0\] = -1 is out of range \[0, 4\)"),
        ([9], -1, IndexError, r"gather: indices\[0\] = 9 is out of range \[0, 3\) for axis 1"),
        ([0], 2, IndexError, r"gather: axis 2 is out of range for a tensor of rank 2"),
        ([0.5], 0, TypeError, r"gather: indices must be int32 or int64, got float32"),
    ],
)
def test_gather_errors(indices, axis, error, match):
    with pytest.raises(error, match=match):
        ops.gather(tensor(np.zeros((4, 3))), indices, axis=axis)


def test_gather_scalar_params_error():
    with pytest.raises(ValueError, match=r"gather: params must have rank >= 1"):
        ops.gather(tensor(np.float32(1)), [0])


# ---- gather_nd / scatter_nd ------------------------------------------------------------


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize(
    "shape, indices",
    [
        ((4, 35, 8), [[1, 1], [2, 2], [3, 3]]),
        ((4, 35, 8), [[1, 2, 3]]),
        ((4, 35, 8), [[[0], [3]], [[1], [1]]]),
        ((2, 3, 1, 2, 2), [[1, 2, 0, 1, 0]]),
        ((3, 4), np.zeros((0, 2), dtype="int64")),
        ((3, 4), [[]]),
    ],
)
def test_gather_nd(dtype, shape, indices):
    x = rand(shape, dtype)
    idx = np.array(indices, dtype="int64").reshape(np.shape(indices))
    expected = (
        x[tuple(np.moveaxis(idx, -1, 0))]
        if idx.shape[-1]
        else np.broadcast_to(x, idx.shape[:-1] + x.shape).copy()
    )
    assert_exact(ops.gather_nd(tensor(x), tensor(idx)), expected)


def test_gather_nd_non_contiguous_and_gradient():
    x = rand((3, 4, 2))
    idx = [[2, 1], [0, 3], [2, 1]]
    assert_exact(ops.gather_nd(non_contiguous(x), idx), x[[2, 0, 2], [1, 3, 1]])
    check_gradient(lambda p: ops.gather_nd(p, idx), [x])
    check_gradient(lambda p: ops.gather_nd(p, [[1, 0, 1], [1, 0, 1]]), [rand((2, 2, 2))])


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "int64"])
def test_scatter_nd_adds_duplicates(dtype):
    indices = np.array([[4], [3], [1], [7], [4]])
    updates = np.array([4.4, 3.3, 1.1, 7.7, 1.0]).astype(dtype)
    expected = np.zeros(8, dtype)
    np.add.at(expected, indices[:, 0], updates)
    assert_exact(ops.scatter_nd(tensor(indices), tensor(updates), [8]), expected)


def test_scatter_nd_slices():
    indices = np.array([[0, 1], [2, 0], [0, 1]])
    updates = rand((3, 5))
    expected = np.zeros((3, 2, 5))
    np.add.at(expected, (indices[:, 0], indices[:, 1]), updates)
    assert_exact(ops.scatter_nd(tensor(indices), tensor(updates), [3, 2, 5]), expected)
    assert_exact(ops.scatter_nd(tensor(indices), non_contiguous(updates), [3, 2, 5]), expected)
    assert_exact(
        ops.scatter_nd(np.zeros((0, 1), "int32"), np.zeros((0, 2)), [3, 2]), np.zeros((3, 2))
    )
    assert_exact(ops.scatter_nd([[1], [1]], [True, True], [3]), np.array([False, True, False]))


def test_scatter_nd_gradient():
    check_gradient(lambda u: ops.scatter_nd([[1, 0], [1, 0], [0, 2]], u, [2, 3]), [rand((3,))])
    check_gradient(lambda u: ops.scatter_nd([[2], [0]], u, [3, 2]), [rand((2, 2))])


@pytest.mark.parametrize(
    "fn, error, match",
    [
        (
            lambda: ops.gather_nd(np.zeros((4, 35, 8)), [[1, 1], [4, 0]]),
            IndexError,
            r"gather_nd: indices\[1\] = \[4, 0\] is out of range for shape \(4, 35, 8\): "
            + r"4 is not in \[0, 4\) on axis 0",
        ),
        (
            lambda: ops.gather_nd(np.zeros((4, 3)), [[0, -1]]),
            IndexError,
            r"gather_nd: indices\[0\] = \[0, -1\] .* -1 is not in \[0, 3\) on axis 1",
        ),
        (
            lambda: ops.gather_nd(np.zeros((4, 3)), [[0, 1, 2]]),
            ValueError,
            r"gather_nd: indices of shape \(1, 3\) address 3 axes, but the tensor of shape \(4, 3\)",
        ),
        (
            lambda: ops.gather_nd(np.zeros(3), 1),
            ValueError,
            r"gather_nd: indices must have rank >= 1",
        ),
        (
            lambda: ops.scatter_nd([[8]], [1.0], [8]),
            IndexError,
            r"scatter_nd: indices\[0\] = \[8\] is out of range for shape \(8,\): "
            + r"8 is not in \[0, 8\)",
        ),
        (
            lambda: ops.scatter_nd([[1], [2]], [1.0], [8]),
            ValueError,
            r"scatter_nd: updates must have shape \(2,\) .* got \(1,\)",
        ),
        (lambda: ops.scatter_nd([[1]], [1.0], [-2]), ValueError, r"scatter_nd: negative dimension"),
    ],
)
def test_nd_errors(fn, error, match):
    with pytest.raises(error, match=match):
        fn()


# ---- batch_dims (gather and gather_nd) ---------------------------------------------------

index_rng = np.random.default_rng(2)


def batched_take(params, indices, axis, batch_dims):
    """TensorFlow's gather with batch_dims, by an explicit loop over the batch elements."""
    out = np.empty(
        params.shape[:axis] + indices.shape[batch_dims:] + params.shape[axis + 1 :], params.dtype
    )
    for b in np.ndindex(*indices.shape[:batch_dims]):
        out[b] = np.take(params[b], indices[b], axis=axis - batch_dims)
    return out


def batched_gather_nd(params, indices, batch_dims):
    """TensorFlow's gather_nd with batch_dims, by an explicit loop over the batch elements."""
    k = indices.shape[-1]
    out = np.empty(indices.shape[:-1] + params.shape[batch_dims + k :], params.dtype)
    for b in np.ndindex(*indices.shape[:batch_dims]):
        for i in np.ndindex(*indices.shape[batch_dims:-1]):
            out[b + i] = params[b + tuple(indices[b + i])]
    return out


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("index_dtype", ["int32", "int64"])
@pytest.mark.parametrize(
    "shape, index_shape, axis, batch_dims, tf_axis, tf_batch_dims",
    [
        ((2, 3, 4, 5), (2, 6), 2, 1, 2, 1),
        ((2, 3, 4, 5), (2, 3, 2, 2), None, 2, 2, 2),  # axis defaults to batch_dims
        ((2, 3, 4), (2, 3), -1, 1, 2, 1),
        ((2, 3, 4), (2,), 1, 1, 1, 1),  # batch_dims = rank(indices): one index per element
        ((2, 3, 4), (2, 3), None, -1, 2, 1),  # both count from the end of their own tensor
        ((2, 3, 4), (2, 5), 1, -1, 1, 1),
        ((2, 3, 4), (2, 5), 2, -2, 2, 0),
        ((0, 3), (0, 2), None, 1, 1, 1),
        ((2, 3), (2, 0), None, 1, 1, 1),
        ((2, 0, 3), (2, 4), 2, 1, 2, 1),
    ],
)
def test_gather_batch_dims(
    dtype, index_dtype, shape, index_shape, axis, batch_dims, tf_axis, tf_batch_dims
):
    x = rand(shape, dtype)
    idx = index_rng.integers(0, shape[tf_axis], size=index_shape).astype(index_dtype)
    assert_exact(
        ops.gather(tensor(x), tensor(idx), axis=axis, batch_dims=batch_dims),
        batched_take(x, idx, tf_axis, tf_batch_dims),
    )


def test_gather_batch_dims_matches_take_along_axis():
    x = rand((3, 4, 5))
    idx = index_rng.integers(0, 5, size=(3, 4, 7))
    assert_exact(
        ops.gather(non_contiguous(x), idx, batch_dims=2), np.take_along_axis(x, idx, axis=2)
    )


def test_gather_batch_dims_gradient_adds_repeats_within_each_batch():
    idx = np.array([[2, 0, 2, 2], [1, 1, 3, 0]])
    check_gradient(lambda p: ops.gather(p, idx, axis=2, batch_dims=1), [rand((2, 3, 4, 2))])
    check_gradient(lambda p: ops.gather(p, idx, batch_dims=1), [rand((2, 4, 3))])
    check_gradient(
        lambda p: ops.gather(p, idx[:, 0], batch_dims=-1), [rand((2, 4))], layout="transposed"
    )
    x = tensor(np.ones((2, 4)))
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = ops.gather(x, idx, batch_dims=1)
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [[1, 0, 3, 0], [1, 2, 0, 1]])


def test_gather_batch_dims_large_and_its_gradient_match_numpy():
    """Sizes above the grain size, so that the batched copy and scatter-add run on threads."""
    params = rand((3, 500, 64))
    ids = index_rng.integers(0, 500, size=(3, 30000))
    w = rand((3, 30000, 64))
    x = tensor(params)
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = ops.gather(x, ids, batch_dims=1)
    assert_exact(y, np.take_along_axis(params, ids[:, :, None], axis=1))
    expected = np.zeros_like(params)
    for b in range(3):
        np.add.at(expected[b], ids[b], w[b])
    assert_same(tape.gradient(y, x, output_gradients=tensor(w)), expected, atol=1e-9)


def test_gather_batch_dims_second_derivative():
    x = tensor(rand((2, 4)))
    idx = [[1, 3, 1], [0, 0, 2]]
    g, gg = nested_gradients(lambda a: ops.gather(a * a * a, idx, batch_dims=1), x)
    counts = np.array([[0, 2, 0, 1], [2, 0, 1, 0]])
    np.testing.assert_allclose(g.numpy(), 3 * x.numpy() ** 2 * counts)
    np.testing.assert_allclose(gg.numpy(), 6 * x.numpy() * counts)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize(
    "shape, index_shape, batch_dims",
    [
        ((2, 3, 4), (2, 5, 2), 1),
        ((2, 3, 4, 5), (2, 3, 1), 2),
        ((2, 3, 4, 5), (2, 2, 3, 2), 1),
        ((2, 3, 4), (2, 3, 0), 1),  # empty coordinates: whole batch-element slices
        ((2, 3, 4), (2, 0, 1), 1),
        ((0, 3, 4), (0, 2, 1), 1),
    ],
)
def test_gather_nd_batch_dims(dtype, shape, index_shape, batch_dims):
    x = rand(shape, dtype)
    idx = np.empty(index_shape, "int64")
    for a in range(index_shape[-1]):
        idx[..., a] = index_rng.integers(0, shape[batch_dims + a], size=index_shape[:-1])
    assert_exact(
        ops.gather_nd(tensor(x), tensor(idx), batch_dims=batch_dims),
        batched_gather_nd(x, idx, batch_dims),
    )


def test_gather_nd_batch_dims_non_contiguous_and_gradient():
    x = rand((2, 3, 4))
    idx = np.array([[[2, 1], [0, 3], [2, 1]], [[1, 1], [1, 1], [0, 0]]])
    assert_exact(ops.gather_nd(non_contiguous(x), idx, batch_dims=1), batched_gather_nd(x, idx, 1))
    check_gradient(lambda p: ops.gather_nd(p, idx, batch_dims=1), [x])
    check_gradient(
        lambda p: ops.gather_nd(p, [[[1], [1]], [[0], [2]]], batch_dims=1), [rand((2, 3, 2))]
    )
    g, gg = nested_gradients(lambda a: ops.gather_nd(a * a, idx[:, :, :1], batch_dims=1), tensor(x))
    counts = np.array([[1, 0, 2], [1, 2, 0]])[:, :, None]
    np.testing.assert_allclose(g.numpy(), 2 * x * counts)
    np.testing.assert_allclose(gg.numpy(), 2 * np.broadcast_to(counts, x.shape))


@pytest.mark.parametrize(
    "fn, error, match",
    [
        (
            lambda: ops.gather(np.zeros((2, 3)), np.zeros((3, 1), "int32"), batch_dims=1),
            ValueError,
            r"gather: with batch_dims 1 params of shape \(2, 3\) and indices of shape "
            + r"\(3, 1\) must have the same first 1 dimensions",
        ),
        (
            lambda: ops.gather(
                np.zeros((2, 3, 4)), np.zeros((2, 3), "int32"), axis=0, batch_dims=1
            ),
            ValueError,
            r"gather: axis 0 must not be less than batch_dims 1",
        ),
        (
            lambda: ops.gather(np.zeros((2, 3, 4)), np.zeros((2, 3), "int32"), batch_dims=3),
            ValueError,
            r"gather: batch_dims 3 is out of range \[-2, 2\] for indices of shape " + r"\(2, 3\)",
        ),
        (
            lambda: ops.gather(np.zeros((2, 3, 4)), np.zeros((2, 3), "int32"), batch_dims=-3),
            ValueError,
            r"gather: batch_dims -3 is out of range",
        ),
        (
            lambda: ops.gather(np.zeros(2), np.zeros(2, "int32"), batch_dims=1),
            ValueError,
            r"gather: batch_dims 1 must be less than the rank of params of shape \(2,\)",
        ),
        (
            lambda: ops.gather(np.zeros((2, 3)), [[0, 1], [2, 3]], batch_dims=1),
            IndexError,
            r"gather: indices\[1, 1\] = 3 is out of range \[0, 3\) for axis 1",
        ),
        (
            lambda: ops.gather_nd(np.zeros((2, 3)), [[0], [1]], batch_dims=-1),
            ValueError,
            r"gather_nd: batch_dims must be non-negative, got -1",
        ),
        (
            lambda: ops.gather_nd(np.zeros((2, 3)), [0, 1], batch_dims=1),
            ValueError,
            r"gather_nd: batch_dims 1 must be less than the rank of indices of shape \(2,\)",
        ),
        (
            lambda: ops.gather_nd(np.zeros((2, 3)), [[[0]], [[1]], [[1]]], batch_dims=1),
            ValueError,
            r"gather_nd: with batch_dims 1 params of shape \(2, 3\) and indices of "
            + r"shape \(3, 1, 1\) must have the same first 1 dimensions",
        ),
        (
            lambda: ops.gather_nd(np.zeros((2, 3)), [[[0, 0]], [[1, 0]]], batch_dims=1),
            ValueError,
            r"gather_nd: indices of shape \(2, 1, 2\) address 2 axes, but the tensor of shape "
            + r"\(2, 3\) has only 1 after its batch dimensions",
        ),
        (
            lambda: ops.gather_nd(np.zeros((2, 3, 4)), [[[0, 1]], [[1, 4]]], batch_dims=1),
            IndexError,
            r"gather_nd: indices\[1, 0\] = \[1, 4\] is out of range for shape "
            + r"\(2, 3, 4\): 4 is not in \[0, 4\) on axis 2",
        ),
    ],
)
def test_batch_dims_errors(fn, error, match):
    with pytest.raises(error, match=match):
        fn()


# ---- boolean_mask and where(condition) -------------------------------------------------


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize(
    "shape, mask_shape, axis",
    [
        ((4, 35, 8), (4,), 0),
        ((4, 35, 8), (35, 8), 1),
        ((4, 35, 8), (8,), -1),
        ((2, 3, 1, 2, 2), (3, 1, 2), 1),
        ((5,), (5,), 0),
    ],
)
def test_boolean_mask(dtype, shape, mask_shape, axis):
    x = rand(shape, dtype)
    mask = rand(mask_shape, "bool")
    ax = axis % len(shape)
    index = (slice(None),) * ax + (mask,)
    assert_exact(ops.boolean_mask(tensor(x), tensor(mask), axis=axis), x[index])
    none = np.zeros_like(mask)
    assert_exact(
        ops.boolean_mask(tensor(x), tensor(none), axis=axis), x[(slice(None),) * ax + (none,)]
    )


def test_boolean_mask_non_contiguous_and_gradient():
    x = rand((3, 4, 2))
    mask = np.array([[True, False, True, True], [False, False, True, False], [True] * 4])
    assert_exact(ops.boolean_mask(non_contiguous(x), mask), x[mask])
    assert_exact(ops.boolean_mask(tensor(x), [True, False, False]), x[[True, False, False]])
    check_gradient(lambda a: ops.boolean_mask(a, mask), [x])
    check_gradient(lambda a: ops.boolean_mask(a, [False, True], axis=2), [x])


def test_boolean_mask_errors():
    x = tensor(np.zeros((4, 3)))
    with pytest.raises(
        ValueError,
        match=r"boolean_mask: mask of shape \(3,\) does not match "
        r"the tensor of shape \(4, 3\) at axis 0",
    ):
        ops.boolean_mask(x, [True, False, True])
    with pytest.raises(TypeError, match=r"boolean_mask: mask must be bool, got int32"):
        ops.boolean_mask(x, [1, 0, 1, 1])
    with pytest.raises(ValueError, match=r"boolean_mask: mask cannot be a scalar"):
        ops.boolean_mask(x, True)


@pytest.mark.parametrize("shape", [(), (7,), (3, 3), (2, 3, 1, 2, 2), (0, 4), (600, 300)])
@pytest.mark.parametrize("dtype", ["bool", "float32", "int64"])
def test_where_condition(shape, dtype):
    cond = rand(shape, "bool").astype(dtype)
    assert_exact(nnext.where(tensor(cond)), np.argwhere(cond).astype("int64"))


def test_where_condition_non_contiguous():
    cond = rand((5, 4), "bool")
    assert_exact(_core.nonzero(non_contiguous(cond)), np.argwhere(cond))


# ---- one_hot ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "indices, depth, axis",
    [
        ([2, 3, 2, 0], 10, -1),
        ([[1, 0], [2, 5]], 3, -1),
        ([[1, 0], [2, -1]], 3, 0),
        ([[1, 0], [2, 1]], 4, 1),
        (2, 4, -1),
        ([], 3, -1),
    ],
)
def test_one_hot(indices, depth, axis):
    idx = np.array(indices, dtype="int64")
    expected = (
        np.expand_dims(idx, axis)
        == np.arange(depth).reshape(
            [-1 if d == axis % (idx.ndim + 1) else 1 for d in range(idx.ndim + 1)]
        )
    ).astype("float32")
    assert_exact(ops.one_hot(tensor(idx), depth, axis=axis), expected)


def test_one_hot_values_and_dtypes():
    assert_exact(
        ops.one_hot([0, 2], 3, on_value=5, off_value=-1),
        np.array([[5, -1, -1], [-1, -1, 5]], dtype="int32"),
    )
    assert_exact(ops.one_hot([1], 2, on_value=0.5), np.array([[0, 0.5]], dtype="float32"))
    assert_exact(ops.one_hot([1], 2, dtype=nnext.float64), np.array([[0, 1.0]]))
    with pytest.raises(TypeError, match=r"one_hot: indices must be int32 or int64, got float32"):
        ops.one_hot([1.5], 3)
    with pytest.raises(ValueError, match=r"one_hot: depth must be non-negative, got -1"):
        ops.one_hot([1], -1)


# ---- advanced indexing on Tensor -------------------------------------------------------

INDEXES = [
    lambda a: [0, 2],
    lambda a: [[1, -1], [0, 0]],
    lambda a: (slice(None), [0, 1]),
    lambda a: (Ellipsis, [1, -2]),
    lambda a: (1, slice(None, None, -1), [3, 0]),
    lambda a: (None, [2]),
    lambda a: a > 0,
    lambda a: (slice(None), (a > 0)[0]),
    lambda a: (Ellipsis, (a > 0)[0, 0]),
]


@pytest.mark.parametrize("make_index", INDEXES)
def test_advanced_indexing(make_index):
    a = rand((3, 4, 5))
    index = make_index(a)
    assert_exact(tensor(a)[index], a[index])


def test_advanced_indexing_with_tensors_and_gradient():
    a = rand((3, 4))
    assert_exact(tensor(a)[tensor(np.array([2, 0, 2]))], a[[2, 0, 2]])
    assert_exact(tensor(a)[tensor(a > 0)], a[a > 0])
    check_gradient(lambda x: x[:, [1, 1, 3]], [a])
    check_gradient(lambda x: x[tensor(a > 0)], [a])


def test_advanced_indexing_errors():
    x = tensor(np.zeros((3, 4)))
    with pytest.raises(IndexError, match=r"gather: indices\[1\] = 4 is out of range \[-4, 4\)"):
        x[:, [0, 4]]
    with pytest.raises(IndexError, match=r"only one integer-array or boolean-mask index"):
        x[[0, 1], [0, 1]]
    with pytest.raises(IndexError, match=r"arrays used as indices must be of integer or boolean"):
        x[[0.5]]
