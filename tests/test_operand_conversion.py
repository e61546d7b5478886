"""How a binary op converts an operand that is not a tensor, and what `.numpy()` gives a
scalar: TensorFlow's rules (a Python list or NumPy array beside a tensor adopts the tensor's
dtype; a 0-d tensor's `.numpy()` is a NumPy scalar)."""

import numpy as np
import pytest

import nnext as tf


@pytest.mark.parametrize(
    ("tensor", "sequence", "dtype"),
    [
        (tf.constant(0.0), [1, -1], tf.float32),  # TensorFlow: float32, NumPy: float64
        (tf.constant(0.0, tf.float64), [0.1, 2], tf.float64),
        (tf.constant([1, 2], tf.int8), [3, 4], tf.int8),
        (tf.constant([1, 2], tf.uint8), (250, 4), tf.uint8),
        (tf.constant([True, False]), [True, True], tf.bool),
        (tf.constant([1.0, 2.0], tf.float16), [0.5, 1], tf.float16),
        (tf.constant([1.0, 2.0]), np.array([0.25, 1.0]), tf.float32),  # a float64 array
        (tf.constant([1, 2], tf.int64), np.array([3, 4], np.int32), tf.int64),
    ],
)
def test_a_list_beside_a_tensor_adopts_its_dtype(tensor, sequence, dtype):
    for out in (tf.add(tensor, sequence), tf.add(sequence, tensor), tensor * sequence):
        assert out.dtype == dtype
        want = np.add(tensor.numpy(), np.asarray(sequence, dtype.as_numpy_dtype))
        if dtype != tf.bool:
            np.testing.assert_array_equal((tensor + sequence).numpy(), want)
    assert tf.greater(tensor, sequence).dtype == tf.bool


def test_float_lists_round_once_into_float64():
    out = tf.constant(0.0, tf.float64) + [0.1]
    assert out.numpy()[0] == 0.1  # not 0.1 rounded to float32 first


def test_lists_that_do_not_fit_promote_as_tensors():
    # Values of a higher kind or beyond the range stay as they are: NumPy's promotion.
    assert (tf.constant([1, 2], tf.int8) + [1000, 2]).dtype == tf.int32
    assert (tf.constant([1, 2]) + [2**40, 0]).dtype == tf.int64
    assert (tf.constant([1, 2]) + [1.5, 2]).dtype == tf.float64
    assert (tf.constant([1, 2]) + np.array([1.5, 2])).dtype == tf.float64
    assert (tf.constant([1.0]) + np.array([3], np.uint8)).dtype == tf.float32
    with pytest.raises(ValueError):
        tf.constant([1.0]) + [[1.0], [2.0, 3.0]]  # ragged


def test_scalar_numpy_is_a_numpy_scalar():
    value = tf.constant(1.5).numpy()
    assert type(value) is np.float32 and value == 1.5
    assert type(tf.Variable(2).numpy()) is np.int32
    assert type(tf.constant(True).numpy()) is np.bool_
    assert str([tf.constant(0).numpy(), tf.constant(1).numpy()]) == "[np.int32(0), np.int32(1)]"
    vector = tf.constant([1.0]).numpy()
    assert isinstance(vector, np.ndarray) and vector.shape == (1,)


@pytest.mark.parametrize(
    ("op", "a", "b", "dtype"),
    [
        # TensorFlow converts the first alone, then the second to its dtype (NumPy: float64).
        (tf.maximum, 0.0, [1, -1], tf.float32),
        (tf.multiply, 2.0, 3, tf.float32),
        (tf.add, [1.5, 2.0], [1, 2], tf.float32),
        (tf.add, np.ones(2, np.float32), np.ones(2), tf.float32),
        (tf.subtract, 3, [1, 2], tf.int32),
        # A second operand of a higher kind still promotes (TensorFlow would refuse it).
        (tf.add, 1, [0.5], tf.float64),
    ],
)
def test_two_operands_that_are_not_tensors_take_the_first_ones_dtype(op, a, b, dtype):
    out = op(a, b)
    assert out.dtype == dtype
    want = {tf.maximum: np.maximum, tf.multiply: np.multiply, tf.add: np.add}.get(op, np.subtract)
    np.testing.assert_allclose(out.numpy(), want(np.asarray(a, np.float64), np.asarray(b)))
