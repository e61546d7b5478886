"""What the "Transfer learning & fine-tuning" guide's pipeline relies on: an in-memory
`cache()` is complete once it holds as many elements as its input is known to have, without a
call past the end (TensorFlow 2.21's MemoryWriterIterator in cache_dataset_ops.cc finalizes
"because its size matches the expected input cardinality"), so `fit`, which reads exactly
`cardinality` batches an epoch, runs the pipeline once rather than every epoch."""

import numpy as np

from nnext import keras
from nnext.data import Dataset


def counted(n):
    calls = []

    def count(x):
        calls.append(int(x))
        return x

    return Dataset.range(n).map(count), calls


def test_a_pass_of_cardinality_elements_completes_the_cache():
    ds, calls = counted(3)
    ds = ds.cache()
    it = iter(ds)
    assert [int(next(it)) for _ in range(3)] == [0, 1, 2]  # never asks for a fourth
    del it
    assert [int(x) for x in ds] == [0, 1, 2]
    assert calls == [0, 1, 2]


def test_a_partial_pass_still_records_nothing():
    ds, calls = counted(3)
    ds = ds.cache()
    it = iter(ds)
    next(it), next(it)
    del it
    assert [int(x) for x in ds] == [0, 1, 2]
    assert [int(x) for x in ds] == [0, 1, 2]
    assert calls == [0, 1, 0, 1, 2]


def test_an_input_of_unknown_size_completes_at_its_end():
    ds, calls = counted(4)
    ds = ds.filter(lambda x: x % 2 == 0).cache()  # unknown cardinality
    assert [int(x) for x in ds] == [0, 2]
    assert [int(x) for x in ds] == [0, 2]
    assert calls == [0, 1, 2, 3]


def test_fit_runs_a_cached_pipeline_once():
    calls = []

    def load(i):
        calls.append(int(i))
        return np.full((2,), float(i), "float32"), np.float32(i)

    ds = Dataset.range(6).map(load).batch(2).cache()
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(ds, epochs=3, verbose=0, shuffle=False)
    assert sorted(calls) == list(range(6))
