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
    CTC_CASE,
    arr,
    compare,
    kops,
)

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
