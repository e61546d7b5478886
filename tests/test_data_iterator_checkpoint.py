"""A tf.data iterator in a tf.train.Checkpoint (nnext/data/checkpointing.py): its position
is saved for pipelines whose passes repeat, and restoring puts it back there."""

import numpy as np

import nnext as tf


def _values(iterator, n):
    return [np.asarray(next(iterator)).tolist() for _ in range(n)]


def test_iterator_position_round_trip(tmp_path):
    ds = tf.data.Dataset.range(30).map(lambda x: x * 2).batch(3)
    iterator = iter(ds)
    ckpt = tf.train.Checkpoint(iterator=iterator)
    assert _values(iterator, 2) == [[0, 2, 4], [6, 8, 10]]
    path = ckpt.save(str(tmp_path / "ckpt"))
    assert dict(tf.train.list_variables(path))["iterator/.ATTRIBUTES/ITERATOR_STATE"] == []
    assert _values(iterator, 3)[0] == [12, 14, 16]
    ckpt.restore(path).assert_consumed()
    assert _values(iterator, 1) == [[12, 14, 16]]
    # A new iterator of the same pipeline in a new Checkpoint continues there too.
    fresh = iter(ds)
    tf.train.Checkpoint(iterator=fresh).restore(path)
    assert _values(fresh, 1) == [[12, 14, 16]]


def test_iterator_restored_at_its_end_is_exhausted(tmp_path):
    iterator = iter(tf.data.Dataset.range(3))
    ckpt = tf.train.Checkpoint(iterator=iterator)
    assert _values(iterator, 3) == [0, 1, 2]
    path = ckpt.save(str(tmp_path / "ckpt"))
    fresh = iter(tf.data.Dataset.range(3))
    tf.train.Checkpoint(iterator=fresh).restore(path)
    assert list(fresh) == []


def test_reshuffled_and_generator_pipelines_are_not_saved(tmp_path):
    shuffled = iter(tf.data.Dataset.range(10).shuffle(10).batch(2))
    generated = iter(tf.data.Dataset.from_generator(lambda: iter(range(3)), tf.int64, ()))
    fixed = iter(tf.data.Dataset.range(10).shuffle(10, seed=1, reshuffle_each_iteration=False))
    path = tf.train.Checkpoint(a=shuffled, b=generated, c=fixed).save(str(tmp_path / "ckpt"))
    keys = [k for k, _ in tf.train.list_variables(path)]
    assert keys == ["c/.ATTRIBUTES/ITERATOR_STATE", "save_counter/.ATTRIBUTES/VARIABLE_VALUE"]
