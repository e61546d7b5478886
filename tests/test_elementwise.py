"""Every elementwise op against NumPy (values, dtype, shape) over broadcasting shape pairs,
dtypes and memory layouts, with float64 gradient checks; Python operators, NEP 50 weak
scalars, integer division rules and NaN/inf behaviour."""

import operator
import re
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest
from helpers import (
    ALL_DTYPES,
    FLOAT_DTYPES,
    INT_DTYPES,
    LAYOUTS,
    SHAPE_PAIRS,
    UNARY_SHAPES,
    as_layout,
    assert_same,
    check_gradient,
    check_op,
    numpy_result_dtype,
    random_array,
)

import nnext
from nnext import _core

DEF_FILE = Path(__file__).resolve().parents[1] / "cpp" / "ops" / "elementwise.def"
# Rows of elementwise.def that are building blocks of gradient rules, not public names.
INTERNAL = {"relu_grad"}

NO_BOOL = [*INT_DTYPES, *FLOAT_DTYPES]


def float_oracle(f):
    """NumPy's `f` for the result dtype, evaluated in float64 for the values (so that the
    oracle's own float32 rounding does not count against nnext)."""

    def run(*xs):
        out = np.asarray(f(*xs))
        if out.dtype.kind != "f":
            return out
        return np.asarray(f(*[np.asarray(x, np.float64) for x in xs])).astype(
            numpy_result_dtype(out)
        )

    return run


def _sigmoid(x):
    x = np.asarray(x)
    z = x.astype(np.float64)
    dtype = x.dtype if x.dtype.kind == "f" else np.float16 if x.dtype == bool else np.float64
    return (1.0 / (1.0 + np.exp(-z))).astype(dtype)


def _relu(x):
    return np.maximum(x, np.zeros_like(x))


def _relu_grad(g, y):
    return np.where(y > 0, g, np.zeros_like(g))


class Row(NamedTuple):
    np_fn: object
    arity: int
    dtypes: list
    low: float = -3.0
    high: float = 3.0
    grad: bool = True


# One row per op of cpp/ops/elementwise.def. `low`/`high` keep inputs inside the domain
# (positive for log and sqrt, a positive base for pow's gradient).
TABLE = {
    "exp": Row(float_oracle(np.exp), 1, ALL_DTYPES),
    "log": Row(float_oracle(np.log), 1, ALL_DTYPES, 0.2, 3.0),
    "log1p": Row(float_oracle(np.log1p), 1, ALL_DTYPES, -0.5, 3.0),
    "sqrt": Row(float_oracle(np.sqrt), 1, ALL_DTYPES, 0.2, 3.0),
    "sin": Row(float_oracle(np.sin), 1, ALL_DTYPES),
    "cos": Row(float_oracle(np.cos), 1, ALL_DTYPES),
    "tanh": Row(float_oracle(np.tanh), 1, ALL_DTYPES),
    "sigmoid": Row(float_oracle(_sigmoid), 1, ALL_DTYPES),
    "negative": Row(np.negative, 1, NO_BOOL),
    "abs": Row(np.abs, 1, ALL_DTYPES),
    # NumPy has no bool sign and squares bools into int8; nnext keeps bool (tested below).
    "sign": Row(np.sign, 1, NO_BOOL),
    "square": Row(float_oracle(np.square), 1, NO_BOOL),
    "relu": Row(_relu, 1, ALL_DTYPES),
    "is_nan": Row(np.isnan, 1, ALL_DTYPES, grad=False),
    "is_inf": Row(np.isinf, 1, ALL_DTYPES, grad=False),
    "is_finite": Row(np.isfinite, 1, ALL_DTYPES, grad=False),
    "logical_not": Row(np.logical_not, 1, ALL_DTYPES, grad=False),
    "add": Row(float_oracle(np.add), 2, ALL_DTYPES),
    "subtract": Row(float_oracle(np.subtract), 2, NO_BOOL),
    "multiply": Row(float_oracle(np.multiply), 2, ALL_DTYPES),
    "floordiv": Row(np.floor_divide, 2, NO_BOOL),
    "mod": Row(np.mod, 2, NO_BOOL),
    "pow": Row(float_oracle(np.power), 2, NO_BOOL, 0.5, 2.5),
    "maximum": Row(np.maximum, 2, ALL_DTYPES),
    "minimum": Row(np.minimum, 2, ALL_DTYPES),
    "relu_grad": Row(_relu_grad, 2, NO_BOOL),
    "divide": Row(float_oracle(np.true_divide), 2, NO_BOOL, 0.5, 3.0),
    "equal": Row(np.equal, 2, ALL_DTYPES, grad=False),
    "not_equal": Row(np.not_equal, 2, ALL_DTYPES, grad=False),
    "greater": Row(np.greater, 2, ALL_DTYPES, grad=False),
    "greater_equal": Row(np.greater_equal, 2, ALL_DTYPES, grad=False),
    "less": Row(np.less, 2, ALL_DTYPES, grad=False),
    "less_equal": Row(np.less_equal, 2, ALL_DTYPES, grad=False),
    "logical_and": Row(np.logical_and, 2, ALL_DTYPES, grad=False),
    "logical_or": Row(np.logical_or, 2, ALL_DTYPES, grad=False),
}


def def_rows():
    text = DEF_FILE.read_text()
    pattern = r"^\s*(UNARY_FLOAT|UNARY_SAME|UNARY_TEST|BINARY|BINARY_FLOAT|COMPARE)\(\s*(\w+)"
    return [name for _, name in re.findall(pattern, text, flags=re.MULTILINE)]


def nn_op(name):
    return getattr(_core if name in INTERNAL else nnext.math, name)


def test_every_def_row_has_a_test_row_and_an_export():
    rows = def_rows()
    assert len(rows) >= 30, "the .def parser found too few rows"
    assert sorted(set(rows) - set(TABLE)) == [], "ops of elementwise.def without a test row"
    assert sorted(set(TABLE) - set(rows)) == [], "test rows for ops not in elementwise.def"
    public = [r for r in rows if r not in INTERNAL]
    missing = [r for r in public if r not in nnext.math.__all__ or not hasattr(nnext.math, r)]
    assert missing == [], "ops of elementwise.def not exported by nnext.math"


CASES = [(name, dtype) for name, row in TABLE.items() for dtype in row.dtypes]


@pytest.mark.parametrize(("name", "dtype"), CASES, ids=[f"{n}-{d}" for n, d in CASES])
def test_op_matches_numpy(name, dtype):
    row = TABLE[name]
    shapes = [(s,) for s in UNARY_SHAPES] if row.arity == 1 else SHAPE_PAIRS
    for k, shape in enumerate(shapes):
        check_op(
            nn_op(name), row.np_fn, shape, dtype, grad=row.grad, low=row.low, high=row.high, seed=k
        )


def test_pow_with_signed_base_and_integer_exponents():
    rng = np.random.default_rng(1)
    base = rng.integers(-4, 5, size=(3, 4))
    exponent = rng.integers(0, 4, size=(1, 4))
    for dtype in NO_BOOL:
        b, e = base.astype(dtype), exponent.astype(dtype)
        assert_same(nnext.pow(b, e), np.power(b, e), dtype)


def test_pow_of_negative_integer_exponent_gives_the_c_result():
    # NumPy raises here; nnext documents the truncated C result instead (scalar_math.h).
    got = nnext.pow(nnext.constant([1, -1, -1, 2, 0]), nnext.constant([-2, -3, -2, -1, 1]))
    np.testing.assert_array_equal(got.numpy(), [1, -1, 1, 0, 0])


def test_bool_sign_and_square_stay_bool():
    x = np.array([True, False])
    assert_same(nnext.sign(x), x)
    assert_same(nnext.square(x), x)


@pytest.mark.parametrize(
    "name",
    ["add", "multiply", "maximum", "divide", "equal", "pow", "floordiv", "subtract", "logical_and"],
)
def test_mixed_dtype_promotion_matches_numpy(name):
    rng = np.random.default_rng(4)
    row = TABLE[name]
    for da in row.dtypes:
        for db in row.dtypes:
            a = random_array((2, 3), da, rng, 0.5, 2.5)
            b = random_array((3,), db, rng, 0.5, 2.5)
            with np.errstate(all="ignore"):
                want = row.np_fn(a, b)
            # Tensors promote as NumPy does (two arrays would follow TensorFlow's rule
            # instead: the second converts to the first's dtype, test_operand_conversion.py).
            got = nn_op(name)(nnext.constant(a), nnext.constant(b))
            assert_same(got, want, f"{name}({da}, {db})", dtype=numpy_result_dtype(want))


# cast, where and clip_by_value, which are not rows of the table.


@pytest.mark.parametrize("src", ALL_DTYPES)
@pytest.mark.parametrize("dst", ALL_DTYPES)
def test_cast_matches_numpy_astype(src, dst):
    x = np.array([[-2.7, -1.0, 0.0], [0.4, 1.5, 3.9]])
    x = (x > 0) if src == "bool" else x.astype(src)
    for layout in ["contiguous", "transposed", "strided"]:
        t, values = as_layout(x, layout)
        assert_same(nnext.cast(t, dst), values.astype(dst), f"{src}->{dst} {layout}")
    assert nnext.cast(x, getattr(nnext, dst)).dtype == getattr(nnext, dst)
    assert nnext.cast(x, np.dtype(dst)).dtype == dst


def test_cast_gradient_flows_back_in_the_input_dtype():
    x = nnext.constant([1.0, 2.0], dtype="float64")
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = nnext.cast(x, "float32") * 3.0
    g = tape.gradient(y, x)
    assert g.dtype == nnext.float64
    np.testing.assert_array_equal(g.numpy(), [3.0, 3.0])


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_where_matches_numpy(dtype):
    rng = np.random.default_rng(2)
    for k, (sa, sb) in enumerate(SHAPE_PAIRS):
        cond = rng.random(sa) < 0.5
        check_op(
            lambda x, y, c=cond: nnext.where(c, x, y),
            lambda x, y, c=cond: np.where(c, x, y),
            [sa, sb],
            dtype,
            seed=k,
        )


def test_where_broadcasts_condition_and_promotes():
    cond = np.array([[True], [False]])
    got = nnext.where(cond, np.arange(3, dtype=np.int32), np.float32(0.5))
    assert_same(got, np.where(cond, np.arange(3, dtype=np.int32), np.float32(0.5)))


def test_where_with_condition_only_gives_coordinates():
    cond = np.array([[True, False], [False, True]])
    assert_same(nnext.where(cond), np.argwhere(cond))


@pytest.mark.parametrize("dtype", NO_BOOL)
def test_clip_by_value_matches_numpy(dtype):
    # The bounds broadcast to the tensor but never enlarge it (TensorFlow's rule).
    pairs = [(sa, sb) for sa, sb in SHAPE_PAIRS if np.broadcast_shapes(sa, sb) == sa]
    for k, (sa, sb) in enumerate(pairs):
        check_op(
            lambda x, lo: nnext.clip_by_value(x, lo, 1),
            lambda x, lo: np.minimum(np.maximum(x, lo), np.asarray(1, x.dtype)),
            [sa, sb],
            dtype,
            seed=k,
        )


def test_clip_by_value_passes_gradient_inside_and_at_the_bounds():
    x = nnext.constant([-2.0, -1.0, 0.0, 1.0, 2.0], dtype="float64")
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = nnext.clip_by_value(x, -1.0, 1.0)
    assert y.dtype == nnext.float64
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [0, 1, 1, 1, 0])


# Python operators, with NumPy arrays and Python scalars on either side.

BINARY_OPERATORS = [
    (operator.add, np.add),
    (operator.sub, np.subtract),
    (operator.mul, np.multiply),
    (operator.truediv, np.true_divide),
    (operator.floordiv, np.floor_divide),
    (operator.mod, np.mod),
    (operator.pow, np.power),
    (operator.eq, np.equal),
    (operator.ne, np.not_equal),
    (operator.lt, np.less),
    (operator.le, np.less_equal),
    (operator.gt, np.greater),
    (operator.ge, np.greater_equal),
]


@pytest.mark.parametrize(("op", "np_op"), BINARY_OPERATORS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", ["int32", "float32", "float64"])
def test_operators_with_tensors_arrays_and_scalars(op, np_op, dtype):
    a = np.array([[1, 2, 3], [4, 5, 6]], dtype=dtype)
    b = np.array([2, 3, 1], dtype=dtype)
    ta, tb = nnext.constant(a), nnext.constant(b)
    with np.errstate(all="ignore"):
        for left, right, want in [
            (ta, tb, np_op(a, b)),
            (ta, b, np_op(a, b)),
            (a, tb, np_op(a, b)),
            (ta, 2, np_op(a, 2)),
            (2, ta, np_op(2, a)),
            (ta, 2.0, np_op(a, 2.0)),
            (2.0, ta, np_op(2.0, a)),
        ]:
            got = op(left, right)
            assert isinstance(got, nnext.Tensor), f"{type(left)} {type(right)}"
            assert_same(got, want, f"{op.__name__}({type(left).__name__}, {type(right).__name__})")


def test_unary_and_logical_operators():
    x = nnext.constant([[-1.5, 2.0], [0.0, -3.0]])
    assert_same(-x, -x.numpy())
    assert_same(abs(x), np.abs(x.numpy()))
    p, q = np.array([True, True, False]), np.array([True, False, False])
    tp, tq = nnext.constant(p), nnext.constant(q)
    assert_same(tp & tq, p & q)
    assert_same(tp | tq, p | q)
    assert_same(~tp, ~p)
    assert_same(tp & q, p & q)
    assert_same(p | tq, p | q)


def test_matmul_operator():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.arange(12, dtype=np.float32).reshape(3, 4)
    assert_same(nnext.constant(a) @ nnext.constant(b), a @ b)
    assert_same(nnext.constant(a) @ b, a @ b)
    assert_same(a @ nnext.constant(b), a @ b)


# NEP 50: Python scalars are weak, NumPy scalars and 0-d arrays are not.


@pytest.mark.parametrize(
    ("dtype", "scalar", "want"),
    [
        ("float32", 2.0, "float32"),
        ("float32", 2, "float32"),
        ("float64", 2.0, "float64"),
        ("int32", 1, "int32"),
        ("int32", 1.5, "float64"),
        ("int64", True, "int64"),
        ("bool", 1, "int64"),
        ("bool", 1.0, "float64"),
        ("bool", True, "bool"),
    ],
)
def test_python_scalars_are_weak(dtype, scalar, want):
    x = np.array([1, 0, 1]).astype(dtype)
    t = nnext.constant(x)
    for got, ref in [(t + scalar, x + scalar), (scalar + t, scalar + x)]:
        assert ref.dtype == want, "the test's expectation disagrees with NumPy"
        assert_same(got, ref)


@pytest.mark.parametrize("scalar", [np.float64(2.0), np.int64(2), np.float32(2.0), np.int32(2)])
@pytest.mark.parametrize("dtype", ["float32", "int32"])
def test_numpy_scalars_are_strong(dtype, scalar):
    x = np.array([1, 2, 3], dtype=dtype)
    t = nnext.constant(x)
    assert_same(t * scalar, x * scalar)
    assert_same(scalar * t, scalar * x)


def test_weak_int_that_overflows_the_tensor_dtype_raises():
    # NumPy 2 raises OverflowError for int32_array + 2**40 rather than wrapping around.
    with pytest.raises(OverflowError, match=r"2147483648 out of bounds for int32"):
        nnext.constant([1, 2], dtype="int32") + 2**31
    with pytest.raises(OverflowError, match=r"out of bounds for int64"):
        2**70 * nnext.constant([1, 2], dtype="int64")
    assert_same(nnext.constant([True]) + 2**40, np.array([True]) + 2**40)


@pytest.mark.parametrize("dtype", INT_DTYPES)
@pytest.mark.parametrize("big", [2**31, -(2**31) - 1, 2**40, 2**63, -(2**70)])
def test_comparisons_with_out_of_range_python_ints_are_exact(dtype, big):
    x = np.array([np.iinfo(dtype).min, -1, 0, np.iinfo(dtype).max], dtype=dtype)
    t = nnext.constant(x)
    if np.iinfo(dtype).min <= big <= np.iinfo(dtype).max:
        return  # in range: an ordinary comparison, covered by the table
    for op in BINARY_OPERATORS[7:]:
        assert_same(op[0](t, big), op[1](x, big), f"{op[0].__name__} {big}")
    assert_same(nnext.less(t, big), np.less(x, big))
    assert_same(nnext.equal(big, t), np.equal(big, x))


# Integer division and modulo: Python/NumPy sign rules, division by zero without a crash.


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_integer_floordiv_and_mod_sign_rules_and_zero(dtype):
    a = np.arange(-7, 8, dtype=dtype)[:, None]
    b = np.array([-3, -2, -1, 0, 1, 2, 3], dtype=dtype)
    with np.errstate(all="ignore"):
        assert_same(nnext.floordiv(a, b), np.floor_divide(a, b))
        assert_same(nnext.mod(a, b), np.mod(a, b))
    ta = nnext.constant(a)
    assert_same(ta // 2, a // 2)
    assert_same(ta % -2, a % -2)
    assert_same(-7 // ta[0:7], (-7) // a[0:7])


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_integer_min_floordiv_minus_one_wraps(dtype):
    lo = np.iinfo(dtype).min
    a = np.array([lo, lo, 5], dtype=dtype)
    b = np.array([-1, 1, -1], dtype=dtype)
    with np.errstate(all="ignore"):
        assert_same(nnext.floordiv(a, b), np.floor_divide(a, b))
        assert_same(nnext.mod(a, b), np.mod(a, b))


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_float_division_by_zero_and_special_values(dtype):
    vals = np.array([-np.inf, -2.5, -1.0, -0.0, 0.0, 1.0, 2.5, np.inf, np.nan], dtype=dtype)
    a, b = vals[:, None], vals[None, :]
    with np.errstate(all="ignore"):
        for nn_f, np_f in [
            (nnext.divide, np.true_divide),
            (nnext.floordiv, np.floor_divide),
            (nnext.mod, np.mod),
            (nnext.maximum, np.maximum),
            (nnext.minimum, np.minimum),
            (nnext.pow, np.power),
            (nnext.add, np.add),
            (nnext.multiply, np.multiply),
        ]:
            got, want = nn_f(a, b), np_f(a, b)
            assert_same(got, want, nn_f.__name__, atol=0)
            if nn_f in (nnext.maximum, nnext.minimum):
                continue  # which zero max(-0.0, 0.0) returns is unspecified
            # Signed zeros matter for // and %: 0.0 // -1 is -0.0 in NumPy.
            np.testing.assert_array_equal(
                np.signbit(got.numpy()), np.signbit(want), err_msg=nn_f.__name__
            )


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_unary_special_values(dtype):
    vals = np.array(
        [-np.inf, -100.0, -1.0, -0.0, 0.0, 1e-30, 1.0, 100.0, np.inf, np.nan], dtype=dtype
    )
    with np.errstate(all="ignore"):
        for name in [
            "exp",
            "log",
            "log1p",
            "sqrt",
            "sin",
            "cos",
            "tanh",
            "sigmoid",
            "abs",
            "sign",
            "negative",
            "square",
            "relu",
            "is_nan",
            "is_inf",
            "is_finite",
        ]:
            got = nn_op(name)(vals)
            want = TABLE[name].np_fn(vals)
            # Denormal results may be flushed to zero (DESIGN.md: kernels run with FTZ).
            assert_same(got, want, name, atol=np.finfo(dtype).tiny)


def test_exp_float32_near_overflow_and_underflow():
    x = np.array([88.0, 88.7, 89.0, 90.0, -87.0, -103.0, -104.0, -110.0], dtype=np.float32)
    with np.errstate(all="ignore"):
        want = np.exp(x.astype(np.float64)).astype(np.float32)
    got = nnext.exp(x).numpy()
    normal = np.abs(want) >= np.finfo(np.float32).tiny
    np.testing.assert_allclose(got[normal], want[normal], rtol=2e-6)
    # Denormal results may be flushed to zero (DESIGN.md: kernels run with FTZ).
    assert np.all(np.abs(got[~normal] - want[~normal]) <= np.finfo(np.float32).tiny)


@pytest.mark.parametrize("shape", [(64, 600), (3, 50, 400), (70000,), (257, 3, 97)])
def test_threaded_loops_over_every_layout_pair(shape):
    # Above the grain size (32768 elements) the loops split rows over threads; every
    # combination of operand layouts must still land each element in place.
    rng = np.random.default_rng(5)
    a = rng.standard_normal(shape).astype(np.float32)
    b = rng.standard_normal(shape[-1:]).astype(np.float32)
    for la in LAYOUTS:
        ta, va = as_layout(a, la)
        for lb in LAYOUTS:
            tb, vb = as_layout(b, lb)
            assert_same(nnext.add(ta, tb), va + vb, f"{shape} {la} {lb}")
        assert_same(nnext.where(ta > 0, ta, 1.0), np.where(va > 0, va, np.float32(1.0)), la)
        assert_same(nnext.cast(ta, "float64"), va.astype(np.float64), la)


def test_large_tensors_use_the_threaded_path_correctly():
    rng = np.random.default_rng(3)
    a = rng.standard_normal((300, 1000)).astype(np.float32)
    b = rng.standard_normal((1000,)).astype(np.float32)
    assert_same(nnext.add(a, b), a + b)
    assert_same(nnext.multiply(a.T, 2.0), a.T * np.float32(2.0))
    assert_same(nnext.tanh(a[::2, ::3]), np.tanh(a[::2, ::3].astype(np.float64)).astype(np.float32))


# Second derivatives of the elementwise ops through nested tapes.

SECOND = {
    "exp": (lambda x: nnext.exp(x), lambda x: np.exp(x)),
    "log": (lambda x: nnext.log(x), lambda x: -1 / x**2),
    "sqrt": (lambda x: nnext.sqrt(x), lambda x: -0.25 * x**-1.5),
    "sin": (lambda x: nnext.sin(x), lambda x: -np.sin(x)),
    "cos": (lambda x: nnext.cos(x), lambda x: -np.cos(x)),
    "tanh": (lambda x: nnext.tanh(x), lambda x: -2 * np.tanh(x) * (1 - np.tanh(x) ** 2)),
    "sigmoid": (
        lambda x: nnext.sigmoid(x),
        lambda x: (s := 1 / (1 + np.exp(-x))) * (1 - s) * (1 - 2 * s),
    ),
    "square": (lambda x: nnext.square(x), lambda x: 2 + 0 * x),
    "pow3": (lambda x: x**3.0, lambda x: 6 * x),
    "divide": (lambda x: 1.0 / x, lambda x: 2 / x**3),
    "log1p": (lambda x: nnext.log1p(x), lambda x: -1 / (1 + x) ** 2),
}


@pytest.mark.parametrize("name", list(SECOND))
def test_second_derivative(name):
    f, d2 = SECOND[name]
    xv = np.array([0.3, 0.9, 1.7, 2.4])
    x = nnext.constant(xv, dtype="float64")
    with nnext.GradientTape() as outer:
        outer.watch(x)
        with nnext.GradientTape() as inner:
            inner.watch(x)
            y = f(x)
        dy = inner.gradient(y, x)
    d2y = outer.gradient(dy, x)
    np.testing.assert_allclose(d2y.numpy(), d2(xv), rtol=1e-12)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_gradient_dtype_follows_the_input(dtype):
    x = nnext.constant([0.5, 1.5], dtype=dtype)
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = nnext.exp(x) * 2.0 + nnext.sqrt(x)
    assert tape.gradient(y, x).dtype == dtype


def test_gradient_of_broadcast_inputs_sums_back():
    check_gradient(lambda a, b: a * b + nnext.sin(b), [np.ones((3, 1)) * 0.7, np.arange(4.0)])
