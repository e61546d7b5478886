"""Reductions, arg-reductions and norms against NumPy: axes None / int / tuple / negative,
keepdims, NumPy's result dtypes, empty inputs, NaN, memory layouts, accuracy of float32
sums, and gradients (max/min ties split as TensorFlow)."""

import math
import warnings

import numpy as np
import pytest
from helpers import (
    ALL_DTYPES,
    FLOAT_DTYPES,
    LAYOUTS,
    as_layout,
    assert_same,
    check_gradient,
    integer_reduction,
    random_array,
)

import nnext

# (shape, axis): every axis form, size-0 and size-1 axes, rank 5.
AXIS_CASES = [
    ((3, 4), None),
    ((3, 4), 0),
    ((3, 4), 1),
    ((3, 4), -1),
    ((3, 4), (0, 1)),
    ((2, 3, 4), (0, 2)),
    ((2, 3, 4), (-1, -3)),
    ((2, 3, 4), ()),
    ((2, 3, 4), [1]),
    ((), None),
    ((), ()),
    ((5,), 0),
    ((2, 0, 3), 1),
    ((2, 0, 3), (0, 2)),
    ((2, 0, 3), None),
    ((2, 1, 3, 1, 2), (1, 3)),
    ((2, 1, 3, 1, 2), (0, 2, 4)),
    ((2, 1, 3, 1, 2), -2),
]

REDUCTIONS = {
    "reduce_sum": np.sum,
    "reduce_mean": np.mean,
    "reduce_max": np.max,
    "reduce_min": np.min,
    "reduce_prod": np.prod,
    "reduce_any": np.any,
    "reduce_all": np.all,
}
DIFFERENTIABLE = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod"]


def oracle(name, x, axis, keepdims):
    """NumPy's reduction; floating results are computed in float64 and then cast to the
    dtype NumPy gives, so that the oracle is exact where nnext is accurate."""
    np_fn = REDUCTIONS[name]
    if x.dtype.kind == "i" and np_fn in (np.sum, np.prod, np.mean):
        return integer_reduction(np_fn, x, axis, keepdims)  # TensorFlow's integer rules
    ax = tuple(axis) if isinstance(axis, list) else axis
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the mean of an empty slice
        out = np.asarray(np_fn(x, axis=ax, keepdims=keepdims))
        if out.dtype.kind == "f":
            out = np.asarray(np_fn(x.astype(np.float64), axis=ax, keepdims=keepdims)).astype(
                out.dtype
            )
    return out


@pytest.mark.parametrize("name", list(REDUCTIONS))
@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_reduction_matches_numpy(name, dtype):
    rng = np.random.default_rng(0)
    fn = getattr(nnext, name)
    for shape, axis in AXIS_CASES:
        x = random_array(shape, dtype, rng, -2, 2)
        for layout in LAYOUTS:
            t, values = as_layout(x, layout)
            for keepdims in (False, True):
                what = f"{name}{shape} axis={axis} keepdims={keepdims} {layout}"
                try:
                    want = oracle(name, values, axis, keepdims)
                except ValueError:  # NumPy: a max/min over an empty axis has no identity
                    with pytest.raises(ValueError, match=name):
                        fn(t, axis=axis, keepdims=keepdims)
                    continue
                assert_same(fn(t, axis=axis, keepdims=keepdims), want, what)


def test_result_dtypes_follow_tensorflow():
    # TensorFlow keeps integer dtypes (NumPy widens sums to int64, means to float64); bool,
    # which TensorFlow refuses, counts as NumPy's.
    for dtype in ALL_DTYPES:
        x = np.ones((2, 3), dtype=dtype)
        for name, np_fn in REDUCTIONS.items():
            want = np_fn(x).dtype
            if x.dtype.kind == "i" and np_fn in (np.sum, np.prod, np.mean):
                want = x.dtype
            assert getattr(nnext, name)(x).dtype == want, f"{name} of {dtype}"


def test_empty_reductions_give_the_identity():
    x = np.zeros((0, 3), np.float32)
    assert_same(nnext.reduce_sum(x), np.float32(0))
    assert_same(nnext.reduce_prod(x, axis=0), np.ones(3, np.float32))
    assert_same(nnext.reduce_any(x), np.bool_(False))
    assert_same(nnext.reduce_all(x), np.bool_(True))
    assert np.isnan(nnext.reduce_mean(x).numpy())
    with pytest.raises(ValueError, match=r"reduce_max: cannot reduce an empty axis"):
        nnext.reduce_max(x)
    with pytest.raises(ValueError, match=r"reduce_min: cannot reduce an empty axis"):
        nnext.reduce_min(x, axis=0)
    assert nnext.reduce_max(x, axis=1).shape == (0,)


def test_float32_sums_are_accurate():
    assert nnext.reduce_sum(nnext.ones([10**7])).numpy() == 10**7
    x = np.full(10**7, 0.1, np.float32)
    exact = np.sum(x.astype(np.float64))
    assert nnext.reduce_sum(x).numpy() == np.float32(exact)
    assert nnext.reduce_mean(x).numpy() == np.float32(exact / 10**7)
    # Column sums take the other kernel path; they must be as accurate.
    cols = np.full((100_000, 3), 0.1, np.float32)
    np.testing.assert_array_equal(
        nnext.reduce_sum(cols, axis=0).numpy(), np.float32(np.sum(cols.astype(np.float64), axis=0))
    )


@pytest.mark.parametrize("name", list(REDUCTIONS))
def test_large_reductions_over_every_axis(name):
    rng = np.random.default_rng(1)
    x = rng.uniform(0.9, 1.1, size=(257, 1031)).astype(np.float32)
    if name in ("reduce_any", "reduce_all"):
        x = x > 0.95
    fn = getattr(nnext, name)
    for axis in (None, 0, 1, (0, 1)):
        rtol = 1e-5 if name == "reduce_prod" else None
        for t, values in (as_layout(x, "contiguous"), as_layout(x, "transposed")):
            assert_same(
                fn(t, axis=axis), oracle(name, values, axis, False), f"{name} {axis}", rtol=rtol
            )


@pytest.mark.parametrize("shape", [(64, 600), (3, 50, 400), (70000,), (257, 3, 97)])
def test_threaded_reductions_over_every_layout_and_axis(shape):
    rng = np.random.default_rng(6)
    x = rng.standard_normal(shape).astype(np.float32)
    for layout in LAYOUTS:
        t, v = as_layout(x, layout)
        for axis in [None, *range(len(shape)), tuple(range(1, len(shape)))]:
            what = f"{shape} {layout} axis={axis}"
            want = np.sum(v.astype(np.float64), axis=axis).astype(np.float32)
            assert_same(nnext.reduce_sum(t, axis=axis), want, what, rtol=1e-6, atol=1e-5)
            assert_same(nnext.reduce_max(t, axis=axis), np.max(v, axis=axis), what)
            if axis is not None and not isinstance(axis, tuple):
                assert_same(nnext.argmin(t, axis=axis), np.argmin(v, axis=axis), what)


def test_axis_accepts_tensors_and_numpy_ints():
    x = np.arange(24.0).reshape(2, 3, 4)
    assert_same(nnext.reduce_sum(x, axis=np.int64(1)), x.sum(axis=1))
    assert_same(nnext.reduce_sum(x, axis=nnext.constant([0, 2])), x.sum(axis=(0, 2)))


# Arg-reductions.


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_argmax_argmin_match_numpy(dtype):
    rng = np.random.default_rng(2)
    for shape in [(7,), (3, 4), (2, 3, 4), (2, 1, 3, 1, 2)]:
        x = random_array(shape, dtype, rng, -2, 2)  # small ranges: many ties
        for layout in LAYOUTS:
            t, values = as_layout(x, layout)
            for axis in range(-len(shape), len(shape)):
                assert_same(nnext.argmax(t, axis=axis), np.argmax(values, axis=axis))
                assert_same(nnext.argmin(t, axis=axis), np.argmin(values, axis=axis))


def test_argmax_defaults_and_output_type():
    x = np.array([[1, 5], [7, 2]])
    assert_same(nnext.argmax(x), np.argmax(x, axis=0))
    assert nnext.argmax(x, axis=1, output_type=nnext.int32).dtype == nnext.int32
    assert nnext.argmin(x, output_type="int32").dtype == nnext.int32
    assert_same(nnext.argmax(x, axis=nnext.constant(1)), np.argmax(x, axis=1))
    assert_same(nnext.argmin(x, axis=np.int32(-1)), np.argmin(x, axis=-1))


def test_argmax_argmin_nan_and_ties():
    x = np.array([[1.0, np.nan, 3.0, np.nan], [2.0, 2.0, 1.0, 1.0], [-np.inf, -np.inf, 0, 0]])
    assert_same(nnext.argmax(x, axis=1), np.argmax(x, axis=1))
    assert_same(nnext.argmin(x, axis=1), np.argmin(x, axis=1))
    np.testing.assert_array_equal(nnext.argmax(x, axis=1).numpy(), [1, 0, 2])
    np.testing.assert_array_equal(nnext.argmin(x, axis=1).numpy(), [1, 2, 0])


def test_max_min_propagate_nan():
    x = np.array([[1.0, np.nan, 3.0], [1.0, 2.0, 3.0]], np.float32)
    assert_same(nnext.reduce_max(x, axis=1), np.max(x, axis=1))
    assert_same(nnext.reduce_min(x, axis=1), np.min(x, axis=1))
    assert_same(nnext.reduce_max(x, axis=0), np.max(x, axis=0))


def test_argmax_of_empty_axis_raises():
    with pytest.raises(ValueError, match=r"argmax"):
        nnext.argmax(np.zeros((0, 3)), axis=0)
    with pytest.raises(ValueError, match=r"argmin"):
        nnext.argmin(np.zeros((3, 0)), axis=1)


# Norms.

VECTOR_ORDS = [1, 2, "euclidean", np.inf]


@pytest.mark.parametrize("ord", VECTOR_ORDS)
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_vector_norms(ord, dtype):
    rng = np.random.default_rng(3)
    x = rng.uniform(-2, 2, size=(3, 4, 5)).astype(dtype)
    p = 2 if ord == "euclidean" else ord

    def want(v, axis, keepdims=False):
        out = np.linalg.norm(
            v.astype(np.float64).reshape(-1) if axis is None else v,
            ord=p,
            axis=axis,
            keepdims=keepdims,
        )
        return np.asarray(out).astype(dtype)

    assert_same(nnext.norm(x, ord=ord), want(x, None))
    assert_same(nnext.linalg.norm(x, ord=ord, axis=1), want(x.astype(np.float64), 1))
    assert_same(
        nnext.norm(x, ord=ord, axis=-1, keepdims=True),
        want(x.astype(np.float64), -1, keepdims=True),
    )
    assert_same(nnext.norm(x, ord=ord, keepdims=True), want(x, None).reshape(1, 1, 1))


@pytest.mark.parametrize("ord", ["fro", "euclidean", 1, np.inf])
@pytest.mark.parametrize("axis", [(0, 1), (1, 2), (-1, -2), (2, 0)])
def test_matrix_norms(ord, axis):
    rng = np.random.default_rng(4)
    x = rng.uniform(-2, 2, size=(3, 4, 5))
    np_ord = "fro" if ord == "euclidean" else ord
    for keepdims in (False, True):
        want = np.linalg.norm(x, ord=np_ord, axis=axis, keepdims=keepdims)
        assert_same(
            nnext.norm(x, ord=ord, axis=axis, keepdims=keepdims), want, f"{ord} {axis} {keepdims}"
        )


def test_norm_rejects_unsupported_orders():
    with pytest.raises(ValueError, match=r"norm: unsupported ord"):
        nnext.norm(np.ones(3), ord=3)
    with pytest.raises(ValueError, match=r"norm: the two axes must differ"):
        nnext.norm(np.ones((2, 2)), axis=(1, -1))


def test_norm_gradients():
    x = np.array([[0.5, -1.5, 2.0], [-0.25, 1.0, 3.0]])
    for ord in VECTOR_ORDS:
        check_gradient(lambda t, o=ord: nnext.norm(t, ord=o), [x], what=str(ord))
        check_gradient(lambda t, o=ord: nnext.norm(t, ord=o, axis=1), [x], what=str(ord))
    for ord in ["fro", 1, np.inf]:
        check_gradient(lambda t, o=ord: nnext.norm(t, ord=o, axis=(0, 1)), [x], what=str(ord))


# Gradients.

GRAD_CASES = [c for c in AXIS_CASES if 0 not in c[0]]


# A broadcast view repeats values, so max/min would see ties there: those are tested below.
GRAD_PARAMS = [
    (n, lay)
    for n in DIFFERENTIABLE
    for lay in LAYOUTS
    if not (lay == "broadcast" and n in ("reduce_max", "reduce_min"))
]


@pytest.mark.parametrize(("name", "layout"), GRAD_PARAMS)
def test_reduction_gradients(name, layout):
    rng = np.random.default_rng(5)
    fn = getattr(nnext, name)
    for shape, axis in GRAD_CASES:
        # Distinct magnitudes away from 0: no ties for max/min, no zero for prod.
        x = rng.permutation(np.linspace(0.5, 1.5, int(np.prod(shape)))).reshape(shape)
        x *= rng.choice([-1.0, 1.0], size=shape)
        for keepdims in (False, True):
            check_gradient(
                lambda t, a=axis, k=keepdims: fn(t, axis=a, keepdims=k),
                [x],
                layout=layout,
                what=f"{name}{shape} axis={axis} keepdims={keepdims}",
            )


def test_reduction_gradients_of_empty_inputs_are_zero_shaped():
    x = nnext.zeros([2, 0, 3], dtype="float64")
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = nnext.reduce_sum(x, axis=1) + nnext.reduce_mean(x, axis=(0, 1))
    g = tape.gradient(y, x)
    assert g.shape == (2, 0, 3) and g.dtype == nnext.float64


@pytest.mark.parametrize(
    ("name", "want"),
    [
        ("reduce_max", [[0, 0.5, 0.5, 0], [1 / 3, 1 / 3, 1 / 3, 0]]),
        ("reduce_min", [[1, 0, 0, 0], [0, 0, 0, 1]]),
    ],
)
def test_max_min_gradient_is_split_among_ties(name, want):
    x = nnext.constant([[1.0, 3.0, 3.0, 2.0], [4.0, 4.0, 4.0, -1.0]], dtype="float64")
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = getattr(nnext, name)(x, axis=1)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), want, rtol=1e-15)


def test_max_gradient_ties_over_several_axes():
    x = nnext.constant(np.ones((2, 3, 2)), dtype="float64")
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = nnext.reduce_max(x, axis=(0, 2))
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), np.full((2, 3, 2), 0.25))


def test_prod_gradient_with_zeros():
    x = nnext.constant(
        [[2.0, 0.0, 3.0, 4.0], [0.0, 5.0, 0.0, 1.0], [1.0, 2.0, 3.0, 4.0]], dtype="float64"
    )
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = nnext.reduce_prod(x, axis=1)
    want = [[0.0, 24.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [24.0, 12.0, 8.0, 6.0]]
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), want)
    for axis in (None, 0, (0, 1)):
        check_gradient(lambda t, a=axis: nnext.reduce_prod(t, axis=a), [x.numpy()])


def test_prod_second_derivative():
    x = nnext.constant([2.0, 3.0, 0.0], dtype="float64")
    with nnext.GradientTape() as outer:
        outer.watch(x)
        with nnext.GradientTape() as inner:
            inner.watch(x)
            y = nnext.reduce_prod(x)
        g = inner.gradient(y, x)  # [0, 0, 6]
        h = nnext.reduce_sum(g * nnext.constant([1.0, 10.0, 100.0], dtype="float64"))
    # h = x1 x2 + 10 x0 x2 + 100 x0 x1, so dh/dx = [10 x2 + 100 x1, x2 + 100 x0, x1 + 10 x0].
    np.testing.assert_array_equal(outer.gradient(h, x).numpy(), [300.0, 200.0, 23.0])


def test_mean_gradient_of_integer_counts():
    x = nnext.constant(np.arange(6.0).reshape(2, 3), dtype="float64")
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = nnext.reduce_mean(x)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), np.full((2, 3), 1 / 6))


def test_sum_of_integer_tensor_is_not_differentiable():
    x = nnext.constant([1, 2, 3])
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = nnext.cast(nnext.reduce_sum(x), "float32")
    assert tape.gradient(y, x) is None


def test_math_constants_are_not_mixed_up():
    # reduce_prod of a large float32 product stays in float32 range checks.
    x = np.full(30, 2.0, np.float32)
    assert nnext.reduce_prod(x).numpy() == np.float32(2.0**30)
    assert math.isinf(nnext.reduce_prod(np.full(200, 2.0, np.float32)).numpy())
