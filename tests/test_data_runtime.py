"""nnext.data at run time: the iterator protocol, bounded buffers, background threads that
stop however iteration ends, caching, options; and the same pipelines in TensorFlow where it
is installed."""

import gc
import itertools
import threading
import time

import numpy as np
import pytest
from helpers import dataset_values as values

import nnext.data
from nnext import dtypes
from nnext.data import AUTOTUNE, UNKNOWN_CARDINALITY, Dataset
from nnext.data.errors import InvalidArgumentError, OutOfRangeError
from nnext.tensor_spec import TensorSpec

# -- iteration, memory, threads --------------------------------------------------------------


def test_iterator_protocol():
    it = iter(Dataset.range(2))
    assert it.element_spec == TensorSpec((), dtypes.int64)
    assert int(it.get_next()) == 0 and int(next(it)) == 1
    with pytest.raises(OutOfRangeError):
        it.get_next()
    with pytest.raises(StopIteration):
        next(it)
    ds = Dataset.range(3)
    assert values(ds) == values(ds)  # a dataset can be iterated again


def test_reprs_and_specs():
    assert repr(Dataset.from_tensor_slices([1, 2, 3])) == (
        "<_TensorSliceDataset element_spec=TensorSpec(shape=(), dtype=nnext.int32, name=None)>"
    )
    assert repr(Dataset.range(3).batch(2)).startswith("<_BatchDataset element_spec=")
    spec = TensorSpec((None, 3), dtypes.float32, name="x")
    assert repr(spec) == "TensorSpec(shape=(None, 3), dtype=nnext.float32, name='x')"
    assert spec.is_compatible_with(np.zeros((5, 3), np.float32))
    assert not spec.is_compatible_with(np.zeros((5, 4), np.float32))
    assert not spec.is_compatible_with(np.zeros((5, 3), np.float64))
    assert TensorSpec(None).shape is None and TensorSpec([2]).shape == (2,)
    assert repr(TensorSpec(None)) == "TensorSpec(shape=<unknown>, dtype=nnext.float32, name=None)"


def test_prefetch_memory_is_bounded():
    produced = []

    def gen():
        for i in range(1000):
            produced.append(i)
            yield i

    ds = Dataset.from_generator(gen, output_signature=TensorSpec((), dtypes.int64)).prefetch(3)
    it = iter(ds)
    for _ in range(5):
        next(it)
    time.sleep(0.2)  # let the producer run as far ahead as it may
    # 5 consumed + 3 queued + 1 waiting to be queued.
    assert len(produced) <= 5 + 3 + 1
    it.close()


def test_shuffle_memory_is_bounded():
    produced = []

    def gen():
        for i in itertools.count():
            produced.append(i)
            yield i

    ds = Dataset.from_generator(gen, output_signature=TensorSpec((), dtypes.int64))
    it = iter(ds.shuffle(20, seed=0))
    next(it)
    assert len(produced) == 21  # the buffer's 20 and the one that refills the drawn slot


def _threads_settle(expected, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        gc.collect()
        if threading.active_count() <= expected:
            return True
        time.sleep(0.01)
    return False


@pytest.mark.parametrize("num_parallel_calls", [None, 3])
def test_map_error_reaches_the_user_and_threads_end(num_parallel_calls):
    before = threading.active_count()

    def fail_on_five(x):
        if int(x) == 5:
            raise RuntimeError("element five is bad")
        return x

    ds = Dataset.range(10).map(fail_on_five, num_parallel_calls=num_parallel_calls).prefetch(2)
    seen = []
    with pytest.raises(RuntimeError, match="element five is bad") as info:
        for x in ds:
            seen.append(int(x))
    assert seen == [0, 1, 2, 3, 4]
    assert any(entry.name == "fail_on_five" for entry in info.traceback)
    del info
    gc.collect()
    assert _threads_settle(before)


def test_abandoned_iterations_leave_no_threads():
    before = threading.active_count()
    ds = Dataset.range(100).map(lambda x: x + 1, num_parallel_calls=2).prefetch(2)
    for i in range(1000):
        it = iter(ds)
        for _ in range(1 + i % 5):
            next(it)
        del it  # half read: garbage collection must stop its threads
    assert _threads_settle(before)
    for _ in range(20):  # and a `break` out of a for loop
        for x in ds:
            if int(x) > 3:
                break
    assert _threads_settle(before)


def test_prefetch_overlaps_producer_and_consumer():
    def slow(x):
        time.sleep(0.02)
        return x

    ds = Dataset.range(10).map(slow).prefetch(2)
    start = time.perf_counter()
    for _ in ds:
        time.sleep(0.02)
    overlapped = time.perf_counter() - start
    assert overlapped < 10 * 0.04 * 0.85  # both sleeps in series would take 0.4 s


def test_prefetch_zero_and_autotune():
    assert values(Dataset.range(5).prefetch(0)) == list(range(5))
    assert values(Dataset.range(5).prefetch(AUTOTUNE)) == list(range(5))
    with pytest.raises(InvalidArgumentError, match="buffer_size"):
        Dataset.range(5).prefetch(-3)


def test_cache_in_memory_runs_the_input_once():
    calls = []

    def count(x):
        calls.append(int(x))
        return x

    ds = Dataset.range(4).map(count).cache()
    it = iter(ds)
    next(it)
    del it  # a partial pass records nothing
    assert values(ds) == values(ds) == [0, 1, 2, 3]
    assert calls == [0, 0, 1, 2, 3]


def test_cache_to_file_is_read_by_a_later_pipeline(tmp_path):
    calls = []

    def count(x):
        calls.append(int(x))
        return {"v": x, "pair": (x * 2, 1.5)}

    path = tmp_path / "cache"
    first = values(Dataset.range(3).map(count).cache(str(path)))
    assert len(calls) == 3
    again = values(Dataset.range(3).map(count).cache(str(path)))
    assert again == first and len(calls) == 3
    assert first[1] == {"v": 1, "pair": (2, 1.5)}


def test_options():
    options = nnext.data.Options()
    options.deterministic = False
    options.experimental_distribute.auto_shard_policy = nnext.data.experimental.AutoShardPolicy.OFF
    ds = Dataset.range(3).with_options(options).map(lambda x: x, num_parallel_calls=2)
    assert ds.options().deterministic is False
    assert sorted(values(ds)) == [0, 1, 2]
    with pytest.raises(AttributeError):
        options.not_an_option = 1


def test_keyboard_interrupt_in_the_loop_stops_the_threads():
    before = threading.active_count()
    ds = Dataset.range(1000).map(lambda x: x, num_parallel_calls=2).prefetch(4)
    with pytest.raises(KeyboardInterrupt):
        for x in ds:
            if int(x) == 10:
                raise KeyboardInterrupt
    assert _threads_settle(before)


# -- the same pipelines in TensorFlow, where it is installed ---------------------------------

# Deterministic pipelines written once against a `tf.data`-like module `data`.
PIPELINES = {
    "batch": lambda data: data.Dataset.range(10).batch(3),
    "batch_drop": lambda data: data.Dataset.range(10).batch(3, drop_remainder=True),
    "slices_tuple": lambda data: data.Dataset.from_tensor_slices(
        (np.arange(6).reshape(3, 2), np.arange(3))
    ).batch(2),
    "repeat_take_skip": lambda data: data.Dataset.range(5).repeat(3).skip(4).take(7),
    "shard": lambda data: data.Dataset.range(17).shard(4, 3),
    "unbatch_rebatch": lambda data: data.Dataset.range(10).batch(4).unbatch().batch(3),
    "window_flat_map": lambda data: (
        data.Dataset.range(9).window(4, shift=3).flat_map(lambda w: w.batch(4))
    ),
    "interleave": lambda data: data.Dataset.range(1, 5).interleave(
        lambda x: data.Dataset.range(x).repeat(2), cycle_length=3, block_length=2
    ),
    "filter_map": lambda data: (
        data.Dataset.range(20).filter(lambda x: x % 3 == 0).map(lambda x: (x, x * 2))
    ),
    "enumerate_zip": lambda data: data.Dataset.zip(
        data.Dataset.range(4).enumerate(2), data.Dataset.range(10, 20)
    ),
    "padded_batch": lambda data: data.Dataset.from_tensor_slices(
        [[1, 0, 0], [2, 2, 0], [3, 3, 3]]
    ).padded_batch(2, padded_shapes=(4,), padding_values=-1),
    "shuffle_buffer_1": lambda data: data.Dataset.range(12).shuffle(1).batch(5),
}


@pytest.mark.parametrize("name", sorted(PIPELINES))
def test_pipelines_match_tensorflow(name):
    tf = pytest.importorskip("tensorflow")
    ours = values(PIPELINES[name](nnext.data))
    theirs = [
        tf.nest.map_structure(lambda t: np.asarray(t).tolist(), e)
        for e in PIPELINES[name](tf.data).as_numpy_iterator()
    ]
    assert ours == theirs
    ours_cardinality = int(PIPELINES[name](nnext.data).cardinality())
    assert ours_cardinality == int(PIPELINES[name](tf.data).cardinality())


@pytest.mark.parametrize("name", sorted(PIPELINES))
def test_pipelines_run(name):
    """Every pipeline of the TensorFlow comparison runs here too (the table stays valid)."""
    ds = PIPELINES[name](nnext.data)
    out = values(ds)
    assert out and int(ds.cardinality()) in (len(out), UNKNOWN_CARDINALITY)
