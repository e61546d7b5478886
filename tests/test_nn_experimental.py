"""tf.nn.experimental: stateless_dropout is a function of its seed, general_dropout uses the
caller's sampler; both follow dropout's rule (keep where u >= rate, scale by 1/(1-rate))."""

import numpy as np
import pytest

import nnext as tf


def test_stateless_dropout_depends_on_the_seed_only():
    x = tf.ones([1000])
    a = tf.nn.experimental.stateless_dropout(x, 0.3, seed=[4, 2]).numpy()
    b = tf.nn.experimental.stateless_dropout(x, 0.3, seed=[4, 2]).numpy()
    c = tf.nn.experimental.stateless_dropout(x, 0.3, seed=[5, 2]).numpy()
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert set(np.unique(a)) <= {0.0, np.float32(1 / 0.7)}
    assert 0.2 < (a == 0).mean() < 0.4
    u = tf.random.stateless_uniform([1000], seed=[4, 2]).numpy()
    np.testing.assert_array_equal(a == 0, u < 0.3)  # the mask is the stateless draw's
    shared = tf.nn.experimental.stateless_dropout(
        tf.ones([3, 4]), 0.5, seed=[1, 1], noise_shape=[3, 1]
    ).numpy()
    assert (shared == shared[:, :1]).all()
    with pytest.raises(ValueError, match="must be a scalar tensor or a float in the range"):
        tf.nn.experimental.stateless_dropout(x, 1.0, seed=[1, 2])


def test_general_dropout_uses_the_sampler():
    def sampler(shape, dtype):
        return np.linspace(0.0, 0.99, int(np.prod(shape))).reshape(shape).astype(dtype.name)

    out = tf.nn.experimental.general_dropout(tf.ones([4]), 0.5, sampler).numpy()
    np.testing.assert_allclose(out, [0.0, 0.0, 2.0, 2.0])
    x = tf.Variable([1.0, 2.0, 3.0, 4.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.nn.experimental.general_dropout(x, 0.5, sampler))
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [0.0, 0.0, 2.0, 2.0])
