"""Differential fuzzing against NumPy (hypothesis): random shapes (rank 0-5, sizes 0-4,
broadcasting pairs), dtypes, extreme values and memory layouts (tests/fuzz_strategies.py:
transposed, strided, reversed, offset, broadcast views and views of views, made by nnext
itself) through elementwise ops, casts, reductions, shaping, joining, gathering, indexing and
matmul. Each example compares values, dtype and shape with NumPy, or checks that both reject
the input. Where nnext differs from NumPy on purpose is listed once, in
fuzz_strategies.DIFFERENCES. Gradients of random compositions: tests/test_fuzz_grad.py.

Examples per property come from the hypothesis profile: "ci" (the default, registered in
conftest.py) runs a few hundred in all; `--hypothesis-profile=long` runs tens of thousands.

    PYTHONPATH=python python -m pytest tests/test_fuzz_*.py --hypothesis-profile=long

The regressions the fuzzing found are pinned at the end of the file.
"""

import numpy as np
import pytest
from fuzz_strategies import (
    BROADCASTING_PAIRS,
    DIFFERENCES,
    SHAPES,
    arrays,
    check_against_numpy,
    views,
)
from helpers import ALL_DTYPES, FLOAT_DTYPES, INT_DTYPES, assert_same, integer_reduction
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnext
from nnext import keras

UNARY = {
    "abs": (nnext.abs, np.abs),
    "negative": (nnext.negative, np.negative),
    "sign": (nnext.sign, np.sign),
    "square": (nnext.square, np.square),
    "relu": (nnext.nn.relu, lambda x: np.maximum(x, np.zeros((), x.dtype))),
    "exp": (nnext.exp, np.exp),
    "log": (nnext.math.log, np.log),
    "log1p": (nnext.math.log1p, np.log1p),
    "sqrt": (nnext.sqrt, np.sqrt),
    "sin": (nnext.sin, np.sin),
    "cos": (nnext.cos, np.cos),
    "tanh": (nnext.tanh, np.tanh),
    "is_nan": (nnext.math.is_nan, np.isnan),
    "is_inf": (nnext.math.is_inf, np.isinf),
    "is_finite": (nnext.math.is_finite, np.isfinite),
    "logical_not": (nnext.logical_not, np.logical_not),
}
FLOAT_FUNCTIONS = {"exp", "log", "log1p", "sqrt", "sin", "cos", "tanh"}
# float32 transcendental kernels are within a few ulp of NumPy's.
FLOAT_FUNCTION_TOLERANCE = {"rtol": 1e-5, "atol": 1e-6}


@given(op=st.sampled_from(sorted(UNARY)), dtype=st.sampled_from(ALL_DTYPES), data=st.data())
def test_unary_ops_match_numpy(op, dtype, data):
    nn_fn, np_fn = UNARY[op]
    assume(not (op == "negative" and dtype == "bool"))  # both raise; pinned in test_errors
    assume(not (op == "logical_not" and dtype != "bool"))
    assume(not (op in ("sign", "square") and dtype == "bool"))  # DIFFERENCES["bool_sign_..."]
    t, values = data.draw(views(data.draw(arrays(dtype, data.draw(SHAPES)))))
    tolerance = FLOAT_FUNCTION_TOLERANCE if op in ("exp", "tanh", "sin", "cos") else None
    if dtype == "float32" and op in ("sin", "cos"):
        # Arguments beyond 2^24 lose all meaning in float32; the reductions differ.
        assume(np.all(~np.isfinite(values) | (np.abs(values) < 1e6)))
    if dtype == "bool" and op in FLOAT_FUNCTIONS:
        values = values.astype("float32")  # DIFFERENCES["bool_to_float"]
    check_against_numpy(lambda: nn_fn(t), lambda: np_fn(values), tolerance)


BINARY = {
    "add": (nnext.add, np.add),
    "subtract": (nnext.subtract, np.subtract),
    "multiply": (nnext.multiply, np.multiply),
    "divide": (nnext.divide, np.true_divide),
    "floordiv": (nnext.math.floordiv, np.floor_divide),
    "mod": (nnext.math.mod, np.mod),
    "pow": (nnext.pow, np.power),
    "maximum": (nnext.maximum, np.maximum),
    "minimum": (nnext.minimum, np.minimum),
    "equal": (nnext.equal, np.equal),
    "not_equal": (nnext.not_equal, np.not_equal),
    "greater": (nnext.greater, np.greater),
    "greater_equal": (nnext.greater_equal, np.greater_equal),
    "less": (nnext.less, np.less),
    "less_equal": (nnext.less_equal, np.less_equal),
}
BOOL_REJECTED = {"subtract", "floordiv", "mod", "pow"}


@given(
    op=st.sampled_from(sorted(BINARY)),
    dtypes=st.tuples(st.sampled_from(ALL_DTYPES), st.sampled_from(ALL_DTYPES)),
    shapes=BROADCASTING_PAIRS,
    data=st.data(),
)
def test_binary_ops_match_numpy(op, dtypes, shapes, data):
    nn_fn, np_fn = BINARY[op]
    if op in BOOL_REJECTED:
        assume("bool" not in dtypes)
    a = data.draw(arrays(dtypes[0], shapes.input_shapes[0]))
    b = data.draw(arrays(dtypes[1], shapes.input_shapes[1]))
    if op == "pow" and np.result_type(a, b).kind == "i":
        b = np.abs(b) % 40  # DIFFERENCES["negative_int_power"]
    ta, va = data.draw(views(a))
    tb, vb = data.draw(views(b))
    dtype = "float32" if op == "divide" and dtypes == ("bool", "bool") else None
    check_against_numpy(lambda: nn_fn(ta, tb), lambda: np_fn(va, vb), dtype=dtype)


@given(dtypes=st.tuples(st.sampled_from(ALL_DTYPES), st.sampled_from(ALL_DTYPES)), data=st.data())
def test_cast_matches_numpy_astype(dtypes, data):
    # Out-of-range and NaN floats become the integer minimum, as NumPy's astype on x86.
    t, values = data.draw(views(data.draw(arrays(dtypes[0], data.draw(SHAPES)))))
    check_against_numpy(lambda: nnext.cast(t, dtypes[1]), lambda: values.astype(dtypes[1]))


@st.composite
def axes_for(draw, ndim):
    """None, one axis (maybe negative) or a unique list of axes."""
    if ndim == 0:
        return draw(st.sampled_from([None, []]))
    choice = draw(st.integers(0, 2))
    if choice == 0:
        return None
    if choice == 1:
        return draw(st.integers(-ndim, ndim - 1))
    return draw(st.lists(st.integers(0, ndim - 1), unique=True, max_size=ndim))


REDUCTIONS = {
    "reduce_sum": (nnext.reduce_sum, np.sum),
    "reduce_mean": (nnext.reduce_mean, np.mean),
    "reduce_max": (nnext.reduce_max, np.max),
    "reduce_min": (nnext.reduce_min, np.min),
    "reduce_prod": (nnext.reduce_prod, np.prod),
    "reduce_any": (nnext.reduce_any, np.any),
    "reduce_all": (nnext.reduce_all, np.all),
}


def numpy_reduction(op, np_fn, values, axes, keepdims):
    axis = tuple(axes) if isinstance(axes, list) else axes
    if op in ("reduce_sum", "reduce_prod", "reduce_mean") and values.dtype.kind == "i":
        return integer_reduction(np_fn, values, axis, keepdims)  # DIFFERENCES["int_reduce..."]
    if op in ("reduce_sum", "reduce_prod") and values.dtype == bool:
        return np_fn(values, axis=axis, keepdims=keepdims, dtype=np.int64)
    if op == "reduce_mean" and values.dtype == bool:
        return np_fn(values, axis=axis, keepdims=keepdims, dtype=np.float64)
    if op in ("reduce_max", "reduce_min") and values.size == 0:
        empty = np.sum(values, axis=axis, keepdims=keepdims, dtype=values.dtype)
        if empty.size == 0:  # DIFFERENCES["empty_extremum"]
            return empty
    if op in ("reduce_sum", "reduce_mean", "reduce_prod") and values.dtype == np.float32:
        # DIFFERENCES["float_accumulation"]: the float64 result, rounded to float32 once.
        return np_fn(values.astype(np.float64), axis=axis, keepdims=keepdims).astype(np.float32)
    return np_fn(values, axis=axis, keepdims=keepdims)


@given(
    op=st.sampled_from(sorted(REDUCTIONS)),
    dtype=st.sampled_from(ALL_DTYPES),
    keepdims=st.booleans(),
    data=st.data(),
)
def test_reductions_match_numpy(op, dtype, keepdims, data):
    nn_fn, np_fn = REDUCTIONS[op]
    small = op == "reduce_prod" and dtype in FLOAT_DTYPES  # DIFFERENCES["float32_prod_..."]
    t, values = data.draw(views(data.draw(arrays(dtype, data.draw(SHAPES), small=small))))
    axes = data.draw(axes_for(values.ndim))
    if values.dtype.kind == "f":
        # An infinity beside finite values near the float maximum: whether the sum meets
        # inf - inf (NaN) or only -inf depends on the summation order, which differs.
        finite = values[np.isfinite(values)]
        assume(not (np.isinf(values).any() and (np.abs(finite.astype(np.float64)) > 1e300).any()))
    tolerance = {"rtol": 1e-6, "atol": 1e-6} if dtype == "float32" else None
    check_against_numpy(
        lambda: nn_fn(t, axis=axes, keepdims=keepdims),
        lambda: numpy_reduction(op, np_fn, values, axes, keepdims),
        tolerance,
    )


@given(op=st.sampled_from(["argmax", "argmin"]), dtype=st.sampled_from(ALL_DTYPES), data=st.data())
def test_arg_reductions_match_numpy(op, dtype, data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=4, min_side=0, max_side=4))
    t, values = data.draw(views(data.draw(arrays(dtype, shape))))
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    check_against_numpy(
        lambda: getattr(nnext, op)(t, axis=axis), lambda: getattr(np, op)(values, axis=axis)
    )


def rejected(difference):
    """A NumPy call standing for a case nnext rejects and NumPy accepts, on purpose."""
    raise ValueError(DIFFERENCES[difference])


@st.composite
def shaping_case(draw):
    """(name, nnext call, NumPy call) for one random shaping, joining or gathering op."""
    dtype = draw(st.sampled_from(ALL_DTYPES))
    shape = draw(SHAPES)
    t, a = draw(views(draw(arrays(dtype, shape))))
    ndim = a.ndim
    op = draw(
        st.sampled_from(
            [
                "reshape",
                "transpose",
                "expand_dims",
                "squeeze",
                "broadcast_to",
                "tile",
                "pad",
                "concat",
                "stack",
                "split",
                "unstack",
                "gather",
                "gather_nd",
                "boolean_mask",
                "getitem",
            ]
        )
    )
    if op == "reshape":
        new = list(a.shape)
        draw(st.randoms()).shuffle(new)
        if new and draw(st.booleans()):
            new[draw(st.integers(0, len(new) - 1))] = -1
        return op, lambda: nnext.reshape(t, new), lambda: np.reshape(a, new)
    if op == "transpose":
        perm = draw(st.permutations(range(ndim)))
        return op, lambda: nnext.transpose(t, perm), lambda: np.transpose(a, perm)
    if op == "expand_dims":
        axis = draw(st.integers(-ndim - 1, ndim))
        return op, lambda: nnext.expand_dims(t, axis), lambda: np.expand_dims(a, axis)
    if op == "squeeze":
        return op, lambda: nnext.squeeze(t), lambda: np.squeeze(a)
    if op == "broadcast_to":
        extra = draw(st.lists(st.integers(0, 3), max_size=2))
        target = extra + [draw(st.sampled_from([d, 1 if d == 1 else d])) for d in a.shape]
        target = [draw(st.integers(0, 3)) if d == 1 and draw(st.booleans()) else d for d in target]
        return op, lambda: nnext.broadcast_to(t, target), lambda: np.broadcast_to(a, target)
    if op == "tile":
        reps = [draw(st.integers(0, 2)) for _ in range(ndim)]
        return op, lambda: nnext.tile(t, reps), lambda: np.tile(a, reps)
    if op == "pad":
        mode = draw(st.sampled_from(["CONSTANT", "REFLECT", "SYMMETRIC"]))
        limit = {"CONSTANT": 2, "REFLECT": 1, "SYMMETRIC": 2}[mode]
        pads = [
            [
                draw(
                    st.integers(
                        0,
                        min(limit, max(d - (mode == "REFLECT"), 0))
                        if mode != "CONSTANT"
                        else limit,
                    )
                )
                for _ in range(2)
            ]
            for d in a.shape
        ]
        np_mode = {"CONSTANT": "constant", "REFLECT": "reflect", "SYMMETRIC": "symmetric"}[mode]
        return (
            op,
            lambda: nnext.pad(t, pads, mode=mode),
            lambda: np.pad(a, pads, mode=np_mode) if pads else a,
        )
    if op in ("concat", "stack"):
        others = [draw(views(draw(arrays(dtype, shape)))) for _ in range(draw(st.integers(0, 2)))]
        tensors, values = [t] + [o[0] for o in others], [a] + [o[1] for o in others]
        if op == "concat":
            axis = draw(st.integers(-max(ndim, 1), max(ndim, 1) - 1))
            return op, lambda: nnext.concat(tensors, axis), lambda: np.concatenate(values, axis)
        axis = draw(st.integers(-ndim - 1, ndim))
        return op, lambda: nnext.stack(tensors, axis), lambda: np.stack(values, axis)
    if op in ("split", "unstack"):
        axis = draw(st.integers(-max(ndim, 1), max(ndim, 1) - 1))
        if op == "unstack":
            return op, lambda: nnext.unstack(t, axis=axis), lambda: list(np.moveaxis(a, axis, 0))
        n = draw(st.integers(1, 3))
        return op, lambda: nnext.split(t, n, axis=axis), lambda: np.split(a, n, axis=axis)
    if op == "gather" and ndim:
        axis = draw(st.integers(-max(ndim, 1), max(ndim, 1) - 1))
        size = a.shape[axis]
        if size == 0:  # an empty axis has no valid index: only an empty gather is defined
            index = np.zeros((0,), np.int64)
        else:
            index = draw(
                hnp.arrays(
                    np.int64,
                    draw(hnp.array_shapes(min_dims=0, max_dims=2, max_side=3)),
                    elements=st.integers(0, size - 1),
                )
            )
        return op, lambda: nnext.gather(t, index, axis=axis), lambda: np.take(a, index, axis)
    if op == "gather_nd":
        depth = draw(st.integers(1, max(ndim, 1)))
        rows = draw(st.integers(0, 3))
        index = np.array(
            [
                [
                    draw(st.integers(0, max(a.shape[d] - 1, 0))) if d < ndim else 0
                    for d in range(depth)
                ]
                for _ in range(rows)
            ],
            np.int64,
        )
        index = index.reshape(rows, depth)
        return op, lambda: nnext.gather_nd(t, index), lambda: a[tuple(index.T)]
    if op == "boolean_mask":
        k = draw(st.integers(1, max(ndim, 1)))
        mask = draw(arrays("bool", a.shape[:k]))
        if ndim == 0:
            return op, lambda: nnext.boolean_mask(t, mask), lambda: rejected("scalar_mask")
        return op, lambda: nnext.boolean_mask(t, mask), lambda: a[mask]
    index = tuple(
        draw(
            st.one_of(
                st.builds(
                    slice,
                    st.integers(-5, 5) | st.none(),
                    st.integers(-5, 5) | st.none(),
                    st.sampled_from([None, 1, 2, -1, -2, 3]),
                ),
                st.integers(-d, d - 1) if d else st.builds(slice, st.none()),
            )
        )
        for d in a.shape
    )
    return "getitem", lambda: t[index], lambda: a[index]


@given(case=shaping_case())
def test_shaping_joining_and_gathering_match_numpy(case):
    _, nn_call, np_call = case
    check_against_numpy(nn_call, np_call)


@given(
    dtype=st.sampled_from(ALL_DTYPES[1:]),
    data=st.data(),
    shapes=st.sampled_from(
        [
            ((3,), (3,)),
            ((2, 3), (3,)),
            ((3,), (3, 2)),
            ((2, 3), (3, 4)),
            ((2, 2, 3), (3, 1)),
            ((1, 2, 0), (4, 0, 3)),
            ((0, 3), (3, 2)),
            ((2, 1, 2, 3), (3, 3, 2)),
            ((2, 3), (2, 3)),
        ]
    ),
)
def test_matmul_matches_numpy(dtype, shapes, data):
    ta, a = data.draw(views(data.draw(arrays(dtype, shapes[0], small=True))))
    tb, b = data.draw(views(data.draw(arrays(dtype, shapes[1], small=True))))
    check_against_numpy(
        lambda: nnext.matmul(ta, tb),
        lambda: np.matmul(a, b),
        {"rtol": 1e-5, "atol": 1e-5} if dtype == "float32" else None,
    )


@st.composite
def matmul_shapes(draw):
    """(a shape, b shape, transpose_a, transpose_b): batch axes that broadcast (rank 0-3),
    inner sizes 0-4, vectors on either side when no flag asks for a transpose."""
    batch_a, batch_b = draw(
        hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, min_side=0, max_side=3)
    ).input_shapes
    m, k, n = (draw(st.integers(0, 4)) for _ in range(3))
    ta, tb = draw(st.booleans()), draw(st.booleans())
    a = (*batch_a, *((k, m) if ta else (m, k)))
    b = (*batch_b, *((n, k) if tb else (k, n)))
    if not ta and not batch_a and draw(st.booleans()):
        a = (k,)
    if not tb and not batch_b and draw(st.booleans()):
        b = (k,)
    return a, b, ta, tb


def numpy_matmul(a, b, ta, tb):
    a = np.swapaxes(a, -1, -2) if ta else a
    b = np.swapaxes(b, -1, -2) if tb else b
    return np.matmul(a, b)


@given(dtype=st.sampled_from(ALL_DTYPES[1:]), shapes=matmul_shapes(), data=st.data())
def test_matmul_of_random_shapes_and_layouts_matches_numpy(dtype, shapes, data):
    a_shape, b_shape, ta, tb = shapes
    t_a, a = data.draw(views(data.draw(arrays(dtype, a_shape, small=True))))
    t_b, b = data.draw(views(data.draw(arrays(dtype, b_shape, small=True))))
    check_against_numpy(
        lambda: nnext.matmul(t_a, t_b, transpose_a=ta, transpose_b=tb),
        lambda: numpy_matmul(a, b, ta, tb),
        {"rtol": 1e-5, "atol": 1e-5} if dtype == "float32" else None,
    )


@st.composite
def index_for(draw, shape):
    """A basic index of `shape`: ints (maybe negative), slices with any step, an Ellipsis
    and new axes, in any mix NumPy and TensorFlow both accept."""
    items = []
    for d in shape:
        items.append(
            draw(
                st.one_of(
                    st.builds(
                        slice,
                        st.integers(-5, 5) | st.none(),
                        st.integers(-5, 5) | st.none(),
                        st.sampled_from([None, 1, 2, -1, -2, 3]),
                    ),
                    st.integers(-d, d - 1) if d else st.builds(slice, st.none()),
                )
            )
        )
    if items and draw(st.booleans()):  # an Ellipsis standing for a run of full slices
        start = draw(st.integers(0, len(items) - 1))
        stop = draw(st.integers(start, len(items)))
        items[start:stop] = [Ellipsis]
    for _ in range(draw(st.integers(0, 2))):
        items.insert(draw(st.integers(0, len(items))), None)
    return tuple(items)


@given(dtype=st.sampled_from(ALL_DTYPES), data=st.data())
def test_indexing_matches_numpy(dtype, data):
    t, a = data.draw(views(data.draw(arrays(dtype, data.draw(SHAPES)))))
    index = data.draw(index_for(a.shape))
    check_against_numpy(lambda: t[index], lambda: a[index])


@st.composite
def scatter_case(draw):
    """(name, nnext call, NumPy call) for scatter_nd and the tensor_scatter_nd family: rows
    or elements of a random tensor, indices that may repeat (updates add up for the adding
    ops; TensorFlow leaves which repeated update wins unspecified, so updates take unique
    indices)."""
    dtype = draw(st.sampled_from(ALL_DTYPES[1:]))
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=4))
    t, a = draw(views(draw(arrays(dtype, shape, small=True))))
    depth = draw(st.integers(1, len(shape)))
    op = draw(st.sampled_from(["scatter_nd", "tensor_scatter_nd_add", "tensor_scatter_nd_update"]))
    positions = st.tuples(*(st.integers(0, d - 1) for d in shape[:depth]))
    rows = draw(st.lists(positions, max_size=4, unique=op == "tensor_scatter_nd_update"))
    index = np.array(rows, np.int64).reshape(len(rows), depth)
    t_u, updates = draw(views(draw(arrays(dtype, (len(rows), *shape[depth:]), small=True))))

    def numpy_scatter():
        out = np.zeros(shape, dtype) if op == "scatter_nd" else a.copy()
        for row, update in zip(index, updates):
            if op == "tensor_scatter_nd_update":
                out[tuple(row)] = update
            else:
                out[tuple(row)] += update
        return out

    if op == "scatter_nd":
        return op, lambda: nnext.scatter_nd(index, t_u, shape), numpy_scatter
    return op, lambda: getattr(nnext, op)(t, index, t_u), numpy_scatter


@given(case=scatter_case())
def test_scatters_match_numpy(case):
    _, nn_call, np_call = case
    check_against_numpy(nn_call, np_call)


@given(dtypes=st.tuples(st.sampled_from(ALL_DTYPES), st.sampled_from(ALL_DTYPES)), data=st.data())
def test_where_reverse_and_roll_match_numpy(dtypes, data):
    shapes = data.draw(
        hnp.mutually_broadcastable_shapes(num_shapes=3, max_dims=4, min_side=0, max_side=3)
    ).input_shapes
    t_c, c = data.draw(views(data.draw(arrays("bool", shapes[0]))))
    t_x, x = data.draw(views(data.draw(arrays(dtypes[0], shapes[1]))))
    t_y, y = data.draw(views(data.draw(arrays(dtypes[1], shapes[2]))))
    check_against_numpy(lambda: nnext.where(t_c, t_x, t_y), lambda: np.where(c, x, y))
    if x.ndim:
        axes = data.draw(
            st.lists(
                st.integers(-x.ndim, x.ndim - 1),
                min_size=1,
                max_size=2,
                unique_by=lambda d: d % x.ndim,
            )
        )
        shift = data.draw(st.lists(st.integers(-5, 5), min_size=len(axes), max_size=len(axes)))
        check_against_numpy(lambda: nnext.reverse(t_x, axes), lambda: np.flip(x, axes))
        check_against_numpy(lambda: nnext.roll(t_x, shift, axes), lambda: np.roll(x, shift, axes))


# -- regressions the fuzzing and the hardening review found ----------------------------------


def test_documented_differences_are_named_once():
    assert len(DIFFERENCES) == len(set(DIFFERENCES.values()))


def test_tile_and_pad_of_a_view_reversed_inside_nnext():
    x = nnext.constant([[1.0, 2.0], [3.0, 4.0]])
    assert_same(nnext.tile(x[::-1], [1, 1]), np.array([[3.0, 4.0], [1.0, 2.0]], "float32"))
    a = np.arange(12.0).reshape(3, 4)
    r = nnext.constant(a)[::-1, ::-2]
    assert_same(
        nnext.pad(r, [[1, 0], [0, 2]], constant_values=-1.0),
        np.pad(a[::-1, ::-2], [[1, 0], [0, 2]], constant_values=-1.0),
    )
    assert_same(
        nnext.pad(r, [[2, 2], [1, 1]], mode="REFLECT"),
        np.pad(a[::-1, ::-2], [[2, 2], [1, 1]], mode="reflect"),
    )


def test_integer_sums_and_products_wrap_like_numpy():
    big = np.array([2**63 - 1, 1, 2**62, -(2**63)], np.int64)
    assert_same(nnext.reduce_sum(nnext.constant(big[:1])), np.int64(2**63 - 1))
    assert_same(nnext.reduce_sum(nnext.constant(big)), big.sum())
    assert_same(nnext.reduce_prod(nnext.constant(big)), big.prod())
    assert_same(
        nnext.reduce_sum(nnext.constant(big.reshape(2, 2)), axis=0), big.reshape(2, 2).sum(axis=0)
    )
    assert_same(
        nnext.reduce_mean(nnext.constant(np.full(4, 2**62, np.int64))), np.int64(0)
    )  # wraps


def test_integer_overflow_wraps_like_numpy():
    lo, hi = np.iinfo(np.int32).min, np.iinfo(np.int32).max
    a = np.array([hi, lo, lo, 46341], np.int32)
    b = np.array([1, -1, lo, 46341], np.int32)
    with np.errstate(over="ignore"):
        for nn_fn, np_fn in [
            (nnext.add, np.add),
            (nnext.subtract, np.subtract),
            (nnext.multiply, np.multiply),
        ]:
            assert_same(nn_fn(a, b), np_fn(a, b))
        assert_same(nnext.square(a), np.square(a))
        assert_same(nnext.abs(a), np.abs(a))
        assert_same(nnext.negative(a), np.negative(a))


def test_float_to_int_casts_of_nan_and_out_of_range_values():
    values = np.array([np.nan, np.inf, -np.inf, 1e20, -1e20, 3e9, 2.7, -2.7])
    with np.errstate(invalid="ignore"):
        for dtype in INT_DTYPES:
            assert_same(nnext.cast(values, dtype), values.astype(dtype))
            assert_same(
                nnext.cast(values.astype("float32"), dtype), values.astype("float32").astype(dtype)
            )


def test_integer_uniform_with_an_empty_range_after_truncation_raises():
    with pytest.raises(
        ValueError,
        match=r"random.uniform: need minval < maxval.*minval=0 and "
        r"maxval=0",
    ):
        nnext.random.uniform([3], -0.5, 0.5, dtype=nnext.int32)
    with pytest.raises(ValueError, match=r"maxval=1e\+30 is outside the range of int64"):
        nnext.random.uniform([3], 0, 1e30, dtype="int64")
    draws = nnext.random.uniform([1000], -0.5, 2.5, dtype="int32", seed=1).numpy()
    assert set(np.unique(draws)) == {0, 1}  # [0, 2) after truncation
    full = nnext.random.uniform([1000], -(2**63), 2**63 - 1024, dtype="int64", seed=2).numpy()
    assert full.min() < -(2**61) and full.max() > 2**61


def test_integer_dense_layer_raises_instead_of_dividing_by_zero():
    with pytest.raises(ValueError, match="random.uniform: need minval < maxval"):
        keras.layers.Dense(4, dtype="int32").build((None, 3))
