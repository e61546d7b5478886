"""Shared test machinery: NumPy is the forward oracle, float64 central differences the
gradient oracle, and every check runs over shapes, dtypes and memory layouts.

    check_op(nnext.add, np.add, [(3, 1), (1, 4)], "float32")

compares values, dtype and shape of `nnext.add` against `np.add` on inputs laid out every
way in LAYOUTS and, for float64, checks the tape's gradient against finite differences.
"""

import os

import numpy as np

import nnext

# Under tools/sanitize.sh (libasan preloaded): ASan's quarantine keeps freed memory out of
# reuse on purpose, so memory-flatness checks do not apply there.
UNDER_SANITIZERS = "libasan" in os.environ.get("LD_PRELOAD", "")

FLOAT_DTYPES = ["float32", "float64"]
INT_DTYPES = ["int32", "int64"]
ALL_DTYPES = ["bool", *INT_DTYPES, *FLOAT_DTYPES]

# Shape pairs that broadcast: equal, crossed size-1 axes, 0-d on either side, size-0 axes,
# rank 5 against rank 4, and a pure prefix broadcast.
SHAPE_PAIRS = [
    ((3, 4), (3, 4)),
    ((3, 1), (1, 4)),
    ((), (2, 3)),
    ((2, 3), ()),
    ((), ()),
    ((2, 0, 3), (1, 3)),
    ((0,), (1,)),
    ((2, 1, 3, 1, 2), (4, 3, 1, 1)),
    ((4,), (3, 1)),
]
UNARY_SHAPES = [(), (5,), (3, 4), (2, 0, 3), (2, 1, 3, 1, 2)]

# How an input tensor is laid out in memory. Each gives the same values through a
# different view: a plain C-contiguous wrap, a transposed view, a strided slice, a
# negative-stride slice, and a stride-0 broadcast view (whose values repeat along the
# last axis, so the oracle sees the broadcast values too).
LAYOUTS = ["contiguous", "transposed", "strided", "reversed", "broadcast"]

RTOL = {"float32": 2e-6, "float64": 1e-12}
ATOL = {"float32": 1e-6, "float64": 1e-12}


def random_array(shape, dtype, rng, low=-3.0, high=3.0):
    """Random values of `dtype`: uniform floats in [low, high), integers in [low, high]
    (rounded), random bools."""
    if dtype == "bool":
        return rng.random(shape) < 0.5
    if dtype in INT_DTYPES:
        return rng.integers(int(np.floor(low)), int(np.ceil(high)) + 1, size=shape).astype(dtype)
    return rng.uniform(low, high, size=shape).astype(dtype)


def as_layout(array, layout):
    """(tensor, values): a tensor in `layout` and the NumPy values it holds.

    Layouts that need an axis the array lacks (a 0-d array has nothing to transpose) fall
    back to a contiguous tensor.
    """
    a = np.asarray(array)
    if layout == "transposed" and a.ndim >= 2:
        t = nnext.transpose(nnext.convert_to_tensor(np.ascontiguousarray(a.T)))
        return t, a
    if layout == "strided" and a.ndim >= 1:
        wide = np.zeros(a.shape[:-1] + (2 * a.shape[-1] + 1,), a.dtype)
        wide[..., 1::2] = a
        return nnext.convert_to_tensor(wide)[..., 1::2], a
    if layout == "reversed" and a.ndim >= 1:
        return nnext.convert_to_tensor(np.ascontiguousarray(a[..., ::-1]))[..., ::-1], a
    if layout == "broadcast" and a.ndim >= 1 and a.shape[-1] > 1:
        column = np.ascontiguousarray(a[..., :1])
        t = nnext.broadcast_to(nnext.convert_to_tensor(column), a.shape)
        return t, np.broadcast_to(column, a.shape)
    return nnext.convert_to_tensor(np.array(a, order="C")), a


def assert_same(result, expected, what="", rtol=None, atol=None, dtype=None):
    """`result` (an nnext tensor) equals `expected` (NumPy) in shape, dtype and values
    (NaN matching NaN, infinities matching by sign)."""
    assert isinstance(result, nnext.Tensor), f"{what}: expected a Tensor, got {type(result)}"
    expected = np.asarray(expected)
    want_dtype = np.dtype(dtype) if dtype is not None else expected.dtype
    got = result.numpy()
    assert got.shape == expected.shape, f"{what}: shape {got.shape} != {expected.shape}"
    assert result.dtype == want_dtype, f"{what}: dtype {result.dtype} != {want_dtype}"
    name = want_dtype.name
    if name in FLOAT_DTYPES:
        np.testing.assert_allclose(
            got,
            expected.astype(name),
            rtol=rtol if rtol is not None else RTOL[name],
            atol=atol if atol is not None else ATOL[name],
            equal_nan=True,
            err_msg=what,
        )
    else:
        np.testing.assert_array_equal(got, expected, err_msg=what)


def numpy_result_dtype(np_result):
    """NumPy's result dtype mapped to nnext's: float16 (NumPy's float for bool inputs) has
    no nnext twin and becomes float32."""
    dt = np.asarray(np_result).dtype
    return np.dtype("float32") if dt == np.float16 else dt


def integer_reduction(np_fn, values, axis=None, keepdims=False):
    """`np.sum`, `np.prod` or `np.mean` of an integer array by TensorFlow's rules: the result
    keeps the input's dtype (wrapping around), and a mean is the exact sum divided by the
    group's size, truncated toward zero (0 for an empty group)."""
    axis = tuple(axis) if isinstance(axis, list) else axis
    if np_fn is not np.mean:
        return np.asarray(np_fn(values, axis=axis, keepdims=keepdims, dtype=values.dtype))
    wide = np.uint64 if values.dtype.kind == "u" else np.int64
    total = np.asarray(np.sum(values, axis=axis, keepdims=keepdims, dtype=wide))
    count = values.size // total.size if total.size else 0
    if count == 0:
        return np.zeros(total.shape, values.dtype)
    quotient = total // wide(count)
    quotient += ((total % wide(count) != 0) & (total < 0)).astype(wide)  # floor -> toward 0
    return quotient.astype(values.dtype)


def tape_gradients(fn, tensors, seed):
    """The tape's gradients of `fn(*tensors)` seeded with `seed`, for every input."""
    with nnext.GradientTape() as tape:
        tape.watch(list(tensors))
        y = fn(*tensors)
    return tape.gradient(y, list(tensors), output_gradients=seed)


def numeric_gradients(fn, arrays, seed, eps=1e-6):
    """Central differences of sum(fn(*arrays) * seed) with respect to each float64 array.

    The two outputs are subtracted elementwise before weighting, so that outputs the
    perturbation does not touch cancel exactly instead of adding rounding noise.
    """

    def evaluate(values):
        return fn(*[nnext.convert_to_tensor(v) for v in values]).numpy().astype(np.float64)

    grads = []
    for i, a in enumerate(arrays):
        g = np.zeros(a.shape)
        for idx in np.ndindex(*a.shape):
            plus = [v.copy() for v in arrays]
            minus = [v.copy() for v in arrays]
            plus[i][idx] += eps
            minus[i][idx] -= eps
            g[idx] = np.sum((evaluate(plus) - evaluate(minus)) * seed) / (2 * eps)
        grads.append(g)
    return grads


def check_gradient(fn, arrays, layout="contiguous", rtol=1e-7, atol=1e-9, seed=0, what=""):
    """Checks the tape's gradient of `fn` against central differences, in float64.

    The target is seeded with random output gradients, so every element of the output
    carries a different weight. A None gradient passes only where the true gradient is 0.
    """
    rng = np.random.default_rng(seed)
    arrays = [np.array(a, dtype=np.float64) for a in arrays]
    pairs = [as_layout(a, layout) for a in arrays]
    tensors = [t for t, _ in pairs]
    values = [np.array(v) for _, v in pairs]
    out = fn(*tensors)
    g_out = rng.uniform(0.5, 1.5, size=out.shape)
    got = tape_gradients(fn, tensors, nnext.convert_to_tensor(g_out))
    want = numeric_gradients(fn, values, g_out)
    for k, (g, w) in enumerate(zip(got, want)):
        label = f"{what} d/dinput{k} ({layout})"
        if g is None:
            np.testing.assert_allclose(w, 0.0, atol=atol, err_msg=f"{label}: got None")
            continue
        assert g.shape == values[k].shape, f"{label}: gradient shape {g.shape}"
        assert g.dtype == nnext.float64, f"{label}: gradient dtype {g.dtype}"
        np.testing.assert_allclose(g.numpy(), w, rtol=rtol, atol=atol, err_msg=label)


def check_op(
    nn_fn,
    np_fn,
    shapes,
    dtype,
    grad=True,
    layouts=LAYOUTS,
    low=-3.0,
    high=3.0,
    rtol=None,
    atol=None,
    seed=0,
):
    """Compares `nn_fn` with `np_fn` on random inputs of `shapes` and `dtype` in every
    layout (values, dtype and shape), then, when `grad` and the dtype is float64, the
    gradient with central differences."""
    rng = np.random.default_rng(seed)
    arrays = [random_array(s, dtype, rng, low, high) for s in shapes]
    for layout in layouts:
        pairs = [as_layout(a, layout) for a in arrays]
        tensors = [t for t, _ in pairs]
        values = [v for _, v in pairs]
        with np.errstate(all="ignore"):
            expected = np_fn(*values)
        assert_same(
            nn_fn(*tensors),
            expected,
            f"{shapes} {dtype} {layout}",
            rtol=rtol,
            atol=atol,
            dtype=numpy_result_dtype(expected),
        )
        if grad and dtype == "float64":
            check_gradient(
                nn_fn, [np.array(v) for v in values], layout, seed=seed, what=f"{shapes}"
            )


def dataset_values(ds):
    """A dataset's elements as plain Python values: lists for arrays, numbers for scalars,
    tuples and dicts kept (for comparing `nnext.data` pipelines with documented outputs)."""

    def plain(e):
        if isinstance(e, tuple):
            return tuple(plain(v) for v in e)
        if isinstance(e, dict):
            return {k: plain(v) for k, v in e.items()}
        return np.asarray(e).tolist()

    return [plain(e) for e in ds.as_numpy_iterator()]
