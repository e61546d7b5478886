"""tf.saturate_cast and tf.bitcast (nnext/cast_ops.py) against TensorFlow's documented
behaviour and NumPy's views of the same bytes."""

import numpy as np
import pytest

import nnext as tf


def test_saturate_cast_clamps_to_the_target_range():
    got = tf.saturate_cast([3e9, -3e9, 1.5, 70000.0], tf.int32)
    # 2**31 - 1 is not a float32; the largest float32 below it is 2147483520.
    assert got.dtype == tf.int32 and got.numpy().tolist() == [2147483520, -(2**31), 1, 70000]
    assert tf.saturate_cast([300, -5, 7], tf.uint8).numpy().tolist() == [255, 0, 7]
    assert tf.saturate_cast([-1.5, 2.5, 999.0], "int8").numpy().tolist() == [-1, 2, 127]
    big = tf.constant([1e300, -1e300, 3.0], dtype=tf.float64)
    f32 = np.finfo(np.float32).max
    assert tf.saturate_cast(big, tf.float32).numpy().tolist() == [f32, -f32, 3.0]
    assert tf.saturate_cast([70000, -70000], tf.float16).numpy().tolist() == [65504.0, -65504.0]
    assert tf.saturate_cast(tf.constant([5], tf.uint8), tf.int64).numpy().tolist() == [5]
    with pytest.raises(TypeError, match="saturate_cast"):
        tf.saturate_cast([True], tf.int32)


def test_bitcast_sizes_and_values():
    x = tf.constant([1.0, -2.0], dtype=tf.float32)
    same = tf.bitcast(x, tf.int32)
    assert same.dtype == tf.int32 and same.shape == (2,)
    np.testing.assert_array_equal(same.numpy(), np.array([1.0, -2.0], np.float32).view(np.int32))
    small = tf.bitcast(x, tf.uint8)
    assert small.dtype == tf.uint8 and small.shape == (2, 4)
    np.testing.assert_array_equal(
        small.numpy().reshape(-1), np.array([1.0, -2.0], np.float32).view(np.uint8)
    )
    back = tf.bitcast(small, tf.float32)
    assert back.shape == (2,) and back.numpy().tolist() == [1.0, -2.0]
    # TensorFlow's documented example: 0xFFFFFFFF read as int32 is -1.
    assert int(tf.bitcast(tf.constant(0xFFFFFFFF, dtype=tf.uint32), tf.int32)) == -1
    with pytest.raises(
        tf.errors.InvalidArgumentError, match="Cannot bitcast from uint8 to float32"
    ):
        tf.bitcast(tf.constant([1, 2, 3], dtype=tf.uint8), tf.float32)
