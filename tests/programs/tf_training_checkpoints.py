"""TensorFlow guide "Training checkpoints": tf.train.Checkpoint and CheckpointManager
over a Keras model, its optimizer and a dataset iterator; training, saving every ten
steps, then a new model and manager picking up where the first left off (restoring into
layers and optimizer slots created later); loading mechanics (restoring one bias through
stand-in Checkpoint objects, delayed restoration), reading a checkpoint's keys and values,
and list/dict tracking.

Changes from the guide: the checkpoints go to a temporary directory; `save_weights` is
called with Keras 3's `.weights.h5` name, and (as Keras 3 requires) once the model is
built.
"""

import os
import tempfile

import numpy as np

import nnext as tf

os.chdir(tempfile.mkdtemp())


class Net(tf.keras.Model):
    """A simple linear model."""

    def __init__(self):
        super(Net, self).__init__()  # noqa: UP008 - the guide's call
        self.l1 = tf.keras.layers.Dense(5)

    def call(self, x):
        return self.l1(x)


net = Net()

# Saving from tf.keras training APIs. Keras 3 wants a `.weights.h5` name and a built model.
for name in ("easy_checkpoint", "easy_checkpoint.weights.h5"):
    try:
        net.save_weights(name)
    except ValueError as e:
        print(f"ValueError: {e}")
    else:
        raise AssertionError("Keras 3 refuses this save_weights call")


# -- Manual checkpointing ---------------------------------------------------------------
def toy_dataset():
    inputs = tf.range(10.0)[:, None]
    labels = inputs * 5.0 + tf.range(5.0)[None, :]
    return tf.data.Dataset.from_tensor_slices(dict(x=inputs, y=labels)).repeat().batch(2)  # noqa: C408


def train_step(net, example, optimizer):
    """Trains `net` on `example` using `optimizer`."""
    with tf.GradientTape() as tape:
        output = net(example["x"])
        loss = tf.reduce_mean(tf.abs(output - example["y"]))
    variables = net.trainable_variables
    gradients = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(gradients, variables))
    return loss


opt = tf.keras.optimizers.Adam(0.1)
dataset = toy_dataset()
iterator = iter(dataset)
ckpt = tf.train.Checkpoint(step=tf.Variable(1), optimizer=opt, net=net, iterator=iterator)
manager = tf.train.CheckpointManager(ckpt, "./tf_ckpts", max_to_keep=3)

log = []


def train_and_checkpoint(net, manager):
    ckpt.restore(manager.latest_checkpoint)
    if manager.latest_checkpoint:
        print("Restored from {}".format(manager.latest_checkpoint))
    else:
        print("Initializing from scratch.")

    for _ in range(50):
        example = next(iterator)
        loss = train_step(net, example, opt)
        ckpt.step.assign_add(1)
        if int(ckpt.step) % 10 == 0:
            save_path = manager.save()
            print("Saved checkpoint for step {}: {}".format(int(ckpt.step), save_path))
            print("loss {:1.2f}".format(loss.numpy()))
            log.append((int(ckpt.step), save_path, float(loss.numpy())))


train_and_checkpoint(net, manager)
assert [(s, p) for s, p, _ in log] == [(10 * i, f"./tf_ckpts/ckpt-{i}") for i in range(1, 6)]
first_losses = [loss for _, _, loss in log]
assert first_losses[-1] < first_losses[0] / 2, first_losses
net.save_weights("easy_checkpoint.weights.h5")  # built now

# Restore and continue training: a new model, optimizer and manager.
opt = tf.keras.optimizers.Adam(0.1)
net = Net()
dataset = toy_dataset()
iterator = iter(dataset)
ckpt = tf.train.Checkpoint(step=tf.Variable(1), optimizer=opt, net=net, iterator=iterator)
manager = tf.train.CheckpointManager(ckpt, "./tf_ckpts", max_to_keep=3)
assert manager.latest_checkpoint == "./tf_ckpts/ckpt-5"
# The step counter is restored at once; the model's and Adam's variables, created by the
# first step, take the saved values then.
ckpt.restore(manager.latest_checkpoint)
assert int(ckpt.step) == 50
net(tf.zeros([1, 1]))
saved_kernel = tf.train.load_variable(manager.latest_checkpoint, "net/l1/kernel")
np.testing.assert_array_equal(net.l1.kernel.numpy(), saved_kernel)
assert int(opt.iterations) == 49  # ckpt-5 was saved after the 49th step
del log[:]
train_and_checkpoint(net, manager)
assert [(s, p) for s, p, _ in log] == [(10 * i, f"./tf_ckpts/ckpt-{i}") for i in range(6, 11)]
# Training picked up where it left off: the loss goes on from the first run's last.
assert log[0][2] < first_losses[1] and log[-1][2] < first_losses[-1], (first_losses, log)
assert int(opt.iterations) == 49 + 50

print(manager.checkpoints)  # List the three remaining checkpoints
assert manager.checkpoints == ["./tf_ckpts/ckpt-8", "./tf_ckpts/ckpt-9", "./tf_ckpts/ckpt-10"]
print(sorted(os.listdir("./tf_ckpts")))
files = os.listdir("./tf_ckpts")
assert "checkpoint" in files
assert {f.split(".")[0] for f in files} == {"checkpoint", "ckpt-8", "ckpt-9", "ckpt-10"}

# -- Loading mechanics ------------------------------------------------------------------
to_restore = tf.Variable(tf.zeros([5]))
print(to_restore.numpy())  # All zeros
assert not np.any(to_restore.numpy())
fake_layer = tf.train.Checkpoint(bias=to_restore)
fake_net = tf.train.Checkpoint(l1=fake_layer)
new_root = tf.train.Checkpoint(net=fake_net)
status = new_root.restore(tf.train.latest_checkpoint("./tf_ckpts/"))
print(to_restore.numpy())  # This gets the restored value.
np.testing.assert_array_equal(to_restore.numpy(), net.l1.bias.numpy())

status.assert_existing_objects_matched()
# The kernel and the optimizer's variables were not matched: assert_consumed raises.
try:
    status.assert_consumed()
except AssertionError as e:
    print("AssertionError:", str(e)[:100])
else:
    raise AssertionError("assert_consumed must fail on a partial restore")

# Delayed restorations.
delayed_restore = tf.Variable(tf.zeros([1, 5]))
print(delayed_restore.numpy())  # Not restored; still zeros
assert not np.any(delayed_restore.numpy())
fake_layer.kernel = delayed_restore
print(delayed_restore.numpy())  # Restored
np.testing.assert_array_equal(delayed_restore.numpy(), net.l1.kernel.numpy())

# Manually inspecting checkpoints.
reader = tf.train.load_checkpoint("./tf_ckpts/")
shape_from_key = reader.get_variable_to_shape_map()
dtype_from_key = reader.get_variable_to_dtype_map()

keys = sorted(shape_from_key.keys())
print(keys)
assert {
    "net/l1/bias/.ATTRIBUTES/VARIABLE_VALUE",
    "net/l1/kernel/.ATTRIBUTES/VARIABLE_VALUE",
    "save_counter/.ATTRIBUTES/VARIABLE_VALUE",
    "step/.ATTRIBUTES/VARIABLE_VALUE",
    "iterator/.ATTRIBUTES/ITERATOR_STATE",  # the dataset iterator's position
} <= set(keys)
assert any(k.startswith("optimizer/") for k in keys)

key = "net/l1/kernel/.ATTRIBUTES/VARIABLE_VALUE"

print("Shape:", shape_from_key[key])
print("Dtype:", dtype_from_key[key].name)
assert shape_from_key[key] == [1, 5] and dtype_from_key[key].name == "float32"

print(reader.get_tensor(key))
np.testing.assert_array_equal(reader.get_tensor(key), net.l1.kernel.numpy())

# -- List and dictionary tracking -------------------------------------------------------
save = tf.train.Checkpoint()
save.listed = [tf.Variable(1.0)]
save.listed.append(tf.Variable(2.0))
save.mapped = {"one": save.listed[0]}
save.mapped["two"] = save.listed[1]
save_path = save.save("./tf_list_example")

restore = tf.train.Checkpoint()
v2 = tf.Variable(0.0)
assert 0.0 == v2.numpy()  # Not restored yet
restore.mapped = {"two": v2}
restore.restore(save_path)
assert 2.0 == v2.numpy()

restore.listed = []
print(restore.listed)  # ListWrapper([])
assert repr(restore.listed) == "ListWrapper([])"
v1 = tf.Variable(0.0)
restore.listed.append(v1)  # Restores v1, from restore() in the previous cell
assert 1.0 == v1.numpy()
print("training checkpoints guide: OK")
