"""TensorFlow guide "Introduction to Variables": creating variables from tensors and lists,
their dtype/shape/numpy, ops on variables, assign and its shape check, copies that do not
share memory, names, non-trainable counters, and device placement with soft placement.
(The guide's complex-valued variable is left out: complex dtypes are excluded, see
API_EXCLUSIONS.md.)"""

import numpy as np

import nnext as tf

my_tensor = tf.constant([[1.0, 2.0], [3.0, 4.0]])
my_variable = tf.Variable(my_tensor)
bool_variable = tf.Variable([False, False, False, True])
assert bool_variable.dtype == tf.bool

print("Shape: ", my_variable.shape)
print("DType: ", my_variable.dtype)
print("As NumPy: ", my_variable.numpy())
assert my_variable.shape == (2, 2) and my_variable.dtype == tf.float32

print("A variable:", my_variable)
print("\nViewed as a tensor:", tf.convert_to_tensor(my_variable))
print("\nIndex of highest value:", tf.math.argmax(my_variable))
print("\nCopying and reshaping: ", tf.reshape(my_variable, [1, 4]))
# TensorFlow's printed forms, with nnext's name where TensorFlow prints "tf.".
assert str(my_variable).startswith(
    "<nnext.Variable 'Variable:0' shape=(2, 2) dtype=float32, numpy=\narray([[1., 2.],"
)
assert str(tf.math.argmax(my_variable)) == "nnext.Tensor([1 1], shape=(2,), dtype=int64)"
assert str(my_variable.dtype) == "<dtype: 'float32'>"
assert tf.math.argmax(my_variable).numpy().tolist() == [1, 1]

a = tf.Variable([2.0, 3.0])
a.assign([1, 2])
assert a.dtype == tf.float32 and a.numpy().tolist() == [1.0, 2.0]
try:
    a.assign([1.0, 2.0, 3.0])
except Exception as e:
    print(f"{type(e).__name__}: {e}")
    assert isinstance(e, ValueError)
else:
    raise AssertionError("assign of another shape must fail")

a = tf.Variable([2.0, 3.0])
b = tf.Variable(a)
a.assign([5, 6])
print(a.numpy())
print(b.numpy())
assert b.numpy().tolist() == [2.0, 3.0]
print(a.assign_add([2, 3]).numpy())
print(a.assign_sub([7, 9]).numpy())
assert a.numpy().tolist() == [0.0, 0.0]

a = tf.Variable(my_tensor, name="Mark")
b = tf.Variable(my_tensor + 1, name="Mark")
print(a == b)
# TensorFlow's names carry the output index (Keras variables' names do not).
assert a.name == b.name == "Mark:0"
assert not np.any((a == b).numpy())

step_counter = tf.Variable(1, trainable=False)
assert not step_counter.trainable and step_counter.dtype == tf.int32

with tf.device("CPU:0"):
    a = tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    b = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    c = tf.matmul(a, b)
print(c)
assert c.numpy().tolist() == [[22.0, 28.0], [49.0, 64.0]]

with tf.device("CPU:0"):
    a = tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    b = tf.Variable([[1.0, 2.0, 3.0]])
with tf.device("GPU:0"):
    k = a * b
print(k)
assert k.numpy().tolist() == [[1.0, 4.0, 9.0], [4.0, 10.0, 18.0]]
