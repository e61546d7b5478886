"""tf.Variable's full constructor (TensorFlow 2.21's arguments and defaults), and
tf.VariableAggregation / tf.VariableSynchronization."""

import pytest

import nnext as tf
from nnext import keras


def test_enums_have_tensorflows_members_and_values():
    assert [(m.name, m.value) for m in tf.VariableAggregation] == [
        ("NONE", 0),
        ("SUM", 1),
        ("MEAN", 2),
        ("ONLY_FIRST_REPLICA", 3),
    ]
    assert [(m.name, m.value) for m in tf.VariableSynchronization] == [
        ("AUTO", 0),
        ("NONE", 1),
        ("ON_WRITE", 2),
        ("ON_READ", 3),
    ]


def test_defaults_and_kept_options():
    v = tf.Variable(1.0)
    assert v.trainable is True  # trainable=None is True, as TensorFlow
    assert v.aggregation == tf.VariableAggregation.NONE
    assert v.synchronization == tf.VariableSynchronization.AUTO and v.constraint is None
    clip = tf.Variable(
        [2.0, -1.0],
        constraint=lambda x: tf.clip_by_value(x, 0.0, 1.0),
        aggregation=tf.VariableAggregation.MEAN,
        synchronization=tf.VariableSynchronization.ON_WRITE,
        validate_shape=True,
        caching_device="/cpu:0",
        shape=(2,),
        name="clipped",
    )
    assert clip.name == "clipped:0" and clip.aggregation == tf.VariableAggregation.MEAN
    assert clip.constraint(clip).numpy().tolist() == [1.0, 0.0]


def test_on_read_variables_are_not_trainable():
    v = tf.Variable(0, synchronization=tf.VariableSynchronization.ON_READ)
    assert v.trainable is False
    with pytest.raises(ValueError, match="ON_READ only for non-trainable variables"):
        tf.Variable(0, trainable=True, synchronization=tf.VariableSynchronization.ON_READ)


def test_bad_options_raise_value_error():
    with pytest.raises(ValueError, match="constraint` must be None or a callable"):
        tf.Variable(1.0, constraint=3)
    with pytest.raises(ValueError, match="Invalid variable aggregation mode"):
        tf.Variable(1.0, aggregation="mean")
    with pytest.raises(ValueError, match="not compatible with the explicitly supplied `shape`"):
        tf.Variable([1.0, 2.0], shape=(3,))
    with pytest.raises(ValueError, match="variable_def"):
        tf.Variable(variable_def=object())


def test_keras_variables_keep_keras_string_options():
    v = keras.Variable(1.0, aggregation="mean", synchronization="on_read", trainable=False)
    assert (v.aggregation, v.synchronization, v.constraint) == ("mean", "on_read", None)
    layer = keras.layers.Dense(2, kernel_constraint="non_neg")
    layer.build((None, 3))
    assert isinstance(layer.kernel.constraint, keras.constraints.NonNeg)
    with pytest.raises(ValueError, match="Invalid value for attribute `constraint`"):
        v.constraint = 3
