"""Graph-era TensorFlow names with their eager meaning (nnext/eager_compat.py), against
TensorFlow's documented eager behaviour."""

import logging
import time

import numpy as np
import pytest

import nnext as tf


def test_no_op_group_tuple_and_contexts():
    assert tf.no_op() is None
    a, b = tf.constant([1.0]), tf.constant([2.0])
    assert tf.group(a, b) is None
    out = tf.tuple([a, b])
    assert isinstance(out, list) and out[0] is a and out[1] is b
    with pytest.raises(TypeError):
        tf.tuple(a)
    calls = []
    with tf.control_dependencies([a, lambda: calls.append(1)]):
        c = a + b
    assert calls == [1] and c.numpy().tolist() == [3.0]
    with tf.init_scope():
        pass
    assert tf.inside_function() is False
    assert tf.is_symbolic_tensor(a) is False


def test_get_static_value_guarantee_const_and_logger():
    v = tf.get_static_value(tf.constant([[1, 2]]))
    assert isinstance(v, np.ndarray) and v.dtype == np.int32 and v.tolist() == [[1, 2]]
    assert tf.get_static_value(3) == 3
    g = tf.guarantee_const([1.0, 2.0])
    assert g.dtype == tf.float32 and g.numpy().tolist() == [1.0, 2.0]
    assert tf.get_logger() is logging.getLogger("tensorflow")


def test_py_function_values_dtypes_and_gradient():
    x = tf.constant(3.0)
    y = tf.py_function(lambda t: t * t, inp=[x], Tout=tf.float32)
    assert y.dtype == tf.float32 and float(y) == 9.0
    pair = tf.py_function(lambda t: (t + 1.0, t - 1.0), [x], [tf.float32, tf.float32])
    assert [float(p) for p in pair] == [4.0, 2.0]
    assert tf.py_function(lambda t: None, [x], []) is None
    with tf.GradientTape() as tape:
        tape.watch(x)
        z = tf.py_function(lambda t: t * t * t, [x], tf.float32)
    assert float(tape.gradient(z, x)) == pytest.approx(27.0)

    @tf.py_function(Tout=tf.float32, inp=[tf.constant([1.0, 2.0])])
    def total(t):
        return tf.reduce_sum(t)

    assert float(total) == 3.0
    with pytest.raises(tf.errors.InvalidArgumentError, match="py_function"):
        tf.py_function(lambda t: t, [x], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="2 outputs"):
        tf.py_function(lambda t: t, [x], [tf.float32, tf.float32])


def test_numpy_function_takes_arrays_and_checks_tout():
    seen = []

    def f(a, b):
        seen.append((type(a), type(b)))
        return np.sort(a) + b

    out = tf.numpy_function(f, [tf.constant([3.0, 1.0, 2.0]), np.float32(1.0)], tf.float32)
    assert seen == [(np.ndarray, np.ndarray)]
    assert out.dtype == tf.float32 and out.numpy().tolist() == [2.0, 3.0, 4.0]
    with pytest.raises(tf.errors.InvalidArgumentError, match="float64"):
        tf.numpy_function(lambda a: a.astype(np.float64), [tf.constant([1.0])], tf.float32)
    assert tf.numpy_function(lambda a: None, [tf.constant(1.0)], []) is None


def test_get_current_name_scope_and_timestamp():
    assert tf.get_current_name_scope() == ""
    with tf.name_scope("outer"):
        assert tf.get_current_name_scope() == "outer"
        with tf.name_scope("inner"):
            assert tf.get_current_name_scope() == "outer/inner"
    assert tf.get_current_name_scope() == ""
    before = time.time()
    stamp = tf.timestamp()
    assert stamp.dtype == tf.float64 and stamp.shape == ()
    assert before - 1.0 <= float(stamp) <= time.time() + 1.0
