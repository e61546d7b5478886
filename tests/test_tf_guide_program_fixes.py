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
