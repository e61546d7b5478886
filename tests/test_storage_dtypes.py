"""The storage dtypes (uint8, int8, int16, uint16, uint32, uint64, float16): TensorFlow's
DType properties, NumPy round trips without copies or widening, casts to and from every
dtype against NumPy's, and the ops that compute them in their compute dtype."""

import numpy as np
import pytest

import nnext as tf
from nnext import keras

STORAGE = ["uint8", "int8", "int16", "uint16", "uint32", "uint64", "float16"]
ALL = STORAGE + ["bool", "int32", "int64", "float32", "float64"]


@pytest.mark.parametrize("name", STORAGE)
def test_dtype_objects_have_tensorflows_properties(name):
    dt = getattr(tf, name)
    assert dt is tf.as_dtype(name) is tf.as_dtype(np.dtype(name)) and dt == name
    assert dt.as_numpy_dtype is np.dtype(name).type
    assert dt.size == np.dtype(name).itemsize
    kind = np.dtype(name).kind
    assert dt.is_floating == (kind == "f")
    assert dt.is_integer == (kind in "iu") and dt.is_unsigned == (kind == "u")
    info = np.finfo(name) if kind == "f" else np.iinfo(name)
    assert (dt.min, dt.max) == (info.min, info.max)
    assert dt.base_dtype is dt and not dt.is_complex and not dt.is_quantized
    assert dt.is_compatible_with(name) and not dt.is_compatible_with("float64")


def test_dtype_enums_limits_and_aliases():
    assert tf.half is tf.float16 and tf.double is tf.float64
    assert tf.as_dtype("half") is tf.float16
    assert [d.as_datatype_enum for d in (tf.float32, tf.uint8, tf.float16, tf.uint64)] == [
        1,
        4,
        19,
        23,
    ]
    assert tf.uint8.limits() == (0, 255) and tf.int8.limits(clip_negative=False) == (-128, 127)
    assert tf.float32.limits(False) == (-1, 1)
    with pytest.raises(TypeError, match="Cannot find minimum value"):
        _ = tf.bool.min
    with pytest.raises(TypeError, match="unsupported dtype"):
        tf.as_dtype("bfloat16")


@pytest.mark.parametrize("name", STORAGE)
def test_numpy_round_trip_keeps_dtype_and_memory(name):
    info = np.finfo(name) if np.dtype(name).kind == "f" else np.iinfo(name)
    a = np.array([0, 1, info.max, info.min], dtype=name)
    t = tf.convert_to_tensor(a)
    assert t.dtype == name and t.dtype is getattr(tf, name)
    np.testing.assert_array_equal(t.numpy(), a)
    assert t.numpy().dtype == name
    assert np.shares_memory(t.numpy(), a)  # wrapped, not widened
    assert tf.constant([1, 2], dtype=name).numpy().dtype == name
    assert tf.zeros([2, 3], dtype=name).dtype == name and tf.ones([2], name).numpy().sum() == 2


@pytest.mark.parametrize("src", ALL)
@pytest.mark.parametrize("dst", STORAGE)
def test_cast_to_and_from_storage_dtypes_as_numpy(src, dst):
    values = np.array([0, 1, 2, 3, 7, 100, 127], dtype=np.float64)
    if src == "bool":
        values = values % 2
    a = values.astype(src)
    np.testing.assert_array_equal(tf.cast(a, dst).numpy(), a.astype(dst))
    back = tf.cast(tf.cast(a, dst), src).numpy()
    np.testing.assert_array_equal(back, a.astype(dst).astype(src))
    assert tf.cast(a, dst).dtype == dst


def test_casts_wrap_truncate_and_round_as_numpy():
    ints = np.array([-1, 255, 256, 300, -129, 70000], dtype=np.int64)
    for dst in ("uint8", "int8", "int16", "uint16", "uint32", "uint64"):
        np.testing.assert_array_equal(tf.cast(ints, dst).numpy(), ints.astype(dst))
    floats = np.array(
        [0.5, 1.5, 2.5, -0.75, 300.7, 65504.0, 65520.0, 1e-8, 6e-5, np.inf, -np.inf, np.nan],
        dtype=np.float32,
    )
    f16 = tf.cast(floats, "float16").numpy()
    with np.errstate(over="ignore"):  # 65520 rounds to inf
        want = floats.astype(np.float16)
    np.testing.assert_array_equal(f16.view(np.uint16), want.view(np.uint16))
    every_half = np.arange(65536, dtype=np.uint32).astype(np.uint16).view(np.float16)
    np.testing.assert_array_equal(
        tf.cast(every_half, "float32").numpy(), every_half.astype(np.float32)
    )
    big = np.array([2.0**63 + 2.0**40, 1.0], dtype=np.float64)
    np.testing.assert_array_equal(tf.cast(big, "uint64").numpy(), big.astype(np.uint64))


def test_elementwise_math_keeps_the_storage_dtype():
    a = np.array([250, 3, 7], np.uint8)
    b = np.array([10, 4, 200], np.uint8)
    for fn, ref in (
        (tf.add, np.add),
        (tf.subtract, np.subtract),
        (tf.multiply, np.multiply),
        (tf.maximum, np.maximum),
    ):
        got = fn(a, b)
        assert got.dtype == tf.uint8
        np.testing.assert_array_equal(got.numpy(), ref(a, b))  # wraps as uint8
    np.testing.assert_array_equal((tf.constant(a) + 1).numpy(), a + np.uint8(1))
    assert (tf.constant(a) + 1).dtype == tf.uint8  # NEP 50: the Python int is weak
    assert (tf.constant(a) * 1.5).dtype == tf.float64  # NEP 50, as NumPy 2
    np.testing.assert_array_equal(tf.greater(a, b).numpy(), a > b)
    np.testing.assert_array_equal((tf.constant(a) < 300).numpy(), a < 300)
    with pytest.raises(OverflowError, match="Python integer 300 out of bounds for uint8"):
        tf.constant(a) + 300
    h = np.array([0.1, 2.5, -3.0], np.float16)
    out = tf.exp(h)
    assert out.dtype == tf.float16
    np.testing.assert_allclose(out.numpy(), np.exp(h.astype(np.float32)).astype(np.float16))
    assert (tf.constant(h) * 2.0).dtype == tf.float16
    # Two arrays: TensorFlow converts the second to the first's dtype (NumPy: int16).
    assert tf.add(a, np.array([1], np.int8)).dtype == tf.uint8
    assert tf.add(tf.constant(a), tf.constant([1], tf.int8)).dtype == tf.int16  # tensors
    assert tf.add(h, np.float32(1.0)).dtype == tf.float32
    assert tf.divide(a, b).dtype == tf.float32  # TensorFlow's truediv of 8-bit integers
    assert tf.where([True, False, True], a, b).dtype == tf.uint8


def test_reductions_indexing_and_joining():
    img = np.random.default_rng(0).integers(0, 256, size=(4, 5, 3), dtype=np.uint8)
    t = tf.constant(img)
    assert tf.reduce_max(t).dtype == tf.uint8 and int(tf.reduce_max(t)) == img.max()
    np.testing.assert_array_equal(tf.reduce_min(t, axis=[0, 1]).numpy(), img.min((0, 1)))
    np.testing.assert_array_equal(tf.argmax(t, axis=0).numpy(), img.argmax(0))
    assert tf.reduce_sum(t).dtype == tf.uint8  # TensorFlow keeps the dtype (and wraps)
    assert int(tf.reduce_sum(t)) == int(img.astype(np.int64).sum()) % 256
    np.testing.assert_array_equal(t[1:3, ::2].numpy(), img[1:3, ::2])
    np.testing.assert_array_equal(tf.gather(t, [3, 0]).numpy(), img[[3, 0]])
    np.testing.assert_array_equal(tf.concat([t, t], 0).numpy(), np.concatenate([img, img]))
    np.testing.assert_array_equal(tf.stack([t, t]).numpy(), np.stack([img, img]))
    np.testing.assert_array_equal(tf.transpose(t, [2, 0, 1]).numpy(), img.transpose(2, 0, 1))
    np.testing.assert_array_equal(tf.reshape(t[:, ::2], [-1]).numpy(), img[:, ::2].reshape(-1))
    np.testing.assert_array_equal(
        tf.pad(t, [[1, 0], [0, 0], [0, 0]]).numpy(), np.pad(img, [(1, 0), (0, 0), (0, 0)])
    )
    assert tf.pad(t, [[1, 0], [0, 0], [0, 0]]).dtype == tf.uint8
    as_float = tf.cast(t, tf.float32) / 255.0
    assert as_float.dtype == tf.float32 and float(tf.reduce_max(as_float)) <= 1.0


def test_unsupported_ops_raise_type_error_not_crash():
    with pytest.raises(TypeError, match="inv: expected float32 or float64, got float16"):
        tf.linalg.inv(np.eye(2, dtype=np.float16))


def test_uint64_holds_its_whole_range_and_python_ints_stay_signed():
    top = np.array([2**64 - 1, 2**63], np.uint64)
    np.testing.assert_array_equal(tf.convert_to_tensor(top).numpy(), top)
    with pytest.raises(ValueError, match="unsigned values above 2\\*\\*63 - 1 do not fit"):
        tf.constant([2**63])
    assert tf.constant([2**63], dtype=tf.uint64).dtype == tf.uint64


@pytest.mark.parametrize("name", ["uint8", "float16"])
def test_sorting_scans_and_matmul_compute_in_the_compute_dtype(name):
    a = np.array([[3, 1, 2], [9, 7, 8]], dtype=name)
    t = tf.constant(a)
    np.testing.assert_array_equal(tf.sort(t).numpy(), np.sort(a))
    assert tf.sort(t).dtype == name
    np.testing.assert_array_equal(tf.argsort(t).numpy(), np.argsort(a, kind="stable"))
    top = tf.math.top_k(t, 2)
    np.testing.assert_array_equal(top.values.numpy(), -np.sort(-a)[:, :2])
    assert top.values.dtype == name
    np.testing.assert_array_equal(tf.cumsum(t, 1).numpy(), np.cumsum(a, 1, dtype=name))
    np.testing.assert_array_equal(tf.math.cumprod(t, 1).numpy(), np.cumprod(a, 1, dtype=name))
    np.testing.assert_array_equal(tf.unique(tf.reshape(t, [-1])).y.numpy(), a.reshape(-1))
    product = tf.matmul(t, tf.transpose(t))
    assert product.dtype == name
    want = (a.astype(np.float64) @ a.T.astype(np.float64)).astype(name)
    np.testing.assert_array_equal(product.numpy(), want)


def test_special_functions_rounding_and_bitwise_on_storage_dtypes():
    h = np.array([0.25, 1.5, 2.5, -1.5], np.float16)
    for fn, ref in (
        (tf.math.tan, np.tan),
        (tf.math.erf, None),
        (tf.math.floor, np.floor),
        (tf.math.round, np.round),
        (tf.math.sinh, np.sinh),
    ):
        got = fn(h)
        assert got.dtype == tf.float16, fn
        if ref is not None:
            np.testing.assert_array_equal(got.numpy(), ref(h.astype(np.float32)).astype(np.float16))
    assert tf.math.atan2(h, h).dtype == tf.float16
    u = np.array([200, 15, 1], np.uint8)
    # keras.ops promotes the storage dtypes as the compute dtype they widen to (its policy
    # for NumPy's small integers); a lone uint8 tensor keeps its dtype through invert.
    ops, t = tf.keras.ops, tf.constant(u)
    np.testing.assert_array_equal(ops.bitwise_and(t, tf.constant(np.uint8(12))).numpy(), u & 12)
    assert ops.add(t, t).dtype == tf.uint8  # as Keras: uint8 + uint8 stays uint8 (and wraps)
    np.testing.assert_array_equal(ops.bitwise_invert(t).numpy(), ~u)
    assert ops.bitwise_invert(t).dtype == tf.uint8
    assert tf.nn.softmax(h).dtype == tf.float16  # computed in float32 (test_float16_compute.py)


def test_uint64_division_remainder_power_and_shifts_use_all_64_bits():
    # In the int64 compute dtype these see values >= 2^63 as negative.
    big = np.array([2**63 + 5, 2**64 - 1, 7, 0], np.uint64)
    d = np.array([3, 10, 2**63 + 1, 9], np.uint64)
    x, y = tf.constant(big), tf.constant(d)
    np.testing.assert_array_equal(tf.math.floordiv(x, y).numpy(), big // d)
    np.testing.assert_array_equal(tf.math.floormod(x, y).numpy(), big % d)
    np.testing.assert_array_equal(tf.math.truncatediv(x, y).numpy(), big // d)
    np.testing.assert_array_equal(tf.math.truncatemod(x, y).numpy(), big % d)
    np.testing.assert_array_equal(
        tf.pow(x, tf.constant([1, 1, 2**63, 3], tf.uint64)).numpy(),
        np.array([2**63 + 5, 2**64 - 1, 1, 0], np.uint64),  # 7^(2^63) mod 2^64 is 1
    )
    shifts = np.array([1, 63, 0, 64], np.uint64)
    np.testing.assert_array_equal(
        tf.bitwise.right_shift(x, tf.constant(shifts)).numpy(),
        np.array([(2**63 + 5) >> 1, 1, 7, 0], np.uint64),  # a shift by 64 clamps to 63
    )
    np.testing.assert_array_equal(keras.ops.gcd(x, y).numpy(), np.gcd(big, d))


def test_integer_truncatemod_is_exact_beyond_float64s_53_bits():
    x = tf.constant([2**62 + 1, -(2**62) - 1, 5], tf.int64)
    y = tf.constant([3, 3, 0], tf.int64)
    np.testing.assert_array_equal(
        tf.math.truncatemod(x, y).numpy(), np.array([(2**62 + 1) % 3, -((2**62 + 1) % 3), 0])
    )
