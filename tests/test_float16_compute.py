"""float16 through the ops whose kernels exist only for float32/float64 (softmax, the fused
dense layer, convolution, pooling, the recurrent sequences, the tf.nn activations and
cross-entropies, moments and batch normalisation, the optimizer updates).

TensorFlow computes these on CPU through float32 and rounds the result to float16 once, so
the oracle is exact: the op on the same values in float32, rounded to float16 — forward and
gradient (a float16 op's gradient is float16). PyTorch's own float16 ops are a second,
independent reference within float16 tolerance, where PyTorch is installed (it is not a test
dependency; the exact float32 oracle runs either way).
"""

import numpy as np
import pytest

try:
    import torch
except ImportError:
    torch = None

import nnext as tf
from nnext import recurrent_ops
from nnext.keras import optimizers

F16_RTOL, F16_ATOL = 2e-3, 2e-3


def half(*shape, seed=0, lo=-2.0, hi=2.0):
    return np.random.default_rng(seed).uniform(lo, hi, shape).astype(np.float16)


def _seed(shape):
    """A float16-exact upstream gradient, so that no gradient is trivially zero."""
    return np.random.default_rng(99).uniform(0.5, 1.5, shape).astype(np.float16)


def _run(fn, arrays, dtype):
    xs = [tf.constant(a.astype(dtype)) for a in arrays]
    with tf.GradientTape() as tape:
        for x in xs:
            tape.watch(x)
        y = fn(*xs)
    seed = tf.constant(_seed(tuple(y.shape)).astype(dtype))
    return y, tape.gradient(y, xs, output_gradients=seed)


def check_against_float32(fn, *arrays, grad=True):
    """fn on float16 tensors equals fn on the same values in float32 rounded to float16,
    forward and (with `grad`) every input's gradient."""
    y16, g16 = _run(fn, arrays, np.float16)
    y32, g32 = _run(fn, arrays, np.float32)
    assert y16.dtype == tf.float16
    np.testing.assert_array_equal(y16.numpy(), y32.numpy().astype(np.float16))
    if grad:
        for a16, a32 in zip(g16, g32):
            assert a16 is not None and a16.dtype == tf.float16
            np.testing.assert_array_equal(a16.numpy(), a32.numpy().astype(np.float16))
    return y16, g16


def torch_half(fn, *arrays):
    """PyTorch's float16 result and input gradients (for the same upstream gradient); all
    None without PyTorch."""
    if torch is None:
        return None, [None] * len(arrays)
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    y = fn(*ts)
    y.backward(torch.tensor(_seed(tuple(y.shape))))
    return y.detach().numpy(), [t.grad.numpy() for t in ts]


def assert_close_to_torch(ours, theirs):
    if torch is None:
        return
    assert theirs.dtype == np.float16
    np.testing.assert_allclose(
        np.asarray(ours, np.float32), theirs.astype(np.float32), rtol=F16_RTOL, atol=F16_ATOL
    )


# --- softmax, log_softmax and the activations ------------------------------------------


def test_the_reported_call_now_works():
    y = tf.nn.softmax(tf.ones([2, 3], tf.float16))
    assert y.dtype == tf.float16
    np.testing.assert_array_equal(y.numpy(), np.full((2, 3), 1 / 3, np.float16))


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (lambda x: tf.nn.softmax(x, axis=-1), lambda x: torch.softmax(x, -1)),
        (lambda x: tf.nn.softmax(x, axis=0), lambda x: torch.softmax(x, 0)),
        (lambda x: tf.nn.log_softmax(x), lambda x: torch.log_softmax(x, -1)),
        (lambda x: tf.nn.softplus(x), lambda x: torch.nn.functional.softplus(x)),
        (lambda x: tf.nn.elu(x), lambda x: torch.nn.functional.elu(x)),
        (lambda x: tf.nn.leaky_relu(x, 0.1), lambda x: torch.nn.functional.leaky_relu(x, 0.1)),
        (lambda x: tf.nn.gelu(x), lambda x: torch.nn.functional.gelu(x)),
        (
            lambda x: tf.nn.gelu(x, approximate=True),
            lambda x: torch.nn.functional.gelu(x, approximate="tanh"),
        ),
    ],
    ids=[
        "softmax",
        "softmax_axis0",
        "log_softmax",
        "softplus",
        "elu",
        "leaky_relu",
        "gelu",
        "gelu_tanh",
    ],
)
def test_activation(ours, theirs):
    x = half(4, 7, seed=1)
    y, (g,) = check_against_float32(ours, x)
    ty, (tg,) = torch_half(theirs, x)
    assert_close_to_torch(y.numpy(), ty)
    assert_close_to_torch(g.numpy(), tg)


# --- the fused dense layer, bias_add, cross-entropies ----------------------------------


@pytest.mark.parametrize("activation", [None, "relu", "sigmoid", "tanh", "softmax"])
def test_dense(activation):
    x, w, b = half(5, 6, seed=2), half(6, 3, seed=3), half(3, seed=4)
    check_against_float32(lambda x, w, b: tf.nn.dense(x, w, b, activation=activation), x, w, b)


def test_dense_against_torch():
    x, w, b = half(5, 6, seed=2), half(6, 3, seed=3), half(3, seed=4)
    y, grads = check_against_float32(lambda x, w, b: tf.nn.dense(x, w, b), x, w, b)
    ty, tgrads = torch_half(lambda x, w, b: x @ w + b, x, w, b)
    assert_close_to_torch(y.numpy(), ty)
    for g, tg in zip(grads, tgrads):
        assert_close_to_torch(g.numpy(), tg)


def test_bias_add():
    check_against_float32(tf.nn.bias_add, half(2, 3, 4, seed=5), half(4, seed=6))


def test_softmax_cross_entropy():
    labels = np.eye(5, dtype=np.float16)[[0, 3, 1, 4]]
    logits = half(4, 5, seed=7)
    y, (_, g_logits) = check_against_float32(
        lambda lab, z: tf.nn.softmax_cross_entropy_with_logits(lab, z), labels, logits
    )
    ty, (_, tg) = torch_half(
        lambda lab, z: torch.nn.functional.cross_entropy(
            z.float(), lab.float(), reduction="none"
        ).half(),
        labels,
        logits,
    )
    assert_close_to_torch(y.numpy(), ty)
    assert_close_to_torch(g_logits.numpy(), tg)


def test_sparse_softmax_cross_entropy():
    labels = tf.constant(np.array([0, 3, 1, 4], np.int64))
    y, _ = check_against_float32(
        lambda z: tf.nn.sparse_softmax_cross_entropy_with_logits(labels, z), half(4, 5, seed=8)
    )
    assert y.shape == (4,)


def test_sigmoid_cross_entropy():
    labels = half(3, 4, seed=9, lo=0.0, hi=1.0)
    check_against_float32(
        lambda lab, z: tf.nn.sigmoid_cross_entropy_with_logits(lab, z), labels, half(3, 4, seed=10)
    )


# --- convolution and pooling ------------------------------------------------------------


def test_conv2d_forward_and_both_gradients():
    x, w = half(2, 7, 7, 3, seed=11), half(3, 3, 3, 4, seed=12)
    y, (gx, gw) = check_against_float32(
        lambda x, w: tf.nn.conv2d(x, w, strides=[1, 2, 2, 1], padding="SAME"), x, w
    )
    ty, (tgx, tgw) = torch_half(
        lambda x, w: torch.nn.functional.conv2d(
            x.permute(0, 3, 1, 2), w.permute(3, 2, 0, 1), stride=2, padding=1
        ).permute(0, 2, 3, 1),
        x,
        w,
    )
    assert_close_to_torch(y.numpy(), ty)
    assert_close_to_torch(gx.numpy(), tgx)
    if torch is not None:  # sums of 98 products: a looser tolerance
        np.testing.assert_allclose(gw.numpy(), tgw, rtol=5e-3, atol=2e-2)


def test_conv_transpose_and_depthwise():
    x, w = half(1, 5, 5, 2, seed=13), half(3, 3, 4, 2, seed=14)
    check_against_float32(
        lambda x, w: tf.nn.conv2d_transpose(x, w, [1, 10, 10, 4], strides=2, padding="SAME"), x, w
    )
    check_against_float32(
        lambda x, w: tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "VALID"),
        half(1, 5, 5, 2, seed=15),
        half(3, 3, 2, 2, seed=16),
    )


@pytest.mark.parametrize("pool", [tf.nn.max_pool2d, tf.nn.avg_pool2d])
def test_pooling(pool):
    check_against_float32(lambda x: pool(x, 2, 2, "VALID"), half(2, 6, 6, 3, seed=17))


def test_max_pool_with_argmax_keeps_int64_indices():
    y, argmax = tf.nn.max_pool_with_argmax(tf.constant(half(1, 4, 4, 2, seed=18)), 2, 2, "VALID")
    assert y.dtype == tf.float16 and argmax.dtype == tf.int64


# --- recurrent sequences ----------------------------------------------------------------


@pytest.mark.parametrize("cell", ["simple_rnn", "lstm", "gru"])
def test_recurrent_sequence(cell):
    units, gates = 3, {"simple_rnn": 1, "lstm": 4, "gru": 3}[cell]
    x = half(2, 5, 4, seed=19, lo=-1, hi=1)
    kernel = half(4, gates * units, seed=20, lo=-0.5, hi=0.5)
    recurrent = half(units, gates * units, seed=21, lo=-0.5, hi=0.5)
    bias = half(*((2, gates * units) if cell == "gru" else (gates * units,)), seed=22)
    op = getattr(recurrent_ops, cell)
    check_against_float32(lambda *t: op(*t)[1], x, kernel, recurrent, bias)  # every step


@pytest.mark.skipif(torch is None, reason="PyTorch is not installed")
def test_lstm_against_torch():
    x = half(2, 5, 4, seed=23, lo=-1, hi=1)
    kernel, recurrent = half(4, 12, seed=24, lo=-0.5, hi=0.5), half(3, 12, seed=25, lo=-0.5, hi=0.5)
    bias = half(12, seed=26, lo=-0.5, hi=0.5)
    ours = recurrent_ops.lstm(
        tf.constant(x), tf.constant(kernel), tf.constant(recurrent), tf.constant(bias)
    )
    lstm = torch.nn.LSTM(4, 3, batch_first=True).half()
    with torch.no_grad():  # PyTorch's gates are i, f, g, o too, as rows of the weights
        lstm.weight_ih_l0.copy_(torch.tensor(kernel.T))
        lstm.weight_hh_l0.copy_(torch.tensor(recurrent.T))
        lstm.bias_ih_l0.copy_(torch.tensor(bias))
        lstm.bias_hh_l0.zero_()
        theirs = lstm(torch.tensor(x))[0].numpy()
    assert ours[1].dtype == tf.float16
    assert_close_to_torch(ours[1].numpy(), theirs)


# --- moments, batch normalisation -------------------------------------------------------


def test_moments_and_batch_normalization():
    x = half(8, 3, seed=27)
    # As TensorFlow: the statistics are gathered in float32 and rounded once.
    check_against_float32(lambda t: tf.nn.moments(t, axes=[0])[0], x)
    check_against_float32(lambda t: tf.nn.moments(t, axes=[0])[1], x)
    mean, variance = tf.nn.moments(tf.constant(x), axes=[0])
    np.testing.assert_allclose(variance.numpy(), x.astype(np.float32).var(0), rtol=1e-3)
    y = tf.nn.batch_normalization(tf.constant(x), mean, variance, None, None, 1e-3)
    assert y.dtype == tf.float16
    with tf.GradientTape() as tape:
        xt = tf.constant(x)
        tape.watch(xt)
        m, v = tf.nn.moments(xt, axes=[0])
        out = tf.nn.batch_normalization(xt, m, v, None, None, 1e-3)
    assert tape.gradient(out, xt).dtype == tf.float16


# --- optimizer updates of float16 variables ---------------------------------------------


@pytest.mark.parametrize("name", ["SGD", "Adam", "RMSprop", "Adagrad"])
def test_optimizer_updates_float16_variable_as_float32_rounded(name):
    start, grad = half(6, seed=28), half(6, seed=29)
    results = []
    for dtype in ("float16", "float32"):
        variable = tf.Variable(start.astype(dtype))
        optimizer = getattr(optimizers, name)(learning_rate=0.1)
        optimizer.apply_gradients([(tf.constant(grad.astype(dtype)), variable)])
        results.append(variable.numpy())
    assert results[0].dtype == np.float16
    np.testing.assert_array_equal(results[0], results[1].astype(np.float16))


# --- gradients cross float16 <-> float32 casts ------------------------------------------


def test_basic_indexing_gradient():
    check_against_float32(lambda t: t[1:3, ::2], half(4, 3, seed=31))


def test_gradient_crosses_casts_in_both_directions():
    w = tf.Variable(np.array([1.5, -2.0], np.float32))
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.cast(tf.cast(w, tf.float16) * 3.0, tf.float32))
    g = tape.gradient(y, w)
    assert g.dtype == tf.float32
    np.testing.assert_array_equal(g.numpy(), [3.0, 3.0])
    values = half(3, seed=30)
    x = tf.constant(values)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.exp(x))
    g = tape.gradient(y, x)
    assert g.dtype == tf.float16
    np.testing.assert_allclose(g.numpy(), np.exp(values.astype(np.float32)), rtol=2e-3)
