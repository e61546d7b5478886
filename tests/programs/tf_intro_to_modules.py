"""TensorFlow guide "Introduction to modules, layers, and models": tf.Module subclasses with
tracked Variables and sub-modules, lazily built layers, checkpoints written and restored,
and a module whose __call__ is a tf.function.

Changed from the guide: the imports; the checkpoint goes to a temporary directory; the
cells on TensorBoard graph tracing (tf.summary) and tf.saved_model are left out (nnext
lists both in API_EXCLUSIONS.md); the guide's printed outputs become assertions.
"""

import os
import tempfile

import numpy as np

import nnext as tf

os.chdir(tempfile.mkdtemp())


class SimpleModule(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.a_variable = tf.Variable(5.0, name="train_me")
        self.non_trainable_variable = tf.Variable(5.0, trainable=False, name="do_not_train_me")

    def __call__(self, x):
        return self.a_variable * x + self.non_trainable_variable


simple_module = SimpleModule(name="simple")

result = simple_module(tf.constant(5.0))
print(result)
assert float(result) == 30.0

# All trainable variables
print("trainable variables:", simple_module.trainable_variables)
# Every variable
print("all variables:", simple_module.variables)
assert [v.name.split(":")[0] for v in simple_module.trainable_variables] == ["train_me"]
assert len(simple_module.variables) == 2


class Dense(tf.Module):
    def __init__(self, in_features, out_features, name=None):
        super().__init__(name=name)
        self.w = tf.Variable(tf.random.normal([in_features, out_features]), name="w")
        self.b = tf.Variable(tf.zeros([out_features]), name="b")

    def __call__(self, x):
        y = tf.matmul(x, self.w) + self.b
        return tf.nn.relu(y)


class SequentialModule(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)

        self.dense_1 = Dense(in_features=3, out_features=3)
        self.dense_2 = Dense(in_features=3, out_features=2)

    def __call__(self, x):
        x = self.dense_1(x)
        return self.dense_2(x)


# You have made a model!
my_model = SequentialModule(name="the_model")

# Call it, with random results
print("Model results:", my_model(tf.constant([[2.0, 2.0, 2.0]])))
assert my_model(tf.constant([[2.0, 2.0, 2.0]])).shape == (1, 2)

print("Submodules:", my_model.submodules)
assert my_model.submodules == (my_model.dense_1, my_model.dense_2)

for var in my_model.variables:
    print(var, "\n")
assert [v.name.split(":")[0] for v in my_model.variables] == ["b", "w", "b", "w"]


class FlexibleDenseModule(tf.Module):
    # Note: No need for `in_features`
    def __init__(self, out_features, name=None):
        super().__init__(name=name)
        self.is_built = False
        self.out_features = out_features

    def __call__(self, x):
        # Create variables on first call.
        if not self.is_built:
            self.w = tf.Variable(tf.random.normal([x.shape[-1], self.out_features]), name="w")
            self.b = tf.Variable(tf.zeros([self.out_features]), name="b")
            self.is_built = True

        y = tf.matmul(x, self.w) + self.b
        return tf.nn.relu(y)


# Used in a module
class MySequentialModule(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)

        self.dense_1 = FlexibleDenseModule(out_features=3)
        self.dense_2 = FlexibleDenseModule(out_features=2)

    def __call__(self, x):
        x = self.dense_1(x)
        return self.dense_2(x)


my_model = MySequentialModule(name="the_model")
first = my_model(tf.constant([[2.0, 2.0, 2.0]]))
print("Model results:", first)

# Saving weights
chkp_path = "my_checkpoint"
checkpoint = tf.train.Checkpoint(model=my_model)
checkpoint.write(chkp_path)

print(sorted(f for f in os.listdir(".") if f.startswith("my_checkpoint")))
print(tf.train.list_variables(chkp_path))
assert [name for name, _ in tf.train.list_variables(chkp_path)] == [
    "model/dense_1/b/.ATTRIBUTES/VARIABLE_VALUE",
    "model/dense_1/w/.ATTRIBUTES/VARIABLE_VALUE",
    "model/dense_2/b/.ATTRIBUTES/VARIABLE_VALUE",
    "model/dense_2/w/.ATTRIBUTES/VARIABLE_VALUE",
]  # write() saves no save counter (save() does)

new_model = MySequentialModule()
new_checkpoint = tf.train.Checkpoint(model=new_model)
new_checkpoint.restore("my_checkpoint")

# Should be the same result as above
restored = new_model(tf.constant([[2.0, 2.0, 2.0]]))
print(restored)
np.testing.assert_array_equal(restored.numpy(), first.numpy())


class MySequentialModule(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)

        self.dense_1 = Dense(in_features=3, out_features=3)
        self.dense_2 = Dense(in_features=3, out_features=2)

    @tf.function
    def __call__(self, x):
        x = self.dense_1(x)
        return self.dense_2(x)


# You have made a model with a graph!
my_model = MySequentialModule(name="the_model")

print(my_model([[2.0, 2.0, 2.0]]))
print(my_model([[[2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]]))
assert my_model([[[2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]]).shape == (1, 2, 2)
# Two input structures (a 2x3 and a 1x2x3 nested list): two traces.
assert my_model.__call__.experimental_get_tracing_count() == 2
