"""Smoke test (well under two seconds): the extension imports, tensors convert both ways,
ops broadcast, reductions and matmul work, and the tape differentiates."""

import numpy as np

import nnext as tf


def test_smoke():
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    t = tf.convert_to_tensor(x)
    assert np.shares_memory(np.asarray(t), x)
    y = t * 2.0 + tf.constant([1.0, 2.0, 3.0])
    assert y.dtype == tf.float32 and y.shape == (2, 3)
    np.testing.assert_array_equal(y.numpy(), x * 2 + [1, 2, 3])
    assert tf.reduce_sum(y).numpy() == np.sum(x * 2 + [1, 2, 3])
    np.testing.assert_allclose((t @ tf.transpose(t)).numpy(), x @ x.T)
    np.testing.assert_array_equal(t[:, ::-1].numpy(), x[:, ::-1])

    w = tf.Variable([[1.0], [2.0], [3.0]])
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(t @ w))
    (g,) = tape.gradient(loss, [w])
    np.testing.assert_allclose(g.numpy(), x.T @ (2 * (x @ w.numpy())) / 2, rtol=1e-6)
