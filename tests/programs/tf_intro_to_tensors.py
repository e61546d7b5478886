"""TensorFlow guide "Introduction to Tensors": tensors of rank 0 to 3, NumPy conversion,
arithmetic and matmul, reductions, argmax and softmax, shapes (shape, ndim, size, rank),
indexing and slicing, reshape and transpose, dtype casts, broadcasting and broadcast_to,
and convert_to_tensor. (The guide's ragged, string and sparse tensor sections are left
out: those tensor kinds are excluded, see API_EXCLUSIONS.md.)"""

import numpy as np

import nnext as tf


def same(tensor, expected):
    np.testing.assert_array_equal(np.asarray(tensor), np.asarray(expected))


rank_0_tensor = tf.constant(4)
print(rank_0_tensor)
assert str(rank_0_tensor) == "nnext.Tensor(4, shape=(), dtype=int32)"
rank_1_tensor = tf.constant([2.0, 3.0, 4.0])
print(rank_1_tensor)
rank_2_tensor = tf.constant([[1, 2],
                             [3, 4],
                             [5, 6]], dtype=tf.float16)
print(rank_2_tensor)
assert rank_2_tensor.dtype == tf.float16
rank_3_tensor = tf.constant([
    [[0, 1, 2, 3, 4],
     [5, 6, 7, 8, 9]],
    [[10, 11, 12, 13, 14],
     [15, 16, 17, 18, 19]],
    [[20, 21, 22, 23, 24],
     [25, 26, 27, 28, 29]], ])
print(rank_3_tensor)

print(np.array(rank_2_tensor))
print(rank_2_tensor.numpy())
assert rank_2_tensor.numpy().dtype == np.float16

a = tf.constant([[1, 2],
                 [3, 4]])
b = tf.constant([[1, 1],
                 [1, 1]])
print(tf.add(a, b), "\n")
print(tf.multiply(a, b), "\n")
print(tf.matmul(a, b), "\n")
same(tf.matmul(a, b), [[3, 3], [7, 7]])
print(a + b, "\n")
print(a * b, "\n")
print(a @ b, "\n")

c = tf.constant([[4.0, 5.0], [10.0, 1.0]])
print(tf.reduce_max(c))
print(tf.math.argmax(c))
print(tf.nn.softmax(c))
assert float(tf.reduce_max(c)) == 10.0
same(tf.math.argmax(c), [1, 0])
np.testing.assert_allclose(tf.nn.softmax(c).numpy().sum(axis=1), [1.0, 1.0], rtol=1e-6)

same(tf.convert_to_tensor([1, 2, 3]), [1, 2, 3])
same(tf.reduce_max([1, 2, 3]), 3)
same(tf.reduce_max(np.array([1, 2, 3])), 3)

rank_4_tensor = tf.zeros([3, 2, 4, 5])
print("Type of every element:", rank_4_tensor.dtype)
print("Number of axes:", rank_4_tensor.ndim)
print("Shape of tensor:", rank_4_tensor.shape)
print("Elements along axis 0 of tensor:", rank_4_tensor.shape[0])
print("Elements along the last axis of tensor:", rank_4_tensor.shape[-1])
print("Total number of elements (3*2*4*5): ", tf.size(rank_4_tensor).numpy())
assert rank_4_tensor.ndim == 4 and rank_4_tensor.shape[-1] == 5
assert tf.size(rank_4_tensor).numpy() == 120
print(tf.rank(rank_4_tensor))
print(tf.shape(rank_4_tensor))
same(tf.shape(rank_4_tensor), [3, 2, 4, 5])
assert rank_4_tensor.shape.as_list() == [3, 2, 4, 5]

# Indexing: single axis and multi-axis, as NumPy.
rank_1_tensor = tf.constant([0, 1, 1, 2, 3, 5, 8, 13, 21, 34])
print(rank_1_tensor.numpy())
print("First:", rank_1_tensor[0].numpy())
print("Second:", rank_1_tensor[1].numpy())
print("Last:", rank_1_tensor[-1].numpy())
print("Everything:", rank_1_tensor[:].numpy())
print("Before 4:", rank_1_tensor[:4].numpy())
print("From 4 to the end:", rank_1_tensor[4:].numpy())
print("From 2, before 7:", rank_1_tensor[2:7].numpy())
print("Every other item:", rank_1_tensor[::2].numpy())
print("Reversed:", rank_1_tensor[::-1].numpy())
same(rank_1_tensor[::-1], [34, 21, 13, 8, 5, 3, 2, 1, 1, 0])

print(rank_2_tensor[1, 1].numpy())
print("Second row:", rank_2_tensor[1, :].numpy())
print("Second column:", rank_2_tensor[:, 1].numpy())
print("Last row:", rank_2_tensor[-1, :].numpy())
print("First item in last column:", rank_2_tensor[0, -1].numpy())
print("Skip the first row:")
print(rank_2_tensor[1:, :].numpy(), "\n")
print(rank_3_tensor[:, :, 4])
same(rank_3_tensor[:, :, 4], [[4, 9], [14, 19], [24, 29]])

# Shapes: reshape is a view when it can be, transpose moves data.
x = tf.constant([[1], [2], [3]])
print(x.shape)
print(x.shape.as_list())
reshaped = tf.reshape(x, [1, 3])
print(x.shape)
print(reshaped.shape)
assert reshaped.shape == (1, 3)
print(rank_3_tensor)
print(tf.reshape(rank_3_tensor, [-1]))
print(tf.reshape(rank_3_tensor, [3 * 2, 5]), "\n")
print(tf.reshape(rank_3_tensor, [3, -1]))
same(tf.reshape(rank_3_tensor, [3, -1])[1], np.arange(10, 20))
print(tf.reshape(tf.transpose(rank_3_tensor), [-1, 10]))
same(tf.transpose(rank_3_tensor).shape, [5, 2, 3])
try:
    tf.reshape(rank_3_tensor, [7, -1])
except Exception as e:
    print(f"{type(e).__name__}: {e}")
    assert isinstance(e, tf.errors.InvalidArgumentError)
else:
    raise AssertionError("a reshape to an incompatible size must fail")

# DTypes: casts between float64, float16 and uint8.
the_f64_tensor = tf.constant([2.2, 3.3, 4.4], dtype=tf.float64)
the_f16_tensor = tf.cast(the_f64_tensor, dtype=tf.float16)
the_u8_tensor = tf.cast(the_f16_tensor, dtype=tf.uint8)
print(the_u8_tensor)
same(the_u8_tensor, np.array([2, 3, 4], np.uint8))
assert the_u8_tensor.dtype == tf.uint8

# Broadcasting.
x = tf.constant([1, 2, 3])
y = tf.constant(2)
z = tf.constant([2, 2, 2])
print(tf.multiply(x, 2))
print(x * y)
print(x * z)
same(x * y, x * z)
x = tf.reshape(x, [3, 1])
y = tf.range(1, 5)
print(x, "\n")
print(y, "\n")
print(tf.multiply(x, y))
same(tf.multiply(x, y), np.arange(1, 4)[:, None] * np.arange(1, 5))
x_stretch = tf.constant([[1, 1, 1, 1],
                         [2, 2, 2, 2],
                         [3, 3, 3, 3]])
y_stretch = tf.constant([[1, 2, 3, 4],
                         [1, 2, 3, 4],
                         [1, 2, 3, 4]])
print(x_stretch * y_stretch)
print(tf.broadcast_to(tf.constant([1, 2, 3]), [3, 3]))
same(tf.broadcast_to(tf.constant([1, 2, 3]), [3, 3]), [[1, 2, 3]] * 3)
