"""complex64 and complex128 tensors against NumPy: the dtype objects, conversion both ways
(zero-copy where the layout allows), printing, casts and the ops that only move values
(indexing, reshape, transpose, concat, stack, gather, tile, where).

The arithmetic, reductions and matmul on complex tensors are in tests/test_complex_ops.py.
"""

import numpy as np
import pytest
from helpers import LAYOUTS, as_layout

import nnext as tf

COMPLEX = ["complex64", "complex128"]


def random_complex(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.uniform(-3, 3, shape) + 1j * rng.uniform(-3, 3, shape)).astype(dtype)


def assert_complex(result, expected, dtype=None):
    """Same dtype, shape and values (exactly: these ops only move or convert values)."""
    expected = np.asarray(expected)
    got = result.numpy()
    assert got.dtype == (np.dtype(dtype) if dtype else expected.dtype)
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


# ----- the dtype objects


@pytest.mark.parametrize(
    ("dtype", "real", "size", "enum"),
    [(tf.complex64, tf.float32, 8, 8), (tf.complex128, tf.float64, 16, 18)],
)
def test_complex_dtype_properties(dtype, real, size, enum):
    assert dtype.is_complex and not dtype.is_floating and not dtype.is_integer
    assert dtype.real_dtype is real
    assert dtype.size == size and dtype.as_datatype_enum == enum
    assert dtype.as_numpy_dtype is np.dtype(dtype.name).type
    assert tf.as_dtype(dtype.name) is dtype and tf.as_dtype(np.dtype(dtype.name)) is dtype
    assert dtype == dtype.name and str(dtype) == f"<dtype: '{dtype.name}'>"
    with pytest.raises(TypeError, match="Cannot find minimum value"):
        _ = dtype.min
    with pytest.raises(TypeError, match="Cannot find maximum value"):
        _ = dtype.max


def test_real_dtypes_are_not_complex():
    assert tf.float32.real_dtype is tf.float32 and not tf.float32.is_complex
    assert tf.dtypes.complex64 is tf.complex64
    assert tf.as_dtype(complex) is tf.complex128  # Python complex, as NumPy's default


# ----- conversion and printing


def test_python_complex_is_complex128():
    t = tf.constant(1 + 2j)
    assert t.dtype == tf.complex128 and t.shape == ()
    assert t.numpy() == 1 + 2j and complex(t) == 1 + 2j
    assert tf.constant([1j, 2]).dtype == tf.complex128
    assert tf.constant(1 + 2j, dtype=tf.complex64).dtype == tf.complex64
    assert tf.constant(3, dtype="complex64").numpy() == 3 + 0j


def test_complex_scalar_into_real_dtype_is_a_type_error():
    with pytest.raises(TypeError, match="cannot convert"):
        tf.constant(1 + 2j, dtype=tf.float32)


def test_printing_matches_numpy_forms():
    assert str(tf.constant(1 + 2j)) == "nnext.Tensor((1+2j), shape=(), dtype=complex128)"
    t = tf.constant(np.array([1 + 2j, 3 - 1j], np.complex64))
    assert str(t) == "nnext.Tensor([1.+2.j 3.-1.j], shape=(2,), dtype=complex64)"
    assert repr(t) == (
        "<nnext.Tensor: shape=(2,), dtype=complex64, numpy=array([1.+2.j, 3.-1.j], "
        "dtype=complex64)>"
    )


@pytest.mark.parametrize("dtype", COMPLEX)
def test_numpy_interop_is_zero_copy(dtype):
    a = random_complex((3, 4), dtype)
    t = tf.convert_to_tensor(a)
    assert t.dtype == dtype
    assert np.shares_memory(t.numpy(), a)
    assert np.shares_memory(np.asarray(t), a)
    assert_complex(t, a)


@pytest.mark.parametrize("dtype", COMPLEX)
def test_non_contiguous_and_byte_swapped_arrays_are_copied(dtype):
    a = random_complex((4, 6), dtype)
    assert_complex(tf.convert_to_tensor(a[:, ::2]), a[:, ::2])
    swapped = a.astype(np.dtype(dtype).newbyteorder())
    assert_complex(tf.convert_to_tensor(swapped), a)


def test_empty_and_zero_d_complex_arrays():
    assert_complex(tf.convert_to_tensor(np.zeros((2, 0), np.complex64)), np.zeros((2, 0), "c8"))
    assert_complex(tf.convert_to_tensor(np.complex128(2 - 1j)), np.complex128(2 - 1j))


def test_creation_in_complex_dtypes():
    assert_complex(tf.zeros((2, 3), tf.complex64), np.zeros((2, 3), np.complex64))
    assert_complex(tf.ones((2,), "complex128"), np.ones(2, np.complex128))
    assert_complex(tf.ones_like(tf.constant(1j)), np.complex128(1))
    assert_complex(tf.eye(2, dtype=tf.complex64), np.eye(2, dtype=np.complex64))


def test_variables_hold_complex_values():
    v = tf.Variable(np.array([1 + 1j, 2], np.complex64))
    v.assign([3j, 4])
    assert_complex(v, np.array([3j, 4], np.complex64))


# ----- casts


REAL = ["bool", "int32", "int64", "float16", "float32", "float64", "uint8"]


@pytest.mark.parametrize("dtype", COMPLEX)
@pytest.mark.parametrize("real", REAL)
def test_cast_from_real(dtype, real):
    a = np.array([0, 1, 2, 5], real)
    assert_complex(tf.cast(a, dtype), a.astype(dtype))


@pytest.mark.parametrize("dtype", COMPLEX)
@pytest.mark.parametrize("real", ["int32", "int64", "float16", "float32", "float64"])
def test_cast_to_real_keeps_the_real_part(dtype, real):
    a = np.array([1.5 + 2j, -2.25 - 1j, 0 + 3j], dtype)
    assert_complex(tf.cast(a, real), a.real.astype(real))


def test_cast_complex_to_bool_is_nonzero():
    a = np.array([0, 1j, 2, 0j], np.complex64)
    assert_complex(tf.cast(a, tf.bool), a != 0)


def test_cast_between_complex_dtypes():
    a = random_complex((5,), "complex128")
    assert_complex(tf.cast(a, tf.complex64), a.astype(np.complex64))
    assert_complex(tf.cast(a.astype(np.complex64), tf.complex128), a.astype("c8").astype("c16"))


# ----- ops that move values


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", COMPLEX)
def test_views_and_copies_of_every_layout(layout, dtype):
    t, a = as_layout(random_complex((3, 4), dtype), layout)
    assert_complex(t, a)
    assert_complex(t[1], a[1])
    assert_complex(t[:, 1::2], a[:, 1::2])
    assert_complex(t[::-1, 2], a[::-1, 2])
    assert_complex(tf.reshape(t, [4, 3]), a.reshape(4, 3))
    assert_complex(tf.transpose(t), a.T)
    assert_complex(tf.expand_dims(t, 0), a[None])
    assert_complex(tf.identity(t), a)


@pytest.mark.parametrize("dtype", COMPLEX)
def test_concat_stack_gather_tile(dtype):
    a, b = random_complex((2, 3), dtype, 1), random_complex((2, 3), dtype, 2)
    assert_complex(tf.concat([a, b], axis=1), np.concatenate([a, b], 1))
    assert_complex(tf.stack([a, b], axis=0), np.stack([a, b]))
    assert_complex(tf.gather(a, [2, 0, 2], axis=1), a[:, [2, 0, 2]])
    assert_complex(tf.convert_to_tensor(a)[[1, 0]], a[[1, 0]])
    assert_complex(tf.tile(a, [2, 1]), np.tile(a, (2, 1)))
    assert_complex(tf.where([[True, False, True]] * 2, a, b), np.where([[1, 0, 1]] * 2, a, b))
    assert_complex(tf.boolean_mask(a, [True, False]), a[[True, False]])
