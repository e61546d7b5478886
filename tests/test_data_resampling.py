"""tf.data.experimental.Counter / Dataset.counter and rejection_resample (used by the
tf.data guide program, tests/programs/tf_data_pipelines.py)."""

import numpy as np
import pytest

import nnext as tf


def test_counter():
    counter = tf.data.experimental.Counter()
    assert counter.element_spec == tf.TensorSpec((), tf.int64)
    assert counter.cardinality() == tf.data.INFINITE_CARDINALITY
    assert [int(x) for x in counter.take(3)] == [0, 1, 2]
    assert [int(x) for x in tf.data.Dataset.counter(10, -3, tf.int32).take(3)] == [10, 7, 4]
    # Zipped with a finite dataset: it numbers the elements, and restarts each iteration.
    ds = tf.data.Dataset.zip((counter, tf.data.Dataset.range(5, 8)))
    assert [(int(a), int(b)) for a, b in ds] == [(0, 5), (1, 6), (2, 7)]
    assert [int(a) for a, _ in ds] == [0, 1, 2]


def _imbalanced(n=4000, p=0.1, seed=0):
    labels = (np.random.default_rng(seed).uniform(size=n) < p).astype(np.int64)
    return tf.data.Dataset.from_tensor_slices((np.arange(n), labels)), labels


@pytest.mark.parametrize("initial", [[0.9, 0.1], None])
def test_rejection_resample_balances(initial):
    ds, labels = _imbalanced()
    resampler = tf.data.experimental.rejection_resample(
        lambda i, label: label, target_dist=[0.5, 0.5], initial_dist=initial, seed=3
    )
    out = list(ds.apply(resampler).take(600))
    classes = np.array([int(c) for c, _ in out])
    pairs = [(int(i), int(label)) for _, (i, label) in out]
    assert all(c == label for c, (_, label) in zip(classes, pairs))
    assert all(labels[i] == label for i, label in pairs)  # elements unchanged
    assert 0.4 < classes.mean() < 0.6, classes.mean()


def test_dataset_rejection_resample_method_and_spec():
    ds = tf.data.Dataset.range(1000)
    resampled = ds.rejection_resample(
        lambda x: tf.cast(x % 4 == 0, tf.int32), target_dist=[0.5, 0.5], seed=1
    )
    spec = resampled.element_spec
    assert spec == (tf.TensorSpec((), tf.int32), tf.TensorSpec((), tf.int64))
    data = resampled.map(lambda cls, x: x)
    values = np.array([int(x) for x in data.take(300)])
    assert 0.4 < np.mean(values % 4 == 0) < 0.6
    # The target equal to the input distribution keeps every element, in order.
    kept = ds.rejection_resample(lambda x: x % 2, [0.5, 0.5], initial_dist=[0.5, 0.5])
    assert [int(x) for _, x in kept.take(5)] == [0, 1, 2, 3, 4]


def test_rejection_resample_rejects_bad_distributions():
    ds = tf.data.Dataset.range(3)
    with pytest.raises(ValueError, match="target_dist"):
        ds.rejection_resample(lambda x: x, [0.5, 0.6])
    with pytest.raises(ValueError, match="same shape"):
        ds.rejection_resample(lambda x: x, [0.5, 0.5], initial_dist=[0.2, 0.3, 0.5])
