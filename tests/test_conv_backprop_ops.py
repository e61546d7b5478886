"""tf.conv2d_backprop_filter_v2, tf.conv2d_backprop_input_v2, tf.conv and
tf.extract_volume_patches (nnext/conv_backprop_ops.py).

The two backprops must be the gradients of conv2d: checked against nnext's own tape, against
float64 central differences and against torch autograd, over strides, dilations, the three
paddings, both layouts and groups. tf.conv against nnext.nn.convolution and a NumPy loop;
extract_volume_patches against a NumPy loop and keras.ops.image.extract_patches_3d. Then
gradients, empty batches and the kernels' error messages."""

import itertools

import numpy as np
import pytest
from helpers import check_gradient, numeric_gradients

import nnext as tf
from nnext import errors

torch = pytest.importorskip("torch")


def _same_pads(size, k, stride, dilation):
    span = (k - 1) * dilation + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + span - size, 0)
    return total // 2, total - total // 2


# (input NHWC, filter HWIO, strides, dilations, padding, explicit (top, bottom, left, right))
CONV_CASES = [
    ((2, 5, 6, 3), (3, 2, 3, 4), (1, 1), (1, 1), "VALID", None),
    ((2, 7, 6, 3), (3, 3, 3, 2), (2, 1), (1, 1), "SAME", None),
    ((1, 8, 9, 2), (2, 3, 2, 3), (2, 3), (1, 1), "SAME", None),
    ((2, 9, 8, 2), (3, 2, 2, 2), (1, 2), (2, 3), "VALID", None),
    ((1, 9, 9, 1), (3, 3, 1, 2), (2, 2), (2, 1), "SAME", None),
    ((2, 5, 6, 3), (2, 3, 3, 2), (1, 2), (1, 1), "EXPLICIT", (1, 2, 0, 3)),
    ((2, 6, 5, 4), (3, 2, 2, 6), (1, 1), (1, 1), "SAME", None),  # 2 groups
]


def _case_args(case, data_format="NHWC"):
    x_shape, w_shape, strides, dilations, padding, explicit = case
    rng = np.random.default_rng(abs(hash(case)) % 2**32)
    x = rng.standard_normal(x_shape)
    w = rng.standard_normal(w_shape)
    pads = "SAME" if padding == "SAME" else "VALID"
    if explicit:
        top, bottom, left, right = explicit
        pads = [[0, 0], [top, bottom], [left, right], [0, 0]]
    y = tf.nn.conv2d(x, w, list(strides), pads, dilations=list(dilations))
    dy = rng.standard_normal(y.shape)
    flat = []
    if explicit:
        flat = [0, 0, *explicit, 0, 0] if data_format == "NHWC" else [0, 0, 0, 0, *explicit]
    if data_format == "NHWC":
        attrs = {
            "strides": [1, *strides, 1],
            "dilations": [1, *dilations, 1],
            "padding": padding,
            "explicit_paddings": flat,
        }
    else:
        attrs = {
            "strides": [1, 1, *strides],
            "dilations": [1, 1, *dilations],
            "padding": padding,
            "explicit_paddings": flat,
            "data_format": "NCHW",
        }
    return x, w, dy, pads, attrs


def _tape_grads(x, w, dy, pads, strides, dilations):
    xt, wt = tf.constant(x), tf.constant(w)
    with tf.GradientTape() as tape:
        tape.watch([xt, wt])
        y = tf.nn.conv2d(xt, wt, list(strides), pads, dilations=list(dilations))
    return [g.numpy() for g in tape.gradient(y, [xt, wt], output_gradients=tf.constant(dy))]


def _torch_grads(case, x, w, dy):
    x_shape, w_shape, strides, dilations, padding, explicit = case
    if padding == "SAME":
        (top, bottom), (left, right) = (
            _same_pads(x_shape[1], w_shape[0], strides[0], dilations[0]),
            _same_pads(x_shape[2], w_shape[1], strides[1], dilations[1]),
        )
    elif padding == "EXPLICIT":
        top, bottom, left, right = explicit
    else:
        top = bottom = left = right = 0
    xt = torch.tensor(x.transpose(0, 3, 1, 2), requires_grad=True)
    wt = torch.tensor(w.transpose(3, 2, 0, 1), requires_grad=True)
    groups = x_shape[3] // w_shape[2]
    padded = torch.nn.functional.pad(xt, (left, right, top, bottom))
    y = torch.nn.functional.conv2d(padded, wt, stride=strides, dilation=dilations, groups=groups)
    y.backward(torch.tensor(dy.transpose(0, 3, 1, 2)))
    return xt.grad.numpy().transpose(0, 2, 3, 1), wt.grad.numpy().transpose(2, 3, 1, 0)


@pytest.mark.parametrize("case", CONV_CASES)
def test_backprops_are_the_gradients_of_conv2d(case):
    x, w, dy, pads, attrs = _case_args(case)
    dfilter = tf.conv2d_backprop_filter_v2(x, w, dy, **attrs)
    dinput = tf.conv2d_backprop_input_v2(x, w, dy, **attrs)
    assert dfilter.shape == w.shape and dfilter.dtype == tf.float64
    assert dinput.shape == x.shape and dinput.dtype == tf.float64
    gx, gw = _tape_grads(x, w, dy, pads, case[2], case[3])
    np.testing.assert_allclose(dfilter.numpy(), gw, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dinput.numpy(), gx, rtol=1e-12, atol=1e-12)
    tx, tw = _torch_grads(case, x, w, dy)
    np.testing.assert_allclose(dfilter.numpy(), tw, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(dinput.numpy(), tx, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("case", CONV_CASES[:6:2])
def test_backprops_match_central_differences(case):
    x, w, dy, pads, attrs = _case_args(case)

    def forward(xv, wv):
        return tf.nn.conv2d(xv, wv, list(case[2]), pads, dilations=list(case[3]))

    want_x, want_w = numeric_gradients(forward, [x, w], dy)
    got_w = tf.conv2d_backprop_filter_v2(x, w, dy, **attrs).numpy()
    got_x = tf.conv2d_backprop_input_v2(x, w, dy, **attrs).numpy()
    np.testing.assert_allclose(got_w, want_w, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(got_x, want_x, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("case", CONV_CASES[1:6:2])
def test_nchw_equals_nhwc(case):
    x, w, dy, _, attrs = _case_args(case)
    _, _, _, _, attrs_first = _case_args(case, "NCHW")
    x_first, dy_first = x.transpose(0, 3, 1, 2), dy.transpose(0, 3, 1, 2)
    got = tf.conv2d_backprop_filter_v2(x_first, w, dy_first, **attrs_first)
    np.testing.assert_allclose(got.numpy(), tf.conv2d_backprop_filter_v2(x, w, dy, **attrs))
    got = tf.conv2d_backprop_input_v2(x_first, w, dy_first, **attrs_first)
    want = tf.conv2d_backprop_input_v2(x, w, dy, **attrs).numpy().transpose(0, 3, 1, 2)
    np.testing.assert_allclose(got.numpy(), want)


def test_backprops_are_differentiable():
    x, w, dy, _, attrs = _case_args(CONV_CASES[2])
    check_gradient(lambda a, g: tf.conv2d_backprop_filter_v2(a, w, g, **attrs), [x, dy])
    check_gradient(lambda f, g: tf.conv2d_backprop_input_v2(x, f, g, **attrs), [w, dy])


def test_the_shape_only_argument_gets_no_gradient():
    x, w, dy, _, attrs = _case_args(CONV_CASES[0])
    xt, wt = tf.constant(x), tf.constant(w)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([xt, wt])
        dfilter = tf.conv2d_backprop_filter_v2(xt, wt, dy, **attrs)
        dinput = tf.conv2d_backprop_input_v2(xt, wt, dy, **attrs)
    assert tape.gradient(dfilter, wt) is None
    assert tape.gradient(dinput, xt) is None


@pytest.mark.parametrize("dtype, rtol", [("float32", 1e-5), ("float16", 1e-2)])
def test_float32_and_half(dtype, rtol):
    x, w, dy, _, attrs = _case_args(CONV_CASES[1])
    args = [tf.constant(a.astype(dtype)) for a in (x, w, dy)]
    dfilter = tf.conv2d_backprop_filter_v2(*args, **attrs)
    dinput = tf.conv2d_backprop_input_v2(*args, **attrs)
    assert dfilter.dtype.name == dtype and dinput.dtype.name == dtype
    want = tf.conv2d_backprop_filter_v2(x, w, dy, **attrs).numpy()
    np.testing.assert_allclose(dfilter.numpy(), want, rtol=rtol, atol=rtol * 10)


def test_empty_batch():
    x, w, dy = np.zeros((0, 5, 5, 2)), np.ones((3, 3, 2, 4)), np.zeros((0, 3, 3, 4))
    dfilter = tf.conv2d_backprop_filter_v2(x, w, dy, [1, 1, 1, 1], "VALID")
    np.testing.assert_array_equal(dfilter.numpy(), np.zeros((3, 3, 2, 4)))
    assert tf.conv2d_backprop_input_v2(x, w, dy, [1, 1, 1, 1], "VALID").shape == (0, 5, 5, 2)


def _backprop_call(which, **changes):
    args = {
        "input": np.zeros((2, 5, 5, 2)),
        "filter": np.zeros((3, 3, 2, 4)),
        "out_backprop": np.zeros((2, 3, 3, 4)),
        "strides": [1, 1, 1, 1],
        "padding": "VALID",
    }
    args.update(changes)
    fn = tf.conv2d_backprop_filter_v2 if which == "filter" else tf.conv2d_backprop_input_v2
    return fn(**args)


BACKPROP_ERRORS = [
    ({"strides": [1, 1]}, errors.InvalidArgumentError, r"strides field must specify 4 dim"),
    ({"strides": [2, 1, 1, 1]}, errors.UnimplementedError, r"strides in the batch and depth"),
    ({"strides": [1, 0, 1, 1]}, errors.InvalidArgumentError, r"strides should be larger than 0"),
    ({"dilations": [1, 1, 1, 2]}, errors.UnimplementedError, r"dilations in the batch and"),
    ({"dilations": [1, 1, 0, 1]}, errors.InvalidArgumentError, r"Dilated rates should be larger"),
    ({"data_format": "NWHC"}, errors.InvalidArgumentError, r"Invalid data format"),
    ({"padding": "FULL"}, errors.InvalidArgumentError, r"attr 'padding' of \"FULL\" is not in"),
    (
        {"padding": "EXPLICIT", "explicit_paddings": [0, 0, 1, 1]},
        errors.InvalidArgumentError,
        r"explicit_paddings attribute must contain 8 values, but got: 4",
    ),
    (
        {"padding": "EXPLICIT", "explicit_paddings": [0, 0, 0, 0, 0, 0, 1, 0]},
        errors.InvalidArgumentError,
        r"Nonzero explicit padding in the batch or depth dimensions is not supported",
    ),
    (
        {"padding": "EXPLICIT", "explicit_paddings": [0, 0, -1, 0, 0, 0, 0, 0]},
        errors.InvalidArgumentError,
        r"All elements of explicit_paddings must be nonnegative",
    ),
    (
        {"explicit_paddings": [0] * 8},
        errors.InvalidArgumentError,
        r"explicit_paddings attribute must be empty if the padding attribute is not EXPLICIT",
    ),
    ({"input": np.zeros((2, 5, 5))}, errors.InvalidArgumentError, r": input must be 4-dim"),
    (
        {"out_backprop": np.zeros((3, 3, 3, 4))},
        errors.InvalidArgumentError,
        (
            r"input and out_backprop must have the same batch size\. Input batch: 2, "
            r"outbackprop batch: 3"
        ),
    ),
    (
        {"input": np.zeros((2, 5, 5, 3))},
        errors.InvalidArgumentError,
        r"input depth must be evenly divisible by filter depth",
    ),
    (
        {"out_backprop": np.zeros((2, 3, 3, 5))},
        errors.InvalidArgumentError,
        r"filter and out_backprop must have the same out_depth",
    ),
    (
        {"out_backprop": np.zeros((2, 4, 3, 4))},
        errors.InvalidArgumentError,
        (
            r"Size of out_backprop doesn't match computed: actual = 4, computed = 3 spatial_dim: 1 "
            r"input: 5 filter: 3 output: 4 stride: 1 dilation: 1"
        ),
    ),
    (
        {"input": np.zeros((2, 1, 5, 2))},
        errors.InvalidArgumentError,
        r"Computed output size would be negative: -1 \[input_size: 1, effective_filter_size: 3",
    ),
]


@pytest.mark.parametrize("which", ["filter", "input"])
@pytest.mark.parametrize("changes, kind, message", BACKPROP_ERRORS)
def test_backprop_errors(which, changes, kind, message):
    label = "Conv2DBackpropFilter" if which == "filter" else "Conv2DBackpropInput"
    with pytest.raises(kind, match=message) as info:
        _backprop_call(which, **changes)
    assert f"[Op:{label}V2]" in str(info.value)


def test_backprop_dtype_errors():
    with pytest.raises(errors.InvalidArgumentError, match=r"input #2\(zero-based\) was expected"):
        _backprop_call(
            "filter",
            input=tf.zeros((2, 5, 5, 2), dtype=tf.float64),
            out_backprop=tf.zeros((2, 3, 3, 4), dtype=tf.float32),
        )
    with pytest.raises(TypeError, match=r"parameter 'input' has DataType int32 not in list"):
        _backprop_call("input", input=tf.zeros((2, 5, 5, 2), dtype=tf.int32))
    with pytest.raises(TypeError, match=r"Expected list for 'strides' argument"):
        _backprop_call("filter", strides=1)


def np_conv(x, w, strides, dilations, pads, groups=1):
    """Channels-last N-D convolution, one output element at a time (x already batched
    once)."""
    n = x.ndim - 2
    x = np.pad(x, [(0, 0), *pads, (0, 0)])
    out_sizes = [
        (x.shape[1 + i] - ((w.shape[i] - 1) * dilations[i] + 1)) // strides[i] + 1 for i in range(n)
    ]
    cin = w.shape[n]
    cout = w.shape[n + 1]
    per_group = cout // groups
    y = np.zeros((x.shape[0], *out_sizes, cout), dtype=np.float64)
    for pos in itertools.product(*[range(o) for o in out_sizes]):
        for k in range(cout):
            g = k // per_group
            acc = np.zeros(x.shape[0])
            for tap in itertools.product(*[range(s) for s in w.shape[:n]]):
                src = tuple(p * s + t * d for p, s, t, d in zip(pos, strides, tap, dilations))
                acc = (
                    acc
                    + x[(slice(None), *src, slice(g * cin, (g + 1) * cin))]
                    @ w[(*tap, slice(None), k)]
                )
            y[(slice(None), *pos, k)] = acc
    return y


CONV_ND = [
    # (input shape, filter shape, strides, dilations, padding, batch_dims, groups)
    ((2, 7, 3), (3, 3, 2), [1, 2, 1], [], "VALID", 1, 1),
    ((2, 6, 5, 3), (3, 2, 3, 4), [1, 1, 2, 1], [1, 2, 1, 1], "SAME", 1, 1),
    ((2, 3, 6, 5, 2), (2, 2, 2, 3), [1, 2, 1, 1], [], "VALID", 2, 1),
    ((1, 5, 4, 6, 2), (2, 3, 2, 2, 3), [1, 1, 2, 2, 1], [], "SAME", 1, 1),
    ((2, 6, 6, 4), (3, 3, 2, 6), [1, 1, 1, 1], [], "SAME", 1, 2),
]


@pytest.mark.parametrize("case", CONV_ND)
def test_conv_matches_numpy_and_nn_convolution(case):
    x_shape, w_shape, strides, dilations, padding, batch_dims, groups = case
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    got = tf.conv(x, w, strides, padding, dilations=dilations, batch_dims=batch_dims, groups=groups)
    n = len(w_shape) - 2
    flat = x.reshape(-1, *x_shape[batch_dims:])
    sp_strides = strides[1:-1]
    sp_dilations = dilations[1:-1] if dilations else [1] * n
    pads = [
        _same_pads(flat.shape[1 + i], w_shape[i], sp_strides[i], sp_dilations[i])
        if padding == "SAME"
        else (0, 0)
        for i in range(n)
    ]
    want = np_conv(flat, w, sp_strides, sp_dilations, pads, groups)
    want = want.reshape(*x_shape[:batch_dims], *want.shape[1:])
    assert got.shape == want.shape and got.dtype == tf.float64
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-10, atol=1e-10)
    if batch_dims == 1:
        nn = tf.nn.convolution(x, w, sp_strides, padding, dilations=sp_dilations)
        np.testing.assert_allclose(got.numpy(), nn.numpy(), rtol=1e-12)


def test_conv_channels_first_and_explicit_padding():
    rng = np.random.default_rng(4)
    x, w = rng.standard_normal((2, 3, 6, 5)), rng.standard_normal((3, 2, 3, 4))
    got = tf.conv(
        x,
        w,
        [1, 1, 2, 1],
        "EXPLICIT",
        explicit_paddings=[0, 0, 0, 0, 1, 2, 0, 1],
        data_format="CHANNELS_FIRST",
    )
    x_last = x.transpose(0, 2, 3, 1)
    want = np_conv(x_last, w, [2, 1], [1, 1], [(1, 2), (0, 1)]).transpose(0, 3, 1, 2)
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-10, atol=1e-10)


def test_conv_int32_is_exact_and_stays_int32():
    rng = np.random.default_rng(5)
    x = rng.integers(-50, 50, (2, 5, 5, 3)).astype(np.int32)
    w = rng.integers(-50, 50, (2, 2, 3, 2)).astype(np.int32)
    got = tf.conv(x, w, [1, 1, 1, 1], "VALID")
    assert got.dtype == tf.int32
    want = np_conv(x.astype(np.float64), w.astype(np.float64), [1, 1], [1, 1], [(0, 0)] * 2)
    np.testing.assert_array_equal(got.numpy(), want.astype(np.int32))


def test_conv_gradients_and_empty_batch():
    rng = np.random.default_rng(6)
    x, w = rng.standard_normal((2, 4, 5, 2)), rng.standard_normal((2, 3, 2, 2))
    check_gradient(lambda a, b: tf.conv(a, b, [1, 2, 1, 1], "SAME"), [x, w])
    check_gradient(
        lambda a, b: tf.conv(a, b, [1, 2, 1], "VALID", batch_dims=2),
        [rng.standard_normal((2, 2, 4, 3)), rng.standard_normal((2, 3, 1))],
    )
    empty = tf.conv(np.zeros((0, 4, 4, 2)), np.ones((3, 3, 2, 5)), [1, 1, 1, 1], "SAME")
    assert empty.shape == (0, 4, 4, 5)


CONV_ERRORS = [
    ({"data_format": "NHWC"}, r"Unknown data format: NHWC"),
    ({"input": np.zeros((2, 5))}, r"must have 1, 2 or 3 spatial dimensions but got 0"),
    ({"filter": np.zeros((3, 3, 2))}, r"The filter must be rank 4 but got 3"),
    ({"filter": np.zeros((3, 0, 2, 4))}, r"filter must not have zero elements"),
    ({"strides": [1, 1, 1]}, r"Sliding window strides field must specify 4 dimensions"),
    ({"strides": [1, 1, 1, 2]}, r"does not support strides in the batch and depth"),
    ({"strides": [1, 0, 1, 1]}, r"Spatial strides should be larger than 0"),
    ({"dilations": [1, 2]}, r"Dilation rates field must specify 4 dimensions"),
    ({"dilations": [2, 1, 1, 1]}, r"does not support dilation rates in the batch and depth"),
    ({"dilations": [1, 0, 1, 1]}, r"Dilated rates should be larger than 0"),
    ({"filter": np.zeros((3, 3, 3, 4))}, r"Input depth must be equal to filter depth: 2 vs 3"),
    ({"groups": 2, "filter": np.zeros((3, 3, 1, 3))}, r"evenly divisible by number of groups: 3"),
    ({"input": np.zeros((2, 1, 5, 2))}, r"Computed output size would be negative: -1"),
    ({"padding": "EXPLICIT", "explicit_paddings": [1] * 8}, r"Nonzero explicit padding in the"),
    ({"batch_dims": 0}, r"batch_dims must be >= 1"),
]


@pytest.mark.parametrize("changes, message", CONV_ERRORS)
def test_conv_errors(changes, message):
    args = {
        "input": np.zeros((2, 5, 5, 2)),
        "filter": np.zeros((3, 3, 2, 4)),
        "strides": [1, 1, 1, 1],
        "padding": "VALID",
    }
    args.update(changes)
    with pytest.raises(errors.InvalidArgumentError, match=message) as info:
        tf.conv(**args)
    assert "[Op:Conv]" in str(info.value)


def np_volume_patches(x, ksizes, strides, padding):
    sizes, steps = ksizes[1:4], strides[1:4]
    pads = []
    for size, k, s in zip(x.shape[1:4], sizes, steps):
        if padding == "SAME":
            out = -(-size // s)
            total = max((out - 1) * s + k - size, 0)
            pads.append((total // 2, total - total // 2))
        else:
            pads.append((0, 0))
    xp = np.pad(x, [(0, 0), *pads, (0, 0)])
    outs = [(xp.shape[1 + i] - sizes[i]) // steps[i] + 1 for i in range(3)]
    y = np.zeros((x.shape[0], *outs, int(np.prod(sizes)) * x.shape[4]), x.dtype)
    for b, p, r, c in itertools.product(range(x.shape[0]), *[range(o) for o in outs]):
        window = xp[
            b,
            p * steps[0] : p * steps[0] + sizes[0],
            r * steps[1] : r * steps[1] + sizes[1],
            c * steps[2] : c * steps[2] + sizes[2],
        ]
        y[b, p, r, c] = window.reshape(-1)  # (planes, rows, cols, depth), depth fastest
    return y


VOLUME_CASES = [
    ((2, 4, 5, 6, 3), [1, 2, 2, 3, 1], [1, 1, 2, 3, 1], "VALID"),
    ((1, 5, 4, 3, 2), [1, 3, 2, 2, 1], [1, 2, 1, 2, 1], "SAME"),
    ((2, 3, 3, 3, 1), [1, 1, 1, 1, 1], [1, 1, 1, 1, 1], "SAME"),
    ((1, 2, 6, 5, 2), [1, 2, 4, 2, 1], [1, 3, 3, 3, 1], "SAME"),
]


@pytest.mark.parametrize("shape, ksizes, strides, padding", VOLUME_CASES)
@pytest.mark.parametrize("dtype", ["float32", "int32"])
def test_extract_volume_patches_matches_numpy(shape, ksizes, strides, padding, dtype):
    x = np.arange(np.prod(shape)).reshape(shape).astype(dtype)
    got = tf.extract_volume_patches(x, ksizes, strides, padding)
    assert got.dtype.name == dtype
    np.testing.assert_array_equal(got.numpy(), np_volume_patches(x, ksizes, strides, padding))


def test_extract_volume_patches_matches_keras_extract_patches_3d():
    x = np.random.default_rng(7).standard_normal((2, 5, 6, 4, 3)).astype(np.float32)
    got = tf.extract_volume_patches(x, [1, 2, 3, 2, 1], [1, 1, 2, 2, 1], "SAME")
    want = tf.keras.ops.image.extract_patches_3d(x, (2, 3, 2), strides=(1, 2, 2), padding="same")
    np.testing.assert_allclose(got.numpy(), np.asarray(want), rtol=1e-6, atol=1e-6)


def test_extract_volume_patches_gradient_and_empty():
    x = np.random.default_rng(8).standard_normal((1, 3, 4, 3, 2))
    check_gradient(
        lambda t: tf.extract_volume_patches(t, [1, 2, 2, 2, 1], [1, 1, 2, 1, 1], "SAME"), [x]
    )
    empty = tf.extract_volume_patches(
        np.zeros((0, 4, 4, 4, 2)), [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], "VALID"
    )
    assert empty.shape == (0, 2, 2, 2, 16)
    narrow = tf.extract_volume_patches(
        np.zeros((1, 2, 4, 4, 1)), [1, 3, 2, 2, 1], [1, 2, 1, 1, 1], "VALID"
    )
    assert narrow.shape == (1, 0, 3, 3, 12)


VOLUME_ERRORS = [
    ({"ksizes": [2, 1, 1, 1, 1]}, errors.UnimplementedError, r"Only support ksizes across space"),
    ({"strides": [1, 1, 1, 1, 2]}, errors.UnimplementedError, r"Only support strides across"),
    ({"ksizes": [1, 0, 1, 1, 1]}, errors.OutOfRangeError, r"ksizes is out of range"),
    ({"ksizes": [1, 1, 1, 1]}, errors.InvalidArgumentError, r"ksizes has length 4 but must be 5"),
    ({"padding": "EXPLICIT"}, errors.InvalidArgumentError, r"allowed values: \"SAME\", \"VALID\""),
    (
        {"input": np.zeros((2, 3))},
        errors.InvalidArgumentError,
        r"input must be 5-dimensional\[2,3\]",
    ),
    (
        {"ksizes": [1, 5, 1, 1, 1]},
        errors.InvalidArgumentError,
        r"Computed output size would be negative: -1 \[input_size: 3, effective_filter_size: 5",
    ),
]


@pytest.mark.parametrize("changes, kind, message", VOLUME_ERRORS)
def test_extract_volume_patches_errors(changes, kind, message):
    args = {
        "input": np.zeros((1, 3, 3, 3, 1)),
        "ksizes": [1, 2, 2, 2, 1],
        "strides": [1, 1, 1, 1, 1],
        "padding": "VALID",
    }
    args.update(changes)
    with pytest.raises(kind, match=message) as info:
        tf.extract_volume_patches(**args)
    assert "[Op:ExtractVolumePatches]" in str(info.value)


def test_non_tensor_operands_take_the_first_operands_dtype():
    x = np.ones((1, 4, 4, 1))  # float64
    w = np.ones((3, 3, 1, 2), np.float32)
    y = tf.conv(x, w, [1, 1, 1, 1], "VALID")
    assert y.dtype == tf.float64
    np.testing.assert_array_equal(y.numpy(), np.full((1, 2, 2, 2), 9.0))
    y = tf.conv(x, tf.constant(w), [1, 1, 1, 1], "VALID")  # the tensor's dtype wins
    assert y.dtype == tf.float32
