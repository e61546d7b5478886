"""tf.bitwise: TensorFlow's documented examples, NumPy on every integer dtype, TensorFlow's
clamping of out-of-range shift amounts, and its dtype rules and errors."""

import numpy as np
import pytest

import nnext as tf
from nnext import errors

INT_DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]


def _np(t):
    return t.numpy()


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_documented_and_or_xor(dtype):
    # TensorFlow's examples (bitwise_ops.bitwise_and/or/xor docstrings), every dtype.
    lhs = tf.constant([0, 5, 3, 14], dtype=dtype)
    rhs = tf.constant([5, 0, 7, 11], dtype=dtype)
    for fn, expected in (
        (tf.bitwise.bitwise_and, [0, 0, 3, 10]),
        (tf.bitwise.bitwise_or, [5, 5, 7, 15]),
        (tf.bitwise.bitwise_xor, [5, 5, 4, 5]),
    ):
        out = fn(lhs, rhs)
        assert out.dtype.name == dtype
        np.testing.assert_array_equal(_np(out), np.array(expected, dtype))


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_documented_invert(dtype):
    # TensorFlow's invert example: a & ~a == 0, a | ~a == ~0, and invert(2) == -3.
    a = tf.constant([0, 5, 3, 14], dtype=dtype)
    not_a = tf.bitwise.invert(a)
    np.testing.assert_array_equal(_np(tf.bitwise.bitwise_and(a, not_a)), np.zeros(4, dtype))
    all_ones = _np(tf.bitwise.invert(tf.constant(0, dtype=dtype)))
    np.testing.assert_array_equal(_np(tf.bitwise.bitwise_or(a, not_a)), np.full(4, all_ones))
    np.testing.assert_array_equal(_np(not_a), np.invert(np.array([0, 5, 3, 14], dtype)))
    assert int(tf.bitwise.invert(2)) == -3


def test_documented_shifts():
    # TensorFlow's left_shift / right_shift examples (int8), out-of-range amounts included.
    lhs = tf.constant([-1, -5, -3, -14], tf.int8)
    rhs = tf.constant([5, 0, 7, 11], tf.int8)
    np.testing.assert_array_equal(_np(tf.bitwise.left_shift(lhs, rhs)), [-32, -5, -128, 0])
    lhs = tf.constant([-2, 64, 101, 32], tf.int8)
    rhs = tf.constant([-1, -5, -3, -14], tf.int8)
    np.testing.assert_array_equal(_np(tf.bitwise.right_shift(lhs, rhs)), [-2, 64, 101, 32])


def _tf_shift(x, y, left):
    """TensorFlow's kernel in NumPy: y clamped to [0, bits - 1], left shift on the
    unsigned bits."""
    bits = x.dtype.itemsize * 8
    y = np.minimum(y, bits - 1) if y.dtype.kind == "u" else np.clip(y, 0, bits - 1)
    if left:
        unsigned = np.dtype(f"uint{bits}")
        return (x.view(unsigned) << y.astype(unsigned)).view(x.dtype)
    return x >> y


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_against_numpy(dtype):
    rng = np.random.default_rng(INT_DTYPES.index(dtype))
    info = np.iinfo(dtype)
    x = rng.integers(info.min, info.max, size=(7, 9), dtype=dtype, endpoint=True)
    y = rng.integers(info.min, info.max, size=(7, 9), dtype=dtype, endpoint=True)
    tx, ty = tf.constant(x), tf.constant(y)
    np.testing.assert_array_equal(_np(tf.bitwise.bitwise_and(tx, ty)), x & y)
    np.testing.assert_array_equal(_np(tf.bitwise.bitwise_or(tx, ty)), x | y)
    np.testing.assert_array_equal(_np(tf.bitwise.bitwise_xor(tx, ty)), x ^ y)
    np.testing.assert_array_equal(_np(tf.bitwise.invert(tx)), ~x)
    bits = np.dtype(dtype).itemsize * 8
    # Amounts inside the width agree with NumPy; those outside follow TensorFlow's clamp.
    inside = rng.integers(0, bits, size=(7, 9)).astype(dtype)
    np.testing.assert_array_equal(_np(tf.bitwise.right_shift(tx, tf.constant(inside))), x >> inside)
    left = _np(tf.bitwise.left_shift(tx, tf.constant(inside)))
    np.testing.assert_array_equal(left, _tf_shift(x, inside, left=True))
    for fn, is_left in ((tf.bitwise.left_shift, True), (tf.bitwise.right_shift, False)):
        np.testing.assert_array_equal(_np(fn(tx, ty)), _tf_shift(x, y, is_left))


def test_shift_amounts_out_of_range():
    # A negative amount shifts by 0; the bit width or more shifts by bits - 1.
    x = tf.constant([1, -8, 100, 7], tf.int8)
    np.testing.assert_array_equal(
        _np(tf.bitwise.left_shift(x, tf.constant([8, 8, -1, 100], tf.int8))), [-128, 0, 100, -128]
    )
    np.testing.assert_array_equal(
        _np(tf.bitwise.right_shift(x, tf.constant([8, 100, -3, 7], tf.int8))), [0, -1, 100, 0]
    )
    u = tf.constant([200, 1], tf.uint8)
    np.testing.assert_array_equal(_np(tf.bitwise.right_shift(u, 9)), [1, 0])  # 200 >> 7
    np.testing.assert_array_equal(_np(tf.bitwise.left_shift(u, 255)), [0, 128])  # 1 << 7
    big = tf.constant([1], tf.int64)
    assert _np(tf.bitwise.left_shift(big, 64))[0] == np.iinfo(np.int64).min  # 1 << 63
    # uint64 shifts right logically, and amounts of 2**63 or more still clamp to 63.
    top = tf.constant(np.array([2**64 - 1, 2**63 + 5, 2**63], np.uint64))
    amounts = tf.constant(np.array([4, 2**63 + 1, 0], np.uint64))
    np.testing.assert_array_equal(
        _np(tf.bitwise.right_shift(top, amounts)), np.array([2**60 - 1, 1, 2**63], np.uint64)
    )


def test_python_values_take_the_tensor_dtype_and_broadcast():
    x = tf.constant([[1, 2], [3, 4]], tf.uint16)
    out = tf.bitwise.bitwise_or(x, 8)
    assert out.dtype == tf.uint16
    np.testing.assert_array_equal(_np(out), [[9, 10], [11, 12]])
    out = tf.bitwise.bitwise_and([1, 3], tf.constant([[1], [2]], tf.int64))
    assert out.dtype == tf.int64 and out.shape == (2, 2)
    np.testing.assert_array_equal(_np(out), [[1, 1], [0, 2]])
    out = tf.bitwise.bitwise_xor(6, 3)  # no tensor: Python ints are int32, as in TF
    assert out.dtype == tf.int32 and int(out) == 5
    out = tf.bitwise.left_shift(np.array([1, 2], np.int16), np.array([3, 1], np.int16))
    assert out.dtype == tf.int16
    np.testing.assert_array_equal(_np(out), [8, 4])
    v = tf.Variable([12, 10])
    np.testing.assert_array_equal(_np(tf.bitwise.bitwise_and(v, 6)), [4, 2])


@pytest.mark.parametrize(
    "fn", [tf.bitwise.bitwise_and, tf.bitwise.bitwise_or, tf.bitwise.bitwise_xor]
)
def test_non_integer_dtypes_are_refused(fn):
    for x, y, name in (
        (tf.constant([1.0]), tf.constant([2.0]), "float"),
        (tf.constant([1.0], tf.float64), 1, "double"),
        (1.5, 2.5, "float"),
        (tf.constant([True]), tf.constant([False]), "bool"),
    ):
        with pytest.raises(errors.InvalidArgumentError, match=f"Value for attr 'T' of {name} "):
            fn(x, y)
        with pytest.raises(TypeError):
            fn(x, y)
    with pytest.raises(errors.InvalidArgumentError, match="of half is not in the list"):
        tf.bitwise.invert(tf.constant([1.0], tf.float16))


def test_mismatched_dtypes_and_unconvertible_values():
    with pytest.raises(errors.InvalidArgumentError, match=r"input #1\(zero-based\) was expected"):
        tf.bitwise.bitwise_and(tf.constant([1]), tf.constant([1], tf.int64))
    with pytest.raises(errors.InvalidArgumentError, match="int8 tensor but is a uint8"):
        tf.bitwise.right_shift(tf.constant([1], tf.int8), tf.constant([1], tf.uint8))
    with pytest.raises(TypeError, match="Cannot convert 1.5 to EagerTensor of dtype int32"):
        tf.bitwise.bitwise_or(tf.constant([1]), 1.5)
    with pytest.raises(TypeError, match="of dtype uint8"):
        tf.bitwise.bitwise_or(tf.constant([1], tf.uint8), 256)  # out of uint8's range
    with pytest.raises(TypeError, match="of dtype uint8"):
        tf.bitwise.bitwise_or(tf.constant([1], tf.uint8), -1)


def test_namespace_is_documented():
    assert sorted(tf.bitwise.__all__) == [
        "bitwise_and",
        "bitwise_or",
        "bitwise_xor",
        "invert",
        "left_shift",
        "right_shift",
    ]
    for name in tf.bitwise.__all__:
        fn = getattr(tf.bitwise, name)
        assert "Args:" in fn.__doc__ and "Returns:" in fn.__doc__
