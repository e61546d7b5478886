"""A TensorFlow-2 tensor tour, end to end, with ``import nnext as tf``: what a tutorial's
tensor chapter walks through, each step checked against NumPy."""

import numpy as np
import pytest
from helpers import assert_same

import nnext as tf

RNG = np.random.default_rng(4)


def test_creating_tensors_and_dtypes():
    a = tf.constant(2.0)
    b = tf.constant(4.0)
    assert_same(a + b, 6.0, dtype="float32", rtol=1e-6)
    assert_same(tf.constant([1, 2.0, 3.3]), [1, 2, 3.3], dtype="float32", rtol=1e-6)
    assert_same(tf.constant([[1, 2], [3, 4]]), [[1, 2], [3, 4]], dtype="int32")
    assert tf.constant([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]).shape == (2, 2, 2)
    assert tf.constant([1, 2.0]).numpy().tolist() == [1.0, 2.0]
    assert_same(tf.convert_to_tensor([[1, 2], [3, 4]]), [[1, 2], [3, 4]], dtype="int32")
    assert_same(tf.constant(True), True, dtype="bool")
    assert_same(tf.zeros([]), 0.0, dtype="float32", rtol=1e-6)
    assert_same(tf.ones([3, 2]), np.ones((3, 2)), dtype="float32", rtol=1e-6)
    assert_same(tf.fill([2, 3], -2), np.full((2, 3), -2), dtype="int32")
    assert_same(tf.range(10, delta=2), [0, 2, 4, 6, 8], dtype="int32")
    assert_same(tf.range(2, 10, delta=3), [2, 5, 8], dtype="int32")
    normal = tf.random.normal([2000], 1, 2)
    assert abs(float(tf.reduce_mean(normal)) - 1) < 0.2
    # dtypes and casts
    assert_same(tf.constant(np.pi, tf.float64), np.pi, dtype="float64")
    assert_same(
        tf.cast(tf.constant(np.pi, tf.float64), tf.float32),
        np.float32(np.pi),
        dtype="float32",
        rtol=1e-6,
    )
    assert_same(tf.cast(tf.constant([True, False]), tf.int32), [1, 0], dtype="int32")


def test_variables_and_one_hot_loss():
    v1 = tf.constant([-1, 0, 1, 2])
    v2 = tf.Variable(v1)
    assert_same(v2, [-1, 0, 1, 2], dtype="int32")
    assert v2.trainable and isinstance(v2.name, str)
    y = tf.one_hot(tf.constant([2, 3, 2, 0]), depth=10)
    assert_same(y, np.eye(10, dtype="float32")[[2, 3, 2, 0]], dtype="float32", rtol=1e-6)
    out = tf.random.normal([4, 10])
    loss = tf.reduce_mean(tf.keras.losses.mse(y, out))
    np.testing.assert_allclose(float(loss), np.mean((y.numpy() - out.numpy()) ** 2), rtol=1e-5)


def test_arithmetic_and_matmul():
    a, b = tf.range(5), tf.constant(2)
    assert_same(a // b, [0, 0, 1, 1, 2], dtype="int32")
    assert_same(a % b, [0, 1, 0, 1, 0], dtype="int32")
    x = tf.range(4)
    assert_same(x**2, [0, 1, 4, 9], dtype="int32")
    assert_same(tf.pow(x, 2), [0, 1, 4, 9], dtype="int32")
    assert_same(tf.exp(1.0), np.e, dtype="float32", rtol=1e-6)
    p, q = RNG.standard_normal((4, 3, 28, 32)), RNG.standard_normal((4, 3, 32, 2))
    assert_same(tf.constant(p) @ tf.constant(q), p @ q, dtype="float64")
    x, w, bias = tf.random.normal([2, 4]), tf.random.normal([4, 3]), tf.zeros([3])
    assert_same(x @ w + bias, x.numpy() @ w.numpy(), dtype="float32", rtol=1e-6)


def test_indexing_and_slicing():
    data = RNG.standard_normal((4, 32, 32, 3)).astype("float32")
    x = tf.constant(data)
    assert_same(x[0], data[0], dtype="float32", rtol=1e-6)
    assert_same(x[0][1], data[0][1], dtype="float32", rtol=1e-6)
    assert_same(x[0][1][2], data[0][1][2], dtype="float32", rtol=1e-6)
    assert_same(x[0][1][2][1], data[0, 1, 2, 1], dtype="float32", rtol=1e-6)
    assert_same(x[0, 1, 2, 1], data[0, 1, 2, 1], dtype="float32", rtol=1e-6)
    assert_same(x[0, ::], data[0], dtype="float32", rtol=1e-6)
    assert_same(x[:, 0:28:2, 0:28:2, :], data[:, 0:28:2, 0:28:2, :], dtype="float32", rtol=1e-6)
    assert_same(x[..., 1], data[..., 1], dtype="float32", rtol=1e-6)
    assert_same(x[::-1], data[::-1], dtype="float32", rtol=1e-6)
    assert_same(x[[0, 2]], data[[0, 2]], dtype="float32", rtol=1e-6)
    assert_same(x[:, :, [1, 1, 30]], data[:, :, [1, 1, 30]], dtype="float32", rtol=1e-6)


def test_reshaping_and_tile():
    x = tf.reshape(tf.range(96), [2, 4, 4, 3])
    assert_same(x, np.arange(96).reshape(2, 4, 4, 3), dtype="int32")
    x = tf.expand_dims(tf.random.uniform([28, 28]), axis=2)
    assert x.shape == (28, 28, 1)
    assert tf.squeeze(x, axis=2).shape == (28, 28)
    assert tf.transpose(tf.random.normal([2, 32, 32, 3]), [0, 3, 1, 2]).shape == (2, 3, 32, 32)
    b = tf.tile(tf.expand_dims(tf.constant([1, 2]), axis=0), multiples=[2, 1])
    assert_same(b, [[1, 2], [1, 2]], dtype="int32")
    assert tf.tile(tf.random.normal([4, 28, 28, 3]), [2, 3, 3, 1]).shape == (8, 84, 84, 3)


def test_broadcasting():
    x, w, b = tf.random.normal([2, 4]), tf.random.normal([4, 3]), tf.random.normal([3])
    assert_same(x @ w + b, x.numpy() @ w.numpy() + b.numpy(), dtype="float32", rtol=1e-6)
    assert_same(
        tf.broadcast_to(tf.constant([1, 2, 3]), [2, 3]), [[1, 2, 3], [1, 2, 3]], dtype="int32"
    )


def test_joining_and_splitting():
    a, b = tf.random.normal([4, 35, 8]), tf.random.normal([6, 35, 8])
    c = tf.concat([a, b], axis=0)
    assert_same(c, np.concatenate([a.numpy(), b.numpy()]), dtype="float32", rtol=1e-6)
    a, b = tf.random.normal([35, 8]), tf.random.normal([35, 8])
    assert tf.stack([a, b], axis=0).shape == (2, 35, 8)
    assert tf.stack([a, b], axis=-1).shape == (35, 8, 2)
    x = tf.random.normal([10, 35, 8])
    res = tf.split(x, 10)
    assert len(res) == 10 and res[0].shape == (1, 35, 8)
    parts = tf.split(x, [4, 2, 2, 2], axis=0)
    assert [p.shape[0] for p in parts] == [4, 2, 2, 2]
    unstacked = tf.unstack(x, axis=0)
    assert len(unstacked) == 10 and unstacked[3].shape == (35, 8)
    assert_same(unstacked[3], x.numpy()[3], dtype="float32", rtol=1e-6)


def test_statistics():
    x = tf.ones([2, 2])
    assert_same(tf.norm(x, ord=1), 4.0, dtype="float32", rtol=1e-6)
    assert_same(tf.norm(x, ord=2), 2.0, dtype="float32", rtol=1e-6)
    assert_same(tf.norm(x, ord=np.inf), 1.0, dtype="float32", rtol=1e-6)
    x = tf.random.normal([4, 10])
    data = x.numpy()
    assert_same(tf.reduce_max(x, axis=0), data.max(0), dtype="float32", rtol=1e-6)
    assert_same(tf.reduce_min(x, axis=1), data.min(1), dtype="float32", rtol=1e-6)
    assert_same(tf.reduce_mean(x, axis=0), data.mean(0), dtype="float32", rtol=1e-6)
    assert_same(tf.reduce_sum(x, axis=1), data.sum(1), dtype="float32", rtol=1e-6)
    out = tf.nn.softmax(tf.random.normal([2, 10]), axis=1)
    assert_same(tf.reduce_sum(out, axis=1), [1.0, 1.0], dtype="float32", rtol=1e-6)
    assert_same(tf.argmax(out, axis=0), out.numpy().argmax(0), dtype="int64")
    assert_same(tf.argmin(out, axis=1), out.numpy().argmin(1), dtype="int64")


def test_comparison_and_accuracy():
    out = tf.nn.softmax(tf.random.normal([100, 10]), axis=1)
    pred = tf.argmax(out, axis=1)
    y = tf.random.uniform([100], dtype=tf.int64, maxval=10)
    correct = tf.reduce_sum(tf.cast(tf.equal(pred, y), dtype=tf.float32))
    assert float(correct) == np.sum(pred.numpy() == y.numpy())


def test_pad_and_clipping():
    b = tf.pad(tf.constant([7, 8, 1, 6]), [[0, 2]])
    assert_same(b, [7, 8, 1, 6, 0, 0], dtype="int32")
    a = tf.pad(tf.random.normal([4, 28, 28, 3]), [[0, 0], [2, 2], [2, 2], [0, 0]])
    assert a.shape == (4, 32, 32, 3)
    assert_same(a[:, :2], np.zeros((4, 2, 32, 3)), dtype="float32", rtol=1e-6)
    x = tf.range(10)
    assert_same(tf.maximum(x, 2), np.maximum(np.arange(10), 2), dtype="int32")
    assert_same(tf.minimum(x, 7), np.minimum(np.arange(10), 7), dtype="int32")
    assert_same(tf.maximum(tf.minimum(x, 7), 2), np.clip(np.arange(10), 2, 7), dtype="int32")
    assert_same(tf.clip_by_value(x, 2, 7), np.clip(np.arange(10), 2, 7), dtype="int32")


def test_gather_scatter_where_meshgrid():
    x = tf.random.uniform([4, 35, 8], maxval=100, dtype=tf.int32)
    data = x.numpy()
    assert_same(tf.gather(x, [0, 1], axis=0), data[[0, 1]], dtype="int32")
    assert_same(tf.gather(x, [2, 7], axis=1), data[:, [2, 7]], dtype="int32")
    assert_same(
        tf.gather_nd(x, [[1, 1], [2, 2], [3, 3]]), data[[1, 2, 3], [1, 2, 3]], dtype="int32"
    )
    assert_same(
        tf.boolean_mask(x, mask=[True, False, False, False], axis=0), data[:1], dtype="int32"
    )
    a, b = tf.ones([3, 3]), tf.zeros([3, 3])
    cond = tf.constant([[True, False, False], [False, True, False], [True, True, False]])
    assert_same(tf.where(cond, a, b), cond.numpy().astype("float32"), dtype="float32", rtol=1e-6)
    assert_same(tf.where(cond), np.argwhere(cond.numpy()), dtype="int64")
    indices = tf.constant([[4], [3], [1], [7]])
    updates = tf.constant([4.4, 3.3, 1.1, 7.7])
    assert_same(
        tf.scatter_nd(indices, updates, [8]),
        [0, 1.1, 0, 3.3, 4.4, 0, 0, 7.7],
        dtype="float32",
        rtol=1e-6,
    )
    xs = tf.linspace(-8.0, 8.0, 100)
    gx, gy = tf.meshgrid(xs, xs)
    assert gx.shape == gy.shape == (100, 100)
    z = tf.sqrt(gx**2 + gy**2)
    z = tf.sin(z) / z
    ex, ey = np.meshgrid(xs.numpy(), xs.numpy())
    er = np.sqrt(ex**2 + ey**2)
    np.testing.assert_allclose(z.numpy(), np.sin(er) / er, rtol=1e-5)


def test_gradients_flow_through_the_tour_ops():
    w = tf.Variable(tf.random.normal([4, 3]))
    with tf.GradientTape() as tape:
        picked = tf.gather(w, [0, 0, 3])
        joined = tf.concat([picked, tf.pad(w[1:2], [[0, 0], [1, 1]])[:, 1:4]], axis=0)
        loss = tf.reduce_sum(tf.tile(joined, [1, 2]))
    g = tape.gradient(loss, w)
    expected = np.zeros((4, 3))
    expected[0] += 2 * 2
    expected[3] += 2
    expected[1] += 2
    assert_same(g, expected, dtype="float32", rtol=1e-6)


@pytest.mark.parametrize("seed", [0, 1])
def test_random_shuffle_is_a_permutation(seed):
    x = tf.reshape(tf.range(20), [10, 2])
    shuffled = tf.random.shuffle(x, seed=seed).numpy()
    assert sorted(shuffled[:, 0].tolist()) == list(range(0, 20, 2))
    np.testing.assert_array_equal(shuffled[:, 1], shuffled[:, 0] + 1)
