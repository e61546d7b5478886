"""Results do not depend on how many threads ran: nnext shrinks a thread team to one thread
while it does not get its cores (cpp/core/parallel.h), so a kernel whose sum order followed
the team would differ in its last bits from run to run on a loaded machine, and
`tf.config.experimental.enable_op_determinism()` with seeded runs would not repeat."""

import numpy as np
import pytest

import nnext as tf
from nnext import config


def on_threads(threads, fn):
    saved = config.get_num_threads()
    config.set_num_threads(threads)
    try:
        return fn()
    finally:
        config.set_num_threads(saved)


def same_on_one_and_three_threads(fn):
    one = on_threads(1, fn)
    three = on_threads(3, fn)
    for a, b in zip(one, three, strict=True):
        np.testing.assert_array_equal(a, b)  # bit for bit, not approximately


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("reduce", [tf.reduce_sum, tf.reduce_mean, tf.reduce_prod, tf.reduce_max])
def test_a_whole_tensor_reduction_is_the_same_on_any_team(reduce, dtype):
    rng = np.random.default_rng(0)
    # float64 sums in float64: a different split shows in the last bits.
    x = tf.constant(rng.uniform(0.999, 1.001, 3_000_001).astype(dtype))
    same_on_one_and_three_threads(lambda: [reduce(x).numpy()])


@pytest.mark.parametrize(
    ("kernel", "depthwise"), [((3, 3, 8, 16), False), ((3, 3, 8, 1), True), ((1, 1, 8, 4), False)]
)
def test_convolution_filter_gradients_are_the_same_on_any_team(kernel, depthwise):
    rng = np.random.default_rng(1)
    x = tf.constant(rng.normal(size=(16, 20, 20, 8)).astype(np.float32))
    w = tf.Variable(rng.normal(size=kernel).astype(np.float32))

    def gradient():
        with tf.GradientTape() as tape:
            conv = tf.nn.depthwise_conv2d if depthwise else tf.nn.conv2d
            strides = [1, 1, 1, 1] if depthwise else 1
            y = conv(x, w, strides, "SAME")
            loss = tf.reduce_sum(y * y)
        return [tape.gradient(loss, w).numpy()]

    same_on_one_and_three_threads(gradient)
