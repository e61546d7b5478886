"""keras.ops against real Keras 3 (numpy backend, which computes eagerly): one table row per
function, over ordinary, 0-d, empty and broadcasting inputs (values, dtype and shape);
gradients of the differentiable ones against central differences; KerasTensor inputs; and
a guard that lists every name of `keras.ops` nnext lacks."""

import copy
import os
import warnings

os.environ.setdefault("KERAS_BACKEND", "numpy")

import numpy as np
import pytest
from helpers import check_gradient

from nnext import _core
from nnext.keras import ops
from nnext.keras.keras_tensor import KerasTensor

keras = pytest.importorskip("keras")
kops = keras.ops


def arr(*shape, lo=-2.0, hi=2.0, dtype="float32", seed=0):
    rng = np.random.default_rng(seed + 7 * len(shape) + sum(shape))
    if dtype.startswith("int"):
        return rng.integers(int(lo), int(hi), size=shape).astype(dtype)
    if dtype == "bool":
        return rng.random(shape) > 0.5
    return rng.uniform(lo, hi, size=shape).astype(dtype)


def _flat(value):
    if isinstance(value, (tuple, list)):
        return [leaf for v in value for leaf in _flat(v)]
    return [value]


def _np(value):
    if isinstance(value, _core.Tensor):
        return value.numpy()
    return np.asarray(value)


def compare(
    name, args, kwargs=None, rtol=2e-5, atol=2e-6, check_dtype=True, fn=None, reference=None
):
    kwargs = kwargs or {}
    with warnings.catch_warnings():  # NumPy's own warnings (empty means, 2-D cross)
        warnings.simplefilter("ignore")
        # Keras's numpy backend writes into some inputs (scatter_update): give it copies.
        want = (reference or getattr(kops, name))(*copy.deepcopy(args), **copy.deepcopy(kwargs))
    got = (fn or getattr(ops, name))(*args, **kwargs)
    wants, gots = _flat(want), _flat(got)
    assert len(wants) == len(gots), f"{name}: {len(gots)} outputs, Keras gives {len(wants)}"
    for w, g in zip(wants, gots):
        w_np, g_np = _np(w), _np(g)
        assert g_np.shape == w_np.shape, f"{name}: shape {g_np.shape}, Keras {w_np.shape}"
        if check_dtype and not isinstance(w, (int, float, bool)):
            assert g_np.dtype == w_np.dtype, f"{name}: dtype {g_np.dtype}, Keras {w_np.dtype}"
        if name in UNINITIALISED:
            continue
        np.testing.assert_allclose(
            g_np.astype(np.float64) if g_np.dtype != bool else g_np,
            w_np.astype(np.float64) if w_np.dtype != bool else w_np,
            rtol=rtol,
            atol=atol,
            equal_nan=True,
            err_msg=name,
        )


# Keras's empty() hands out uninitialised memory: only shapes and dtypes compare.
UNINITIALISED = {"empty", "empty_like"}

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


SIGNAL = arr(2, 50)
SPECTRUM = (arr(3, 8), arr(3, 8, seed=1))
STFT = [
    {"window": "hann", "center": True},
    {"window": "hamming", "center": False},
    {"window": None, "center": True},
]


def _fft_rows():
    yield "fft", (SPECTRUM,), {}
    yield "fft2", (SPECTRUM,), {}
    yield "ifft2", (SPECTRUM,), {}
    for n in (None, 6, 11):
        yield "rfft", (SPECTRUM[0],), {"fft_length": n}
    spectrum = tuple(np.asarray(p) for p in kops.rfft(SPECTRUM[0]))
    for n in (None, 7, 12):
        yield "irfft", (spectrum,), {"fft_length": n}
    for kw in STFT:
        yield "stft", (SIGNAL, 10, 4, 16), kw
        frames = tuple(np.asarray(p) for p in kops.stft(SIGNAL, 10, 4, 16, **kw))
        yield "istft", (frames, 10, 4, 16), kw
        yield "istft", (frames, 10, 4, 16), {**kw, "length": 40}


@pytest.mark.parametrize(
    "name,args,kwargs", list(_fft_rows()), ids=lambda v: v if isinstance(v, str) else None
)
def test_fourier_transforms_match_keras(name, args, kwargs):
    compare(name, args, kwargs, rtol=1e-4, atol=2e-5)


def test_fourier_gradients_match_finite_differences():
    x = arr(2, 6, dtype="float64")
    check_gradient(lambda v: ops.rfft(v)[0] + ops.rfft(v)[1] * 2.0, [x], rtol=1e-6, atol=1e-8)
    check_gradient(
        lambda v: ops.stft(v, 4, 2, 4)[1], [arr(1, 12, dtype="float64")], rtol=1e-6, atol=1e-8
    )
    check_gradient(
        lambda r, i: ops.fft((r, i))[1],
        [x, arr(2, 6, dtype="float64", seed=1)],
        rtol=1e-6,
        atol=1e-8,
    )


# target, output (logits), target_length, output_length; blank is class 0.
CTC_CASE = (
    np.array([[1, 2, 2], [3, 0, 0], [4, 1, 0]]),
    arr(3, 8, 5),
    np.array([3, 1, 2]),
    np.array([8, 6, 7]),
)


def _other_rows():
    x34, x234, v3 = arr(3, 4), arr(2, 3, 4), arr(3)
    sq = arr(3, 3) + 3 * np.eye(3, dtype="float32")
    spd = (sq @ sq.T).astype("float32")
    ints = arr(6, lo=0, hi=5, dtype="int32")
    rows = [
        ("reshape", (x34, (2, 6)), {}),
        ("reshape", (x34, (-1,)), {}),
        ("transpose", (x234,), {}),
        ("transpose", (x234, (1, 0, 2)), {}),
        ("expand_dims", (x34, 1), {}),
        ("expand_dims", (x34, (0, 3)), {}),
        ("squeeze", (arr(3, 1, 4),), {}),
        ("squeeze", (arr(1, 3, 1),), {"axis": 0}),
        ("broadcast_to", (v3, (2, 3)), {}),
        ("moveaxis", (x234, 0, -1), {}),
        ("moveaxis", (x234, (0, 1), (2, 0)), {}),
        ("swapaxes", (x234, 0, 2), {}),
        ("concatenate", ([x34, x34],), {"axis": 1}),
        ("concatenate", ([x34, x34],), {"axis": None}),
        ("stack", ([x34, x34],), {"axis": 1}),
        ("hstack", ([x34, x34],), {}),
        ("vstack", ([v3, v3],), {}),
        ("dstack", ([x34, x34],), {}),
        ("append", (x34, x34), {"axis": 0}),
        ("append", (x34, v3), {}),
        ("split", (arr(6, 2), 3), {}),
        ("split", (arr(6, 2), [1, 4]), {}),
        ("array_split", (arr(7, 2), 3), {}),
        ("hsplit", (arr(2, 4), 2), {}),
        ("vsplit", (arr(4, 2), 2), {}),
        ("dsplit", (arr(2, 2, 4), 2), {}),
        ("tile", (x34, (2, 1)), {}),
        ("tile", (v3, 2), {}),
        ("repeat", (x34, 2), {}),
        ("repeat", (x34, [1, 0, 2]), {"axis": 0}),
        ("repeat", (x34, 2), {"axis": 1}),
        ("flip", (x34,), {}),
        ("flip", (x34, 1), {}),
        ("fliplr", (x34,), {}),
        ("flipud", (x34,), {}),
        ("roll", (x34, 2), {}),
        ("roll", (x34, -1, 1), {}),
        ("rot90", (x34,), {}),
        ("rot90", (x34, 3), {}),
        ("pad", (x34, 1), {}),
        ("pad", (x34, ((1, 0), (2, 1))), {"constant_values": 2.0}),
        ("pad", (x34, ((1, 2), (2, 1))), {"mode": "reflect"}),
        ("pad", (x34, ((1, 2), (2, 1))), {"mode": "symmetric"}),
        ("pad", (x34, ((1, 2), (2, 1))), {"mode": "edge"}),
        ("pad", (x34, ((1, 2), (2, 1))), {"mode": "wrap"}),
        ("tril", (x34,), {}),
        ("tril", (x234, -1), {}),
        ("triu", (x34, 1), {}),
        ("diagonal", (x34,), {}),
        ("diagonal", (x234, 1, 1, 2), {}),
        ("diagonal", (x34, -1), {}),
        ("trace", (x34,), {}),
        ("trace", (x234, 0, 1, 2), {}),
        ("diag", (v3,), {}),
        ("diag", (v3, 1), {}),
        ("diag", (x34, -1), {}),
        ("diagflat", (arr(2, 2),), {}),
        ("diff", (x34,), {}),
        ("diff", (x34, 2, 0), {}),
        ("where", (x34 > 0, x34, 0.0), {}),
        ("where", (x34 > 0,), {}),
        ("select", ([v3 > 0, v3 < -1], [v3, -v3], 7.0), {}),
        ("meshgrid", (v3, arr(2)), {}),
        ("meshgrid", (v3, arr(2)), {"indexing": "ij"}),
        ("get_item", (x34, 1), {}),
        ("unravel_index", (ints, (2, 3)), {}),
        ("take", (x34, [2, 0]), {"axis": 1}),
        ("take", (x34, [[1, 5], [0, -1]]), {}),
        ("take", (x34, [0, 2]), {"axis": 0}),
        ("take_along_axis", (x34, np.argsort(x34, axis=1)), {"axis": 1}),
        ("take_along_axis", (x34, np.array([[0], [2], [1]])), {"axis": 1}),
        ("take_along_axis", (x34, np.array([[0, 2, 1, 0]])), {"axis": 0}),
        ("sort", (x34,), {}),
        ("sort", (x34,), {"axis": 0}),
        ("sort", (ints,), {}),
        ("argsort", (x34,), {}),
        ("argsort", (x34,), {"axis": 0}),
        ("top_k", (x34, 2), {}),
        ("top_k", (np.array([3, 0, 5, 1, 4]), 3), {}),
        ("in_top_k", (np.array([0, 1, 2]), x34[:, :3], 2), {}),
        ("searchsorted", (np.sort(v3), x34), {}),
        ("searchsorted", (np.array([1, 2, 2, 3]), np.array([2, 3])), {"side": "right"}),
        ("digitize", (x34, np.array([-1.0, 0.0, 1.0])), {}),
        ("bincount", (ints,), {}),
        ("bincount", (ints,), {"weights": arr(6), "minlength": 8}),
        ("histogram", (arr(20),), {"bins": 5}),
        ("isin", (ints, np.array([1, 3])), {}),
        ("isin", (ints, np.array([1, 3])), {"invert": True}),
        ("unique", (ints,), {}),
        ("unique", (ints,), {"return_index": True, "return_inverse": True, "return_counts": True}),
        ("nonzero", (x34 > 0,), {}),
        ("matmul", (x34, arr(4, 2)), {}),
        ("matmul", (x234, arr(4, 5)), {}),
        ("matmul", (v3, arr(3, 2)), {}),
        ("dot", (x34, arr(4)), {}),
        ("dot", (x234, arr(4, 2)), {}),
        ("dot", (v3, v3), {}),
        ("dot", (2.0, v3), {}),
        ("tensordot", (x234, arr(3, 4, 2)), {}),
        ("tensordot", (x34, arr(4, 3)), {"axes": ([1], [0])}),
        ("einsum", ("ij,jk->ik", x34, arr(4, 2)), {}),
        ("einsum", ("bij->bji", x234), {}),
        ("einsum", ("ii->i", sq), {}),
        ("einsum", ("ii", sq), {}),
        ("einsum", ("...ij,...jk", x234, arr(2, 4, 3)), {}),
        ("einsum", ("i,j->ij", v3, arr(2)), {}),
        ("einsum", ("ij,ij->", x34, x34), {}),
        ("einsum", ("abc,cd,ad->b", x234, arr(4, 5), arr(2, 5)), {}),
        ("inner", (x34, arr(2, 4)), {}),
        ("outer", (v3, arr(2)), {}),
        ("vdot", (x34, x34), {}),
        ("cross", (arr(4, 3), arr(4, 3)), {}),
        ("cross", (arr(2), arr(2)), {}),
        ("kron", (arr(2, 2), arr(3, 2)), {}),
        ("correlate", (arr(6), arr(3)), {}),
        ("correlate", (arr(6), arr(3)), {"mode": "same"}),
        ("correlate", (arr(6), arr(3)), {"mode": "full"}),
        ("cdist", (arr(3, 2), arr(4, 2)), {}),
        ("trapezoid", (x34,), {}),
        ("trapezoid", (x34, arr(4)), {}),
        ("vander", (v3,), {}),
        ("vander", (v3, 4, True), {}),
        ("clip", (x34, -0.5, 0.5), {}),
        ("clip", (ints, 1, 3), {}),
        ("round", (x34 * 100, -1), {}),
        ("round", (x34, 2), {}),
        ("ldexp", (x34, arr(3, 4, lo=-3, hi=3, dtype="int32")), {}),
        ("allclose", (x34, x34 + 1e-9), {}),
        ("angle", (x34,), {}),
        ("bitwise_invert", (ints,), {}),
        ("bitwise_not", (ints,), {}),
        ("logical_not", (x34 > 0,), {}),
        ("arange", (5,), {}),
        ("arange", (1, 10, 3), {}),
        ("arange", (0.5, 3.0, 0.5), {}),
        ("linspace", (0, 1, 5), {}),
        ("linspace", (0, 1, 5), {"endpoint": False}),
        ("linspace", (0, 10, 4), {"retstep": True}),
        ("logspace", (0, 2, 3), {}),
        ("geomspace", (1, 1000, 4), {}),
        ("zeros", ((2, 3),), {}),
        ("ones", ((2,),), {}),
        ("full", ((2, 2), 3.0), {}),
        ("full", ((2,), 3), {}),
        ("eye", (3,), {}),
        ("eye", (3, 4, 1), {}),
        ("identity", (2,), {"dtype": "int32"}),
        ("tri", (3,), {}),
        ("tri", (3, 4, -1), {}),
        ("zeros_like", (x34,), {}),
        ("ones_like", (ints,), {}),
        ("full_like", (x34, 2.0), {}),
        ("empty", ((2, 2),), {}),
        ("empty_like", (x34,), {}),
        ("bartlett", (5,), {}),
        ("blackman", (6,), {}),
        ("hamming", (5,), {}),
        ("hanning", (7,), {}),
        ("kaiser", (6, 3.0), {}),
        ("array", (x34,), {}),
        ("softmax", (x34,), {}),
        ("softmax", (x34,), {"axis": 0}),
        ("softmax", (x234,), {"axis": (1, 2)}),
        ("log_softmax", (x34,), {"axis": 0}),
        ("log_softmax", (x234,), {"axis": (0, 1)}),
        ("glu", (x34,), {}),
        ("gelu", (x34,), {"approximate": False}),
        ("elu", (x34, 0.5), {}),
        ("celu", (x34, 2.0), {}),
        ("leaky_relu", (x34, 0.1), {}),
        ("hard_shrink", (x34, 1.0), {}),
        ("soft_shrink", (x34, 1.0), {}),
        ("squareplus", (x34, 2), {}),
        ("threshold", (x34, 0.5, -1.0), {}),
        ("one_hot", (ints, 5), {}),
        ("one_hot", (ints, 5), {"axis": 0, "dtype": "int32"}),
        ("multi_hot", (np.array([[0, 2], [1, 1]]), 4), {}),
        ("binary_crossentropy", (arr(3, 4, lo=0, hi=1), arr(3, 4, lo=0.05, hi=0.95)), {}),
        ("binary_crossentropy", (arr(3, 4, lo=0, hi=1), x34), {"from_logits": True}),
        (
            "categorical_crossentropy",
            (kops.softmax(x34).astype("float32"), arr(3, 4, lo=0.1, hi=1)),
            {},
        ),
        (
            "categorical_crossentropy",
            (kops.softmax(x34).astype("float32"), x34),
            {"from_logits": True},
        ),
        (
            "categorical_crossentropy",
            (kops.softmax(x34, 0).astype("float32"), x34),
            {"from_logits": True, "axis": 0},
        ),
        ("sparse_categorical_crossentropy", (np.array([0, 3, 1]), arr(3, 4, lo=0.1, hi=1)), {}),
        ("sparse_categorical_crossentropy", (np.array([0, 3, 1]), x34), {"from_logits": True}),
        (
            "sparse_categorical_crossentropy",
            (np.array([[0], [3], [1]]), x34),
            {"from_logits": True},
        ),
        ("moments", (x234, (0, 2)), {}),
        ("moments", (x234, 1), {"keepdims": True}),
        (
            "batch_normalization",
            (x234, arr(4), arr(4, lo=0.5, hi=1), -1),
            {"offset": arr(4), "scale": arr(4)},
        ),
        ("batch_normalization", (x234, arr(3), arr(3, lo=0.5, hi=1), 1), {}),
        ("normalize", (x34,), {}),
        ("normalize", (x34, 0, 1), {}),
        ("layer_normalization", (x34,), {"gamma": arr(4), "beta": arr(4)}),
        ("layer_normalization", (x234,), {"axis": (1, 2)}),
        ("rms_normalization", (x34,), {"scale": arr(4)}),
        ("psnr", (arr(2, 3, lo=0, hi=1), arr(2, 3, lo=0, hi=1, seed=3), 1.0), {}),
        ("depth_to_space", (arr(1, 2, 2, 8), 2), {}),
        ("space_to_depth", (arr(1, 4, 4, 2), 2), {}),
        ("dot_product_attention", (arr(2, 3, 2, 4), arr(2, 5, 2, 4), arr(2, 5, 2, 4)), {}),
        (
            "dot_product_attention",
            (arr(2, 3, 2, 4), arr(2, 3, 2, 4), arr(2, 3, 2, 4)),
            {"is_causal": True},
        ),
        (
            "dot_product_attention",
            (arr(2, 3, 2, 4), arr(2, 5, 2, 4), arr(2, 5, 2, 4)),
            {"mask": arr(2, 2, 3, 5, dtype="bool"), "scale": 0.3, "bias": arr(2, 2, 3, 5)},
        ),
        ("segment_sum", (arr(5, 2), np.array([0, 0, 1, 3, 3])), {"num_segments": 4}),
        ("segment_max", (arr(5, 2), np.array([0, 0, 1, 3, 3])), {"num_segments": 4}),
        ("segment_min", (arr(5), np.array([0, 0, 1, 1, 2])), {}),
        ("segment_prod", (arr(5), np.array([0, 0, 1, 1, 2])), {}),
        ("extract_sequences", (arr(2, 10), 4, 3), {}),
        ("inv", (sq,), {}),
        ("det", (sq,), {}),
        ("det", (np.stack([sq, spd]),), {}),
        ("slogdet", (sq,), {}),
        ("logdet", (spd,), {}),
        ("solve", (sq, arr(3, 2)), {}),
        ("solve", (sq, v3), {}),
        ("solve_triangular", (np.tril(sq), arr(3, 2)), {"lower": True}),
        ("solve_triangular", (np.triu(sq), arr(3, 2)), {}),
        ("cholesky", (spd,), {}),
        ("cholesky", (spd,), {"upper": True}),
        ("cholesky_inverse", (np.linalg.cholesky(spd).astype("float32"),), {}),
        ("lstsq", (arr(5, 3), arr(5, 2)), {}),
        ("lstsq", (arr(5, 3), arr(5)), {}),
        ("pinv", (arr(4, 3),), {}),
        ("matrix_rank", (arr(4, 3),), {}),
        ("norm", (x34,), {}),
        ("norm", (x34,), {"axis": 1}),
        ("norm", (x34,), {"ord": 1, "axis": 0}),
        ("norm", (x34,), {"ord": np.inf, "axis": 1}),
        ("norm", (x34,), {"ord": "fro"}),
        ("norm", (x34,), {"ord": "nuc"}),
        ("norm", (x34,), {"ord": 2}),
        ("norm", (x34,), {"ord": -1}),
        ("norm", (x34,), {"ord": 3, "axis": -1, "keepdims": True}),
        ("norm", (x234,), {"axis": (1, 2), "ord": np.inf}),
        ("cast", (x34, "int32"), {}),
        ("cast", (ints, "float64"), {}),
        ("saturate_cast", (x34 * 1e3, "int32"), {}),
        ("slice", (x34, (1, 0), (2, 3)), {}),
        ("slice_update", (x34, (1, 1), arr(2, 2)), {}),
        ("scatter", (np.array([[0, 1], [2, 0], [0, 1]]), arr(3), (3, 2)), {}),
        ("scatter_update", (x34, np.array([[0, 1], [2, 3]]), arr(2)), {}),
        ("scatter_update", (x34, np.array([[0, 1], [2, 3], [0, 1]]), arr(3)), {"reduction": "add"}),
        ("scatter_update", (x34, np.array([[0, 1], [2, 3], [0, 1]]), arr(3)), {"reduction": "max"}),
        ("scatter_update", (x34, np.array([[0, 1], [2, 3]]), arr(2)), {"reduction": "mul"}),
        ("unstack", (x34,), {}),
        ("unstack", (x34,), {"axis": 1}),
        ("convert_to_tensor", ([1.0, 2.0],), {}),
        ("convert_to_tensor", ([1, 2],), {}),
        ("convert_to_numpy", (x34,), {}),
        ("stop_gradient", (x34,), {}),
        ("ndim", (x234,), {}),
        ("size", (x234,), {}),
        ("shape", (x234,), {}),
        ("histogram", (arr(10),), {"bins": 3, "range": (-1.0, 1.0)}),
        ("unfold", (arr(2, 3, 7, 6), (2, 3)), {"dilation": (1, 2), "padding": 1, "stride": (2, 1)}),
        (
            "fold",
            (np.asarray(kops.unfold(arr(2, 3, 7, 6), 3, padding=1)), (7, 6), 3),
            {"padding": 1},
        ),
        ("adaptive_average_pool", (arr(2, 7, 5, 3), (3, 2)), {}),
        ("adaptive_max_pool", (arr(2, 7, 5, 3), (3, 4)), {}),
        ("adaptive_max_pool", (arr(2, 3, 10), 4), {"data_format": "channels_first"}),
        ("adaptive_average_pool", (arr(1, 5, 6, 7, 2), (2, 3, 4)), {}),
        ("rearrange", (x234, "a b c -> b (a c)"), {}),
        ("rearrange", (arr(2, 6, 4), "b (h w) c -> b h (w c)"), {"h": 2}),
        ("ctc_loss", CTC_CASE, {}),
        ("ctc_decode", (CTC_CASE[1], CTC_CASE[3]), {}),
        ("ctc_decode", (CTC_CASE[1], CTC_CASE[3]), {"merge_repeated": False}),
        (
            "ctc_decode",
            (CTC_CASE[1], CTC_CASE[3]),
            {"strategy": "beam_search", "beam_width": 10, "top_paths": 2},
        ),
    ]
    for name, args, kwargs in rows:
        yield pytest.param(name, args, kwargs, id=f"{name}-{len(args)}-{sorted(kwargs)}")


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
    "name,args,kwargs", [*_unary_rows(), *_binary_rows(), *_reduce_rows(), *_other_rows()]
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
# Gradients in float64 against central differences: (name, inputs, kwargs).
def _grad_rows():
    x34, x234 = arr(3, 4, dtype="float64"), arr(2, 3, 4, dtype="float64")
    sq = arr(3, 3, dtype="float64") + 3 * np.eye(3)
    unary = [
        "tan",
        "sinh",
        "cosh",
        "arctan",
        "arcsinh",
        "erf",
        "erfc",
        "expm1",
        "cbrt",
        "exp2",
        "log2",
        "sinc",
        "silu",
        "gelu",
        "selu",
        "celu",
        "softsign",
        "log_sigmoid",
        "hard_silu",
        "squareplus",
        "sparse_plus",
        "tanh_shrink",
        "relu6",
        "glu",
        "softmax",
        "log_softmax",
        "sparsemax",
        "cumsum",
        "cumprod",
        "sort",
        "logsumexp",
        "var",
        "std",
        "median",
        "flip",
        "roll",
        "tril",
        "triu",
        "diagonal",
        "trace",
        "repeat",
        "ravel",
        "normalize",
        "rms_normalization",
        "layer_normalization",
        "nanmean",
        "ptp",
        "prod",
    ]
    needs = {"roll": {"shift": 1}, "repeat": {"repeats": 2, "axis": 1}}
    for name in unary:
        domain = (0.5, 2.0) if name in ("cumprod", "cbrt", "log2", "prod") else (-1.5, 1.5)
        yield name, [arr(3, 4, lo=domain[0], hi=domain[1], dtype="float64")], needs.get(name, {})
    bounded = ["arcsin", "arccos", "arctanh", "erfinv"]
    for name in bounded:
        yield name, [arr(3, 4, lo=-0.8, hi=0.8, dtype="float64")], {}
    yield "arccosh", [arr(3, 4, lo=1.2, hi=3.0, dtype="float64")], {}
    for name in ["arctan2", "hypot", "logaddexp", "divide", "power", "fmod", "maximum"]:
        yield (
            name,
            [
                arr(3, 4, lo=0.5, hi=2.0, dtype="float64"),
                arr(4, lo=0.5, hi=2.0, dtype="float64", seed=5),
            ],
            {},
        )
    yield "softmax", [x234], {"axis": (0, 2)}
    yield "sum", [x234], {"axis": (0, 2)}
    yield "moments", [x234], {"axes": 1}
    yield "take", [x34, np.array([2, 0, 2])], {"axis": 1}
    yield "take_along_axis", [x34, np.argsort(x34, axis=0)], {"axis": 0}
    yield "top_k", [x34, 2], {}
    yield "einsum", ["ij,jk->ik", x34, arr(4, 2, dtype="float64")], {}
    yield "einsum", ["bij,bjk->bik", x234, arr(2, 4, 3, dtype="float64")], {}
    yield "matmul", [x34, arr(4, 2, dtype="float64")], {}
    yield "quantile", [x34, 0.3], {"axis": 1}
    yield "categorical_crossentropy", [arr(3, 4, lo=0, hi=1, dtype="float64"), x34], {}
    yield (
        "binary_crossentropy",
        [arr(3, 4, lo=0, hi=1, dtype="float64"), arr(3, 4, lo=0.1, hi=0.9, dtype="float64")],
        {},
    )
    yield "sparse_categorical_crossentropy", [np.array([0, 3, 1]), x34], {"from_logits": True}
    yield "segment_sum", [arr(5, 2, dtype="float64"), np.array([0, 0, 1, 2, 2])], {}
    yield "segment_max", [arr(5, 2, dtype="float64"), np.array([0, 0, 1, 2, 2])], {}
    yield "slice_update", [x34, (1, 1), arr(2, 2, dtype="float64")], {}
    yield (
        "dot_product_attention",
        [
            arr(1, 3, 2, 4, dtype="float64"),
            arr(1, 3, 2, 4, dtype="float64", seed=3),
            arr(1, 3, 2, 4, dtype="float64", seed=4),
        ],
        {},
    )
    yield "inv", [sq], {}
    yield "det", [sq], {}
    yield "slogdet", [sq], {}
    yield "solve", [sq, arr(3, 2, dtype="float64")], {}
    yield "solve_triangular", [np.tril(sq), arr(3, 2, dtype="float64")], {"lower": True}
    yield "solve_triangular", [np.triu(sq), arr(3, 2, dtype="float64")], {}
    yield "norm", [x34], {"ord": 3, "axis": 1}
    yield "unfold", [arr(1, 2, 5, 4, dtype="float64")], {"kernel_size": 2, "padding": 1}
    yield (
        "fold",
        [arr(1, 8, 20, dtype="float64")],
        {"output_size": (3, 4), "kernel_size": 2, "padding": 1},
    )
    yield "adaptive_average_pool", [arr(1, 5, 4, 2, dtype="float64")], {"output_size": (2, 3)}
    yield "adaptive_max_pool", [arr(1, 5, 4, 2, dtype="float64")], {"output_size": (2, 3)}
    yield "rearrange", [x234], {"pattern": "a b c -> (b a) c"}
    yield "ctc_loss", [CTC_CASE[0], CTC_CASE[1].astype("float64"), CTC_CASE[2], CTC_CASE[3]], {}


def _wants_grad(value):
    return isinstance(value, np.ndarray) and value.dtype == np.float64


@pytest.mark.parametrize("row", list(_grad_rows()), ids=lambda r: r[0])
def test_gradient_matches_finite_differences(row):
    name, args, kwargs = row
    fn = getattr(ops, name)
    slots = [i for i, a in enumerate(args) if _wants_grad(a)]

    def call(*tensors):
        full = list(args)
        for i, t in zip(slots, tensors):
            full[i] = t
        out = fn(*full, **kwargs)
        if isinstance(out, (tuple, list)):  # differentiate the float outputs, summed
            floats = [o for o in out if o.dtype.is_floating]
            return sum(
                (_core.reduce_sum(o) * (k + 1.0) for k, o in enumerate(floats)),
                _core.zeros([], "float64"),
            )
        return out

    check_gradient(call, [args[i] for i in slots], rtol=1e-6, atol=1e-8, what=name)


def test_symmetric_gradients_of_cholesky_and_eigh():
    """Cholesky and eigh read one triangle of a symmetric input: differentiate through
    A = S + S^T so that finite differences stay on symmetric matrices."""
    base = arr(3, 3, dtype="float64")

    def spd(s):
        return ops.matmul(s, ops.transpose(s)) + ops.eye(3, dtype="float64") * 3.0

    check_gradient(lambda s: ops.cholesky(spd(s)), [base], rtol=1e-6, atol=1e-8)
    check_gradient(lambda s: ops.eigh(spd(s))[0], [base], rtol=1e-6, atol=1e-8)

    def eigvec_invariant(s):  # v diag(w) v^T is sign-independent
        w, v = ops.eigh(spd(s))
        return ops.matmul(v * ops.expand_dims(w, 0), ops.transpose(v))

    check_gradient(eigvec_invariant, [base], rtol=1e-6, atol=1e-8)


def test_custom_gradient_and_stop_gradient():
    import nnext

    @ops.custom_gradient
    def clipped_identity(x):
        def grad(*args, upstream=None):
            if upstream is None:
                (upstream,) = args
            return ops.clip(upstream, -0.5, 0.5)

        return x * 1.0, grad

    x = nnext.constant([1.0, 2.0, 3.0])
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = ops.sum(clipped_identity(x) * ops.convert_to_tensor([-3.0, 0.2, 4.0]))
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [-0.5, 0.2, 0.5])
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = ops.sum(ops.stop_gradient(x) * x)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [1.0, 2.0, 3.0])


def test_custom_gradient_errors_surface():
    import nnext

    @ops.custom_gradient
    def broken(x):
        def grad(upstream):
            raise ValueError("no gradient here")

        return x * 2.0, grad

    x = nnext.constant([1.0])
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = broken(x)
    with pytest.raises(ValueError, match="no gradient here"):
        tape.gradient(y, x)


def test_jvp_matches_jacobian():
    x = arr(3, dtype="float64")
    t = arr(3, dtype="float64", seed=9)
    out, tangent = ops.jvp(lambda v: ops.sin(v) * ops.sum(v), (x,), (t,))
    jac = np.diag(np.cos(x) * x.sum()) + np.outer(np.sin(x), np.ones(3))
    np.testing.assert_allclose(tangent.numpy(), jac @ t, rtol=1e-10)
    np.testing.assert_allclose(out.numpy(), np.sin(x) * x.sum())


# ---------------------------------------------------------------------------------------
def test_control_flow_matches_keras():
    x = arr(4, 3)
    np.testing.assert_allclose(
        ops.cond(True, lambda: ops.ones(2), lambda: ops.zeros(2)).numpy(), [1.0, 1.0]
    )
    assert int(ops.fori_loop(0, 5, lambda i, v: v + i, 0)) == 10
    got = ops.while_loop(lambda i, s: i < 4, lambda i, s: (i + 1, s * 2), (0, 1.0))
    want = kops.while_loop(lambda i, s: i < 4, lambda i, s: (i + 1, s * 2), (0, 1.0))
    assert [float(g) for g in got] == [float(w) for w in want]
    assert float(ops.while_loop(lambda v: v < 100, lambda v: v * 3, 1, maximum_iterations=2)) == 9
    carry, ys = ops.scan(lambda c, v: (c + v, c * v), np.zeros(3, "float32"), x)
    kcarry, kys = kops.scan(lambda c, v: (c + v, c * v), np.zeros(3, "float32"), x)
    np.testing.assert_allclose(carry.numpy(), kcarry, rtol=1e-6)
    np.testing.assert_allclose(ys.numpy(), kys, rtol=1e-6)
    carry, ys = ops.scan(lambda c, v: (c + v, c), 0.0, x[:, 0], reverse=True)
    kcarry, kys = kops.scan(lambda c, v: (c + v, c), 0.0, x[:, 0], reverse=True)
    np.testing.assert_allclose(ys.numpy(), kys, rtol=1e-6)
    np.testing.assert_allclose(
        ops.map(lambda v: v * 2.0, x).numpy(), kops.map(lambda v: v * 2.0, x)
    )
    np.testing.assert_allclose(
        ops.vectorized_map(lambda v: ops.sum(v), x).numpy(), x.sum(axis=1), rtol=1e-6
    )
    np.testing.assert_allclose(
        ops.associative_scan(ops.add, x, axis=1).numpy(),
        kops.associative_scan(kops.add, x, axis=1),
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        ops.associative_scan(ops.multiply, x, reverse=True).numpy(),
        kops.associative_scan(kops.multiply, x, reverse=True),
        rtol=1e-5,
    )
    branches = [lambda v: v + 1.0, lambda v: v * 10.0]
    np.testing.assert_allclose(np.asarray(ops.switch(5, branches, x)), x * 10.0)
    vec = ops.vectorize(lambda a, b: a * b + 1.0)
    np.testing.assert_allclose(vec(x, 2.0).numpy(), x * 2.0 + 1.0, rtol=1e-6)
    dot_rows = ops.vectorize(lambda a, b: ops.sum(a * b), signature="(n),(n)->()")
    np.testing.assert_allclose(dot_rows(x, x).numpy(), (x * x).sum(1), rtol=1e-6)
    assert ops.is_tensor(ops.ones(1)) and not ops.is_tensor(np.ones(1))
    assert ops.dtype(x) == "float32" and ops.shape(x) == (4, 3)


# ---------------------------------------------------------------------------------------
SYMBOLIC = [
    ("add", (KerasTensor((None, 3)), KerasTensor((None, 3))), {}, (None, 3), "float32"),
    ("sum", (KerasTensor((None, 3)),), {"axis": 1}, (None,), "float32"),
    ("matmul", (KerasTensor((None, 3)), np.ones((3, 5), "float32")), {}, (None, 5), "float32"),
    ("argmax", (KerasTensor((None, 3)),), {"axis": -1}, (None,), "int32"),
    ("softmax", (KerasTensor((None, 3)),), {"axis": 0}, (None, 3), "float32"),
    ("one_hot", (KerasTensor((None, 3), dtype="int32"), 4), {}, (None, 3, 4), "float32"),
    (
        "concatenate",
        ([KerasTensor((None, 3)), KerasTensor((None, 2))],),
        {"axis": 1},
        (None, 5),
        "float32",
    ),
    ("cumsum", (KerasTensor((None, 3)),), {"axis": 1}, (None, 3), "float32"),
    (
        "einsum",
        ("bi,ij->bj", KerasTensor((None, 3)), np.ones((3, 2), "float32")),
        {},
        (None, 2),
        "float32",
    ),
    ("cast", (KerasTensor((None, 3)), "int64"), {}, (None, 3), "int64"),
    ("inv", (KerasTensor((None, 3, 3)),), {}, (None, 3, 3), "float32"),
    ("repeat", (KerasTensor((None, 3)), 2), {"axis": 1}, (None, 6), "float32"),
]


@pytest.mark.parametrize("name,args,kwargs,shape,dtype", SYMBOLIC, ids=[r[0] for r in SYMBOLIC])
def test_keras_tensor_inputs(name, args, kwargs, shape, dtype):
    out = getattr(ops, name)(*args, **kwargs)
    assert isinstance(out, KerasTensor)
    assert out.shape == shape and out.dtype == dtype


def test_keras_tensor_multiple_outputs():
    values, indices = ops.top_k(KerasTensor((None, 5)), 2)
    assert values.shape == (None, 2) and indices.dtype == "int32"
    mean, var = ops.moments(KerasTensor((None, 4)), axes=0)
    assert mean.shape == (4,) and var.shape == (4,)


# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call,error,match",
    [
        (lambda: ops.top_k(np.ones((2, 3)), 4), ValueError, "top_k: k=4"),
        (lambda: ops.inv(np.zeros((2, 2))), ValueError, "inv: the matrix is singular"),
        (lambda: ops.cholesky(-np.eye(2)), ValueError, "not positive definite"),
        (lambda: ops.solve(np.eye(3), np.ones((2, 1))), ValueError, "solve: cannot solve"),
        (lambda: ops.det(np.ones(3)), ValueError, "rank >= 2"),
        (lambda: ops.qr(np.eye(2), mode="r"), ValueError, "mode"),
        (lambda: ops.pad(np.ones(3), 1, mode="median"), ValueError, "unsupported mode"),
        (
            lambda: ops.take_along_axis(np.ones((2, 3)), np.ones(3, "int32"), 1),
            ValueError,
            "same number of dimensions",
        ),
        (lambda: ops.bitwise_and(np.ones(2), np.ones(2)), TypeError, "bitwise_and: expected"),
        (lambda: ops.normalize(np.ones(2), order=0), ValueError, "order"),
        (
            lambda: ops.categorical_crossentropy(np.ones((2, 3)), np.ones((2, 4))),
            ValueError,
            "same shape",
        ),
        (
            lambda: ops.scatter_update(np.ones(2), [[0]], [1.0], reduction="avg"),
            ValueError,
            "Invalid reduction",
        ),
        (lambda: ops.searchsorted(np.ones(3), [1.0], side="middle"), ValueError, "side"),
        (lambda: ops.quantile(np.ones(3), 0.5, method="cubic"), ValueError, "method"),
        (lambda: ops.split(np.ones(5), 2), ValueError, "equal division"),
    ],
)
def test_bad_input_raises(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ---------------------------------------------------------------------------------------
# Names of keras.ops that nnext leaves out, each with its reason.
EXCLUDED = {
    # Complex numbers: nnext's dtypes are real (float32/float64/int32/int64/bool).
    "polar": "builds complex numbers",
    "view_as_complex": "complex output",
    "view_as_real": "complex input",
    "eig": "eigenvalues of a general real matrix are complex",
    # Convolution and pooling: the convolution ops (their own work) add these.
    "conv": "convolution family",
    "conv_transpose": "convolution family",
    "depthwise_conv": "convolution family",
    "separable_conv": "convolution family",
    "max_pool": "pooling family",
    "average_pool": "pooling family",
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
    missing = sorted(
        n
        for n in keras_names
        if not hasattr(ours, n) and n not in EXCLUDED and n not in IMAGE_FROM_CONVOLUTION
    )
    assert not missing, f"keras.ops.{sub} names missing: {missing}"


# keras.ops.image names that come with the resizing/patch work of the convolution ops.
IMAGE_FROM_CONVOLUTION = {
    "resize": "resampling kernels, with the convolution ops",
    "extract_patches": "patch extraction, with the convolution ops",
    "extract_patches_3d": "patch extraction, with the convolution ops",
    "scale_and_translate": "resampling kernels (shares resize's), with the convolution ops",
}


def test_image_functions_match_keras():
    images = arr(2, 4, 5, 3, lo=0.0, hi=1.0)
    for name in ("rgb_to_grayscale", "rgb_to_hsv"):
        mine, theirs = getattr(ops.image, name), getattr(kops.image, name)
        compare(name, (images,), fn=mine, reference=theirs)
        compare(
            name,
            (np.transpose(images, (0, 3, 1, 2)),),
            {"data_format": "channels_first"},
            fn=mine,
            reference=theirs,
        )
    hsv = np.asarray(kops.image.rgb_to_hsv(images))
    np.testing.assert_allclose(
        ops.image.hsv_to_rgb(hsv).numpy(), kops.image.hsv_to_rgb(hsv), rtol=1e-5, atol=1e-6
    )
    compare(
        "pad_images", (images, 1, 2, 0, 1), fn=ops.image.pad_images, reference=kops.image.pad_images
    )
    np.testing.assert_allclose(
        ops.image.pad_images(
            images, top_padding=1, left_padding=0, target_height=7, target_width=6
        ).numpy(),
        kops.image.pad_images(
            images, top_padding=1, left_padding=0, target_height=7, target_width=6
        ),
    )
    np.testing.assert_allclose(
        ops.image.crop_images(
            images, top_cropping=1, left_cropping=2, target_height=2, target_width=2
        ).numpy(),
        kops.image.crop_images(
            images, top_cropping=1, left_cropping=2, target_height=2, target_width=2
        ),
    )


IMAGES = arr(2, 6, 7, 3, lo=0.0, hi=1.0)
# Offsets avoid exact half-pixel coordinates, where nearest-neighbour rounding is a tie.
TRANSFORMS = np.array(
    [[1.1, 0.2, -1.03, 0.1, 0.9, 0.47, 0, 0], [0.9, -0.1, 0.31, 0.2, 1.0, -0.38, 0, 0]],
    dtype="float32",
)
COORDS = arr(2, 4, 5, lo=-1.0, hi=7.0)
CORNERS = np.array([[0, 0], [6, 0], [0, 5], [6, 5]], dtype="float32")
MOVED = np.array([[1, 0], [5, 1], [0, 4], [6, 5]], dtype="float32")
SIMILAR = np.clip(
    arr(2, 16, 15, 3, lo=0, hi=1) + arr(2, 16, 15, 3, lo=-0.1, hi=0.1, seed=4), 0, 1
).astype("float32")


def _image_rows():
    for mode in ("constant", "nearest", "wrap", "mirror", "reflect"):
        for interpolation in ("bilinear", "nearest"):
            yield "affine_transform", (IMAGES, TRANSFORMS, interpolation, mode, 0.5), {}
        for order in (0, 1):
            yield "map_coordinates", (arr(6, 7), COORDS, order, mode, 0.3), {}
    yield "affine_transform", (IMAGES[0], TRANSFORMS[0]), {}
    yield (
        "affine_transform",
        (np.transpose(IMAGES, (0, 3, 1, 2)), TRANSFORMS),
        {"data_format": "channels_first"},
    )
    yield "perspective_transform", (IMAGES, CORNERS, MOVED), {}
    yield "perspective_transform", (IMAGES, CORNERS, MOVED, "nearest", 0.2), {}
    yield "gaussian_blur", (IMAGES,), {}
    yield "gaussian_blur", (IMAGES, (3, 5), (1.0, 2.0)), {}
    yield "gaussian_blur", (IMAGES[0], (5, 5), (0.8, 0.8)), {}
    yield "sobel_edges", (IMAGES,), {}
    yield "ssim", (SIMILAR, SIMILAR[::-1]), {}
    yield "ssim", (SIMILAR, np.clip(SIMILAR + 0.05, 0, 1)), {"max_val": 1.0, "filter_size": 5}


@pytest.mark.parametrize(
    "name,args,kwargs", list(_image_rows()), ids=lambda v: v if isinstance(v, str) else None
)
def test_image_warps_and_filters_match_keras(name, args, kwargs):
    compare(
        name,
        args,
        kwargs,
        rtol=1e-5,
        atol=1e-5,
        fn=getattr(ops.image, name),
        reference=getattr(kops.image, name),
    )


def test_image_gradients_match_finite_differences():
    image = arr(1, 5, 6, 2, lo=0.0, hi=1.0, dtype="float64")
    transform = TRANSFORMS[:1].astype("float64")
    check_gradient(
        lambda im: ops.image.affine_transform(im, transform), [image], rtol=1e-6, atol=1e-8
    )
    check_gradient(
        lambda im: ops.image.gaussian_blur(im, (3, 3), (1.0, 1.0)), [image], rtol=1e-6, atol=1e-8
    )
    check_gradient(lambda im: ops.image.sobel_edges(im), [image], rtol=1e-6, atol=1e-8)
    other = arr(1, 5, 6, 2, lo=0.0, hi=1.0, dtype="float64", seed=3)
    check_gradient(
        lambda im: ops.image.ssim(im, other, filter_size=3), [image], rtol=1e-6, atol=1e-8
    )
    coords = arr(2, 3, lo=0.2, hi=3.7, dtype="float64")
    grid = arr(5, 4, dtype="float64")
    check_gradient(lambda c: ops.image.map_coordinates(grid, c, 1), [coords], rtol=1e-6, atol=1e-8)


def test_elastic_transform_is_seeded_and_identity_without_displacement():
    out = ops.image.elastic_transform(IMAGES, alpha=0.0, seed=3)
    np.testing.assert_allclose(out.numpy(), IMAGES, rtol=1e-6, atol=1e-6)
    a = ops.image.elastic_transform(IMAGES, alpha=3.0, sigma=1.0, seed=5).numpy()
    b = ops.image.elastic_transform(IMAGES, alpha=3.0, sigma=1.0, seed=5).numpy()
    np.testing.assert_array_equal(a, b)
    assert a.shape == IMAGES.shape and not np.allclose(a, IMAGES)
