"""Fixes found while porting the TensorFlow guides to tests/programs (tf_random_numbers.py
and the others): TensorFlow's device names and tf.config aliases the guides use."""

import pytest

import nnext as tf


@pytest.mark.parametrize("name", ["cpu", "CPU", "/cpu", "gpu", "/GPU", "/job:localhost/cpu"])
def test_device_takes_a_bare_device_type(name):
    # TensorFlow's parser takes a device type without an index, in either case
    # (the random-numbers guide: `with tf.device("cpu"):`).
    with tf.device(name):
        x = tf.constant([1.0, 2.0]) * 2
    assert x.numpy().tolist() == [2.0, 4.0]
    assert x.device.endswith("CPU:0")


@pytest.mark.parametrize("name", ["foo", "cpu:x", "/device:cpu", "job"])
def test_device_still_rejects_unknown_parts(name):
    with pytest.raises(ValueError):
        tf.device(name)


def test_virtual_device_configuration_aliases():
    # TensorFlow exports the logical-device functions under their older experimental names.
    cpu = tf.config.list_physical_devices("CPU")[0]
    config = [
        tf.config.experimental.VirtualDeviceConfiguration(),
        tf.config.experimental.VirtualDeviceConfiguration(),
    ]
    assert tf.config.experimental.VirtualDeviceConfiguration is tf.config.LogicalDeviceConfiguration
    tf.config.experimental.set_virtual_device_configuration(cpu, config)
    assert tf.config.experimental.get_virtual_device_configuration(cpu) == config
    assert tf.config.get_logical_device_configuration(cpu) == config
    with pytest.raises(ValueError):
        tf.config.experimental.set_virtual_device_configuration("not a device", config)


def test_function_with_a_python_if_on_a_tensor_returns_tensors():
    # AutoGraph makes such an `if` a tf.cond: a branch's Python number becomes a tensor
    # (the graphs guide's simple_relu).
    def simple_relu(x):
        if tf.greater(x, 0):
            return x
        else:
            return 0

    relu = tf.function(simple_relu)
    positive, negative = relu(tf.constant(3)), relu(tf.constant(-1))
    assert isinstance(negative, tf.Tensor) and negative.dtype == tf.int32
    assert positive.numpy() == 3 and negative.numpy() == 0
    pair = tf.function(lambda x: (x, 1.5) if tf.reduce_all(x > 0) else (x, -1.5))
    out = pair(tf.constant([1.0]))
    assert isinstance(out[1], tf.Tensor) and float(out[1]) == 1.5


def test_function_without_tensor_branching_keeps_python_outputs():
    @tf.function
    def f(x, n):
        if n > 1:  # a Python value: no tf.cond
            return x * 2, n
        return x, n

    out = f(tf.constant(2.0), 3)
    assert float(out[0]) == 4.0 and out[1] == 3 and type(out[1]) is int
