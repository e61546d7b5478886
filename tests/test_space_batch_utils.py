"""tf.required_space_to_batch_paddings (nnext/space_batch_utils.py) against the formula of
TensorFlow's documentation, checked exhaustively on small shapes."""

import itertools

import numpy as np
import pytest

import nnext as tf


def test_paddings_make_the_shape_divisible_and_crops_undo_the_extra():
    for shape, block, start, end in itertools.product(range(1, 7), range(1, 4), range(2), range(2)):
        paddings, crops = tf.required_space_to_batch_paddings([shape], [block], [[start, end]])
        assert paddings.dtype == tf.int32 and crops.dtype == tf.int32
        (p0, p1), (c0, c1) = paddings.numpy().tolist()[0], crops.numpy().tolist()[0]
        assert p0 == start and (shape + p0 + p1) % block == 0
        assert c0 == 0 and 0 <= c1 < block and p1 == end + c1


def test_values_and_defaults():
    paddings, crops = tf.required_space_to_batch_paddings(tf.constant([5, 7]), [2, 3])
    assert paddings.numpy().tolist() == [[0, 1], [0, 2]]
    assert crops.numpy().tolist() == [[0, 1], [0, 2]]
    paddings, crops = tf.required_space_to_batch_paddings([4], [3], [[1, 1]])
    assert paddings.numpy().tolist() == [[1, 1]] and crops.numpy().tolist() == [[0, 0]]


def test_bad_arguments():
    with pytest.raises(ValueError, match="same shape"):
        tf.required_space_to_batch_paddings([4, 4], [2])
    with pytest.raises(ValueError, match="1-D"):
        tf.required_space_to_batch_paddings([[4]], [[2]])
    with pytest.raises(ValueError, match=r"shape \[1, 2\]"):
        tf.required_space_to_batch_paddings([4], [2], [0, 0])
    with pytest.raises(TypeError, match="integers"):
        tf.required_space_to_batch_paddings(np.array([4.0]), [2])
