"""nnext.data (the tf.data API): element order, shapes, specs and cardinality against the
documented examples of the tf.data API and guide, and the errors TensorFlow raises.
(Iteration, memory, threads and the comparison with TensorFlow: test_data_runtime.py.)"""

import itertools
import threading
import time

import numpy as np
import pytest
from helpers import dataset_values as values

import nnext.data
from nnext import _core, creation, dtypes
from nnext import random as nrandom
from nnext.data import AUTOTUNE, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY, Dataset
from nnext.data.errors import InvalidArgumentError
from nnext.tensor_spec import TensorSpec


def fill(x):
    return creation.fill([int(x)], x)


# -- sources ---------------------------------------------------------------------------------


def test_from_tensor_slices_structures():
    assert values(Dataset.from_tensor_slices([1, 2, 3])) == [1, 2, 3]
    assert values(Dataset.from_tensor_slices([[1, 2], [3, 4]])) == [[1, 2], [3, 4]]
    assert values(Dataset.from_tensor_slices(([1, 2], [3, 4], [5, 6]))) == [(1, 3, 5), (2, 4, 6)]
    ds = Dataset.from_tensor_slices({"a": [1, 2], "b": [[3.0], [4.0]]})
    assert values(ds) == [{"a": 1, "b": [3.0]}, {"a": 2, "b": [4.0]}]
    assert ds.element_spec == {
        "a": TensorSpec((), dtypes.int32),
        "b": TensorSpec((1,), dtypes.float32),
    }


def test_from_tensor_slices_keeps_numpy_dtypes_and_yields_tensors():
    x = np.arange(6, dtype=np.float64).reshape(3, 2)
    ds = Dataset.from_tensor_slices((x, np.array([True, False, True])))
    first = next(iter(ds))
    assert isinstance(first[0], _core.Tensor) and first[0].dtype == dtypes.float64
    assert first[1].dtype == dtypes.bool
    assert ds.element_spec == (TensorSpec((2,), dtypes.float64), TensorSpec((), dtypes.bool))


def test_from_tensor_slices_errors():
    with pytest.raises(ValueError, match="Dimensions 3 and 2 are not compatible"):
        Dataset.from_tensor_slices((np.zeros(3), np.zeros(2)))
    with pytest.raises(ValueError, match="only supported for rank >= 1"):
        Dataset.from_tensor_slices(np.float32(1.0))
    with pytest.raises(ValueError, match="should not be empty"):
        Dataset.from_tensor_slices(())


def test_from_tensors_is_one_element():
    ds = Dataset.from_tensors(([1, 2, 3], False))
    assert len(ds) == 1
    assert values(ds) == [([1, 2, 3], False)]


def test_range_like_python_range():
    assert values(Dataset.range(5)) == [0, 1, 2, 3, 4]
    assert values(Dataset.range(2, 5)) == [2, 3, 4]
    assert values(Dataset.range(1, 5, 2)) == [1, 3]
    assert values(Dataset.range(1, 5, -2)) == []
    assert values(Dataset.range(5, 1, -2)) == [5, 3]
    assert Dataset.range(3).element_spec == TensorSpec((), dtypes.int64)
    assert Dataset.range(3, output_type=dtypes.int32).element_spec.dtype == dtypes.int32


def test_from_generator_with_output_signature():
    def gen():
        for i in itertools.count(1):
            yield (i, [1] * i)

    ds = Dataset.from_generator(
        gen,
        output_signature=(TensorSpec((), dtypes.int32), TensorSpec((None,), dtypes.int32)),
    )
    assert values(ds.take(2)) == [(1, [1]), (2, [1, 1])]
    assert ds.cardinality().numpy() == UNKNOWN_CARDINALITY
    assert values(ds.take(2)) == [(1, [1]), (2, [1, 1])]  # the generator is called again


def test_from_generator_legacy_types_and_args():
    ds = Dataset.from_generator(lambda n: iter(range(n)), output_types=dtypes.int64, args=(3,))
    assert ds.element_spec == TensorSpec(None, dtypes.int64)
    assert values(ds) == [0, 1, 2]
    ds = Dataset.from_generator(
        lambda: iter([(1.5, [1, 2])]),
        output_types=(dtypes.float32, dtypes.int64),
        output_shapes=((), (2,)),
    )
    assert ds.element_spec == (TensorSpec((), dtypes.float32), TensorSpec((2,), dtypes.int64))


def test_from_generator_errors():
    with pytest.raises(TypeError, match="`generator` must be a Python callable"):
        Dataset.from_generator(iter([1]), output_types=dtypes.int32)
    with pytest.raises(TypeError, match="output_signature"):
        Dataset.from_generator(lambda: iter([]))
    shape_ds = Dataset.from_generator(
        lambda: iter([[1, 2, 3]]), output_signature=TensorSpec((2,), dtypes.int32)
    )
    with pytest.raises(ValueError, match=r"yielded an element of shape \(3,\) where an element"):
        list(shape_ds)
    structure_ds = Dataset.from_generator(
        lambda: iter([1]),
        output_signature=(TensorSpec((), dtypes.int32), TensorSpec((), dtypes.int32)),
    )
    with pytest.raises(TypeError, match="did not match the expected structure"):
        list(structure_ds)
    type_ds = Dataset.from_generator(
        lambda: iter([[[1], [2, 3]]]), output_signature=TensorSpec(None, dtypes.float32)
    )
    with pytest.raises(TypeError, match="could not be converted to the expected type"):
        list(type_ds)


def test_zip_and_concatenate():
    a, b = Dataset.range(1, 4), Dataset.range(4, 7)
    assert values(Dataset.zip(a, b)) == [(1, 4), (2, 5), (3, 6)]
    assert values(Dataset.zip((b, a))) == [(4, 1), (5, 2), (6, 3)]
    c = Dataset.range(7, 13).batch(2)
    assert values(Dataset.zip(a, b, c)) == [(1, 4, [7, 8]), (2, 5, [9, 10]), (3, 6, [11, 12])]
    assert values(Dataset.zip(a, Dataset.range(13, 15))) == [(1, 13), (2, 14)]
    assert values(Dataset.zip({"x": a, "y": b}).take(1)) == [{"x": 1, "y": 4}]
    assert len(Dataset.zip(a, Dataset.range(13, 15))) == 2
    assert values(a.concatenate(Dataset.range(4, 8))) == [1, 2, 3, 4, 5, 6, 7]
    with pytest.raises(TypeError, match="Incompatible dataset elements"):
        a.concatenate(Dataset.zip(a, b))
    with pytest.raises(TypeError, match="Python `list` is not supported"):
        Dataset.zip((a, [1, 2]))


def test_concatenate_relaxes_shapes():
    a = Dataset.from_tensor_slices(np.zeros((2, 3)))
    b = Dataset.from_tensor_slices(np.zeros((2, 4)))
    assert a.concatenate(b).element_spec == TensorSpec((None,), dtypes.float64)


# -- batching --------------------------------------------------------------------------------


def test_batch_order_shapes_and_specs():
    assert values(Dataset.range(8).batch(3)) == [[0, 1, 2], [3, 4, 5], [6, 7]]
    assert values(Dataset.range(8).batch(3, drop_remainder=True)) == [[0, 1, 2], [3, 4, 5]]
    assert Dataset.range(8).batch(3).element_spec == TensorSpec((None,), dtypes.int64)
    assert Dataset.range(8).batch(3, True).element_spec == TensorSpec((3,), dtypes.int64)
    assert len(Dataset.range(8).batch(3)) == 3
    assert len(Dataset.range(8).batch(3, drop_remainder=True)) == 2


def test_batch_of_slices_is_one_view_or_one_gather():
    x = np.arange(40, dtype=np.float32).reshape(10, 4)
    batches = list(Dataset.from_tensor_slices(x).batch(4))
    assert [tuple(b.shape) for b in batches] == [(4, 4), (4, 4), (2, 4)]
    assert np.shares_memory(batches[0].numpy(), x)  # a slice of the source, no copy
    shuffled = list(Dataset.from_tensor_slices(x).shuffle(10, seed=1).batch(4))
    rows = np.concatenate([b.numpy() for b in shuffled])[:, 0] / 4
    assert sorted(rows.tolist()) == list(range(10)) and rows.tolist() != list(range(10))


def test_batch_gathers_what_element_by_element_stacking_gives():
    x = np.random.default_rng(0).random((23, 3)).astype(np.float32)
    y = np.arange(23)
    gathered = Dataset.from_tensor_slices((x, y)).shuffle(7, seed=5).repeat(2).batch(5)
    stacked = Dataset.from_tensor_slices((x, y)).shuffle(7, seed=5).repeat(2)
    stacked = stacked.map(lambda a, b: (a, b)).batch(5)
    for (gx, gy), (sx, sy) in zip(gathered, stacked, strict=True):
        np.testing.assert_array_equal(gx.numpy(), sx.numpy())
        np.testing.assert_array_equal(gy.numpy(), sy.numpy())


def test_batch_of_different_shapes_fails():
    ds = Dataset.range(1, 4).map(fill).batch(2)
    with pytest.raises(InvalidArgumentError, match="Cannot batch tensors with different shapes"):
        list(ds)


def test_padded_batch_documented_example():
    a = Dataset.range(1, 5, output_type=dtypes.int32).map(fill)
    assert values(a) == [[1], [2, 2], [3, 3, 3], [4, 4, 4, 4]]
    assert values(a.padded_batch(2)) == [[[1, 0], [2, 2]], [[3, 3, 3, 0], [4, 4, 4, 4]]]
    assert values(a.padded_batch(2, padded_shapes=5)) == [
        [[1, 0, 0, 0, 0], [2, 2, 0, 0, 0]],
        [[3, 3, 3, 0, 0], [4, 4, 4, 4, 0]],
    ]
    assert values(a.padded_batch(2, padded_shapes=5, padding_values=-1))[0] == [
        [1, -1, -1, -1, -1],
        [2, 2, -1, -1, -1],
    ]
    assert a.padded_batch(2, padded_shapes=5).element_spec == TensorSpec((None, 5), dtypes.int32)
    with pytest.raises(InvalidArgumentError, match="pad to a smaller size"):
        list(a.padded_batch(2, padded_shapes=3))


def test_unbatch_and_rebatch():
    assert values(Dataset.from_tensor_slices([[1, 2], [3, 4]]).unbatch()) == [1, 2, 3, 4]
    ds = Dataset.range(8).batch(4)
    assert values(ds.unbatch()) == list(range(8))
    assert values(ds.rebatch(2)) == [[0, 1], [2, 3], [4, 5], [6, 7]]
    assert values(ds.rebatch([2, 1, 1])) == [[0, 1], [2], [3], [4, 5], [6], [7]]
    assert values(Dataset.range(7).batch(3).rebatch(2, drop_remainder=True)) == [
        [0, 1],
        [2, 3],
        [4, 5],
    ]
    assert Dataset.range(8).batch(4, True).unbatch().cardinality().numpy() == 8
    with pytest.raises(ValueError, match="Cannot unbatch an input with scalar components"):
        Dataset.range(3).unbatch()


def test_window_documented_examples():
    def windows(ds):
        return [values(w) for w in ds]

    assert windows(Dataset.range(7).window(3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert windows(Dataset.range(7).window(3, drop_remainder=True)) == [[0, 1, 2], [3, 4, 5]]
    assert windows(Dataset.range(7).window(3, shift=2, drop_remainder=True)) == [
        [0, 1, 2],
        [2, 3, 4],
        [4, 5, 6],
    ]
    assert windows(Dataset.range(7).window(3, shift=1, stride=2, drop_remainder=True)) == [
        [0, 2, 4],
        [1, 3, 5],
        [2, 4, 6],
    ]
    assert len(Dataset.range(7).window(3, shift=2)) == 4
    assert len(Dataset.range(7).window(3, shift=1, stride=2, drop_remainder=True)) == 3
    flat = Dataset.range(7).window(3, shift=2, drop_remainder=True).flat_map(lambda w: w.batch(3))
    assert values(flat) == [[0, 1, 2], [2, 3, 4], [4, 5, 6]]
    pairs = Dataset.zip(Dataset.range(4), Dataset.range(4, 8)).window(2)
    a, b = next(iter(pairs))
    assert values(a) == [0, 1] and values(b) == [4, 5]
    with pytest.raises(InvalidArgumentError, match="Window size must be greater than zero"):
        Dataset.range(3).window(0)


@pytest.mark.parametrize("batch_size", [0, -3])
def test_batch_size_must_be_positive(batch_size):
    with pytest.raises(InvalidArgumentError, match="batch_size must be greater than zero"):
        Dataset.range(3).batch(batch_size)
    assert issubclass(InvalidArgumentError, ValueError)


# -- order and selection ---------------------------------------------------------------------


def test_repeat_take_skip_counts():
    assert values(Dataset.range(3).repeat(3)) == [0, 1, 2] * 3
    assert values(Dataset.range(3).repeat().take(7)) == [0, 1, 2, 0, 1, 2, 0]
    assert values(Dataset.range(10).take(3)) == [0, 1, 2]
    assert values(Dataset.range(10).take(-1)) == list(range(10))
    assert values(Dataset.range(10).skip(7)) == [7, 8, 9]
    assert values(Dataset.range(10).skip(-1)) == []
    assert values(Dataset.range(0).repeat()) == []  # an empty dataset repeated stays empty
    x = np.arange(5)
    assert values(Dataset.from_tensor_slices(x).repeat(2).skip(3).take(4)) == [3, 4, 0, 1]


def test_shard_documented_example():
    assert values(Dataset.range(10).shard(num_shards=3, index=0)) == [0, 3, 6, 9]
    assert values(Dataset.range(10).shard(num_shards=3, index=1)) == [1, 4, 7]
    assert values(Dataset.range(10).shard(num_shards=3, index=2)) == [2, 5, 8]
    sliced = Dataset.from_tensor_slices(np.arange(10)).repeat(2).shard(3, 1)
    assert values(sliced) == [1, 4, 7, 0, 3, 6, 9]
    assert [len(Dataset.range(10).shard(3, i)) for i in range(3)] == [4, 3, 3]
    with pytest.raises(InvalidArgumentError, match="Index must be between 0 and 2"):
        Dataset.range(10).shard(3, 3)
    with pytest.raises(InvalidArgumentError, match="Number of shards must be greater than zero"):
        Dataset.range(10).shard(0, 0)


def test_cardinality_documented_examples():
    ds = Dataset.range(42)
    assert ds.cardinality().numpy() == 42
    assert ds.repeat().cardinality().numpy() == INFINITE_CARDINALITY
    assert ds.filter(lambda x: True).cardinality().numpy() == UNKNOWN_CARDINALITY
    assert nnext.data.experimental.cardinality(ds.take(5)) == 5
    assert ds.repeat().take(5).cardinality().numpy() == 5
    assert ds.repeat(0).cardinality().numpy() == 0
    assert ds.batch(10).repeat(2).cardinality().numpy() == 10
    assert INFINITE_CARDINALITY == -1 and UNKNOWN_CARDINALITY == -2
    assert nnext.data.experimental.INFINITE_CARDINALITY == -1
    assert nnext.data.AUTOTUNE == nnext.data.experimental.AUTOTUNE == -1
    with pytest.raises(TypeError, match="The dataset is infinite"):
        len(ds.repeat())
    with pytest.raises(TypeError, match="The dataset length is unknown"):
        len(ds.filter(lambda x: x > 3))
    assert bool(Dataset.range(0))


def test_enumerate_documented_example():
    ds = Dataset.from_tensor_slices([1, 2, 3]).enumerate(start=5)
    assert values(ds) == [(5, 1), (6, 2), (7, 3)]
    assert ds.element_spec == (TensorSpec((), dtypes.int64), TensorSpec((), dtypes.int32))


@pytest.mark.parametrize(
    "make",
    [
        lambda: Dataset.range(100),
        lambda: Dataset.from_tensor_slices(np.arange(100, dtype=np.int64)),
    ],
    ids=["elements", "index_plan"],
)
def test_shuffle_is_a_bounded_buffer(make):
    out = values(make().shuffle(10, seed=4))
    assert sorted(out) == list(range(100))
    # The element at position i can only come from the first i + 10 inputs.
    assert all(v < i + 10 for i, v in enumerate(out))
    assert values(make().shuffle(1)) == list(range(100))
    assert values(make().shuffle(10, seed=4)) == out  # same seed, same order
    assert values(make().shuffle(10, seed=5)) != out


@pytest.mark.parametrize(
    "make",
    [
        lambda: Dataset.range(50),
        lambda: Dataset.from_tensor_slices(np.arange(50, dtype=np.int64)),
    ],
    ids=["elements", "index_plan"],
)
def test_shuffle_reshuffle_each_iteration(make):
    ds = make().shuffle(50, seed=2)
    first, second = values(ds), values(ds)
    assert first != second and sorted(first) == sorted(second) == list(range(50))
    fixed = make().shuffle(50, seed=2, reshuffle_each_iteration=False)
    assert values(fixed) == values(fixed) == first
    repeated = values(make().shuffle(50, seed=2).repeat(2))
    assert repeated[:50] == first and repeated[50:] == second


def test_shuffle_covering_the_data_is_uniform():
    """Each position holds each of 4 values a quarter of the time (a full buffer)."""
    counts = np.zeros((4, 4))
    ds = Dataset.from_tensor_slices(np.arange(4, dtype=np.int64)).shuffle(4, seed=0)
    for _ in range(4000):
        for position, v in enumerate(values(ds)):
            counts[position, v] += 1
    np.testing.assert_allclose(counts / 4000, 0.25, atol=0.03)


def test_shuffle_without_seed_follows_the_global_seed():
    nrandom.set_seed(7)
    first = values(Dataset.range(30).shuffle(30))
    nrandom.set_seed(7)
    assert values(Dataset.range(30).shuffle(30)) == first


@pytest.mark.parametrize("buffer_size", [0, -5])
def test_shuffle_buffer_must_be_positive(buffer_size):
    with pytest.raises(InvalidArgumentError, match="buffer_size must be greater than zero"):
        Dataset.range(3).shuffle(buffer_size)


# -- functions -------------------------------------------------------------------------------


def test_map_unpacks_tuples_and_converts_results():
    ds = Dataset.from_tensor_slices(([1, 2], [10, 20])).map(lambda a, b: [a + b, a * b])
    assert values(ds) == [(11, 10), (22, 40)]
    ds = Dataset.from_tensor_slices({"a": [1, 2]}).map(lambda d: d["a"] * 3)
    assert values(ds) == [3, 6]
    assert Dataset.range(5).map(lambda x: (x, 2.5)).element_spec == (
        TensorSpec((), dtypes.int64),
        TensorSpec((), dtypes.float32),
    )


@pytest.mark.parametrize("num_parallel_calls", [2, 4, AUTOTUNE])
def test_parallel_map_keeps_order(num_parallel_calls):
    def slow_square(x):
        time.sleep(0.001 * (int(x) % 3))  # later elements may finish first
        return x * x

    ds = Dataset.range(40).map(slow_square, num_parallel_calls=num_parallel_calls)
    assert values(ds) == [i * i for i in range(40)]
    unordered = Dataset.range(40).map(slow_square, num_parallel_calls=4, deterministic=False)
    assert sorted(values(unordered)) == [i * i for i in range(40)]


def test_parallel_map_runs_calls_at_the_same_time():
    both_inside = threading.Barrier(2, timeout=10)

    def meet(x):
        both_inside.wait()  # never returns unless two calls run at once
        return x

    assert values(Dataset.range(4).map(meet, num_parallel_calls=2)) == [0, 1, 2, 3]


def test_ignore_errors_drops_failed_elements():
    def invert(x):
        if int(x) % 3 == 0:
            raise ZeroDivisionError("no inverse")
        return 1.0 / float(x)

    for calls in (None, 2):
        ds = Dataset.range(1, 8).map(invert, num_parallel_calls=calls).ignore_errors()
        np.testing.assert_allclose(values(ds), [1, 1 / 2, 1 / 4, 1 / 5, 1 / 7], rtol=1e-6)


def test_filter_take_while_unique():
    assert values(Dataset.from_tensor_slices([1, 2, 3]).filter(lambda x: x < 3)) == [1, 2]
    assert values(Dataset.range(10).take_while(lambda x: x < 5)) == [0, 1, 2, 3, 4]
    assert values(Dataset.from_tensor_slices([1, 37, 2, 37, 2, 1]).unique()) == [1, 37, 2]
    with pytest.raises(ValueError, match="must return a `tf.bool` scalar tensor"):
        list(Dataset.range(3).filter(lambda x: x))
    with pytest.raises(TypeError, match="does not support type"):
        Dataset.from_tensor_slices([1.0, 2.0]).unique()


def test_flat_map_interleave_documented_examples():
    ds = Dataset.from_tensor_slices([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    assert values(ds.flat_map(Dataset.from_tensor_slices)) == list(range(1, 10))
    inter = Dataset.range(1, 6).interleave(
        lambda x: Dataset.from_tensors(x).repeat(6), cycle_length=2, block_length=4
    )
    assert values(inter) == [
        1,
        1,
        1,
        1,
        2,
        2,
        2,
        2,
        1,
        1,
        2,
        2,
        3,
        3,
        3,
        3,
        4,
        4,
        4,
        4,
        3,
        3,
        4,
        4,
        5,
        5,
        5,
        5,
        5,
        5,
    ]
    with pytest.raises(TypeError, match="must return a `Dataset` object"):
        list(Dataset.range(2).flat_map(lambda x: x))


def test_reduce_scan_apply_single_element():
    assert int(Dataset.range(5).reduce(np.int64(0), lambda x, _: x + 1)) == 5
    assert int(Dataset.range(5).reduce(np.int64(0), lambda x, y: x + y)) == 10
    scanned = Dataset.range(10).scan(np.int64(0), lambda s, i: (s + i, s + i))
    assert values(scanned) == [0, 1, 3, 6, 10, 15, 21, 28, 36, 45]
    assert values(Dataset.range(100).apply(lambda ds: ds.filter(lambda x: x < 5))) == [
        0,
        1,
        2,
        3,
        4,
    ]
    with pytest.raises(TypeError, match="must return a `tf.data.Dataset`"):
        Dataset.range(3).apply(lambda ds: 3)
    assert int(Dataset.from_tensors(3).get_single_element()) == 3
    with pytest.raises(InvalidArgumentError, match="more than one element"):
        Dataset.range(2).get_single_element()


def test_sample_and_choose_from_datasets():
    choice = Dataset.range(3).repeat(2)
    chosen = Dataset.choose_from_datasets(
        [Dataset.range(0, 3), Dataset.range(10, 13), Dataset.range(20, 23)], choice
    )
    assert values(chosen) == [0, 10, 20, 1, 11, 21]
    mixed = Dataset.sample_from_datasets(
        [Dataset.range(0, 50), Dataset.range(100, 150)], weights=[0.5, 0.5], seed=3
    )
    out = values(mixed)
    assert sorted(out) == list(range(50)) + list(range(100, 150))
    assert [v for v in out if v < 50] == list(range(50))  # each input keeps its order


def test_parallel_interleave_keeps_the_order():
    def make(calls):
        return Dataset.range(1, 6).interleave(
            lambda x: Dataset.from_tensors(x).repeat(6),
            cycle_length=2,
            block_length=4,
            num_parallel_calls=calls,
        )

    assert values(make(AUTOTUNE)) == values(make(None))
    assert repr(make(2)).startswith("<_ParallelInterleaveDataset")
