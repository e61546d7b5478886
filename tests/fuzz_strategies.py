"""What the differential fuzz tests share (tests/test_fuzz_*.py): the one list of the places
where nnext differs from NumPy on purpose (DIFFERENCES), and hypothesis strategies for values
(small numbers mixed with each dtype's extremes), shapes (rank 0-5, sizes 0-4) and memory
layouts made by nnext itself (transposed, strided, reversed, offset, broadcast views, and
views of views), with the comparison against NumPy."""

import warnings

import numpy as np
import pytest
from helpers import INT_DTYPES, assert_same
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnext

# Where nnext (following TensorFlow, or having no twin for a NumPy dtype) differs from NumPy
# on purpose: the one list. The properties avoid or translate exactly these cases, nothing
# else, and name the entry where they do.
DIFFERENCES = {
    "bool_to_float": "float functions of bool inputs, and bool / bool, give float32; NumPy "
    "gives float16 (which nnext does not have) and float64",
    "negative_int_power": "an integer to a negative integer power is 1 / a^-b truncated "
    "(C, TensorFlow); NumPy raises ValueError",
    "float_accumulation": "float32 sums, means and products accumulate in float64, so they "
    "are more accurate than NumPy's float32 pairwise sums (compared with a tolerance)",
    "float32_prod_overflow": "a float32 product whose partial products overflow while the "
    "final product does not is finite in nnext and inf or NaN in NumPy; products are fuzzed "
    "on values whose partial products stay in range",
    "int_reduce_dtype": "sums, products and means of integers keep their dtype, as "
    "TensorFlow (NumPy widens sums to int64): sums wrap, a mean is the exact sum divided by "
    "the count and truncated toward zero",
    "int_mean": "sums of bool are int64 and means of bool float64, as NumPy (TensorFlow "
    "refuses bool)",
    "empty_extremum": "reduce_max/reduce_min over an empty axis raise ValueError as NumPy "
    "(TensorFlow returns -inf/+inf), unless the result itself is empty: that is returned, "
    "as TensorFlow does (NumPy raises)",
    "bool_sign_square": "sign and square of bool tensors stay bool (NumPy has no bool sign "
    "and squares bools into int8)",
    "denormals": "kernels flush denormal floats to zero, as TensorFlow's thread pools do "
    "(DESIGN.md); the fuzzing draws no denormals",
    "scalar_mask": "boolean_mask with a scalar mask raises ValueError, as TensorFlow; NumPy "
    "indexes with a 0-d bool array",
    "weak_python_scalars": "Python scalars are weak (NEP 50), as NumPy 2; the fuzzing uses "
    "arrays only",
}

SHAPES = hnp.array_shapes(min_dims=0, max_dims=5, min_side=0, max_side=4)
BROADCASTING_PAIRS = hnp.mutually_broadcastable_shapes(
    num_shapes=2, min_dims=0, max_dims=5, min_side=0, max_side=4
)
LAYOUT_KINDS = [
    "contiguous",
    "transposed",
    "strided",
    "reversed",
    "offset",
    "broadcast",
    "view_of_view",
]

_EXTREMES = {
    "int32": [np.iinfo(np.int32).min, np.iinfo(np.int32).max, -1, 0, 1],
    "int64": [np.iinfo(np.int64).min, np.iinfo(np.int64).max, -1, 0, 1],
    "float32": [0.0, -0.0, np.inf, -np.inf, np.nan, 3.4e38, 1.2e-38, 1.5, -2.5],
    "float64": [0.0, -0.0, np.inf, -np.inf, np.nan, 1.7e308, 2.3e-308, 1.5, -2.5],
}


def elements(dtype, small=False):
    """Values of `dtype`: small numbers (exact everywhere) mixed with the extremes."""
    if dtype == "bool":
        return st.booleans()
    if dtype in INT_DTYPES:
        small_ints = st.integers(-5, 5)
        if small:
            return small_ints
        info = np.iinfo(dtype)
        return st.one_of(
            small_ints, st.sampled_from(_EXTREMES[dtype]), st.integers(int(info.min), int(info.max))
        )
    small_floats = st.integers(-8, 8).map(lambda i: i / 4)
    if small:
        return small_floats
    return st.one_of(
        small_floats,
        st.sampled_from(_EXTREMES[dtype]),
        st.floats(width=32 if dtype == "float32" else 64, allow_subnormal=False),
    )


def arrays(dtype, shape, small=False):
    return hnp.arrays(np.dtype(dtype), shape, elements=elements(dtype, small))


@st.composite
def views(draw, array, kinds=LAYOUT_KINDS):
    """(tensor, values): `array` as an nnext tensor in a random layout; values is what the
    tensor holds (a broadcast view repeats its first column)."""
    a = np.asarray(array)
    kind = draw(st.sampled_from(kinds)) if a.ndim else "contiguous"
    if kind == "transposed":
        perm = draw(st.permutations(range(a.ndim)))
        inverse = np.argsort(perm)
        return nnext.transpose(nnext.constant(np.ascontiguousarray(a.transpose(inverse))), perm), a
    if kind == "strided":
        wide = np.zeros((*a.shape[:-1], 2 * a.shape[-1] + 1), a.dtype)
        wide[..., 1::2] = a
        return nnext.constant(wide)[..., 1::2], a
    if kind == "reversed":
        # Reversed inside nnext: negative strides, and an offset at the far end of the data.
        axes = draw(st.lists(st.integers(0, a.ndim - 1), min_size=1, unique=True))
        index = tuple(slice(None, None, -1) if d in axes else slice(None) for d in range(a.ndim))
        return nnext.constant(np.ascontiguousarray(a[index]))[index], a
    if kind == "offset":
        # A slice that starts inside a larger buffer (a nonzero storage offset).
        padded = np.zeros((a.shape[0] + 2, *a.shape[1:]), a.dtype)
        padded[2:] = a
        return nnext.constant(padded)[2:], a
    if kind == "broadcast" and a.shape[-1] > 1:
        column = np.ascontiguousarray(a[..., :1])
        return nnext.broadcast_to(nnext.constant(column), a.shape), np.broadcast_to(column, a.shape)
    if kind == "view_of_view" and a.ndim >= 2:
        # Reversed, then transposed: negative strides on a permuted, non-contiguous view.
        flipped = np.ascontiguousarray(a[::-1].swapaxes(0, -1))
        return nnext.transpose(
            nnext.constant(flipped)[:, ..., ::-1], [a.ndim - 1, *range(1, a.ndim - 1), 0]
        ), a
    return nnext.constant(a.copy(order="C")), a


def numpy_or_error(fn, *args, **kwargs):
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn(*args, **kwargs), None
        except (ValueError, TypeError, IndexError) as e:
            return None, e


def check_against_numpy(nn_call, np_call, tolerance=None, dtype=None):
    """nn_call() equals np_call() (values, dtype, shape), or both raise."""
    want, np_error = numpy_or_error(np_call)
    if np_error is not None:
        with pytest.raises((ValueError, TypeError, IndexError)):
            nn_call()
        return
    got = nn_call()
    results = zip(got, want) if isinstance(want, list) else [(got, want)]
    for g, w in results:
        w = np.asarray(w)
        if w.dtype == np.float16:  # DIFFERENCES["bool_to_float"]
            w = w.astype(np.float32)
        assert_same(g, w, **(tolerance or {}), dtype=dtype)
