"""concat, stack, split, unstack, tile and pad against NumPy, with gradient checks."""

import numpy as np
import pytest
from helpers import ALL_DTYPES, assert_same, check_gradient
from shapes_helpers import assert_exact, nested_gradients, non_contiguous, random_source, tensor

import nnext
from nnext import array_ops as ops

rand = random_source(0)


# ---- concat ----------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize(
    "shapes, axis",
    [
        ([(4, 35, 8), (6, 35, 8)], 0),
        ([(2, 3), (2, 0), (2, 5)], 1),
        ([(2, 3), (2, 4)], -1),
        ([(1, 2, 1, 3, 2), (1, 2, 4, 3, 2)], 2),
        ([(0, 3), (0, 3)], 0),
        ([(5,)], 0),
    ],
)
def test_concat(dtype, shapes, axis):
    arrays = [rand(s, dtype) for s in shapes]
    assert_exact(ops.concat([tensor(a) for a in arrays], axis), np.concatenate(arrays, axis))


def test_concat_non_contiguous_and_lists():
    a, b = rand((3, 4)), rand((3, 2))
    assert_exact(
        ops.concat([non_contiguous(a, "strided"), tensor(b)], axis=1), np.concatenate([a, b], 1)
    )
    assert_exact(ops.concat([[1, 2], [3]], 0), np.array([1, 2, 3], dtype="int32"))


def test_concat_gradient():
    check_gradient(lambda a, b: ops.concat([a, b], -2), [rand((2, 3)), rand((4, 3))])


@pytest.mark.parametrize(
    "values, axis, error, match",
    [
        ([], 0, ValueError, r"concat: expected a non-empty list"),
        (
            [np.zeros((2, 3)), np.zeros((2, 4))],
            0,
            ValueError,
            r"concat: shapes \(2, 3\) .* \(2, 4\)",
        ),
        ([np.zeros(2), np.zeros((2, 1))], 0, ValueError, r"concat: shapes \(2,\)"),
        ([np.zeros(2), np.zeros(2)], 1, IndexError, r"concat: axis 1 is out of range"),
        ([np.float32(1), np.float32(2)], 0, ValueError, r"concat: cannot concatenate scalars"),
        (
            [np.zeros(2), np.zeros(2, "int32")],
            0,
            TypeError,
            r"concat: all tensors must have the same",
        ),
    ],
)
def test_concat_errors(values, axis, error, match):
    with pytest.raises(error, match=match):
        ops.concat([tensor(v) for v in values], axis)


# ---- stack / unstack -------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("shape", [(), (3,), (35, 8), (1, 2, 3, 1, 2), (0, 2)])
def test_stack_unstack(dtype, shape):
    arrays = [rand(shape, dtype) for _ in range(3)]
    for axis in range(-len(shape) - 1, len(shape) + 1):
        stacked = ops.stack([tensor(a) for a in arrays], axis)
        expected = np.stack(arrays, axis)
        assert_exact(stacked, expected)
        parts = ops.unstack(stacked, axis=axis)
        assert len(parts) == 3
        for part, a in zip(parts, arrays):
            assert_exact(part, a)


def test_unstack_returns_views():
    x = tensor(rand((3, 4)))
    for part in ops.unstack(x, axis=1):
        assert np.shares_memory(part.numpy(), x.numpy())
    assert_exact(
        ops.unstack(non_contiguous(np.arange(6.0).reshape(2, 3), "strided"), axis=0)[1],
        np.array([3.0, 4.0, 5.0]),
    )


def test_stack_unstack_gradients():
    check_gradient(lambda a, b: ops.stack([a, b], axis=1), [rand((2, 3)), rand((2, 3))])
    check_gradient(
        lambda a: ops.unstack(a, axis=-1)[1] * ops.unstack(a, axis=-1)[2], [rand((2, 3))]
    )


def test_stack_unstack_errors():
    with pytest.raises(ValueError, match=r"stack: shapes \(2,\) \(values\[0\]\) and \(3,\)"):
        ops.stack([tensor(np.zeros(2)), tensor(np.zeros(3))])
    with pytest.raises(IndexError, match=r"stack: axis 3 is out of range"):
        ops.stack([tensor(np.zeros(2))], axis=3)
    with pytest.raises(ValueError, match=r"unstack: cannot unstack a scalar"):
        ops.unstack(tensor(np.float64(1)))
    with pytest.raises(ValueError, match=r"unstack: num=4 but axis 0 .* has 3 entries"):
        ops.unstack(tensor(np.zeros((3, 2))), num=4)


# ---- split -----------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_split_equal(dtype):
    x = rand((10, 35, 8), dtype)
    parts = ops.split(tensor(x), 10)
    assert len(parts) == 10
    for part, expected in zip(parts, np.split(x, 10)):
        assert_exact(part, expected)
    for part, expected in zip(ops.split(tensor(x), 4, axis=-1), np.split(x, 4, axis=-1)):
        assert_exact(part, expected)
    five = tensor(np.int32(5))
    assert len(ops.split(tensor(x), np.int64(5))) == len(ops.split(tensor(x), five)) == 5


@pytest.mark.parametrize(
    "sizes, axis", [([2, 3, 5], 0), ([4, -1], 1), ([0, -1, 0], 2), ([-1], -1), ([1, 0, 1], 3)]
)
def test_split_sizes(sizes, axis):
    x = rand((10, 6, 7, 2, 3))
    dim = x.shape[axis]
    known = sum(s for s in sizes if s != -1)
    filled = [dim - known if s == -1 else s for s in sizes]
    expected = np.split(x, np.cumsum(filled)[:-1], axis=axis)
    parts = ops.split(tensor(x), sizes, axis)
    assert [p.shape for p in parts] == [e.shape for e in expected]
    for part, e in zip(parts, expected):
        assert_exact(part, e)


def test_split_views_and_non_contiguous():
    x = tensor(rand((6, 4)))
    for part in ops.split(x, [1, 2, 3]):
        assert np.shares_memory(part.numpy(), x.numpy())
    base = np.arange(12.0).reshape(3, 4)
    parts = ops.split(non_contiguous(base, "strided"), [1, -1], axis=1)
    assert_exact(parts[1], base[:, 1:])


def test_split_gradient():
    check_gradient(lambda a: ops.split(a, [1, -1], axis=1)[1] * 2.0, [rand((3, 4))])
    check_gradient(lambda a: ops.split(a, 2)[0] - ops.split(a, 2)[1], [rand((4, 2))])


@pytest.mark.parametrize(
    "split, axis, match",
    [
        (3, 0, r"split: dimension 10 of axis 0 \(shape \(10, 4\)\) is not divisible by 3"),
        (0, 0, r"split: num_or_size_splits must be positive, got 0"),
        ([3, 3], 0, r"split: sizes \(3, 3\) sum to 6, not to dimension 10"),
        ([-1, -1], 0, r"split: at most one size may be -1"),
        ([11, -1], 0, r"split: sizes \(11, -1\) exceed dimension 10"),
        ([-2, 12], 0, r"split: sizes must be non-negative or -1"),
    ],
)
def test_split_errors(split, axis, match):
    with pytest.raises(ValueError, match=match):
        ops.split(tensor(np.zeros((10, 4))), split, axis)


# ---- tile ------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize(
    "shape, multiples",
    [
        ((), []),
        ((2,), [3]),
        ((1, 2), [2, 1]),
        ((4, 28, 28, 3), [2, 3, 3, 1]),
        ((2, 1, 3, 1, 2), [1, 2, 1, 3, 2]),
        ((2, 3), [0, 2]),
        ((0, 3), [2, 2]),
    ],
)
def test_tile(dtype, shape, multiples):
    x = rand(shape, dtype)
    assert_exact(ops.tile(tensor(x), multiples), np.tile(x, multiples) if shape else x.copy())


def test_tile_non_contiguous_and_gradient():
    x = rand((3, 4))
    assert_exact(ops.tile(non_contiguous(x, "strided"), [2, 2]), np.tile(x, [2, 2]))
    check_gradient(lambda a: ops.tile(a, [2, 3]), [rand((2, 3))])
    check_gradient(lambda a: ops.tile(a, [3, 1, 2]), [rand((1, 2, 2))])


def test_tile_errors():
    with pytest.raises(ValueError, match=r"tile: multiples \(2,\) must have one entry per axis"):
        ops.tile(tensor(np.zeros((2, 2))), [2])
    with pytest.raises(ValueError, match=r"tile: multiples must be non-negative"):
        ops.tile(tensor(np.zeros(2)), [-1])


# ---- pad -------------------------------------------------------------------------------

NP_MODES = {"CONSTANT": "constant", "REFLECT": "reflect", "SYMMETRIC": "symmetric"}


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("mode", list(NP_MODES))
@pytest.mark.parametrize(
    "shape, paddings",
    [
        ((6,), [[0, 2]]),
        ((4, 28, 28, 3), [[0, 0], [2, 2], [2, 2], [0, 0]]),
        ((3, 4), [[2, 1], [0, 3]]),
        ((2, 3, 1, 2, 3), [[1, 1], [2, 0], [0, 0], [1, 1], [0, 2]]),
        ((2, 0), [[1, 0], [0, 0]]),
    ],
)
def test_pad(dtype, mode, shape, paddings):
    x = rand(shape, dtype)
    expected = np.pad(x, paddings, mode=NP_MODES[mode])
    assert_exact(ops.pad(tensor(x), paddings, mode=mode), expected)


def test_pad_constant_values_and_non_contiguous():
    x = rand((3, 4))
    assert_exact(
        ops.pad(tensor(x), [[1, 1], [2, 0]], constant_values=-7.5),
        np.pad(x, [[1, 1], [2, 0]], constant_values=-7.5),
    )
    assert_exact(
        ops.pad(non_contiguous(x, "strided"), [[1, 2], [3, 3]], mode="reflect"),
        np.pad(x, [[1, 2], [3, 3]], mode="reflect"),
    )
    assert_exact(ops.pad(tensor(np.float32(2.5)), []), np.array(2.5, dtype="float32"))


@pytest.mark.parametrize("mode", list(NP_MODES))
def test_pad_gradient(mode):
    check_gradient(lambda a: ops.pad(a, [[1, 2], [3, 3]], mode=mode), [rand((3, 4))])
    check_gradient(lambda a: ops.pad(a, [[2, 2]], mode=mode), [rand((3,))])


def test_pad_gradient_of_gradient():
    """pad's backward is itself recorded, so a second tape differentiates it."""
    x = tensor(rand((4,)))
    g, gg = nested_gradients(lambda a: ops.pad(a * a, [[2, 1]], mode="REFLECT"), x)
    # g = 2 x * c with c the times each element is read; d(sum g)/dx = 2 c.
    counts = np.bincount([2, 1, 0, 1, 2, 3, 2], minlength=4)
    np.testing.assert_allclose(g.numpy(), 2 * x.numpy() * counts)
    np.testing.assert_allclose(gg.numpy(), 2.0 * counts)


@pytest.mark.parametrize(
    "paddings, mode, match",
    [
        (
            [[4, 0]],
            "REFLECT",
            r"pad: paddings \(4, 0\) for axis 0 of size 4 must be at most 3 in REFLECT",
        ),
        ([[0, 5]], "SYMMETRIC", r"pad: paddings \(0, 5\) .* at most 4 in SYMMETRIC"),
        ([[-1, 0]], "CONSTANT", r"pad: paddings must be non-negative"),
        (
            [[1, 1], [1, 1]],
            "CONSTANT",
            r"pad: paddings must have one \(before, after\) pair per axis",
        ),
        ([1, 1], "CONSTANT", r"pad: paddings must have shape \(rank, 2\)"),
        ([[1, 1]], "WRAP", r"pad: mode must be 'CONSTANT', 'REFLECT' or 'SYMMETRIC'"),
    ],
)
def test_pad_errors(paddings, mode, match):
    with pytest.raises(ValueError, match=match):
        ops.pad(tensor(np.zeros(4)), paddings, mode=mode)


# ---- composed helpers: meshgrid, tensordot, shape/size/rank ------------------------------


@pytest.mark.parametrize("indexing", ["xy", "ij"])
@pytest.mark.parametrize("lengths", [(3,), (3, 4), (2, 3, 4)])
def test_meshgrid(indexing, lengths):
    xs = [rand((n,)) for n in lengths]
    grids = ops.meshgrid(*[tensor(x) for x in xs], indexing=indexing)
    for grid, expected in zip(grids, np.meshgrid(*xs, indexing=indexing)):
        assert_exact(grid, expected)


def test_meshgrid_gradient_and_errors():
    check_gradient(
        lambda a, b: ops.meshgrid(a, b)[0] * ops.meshgrid(a, b)[1], [rand((3,)), rand((2,))]
    )
    with pytest.raises(ValueError, match=r"meshgrid: indexing must be 'xy' or 'ij'"):
        ops.meshgrid([1, 2], indexing="yx")


@pytest.mark.parametrize(
    "a_shape, b_shape, axes",
    [
        ((2, 3, 4), (4, 5), 1),
        ((2, 3, 4), (3, 4, 5), 2),
        ((3, 4), (4, 3), 0),
        ((2, 3, 4), (4, 2, 3), [[1, 2], [2, 0]]),
        ((3, 4), (5, 3), [0, 1]),
        ((3, 4), (4, 5), [-1, 0]),
    ],
)
def test_tensordot(a_shape, b_shape, axes):
    a, b = rand(a_shape), rand(b_shape)
    assert_same(ops.tensordot(tensor(a), tensor(b), axes), np.tensordot(a, b, axes))


def test_tensordot_gradient_and_errors():
    check_gradient(
        lambda a, b: ops.tensordot(a, b, [[0, 2], [1, 0]]), [rand((2, 3, 4)), rand((4, 2))]
    )
    with pytest.raises(ValueError, match=r"tensordot: axis 1 of a \(shape \(2, 3\)\) and axis 0"):
        ops.tensordot(tensor(rand((2, 3))), tensor(rand((4, 2))), 1)
    with pytest.raises(ValueError, match=r"tensordot: axes=3 must be in \[0, 2\]"):
        ops.tensordot(tensor(rand((2, 3))), tensor(rand((3, 2))), 3)


@pytest.mark.parametrize("shape", [(), (0,), (4, 35, 8), (1, 2, 3, 4, 5)])
def test_shape_size_rank(shape):
    x = tensor(rand(shape))
    assert_exact(ops.shape(x), np.array(shape, dtype="int32"))
    assert_exact(ops.shape(x, out_type=nnext.int64), np.array(shape, dtype="int64"))
    assert_exact(ops.size(x), np.array(int(np.prod(shape)), dtype="int32"))
    assert_exact(ops.rank(x), np.array(len(shape), dtype="int32"))


def test_shuffle_permutes_the_first_axis():
    x = np.arange(40).reshape(20, 2)
    shuffled = ops.shuffle(tensor(x), seed=3).numpy()
    assert sorted(shuffled[:, 0].tolist()) == x[:, 0].tolist()
    np.testing.assert_array_equal(shuffled[:, 1], shuffled[:, 0] + 1)
    with pytest.raises(ValueError, match=r"shuffle: value must have rank >= 1"):
        ops.shuffle(tensor(np.float32(1)))
