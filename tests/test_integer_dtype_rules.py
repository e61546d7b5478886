"""Integer dtypes through reductions and promotion: TensorFlow's rules for `tf.reduce_*`
(the input's dtype, wrapping, integer means), Keras's for `keras.ops` (JAX's lattice, read
from real Keras), and float16 draws of the random ops."""

import itertools

import numpy as np
import pytest
from keras_ops_helpers import keras, kops

import nnext as tf
from nnext.keras import ops
from nnext.keras.ops import _base

INTEGERS = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]


# -- tf.reduce_*: TensorFlow keeps the dtype ----------------------------------------------


@pytest.mark.parametrize("dtype", INTEGERS)
def test_sums_products_and_means_keep_the_integer_dtype(dtype):
    x = tf.constant(np.array([[7, 2, 3], [1, 5, 4]], dtype))
    for reduce, want in (
        (tf.reduce_sum, [8, 7, 7]),
        (tf.reduce_prod, [7, 10, 12]),
        (tf.reduce_mean, [4, 3, 3]),  # integer division: 8 / 2, 7 / 2, 7 / 2
    ):
        out = reduce(x, axis=0)
        assert out.dtype == tf.as_dtype(dtype), reduce.__name__
        np.testing.assert_array_equal(out.numpy(), np.array(want, dtype))


def test_integer_sums_wrap_in_their_own_width():
    assert tf.reduce_sum(tf.constant([2**31 - 1, 1], tf.int32)).numpy() == -(2**31)
    assert tf.reduce_sum(tf.constant([200, 100], tf.uint8)).numpy() == 44
    assert tf.reduce_prod(tf.constant([2**62, 4], tf.int64)).numpy() == 0
    big = np.array([2**63 - 1, 1], np.int64)
    assert tf.reduce_sum(big).numpy() == np.sum(big)  # -2**63, exact (no double on the way)


def test_integer_means_truncate_toward_zero_and_empty_means_are_zero():
    np.testing.assert_array_equal(
        tf.reduce_mean(tf.constant([[-3, 0], [-4, 1], [5, 0]]), axis=1).numpy(), [-1, -1, 2]
    )
    # As TensorFlow's eager kernels, the sum does not wrap at the dtype's width (int64 would).
    assert tf.reduce_mean(tf.constant([100, 100, 100], tf.int8)).numpy() == 100
    assert tf.reduce_mean(tf.constant([2**31 - 1] * 2, tf.int32)).numpy() == 2**31 - 1
    assert tf.reduce_mean(tf.constant([2**32 - 1] * 2, tf.uint32)).numpy() == 2**32 - 1
    assert tf.reduce_mean(tf.zeros([0], tf.int32)).numpy() == 0
    assert np.isnan(tf.reduce_mean(tf.zeros([0])).numpy())


def test_bool_sums_count_in_int64_and_average_in_float64():
    flags = tf.constant([True, False, True])
    assert tf.reduce_sum(flags).dtype == tf.int64 and tf.reduce_sum(flags).numpy() == 2
    assert tf.reduce_mean(flags).dtype == tf.float64


def test_integer_reductions_on_large_and_strided_inputs():
    values = np.arange(600 * 600, dtype=np.int32).reshape(600, 600) % 97
    view = tf.constant(values)[::-1, ::2]
    np.testing.assert_array_equal(
        tf.reduce_sum(view, axis=0).numpy(), values[::-1, ::2].sum(0).astype(np.int32)
    )
    np.testing.assert_array_equal(
        tf.reduce_mean(view, axis=1).numpy(), values[::-1, ::2].sum(1) // 300
    )


# -- keras.ops: Keras's dtypes ------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["bool", *INTEGERS])
def test_keras_sums_and_means_have_keras_dtypes(dtype):
    x = np.array([[100, 1], [100, 1]]).astype(dtype)
    for name in ("sum", "mean", "max", "count_nonzero"):
        want, got = getattr(kops, name)(x, axis=0), getattr(ops, name)(x, axis=0)
        assert got.dtype.name == str(want.dtype), name
        np.testing.assert_allclose(got.numpy().astype(np.float64), want.astype(np.float64))
    if dtype not in ("int64", "uint64"):  # Keras's numpy backend narrows these to 32 bits
        assert ops.prod(x, axis=0).dtype.name == str(kops.prod(x, axis=0).dtype)


# Keras's TensorFlow backend keeps int64 and float64; its other backends narrow them.
KERAS_TF_BACKEND_NARROWING = {"uint64": "uint32", "complex128": "complex64"}


def test_promotion_lattice_is_keras_tensorflow_backend():
    from keras.src.backend.common import dtypes as keras_dtypes

    keras_dtypes._lattice_result_type.__globals__["BIT64_TO_BIT32_DTYPE"] = (
        KERAS_TF_BACKEND_NARROWING
    )
    try:
        # float16 is left out: nnext's Keras computes it in float32.
        names = ["bool", *INTEGERS, "float32", "float64", int, float]
        for a, b in itertools.product(names, repeat=2):
            assert _base.result_type(a, b) == keras_dtypes.result_type(a, b), (a, b)
    finally:
        keras_dtypes._lattice_result_type.__globals__["BIT64_TO_BIT32_DTYPE"] = (
            keras_dtypes.BIT64_TO_BIT32_DTYPE
        )


def test_small_integers_add_and_wrap_in_their_own_dtype():
    x = np.array([200, 100], np.uint8)
    for name, args in (("add", (x, x)), ("add", (x, 1)), ("multiply", (x, x))):
        want, got = getattr(kops, name)(*args), getattr(ops, name)(*args)
        assert got.dtype.name == str(want.dtype), name
        np.testing.assert_array_equal(got.numpy(), want)
    assert ops.add(np.int8(1), np.uint8(1)).dtype.name == "int16"
    assert keras.__version__.startswith("3.")


# -- float16 draws -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "draw",
    [
        lambda: tf.random.normal([1000], dtype=tf.float16),
        lambda: tf.random.truncated_normal([1000], dtype=tf.float16),
        lambda: tf.random.uniform([1000], -1.0, 1.0, dtype=tf.float16),
        lambda: tf.random.stateless_uniform([1000], [1, 2], dtype=tf.float16),
        lambda: tf.random.stateless_normal([1000], [1, 2], dtype=tf.float16),
    ],
)
def test_random_ops_draw_float16(draw):
    out = draw()
    assert out.dtype == tf.float16
    values = out.numpy().astype(np.float64)
    assert np.all(np.isfinite(values)) and np.all(np.abs(values) < 6) and values.std() > 0.2


def test_stateless_integer_uniform_spans_half_the_int64_range():
    out = tf.random.stateless_uniform(
        [2000], [3, 4], minval=-(2**62), maxval=2**62, dtype=tf.int64
    ).numpy()
    assert out.min() >= -(2**62) and out.max() < 2**62
    assert out.min() < -(2**61) and out.max() > 2**61  # spread over the range, not folded


# -- uint64 order: values at and above 2**63 stay above the others ------------------------


def test_uint64_orders_values_above_two_to_the_63():
    values = np.array([1, 2**63, 2**64 - 1, 5], np.uint64)
    x, pivot = tf.constant(values), tf.constant(np.uint64(2**63))
    assert tf.reduce_max(x).numpy() == values.max() and tf.reduce_min(x).numpy() == 1
    assert tf.argmax(x).numpy() == 2 and tf.argmin(x).numpy() == 0
    np.testing.assert_array_equal(tf.maximum(x, pivot).numpy(), np.maximum(values, 2**63))
    np.testing.assert_array_equal(tf.minimum(x, pivot).numpy(), np.minimum(values, 2**63))
    for op, np_op in ((tf.greater, np.greater), (tf.less_equal, np.less_equal)):
        np.testing.assert_array_equal(op(x, pivot).numpy(), np_op(values, np.uint64(2**63)))
    np.testing.assert_array_equal(tf.argsort(x).numpy(), np.argsort(values))
    top = tf.math.top_k(x, 2)
    np.testing.assert_array_equal(top.values.numpy(), [2**64 - 1, 2**63])
    np.testing.assert_array_equal(tf.sort(x, direction="DESCENDING").numpy(), np.sort(values)[::-1])
    # Shifts: logical, and clamped to 63 (TensorFlow's kernel), for amounts of any size.
    shifted = tf.bitwise.right_shift(x, tf.constant(np.array([1, 70, 1, 0], np.uint64)))
    np.testing.assert_array_equal(shifted.numpy(), [0, 1, 2**63 - 1, 5])
