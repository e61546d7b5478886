"""tf.experimental.numpy (tnp) against NumPy: values, dtypes and shapes of every function
over 0-d, empty, broadcasting and mixed-dtype inputs, plus the guard that TensorFlow's
tnp names (tests/data/tnp_names.txt) are all provided or excluded with a reason.

Where TensorFlow's tnp deliberately differs from NumPy the expectation says so: float-
valued functions compute integer and bool inputs in float64 (NumPy picks float16/float32
for narrow ones), `take` clips by default. Shape ops, creation and random draws are in
tests/test_tf_experimental_numpy_shape.py.
"""

import pathlib
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

import nnext as tf
import nnext.experimental.numpy as tnp
from nnext import _core

NAMES_FILE = pathlib.Path(__file__).parent / "data" / "tnp_names.txt"

# TensorFlow tnp names nnext leaves out, with the reason (none at present).
EXCLUDED = {}


def tnp_names():
    lines = NAMES_FILE.read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def provided(name):
    obj = tnp
    for part in name.split("."):
        if not hasattr(obj, part):
            return False
        obj = getattr(obj, part)
    return True


def test_every_tensorflow_tnp_name_is_provided_or_excluded():
    names = tnp_names()
    assert len(names) == len(set(names)) and len(names) > 200
    missing = [n for n in names if not provided(n) and n not in EXCLUDED]
    assert not missing, f"provide these or add them to EXCLUDED with a reason: {missing}"
    stale = [n for n in EXCLUDED if provided(n)]
    assert not stale, f"provided now, remove from EXCLUDED: {stale}"


def test_experimental_namespace_on_the_package_face():
    assert tf.experimental.numpy is tnp
    assert "experimental" in tf.__all__
    assert tnp.ndarray is tf.Tensor
    assert set(tnp.__all__) <= set(dir(tnp))


@pytest.fixture(autouse=True)
def quiet_numpy():
    """The NumPy references compute outside domains (arccos(2), mean of empty) on purpose."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def check(got, want, rtol=None):
    """Same dtype, shape and values (NaNs in the same places)."""
    if isinstance(want, (tuple, list)):
        assert isinstance(got, (tuple, list)) and len(got) == len(want), (got, want)
        for g, w in zip(got, want):
            check(g, w, rtol)
        return
    assert isinstance(got, _core.Tensor), type(got)
    want = np.asarray(want)
    value = got.numpy()
    assert value.dtype == want.dtype, (value.dtype, want.dtype)
    assert value.shape == want.shape, (value.shape, want.shape)
    if want.dtype.kind == "f":
        default = {np.dtype(np.float16): 1e-3, np.dtype(np.float32): 2e-6}.get(want.dtype, 1e-12)
        tol = max(rtol or 0.0, default)
        np.testing.assert_allclose(value, want, rtol=tol, atol=tol, equal_nan=True)
    else:
        np.testing.assert_array_equal(value, want)


def floated(x):
    """TensorFlow tnp's input rule for float-valued functions: ints and bools as float64."""
    x = np.asarray(x)
    return x if x.dtype.kind == "f" else x.astype(np.float64)


# -- element-wise functions -------------------------------------------------------------

RNG = np.random.default_rng(0)
INPUTS = {
    "f64_2d": RNG.uniform(0.1, 0.9, (3, 4)),
    "f32_1d": RNG.uniform(0.1, 0.9, (5,)).astype(np.float32),
    "f64_0d": np.array(0.4),
    "f32_empty": np.zeros((0, 3), np.float32),
    "f16_1d": np.array([0.25, 0.5, 0.75], np.float16),
    "u8_1d": np.array([1, 2, 7], np.uint8),
    "i64_1d": np.array([1, 2, 3], np.int64),
    "i32_2d": np.array([[1, 2], [3, 4]], np.int32),
    "bool_1d": np.array([True, False, True]),
}

FLOAT_UNARY = [
    "arccos", "arcsin", "arctan", "arcsinh", "arctanh", "cbrt", "ceil", "cos", "cosh",
    "deg2rad", "exp", "exp2", "expm1", "fabs", "fix", "floor", "log", "log10", "log1p",
    "log2", "rad2deg", "sin", "sinc", "sinh", "sqrt", "tan", "tanh",
]  # fmt: skip
SAME_UNARY = ["abs", "absolute", "negative", "positive", "square", "sign", "conj", "conjugate"]
BOOL_UNARY = ["isnan", "isinf", "isfinite", "isneginf", "isposinf", "signbit", "isreal",
              "logical_not", "iscomplex"]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "case"),
    [
        (name, case)
        for name in FLOAT_UNARY
        for case in sorted(INPUTS)
        if not (name == "fix" and INPUTS[case].dtype == np.bool_)  # NumPy's fix refuses bool
    ],
)
def test_float_valued_unary(name, case):
    x = INPUTS[case]
    check(getattr(tnp, name)(x), getattr(np, name)(floated(x)))


def test_arccosh_domain():
    x = np.array([1.0, 2.5, 10.0])
    check(tnp.arccosh(x), np.arccosh(x))
    check(tnp.arccosh(np.array([3], np.int32)), np.arccosh(np.array([3.0])))


@pytest.mark.parametrize("case", sorted(k for k in INPUTS if not k.startswith("bool")))
@pytest.mark.parametrize("name", SAME_UNARY)
def test_dtype_keeping_unary(name, case):
    x = INPUTS[case] - 0.5 if INPUTS[case].dtype.kind == "f" else INPUTS[case] - 2
    check(getattr(tnp, name)(x), getattr(np, name)(x))


@pytest.mark.parametrize("case", sorted(INPUTS))
@pytest.mark.parametrize("name", BOOL_UNARY)
def test_predicates(name, case):
    x = INPUTS[case]
    if x.dtype.kind == "f" and x.size:
        x = x.copy()
        x.reshape(-1)[0] = np.nan
    check(getattr(tnp, name)(x), getattr(np, name)(x))


def test_special_values():
    x = np.array([-np.inf, -1.0, -0.0, 0.0, np.nan, np.inf])
    for name in ("isnan", "isinf", "isfinite", "isneginf", "isposinf", "signbit", "sign"):
        check(getattr(tnp, name)(x), getattr(np, name)(x))
    check(tnp.reciprocal(np.array([2.0, -4.0])), np.reciprocal(np.array([2.0, -4.0])))
    check(tnp.angle(x), np.angle(x))
    check(tnp.angle([-2, 3], deg=True), np.angle([-2.0, 3.0], deg=True))
    check(tnp.bitwise_not(np.array([1, -3], np.int32)), np.bitwise_not(np.array([1, -3], np.int32)))
    check(tnp.bitwise_not(np.array([True, False])), np.array([False, True]))
    check(tnp.real([1.5, 2]), np.real([1.5, 2]))
    check(tnp.imag(np.array([1.5, 2], np.float32)), np.imag(np.array([1.5, 2], np.float32)))
    assert tnp.iscomplexobj([1.0]) is False and tnp.isrealobj([1]) is True


@pytest.mark.parametrize(
    "x, decimals",
    [(np.array([0.5, 1.5, 2.5, -1.25, 3.14159]), 0), (np.array([1.2345, -9.8765]), 2),
     (np.array([15, 25, -35], np.int64), -1), (np.array(2.675, np.float32), 1)],
)  # fmt: skip
def test_around(x, decimals):
    check(tnp.around(x, decimals), np.around(x, decimals))
    check(tnp.round(x, decimals), np.round(x, decimals))


# Operand pairs: broadcasting, 0-d, empty, mixed dtypes and weak Python scalars.
PAIRS = {
    "f64_bcast": (RNG.uniform(0.5, 2, (3, 1)), RNG.uniform(0.5, 2, (4,))),
    "f32_f64": (RNG.uniform(0.5, 2, (2, 3)).astype(np.float32), RNG.uniform(0.5, 2, (3,))),
    "i32_i64": (np.array([[3, 7], [9, 4]], np.int32), np.array([2, 5], np.int64)),
    "i64_f32": (np.array([1, 2, 3], np.int64), np.array([0.5, 1.5, 2.5], np.float32)),
    "i16_u8": (np.array([3, 4], np.int16), np.array([2, 1], np.uint8)),
    "u8_i8": (np.array([3, 4], np.uint8), np.array([2, 1], np.int8)),
    "f16_pyfloat": (np.array([0.5, 1.5], np.float16), 1.25),
    "f32_pyfloat": (RNG.uniform(0.5, 2, (3,)).astype(np.float32), 1.5),
    "i32_pyint": (np.array([4, 6, 9], np.int32), 3),
    "pyint_f64": (2, np.array([0.5, 1.5])),
    "0d": (np.array(2.5), np.array(1.25)),
    "empty": (np.zeros((0, 2)), np.ones((2,))),
}
SAME_BINARY = ["add", "subtract", "multiply", "maximum", "minimum", "power", "mod",
               "remainder", "floor_divide"]  # fmt: skip
FLOAT_BINARY = ["true_divide", "divide", "arctan2", "hypot", "logaddexp", "logaddexp2",
                "nextafter", "heaviside"]  # fmt: skip
COMPARISONS = ["equal", "not_equal", "greater", "greater_equal", "less", "less_equal"]


@pytest.mark.parametrize("pair", sorted(PAIRS))
@pytest.mark.parametrize("name", SAME_BINARY)
def test_promoting_arithmetic(name, pair):
    a, b = PAIRS[pair]
    check(getattr(tnp, name)(a, b), getattr(np, name)(a, b), rtol=1e-5)


@pytest.mark.parametrize("pair", sorted(PAIRS))
@pytest.mark.parametrize("name", FLOAT_BINARY)
def test_float_valued_binary(name, pair):
    a, b = PAIRS[pair]
    promoted = np.result_type(a, b)
    if promoted.kind != "f":
        a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    check(getattr(tnp, name)(a, b), getattr(np, name)(a, b), rtol=1e-5)


@pytest.mark.parametrize("pair", sorted(PAIRS))
@pytest.mark.parametrize("name", COMPARISONS)
def test_comparisons(name, pair):
    a, b = PAIRS[pair]
    check(getattr(tnp, name)(a, b), getattr(np, name)(a, b))


@pytest.mark.parametrize("name", ["logical_and", "logical_or", "logical_xor"])
def test_logical(name):
    a, b = np.array([[1, 0, 2]]), np.array([[True], [False]])
    check(getattr(tnp, name)(a, b), getattr(np, name)(a, b))


@pytest.mark.parametrize("name", ["bitwise_and", "bitwise_or", "bitwise_xor", "gcd", "lcm"])
def test_integer_binary(name):
    a, b = np.array([[12, 7], [-9, 0]], np.int32), np.array([18, 21], np.int64)
    check(getattr(tnp, name)(a, b), getattr(np, name)(a, b))
    if name.startswith("bitwise"):
        p, q = np.array([True, False, True]), np.array([True, True, False])
        check(getattr(tnp, name)(p, q), getattr(np, name)(p, q))


def test_bool_arithmetic_is_logic():
    p, q = np.array([True, False, True]), np.array([True, True, False])
    for name in ("add", "multiply", "maximum", "minimum"):
        check(getattr(tnp, name)(p, q), getattr(np, name)(p, q))
    for name in ("floor_divide", "mod", "power"):
        check(getattr(tnp, name)(p, p), getattr(np, name)(p, p))
    check(tnp.true_divide(p, q), np.true_divide(p.astype(float), q.astype(float)))
    with pytest.raises(TypeError, match="boolean subtract"):
        tnp.subtract(p, q)


def test_float_power_divmod_clip():
    a, b = np.array([2, 3], np.int32), np.array([0.5, 2.0], np.float32)
    check(tnp.float_power(a, b), np.float_power(a, b))
    quotient, rest = tnp.divmod(np.array([7, -7]), 3)
    check([quotient, rest], list(np.divmod(np.array([7, -7]), 3)))
    x = np.array([[-2.0, 0.5], [3.0, 9.0]])
    check(tnp.clip(x, 0.0, 2.0), np.clip(x, 0.0, 2.0))
    check(tnp.clip(x, np.array([0.0, 1.0]), 5), np.clip(x, np.array([0.0, 1.0]), 5))
    check(
        tnp.clip(np.array([1, 5, 9], np.int32), None, 6),
        np.clip(np.array([1, 5, 9], np.int32), None, 6),
    )
    check(tnp.clip(x, -1.0, None), np.clip(x, -1.0, None))
    check(tnp.clip(x, None, None), x)


def test_closeness_and_equality():
    a, b = np.array([1.0, 2.0, np.nan]), np.array([1.0 + 1e-9, 2.1, np.nan])
    check(tnp.isclose(a, b), np.isclose(a, b))
    check(tnp.isclose(a, b, equal_nan=True), np.isclose(a, b, equal_nan=True))
    check(tnp.isclose([1, 2], [1, 3], atol=0.5), np.isclose([1, 2], [1, 3], atol=0.5))
    assert bool(tnp.allclose([1.0, 2.0], [1.0, 2.0 + 1e-10]))
    assert not bool(tnp.allclose([1.0], [1.5]))
    assert bool(tnp.array_equal([1, 2], np.array([1.0, 2.0])))
    assert not bool(tnp.array_equal([1, 2], [1, 2, 3]))


def test_polyval_and_diff():
    check(tnp.polyval([3, 0, 1], np.array([1.0, 2.0])), np.polyval([3, 0, 1], np.array([1.0, 2.0])))
    check(tnp.polyval(np.array(2.0), np.zeros((2, 2))), np.full((2, 2), 2.0))
    x = np.array([[1, 4, 9, 16], [2, 3, 5, 8]], np.int32)
    for n, axis in ((1, -1), (2, 1), (1, 0), (0, 0)):
        check(tnp.diff(x, n, axis), np.diff(x, n, axis))
    check(
        tnp.diff(np.array([True, False, False, True])),
        np.diff(np.array([True, False, False, True])),
    )
    with pytest.raises(ValueError):
        tnp.diff(np.array(1.0))


# -- reductions, scans, sorting ---------------------------------------------------------

ARRAYS = {
    "f64": RNG.normal(size=(3, 4)),
    "f32": RNG.normal(size=(2, 3)).astype(np.float32),
    "i32": np.array([[1, -2, 3], [4, 5, -6]], np.int32),
    "i8": np.array([[100, 27], [-3, 50]], np.int8),
    "u8": np.array([[200, 100], [3, 250]], np.uint8),
    "bool": np.array([[True, False], [True, True]]),
    "0d": np.array(2.5),
}
AXES = [None, 0, -1, (0, 1)]
EMPTY = np.zeros((0, 3))


# (case, axis) pairs where the axis exists: a 0-d array has only axis=None.
CASE_AXES = [
    pytest.param(case, axis, id=f"{case}-{axis}")
    for case in sorted(ARRAYS)
    for axis in AXES
    if ARRAYS[case].ndim > 0 or axis is None
]


@pytest.mark.parametrize(("case", "axis"), CASE_AXES)
@pytest.mark.parametrize("name", ["sum", "prod", "amax", "amin", "max", "min", "all", "any"])
def test_reductions(name, case, axis):
    x = ARRAYS[case]
    for keepdims in (False, True):
        check(getattr(tnp, name)(x, axis=axis, keepdims=keepdims),
              getattr(np, name)(x, axis=axis, keepdims=keepdims), rtol=1e-5)  # fmt: skip


@pytest.mark.parametrize(("case", "axis"), CASE_AXES)
@pytest.mark.parametrize("name", ["mean", "var", "std"])
def test_float_reductions(name, case, axis):
    x = ARRAYS[case]
    check(getattr(tnp, name)(x, axis=axis, keepdims=True),
          getattr(np, name)(floated(x), axis=axis, keepdims=True), rtol=1e-5)  # fmt: skip


def test_reduction_dtypes_and_ddof():
    x = np.array([[1, 2], [3, 4]], np.int16)
    check(tnp.sum(x, dtype=np.float32), np.sum(x, dtype=np.float32))
    check(tnp.prod(x, axis=0, dtype=tnp.int32), np.prod(x, axis=0, dtype=np.int32))
    check(tnp.sum(x, dtype=bool), np.array(True))
    check(tnp.mean(x, dtype=np.float32), np.mean(x, dtype=np.float32))
    check(tnp.var(x, ddof=1), np.var(x.astype(float), ddof=1))
    check(tnp.std(x, axis=1, ddof=1), np.std(x.astype(float), axis=1, ddof=1))
    check(tnp.var([1.0, 2.0], ddof=2), np.var([1.0, 2.0], ddof=2))
    check(tnp.var([3.0], ddof=1), np.var([3.0], ddof=1))


def test_empty_reductions():
    for name in ("sum", "prod", "mean", "all", "any"):
        check(getattr(tnp, name)(EMPTY), getattr(np, name)(EMPTY))
        check(getattr(tnp, name)(EMPTY, axis=0), getattr(np, name)(EMPTY, axis=0))
    check(tnp.amax(EMPTY, axis=1), np.amax(EMPTY, axis=1))
    for name in ("amax", "amin", "max", "min"):
        with pytest.raises(ValueError, match="zero-size array"):
            getattr(tnp, name)(EMPTY)
    with pytest.raises(ValueError):
        tnp.argmax(EMPTY)


@pytest.mark.parametrize("case", sorted(ARRAYS))
def test_argmax_argmin_count_ptp(case):
    x = ARRAYS[case]
    for axis in (None, 0, -1) if x.ndim else (None, 0):
        check(tnp.argmax(x, axis), np.argmax(x, axis))
        check(tnp.argmin(x, axis), np.argmin(x, axis))
        if x.ndim:
            check(tnp.count_nonzero(x, axis), np.asarray(np.count_nonzero(x, axis), np.int64))
    if x.dtype != np.bool_:
        check(tnp.ptp(x), np.ptp(x))


@pytest.mark.parametrize("case", sorted(ARRAYS))
@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
def test_scans(name, case):
    x = ARRAYS[case]
    for axis in (None, 0, -1) if x.ndim else (None,):
        check(getattr(tnp, name)(x, axis), getattr(np, name)(x, axis), rtol=1e-5)
    check(
        getattr(tnp, name)(x, None, np.float32), getattr(np, name)(x, None, np.float32), rtol=1e-5
    )


def test_nan_reductions_average_trace():
    x = np.array([[1.0, np.nan, 3.0], [np.nan, 5.0, 6.0]])
    for name in ("nansum", "nanprod", "nanmean"):
        for axis in (None, 0, 1):
            check(getattr(tnp, name)(x, axis=axis), getattr(np, name)(x, axis=axis))
    check(tnp.nansum(np.array([1, 2], np.int32)), np.nansum(np.array([1, 2], np.int32)))
    w = np.array([[1.0, 2.0, 3.0], [0.5, 0.5, 1.0]])
    check(tnp.average(w), np.average(w))
    check(tnp.average(w, axis=1, weights=[1, 2, 3]), np.average(w, axis=1, weights=[1, 2, 3]))
    check(list(tnp.average(w, 0, w, returned=True)), list(np.average(w, 0, w, returned=True)))
    check(tnp.average(np.array([1, 2, 4])), np.average(np.array([1, 2, 4])))
    with pytest.raises(ZeroDivisionError, match="Weights sum to zero"):
        tnp.average([1.0, 2.0], weights=[1.0, -1.0])
    m = np.arange(12).reshape(3, 4)
    check(tnp.trace(m), np.trace(m))
    check(tnp.trace(m, offset=1), np.trace(m, offset=1))


@pytest.mark.parametrize("axis", [-1, 0, None])
def test_sort_argsort(axis):
    x = np.array([[3, 1, 2], [9, -4, 9]], np.int32)
    check(tnp.sort(x, axis), np.sort(x, axis))
    check(tnp.argsort(x, axis, kind="stable"), np.argsort(x, axis, kind="stable"))
    check(tnp.argsort(np.array(5.0)), np.argsort(np.array(5.0)))
    with pytest.raises(ValueError, match="kind"):
        tnp.sort(x, kind="mergesort")


def test_axis_out_of_range_raises():
    x = np.ones((2, 3))
    for fn in (tnp.sum, tnp.mean, tnp.amax, tnp.cumsum, tnp.argmax):
        with pytest.raises(ValueError, match="out of bounds"):
            fn(x, axis=2)


# -- products -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [(RNG.normal(size=(2, 3)), RNG.normal(size=(3, 4))),
     (np.arange(6, dtype=np.int32).reshape(2, 3), np.arange(3, dtype=np.int64)),
     (RNG.normal(size=(2, 2, 3)).astype(np.float32), RNG.normal(size=(3, 2))),
     (np.arange(3.0), np.arange(3.0)), (np.zeros((0, 3)), np.ones((3, 2)))],
)  # fmt: skip
def test_products(a, b):
    check(tnp.matmul(a, b), np.matmul(a, b), rtol=1e-5)
    check(tnp.dot(a, b), np.dot(a, b), rtol=1e-5)
    check(tnp.tensordot(a, b, axes=1), np.tensordot(a, b, axes=1), rtol=1e-5)
    check(tnp.outer(a, b), np.outer(a, b), rtol=1e-5)
    check(tnp.kron(a, b), np.kron(a, b), rtol=1e-5)


def test_inner_vdot_cross_einsum():
    a, b = RNG.normal(size=(2, 3)), RNG.normal(size=(4, 3))
    check(tnp.inner(a, b), np.inner(a, b))
    check(tnp.dot(2, a), np.dot(2, a))
    check(tnp.vdot(a, a), np.vdot(a, a))
    check(tnp.cross(a[0], b), np.cross(a[0], b))
    check(tnp.cross([1, 2], [3, 4]), np.cross([1, 2, 0], [3, 4, 0])[2])
    check(tnp.einsum("ij,kj->ik", a, b), np.einsum("ij,kj->ik", a, b))
    c = np.arange(3, dtype=np.int32)
    check(tnp.einsum("ij,j->i", a, c), np.einsum("ij,j->i", a, c))
    with pytest.raises(ValueError, match="casting"):
        tnp.einsum("i->", c, casting="unsafe")


# -- dtypes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [(tnp.int32, 1.5), (tnp.int16, tnp.uint8), (np.ones(2, np.float32), 2.0), (1, 2.0),
     (tnp.int64, tnp.float32), (True, tnp.int8), ("float32", "int64"), (tf.int32, tnp.int64)],
)  # fmt: skip
def test_result_type(args):
    expected = np.result_type(*(np.dtype(a.name) if isinstance(a, tf.DType) else a for a in args))
    assert tnp.result_type(*args) == tf.as_dtype(expected.name)
    assert tnp.result_type(*args).name == expected.name


def test_dtype_utilities():
    assert tnp.promote_types(tnp.int16, tnp.uint8) == np.dtype("int16")
    assert tnp.promote_types(tf.float32, "int64") == np.dtype("float64")
    assert tnp.finfo(tf.float32).eps == np.finfo(np.float32).eps
    assert tnp.finfo(tnp.float64).max == np.finfo(np.float64).max
    assert tnp.iinfo(tnp.int8).min == -128 and tnp.issubdtype(tnp.int32, np.integer)
    assert tnp.float_ is np.float64 and tnp.int_ is np.int64 and tnp.bool_ is np.bool_
    assert tnp.asarray(1).dtype == tnp.int64 and tnp.asarray(1.0).dtype == tnp.float64
    assert tnp.pi == np.pi and tnp.e == np.e and tnp.inf == np.inf and tnp.newaxis is None
    assert np.isnan(tnp.nan)


def test_dtype_names_are_numpy_types():
    # TensorFlow exports NumPy's scalar types; NumPy 2 dropped the aliases complex_,
    # float_, string_ and unicode_, which name the types NumPy 1 gave them.
    aliases = {"complex_": np.complex128, "float_": np.float64, "int_": np.int64,
               "string_": np.bytes_, "unicode_": np.str_}  # fmt: skip
    for name in ("bool_", "complex64", "complex128", "float16", "float32", "float64",
                 "inexact", "int8", "int16", "int32", "int64", "object_", "uint8",
                 "uint16", "uint32", "uint64"):  # fmt: skip
        assert getattr(tnp, name) is getattr(np, name), name
    for name, numpy_type in aliases.items():
        assert getattr(tnp, name) is numpy_type, name
    for name in ("float16", "uint16", "uint32", "uint64"):
        value = tnp.asarray([1, 2], getattr(tnp, name))
        assert (
            value.dtype == getattr(tf, name)
            and tnp.sum(value).dtype.name == np.sum(np.array([1, 2], name)).dtype.name
        )
    assert tnp.issubdtype(tnp.float16, tnp.inexact) and not tnp.issubdtype(tnp.int8, tnp.inexact)


def test_conversion_errors():
    with pytest.raises(TypeError, match="not supported"):
        tnp.asarray(["a", "b"])
    with pytest.raises(TypeError, match="not supported"):
        tnp.asarray(np.array([1 + 2j], np.clongdouble))
    with pytest.raises(TypeError):
        tnp.zeros(3, dtype=np.clongdouble)


def test_gradients_flow_through_tnp():
    x = tf.constant([0.5, 1.0, 2.0], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tnp.sum(tnp.sin(x) * tnp.asarray(2.0) + tnp.square(x))
    check(tape.gradient(y, x), 2 * np.cos(x.numpy()) + 2 * x.numpy())


def run_child(code):
    command = [sys.executable, "-c", textwrap.dedent(code)]
    child = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert child.returncode == 0, child.stdout + child.stderr


def test_enable_numpy_behavior_methods_indexing_and_prefer_float32():
    # A child process: the switch changes every tensor of the process, as in TensorFlow.
    run_child(
        """
        import numpy as np
        import nnext as tf
        import nnext.experimental.numpy as tnp

        x = tf.constant(np.arange(6.0).reshape(2, 3))
        assert not hasattr(x, "astype")
        tnp.experimental_enable_numpy_behavior()
        ref = np.arange(6.0).reshape(2, 3)
        assert x.reshape(3, 2).shape == (3, 2) and x.reshape((-1,)).shape == (6,)
        assert x.T.shape == (3, 2) and x.transpose().shape == (3, 2)
        assert x.astype(tnp.float32).dtype == tf.float32 and x.ravel().shape == (6,)
        assert x.flatten(order="F").numpy().tolist() == ref.flatten("F").tolist()
        assert x.tolist() == ref.tolist() and x.data is x and (+x) is x
        assert float(x.mean()) == 2.5 and float(x.max()) == 5 and float(x.min()) == 0
        assert x.clip(1, 3).numpy().tolist() == np.clip(ref, 1, 3).tolist()
        assert round(x * 1.26, 1).numpy().tolist() == np.round(ref * 1.26, 1).tolist()
        y = tnp.arange(24).reshape(2, 3, 4)
        a = np.arange(24).reshape(2, 3, 4)
        for key in [(1, None, slice(1, 3), Ellipsis), (slice(None), (True, False, True)),
                    (1, (0, 0, 1), tnp.asarray([0, 1, 1])), ([0, 1], [2, 0])]:
            np.testing.assert_array_equal(y[key].numpy(), a[key])
        mutated = True
        try:
            y[1] = 0
        except TypeError:
            mutated = False
        assert not mutated, "mutation must fail"
        w = tf.constant([1.0, 2.0, 3.0])
        with tf.GradientTape() as tape:
            tape.watch(w)
            picked = tnp.sum(w[[0, 0, 2], ] * tnp.asarray([1.0, 1.0, 5.0], tnp.float32))
        assert tape.gradient(picked, w).numpy().tolist() == [2.0, 0.0, 5.0]
        tnp.experimental_enable_numpy_behavior(prefer_float32=True)
        assert tnp.asarray(1.0).dtype == tf.float32 and tnp.add(1.0, 2.0).dtype == tf.float32
        assert tnp.sqrt(2).dtype == tf.float32 and tnp.asarray(np.ones(2)).dtype == tf.float64
        tnp.experimental_enable_numpy_behavior(prefer_float32=False)
        assert tnp.asarray(1.0).dtype == tf.float64
        for mode in ("safe", "all", "off"):
            try:
                tnp.experimental_enable_numpy_behavior(dtype_conversion_mode=mode)
                raise AssertionError(mode)
            except NotImplementedError:
                pass
        """
    )
