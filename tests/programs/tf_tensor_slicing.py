"""TensorFlow guide "Introduction to tensor slicing": tf.slice and Python slices, gather,
gather_nd, scatter_nd, and the tensor_scatter_nd_{add,sub,min,max} family. (The guide's
string tensor and its SparseTensor comparison are left out: string and sparse tensors are
excluded, see API_EXCLUSIONS.md.)"""

import numpy as np

import nnext as tf


def same(tensor, expected):
    np.testing.assert_array_equal(tensor.numpy(), np.asarray(expected))


t1 = tf.constant([0, 1, 2, 3, 4, 5, 6, 7])
print(tf.slice(t1, begin=[1], size=[3]))
same(tf.slice(t1, begin=[1], size=[3]), [1, 2, 3])
print(t1[1:4])
print(t1[-3:])
same(t1[-3:], [5, 6, 7])

t2 = tf.constant([[0, 1, 2, 3, 4],
                  [5, 6, 7, 8, 9],
                  [10, 11, 12, 13, 14],
                  [15, 16, 17, 18, 19]])
print(t2[:-1, 1:3])
same(t2[:-1, 1:3], [[1, 2], [6, 7], [11, 12]])

t3 = tf.constant([[[1, 3, 5, 7],
                   [9, 11, 13, 15]],
                  [[17, 19, 21, 23],
                   [25, 27, 29, 31]]
                  ])
print(tf.slice(t3, begin=[1, 1, 0], size=[1, 1, 2]))
same(tf.slice(t3, begin=[1, 1, 0], size=[1, 1, 2]), [[[25, 27]]])

print(tf.gather(t1, indices=[0, 3, 6]))
same(tf.gather(t1, indices=[0, 3, 6]), t1[::3].numpy())

t4 = tf.constant([[0, 5],
                  [1, 6],
                  [2, 7],
                  [3, 8],
                  [4, 9]])
print(tf.gather_nd(t4, indices=[[2], [3], [0]]))
same(tf.gather_nd(t4, indices=[[2], [3], [0]]), [[2, 7], [3, 8], [0, 5]])

t5 = np.reshape(np.arange(18), [2, 3, 3])
print(tf.gather_nd(t5, indices=[[0, 0, 0], [1, 2, 1]]))
same(tf.gather_nd(t5, indices=[[0, 0, 0], [1, 2, 1]]), [0, 16])
print(tf.gather_nd(t5, indices=[[[0, 0], [0, 2]], [[1, 0], [1, 2]]]))
same(tf.gather_nd(t5, indices=[[[0, 0], [0, 2]], [[1, 0], [1, 2]]]),
     [[[0, 1, 2], [6, 7, 8]], [[9, 10, 11], [15, 16, 17]]])
print(tf.gather_nd(t5, indices=[[0, 0], [0, 2], [1, 0], [1, 2]]))
same(tf.gather_nd(t5, indices=[[0, 0], [0, 2], [1, 0], [1, 2]]),
     [[0, 1, 2], [6, 7, 8], [9, 10, 11], [15, 16, 17]])

t6 = tf.constant([10])
indices = tf.constant([[1], [3], [5], [7], [9]])
data = tf.constant([2, 4, 6, 8, 10])
print(tf.scatter_nd(indices=indices, updates=data, shape=t6))
same(tf.scatter_nd(indices=indices, updates=data, shape=t6), [0, 2, 0, 4, 0, 6, 0, 8, 0, 10])

new_indices = tf.constant([[0, 2], [2, 1], [3, 3]])
t7 = tf.gather_nd(t2, indices=new_indices)
t8 = tf.scatter_nd(indices=new_indices, updates=t7, shape=tf.constant([4, 5]))
print(t8)
expected = np.zeros((4, 5), np.int32)
expected[0, 2], expected[2, 1], expected[3, 3] = 2, 11, 18
same(t8, expected)

t11 = tf.constant([[2, 7, 0],
                   [9, 0, 1],
                   [0, 3, 8]])
t12 = tf.tensor_scatter_nd_add(t11, indices=[[0, 2], [1, 1], [2, 0]], updates=[6, 5, 4])
print(t12)
same(t12, [[2, 7, 6], [9, 5, 1], [4, 3, 8]])
t13 = tf.tensor_scatter_nd_sub(t11,
                               indices=[[0, 0], [0, 1], [1, 0], [1, 1], [1, 2], [2, 1], [2, 2]],
                               updates=[1, 7, 9, -1, 1, 3, 7])
print(t13)
same(t13, np.eye(3, dtype=np.int32))

t14 = tf.constant([[-2, -7, 0],
                   [-9, 0, 1],
                   [0, -3, -8]])
t15 = tf.tensor_scatter_nd_min(t14, indices=[[0, 2], [1, 1], [2, 0]], updates=[-6, -5, -4])
print(t15)
same(t15, [[-2, -7, -6], [-9, -5, 1], [-4, -3, -8]])
t16 = tf.tensor_scatter_nd_max(t14, indices=[[0, 2], [1, 1], [2, 0]], updates=[6, 5, 4])
print(t16)
same(t16, [[-2, -7, 6], [-9, 5, 1], [4, -3, -8]])
