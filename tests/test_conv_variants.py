"""tf.nn's convolutions under other names (python/nnext/conv_variants.py): each transpose
and backprop as the adjoint of its forward convolution, and, where PyTorch is installed (it
is not a test dependency), the atrous convolution against its dilated conv2d and the
depthwise backprops against its autograd of a grouped conv2d."""

import numpy as np
import pytest

import nnext as tf

try:
    import torch
except ImportError:
    torch = None
needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch is not installed")


def rand(*shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape)


def torch_conv(x, w, dilation, padding, groups=1):
    """NHWC x and HWIO w (HW, in/groups, out) through torch's NCHW conv2d."""
    out = torch.nn.functional.conv2d(
        x.permute(0, 3, 1, 2),
        w.permute(3, 2, 0, 1),
        dilation=dilation,
        padding=padding,
        groups=groups,
    )
    return out.permute(0, 2, 3, 1)


@needs_torch
@pytest.mark.parametrize("rate", [1, 2, 3])
@pytest.mark.parametrize("padding", ["VALID", "SAME"])
def test_atrous_conv2d_is_a_dilated_convolution(rate, padding):
    x, w = rand(2, 11, 10, 3), rand(3, 3, 3, 4, seed=1)
    got = tf.nn.atrous_conv2d(tf.constant(x), tf.constant(w), rate, padding)
    want = torch_conv(torch.tensor(x), torch.tensor(w), rate, 0 if padding == "VALID" else rate)
    assert got.dtype == tf.float64
    np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("padding", ["VALID", "SAME"])
def test_atrous_conv2d_transpose_is_the_adjoint_of_atrous_conv2d(padding):
    x, w = rand(2, 9, 9, 3), rand(3, 3, 3, 4, seed=1)
    y = tf.nn.atrous_conv2d(tf.constant(x), tf.constant(w), 2, padding)
    dy = rand(*y.shape, seed=2)
    back = tf.nn.atrous_conv2d_transpose(tf.constant(dy), tf.constant(w), x.shape, 2, padding)
    assert back.shape == x.shape
    # <conv(x), dy> == <x, conv^T(dy)>
    np.testing.assert_allclose(np.sum(y.numpy() * dy), np.sum(x * back.numpy()), rtol=1e-10)


def test_atrous_rates_below_one_are_refused():
    with pytest.raises(ValueError, match="atrous_conv2d: rate 0 cannot be smaller than one"):
        tf.nn.atrous_conv2d(tf.ones((1, 4, 4, 1)), tf.ones((2, 2, 1, 1)), 0, "VALID")
    with pytest.raises(ValueError, match="atrous_conv2d_transpose: rate -1"):
        tf.nn.atrous_conv2d_transpose(
            tf.ones((1, 3, 3, 1)), tf.ones((2, 2, 1, 1)), (1, 4, 4, 1), -1, "VALID"
        )


@pytest.mark.parametrize(("strides", "padding"), [(1, "SAME"), (2, "VALID"), (2, "SAME")])
def test_depthwise_backprops_are_adjoints_of_the_depthwise_convolution(strides, padding):
    # <conv(x, w), dy> == <x, backprop_input(w, dy)> == <w, backprop_filter(x, dy)>
    x, w = rand(2, 8, 7, 3), rand(3, 3, 3, 2, seed=1)
    s = [1, strides, strides, 1]
    y = tf.nn.depthwise_conv2d(tf.constant(x), tf.constant(w), s, padding)
    dy = rand(*y.shape, seed=2)
    dx = tf.nn.depthwise_conv2d_backprop_input(x.shape, w, tf.constant(dy), s, padding)
    dw = tf.nn.depthwise_conv2d_backprop_filter(x, w.shape, tf.constant(dy), s, padding)
    inner = np.sum(y.numpy() * dy)
    np.testing.assert_allclose(np.sum(x * dx.numpy()), inner, rtol=1e-10)
    np.testing.assert_allclose(np.sum(w * dw.numpy()), inner, rtol=1e-10)


@needs_torch
@pytest.mark.parametrize(("strides", "padding"), [(1, "SAME"), (2, "VALID"), (2, "SAME")])
def test_depthwise_backprops_are_the_gradients_of_the_depthwise_convolution(strides, padding):
    channels, multiplier = 3, 2
    x, w = rand(2, 8, 7, channels), rand(3, 3, channels, multiplier, seed=1)
    y = tf.nn.depthwise_conv2d(tf.constant(x), tf.constant(w), [1, strides, strides, 1], padding)
    dy = rand(*y.shape, seed=2)
    got_input = tf.nn.depthwise_conv2d_backprop_input(
        x.shape, tf.constant(w), tf.constant(dy), [1, strides, strides, 1], padding
    )
    got_filter = tf.nn.depthwise_conv2d_backprop_filter(
        tf.constant(x), w.shape, tf.constant(dy), [1, strides, strides, 1], padding
    )
    # The same gradients from torch: a grouped conv2d with TensorFlow's padding laid out
    # by hand (SAME pads the odd pixel at the end).
    tx = torch.tensor(x, requires_grad=True)
    tw = torch.tensor(w.reshape(3, 3, 1, channels * multiplier), requires_grad=True)
    xin = tx
    if padding == "SAME":
        pads = []
        for size in (x.shape[2], x.shape[1]):  # width, then height (F.pad's order)
            out = -(-size // strides)
            total = max((out - 1) * strides + 3 - size, 0)
            pads += [total // 2, total - total // 2]
        xin = torch.nn.functional.pad(tx.permute(0, 3, 1, 2), pads).permute(0, 2, 3, 1)
    ty = torch.nn.functional.conv2d(
        xin.permute(0, 3, 1, 2), tw.permute(3, 2, 0, 1), stride=strides, groups=channels
    ).permute(0, 2, 3, 1)
    np.testing.assert_allclose(ty.detach().numpy(), y.numpy(), rtol=1e-10, atol=1e-12)
    ty.backward(torch.tensor(dy))
    np.testing.assert_allclose(got_input.numpy(), tx.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(
        got_filter.numpy(), tw.grad.numpy().reshape(w.shape), rtol=1e-10, atol=1e-12
    )
    assert got_input.shape == x.shape and got_filter.shape == w.shape


def test_depthwise_backprop_sizes_must_be_four_entries():
    with pytest.raises(ValueError, match="input_sizes must have 4 entries"):
        tf.nn.depthwise_conv2d_backprop_input(
            [8, 8], tf.ones((3, 3, 1, 1)), tf.ones((1, 8, 8, 1)), [1, 1, 1, 1], "SAME"
        )
