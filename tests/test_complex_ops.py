"""The complex ops against NumPy: complex/real/imag/conj/angle/abs, the elementwise rows with
complex kernels (operators too), NumPy 2 promotion with real operands and weak Python
scalars, equality, sums, means, products and matmul (cgemm/zgemm); every other op refuses a
complex tensor with a TypeError naming it, and a tape over complex ops gives None.
"""

import numpy as np
import pytest
from helpers import LAYOUTS, as_layout

import nnext as tf

COMPLEX = ["complex64", "complex128"]
TOL = {"complex64": {"rtol": 2e-5, "atol": 2e-6}, "complex128": {"rtol": 1e-12, "atol": 1e-12}}


def random_complex(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.uniform(-2, 2, shape) + 1j * rng.uniform(-2, 2, shape)).astype(dtype)


def assert_close(result, expected, dtype):
    expected = np.asarray(expected)
    got = result.numpy()
    assert got.dtype == np.dtype(dtype), (got.dtype, dtype)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, **TOL[dtype if "complex" in dtype else COMPLEX[0]])


# ----- building and taking apart


@pytest.mark.parametrize(("real", "dtype"), [("float32", "complex64"), ("float64", "complex128")])
def test_complex_from_parts_broadcasts(real, dtype):
    re = np.arange(6, dtype=real).reshape(2, 3)
    im = np.array([1, -1, 0.5], real)
    z = tf.complex(re, im)
    assert_close(z, re + 1j * im, dtype)
    assert_close(tf.math.real(z), re, real)
    assert_close(tf.math.imag(z), np.broadcast_to(im, (2, 3)), real)


def test_complex_rejects_mixed_or_integer_parts():
    with pytest.raises(TypeError, match="complex: the `real` and `imag` components"):
        tf.complex(tf.constant(1.0), tf.constant(1.0, tf.float64))
    with pytest.raises(TypeError, match="int32 int32"):
        tf.complex(tf.constant(1), tf.constant(2))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", COMPLEX)
def test_parts_of_every_layout(layout, dtype):
    t, a = as_layout(random_complex((3, 4), dtype), layout)
    real = a.real.dtype.name
    assert_close(tf.math.real(t), a.real, real)
    assert_close(tf.math.imag(t), a.imag, real)
    assert_close(tf.math.conj(t), np.conj(a), dtype)
    assert_close(tf.math.angle(t), np.angle(a), real)
    assert_close(tf.abs(t), np.abs(a), real)
    assert_close(abs(t), np.abs(a), real)


def test_parts_of_real_tensors_follow_tensorflow():
    x = tf.constant([-1.0, 2.0])
    np.testing.assert_array_equal(tf.math.real(x).numpy(), [-1, 2])
    np.testing.assert_array_equal(tf.math.imag(x).numpy(), [0, 0])
    np.testing.assert_array_equal(tf.math.conj(x).numpy(), [-1, 2])
    np.testing.assert_allclose(tf.math.angle(x).numpy(), [np.pi, 0])


# ----- elementwise rows


UNARY = [
    ("negative", tf.negative, np.negative),
    ("exp", tf.exp, np.exp),
    ("log", tf.math.log, np.log),
    ("sqrt", tf.sqrt, np.sqrt),
    ("square", tf.square, np.square),
    ("sin", tf.sin, np.sin),
    ("cos", tf.cos, np.cos),
    ("tanh", tf.tanh, np.tanh),
    ("sign", tf.sign, lambda z: np.where(z == 0, 0, z / np.abs(np.where(z == 0, 1, z)))),
]


@pytest.mark.parametrize("dtype", COMPLEX)
@pytest.mark.parametrize(("name", "ours", "theirs"), UNARY, ids=[u[0] for u in UNARY])
@pytest.mark.parametrize("shape", [(), (0,), (2, 3)])
def test_unary_rows(name, ours, theirs, dtype, shape):
    a = random_complex(shape, dtype)
    if a.size:
        a.flat[0] = 0 if name == "sign" else a.flat[0]
    t, values = as_layout(a, "transposed")
    assert_close(ours(t), theirs(values).astype(dtype), dtype)


BINARY = [
    ("add", tf.add, np.add),
    ("subtract", tf.subtract, np.subtract),
    ("multiply", tf.multiply, np.multiply),
    ("divide", tf.divide, np.divide),
    ("truediv", tf.math.truediv, np.divide),
    ("pow", tf.pow, np.power),
    ("operator +", lambda a, b: a + b, np.add),
    ("operator -", lambda a, b: a - b, np.subtract),
    ("operator *", lambda a, b: a * b, np.multiply),
    ("operator /", lambda a, b: a / b, np.divide),
]


@pytest.mark.parametrize("dtype", COMPLEX)
@pytest.mark.parametrize(("name", "ours", "theirs"), BINARY, ids=[b[0] for b in BINARY])
@pytest.mark.parametrize(("sa", "sb"), [((3, 4), (3, 4)), ((3, 1), (1, 4)), ((), (2,)), ((0,), ())])
def test_binary_rows(name, ours, theirs, dtype, sa, sb):
    a, b = random_complex(sa, dtype, 1), random_complex(sb, dtype, 2)
    assert_close(ours(tf.constant(a), tf.constant(b)), theirs(a, b), dtype)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("float32", "complex64"),
        ("float16", "complex64"),
        ("int8", "complex64"),
        ("float64", "complex64"),
        ("int32", "complex64"),
        ("int64", "complex64"),
        ("uint64", "complex64"),
        ("bool", "complex64"),
        ("complex64", "complex128"),
        ("float32", "complex128"),
    ],
)
def test_promotion_with_real_tensors_is_numpy_2(left, right):
    a = np.array([1, 2, 0], left)
    b = np.array([1 + 1j, 2j, -1], right)
    expected = a * b
    assert_close(tf.multiply(tf.constant(a), tf.constant(b)), expected, expected.dtype.name)
    assert_close(tf.constant(b) + tf.constant(a), b + a, expected.dtype.name)


@pytest.mark.parametrize(
    ("dtype", "scalar", "result"),
    [
        ("float32", 1j, "complex64"),
        ("float16", 1j, "complex64"),
        ("float64", 2 - 1j, "complex128"),
        ("int32", 1j, "complex128"),
        ("complex64", 2.5, "complex64"),
        ("complex64", 3, "complex64"),
        ("complex64", 1 + 1j, "complex64"),
    ],
)
def test_python_scalars_are_weak(dtype, scalar, result):
    a = np.array([1, 2], dtype)
    t = tf.constant(a)
    assert (t * scalar).dtype == result and (scalar + t).dtype == result
    np.testing.assert_allclose((t * scalar).numpy(), (a * scalar).astype(result), rtol=1e-6)


@pytest.mark.parametrize("dtype", COMPLEX)
def test_equality(dtype):
    a = np.array([1 + 1j, 2j, 3, 1 - 1j], dtype)
    b = np.array([1 + 1j, 2, 3, 1 + 1j], dtype)
    np.testing.assert_array_equal(tf.equal(a, b).numpy(), a == b)
    np.testing.assert_array_equal(tf.not_equal(a, b).numpy(), a != b)
    np.testing.assert_array_equal((tf.constant(a) == b).numpy(), a == b)
    np.testing.assert_array_equal((tf.constant(a) != 3).numpy(), a != 3)


# ----- reductions and matmul


@pytest.mark.parametrize("dtype", COMPLEX)
@pytest.mark.parametrize(
    ("op", "np_fn"),
    [(tf.reduce_sum, np.sum), (tf.reduce_mean, np.mean), (tf.reduce_prod, np.prod)],
    ids=["sum", "mean", "prod"],
)
@pytest.mark.parametrize(
    ("axis", "keepdims"), [(None, False), (0, False), (1, True), ((0, 1), True)]
)
@pytest.mark.parametrize("layout", ["contiguous", "transposed"])
def test_reductions(op, np_fn, dtype, axis, keepdims, layout):
    t, a = as_layout(random_complex((3, 4), dtype), layout)
    expected = np_fn(a.astype("complex128"), axis=axis, keepdims=keepdims).astype(dtype)
    assert_close(op(t, axis=axis, keepdims=keepdims), expected, dtype)


@pytest.mark.parametrize("dtype", COMPLEX)
def test_reductions_of_empty_and_zero_d(dtype):
    empty = np.zeros((0, 3), dtype)
    assert_close(tf.reduce_sum(empty, axis=0), np.zeros(3, dtype), dtype)
    assert_close(tf.reduce_prod(empty, axis=0), np.ones(3, dtype), dtype)
    scalar = np.array(2 - 1j, dtype)
    assert_close(tf.reduce_sum(scalar), scalar, dtype)
    assert_close(tf.reduce_prod(scalar), scalar, dtype)


@pytest.mark.parametrize("dtype", COMPLEX)
@pytest.mark.parametrize(
    ("sa", "sb", "ta", "tb"),
    [
        ((3, 4), (4, 5), False, False),
        ((4, 3), (4, 5), True, False),
        ((3, 4), (5, 4), False, True),
        ((2, 3, 4), (4, 2), False, False),
        ((2, 1, 3, 4), (3, 4, 2), False, False),
        ((4,), (4, 2), False, False),
        ((3, 0), (0, 2), False, False),
    ],
)
def test_matmul(dtype, sa, sb, ta, tb):
    a, b = random_complex(sa, dtype, 1), random_complex(sb, dtype, 2)
    a_op = np.swapaxes(a, -1, -2) if ta else a
    b_op = np.swapaxes(b, -1, -2) if tb else b
    assert_close(tf.matmul(a, b, transpose_a=ta, transpose_b=tb), a_op @ b_op, dtype)


def test_matmul_of_a_transposed_view_and_mixed_dtypes():
    t, a = as_layout(random_complex((4, 3), "complex64"), "transposed")
    c = random_complex((3, 2), "complex64")
    assert_close(tf.matmul(t, c), a @ c, "complex64")
    b = np.random.default_rng(3).uniform(-1, 1, (4, 2))
    # Tensors promote as NumPy 2 (an array beside a tensor takes the tensor's dtype instead).
    b32, b64 = tf.constant(b.astype(np.float32)), tf.constant(b)
    assert_close(tf.matmul(tf.transpose(t), b32), a.T @ b.astype(np.float32), "complex64")
    assert_close(tf.matmul(tf.transpose(t), b64), a.T @ b, "complex128")
    assert_close(tf.matmul(tf.transpose(b64), t), b.T @ a, "complex128")


# ----- refusals and tapes


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("maximum", lambda z: tf.maximum(z, z)),
        ("greater", lambda z: z > 1),
        ("floordiv", lambda z: z // z),
        ("relu", lambda z: tf.nn.relu(z)),
        ("sigmoid", lambda z: tf.sigmoid(z)),
        ("is_nan", lambda z: tf.math.is_nan(z)),
        ("reduce_max", lambda z: tf.reduce_max(z)),
        ("reduce_any", lambda z: tf.reduce_any(z)),
        ("argmax", lambda z: tf.argmax(z)),
    ],
)
def test_ops_without_complex_kernels_name_themselves(name, call):
    z = tf.constant([1 + 2j, 3j])
    with pytest.raises(
        tf.errors.InvalidArgumentError, match=f"{name}: not supported for complex128"
    ):
        call(z)
    with pytest.raises(TypeError):
        call(z)


@pytest.mark.parametrize(
    "call",
    [
        lambda z: tf.sort(z),
        lambda z: tf.math.cumsum(z),
        lambda z: tf.nn.softmax(z),
        lambda z: tf.math.lgamma(z),
        lambda z: tf.math.floor(z),
    ],
)
def test_other_ops_refuse_complex_with_a_type_error(call):
    with pytest.raises(TypeError, match="complex128"):
        call(tf.constant([1 + 2j, 3j]))


def test_a_tape_over_complex_ops_gives_none():
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        z = tf.complex(x, x * 2.0)
        loss = tf.reduce_sum(tf.abs(z * z))
        real = tf.reduce_sum(tf.math.real(tf.matmul(z[None], z[:, None])))
    assert tape.gradient(loss, x) is None
    assert tape.gradient(real, x) is None


def test_keras_ops_parts_of_complex_tensors():
    from nnext.keras import ops

    a = random_complex((2, 3), "complex64")
    t = tf.constant(a)  # keras.ops takes complex tensors (not yet complex NumPy arrays)
    assert_close(ops.real(t), a.real, "float32")
    assert_close(ops.imag(t), a.imag, "float32")
    assert_close(ops.conj(t), np.conj(a), "complex64")
    assert_close(ops.angle(t), np.angle(a), "float32")
