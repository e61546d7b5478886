"""keras.ops against real Keras 3 (numpy backend, which computes eagerly): one table row per
function, over ordinary, 0-d, empty and broadcasting inputs (values, dtype and shape), and a
guard that lists every name of `keras.ops` nnext lacks.

Coverage (names of keras.ops present in nnext.keras.ops, and the total):
    KERAS_BACKEND=numpy PYTHONPATH=python python -c "import keras; from nnext.keras import ops;
    n = [k for k in dir(keras.ops) if not k.startswith('_')];
    print(sum(hasattr(ops, k) for k in n), '/', len(n))"
"""

import numpy as np
import pytest
from keras_ops_helpers import (
    arr,
    compare,
    kops,
)
from keras_ops_other_rows import other_rows

from nnext.keras import ops

# ---------------------------------------------------------------------------------------
# The table. Element-wise unary functions: name -> input range (None: any real).
UNARY = {
    "sin": None,
    "cos": None,
    "tan": (-1.2, 1.2),
    "arcsin": (-0.95, 0.95),
    "arccos": (-0.95, 0.95),
    "arctan": None,
    "sinh": None,
    "cosh": None,
    "tanh": None,
    "arcsinh": None,
    "arccosh": (1.1, 3.0),
    "arctanh": (-0.9, 0.9),
    "exp": None,
    "exp2": None,
    "expm1": None,
    "log": (0.1, 3.0),
    "log2": (0.1, 3.0),
    "log10": (0.1, 3.0),
    "log1p": (-0.5, 3.0),
    "sqrt": (0.1, 3.0),
    "rsqrt": (0.1, 3.0),
    "cbrt": None,
    "erf": None,
    "erfc": None,
    "erfinv": (-0.95, 0.95),
    "sinc": None,
    "deg2rad": None,
    "rad2deg": None,
    "fabs": None,
    "abs": None,
    "absolute": None,
    "negative": None,
    "sign": None,
    "square": None,
    "reciprocal": (0.5, 2.0),
    "floor": None,
    "ceil": None,
    "trunc": None,
    "round": None,
    "signbit": None,
    "isnan": None,
    "isinf": None,
    "isfinite": None,
    "isneginf": None,
    "isposinf": None,
    "isreal": None,
    "real": None,
    "imag": None,
    "conj": None,
    "conjugate": None,
    "i0": None,
    "relu": None,
    "relu6": (-3.0, 8.0),
    "sigmoid": None,
    "softplus": None,
    "softsign": None,
    "silu": None,
    "swish": None,
    "log_sigmoid": None,
    "leaky_relu": None,
    "hard_sigmoid": (-4.0, 4.0),
    "hard_silu": (-4.0, 4.0),
    "hard_swish": (-4.0, 4.0),
    "elu": None,
    "selu": None,
    "gelu": None,
    "celu": None,
    "hard_tanh": None,
    "hard_shrink": None,
    "soft_shrink": None,
    "tanh_shrink": None,
    "sparse_plus": None,
    "sparse_sigmoid": None,
    "squareplus": None,
    "nan_to_num": None,
    "ravel": None,
    "copy": None,
}
# Integer inputs of float-valued functions compute in floatx; of the others keep the dtype.
UNARY_INT = [
    "sin",
    "exp",
    "sqrt",
    "abs",
    "sign",
    "square",
    "negative",
    "floor",
    "ceil",
    "trunc",
    "round",
    "cbrt",
    "log1p",
    "relu",
    "signbit",
]
UNARY_SHAPES = [(3, 4), (), (0, 3)]

BINARY = {
    "add": None,
    "subtract": None,
    "multiply": None,
    "divide": (0.5, 2.0),
    "true_divide": (0.5, 2.0),
    "floor_divide": (0.5, 2.0),
    "mod": (0.5, 2.0),
    "fmod": (0.5, 2.0),
    "maximum": None,
    "minimum": None,
    "fmax": None,
    "fmin": None,
    "arctan2": None,
    "hypot": None,
    "logaddexp": None,
    "logaddexp2": None,
    "heaviside": None,
    "power": (0.5, 2.0),
    "nextafter": None,
    "equal": None,
    "not_equal": None,
    "greater": None,
    "greater_equal": None,
    "less": None,
    "less_equal": None,
    "logical_and": None,
    "logical_or": None,
    "logical_xor": None,
    "divide_no_nan": None,
    "isclose": None,
}
BINARY_SHAPES = [((3, 4), (4,)), ((3, 1), (1, 4)), ((), (3,)), ((0,), (0,))]
BITWISE = [
    "bitwise_and",
    "bitwise_or",
    "bitwise_xor",
    "left_shift",
    "right_shift",
    "bitwise_left_shift",
    "bitwise_right_shift",
    "gcd",
    "lcm",
    "floor_divide",
    "mod",
    "maximum",
    "multiply",
    "add",
]

REDUCE = [
    "sum",
    "mean",
    "max",
    "min",
    "amax",
    "amin",
    "prod",
    "any",
    "all",
    "var",
    "std",
    "ptp",
    "logsumexp",
    "median",
    "nansum",
    "nanmean",
    "nanmax",
    "nanmin",
    "nanprod",
    "nanvar",
    "nanstd",
    "nanmedian",
]
REDUCE_CASES = [
    ((3, 4), {}),
    ((3, 4), {"axis": 0}),
    ((3, 4), {"axis": -1, "keepdims": True}),
    ((2, 3, 4), {"axis": (0, 2)}),
    ((), {}),
]
ARG_REDUCE = ["argmax", "argmin", "nanargmax", "nanargmin"]
SCANS = ["cumsum", "cumprod", "nancumsum", "nancumprod"]


def _unary_rows():
    for name, domain in UNARY.items():
        lo, hi = domain or (-2.5, 2.5)
        for shape in UNARY_SHAPES:
            yield pytest.param(name, (arr(*shape, lo=lo, hi=hi),), {}, id=f"{name}-{shape}")
    for name in UNARY_INT:
        yield pytest.param(name, (arr(5, lo=0, hi=5, dtype="int32"),), {}, id=f"{name}-int32")


def _binary_rows():
    for name, domain in BINARY.items():
        lo, hi = domain or (-2.0, 2.0)
        for a, b in BINARY_SHAPES:
            yield pytest.param(
                name,
                (arr(*a, lo=lo, hi=hi), arr(*b, lo=lo, hi=hi, seed=1)),
                {},
                id=f"{name}-{a}-{b}",
            )
        yield pytest.param(name, (arr(3, lo=lo, hi=hi), 1.5), {}, id=f"{name}-scalar")
    for name in BITWISE:
        a, b = arr(2, 3, lo=1, hi=20, dtype="int32"), arr(3, lo=1, hi=5, dtype="int32", seed=2)
        yield pytest.param(name, (a, b), {}, id=f"{name}-int32")


def _reduce_rows():
    for name in REDUCE:
        for shape, kw in REDUCE_CASES:
            yield pytest.param(name, (arr(*shape, lo=0.5, hi=2.0),), kw, id=f"{name}-{shape}-{kw}")
    for name in ["sum", "mean", "max", "prod", "count_nonzero", "any"]:
        yield pytest.param(
            name, (arr(3, 4, lo=0, hi=4, dtype="int32"),), {"axis": 1}, id=f"{name}-int32"
        )
    yield pytest.param("sum", (arr(0, 3),), {"axis": 0}, id="sum-empty")
    yield pytest.param("mean", (arr(2, 0),), {"axis": 1}, id="mean-empty")
    yield pytest.param("max", (arr(3, 4),), {"axis": 1, "initial": 1.0}, id="max-initial")
    nan_input = arr(3, 4)
    nan_input[0, 1] = np.nan
    for name in ["nansum", "nanmean", "nanmax", "nanmin", "nanvar", "nanmedian", "nanargmax"]:
        yield pytest.param(name, (nan_input,), {"axis": 1}, id=f"{name}-nan")
    for name in ARG_REDUCE:
        for kw in ({}, {"axis": 0}, {"axis": 1, "keepdims": True}):
            yield pytest.param(name, (arr(3, 4),), kw, id=f"{name}-{kw}")
    for name in SCANS:
        for kw in ({}, {"axis": 0}, {"axis": -1}):
            yield pytest.param(name, (arr(3, 4, lo=0.5, hi=1.5),), kw, id=f"{name}-{kw}")
        yield pytest.param(name, (arr(3, lo=0, hi=4, dtype="int32"),), {}, id=f"{name}-int32")
    for method in ["linear", "lower", "higher", "midpoint", "nearest"]:
        yield pytest.param(
            "quantile",
            (arr(4, 5), [0.1, 0.5, 0.9]),
            {"axis": 1, "method": method},
            id=f"quantile-{method}",
        )
    yield pytest.param("percentile", (arr(4, 5), 30.0), {"axis": 0}, id="percentile")
    yield pytest.param("nanquantile", (nan_input, 0.3), {"axis": 1}, id="nanquantile")
    yield pytest.param("nanpercentile", (nan_input, 40), {}, id="nanpercentile")
    yield pytest.param("median", (arr(4, 6),), {"axis": 1, "keepdims": True}, id="median-keep")
    yield pytest.param("average", (arr(3, 4), 1, arr(4, lo=0.1, hi=1.0)), {}, id="average-w")
    yield pytest.param("average", (arr(3, 4),), {}, id="average")
    yield pytest.param("corrcoef", (arr(3, 6),), {}, id="corrcoef")


# The tolerance of rows whose reference takes another path (LAPACK vs float32 algebra).
RTOL = {
    "pinv": 1e-4,
    "lstsq": 1e-4,
    "cholesky_inverse": 1e-4,
    "inv": 1e-4,
    "solve": 1e-4,
    "kaiser": 1e-5,
    "i0": 1e-5,
    "logdet": 1e-4,
    "slogdet": 1e-4,
    "det": 1e-4,
    "norm": 1e-5,
    "corrcoef": 1e-4,
}
# Index outputs where Keras's numpy backend returns NumPy's int64 but Keras (JAX, TF) and
# nnext give int32.
INT64_IN_NUMPY_BACKEND = {
    "nonzero",
    "unique",
    "unravel_index",
    "where",
    "searchsorted",
    "digitize",
    "histogram",
    "lu_factor",
    "bincount",
    "top_k",
}


@pytest.mark.parametrize(
    "name,args,kwargs", [*_unary_rows(), *_binary_rows(), *_reduce_rows(), *other_rows()]
)
def test_matches_keras(name, args, kwargs):
    if not hasattr(ops, name):
        pytest.fail(f"nnext.keras.ops has no {name}")
    compare(
        name,
        args,
        kwargs,
        rtol=RTOL.get(name, 2e-5),
        check_dtype=name not in INT64_IN_NUMPY_BACKEND,
    )


def test_qr_svd_eigh_reconstruct_like_keras():
    a = arr(5, 3)
    for mode in ("reduced", "complete"):
        q, r = ops.qr(a, mode=mode)
        kq, kr = kops.qr(a, mode=mode)
        assert q.shape == kq.shape and r.shape == kr.shape
        np.testing.assert_allclose(q.numpy() @ r.numpy(), a, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(np.abs(r.numpy()), np.abs(kr), rtol=1e-4, atol=1e-5)
    u, s, vh = ops.svd(a, full_matrices=False)
    np.testing.assert_allclose(s.numpy(), kops.svd(a, compute_uv=False), rtol=1e-5)
    np.testing.assert_allclose((u.numpy() * s.numpy()) @ vh.numpy(), a, rtol=1e-5, atol=1e-5)
    assert [t.shape for t in ops.svd(a)] == [x.shape for x in kops.svd(a)]
    sym = a.T @ a
    w, v = ops.eigh(sym)
    np.testing.assert_allclose(w.numpy(), kops.eigh(sym)[0], rtol=1e-5)
    np.testing.assert_allclose(
        v.numpy() @ np.diag(w.numpy()) @ v.numpy().T, sym, rtol=1e-4, atol=1e-5
    )
    lu, piv = ops.lu_factor(arr(4, 4))
    klu, kpiv = kops.lu_factor(arr(4, 4))
    np.testing.assert_allclose(lu.numpy(), klu, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(piv.numpy(), kpiv)


def test_sparsemax_is_the_simplex_projection():
    # Martins & Astudillo (2016), Algorithm 1. (Keras 3.15's own sparsemax sums the running
    # sums over the support when it forms tau, so its rows need not sum to 1; nnext keeps the
    # paper's threshold.)
    x = arr(5, 6, lo=-1.5, hi=1.5)
    z = -np.sort(-x, axis=-1)
    k = np.arange(1, 7)
    cum = np.cumsum(z, axis=-1)
    k_z = (1 + k * z > cum).sum(axis=-1, keepdims=True)
    tau = (np.take_along_axis(cum, k_z - 1, axis=-1) - 1) / k_z
    want = np.maximum(x - tau, 0)
    got = ops.sparsemax(x).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got.sum(-1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(ops.sparsemax(x.T, axis=0).numpy(), want.T, rtol=1e-5, atol=1e-6)


def test_grouped_query_attention_repeats_key_heads():
    q, k, v = arr(2, 3, 4, 4), arr(2, 5, 2, 4, seed=1), arr(2, 5, 2, 4, seed=2)
    got = ops.dot_product_attention(q, k, v).numpy()
    k4, v4 = np.repeat(k, 2, axis=2), np.repeat(v, 2, axis=2)
    want = np.asarray(kops.dot_product_attention(q, k4, v4))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_argpartition_puts_kth_in_place():
    x = arr(3, 7)
    idx = ops.argpartition(x, 3).numpy()
    part = np.take_along_axis(x, idx, axis=-1)
    np.testing.assert_array_equal(part[:, 3], np.sort(x, axis=-1)[:, 3])
    assert (part[:, :3] <= part[:, 3:4]).all() and (part[:, 4:] >= part[:, 3:4]).all()


# ---------------------------------------------------------------------------------------
# Names of keras.ops that nnext leaves out, each with its reason.
EXCLUDED = {
    # Complex numbers: nnext's dtypes are real (float32/float64/int32/int64/bool).
    "polar": "builds complex numbers",
    "view_as_complex": "complex output",
    "view_as_real": "complex input",
    "eig": "eigenvalues of a general real matrix are complex",
}


def test_every_keras_ops_name_is_present_or_excluded():
    keras_names = {n for n in dir(kops) if not n.startswith("_")}
    missing = sorted(n for n in keras_names if not hasattr(ops, n) and n not in EXCLUDED)
    assert not missing, f"keras.ops names missing from nnext.keras.ops: {missing}"
    stale = sorted(n for n in EXCLUDED if hasattr(ops, n))
    assert not stale, f"EXCLUDED lists names nnext now has: {stale}"


@pytest.mark.parametrize("sub", ["numpy", "nn", "linalg", "image"])
def test_submodules_hold_keras_names(sub):
    keras_names = {n for n in dir(getattr(kops, sub)) if not n.startswith("_")}
    ours = getattr(ops, sub)
    missing = sorted(n for n in keras_names if not hasattr(ours, n) and n not in EXCLUDED)
    assert not missing, f"keras.ops.{sub} names missing: {missing}"
