"""The tf.math / tf.linalg / tf.nn / tf.random catalog, slicing, autodiff helpers, tf.nest
and tf.debugging: values against NumPy/SciPy, gradients against central differences."""

import collections
import io
import sys

import numpy as np
import pytest
import scipy.special
from helpers import check_gradient

import nnext
from nnext import (
    autodiff,
    debugging,
    linalg_ops,
    math_ops,
    nest,
    nn_ops,
    random_ops,
    slicing,
    sort_ops,
)

RNG = np.random.default_rng(12)


def _x(*shape, low=-2.0, high=2.0):
    return RNG.uniform(low, high, size=shape)


# -- elementwise and special functions -----------------------------------------------------

ELEMENTWISE = [
    ("floor", math_ops.floor, np.floor, {}),
    ("ceil", math_ops.ceil, np.ceil, {}),
    ("round", math_ops.round, np.round, {}),
    ("rint", math_ops.rint, np.rint, {}),
    ("reciprocal", math_ops.reciprocal, lambda x: 1 / x, {"low": 0.5}),
    ("rsqrt", math_ops.rsqrt, lambda x: 1 / np.sqrt(x), {"low": 0.5}),
    ("erf", math_ops.erf, scipy.special.erf, {}),
    ("erfc", math_ops.erfc, scipy.special.erfc, {}),
    ("erfinv", math_ops.erfinv, scipy.special.erfinv, {"low": -0.9, "high": 0.9}),
    ("ndtri", math_ops.ndtri, scipy.special.ndtri, {"low": 0.05, "high": 0.95}),
    ("expm1", math_ops.expm1, np.expm1, {}),
    ("log_sigmoid", math_ops.log_sigmoid, lambda x: -np.logaddexp(0, -x), {}),
    ("softsign", math_ops.softsign, lambda x: x / (1 + np.abs(x)), {}),
    ("softplus", math_ops.softplus, lambda x: np.logaddexp(0, x), {}),
    ("lgamma", math_ops.lgamma, scipy.special.gammaln, {"low": 0.1, "high": 8.0}),
    ("lgamma_negative", math_ops.lgamma, scipy.special.gammaln, {"low": -2.9, "high": -2.1}),
    ("digamma", math_ops.digamma, scipy.special.digamma, {"low": 0.1, "high": 8.0}),
    ("digamma_negative", math_ops.digamma, scipy.special.digamma, {"low": -0.9, "high": -0.1}),
    ("tan", math_ops.tan, np.tan, {"low": -1.0, "high": 1.0}),
    ("asinh", math_ops.asinh, np.arcsinh, {}),
    ("atan", math_ops.atan, np.arctan, {}),
]


@pytest.mark.parametrize("name,fn,ref,bounds", ELEMENTWISE, ids=[e[0] for e in ELEMENTWISE])
def test_elementwise_values_and_gradients(name, fn, ref, bounds):
    x = _x(3, 4, **bounds)
    for dtype, rtol in (("float64", 1e-9), ("float32", 2e-5)):
        got = fn(nnext.constant(x, dtype=dtype))
        assert got.dtype == dtype and got.shape == (3, 4)
        np.testing.assert_allclose(got.numpy(), ref(x.astype(dtype)), rtol=rtol, atol=rtol)
    if name not in ("floor", "ceil", "round", "rint"):
        check_gradient(fn, [x], rtol=1e-5, atol=1e-7, what=name)


def test_round_is_bankers_rounding_as_tensorflow():
    got = math_ops.round(nnext.constant([0.5, 1.5, 2.5, -0.5, -1.5, 2.4]))
    assert got.numpy().tolist() == [0.0, 2.0, 2.0, -0.0, -2.0, 2.0]
    assert math_ops.round(nnext.constant([1, 2])).dtype == nnext.int32


BINARY = [
    ("squared_difference", math_ops.squared_difference, lambda a, b: (a - b) ** 2),
    ("atan2", math_ops.atan2, np.arctan2),
    ("xlogy", math_ops.xlogy, scipy.special.xlogy),
    ("xlog1py", math_ops.xlog1py, scipy.special.xlog1py),
]


@pytest.mark.parametrize("name,fn,ref", BINARY, ids=[b[0] for b in BINARY])
def test_binary_values_and_gradients(name, fn, ref):
    a, b = _x(3, 1), _x(1, 4, low=0.2, high=2.0)
    np.testing.assert_allclose(fn(a, b).numpy(), ref(a, b), rtol=1e-10)
    check_gradient(fn, [a, b], rtol=1e-5, atol=1e-7, what=name)


def test_safe_divisions_and_x_is_zero_rules():
    x = nnext.constant([0.0, 1.0, 2.0, 0.0])
    y = nnext.constant([0.0, 0.0, 4.0, 2.0])
    assert math_ops.divide_no_nan(x, y).numpy().tolist() == [0.0, 0.0, 0.5, 0.0]
    assert math_ops.xdivy(x, y).numpy().tolist()[::3] == [0.0, 0.0]
    assert math_ops.xlogy(nnext.constant([0.0]), nnext.constant([0.0])).numpy().tolist() == [0.0]
    inf = nnext.constant([np.inf, 1.0])
    assert math_ops.multiply_no_nan(inf, nnext.constant([0.0, 3.0])).numpy().tolist() == [0, 3]
    assert math_ops.reciprocal_no_nan(nnext.constant([0.0, 4.0])).numpy().tolist() == [0, 0.25]
    # the gradient of divide_no_nan is finite (0) where y == 0
    v = nnext.Variable([1.0, 2.0])
    with nnext.GradientTape() as tape:
        z = nnext.reduce_sum(math_ops.divide_no_nan(v, nnext.constant([0.0, 2.0])))
    assert tape.gradient(z, v).numpy().tolist() == [0.0, 0.5]


def test_truncated_division():
    x, y = np.array([7, -7, 7, -7]), np.array([2, 2, -2, -2])
    assert math_ops.truncatediv(x, y).numpy().tolist() == [3, -3, -3, 3]
    assert math_ops.truncatemod(x, y).numpy().tolist() == np.fmod(x, y).tolist()
    assert math_ops.truncatediv(nnext.constant([-7.0]), 2.0).numpy().tolist() == [-3.0]


def test_misc_math():
    np.testing.assert_allclose(math_ops.polyval([2.0, 0.0, 1.0], nnext.constant(3.0)).numpy(), 19)
    assert math_ops.add_n([nnext.ones([2]), nnext.ones([2]) * 2]).numpy().tolist() == [3, 3]
    with pytest.raises(ValueError, match="same shape and dtype"):
        math_ops.add_n([nnext.ones([2]), nnext.ones([3])])
    assert math_ops.count_nonzero([[0, 1], [2, 0]], axis=1).numpy().tolist() == [1, 1]
    assert math_ops.count_nonzero([0, 3]).dtype == nnext.int64
    assert bool(math_ops.is_non_decreasing([1, 1, 2])) and not bool(
        math_ops.is_strictly_increasing([1, 1, 2])
    )
    assert math_ops.logical_xor([True, False], [True, True]).numpy().tolist() == [False, True]
    with pytest.raises(TypeError, match="logical_xor: expected bool"):
        math_ops.logical_xor([1], [0])
    x = _x(2, 3)
    np.testing.assert_allclose(
        math_ops.l2_normalize(x, axis=1).numpy(),
        x / np.linalg.norm(x, axis=1, keepdims=True),
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        math_ops.lbeta([[1.0, 2.0]]).numpy(), [np.log(scipy.special.beta(1.0, 2.0))], rtol=1e-6
    )


# -- reductions and scans ------------------------------------------------------------------


@pytest.mark.parametrize("axis,keepdims", [(None, False), (1, False), ([0, 2], True), (-1, True)])
def test_moment_reductions(axis, keepdims):
    x = _x(2, 3, 4)
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    np.testing.assert_allclose(
        math_ops.reduce_variance(x, axis, keepdims).numpy(),
        np.var(x, axis=np_axis, keepdims=keepdims),
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        math_ops.reduce_std(x, axis, keepdims).numpy(),
        np.std(x, axis=np_axis, keepdims=keepdims),
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        math_ops.reduce_logsumexp(x, axis, keepdims).numpy(),
        scipy.special.logsumexp(x, axis=np_axis, keepdims=keepdims),
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        math_ops.reduce_euclidean_norm(x, axis, keepdims).numpy(),
        np.sqrt(np.sum(x * x, axis=np_axis, keepdims=keepdims)),
        rtol=1e-12,
    )
    for fn in (math_ops.reduce_variance, math_ops.reduce_logsumexp):
        check_gradient(lambda t, fn=fn: fn(t, axis, keepdims), [x], rtol=1e-6, atol=1e-8)


def test_logsumexp_is_stable():
    assert float(math_ops.reduce_logsumexp(nnext.constant([1000.0, 1000.0]))) == pytest.approx(
        1000.6931, abs=1e-3
    )
    assert float(math_ops.reduce_logsumexp(nnext.constant([-np.inf, -np.inf]))) == -np.inf
    assert math_ops.reduce_euclidean_norm(nnext.constant([3, 4])).numpy() == 5


@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
def test_cumulative_ops(exclusive, reverse):
    x = _x(3, 4)

    def ref(op, start):
        a = x[:, ::-1] if reverse else x
        out = op(a, axis=1)
        if exclusive:
            out = np.concatenate([np.full((3, 1), start), out[:, :-1]], axis=1)
        return out[:, ::-1] if reverse else out

    np.testing.assert_allclose(
        math_ops.cumsum(x, 1, exclusive, reverse).numpy(), ref(np.cumsum, 0.0), rtol=1e-12
    )
    np.testing.assert_allclose(
        math_ops.cumprod(x, 1, exclusive, reverse).numpy(), ref(np.cumprod, 1.0), rtol=1e-12
    )
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(
            math_ops.cumulative_logsumexp(x, 1, exclusive, reverse).numpy(),
            np.log(_cum_exp(x, exclusive, reverse)),
            rtol=1e-10,
        )
    check_gradient(lambda t: math_ops.cumsum(t, 1, exclusive, reverse), [x])


def _cum_exp(x, exclusive, reverse):
    e = np.exp(x[:, ::-1] if reverse else x)
    out = np.cumsum(e, axis=1)
    if exclusive:
        out = np.concatenate([np.zeros((3, 1)), out[:, :-1]], axis=1)
    return out[:, ::-1] if reverse else out


# -- sorting, top_k, segments ---------------------------------------------------------------


def test_sort_argsort_top_k():
    x = _x(3, 5)
    np.testing.assert_array_equal(sort_ops.sort(x).numpy(), np.sort(x))
    np.testing.assert_array_equal(
        sort_ops.sort(x, axis=0, direction="DESCENDING").numpy(), -np.sort(-x, axis=0)
    )
    np.testing.assert_array_equal(sort_ops.argsort(x).numpy(), np.argsort(x, kind="stable"))
    values, indices = sort_ops.top_k(x, k=2)
    np.testing.assert_array_equal(indices.numpy(), np.argsort(-x, kind="stable")[:, :2])
    np.testing.assert_array_equal(values.numpy(), -np.sort(-x)[:, :2])
    assert indices.dtype == nnext.int32
    with pytest.raises(ValueError, match="input must have at least k columns. Had 5, needed 6"):
        sort_ops.top_k(x, 6)
    with pytest.raises(ValueError, match="`direction` should be one of"):
        sort_ops.sort(x, direction="UP")
    check_gradient(lambda t: sort_ops.top_k(t, 3).values, [x])
    check_gradient(lambda t: sort_ops.sort(t, axis=0), [x])


def test_in_top_k_and_searchsorted():
    predictions = np.array([[0.1, 0.9, 0.5], [0.3, 0.3, 0.4], [0.2, np.nan, 0.1]])
    assert sort_ops.in_top_k([1, 0, 1], predictions, 1).numpy().tolist() == [True, False, False]
    assert sort_ops.in_top_k([2, 0, 0], predictions, 2).numpy().tolist() == [True, True, True]
    seq = np.array([[1, 3, 3, 5], [0, 2, 4, 6]])
    vals = np.array([[3, 6], [-1, 4]])
    for side in ("left", "right"):
        want = np.stack([np.searchsorted(s, v, side=side) for s, v in zip(seq, vals)])
        np.testing.assert_array_equal(sort_ops.searchsorted(seq, vals, side=side).numpy(), want)


def test_segments():
    data = _x(6, 2)
    ids = np.array([0, 0, 1, 3, 3, 3])
    want_sum = np.stack(
        [data[ids == k].sum(0) if (ids == k).any() else np.zeros(2) for k in range(4)]
    )
    np.testing.assert_allclose(sort_ops.segment_sum(data, ids).numpy(), want_sum, rtol=1e-12)
    counts = np.maximum(np.bincount(ids, minlength=4), 1)[:, None]
    np.testing.assert_allclose(
        sort_ops.segment_mean(data, ids).numpy(), want_sum / counts, rtol=1e-12
    )
    seg_max = sort_ops.segment_max(data, ids).numpy()
    assert np.allclose(seg_max[2], 0) and np.allclose(seg_max[3], data[3:].max(0))
    shuffled = np.array([3, 0, 3, 1, 0, 3])
    got = sort_ops.unsorted_segment_max(data, shuffled, 5).numpy()
    assert np.allclose(got[0], data[[1, 4]].max(0)) and got[2, 0] == np.finfo(np.float64).min
    np.testing.assert_allclose(
        sort_ops.unsorted_segment_prod(data, shuffled, 4).numpy()[3],
        data[[0, 2, 5]].prod(0),
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        sort_ops.unsorted_segment_sqrt_n(data, shuffled, 4).numpy()[3],
        data[[0, 2, 5]].sum(0) / np.sqrt(3),
        rtol=1e-12,
    )
    with pytest.raises(ValueError, match=r"segment_ids value 5 is out of range \[0, 4\)"):
        sort_ops.unsorted_segment_sum(data, [0, 1, 2, 3, 4, 5], 4)
    with pytest.raises(ValueError, match="segment ids are not increasing"):
        sort_ops.segment_sum(data, shuffled)
    check_gradient(lambda t: sort_ops.unsorted_segment_sum(t, shuffled, 4), [data])
    check_gradient(lambda t: sort_ops.unsorted_segment_max(t, shuffled, 4), [data])


def test_unique_bincount_confusion_matrix():
    y, idx = sort_ops.unique([1, 1, 2, 4, 4, 4, 7, 8, 8])
    assert y.numpy().tolist() == [1, 2, 4, 7, 8] and idx.numpy().tolist() == [
        0,
        0,
        1,
        2,
        2,
        2,
        3,
        4,
        4,
    ]
    y, idx, count = sort_ops.unique_with_counts([5, 3, 5, 1, 3, 5])
    assert y.numpy().tolist() == [5, 3, 1] and idx.numpy().tolist() == [0, 1, 0, 2, 1, 0]
    assert count.numpy().tolist() == [3, 2, 1]
    arr = np.array([1, 1, 3, 0, 5])
    np.testing.assert_array_equal(sort_ops.bincount(arr).numpy(), np.bincount(arr))
    np.testing.assert_array_equal(
        sort_ops.bincount(arr, minlength=8).numpy(), np.bincount(arr, minlength=8)
    )
    w = np.array([0.5, 1.0, 2.0, 1.0, 3.0])
    np.testing.assert_allclose(
        sort_ops.bincount(arr, weights=w).numpy(), np.bincount(arr, weights=w)
    )
    assert sort_ops.bincount(arr, maxlength=2).numpy().tolist() == [1, 2]
    cm = sort_ops.confusion_matrix([1, 2, 4], [2, 2, 4])
    want = np.zeros((5, 5), np.int32)
    want[1, 2] = want[2, 2] = want[4, 4] = 1
    np.testing.assert_array_equal(cm.numpy(), want)
    assert sort_ops.invert_permutation([3, 4, 0, 2, 1]).numpy().tolist() == [2, 4, 3, 0, 1]


# -- slicing -------------------------------------------------------------------------------


def test_slice_and_strided_slice():
    x = np.arange(24).reshape(2, 3, 4)
    np.testing.assert_array_equal(slicing.slice(x, [1, 0, 1], [1, 2, -1]).numpy(), x[1:2, 0:2, 1:])
    with pytest.raises(ValueError, match=r"Expected size\[2\] in \[0, 3\], but got 4"):
        slicing.slice(x, [0, 0, 1], [1, 1, 4])
    with pytest.raises(ValueError, match=r"Expected begin\[0\] in \[0, 2\], but got 3"):
        slicing.slice(x, [3, 0, 0], [1, 1, 1])
    cases = [
        ({"begin": [0, 2], "end": [2, 0], "strides": [1, -1]}, x[0:2, 2:0:-1]),
        ({"begin": [1, 0, 0], "end": [2, 3, 4], "shrink_axis_mask": 1}, x[1, 0:3, 0:4]),
        ({"begin": [0, 0], "end": [0, 2], "begin_mask": 1, "end_mask": 1}, x[:, 0:2]),
        ({"begin": [0, 1], "end": [0, 3], "ellipsis_mask": 1}, x[..., 1:3]),
        ({"begin": [0, 0, 0], "end": [1, 1, 1], "new_axis_mask": 2}, x[0:1, None, 0:1]),
        ({"begin": [-1], "end": [0], "strides": [-1], "end_mask": 1}, x[-1::-1]),
    ]
    for kwargs, want in cases:
        np.testing.assert_array_equal(
            slicing.strided_slice(x, **kwargs).numpy(), want, err_msg=str(kwargs)
        )
    check_gradient(lambda t: slicing.strided_slice(t, [0, 2], [2, 0], [1, -1]), [_x(3, 4)])


def test_reverse_roll_repeat_sequence_mask():
    x = np.arange(12).reshape(3, 4)
    np.testing.assert_array_equal(slicing.reverse(x, [1]).numpy(), x[:, ::-1])
    np.testing.assert_array_equal(slicing.reverse(x, [0, -1]).numpy(), x[::-1, ::-1])
    np.testing.assert_array_equal(
        slicing.roll(x, [1, -1], [0, 1]).numpy(), np.roll(x, (1, -1), (0, 1))
    )
    np.testing.assert_array_equal(slicing.roll(x, 5, 1).numpy(), np.roll(x, 5, 1))
    np.testing.assert_array_equal(slicing.repeat(x, 2, axis=0).numpy(), np.repeat(x, 2, 0))
    np.testing.assert_array_equal(
        slicing.repeat(x, [1, 0, 2, 1], axis=1).numpy(), np.repeat(x, [1, 0, 2, 1], 1)
    )
    np.testing.assert_array_equal(slicing.repeat(x, 2).numpy(), np.repeat(x, 2))
    mask = slicing.sequence_mask([1, 3, 0], 4)
    assert mask.dtype == nnext.bool and mask.numpy().tolist() == [
        [True, False, False, False],
        [True, True, True, False],
        [False] * 4,
    ]
    assert slicing.sequence_mask([2], dtype="float32").numpy().tolist() == [[1.0, 1.0]]
    check_gradient(lambda t: slicing.roll(t, 1, 1), [_x(2, 3)])


def test_tensor_scatter_nd_family():
    t = np.arange(8.0)
    idx, upd = [[4], [3], [1], [7]], [9.0, 10.0, 11.0, 12.0]
    want = t.copy()
    want[[4, 3, 1, 7]] = upd
    np.testing.assert_array_equal(slicing.tensor_scatter_nd_update(t, idx, upd).numpy(), want)
    add = t.copy()
    np.add.at(add, [4, 3, 1, 7], upd)
    np.testing.assert_array_equal(slicing.tensor_scatter_nd_add(t, idx, upd).numpy(), add)
    np.testing.assert_array_equal(slicing.tensor_scatter_nd_sub(t, idx, upd).numpy(), 2 * t - add)
    np.testing.assert_array_equal(
        slicing.tensor_scatter_nd_max(t, [[1], [1]], [5.0, 0.5]).numpy()[1], 5.0
    )
    np.testing.assert_array_equal(
        slicing.tensor_scatter_nd_min(t, [[5], [5]], [7.0, 2.0]).numpy()[5], 2.0
    )
    # repeated index: the last update wins
    assert slicing.tensor_scatter_nd_update(t, [[0], [0]], [1.0, 2.0]).numpy()[0] == 2.0
    m = np.zeros((3, 2))
    np.testing.assert_array_equal(
        slicing.tensor_scatter_nd_update(m, [[1]], [[5.0, 6.0]]).numpy(), [[0, 0], [5, 6], [0, 0]]
    )
    with pytest.raises(ValueError, match="updates must have shape"):
        slicing.tensor_scatter_nd_update(m, [[1]], [5.0])


def test_norm_clipping():
    t = np.array([[3.0, 4.0]])
    np.testing.assert_allclose(slicing.clip_by_norm(t, 1.0).numpy(), [[0.6, 0.8]])
    np.testing.assert_allclose(slicing.clip_by_norm(t, 10.0).numpy(), t)
    a, b = np.array([3.0]), np.array([4.0])
    clipped, norm = slicing.clip_by_global_norm([a, None, b], 2.5)
    assert float(norm) == 5.0 and clipped[1] is None
    np.testing.assert_allclose(clipped[0].numpy(), [1.5])
    assert float(slicing.global_norm([a, b])) == 5.0
    with pytest.raises(TypeError, match="should be a sequence of tensors"):
        slicing.global_norm(nnext.constant([1.0]))
    check_gradient(lambda x: slicing.clip_by_norm(x, 1.0), [t])


# -- linalg --------------------------------------------------------------------------------


def _spd(n, batch=()):
    a = RNG.normal(size=batch + (n, n))
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)


def test_linalg_products_and_solvers():
    a, b = RNG.normal(size=(2, 3, 4)), RNG.normal(size=(2, 4, 5))
    np.testing.assert_allclose(linalg_ops.matmul(a, b).numpy(), a @ b, rtol=1e-12)
    np.testing.assert_allclose(
        linalg_ops.matmul(b, a, transpose_a=True, transpose_b=True).numpy(),
        np.swapaxes(b, -1, -2) @ np.swapaxes(a, -1, -2),
    )
    np.testing.assert_allclose(
        linalg_ops.matvec(a, b[:, :, 0]).numpy(), np.einsum("bij,bj->bi", a, b[:, :, 0]), rtol=1e-12
    )
    s = _spd(4, (2,))
    rhs = RNG.normal(size=(2, 4, 3))
    np.testing.assert_allclose(linalg_ops.inv(s).numpy(), np.linalg.inv(s), rtol=1e-9)
    np.testing.assert_allclose(linalg_ops.det(s).numpy(), np.linalg.det(s), rtol=1e-9)
    _sign, logabs = linalg_ops.slogdet(s)
    np.testing.assert_allclose(logabs.numpy(), np.linalg.slogdet(s)[1], rtol=1e-12)
    np.testing.assert_allclose(linalg_ops.logdet(s).numpy(), np.linalg.slogdet(s)[1], rtol=1e-9)
    np.testing.assert_allclose(linalg_ops.solve(s, rhs).numpy(), np.linalg.solve(s, rhs), rtol=1e-9)
    chol = linalg_ops.cholesky(s)
    np.testing.assert_allclose(chol.numpy(), np.linalg.cholesky(s), rtol=1e-9)
    np.testing.assert_allclose(
        linalg_ops.cholesky_solve(chol, rhs).numpy(), np.linalg.solve(s, rhs), rtol=1e-8
    )
    lower = np.tril(s[0])
    np.testing.assert_allclose(
        linalg_ops.triangular_solve(lower, rhs[0]).numpy(),
        np.linalg.solve(lower, rhs[0]),
        rtol=1e-9,
    )
    np.testing.assert_allclose(
        linalg_ops.triangular_solve(lower, rhs[0], adjoint=True).numpy(),
        np.linalg.solve(lower.T, rhs[0]),
        rtol=1e-9,
    )
    with pytest.raises(ValueError, match="inv"):
        linalg_ops.inv(np.ones((3, 4)))
    check_gradient(linalg_ops.inv, [s[0]], rtol=1e-6)
    check_gradient(linalg_ops.det, [s[0]], rtol=1e-6)
    check_gradient(linalg_ops.solve, [s[0], rhs[0]], rtol=1e-6)


def test_linalg_factorizations():
    a = RNG.normal(size=(5, 3))
    s, u, v = linalg_ops.svd(a)
    np.testing.assert_allclose(u.numpy() @ np.diag(s.numpy()) @ v.numpy().T, a, atol=1e-12)
    np.testing.assert_allclose(s.numpy(), np.linalg.svd(a, compute_uv=False), rtol=1e-12)
    assert u.shape == (5, 3) and v.shape == (3, 3)
    assert linalg_ops.svd(a, full_matrices=True)[1].shape == (5, 5)
    np.testing.assert_allclose(linalg_ops.svd(a, compute_uv=False).numpy(), s.numpy())
    q, r = linalg_ops.qr(a)
    assert q.shape == (5, 3) and r.shape == (3, 3)
    np.testing.assert_allclose(q.numpy() @ r.numpy(), a, atol=1e-12)
    assert linalg_ops.qr(a, full_matrices=True).q.shape == (5, 5)
    sym = _spd(3)
    e, vecs = linalg_ops.eigh(sym)
    np.testing.assert_allclose(e.numpy(), np.linalg.eigvalsh(sym), rtol=1e-10)
    np.testing.assert_allclose(linalg_ops.eigvalsh(sym).numpy(), e.numpy())
    np.testing.assert_allclose(vecs.numpy() @ np.diag(e.numpy()) @ vecs.numpy().T, sym, atol=1e-10)
    np.testing.assert_allclose(linalg_ops.pinv(a).numpy(), np.linalg.pinv(a), atol=1e-12)
    b = RNG.normal(size=(5, 2))
    np.testing.assert_allclose(linalg_ops.lstsq(a, b).numpy(), np.linalg.lstsq(a, b)[0], atol=1e-10)
    ridge = linalg_ops.lstsq(a, b, l2_regularizer=0.5).numpy()
    np.testing.assert_allclose(
        ridge, np.linalg.solve(a.T @ a + 0.5 * np.eye(3), a.T @ b), atol=1e-10
    )
    assert int(linalg_ops.matrix_rank(np.outer([1.0, 2, 3], [1.0, 1, 1]))) == 1


def test_linalg_diagonals_bands_trace():
    m = RNG.normal(size=(2, 3, 4))
    for k in (-1, 0, 1, 2):
        np.testing.assert_array_equal(
            nnext.linalg.diag_part(m, k=k).numpy(), np.diagonal(m, k, axis1=-2, axis2=-1)
        )
    for k in (-2, 0, 1):
        np.testing.assert_array_equal(
            nnext.linalg.diag([1.0, 2.0, 3.0], k=k).numpy(), np.diag([1.0, 2.0, 3.0], k)
        )
    np.testing.assert_allclose(nnext.linalg.trace(m).numpy(), np.trace(m, axis1=-2, axis2=-1))
    band = nnext.linalg.band_part(np.ones((4, 4)), 1, 0).numpy()
    np.testing.assert_array_equal(band, np.tril(np.triu(np.ones((4, 4)), -1)))
    np.testing.assert_array_equal(
        nnext.linalg.band_part(np.ones((3, 3)), -1, 0).numpy(), np.tril(np.ones((3, 3)))
    )
    out = nnext.linalg.set_diag(np.zeros((2, 3)), [1.0, 2.0]).numpy()
    np.testing.assert_array_equal(out, [[1, 0, 0], [0, 2, 0]])
    assert linalg_ops.eye(2, batch_shape=[3]).shape == (3, 2, 2)
    np.testing.assert_allclose(linalg_ops.cross([[1.0, 0, 0]], [[0.0, 1, 0]]).numpy(), [[0, 0, 1]])
    check_gradient(lambda t: nnext.linalg.trace(t), [m])


EINSUM = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("ii", [(3, 3)]),
    ("ii->i", [(3, 3)]),
    ("ij->ji", [(2, 3)]),
    ("bij,bjk->bik", [(5, 2, 3), (5, 3, 4)]),
    ("...ij,...jk", [(2, 1, 2, 3), (4, 3, 2)]),
    ("i,i", [(3,), (3,)]),
    ("i,j->ij", [(3,), (2,)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
    ("bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]),
    ("ij->", [(2, 3)]),
    ("ijk->kj", [(2, 3, 4)]),
]


@pytest.mark.parametrize("equation,shapes", EINSUM, ids=[e[0] for e in EINSUM])
def test_einsum_matches_numpy(equation, shapes):
    xs = [RNG.normal(size=s) for s in shapes]
    np.testing.assert_allclose(
        linalg_ops.einsum(equation, *xs).numpy(), np.einsum(equation, *xs), rtol=1e-10, atol=1e-12
    )
    check_gradient(lambda *ts: linalg_ops.einsum(equation, *ts), xs, rtol=1e-6)


def test_einsum_errors():
    with pytest.raises(ValueError, match="einsum: the equation has 2 inputs"):
        linalg_ops.einsum("ij,jk->ik", np.ones((2, 2)))
    with pytest.raises(ValueError, match="einsum: subscripts 'ijk' do not match"):
        linalg_ops.einsum("ijk", np.ones((2, 2)))
    with pytest.raises(ValueError, match="dimension 'j' is 3 in one operand and 4"):
        linalg_ops.einsum("ij,jk", np.ones((2, 3)), np.ones((4, 2)))


# -- nn ------------------------------------------------------------------------------------


def test_nn_catalog_values():
    x = _x(4, 3)
    mean, var = nn_ops.moments(x, axes=[0])
    np.testing.assert_allclose(mean.numpy(), x.mean(0), rtol=1e-12)
    np.testing.assert_allclose(var.numpy(), x.var(0), rtol=1e-12)
    assert nn_ops.moments(x, [0, 1], keepdims=True)[0].shape == (1, 1)
    count, m_ss, v_ss, _ = nn_ops.sufficient_statistics(x, [0])
    _m2, v2 = nn_ops.normalize_moments(count, m_ss, v_ss, None)
    np.testing.assert_allclose(v2.numpy(), x.var(0), rtol=1e-10)
    bn = nn_ops.batch_normalization(x, mean, var, 0.5, 2.0, 1e-3).numpy()
    np.testing.assert_allclose(
        bn, 2.0 * (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3) + 0.5, rtol=1e-10
    )
    np.testing.assert_allclose(nn_ops.silu(x).numpy(), x / (1 + np.exp(-x)), rtol=1e-12)
    np.testing.assert_allclose(nn_ops.relu6(x * 5).numpy(), np.clip(x * 5, 0, 6))
    selu = nn_ops.selu(x).numpy()
    np.testing.assert_allclose(
        selu,
        np.where(
            x > 0, 1.0507009873554805 * x, 1.0507009873554805 * 1.6732632423543772 * (np.exp(x) - 1)
        ),
        rtol=1e-7,
    )
    np.testing.assert_array_equal(
        nn_ops.crelu(x).numpy(), np.concatenate([np.maximum(x, 0), np.maximum(-x, 0)], -1)
    )
    table = _x(5, 2)
    np.testing.assert_array_equal(nn_ops.embedding_lookup(table, [[4, 0]]).numpy(), table[[[4, 0]]])
    np.testing.assert_array_equal(
        nn_ops.embedding_lookup([table[:2], table[2:]], [3, 1]).numpy(), table[[3, 1]]
    )
    clipped = nn_ops.embedding_lookup(table * 10, [0], max_norm=1.0).numpy()
    assert np.linalg.norm(clipped) == pytest.approx(1.0)
    assert float(nn_ops.zero_fraction([0.0, 1.0, 0.0, 3.0])) == 0.5


def test_nn_losses():
    logits, labels = _x(3, 4), RNG.uniform(size=(3, 4))
    q = 2.5
    want = (1 - labels) * logits + (1 + (q - 1) * labels) * np.log1p(np.exp(-logits))
    np.testing.assert_allclose(
        nn_ops.weighted_cross_entropy_with_logits(labels, logits, q).numpy(), want, rtol=1e-10
    )
    c, z = _x(5), np.array([0.0, 1.0, 2.0, 3.0, 7.0])
    base = np.exp(c) - z * c
    np.testing.assert_allclose(nn_ops.log_poisson_loss(z, c).numpy(), base, rtol=1e-12)
    stirling = np.where(
        z > 1, z * np.log(np.maximum(z, 1)) - z + 0.5 * np.log(2 * np.pi * np.maximum(z, 1)), 0
    )
    np.testing.assert_allclose(
        nn_ops.log_poisson_loss(z, c, True).numpy(), base + stirling, rtol=1e-12
    )
    per_example = np.array([1.0, 2.0, 3.0, 6.0])
    assert float(nn_ops.compute_average_loss(per_example)) == 3.0
    assert float(nn_ops.compute_average_loss(per_example, global_batch_size=8)) == 1.5
    assert float(nn_ops.compute_average_loss(per_example, sample_weight=0.5)) == 1.5
    assert float(nn_ops.scale_regularization_loss([1.0, 2.0])) == 3.0
    check_gradient(lambda a: nn_ops.weighted_cross_entropy_with_logits(labels, a, q), [logits])


def test_dropout():
    nnext.random.set_seed(3)
    x = nnext.ones([200, 50])
    y = nn_ops.dropout(x, 0.25).numpy()
    kept = y != 0
    assert abs(kept.mean() - 0.75) < 0.02 and np.allclose(y[kept], 1 / 0.75)
    shared = nn_ops.dropout(x, 0.5, noise_shape=[200, 1]).numpy()
    assert all(len(set(row)) == 1 for row in shared)
    assert nn_ops.dropout(x, 0.0) is not None
    with pytest.raises(ValueError, match=r"`rate` must be a scalar tensor or a float in the"):
        nn_ops.dropout(x, 1.0)


# -- random --------------------------------------------------------------------------------


def test_stateless_draws_depend_on_the_seed_only():
    a = random_ops.stateless_normal([1000], seed=[1, 2])
    nnext.random.set_seed(99)  # the global seed has no say
    b = random_ops.stateless_normal([1000], seed=[1, 2])
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    c = random_ops.stateless_normal([1000], seed=[1, 3]).numpy()
    assert not np.array_equal(a.numpy(), c)
    assert abs(a.numpy().mean()) < 0.1 and abs(a.numpy().std() - 1) < 0.1
    u = random_ops.stateless_uniform([5000], seed=[4, 5], minval=2.0, maxval=3.0).numpy()
    assert u.min() >= 2.0 and u.max() < 3.0 and abs(u.mean() - 2.5) < 0.02
    ints = random_ops.stateless_uniform([5000], [4, 5], minval=-3, maxval=4, dtype="int64")
    assert ints.dtype == nnext.int64 and set(ints.numpy().tolist()) == set(range(-3, 4))
    t = random_ops.stateless_truncated_normal([5000], [7, 7], dtype="float64").numpy()
    assert np.abs(t).max() <= 2.0 and abs(t.std() - 0.88) < 0.03
    with pytest.raises(ValueError, match="seed must be a shape"):
        random_ops.stateless_normal([2], seed=3)
    with pytest.raises(ValueError, match="minval and maxval must be both given"):
        random_ops.stateless_uniform([2], [1, 2], dtype="int32")


def test_categorical_gamma_poisson_moments():
    logits = np.log([[0.2, 0.3, 0.5]])
    draws = random_ops.stateless_categorical(logits, 20000, seed=[1, 1]).numpy()
    assert draws.shape == (1, 20000) and draws.dtype == np.int64
    np.testing.assert_allclose(np.bincount(draws[0]) / 20000, [0.2, 0.3, 0.5], atol=0.015)
    nnext.random.set_seed(1)
    stateful = random_ops.categorical(logits, 20000).numpy()
    np.testing.assert_allclose(np.bincount(stateful[0]) / 20000, [0.2, 0.3, 0.5], atol=0.015)
    g = random_ops.gamma([20000], alpha=[0.5, 3.0], beta=2.0).numpy()
    assert g.shape == (20000, 2) and (g > 0).all()
    np.testing.assert_allclose(g.mean(0), [0.25, 1.5], rtol=0.05)
    np.testing.assert_allclose(g.var(0), [0.125, 0.75], rtol=0.1)
    p = random_ops.poisson([20000], lam=[1.5, 50.0]).numpy()
    np.testing.assert_allclose(p.mean(0), [1.5, 50.0], rtol=0.03)
    np.testing.assert_allclose(p.var(0), [1.5, 50.0], rtol=0.1)
    assert np.array_equal(p, np.round(p))


def test_generator():
    g1 = random_ops.Generator.from_seed(1234)
    g2 = random_ops.Generator.from_seed(1234)
    np.testing.assert_array_equal(g1.normal([3, 2]).numpy(), g2.normal([3, 2]).numpy())
    second = g1.normal([3, 2]).numpy()
    assert not np.array_equal(second, g2.uniform([3, 2]).numpy())
    g3 = random_ops.Generator.from_seed(1234)
    g3.skip(1)
    np.testing.assert_array_equal(g3.normal([3, 2]).numpy(), second)
    seeds = g1.make_seeds(4)
    assert seeds.shape == (2, 4) and seeds.dtype == nnext.int64
    first, other = g1.split(2)
    assert not np.array_equal(first.normal([4]).numpy(), other.normal([4]).numpy())
    g1.reset_from_seed(1234)
    np.testing.assert_array_equal(
        g1.normal([3, 2]).numpy(), random_ops.Generator.from_seed(1234).normal([3, 2]).numpy()
    )
    assert random_ops.Generator.from_non_deterministic_state().uniform([2]).shape == (2,)
    ints = g1.uniform([1000], minval=0, maxval=10, dtype="int32").numpy()
    assert ints.min() >= 0 and ints.max() < 10
    original = random_ops.get_global_generator()
    random_ops.set_global_generator(random_ops.Generator.from_seed(5))
    assert random_ops.get_global_generator() is not original
    with pytest.raises(TypeError, match="expected a Generator"):
        random_ops.set_global_generator(3)
    fold = random_ops.experimental.stateless_fold_in([1, 2], 7)
    split = random_ops.experimental.stateless_split([1, 2], 3)
    assert fold.shape == (2,) and split.shape == (3, 2)


# -- autodiff ------------------------------------------------------------------------------


def test_stop_gradient_identity_custom_gradient():
    x = nnext.Variable(3.0)
    with nnext.GradientTape() as tape:
        y = x * autodiff.stop_gradient(x) + autodiff.identity(x)
    assert float(tape.gradient(y, x)) == 4.0

    @autodiff.custom_gradient
    def log1pexp(v):
        e = nnext.exp(v)

        def grad(upstream):
            return upstream * (1 - 1 / (1 + e))

        return nnext.log(1 + e), grad

    big = nnext.Variable(100.0)
    with nnext.GradientTape() as tape:
        out = log1pexp(big)
    assert float(tape.gradient(out, big)) == 1.0  # the naive composition gives nan

    @autodiff.custom_gradient
    def clip_grad(a, b):
        def grad(upstream):
            return nnext.clip_by_value(upstream, -0.1, 0.1), None

        return a * b, grad

    a = nnext.Variable([1.0, 2.0])
    with nnext.GradientTape() as tape:
        z = clip_grad(a, nnext.constant([5.0, 6.0]))
    assert tape.gradient(z, a).numpy().tolist() == pytest.approx([0.1, 0.1])
    with nnext.GradientTape() as tape:
        r = autodiff.grad_pass_through(math_ops.round)(a * 1.4)
    assert tape.gradient(r, a).numpy().tolist() == pytest.approx([1.4, 1.4])
    assert autodiff.recompute_grad(math_ops.floor) is math_ops.floor
    assert autodiff.UnconnectedGradients.ZERO == "zero"
    unused = nnext.Variable(1.0)
    with nnext.GradientTape() as tape:
        w = a * 2.0
    assert (
        float(tape.gradient(w, unused, unconnected_gradients=autodiff.UnconnectedGradients.ZERO))
        == 0.0
    )


def test_jacobian_batch_jacobian_reset():
    x = nnext.Variable([1.0, 2.0, 3.0])
    with nnext.GradientTape() as tape:  # not persistent: one jacobian, as in TensorFlow
        y = x * x
    np.testing.assert_array_equal(tape.jacobian(y, x).numpy(), np.diag([2.0, 4.0, 6.0]))
    with pytest.raises(RuntimeError, match="can only be called once"):
        tape.gradient(y, x)
    w = nnext.Variable(RNG.normal(size=(3, 2)))
    b = nnext.Variable(np.ones(2))
    with nnext.GradientTape(persistent=True) as tape:
        out = nnext.tanh(nnext.constant(RNG.normal(size=(4, 3))) @ w + b)
    jw, jb = tape.jacobian(out, [w, b])
    assert jw.shape == (4, 2, 3, 2) and jb.shape == (4, 2, 2)
    np.testing.assert_allclose(
        nnext.reduce_sum(jb, [0, 1]).numpy(), tape.gradient(out, b).numpy(), rtol=1e-12
    )
    xb = nnext.Variable(RNG.normal(size=(5, 3)))
    with nnext.GradientTape() as tape:
        yb = nnext.sigmoid(xb @ w)
    jac = tape.batch_jacobian(yb, xb)
    assert jac.shape == (5, 2, 3)
    s = 1 / (1 + np.exp(-(xb.numpy() @ w.numpy())))
    want = (s * (1 - s))[:, :, None] * w.numpy().T[None]
    np.testing.assert_allclose(jac.numpy(), want, rtol=1e-10)
    with nnext.GradientTape() as tape:
        bad = xb[:3] * 2.0
    with pytest.raises(ValueError, match="Need first dimension of target shape"):
        tape.batch_jacobian(bad, nnext.Variable(np.ones((4, 3))))
    v = nnext.Variable(2.0)
    with nnext.GradientTape() as tape:
        first = v * v
        tape.reset()
        second = v * 3.0
    assert float(tape.gradient(second, v)) == 3.0
    del first


# -- nest and debugging --------------------------------------------------------------------


def test_nest():
    Point = collections.namedtuple("Point", ["x", "y"])
    structure = {"b": [1, (2, 3)], "a": Point(4, 5)}
    assert nest.flatten(structure) == [4, 5, 1, 2, 3]
    packed = nest.pack_sequence_as(structure, [10, 11, 12, 13, 14])
    assert packed == {"b": [12, (13, 14)], "a": Point(10, 11)}
    assert list(packed) == ["b", "a"]  # the mapping keeps its own key order
    assert nest.map_structure(lambda u, v: u + v, [1, (2, 3)], [10, (20, 30)]) == [11, (22, 33)]
    assert nest.flatten(None) == [None] and nest.flatten(7) == [7]
    assert nest.is_nested([1]) and not nest.is_nested("ab")
    assert nest.flatten_with_joined_string_paths({"a": [5, 6]}) == [("a/0", 5), ("a/1", 6)]
    with pytest.raises(ValueError, match="don't have the same nested structure"):
        nest.assert_same_structure([1, 2], [1, [2]])
    with pytest.raises(TypeError, match="don't have the same sequence type"):
        nest.assert_same_structure([1], (1,))
    nest.assert_same_structure([1], (1,), check_types=False)
    with pytest.raises(ValueError, match="Structure had 2 atoms, but flat_sequence had 3"):
        nest.pack_sequence_as([0, 0], [1, 2, 3])


def test_print_as_tensorflow():
    out = io.StringIO()
    debugging.print("loss:", nnext.constant([1.5, 2.0]), output_stream=out)
    debugging.print(nnext.range(10), output_stream=out)
    debugging.print(nnext.reshape(nnext.range(8), [2, 2, 2]), output_stream=out)
    debugging.print(
        nnext.constant(1 / 3), {"a": nnext.constant([True, False])}, sep="|", output_stream=out
    )
    debugging.print(nnext.range(10), summarize=-1, end="!\n", output_stream=out)
    assert out.getvalue() == (
        "loss: [1.5 2]\n"
        "[0 1 2 ... 7 8 9]\n"
        "[[[0 1]\n  [2 3]]\n\n [[4 5]\n  [6 7]]]\n"
        "0.333333343|{'a': [1 0]}\n"
        "[0 1 2 3 4 5 6 7 8 9]!\n"
    )
    err = io.StringIO()
    real, sys.stderr = sys.stderr, err
    try:
        debugging.print("to stderr")
    finally:
        sys.stderr = real
    assert err.getvalue() == "to stderr\n"


def test_debugging_asserts():
    d = debugging
    d.set_log_device_placement(True)
    assert bool(d.is_non_decreasing([1, 2]))
    d.assert_equal(nnext.constant([1, 2]), [1, 2])
    with pytest.raises(ValueError, match=r"custom\nCondition x == y did not hold"):
        d.assert_equal([1, 2], [1, 3], message="custom")
    d.assert_less([1], [2])
    with pytest.raises(ValueError, match="Condition x > y did not hold"):
        d.assert_greater([1], [2])
    with pytest.raises(ValueError, match="Condition x > 0 did not hold element-wise"):
        d.assert_positive([1.0, 0.0])
    d.assert_non_negative([0, 1])
    d.assert_near([1.0], [1.0 + 1e-7])
    with pytest.raises(ValueError, match="not equal to tolerance"):
        d.assert_near([1.0], [1.1])
    d.assert_rank(nnext.ones([2, 3]), 2)
    with pytest.raises(ValueError, match="Tensor must have rank 3.  Received rank 2"):
        d.assert_rank(nnext.ones([2, 3]), 3)
    d.assert_shapes([(nnext.ones([2, 3]), ("N", "D")), (nnext.ones([2]), ("N",))])
    with pytest.raises(ValueError, match="Tensor dimension 'N' must have size 2"):
        d.assert_shapes([(nnext.ones([2, 3]), ("N", "D")), (nnext.ones([4]), ("N",))])
    with pytest.raises(TypeError, match="must be of type"):
        d.assert_type(nnext.ones([1]), nnext.int32)
    with pytest.raises(ValueError, match="bad values : Tensor had NaN values"):
        d.check_numerics(nnext.constant([1.0, np.nan]), "bad values")
    with pytest.raises(ValueError, match="Tensor had Inf values"):
        d.assert_all_finite(nnext.constant([np.inf]), "x")
    assert d.is_numeric_tensor(nnext.ones([1])) and not d.is_numeric_tensor([1])
    with pytest.raises(ValueError, match="Expected .* to be true"):
        debugging.Assert(nnext.constant(False), [nnext.constant([1, 2])])


def test_generator_state_round_trip():
    g = random_ops.Generator.from_seed(77)
    g.normal([2])
    copy = random_ops.Generator(state=g.state)
    np.testing.assert_array_equal(copy.normal([5]).numpy(), g.normal([5]).numpy())
    clone = random_ops.Generator(copy_from=g)
    np.testing.assert_array_equal(clone.uniform([3]).numpy(), g.uniform([3]).numpy())
    assert random_ops.Algorithm.PHILOX.value == 1
    assert random_ops.create_rng_state(77, "philox").shape == (3,)
