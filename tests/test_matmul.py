"""matmul against NumPy: vector and batch-broadcast shapes, empty operands, transposed and
strided views, every dtype, errors, gradients by central differences."""

import threading

import numpy as np
import pytest
from helpers import assert_same, check_gradient
from shapes_helpers import random_source, tensor

import nnext
from nnext import _core
from nnext._core import matmul

SHAPES = [
    ((3, 4), (4, 5)),
    ((4,), (4, 5)),
    ((3, 4), (4,)),
    ((4,), (4,)),
    ((1, 4), (4, 1)),
    ((4, 3, 28, 32), (4, 3, 32, 2)),
    ((2, 1, 5, 6), (3, 6, 7)),
    ((5, 6), (3, 6, 7)),
    ((3, 5, 6), (6, 7)),
    ((2, 3, 5, 6), (6,)),
    ((6,), (2, 6, 3)),
    ((0, 4), (4, 5)),
    ((3, 0), (0, 5)),
    ((3, 4), (4, 0)),
    ((2, 0, 3, 4), (4, 5)),
]
DTYPES = ["float32", "float64", "int32", "int64"]
rand = random_source(0)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape_a, shape_b", SHAPES)
def test_matmul_matches_numpy(shape_a, shape_b, dtype):
    a, b = rand(shape_a, dtype), rand(shape_b, dtype)
    assert_same(matmul(a, b), np.matmul(a, b))


@pytest.mark.parametrize(
    "dtype_a, dtype_b",
    [
        ("int32", "float32"),
        ("int32", "int64"),
        ("float32", "float64"),
        ("int64", "float32"),
    ],
)
def test_matmul_mixed_dtypes_promote_as_numpy(dtype_a, dtype_b):
    # Tensors promote as NumPy; two arrays would convert the second to the first's dtype,
    # as TensorFlow converts operands (test_operand_conversion.py).
    a, b = rand((3, 4), dtype_a), rand((4, 2), dtype_b)
    assert_same(matmul(nnext.constant(a), nnext.constant(b)), np.matmul(a, b))


def test_integer_matmul_wraps_like_numpy():
    a = np.full((2, 3), 2**20, dtype="int32")
    b = np.full((3, 2), 2**12, dtype="int32")
    assert_same(matmul(a, b), np.matmul(a, b))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("transpose_a", [False, True])
@pytest.mark.parametrize("transpose_b", [False, True])
@pytest.mark.parametrize("batch", [(), (3,), (2, 1)])
def test_transpose_flags(transpose_a, transpose_b, batch, dtype):
    a = rand(batch + ((4, 3) if transpose_a else (3, 4)), dtype)
    b = rand(batch + ((5, 4) if transpose_b else (4, 5)), dtype)
    expected = np.matmul(
        np.swapaxes(a, -1, -2) if transpose_a else a, np.swapaxes(b, -1, -2) if transpose_b else b
    )
    assert_same(matmul(a, b, transpose_a=transpose_a, transpose_b=transpose_b), expected)


def views(x):
    """Views of x's values with different layouts: transposed, strided, both."""
    wide = np.repeat(x[..., None], 2, axis=-1).reshape(*x.shape[:-1], -1)
    tall = np.repeat(x[..., None, :], 3, axis=-2).reshape(*x.shape[:-2], -1, x.shape[-1])
    return {
        "transposed": tensor(np.swapaxes(x, -1, -2).copy()).T if x.ndim == 2 else None,
        "strided columns": tensor(wide)[..., ::2],
        "strided rows": tensor(tall)[..., ::3, :],
        "strided both": tensor(
            np.repeat(tall[..., None], 2, axis=-1).reshape(*tall.shape[:-1], -1)
        )[..., ::3, ::2],
    }


@pytest.mark.parametrize("dtype", ["float32", "float64", "int64"])
@pytest.mark.parametrize(
    "layout", ["transposed", "strided columns", "strided rows", "strided both"]
)
def test_non_contiguous_operands(layout, dtype):
    a, b = rand((5, 4), dtype), rand((4, 3), dtype)
    va, vb = views(a)[layout], views(b)[layout]
    np.testing.assert_array_equal(va.numpy(), a)
    assert_same(matmul(va, b), a @ b)
    assert_same(matmul(a, vb), a @ b)
    assert_same(matmul(va, vb), a @ b)


def test_transposed_view_and_flag_together():
    # The flags undo the views' transposes.
    a, b = rand((4, 3)), rand((3, 5))
    assert_same(matmul(tensor(a).T, tensor(b).T, transpose_a=True, transpose_b=True), a @ b)


def peak_bytes_during(fn):
    _core.reset_peak_memory()
    base = nnext.memory_stats()["current"]
    result = fn()
    return nnext.memory_stats()["peak"] - base, result


def test_transposed_views_reach_gemm_without_a_copy():
    a, b = tensor(rand((400, 300), "float32")), tensor(rand((400, 50), "float32"))
    copy_bytes = 400 * 300 * 4
    grown, y = peak_bytes_during(lambda: matmul(a.T, b))
    assert grown < copy_bytes  # only the (300, 50) output was allocated
    np.testing.assert_allclose(y.numpy(), a.numpy().T @ b.numpy(), rtol=1e-4, atol=1e-4)
    # A view whose strides fit no gemm layout is packed first.
    wide = tensor(rand((400, 600), "float32"))
    grown, _ = peak_bytes_during(lambda: matmul(wide[:, ::2].T, b))
    assert grown >= copy_bytes


def test_broadcast_batch_view():
    a, b = rand((4, 5)), rand((3, 5, 2))
    stacked = nnext.broadcast_to(tensor(a), (3, 4, 5))
    assert_same(matmul(stacked, b), np.broadcast_to(a, (3, 4, 5)) @ b)


def test_operator():
    a, b = rand((3, 4)), rand((4, 2))
    assert_same(tensor(a) @ tensor(b), a @ b)
    assert_same(tensor(a) @ b, a @ b)
    # A nested list beside a tensor converts to the tensor's dtype, as in TensorFlow.
    assert_same(a.tolist() @ tensor(b), a @ b)
    assert_same(a.tolist() @ tensor(b.astype("float32")), a.astype("float32") @ b.astype("float32"))


def test_large_products_from_threads():
    # Big products release the GIL; results must not mix between threads.
    a = [rand((300, 200), "float32") for _ in range(4)]
    b = rand((200, 100), "float32")
    results = [None] * 4

    def work(i):
        results[i] = matmul(a[i], b).numpy()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for i in range(4):
        np.testing.assert_allclose(results[i], a[i] @ b, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize(
    "a, b, error, message",
    [
        (
            np.ones((3, 4)),
            np.ones((5, 2)),
            ValueError,
            r"matmul: cannot multiply shapes \(3, 4\) and \(5, 2\): inner dimensions 4 and 5 differ",
        ),
        (
            np.ones((2, 3, 4)),
            np.ones((3, 4, 5)),
            ValueError,
            r"matmul: cannot broadcast the batch axes of shapes \(2, 3, 4\) and \(3, 4, 5\)",
        ),
        (np.float64(2.0), np.ones((3,)), ValueError, r"matmul: both operands must have rank >= 1"),
        (np.ones((2, 2), bool), np.ones((2, 2)), TypeError, r"matmul: not supported for bool"),
    ],
)
def test_errors(a, b, error, message):
    with pytest.raises(error, match=message):
        matmul(tensor(a), tensor(b))


def test_transpose_flag_needs_a_matrix():
    with pytest.raises(ValueError, match=r"matmul: transpose_a needs a tensor of rank >= 2"):
        matmul(np.ones(3), np.ones((3, 2)), transpose_a=True)


@pytest.mark.parametrize(
    "shape_a, shape_b",
    [
        ((3, 4), (4, 2)),
        ((4,), (4, 2)),
        ((3, 4), (4,)),
        ((4,), (4,)),
        ((2, 1, 3, 4), (3, 4, 2)),
        ((3, 4), (2, 4, 2)),
        ((4,), (2, 4, 3)),
        ((2, 3, 4), (4,)),
    ],
)
def test_gradient(shape_a, shape_b):
    check_gradient(matmul, [rand(shape_a), rand(shape_b)])


@pytest.mark.parametrize("transpose_a", [False, True])
@pytest.mark.parametrize("transpose_b", [False, True])
def test_gradient_with_transpose_flags(transpose_a, transpose_b):
    a = rand((2, 4, 3) if transpose_a else (2, 3, 4))
    b = rand((5, 4) if transpose_b else (4, 5))
    check_gradient(lambda x, y: matmul(x, y, transpose_a, transpose_b), [a, b])


def test_gradient_through_transposed_view():
    check_gradient(lambda x, y: matmul(nnext.transpose(x), y), [rand((4, 3)), rand((4, 2))])


def test_gradient_of_mixed_dtypes_has_the_input_dtype():
    a = nnext.constant(rand((3, 4), "float32"))
    b = nnext.constant(rand((4, 2), "float64"))
    with nnext.GradientTape() as tape:
        tape.watch([a, b])
        y = matmul(a, b)
    ga, gb = tape.gradient(y, [a, b])
    assert ga.dtype == nnext.float32 and gb.dtype == nnext.float64
    np.testing.assert_allclose(ga.numpy(), np.ones((3, 2)) @ b.numpy().T, rtol=1e-6)


def test_gradient_only_for_watched_operand():
    a, b = tensor(rand((3, 4))), tensor(rand((4, 2)))
    with nnext.GradientTape() as tape:
        tape.watch(a)
        y = matmul(a, b)
    ga, gb = tape.gradient(y, [a, b])
    assert gb is None
    np.testing.assert_allclose(ga.numpy(), np.ones((3, 2)) @ b.numpy().T)
