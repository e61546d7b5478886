"""Convolution and pooling ops (nnext.convolution, re-exported as nnext.nn.*) against NumPy
references written from the definitions, and their gradients against central differences."""

import numpy as np
import pytest
from helpers import as_layout, assert_same, check_gradient

import nnext
from nnext import convolution as conv

RTOL = {"float32": 1e-5, "float64": 1e-12}
ATOL = {"float32": 1e-5, "float64": 1e-12}


# ---------------------------------------------------------------------------- references


def same_pads(size, span, stride):
    """TensorFlow's SAME padding of one axis: (before, after)."""
    out = -(-size // stride)
    total = max((out - 1) * stride + span - size, 0)
    return total // 2, total - total // 2


def resolve_pads(padding, spatial, kernel, strides, dilations):
    if padding == "VALID":
        return [(0, 0)] * len(spatial)
    if padding == "SAME":
        return [
            same_pads(n, (k - 1) * d + 1, s)
            for n, k, s, d in zip(spatial, kernel, strides, dilations)
        ]
    return [tuple(p) for p in padding]


def ref_conv(x, w, strides, padding, dilations):
    """Channels-last grouped cross-correlation, straight from its definition."""
    r = x.ndim - 2
    kernel, cg, co = w.shape[:r], w.shape[r], w.shape[r + 1]
    groups = x.shape[-1] // cg
    cog = co // groups
    pads = resolve_pads(padding, x.shape[1:-1], kernel, strides, dilations)
    xp = np.pad(x.astype(np.float64), [(0, 0), *pads, (0, 0)])
    out = [
        (xp.shape[1 + a] - (kernel[a] - 1) * dilations[a] - 1) // strides[a] + 1 for a in range(r)
    ]
    y = np.zeros((x.shape[0], *out, co))
    for o in np.ndindex(*out):
        for t in np.ndindex(*kernel):
            at = tuple(o[a] * strides[a] + t[a] * dilations[a] for a in range(r))
            patch = xp[(slice(None), *at)]
            for g in range(groups):
                y[(slice(None), *o, slice(g * cog, (g + 1) * cog))] += (
                    patch[:, g * cg : (g + 1) * cg] @ w[t][:, g * cog : (g + 1) * cog]
                )
    return y


def ref_pool(x, ksize, strides, padding, reduce):
    """Channels-last max or mean pooling; padded positions are skipped."""
    r = x.ndim - 2
    pads = resolve_pads(padding, x.shape[1:-1], ksize, strides, [1] * r)
    fill = -np.inf if reduce == "max" else np.nan
    xp = np.pad(x.astype(np.float64), [(0, 0), *pads, (0, 0)], constant_values=fill)
    out = [(xp.shape[1 + a] - ksize[a]) // strides[a] + 1 for a in range(r)]
    y = np.zeros((x.shape[0], *out, x.shape[-1]))
    for o in np.ndindex(*out):
        window = xp[
            (
                slice(None),
                *(slice(o[a] * strides[a], o[a] * strides[a] + ksize[a]) for a in range(r)),
            )
        ]
        window = window.reshape(x.shape[0], int(np.prod(ksize)), x.shape[-1])
        y[(slice(None), *o)] = window.max(1) if reduce == "max" else np.nanmean(window, 1)
    return y


def random(shape, dtype="float64", seed=0):
    return np.random.default_rng(seed).uniform(-1, 1, size=shape).astype(dtype)


# ------------------------------------------------------------------------------ forward

# (input shape, filter shape, strides, padding, dilations): ranks 1-3, groups, depthwise
# (one input channel per group), 1x1 kernels, strides, dilations and every padding form.
CONV_CASES = [
    ((2, 9, 3), (3, 3, 4), [1], "VALID", [1]),
    ((2, 9, 3), (3, 3, 4), [2], "SAME", [1]),
    ((2, 10, 2), (3, 2, 5), [1], "SAME", [2]),
    ((2, 7, 8, 3), (3, 2, 3, 4), [1, 1], "VALID", [1, 1]),
    ((2, 7, 8, 3), (3, 3, 3, 4), [2, 2], "SAME", [1, 1]),
    ((2, 8, 8, 3), (2, 2, 3, 4), [2, 2], "SAME", [1, 1]),
    ((2, 7, 8, 4), (3, 3, 2, 6), [2, 1], [(1, 2), (0, 1)], [1, 2]),
    ((2, 7, 8, 3), (3, 3, 1, 6), [1, 2], "SAME", [1, 1]),
    ((2, 6, 6, 1), (3, 3, 1, 5), [1, 1], "VALID", [1, 1]),
    ((2, 5, 5, 3), (1, 1, 3, 4), [1, 1], "VALID", [1, 1]),
    ((2, 5, 5, 3), (1, 1, 3, 4), [2, 2], "VALID", [1, 1]),
    ((1, 4, 5, 6, 2), (2, 2, 2, 2, 3), [1, 1, 2], "SAME", [1, 1, 1]),
    ((0, 6, 6, 2), (3, 3, 2, 4), [1, 1], "SAME", [1, 1]),
    # One and three input channels with more output channels than one gemm panel (full
    # panels and a remainder), dilated and strided; and a window of more than 32 values.
    ((2, 9, 10, 1), (3, 3, 1, 40), [1, 1], "SAME", [1, 1]),
    ((1, 8, 9, 3), (3, 3, 3, 33), [2, 1], "SAME", [2, 1]),
    ((2, 7, 8, 5), (3, 3, 5, 7), [1, 1], "SAME", [1, 1]),
]
CONV_IDS = [f"{c[0]}-{c[1]}-s{c[2]}-{c[3]}-d{c[4]}" for c in CONV_CASES]
CONV_FN = {3: conv.conv1d, 4: conv.conv2d, 5: conv.conv3d}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", CONV_CASES, ids=CONV_IDS)
def test_conv_matches_reference(case, dtype):
    xs, ws, strides, padding, dilations = case
    x, w = random(xs, dtype, 1), random(ws, dtype, 2)
    fn = CONV_FN[len(xs)]
    pad = padding if isinstance(padding, str) else [(0, 0), *padding, (0, 0)]
    got = fn(x, w, strides, pad, dilations=dilations)
    want = ref_conv(x, w, strides, padding, dilations)
    assert_same(got, want, str(case), RTOL[dtype], ATOL[dtype], dtype=dtype)
    assert_same(
        conv.convolution(x, w, strides, pad, dilations=dilations),
        want,
        "convolution",
        RTOL[dtype],
        ATOL[dtype],
        dtype=dtype,
    )


@pytest.mark.parametrize("layout", ["transposed", "strided", "reversed", "broadcast"])
def test_conv2d_reads_any_layout(layout):
    x, w = random((2, 6, 7, 3), seed=1), random((3, 3, 3, 4), seed=2)
    xt, xv = as_layout(x, layout)
    wt, wv = as_layout(w, layout)
    assert_same(
        conv.conv2d(xt, wt, 1, "SAME"),
        ref_conv(xv, wv, [1, 1], "SAME", [1, 1]),
        layout,
        dtype="float64",
    )


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
def test_conv2d_nchw_is_the_transposed_nhwc(padding):
    x, w = random((2, 7, 6, 3), "float32", 1), random((3, 2, 3, 4), "float32", 2)
    nchw = conv.conv2d(
        np.ascontiguousarray(x.transpose(0, 3, 1, 2)), w, [1, 1, 2, 1], padding, data_format="NCHW"
    )
    want = ref_conv(x, w, [2, 1], padding, [1, 1]).transpose(0, 3, 1, 2)
    assert_same(nchw, want, "NCHW", RTOL["float32"], ATOL["float32"], dtype="float32")


def test_nn_exports_the_convolution_functions():
    for name in conv.__all__:
        assert getattr(nnext.nn, name) is getattr(conv, name)
        assert name in nnext.nn.__all__


def test_depthwise_and_separable_match_reference():
    x = random((2, 7, 7, 3), seed=1)
    dw, pw = random((3, 3, 3, 2), seed=2), random((1, 1, 6, 4), seed=3)
    # Output channel c * multiplier + m reads input channel c through dw[..., c, m].
    want = np.concatenate(
        [
            ref_conv(x[..., c : c + 1], dw[:, :, c : c + 1, :], [2, 2], "SAME", [1, 1])
            for c in range(3)
        ],
        axis=-1,
    )
    assert_same(
        conv.depthwise_conv2d(x, dw, [1, 2, 2, 1], "SAME"), want, "depthwise", dtype="float64"
    )
    assert_same(
        conv.separable_conv2d(x, dw, pw, [1, 2, 2, 1], "SAME"),
        ref_conv(want, pw, [1, 1], "VALID", [1, 1]),
        "separable",
        dtype="float64",
    )


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("strides", [1, 2, 3])
def test_conv2d_transpose_is_the_adjoint_of_conv2d(padding, strides):
    # <conv2d_transpose(y), x> = <y, conv2d(x)> for every x and y.
    out_shape = (2, 7, 8, 3)
    w = random((3, 2, 3, 4), seed=2)
    x = random(out_shape, seed=1)
    y_shape = conv.conv2d(x, w, strides, padding).shape
    y = random(tuple(y_shape), seed=3)
    xt = conv.conv2d_transpose(y, w, out_shape, strides, padding)
    assert tuple(xt.shape) == out_shape
    lhs = float(np.sum(xt.numpy() * x))
    rhs = float(np.sum(y * ref_conv(x, w, [strides] * 2, padding, [1, 1])))
    assert lhs == pytest.approx(rhs, rel=1e-12)


def test_conv1d_transpose_shape_and_values():
    w, y = random((3, 2, 4), seed=2), random((2, 5, 4), seed=3)
    xt = conv.conv1d_transpose(y, w, (2, 10, 2), 2, "SAME")
    x = random((2, 10, 2), seed=4)
    assert float(np.sum(xt.numpy() * x)) == pytest.approx(
        float(np.sum(y * ref_conv(x, w, [2], "SAME", [1]))), rel=1e-12
    )


# ---------------------------------------------------------------------------- gradients

GRAD_CASES = [
    ((2, 6, 2), (3, 2, 3), [2], "SAME", [1]),
    ((2, 5, 6, 2), (3, 2, 2, 3), [1, 1], "VALID", [1, 1]),
    ((1, 6, 5, 4), (3, 3, 2, 4), [2, 1], "SAME", [1, 1]),
    ((2, 7, 7, 2), (2, 3, 1, 4), [1, 2], [(1, 0), (2, 1)], [2, 1]),
    ((2, 4, 4, 3), (1, 1, 3, 2), [1, 1], "VALID", [1, 1]),
    ((1, 3, 4, 4, 2), (2, 2, 2, 2, 2), [1, 2, 1], "SAME", [1, 1, 1]),
]


@pytest.mark.parametrize("case", GRAD_CASES, ids=[str(c[:2]) for c in GRAD_CASES])
def test_conv_gradients_match_finite_differences(case):
    xs, ws, strides, padding, dilations = case
    pad = padding if isinstance(padding, str) else [(0, 0), *padding, (0, 0)]

    def fn(x, w):
        return conv.convolution(x, w, strides, pad, dilations=dilations)

    check_gradient(fn, [random(xs, seed=1), random(ws, seed=2)], "contiguous", what=str(case))
    check_gradient(fn, [random(xs, seed=1), random(ws, seed=2)], "strided", what=str(case))


def test_depthwise_transpose_and_nchw_gradients():
    x, dw = random((1, 5, 5, 2), seed=1), random((3, 3, 2, 2), seed=2)
    check_gradient(lambda a, b: conv.depthwise_conv2d(a, b, [1, 1, 1, 1], "SAME"), [x, dw])
    check_gradient(
        lambda a, b: conv.conv2d_transpose(a, b, (1, 6, 6, 3), 2, "SAME"),
        [random((1, 3, 3, 2), seed=3), random((3, 3, 3, 2), seed=4)],
    )
    check_gradient(
        lambda a, b: conv.conv2d(a, b, 1, "VALID", data_format="NCHW"),
        [random((1, 2, 5, 4), seed=5), random((2, 2, 2, 3), seed=6)],
    )


def test_second_derivatives_of_conv2d():
    # d/dw of sum((d loss/dx)^2): the gradient's own gradient, checked by differences.
    x0, w0 = random((1, 5, 5, 2), seed=1), random((3, 3, 2, 2), seed=2)

    def grad_norm(w):
        x = nnext.convert_to_tensor(x0)
        with nnext.GradientTape() as inner:
            inner.watch(x)
            y = conv.conv2d(x, w, 1, "SAME")
            loss = nnext.reduce_sum(y * y * y)
        return nnext.reduce_sum(inner.gradient(loss, x) ** 2)

    w = nnext.convert_to_tensor(w0)
    with nnext.GradientTape() as outer:
        outer.watch(w)
        value = grad_norm(w)
    got = outer.gradient(value, w).numpy()
    eps, want = 1e-6, np.zeros_like(w0)
    for idx in np.ndindex(*w0.shape):
        plus, minus = w0.copy(), w0.copy()
        plus[idx] += eps
        minus[idx] -= eps
        want[idx] = (float(grad_norm(plus)) - float(grad_norm(minus))) / (2 * eps)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)


def test_filter_gradient_without_input_gradient():
    # Only the filters are watched: the input gradient is skipped, the filter one is exact.
    x, w = random((3, 6, 6, 1), seed=1), nnext.Variable(random((3, 3, 1, 4), seed=2))
    g = random((3, 4, 4, 4), seed=3)
    with nnext.GradientTape() as tape:
        y = conv.conv2d(x, w, 1, "VALID")
    dw = tape.gradient(y, w, output_gradients=nnext.convert_to_tensor(g)).numpy()
    v = random((3, 3, 1, 4), seed=4)
    assert float(np.sum(dw * v)) == pytest.approx(
        float(np.sum(g * ref_conv(x, v, [1, 1], "VALID", [1, 1]))), rel=1e-12
    )


# ------------------------------------------------------------------------------ pooling

POOL_CASES = [
    ((2, 9, 3), [2], [2], "VALID"),
    ((2, 9, 3), [3], [2], "SAME"),
    ((2, 7, 8, 3), [2, 2], [2, 2], "VALID"),
    ((2, 7, 8, 3), [3, 3], [2, 2], "SAME"),
    ((2, 7, 8, 3), [3, 2], [1, 2], "SAME"),
    ((1, 4, 5, 6, 2), [2, 2, 3], [2, 1, 2], "SAME"),
    ((0, 4, 4, 2), [2, 2], [2, 2], "VALID"),
]
POOL_FN = {
    ("max", 3): conv.max_pool1d,
    ("max", 4): conv.max_pool2d,
    ("max", 5): conv.max_pool3d,
    ("avg", 3): conv.avg_pool1d,
    ("avg", 4): conv.avg_pool2d,
    ("avg", 5): conv.avg_pool3d,
}


@pytest.mark.parametrize("reduce", ["max", "avg"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", POOL_CASES, ids=[str(c) for c in POOL_CASES])
def test_pool_matches_reference(case, dtype, reduce):
    xs, ksize, strides, padding = case
    x = random(xs, dtype, 1)
    want = ref_pool(x, ksize, strides, padding, reduce)
    got = POOL_FN[reduce, len(xs)](x, ksize, strides, padding)
    assert_same(got, want, str(case), RTOL[dtype], ATOL[dtype], dtype=dtype)
    generic = conv.max_pool if reduce == "max" else conv.avg_pool
    assert_same(
        generic(x, ksize, strides, padding), want, "generic", RTOL[dtype], ATOL[dtype], dtype=dtype
    )


@pytest.mark.parametrize("reduce", ["max", "avg"])
@pytest.mark.parametrize("case", POOL_CASES[:-1], ids=[str(c) for c in POOL_CASES[:-1]])
def test_pool_gradients_match_finite_differences(case, reduce):
    xs, ksize, strides, padding = case
    generic = conv.max_pool if reduce == "max" else conv.avg_pool
    # Distinct values: no two elements of a window tie for the maximum.
    x = np.random.default_rng(0).permutation(int(np.prod(xs))).reshape(xs) / 7.0
    check_gradient(lambda t: generic(t, ksize, strides, padding), [x], "contiguous", what=str(case))
    check_gradient(lambda t: generic(t, ksize, strides, padding), [x], "reversed", what=str(case))


def test_max_pool_gradient_goes_to_the_first_of_ties_and_second_order_works():
    x = nnext.convert_to_tensor(np.ones((1, 2, 2, 1)))
    with nnext.GradientTape(persistent=True) as tape:
        tape.watch(x)
        with nnext.GradientTape() as inner:
            inner.watch(x)
            y = conv.max_pool2d(x * x, 2, 2, "VALID")
        dx = inner.gradient(y, x)
        total = nnext.reduce_sum(dx * dx)
    np.testing.assert_array_equal(dx.numpy().ravel(), [2.0, 0.0, 0.0, 0.0])
    np.testing.assert_array_equal(tape.gradient(total, x).numpy().ravel(), [8.0, 0, 0, 0])


def test_pool_channels_first():
    x = random((2, 3, 7, 6), "float32", 1)
    last = np.ascontiguousarray(x.transpose(0, 2, 3, 1))
    for fn, reduce in [(conv.max_pool2d, "max"), (conv.avg_pool2d, "avg")]:
        got = fn(x, 3, 2, "SAME", data_format="NCHW")
        want = ref_pool(last, [3, 3], [2, 2], "SAME", reduce).transpose(0, 3, 1, 2)
        assert_same(got, want, reduce, 1e-6, 1e-6, dtype="float32")


def test_max_pool_with_argmax_indices():
    x = random((2, 4, 6, 3), seed=1)
    out, argmax = conv.max_pool_with_argmax(x, 2, 2, "VALID")
    assert argmax.dtype == nnext.int64
    flat = x.reshape(2, -1)
    np.testing.assert_array_equal(
        np.take_along_axis(flat, argmax.numpy().reshape(2, -1), 1), out.numpy().reshape(2, -1)
    )
    _, with_batch = conv.max_pool_with_argmax(
        x, 2, 2, "VALID", output_dtype="int32", include_batch_in_index=True
    )
    assert with_batch.dtype == nnext.int32
    np.testing.assert_array_equal(x.ravel()[with_batch.numpy()], out.numpy())


# ------------------------------------------------------------------------------- errors

ERRORS = [
    (
        lambda: conv.conv2d(np.ones((1, 3, 3, 1)), np.ones((5, 5, 1, 1)), 1, "VALID"),
        ValueError,
        r"conv2d: computed output size would be negative",
    ),
    (
        lambda: conv.conv2d(np.ones((3, 3, 1)), np.ones((2, 2, 1, 1)), 1, "VALID"),
        ValueError,
        r"conv2d: input must have rank 4",
    ),
    (
        lambda: conv.conv2d(np.ones((1, 3, 3, 3)), np.ones((2, 2, 2, 1)), 1, "VALID"),
        ValueError,
        r"conv2d: the input depth 3 must be a positive multiple",
    ),
    (
        lambda: conv.conv2d(np.ones((1, 3, 3, 4)), np.ones((2, 2, 2, 3)), 1, "VALID"),
        ValueError,
        r"conv2d: the output depth 3 must be a multiple of the number of groups 2",
    ),
    (
        lambda: conv.conv2d(np.ones((1, 3, 3, 1)), np.ones((2, 2, 1, 1)), 0, "VALID"),
        ValueError,
        r"conv2d: strides must be positive",
    ),
    (
        lambda: conv.conv2d(np.ones((1, 3, 3, 1)), np.ones((2, 2, 1, 1)), 1, "VALID", dilations=0),
        ValueError,
        r"conv2d: dilations must be positive",
    ),
    (
        lambda: conv.conv2d(np.ones((1, 3, 3, 1)), np.ones((2, 2, 1, 1)), 1, "FULL"),
        ValueError,
        r"conv2d: padding must be 'SAME', 'VALID'",
    ),
    (
        lambda: conv.conv2d(np.ones((1, 3, 3, 1)), np.ones((2, 2, 1, 1)), [2, 1, 1, 1], "VALID"),
        ValueError,
        r"conv2d: strides in the batch and depth dimensions must be 1",
    ),
    (
        lambda: conv.conv2d(
            np.ones((1, 3, 3, 1)), np.ones((2, 2, 1, 1)), 1, "VALID", data_format="HWNC"
        ),
        ValueError,
        r"conv2d: data_format must be 'NHWC' or 'NCHW'",
    ),
    (
        lambda: conv.conv2d(np.ones((1, 3, 3, 1), bool), np.ones((2, 2, 1, 1)), 1, "VALID"),
        TypeError,
        r"conv2d: not supported for bool tensors",
    ),
    (
        lambda: conv.conv2d(
            np.ones((1, 3, 3, 1)), np.ones((2, 2, 1, 1)), 1, [[0, 0], [-1, 0], [0, 0], [0, 0]]
        ),
        ValueError,
        r"conv2d: paddings must be non-negative",
    ),
    (
        lambda: conv.conv2d_transpose(
            np.ones((1, 3, 3, 2)), np.ones((3, 3, 1, 2)), (1, 9, 9, 1), 1, "VALID"
        ),
        ValueError,
        r"conv2d_transpose: out_backprop has shape \(1, 3, 3, 2\)",
    ),
    (
        lambda: conv.max_pool2d(np.ones((1, 3, 3, 1)), 0, 1, "VALID"),
        ValueError,
        r"max_pool2d: the window sizes must be positive",
    ),
    (
        lambda: conv.avg_pool2d(np.ones((1, 3, 3, 1)), 5, 1, "VALID"),
        ValueError,
        r"avg_pool2d: computed output size would be negative",
    ),
    (
        lambda: conv.max_pool1d(np.ones((1, 3, 3, 1)), 2, 1, "VALID"),
        ValueError,
        r"max_pool1d: input must have rank 3",
    ),
    (
        lambda: conv.max_pool2d(np.ones((1, 3, 3, 1), "int32"), 2, 1, "VALID"),
        TypeError,
        r"max_pool2d: expected a float32 or float64 input, got int32",
    ),
]


@pytest.mark.parametrize("call,error,match", ERRORS, ids=[e[2][:40] for e in ERRORS])
def test_bad_arguments_raise(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_a_huge_output_raises_memory_error():
    # A broadcast view stands for 2^34 filters without holding them.
    filters = nnext.broadcast_to(nnext.zeros((3, 3, 1, 1)), (3, 3, 1, 1 << 34))
    with pytest.raises(MemoryError):
        conv.conv2d(np.ones((1, 64, 64, 1), "float32"), filters, 1, "SAME")
