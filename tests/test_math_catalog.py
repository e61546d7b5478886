"""The tf.math / tf.linalg catalog and slicing: values against NumPy/SciPy, gradients
against central differences. (tf.nn and tf.random: test_nn_random_catalog.py; autodiff
helpers, tf.nest and tf.debugging: test_autodiff_nest_debugging.py.)"""

import numpy as np
import pytest
import scipy.special
from helpers import check_gradient

import nnext
from nnext import (
    linalg_ops,
    math_ops,
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
