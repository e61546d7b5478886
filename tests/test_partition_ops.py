"""tf.dynamic_partition / dynamic_stitch / parallel_stack (nnext/partition_ops.py) against the
values of TensorFlow's documentation and NumPy."""

import numpy as np
import pytest

import nnext as tf


def test_dynamic_partition_matches_tf_docs_and_numpy():
    # TensorFlow's documented example.
    out = tf.dynamic_partition([10.0, 20.0, 30.0, 40.0, 50.0], [0, 0, 1, 1, 0], 2)
    assert [o.numpy().tolist() for o in out] == [[10.0, 20.0, 50.0], [30.0, 40.0]]
    rng = np.random.default_rng(0)
    data = rng.normal(size=(3, 4, 2)).astype(np.float32)
    parts = rng.integers(0, 3, size=(3, 4)).astype(np.int32)
    got = tf.dynamic_partition(data, parts, 3)
    for i in range(3):
        np.testing.assert_array_equal(got[i].numpy(), data[parts == i])
    assert got[0].shape == (int((parts == 0).sum()), 2)


def test_dynamic_partition_gradient_and_errors():
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        a, b = tf.dynamic_partition(x, [1, 0, 1], 2)
        loss = tf.reduce_sum(a * 10.0) + tf.reduce_sum(b * b)
    assert tape.gradient(loss, x).numpy().tolist() == [2.0, 10.0, 6.0]
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"is not in \[0, 2\)"):
        tf.dynamic_partition([1.0, 2.0], [0, 2], 2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="must start with"):
        tf.dynamic_partition([1.0, 2.0], [0, 1, 0], 2)
    with pytest.raises(TypeError):
        tf.dynamic_partition([1.0], [0.0], 1)


def test_dynamic_stitch_matches_tf_docs():
    indices = [6, [4, 1], [[5, 2], [0, 3]]]
    data = [
        [61.0, 62.0],
        [[41.0, 42.0], [11.0, 12.0]],
        [[[51.0, 52.0], [21.0, 22.0]], [[1.0, 2.0], [31.0, 32.0]]],
    ]
    got = tf.dynamic_stitch(indices, data).numpy()
    want = [[1, 2], [11, 12], [21, 22], [31, 32], [41, 42], [51, 52], [61, 62]]
    assert got.tolist() == want
    # A repeated index takes the last value; an index no one names is zero.
    assert tf.dynamic_stitch([[0, 2], [1, 2]], [[1.0, 2.0], [3.0, 4.0]]).numpy().tolist() == [
        1.0,
        3.0,
        4.0,
    ]
    assert tf.dynamic_stitch([[0], [3]], [[1.0], [4.0]]).numpy().tolist() == [1.0, 0.0, 0.0, 4.0]


def test_dynamic_stitch_inverts_partition_with_gradient_and_errors():
    x = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    parts = [1, 0, 1]
    ids = tf.dynamic_partition(tf.range(3), parts, 2)
    with tf.GradientTape() as tape:
        back = tf.dynamic_stitch(ids, tf.dynamic_partition(x, parts, 2))
        loss = tf.reduce_sum(back * [[1.0, 2.0]])
    np.testing.assert_array_equal(back.numpy(), x.numpy())
    assert tape.gradient(loss, x).numpy().tolist() == [[1.0, 2.0]] * 3
    with pytest.raises(tf.errors.InvalidArgumentError, match="same length"):
        tf.dynamic_stitch([[0]], [])
    with pytest.raises(tf.errors.InvalidArgumentError, match="does not start with"):
        tf.dynamic_stitch([[0, 1]], [[1.0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="slice shape"):
        tf.dynamic_stitch([[0], [1]], [[[1.0]], [[1.0, 2.0]]])
    with pytest.raises(TypeError, match="one dtype"):
        tf.dynamic_stitch([[0], [1]], [[1.0], [1]])


def test_parallel_stack():
    got = tf.parallel_stack([[1, 4], [2, 5], [3, 6]])
    assert got.dtype == tf.int32 and got.numpy().tolist() == [[1, 4], [2, 5], [3, 6]]
    with pytest.raises(ValueError, match="one shape"):
        tf.parallel_stack([[1, 2], [3]])
