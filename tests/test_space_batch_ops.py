"""tf.space_to_batch_nd, tf.space_to_batch and tf.batch_to_space (nnext/space_batch_ops.py):
TensorFlow's documented examples, a loop-per-element NumPy reference over 1 to 3 spatial
dimensions, round trips, gradients against central differences, empty batches and the
kernels' error messages."""

import itertools

import numpy as np
import pytest
from helpers import check_gradient

import nnext as tf
from nnext import errors


def _docs_input():
    return np.arange(1, 17).reshape(1, 4, 4, 1)


# TensorFlow's examples (SpaceToBatchND / BatchToSpaceND docs), written out.
EXAMPLES = [
    # (space-side tensor, block_shape, paddings/crops, batch-side tensor)
    (
        np.array([[[[1], [2]], [[3], [4]]]]),
        [2, 2],
        [[0, 0], [0, 0]],
        np.array([[[[1]]], [[[2]]], [[[3]]], [[[4]]]]),
    ),
    (
        np.array([[[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]]),
        [2, 2],
        [[0, 0], [0, 0]],
        np.array([[[[1, 2, 3]]], [[[4, 5, 6]]], [[[7, 8, 9]]], [[[10, 11, 12]]]]),
    ),
    (
        _docs_input(),
        [2, 2],
        [[0, 0], [0, 0]],
        np.array(
            [
                [[[1], [3]], [[9], [11]]],
                [[[2], [4]], [[10], [12]]],
                [[[5], [7]], [[13], [15]]],
                [[[6], [8]], [[14], [16]]],
            ]
        ),
    ),
    (
        np.array(
            [
                [[[1], [2], [3], [4]], [[5], [6], [7], [8]]],
                [[[9], [10], [11], [12]], [[13], [14], [15], [16]]],
            ]
        ),
        [2, 2],
        [[0, 0], [2, 0]],
        np.array(
            [
                [[[0], [1], [3]]],
                [[[0], [9], [11]]],
                [[[0], [2], [4]]],
                [[[0], [10], [12]]],
                [[[0], [5], [7]]],
                [[[0], [13], [15]]],
                [[[0], [6], [8]]],
                [[[0], [14], [16]]],
            ]
        ),
    ),
]


@pytest.mark.parametrize("space, block, pads, batch", EXAMPLES)
def test_tensorflow_examples(space, block, pads, batch):
    x = tf.constant(space.astype(np.int32))
    got = tf.space_to_batch_nd(x, block, pads)
    assert got.dtype == tf.int32 and got.shape == batch.shape
    np.testing.assert_array_equal(got.numpy(), batch)
    np.testing.assert_array_equal(tf.space_to_batch(x, block, pads).numpy(), batch)
    back = tf.batch_to_space(tf.constant(batch.astype(np.int32)), block, pads)
    assert back.dtype == tf.int32
    np.testing.assert_array_equal(back.numpy(), space)


def np_space_to_batch(x, block, pads):
    """One output element at a time, from TensorFlow's definition."""
    m = len(block)
    padded = np.pad(x, [(0, 0), *pads, *[(0, 0)] * (x.ndim - 1 - m)])
    batch = x.shape[0]
    outer = [p // b for p, b in zip(padded.shape[1 : 1 + m], block)]
    out = np.zeros((batch * int(np.prod(block)), *outer, *x.shape[1 + m :]), x.dtype)
    for offsets in itertools.product(*[range(b) for b in block]):
        flat = 0
        for o, b in zip(offsets, block):
            flat = flat * b + o
        for n in range(batch):
            for pos in itertools.product(*[range(o) for o in outer]):
                src = tuple(p * b + o for p, b, o in zip(pos, block, offsets))
                out[(flat * batch + n, *pos)] = padded[(n, *src)]
    return out


def np_batch_to_space(x, block, crops):
    m = len(block)
    batch = x.shape[0] // int(np.prod(block))
    full = [s * b for s, b in zip(x.shape[1 : 1 + m], block)]
    out = np.zeros((batch, *full, *x.shape[1 + m :]), x.dtype)
    for offsets in itertools.product(*[range(b) for b in block]):
        flat = 0
        for o, b in zip(offsets, block):
            flat = flat * b + o
        for n in range(batch):
            for pos in itertools.product(*[range(s) for s in x.shape[1 : 1 + m]]):
                dst = tuple(p * b + o for p, b, o in zip(pos, block, offsets))
                out[(n, *dst)] = x[(flat * batch + n, *pos)]
    return out[(slice(None), *(slice(a, f - b) for f, (a, b) in zip(full, crops)))]


CASES = [
    # (input shape, block_shape, paddings)
    ((3, 6), [3], [[0, 0]]),
    ((2, 5, 4), [2], [[1, 0]]),
    ((2, 3, 5, 2), [2, 3], [[1, 0], [0, 1]]),
    ((1, 4, 3, 2, 3), [1, 3], [[0, 0], [2, 1]]),
    ((2, 2, 3, 4, 2), [2, 3, 2], [[1, 1], [0, 0], [0, 2]]),
    ((2, 4, 4), [1, 1], [[0, 0], [0, 0]]),
    ((2, 3), [], np.zeros((0, 2), np.int64)),
]


@pytest.mark.parametrize("shape, block, pads", CASES)
@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "int64"])
def test_matches_numpy_reference(shape, block, pads, dtype):
    rng = np.random.default_rng(0)
    x = (rng.standard_normal(shape) * 10).astype(dtype)
    want = np_space_to_batch(x, block, np.asarray(pads).tolist())
    got = tf.space_to_batch_nd(tf.constant(x), block, pads)
    assert got.dtype.name == dtype
    np.testing.assert_array_equal(got.numpy(), want)
    crops = np.asarray(pads).tolist()
    back = tf.batch_to_space(tf.constant(want), block, pads)
    np.testing.assert_array_equal(back.numpy(), np_batch_to_space(want, block, crops))
    np.testing.assert_array_equal(back.numpy(), x)  # the round trip


def test_batch_to_space_crops_more_than_the_padding():
    x = np.arange(8 * 3 * 3 * 2, dtype=np.float32).reshape(8, 3, 3, 2)
    got = tf.batch_to_space(x, [2, 4], [[1, 2], [3, 4]])
    np.testing.assert_array_equal(got.numpy(), np_batch_to_space(x, [2, 4], [[1, 2], [3, 4]]))
    assert got.shape == (1, 3 * 2 - 3, 3 * 4 - 7, 2)


def test_arguments_as_tensors_and_int_block():
    x = tf.constant(_docs_input().astype(np.float32))
    block = tf.constant([2, 2], dtype=tf.int64)
    pads = tf.constant([[0, 0], [0, 0]], dtype=tf.int32)
    y = tf.space_to_batch_nd(x, block, pads)
    np.testing.assert_array_equal(y.numpy(), EXAMPLES[2][3])
    np.testing.assert_array_equal(tf.batch_to_space(y, 2, pads).numpy(), _docs_input())


def test_empty_batch():
    y = tf.space_to_batch_nd(tf.zeros([0, 4, 5, 3]), [2, 3], [[0, 0], [0, 1]])
    assert y.shape == (0, 2, 2, 3)
    z = tf.batch_to_space(tf.zeros([0, 2, 2, 3]), [2, 3], [[0, 0], [0, 1]])
    assert z.shape == (0, 4, 5, 3)


@pytest.mark.parametrize("shape, block, pads", CASES[1:5])
def test_gradients_match_central_differences(shape, block, pads):
    x = np.random.default_rng(1).standard_normal(shape)
    check_gradient(lambda t: tf.space_to_batch_nd(t, block, pads), [x])
    y = np_space_to_batch(x, block, pads)
    check_gradient(lambda t: tf.batch_to_space(t, block, pads), [y])


def test_gradient_of_the_round_trip_is_identity():
    x = tf.constant(np.random.default_rng(2).standard_normal((2, 3, 5, 2)))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.batch_to_space(
            tf.space_to_batch(x, [2, 3], [[1, 0], [0, 1]]), [2, 3], [[1, 0], [0, 1]]
        )
        total = tf.reduce_sum(y * y)
    np.testing.assert_allclose(tape.gradient(total, x).numpy(), 2 * x.numpy())


ERRORS = [
    (
        "space",
        (np.zeros((1, 4, 4, 1)), [[2, 2]], [[0, 0], [0, 0]]),
        r"block_shape rank should be 1 instead of 2 \[Op:SpaceToBatchND\]",
    ),
    (
        "space",
        (np.zeros((1, 4)), [2, 2], [[0, 0], [0, 0]]),
        r"input rank should be >= 3 instead of 2",
    ),
    (
        "space",
        (np.zeros((1, 4, 4, 1)), [2, 2], [[0, 0]]),
        r"paddings should have shape \[2, 2\] instead of \[1,2\]",
    ),
    (
        "space",
        (np.zeros((1, 4, 4, 1)), [2, 0], [[0, 0], [0, 0]]),
        r"All values in block_shape must be positive, got value, 0 at index 1\.",
    ),
    (
        "space",
        (np.zeros((1, 4, 4, 1)), [2, 2], [[0, -1], [0, 1]]),
        r"Paddings must be non-negative",
    ),
    (
        "space",
        (np.zeros((1, 4, 4, 1)), [2, 2], [[0, 0], [0, 1]]),
        r"padded_shape\[1\]=5 is not divisible by block_shape\[1\]=2",
    ),
    (
        "batch",
        (np.zeros((4, 2, 2, 1)), [2, 2], [[0, 0]]),
        r"crops should have shape \[2, 2\] instead of \[1,2\] \[Op:BatchToSpaceND\]",
    ),
    (
        "batch",
        (np.zeros((4, 2, 2, 1)), [2, 0], [[0, 0], [0, 0]]),
        r"Product of block sizes must be positive, got 0",
    ),
    (
        "batch",
        (np.zeros((6, 2, 2, 1)), [2, 2], [[0, 0], [0, 0]]),
        r"Input batch dimension \(6\) is not divisible by product of block sizes \(4\)",
    ),
    ("batch", (np.zeros((4, 2, 2, 1)), [2, 2], [[0, 0], [-1, 0]]), r"Crops must be non-negative"),
    (
        "batch",
        (np.zeros((4, 2, 2, 1)), [2, 2], [[3, 2], [0, 0]]),
        r"cropped_shape\[0\]=-1 must be non-negative",
    ),
    (
        "batch",
        (np.zeros((4, 0, 0, 1)), [-2, -2], [[0, 0], [0, 0]]),
        r"All values in block_shape must be positive",
    ),
    (
        "batch",
        (np.zeros((4, 2)), [2, 2], [[0, 0], [0, 0]]),
        r"input rank should be >= 3 instead of 2",
    ),
]


@pytest.mark.parametrize("which, args, message", ERRORS)
def test_errors(which, args, message):
    fn = tf.space_to_batch_nd if which == "space" else tf.batch_to_space
    with pytest.raises(errors.InvalidArgumentError, match=message):
        fn(*args)


def test_non_integer_block_shape_or_paddings_is_a_type_error():
    with pytest.raises(TypeError, match=r"parameter 'block_shape' has DataType float"):
        tf.space_to_batch_nd(np.zeros((1, 4, 4, 1)), [2.0, 2.0], [[0, 0], [0, 0]])
    with pytest.raises(TypeError, match=r"parameter 'crops' has DataType float"):
        tf.batch_to_space(np.zeros((4, 2, 2, 1)), [2, 2], [[0.5, 0], [0, 0]])
