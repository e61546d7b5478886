"""tf.train.Checkpoint behaviour the TensorFlow guide "Training checkpoints" relies on
(tests/programs/tf_training_checkpoints.py): Keras objects walked by attribute, restores
queued until layers and optimizer slots exist, attributes set after construction, the
lazily created save counter, several paths to one Variable, ListWrapper, and
tf.train.load_checkpoint's reader."""

import numpy as np
import pytest

import nnext as tf
from nnext import keras


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.l1 = keras.layers.Dense(3)

    def call(self, x):
        return self.l1(x)


def _train(net, opt, steps=3):
    x = tf.constant(np.arange(8, dtype=np.float32).reshape(4, 2))
    y = tf.ones([4, 3])
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(net(x) - y))
        grads = tape.gradient(loss, net.trainable_variables)
        opt.apply_gradients(zip(grads, net.trainable_variables))


def test_keras_layers_are_walked_by_attribute(tmp_path):
    net, opt = Net(), keras.optimizers.Adam(0.1)
    _train(net, opt)
    path = tf.train.Checkpoint(net=net, optimizer=opt).save(str(tmp_path / "ckpt"))
    keys = dict(tf.train.list_variables(path))
    assert keys["net/l1/kernel/.ATTRIBUTES/VARIABLE_VALUE"] == [2, 3]
    assert keys["net/l1/bias/.ATTRIBUTES/VARIABLE_VALUE"] == [3]
    # Every Variable once: the model's two, Adam's counter, rate and slots, the counter.
    assert len(keys) == 2 + len(opt.variables) + 1


def test_restore_into_an_unbuilt_model_and_optimizer(tmp_path):
    net, opt = Net(), keras.optimizers.Adam(0.1)
    _train(net, opt)
    path = tf.train.Checkpoint(net=net, optimizer=opt).save(str(tmp_path / "ckpt"))
    fresh, fresh_opt = Net(), keras.optimizers.Adam(0.1)
    status = tf.train.Checkpoint(net=fresh, optimizer=fresh_opt).restore(path)
    with pytest.raises(AssertionError, match="Unresolved object"):
        status.assert_consumed()  # the kernel, bias and slots do not exist yet
    assert int(fresh_opt.iterations) == 3  # restored at once
    fresh(tf.zeros([1, 2]))  # building the layer restores its Variables
    np.testing.assert_array_equal(fresh.l1.kernel.numpy(), net.l1.kernel.numpy())
    np.testing.assert_array_equal(fresh.l1.bias.numpy(), net.l1.bias.numpy())
    fresh_opt.build(fresh.trainable_variables)  # creating the slots restores them
    for got, want in zip(fresh_opt.variables, opt.variables):
        np.testing.assert_array_equal(got.numpy(), want.numpy())
    # Both continue identically.
    _train(net, opt, 2)
    _train(fresh, fresh_opt, 2)
    np.testing.assert_allclose(fresh.l1.kernel.numpy(), net.l1.kernel.numpy(), rtol=1e-6)


def test_stand_in_checkpoints_restore_one_variable(tmp_path):
    net = Net()
    net(tf.ones([1, 2]))
    net.l1.bias.assign([1.0, 2.0, 3.0])
    path = tf.train.Checkpoint(net=net).save(str(tmp_path / "ckpt"))
    bias = tf.Variable(tf.zeros([3]))
    layer = tf.train.Checkpoint(bias=bias)
    root = tf.train.Checkpoint(net=tf.train.Checkpoint(l1=layer))
    status = root.restore(path)
    assert bias.numpy().tolist() == [1.0, 2.0, 3.0]
    status.assert_existing_objects_matched()  # nested Checkpoints have no save counter
    assert "save_counter" not in layer._objects
    kernel = tf.Variable(tf.zeros([2, 3]))
    layer.kernel = kernel  # an attribute set later is tracked and restored
    np.testing.assert_array_equal(kernel.numpy(), net.l1.kernel.numpy())
    assert layer.kernel is kernel


def test_save_counter_is_created_on_first_use(tmp_path):
    v = tf.Variable(1.0)
    ckpt = tf.train.Checkpoint(v=v)
    keys = [k for k, _ in tf.train.list_variables(ckpt.write(str(tmp_path / "w")))]
    assert keys == ["v/.ATTRIBUTES/VARIABLE_VALUE"]
    assert int(ckpt.save_counter) == 0
    path = ckpt.save(str(tmp_path / "s"))
    assert path.endswith("s-1")
    assert "save_counter/.ATTRIBUTES/VARIABLE_VALUE" in dict(tf.train.list_variables(path))
    other = tf.train.Checkpoint(v=tf.Variable(0.0))
    other.restore(path)
    assert int(other.save_counter) == 1


def test_a_variable_restores_through_any_of_its_paths(tmp_path):
    save = tf.train.Checkpoint()
    save.listed = [tf.Variable(1.0)]
    save.listed.append(tf.Variable(2.0))
    save.mapped = {"one": save.listed[0]}
    save.mapped["two"] = save.listed[1]
    path = save.save(str(tmp_path / "lists"))
    assert len(tf.train.list_variables(path)) == 3  # saved once each, plus the counter
    restore = tf.train.Checkpoint()
    v2 = tf.Variable(0.0)
    restore.mapped = {"two": v2}
    restore.restore(path).assert_existing_objects_matched()
    assert float(v2) == 2.0
    restore.listed = []
    assert repr(restore.listed) == "ListWrapper([])"
    v1 = tf.Variable(0.0)
    restore.listed.append(v1)
    assert float(v1) == 1.0 and restore.listed == [v1]
    restore.listed.append(tf.Variable(5.0))  # no value kept for it: left as it is
    assert float(restore.listed[1]) == 5.0


def test_load_checkpoint_reader(tmp_path):
    m = tf.Module()
    m.w = tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3))
    m.n = tf.Variable(3, dtype=tf.int64)
    tf.train.CheckpointManager(tf.train.Checkpoint(m=m), str(tmp_path), 2).save()
    reader = tf.train.load_checkpoint(str(tmp_path))
    key = "m/w/.ATTRIBUTES/VARIABLE_VALUE"
    assert reader.get_variable_to_shape_map()[key] == [2, 3]
    dtypes = reader.get_variable_to_dtype_map()
    assert dtypes[key] == tf.float32 and dtypes["m/n/.ATTRIBUTES/VARIABLE_VALUE"].name == "int64"
    np.testing.assert_array_equal(reader.get_tensor(key), m.w.numpy())
    assert reader.has_tensor(key) and not reader.has_tensor("m/w")
    with pytest.raises(tf.errors.NotFoundError):
        reader.get_tensor("nope")


def test_read_creates_no_save_counter(tmp_path):
    written = tf.train.Checkpoint(v=tf.Variable(3.0)).write(str(tmp_path / "w"))
    target = tf.Variable(0.0)
    reader_ckpt = tf.train.Checkpoint(v=target)
    reader_ckpt.read(written).assert_consumed()  # restore() would leave its counter unmatched
    assert float(target) == 3.0 and "save_counter" not in reader_ckpt._objects
