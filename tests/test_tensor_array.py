"""tf.TensorArray / tf.TensorArraySpec: TensorFlow 2.21's eager TensorArray (and, inside
tf.function, its list-backed one), with TensorFlow's docstring examples, errors and messages,
and gradients through the array against central differences."""

import numpy as np
import pytest

import nnext as tf
from nnext.errors import InvalidArgumentError, OutOfRangeError


def _fd_gradient(f, x, eps=1e-6):
    """Central differences of the scalar f(np.ndarray) at x (float64)."""
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += eps
        down[i] -= eps
        grad[i] = (f(up) - f(down)) / (2 * eps)
    return grad


# -- TensorFlow's docstring examples --------------------------------------------------


def test_plain_reading_and_writing():
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, clear_after_read=False)
    ta = ta.write(0, 10)
    ta = ta.write(1, 20)
    ta = ta.write(2, 30)
    assert repr(ta.read(0)) == "<nnext.Tensor: shape=(), dtype=float32, numpy=10.0>"
    assert float(ta.read(1)) == 20.0
    np.testing.assert_array_equal(ta.stack().numpy(), np.array([10, 20, 30], np.float32))
    assert ta.stack().dtype == tf.float32


def test_fibonacci_in_tf_function_reads_each_element_twice():
    @tf.function
    def fibonacci(n):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        ta = ta.unstack([0.0, 1.0])
        for i in range(2, n):
            ta = ta.write(i, ta.read(i - 1) + ta.read(i - 2))
        return ta.stack()

    expected = np.array([0, 1, 1, 2, 3, 5, 8], np.float32)
    np.testing.assert_array_equal(fibonacci(7).numpy(), expected)
    np.testing.assert_array_equal(fibonacci(7).numpy(), expected)  # the replayed trace


def test_eager_clear_after_read_forbids_a_second_read():
    ta = tf.TensorArray(tf.float32, size=2).unstack([0.0, 1.0])
    ta.read(1)
    with pytest.raises(InvalidArgumentError, match="Could not read index 1 twice because it"):
        ta.read(1)
    kept = tf.TensorArray(tf.float32, size=2, clear_after_read=False).unstack([0.0, 1.0])
    assert float(kept.read(1)) == float(kept.read(1)) == 1.0


def test_loop_writing_a_variable_snapshots_each_value():
    v = tf.Variable(1)

    @tf.function
    def f(x):
        ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True)
        for i in tf.range(x):
            v.assign_add(i)
            ta = ta.write(i, v)
        return ta.stack()

    np.testing.assert_array_equal(f(5).numpy(), [1, 2, 4, 7, 11])


def test_stack_of_vectors_with_bare_writes():
    ta = tf.TensorArray(tf.int32, size=3)
    ta.write(0, tf.constant([1, 2]))
    ta.write(1, tf.constant([3, 4]))
    ta.write(2, tf.constant([5, 6]))
    np.testing.assert_array_equal(ta.stack().numpy(), [[1, 2], [3, 4], [5, 6]])
    assert ta.element_shape == tf.TensorShape([2])


# -- the other methods ----------------------------------------------------------------


def test_unwritten_elements_are_zeros_of_the_element_shape():
    ta = tf.TensorArray(tf.float32, size=3, element_shape=[2])
    ta = ta.write(1, [1.0, 2.0])
    np.testing.assert_array_equal(ta.stack().numpy(), [[0, 0], [1, 2], [0, 0]])
    empty = tf.TensorArray(tf.float32, size=0, element_shape=[2, 3])
    assert empty.stack().shape == (0, 2, 3)


def test_gather_scatter_concat_split_size_close():
    ta = tf.TensorArray(tf.float32, size=4, clear_after_read=False)
    ta = ta.scatter([3, 0], tf.constant([[3.0, 3.5], [0.0, 0.5]]))
    ta = ta.write(1, [1.0, 1.5]).write(2, [2.0, 2.5])
    np.testing.assert_array_equal(ta.gather([2, 0]).numpy(), [[2, 2.5], [0, 0.5]])
    np.testing.assert_array_equal(ta.gather(tf.constant([3])).numpy(), [[3, 3.5]])
    np.testing.assert_array_equal(ta.concat().numpy(), [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5])
    assert ta.size().dtype == tf.int32 and int(ta.size()) == 4

    pieces = tf.TensorArray(tf.float32, size=3, clear_after_read=False)
    pieces = pieces.split(tf.range(6.0), [1, 2, 3])
    np.testing.assert_array_equal(pieces.read(2).numpy(), [3, 4, 5])
    np.testing.assert_array_equal(pieces.concat().numpy(), np.arange(6.0))
    pieces.close()
    assert int(pieces.size()) == 0


def test_dynamic_size_grows_and_properties():
    ta = tf.TensorArray(tf.float32, size=1, dynamic_size=True, element_shape=[None])
    ta = ta.write(4, [1.0, 2.0])
    assert int(ta.size()) == 5
    assert ta.dtype == tf.float32 and ta.dynamic_size
    assert ta.element_shape == tf.TensorShape([2])
    assert ta.handle is None and ta.identity() is ta
    assert ta.flow.dtype == tf.int32 and int(ta.flow) == 0
    with pytest.raises(NotImplementedError, match="TensorArray.grad is not supported"):
        ta.grad("source")


def test_size_as_tensor_and_preferred_dtype():
    ta = tf.TensorArray(tf.float64, size=tf.constant(2))
    ta = ta.write(0, 1).write(1, 2.5)  # Python numbers take the array's dtype
    assert ta.stack().dtype == tf.float64


def test_string_elements():
    ta = tf.TensorArray(tf.string, size=3, element_shape=[])
    ta = ta.write(0, "a").write(2, b"c")
    assert ta.stack().numpy().tolist() == [b"a", b"", b"c"]


def test_infer_shape_false_allows_differing_shapes():
    ta = tf.TensorArray(tf.float32, size=2, infer_shape=False)
    ta = ta.write(0, [1.0]).write(1, [2.0, 3.0])
    np.testing.assert_array_equal(ta.concat().numpy(), [1, 2, 3])


# -- errors ---------------------------------------------------------------------------


def test_construction_errors():
    with pytest.raises(ValueError, match="Size must be declared for TensorArrays when eager"):
        tf.TensorArray(tf.float32)
    with pytest.raises(ValueError, match="TensorArray handles are not supported when eager"):
        tf.TensorArray(tf.float32, size=1, handle=object())


def test_eager_index_dtype_and_shape_errors():
    ta = tf.TensorArray(tf.float32, size=3)
    with pytest.raises(OutOfRangeError, match="Tried to write to index 3 but array is not "):
        ta.write(3, 1.0)
    with pytest.raises(OutOfRangeError, match=r"Writing to negative indices \(index -1\)"):
        ta.write(-1, 1.0)
    with pytest.raises(OutOfRangeError, match="Tried to read from index 5 but array size is: 3"):
        ta.read(5)
    with pytest.raises(OutOfRangeError, match=r"Reading from negative indices \(index -2\)"):
        ta.read(-2)
    with pytest.raises(
        InvalidArgumentError, match="TensorArray dtype is float32 but Op is trying to write dtype"
    ):
        ta.write(0, tf.constant([1], tf.int32))
    ta = ta.write(0, [1.0, 2.0])
    with pytest.raises(ValueError, match=r"Incompatible shape for value \(\(3,\)\), expected"):
        ta.write(1, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="Cannot unstack 4 tensors into a TensorArray of static"):
        tf.TensorArray(tf.float32, size=3).unstack(tf.zeros([4]))
    with pytest.raises(InvalidArgumentError, match="Concat saw a scalar shape at index 0"):
        tf.TensorArray(tf.float32, size=1).write(0, 1.0).concat()


def test_huge_sizes_and_indices_are_value_errors():
    with pytest.raises(ValueError, match="does not fit the int32"):
        tf.TensorArray(tf.float32, size=2**40)
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    with pytest.raises(ValueError, match="does not fit the int32"):
        ta.write(2**40, 1.0)


def test_split_errors():
    ta = tf.TensorArray(tf.float32, size=2)
    with pytest.raises(InvalidArgumentError, match="Expected lengths to be a vector"):
        ta.split(tf.zeros([3]), [[1, 2]])
    with pytest.raises(InvalidArgumentError, match="Expected value to be at least a vector"):
        ta.split(1.0, [1])
    with pytest.raises(InvalidArgumentError, match="Expected sum of lengths to be equal to"):
        ta.split(tf.zeros([3]), [1, 1])
    with pytest.raises(InvalidArgumentError, match=r"TensorArray's size is not equal to the size"):
        ta.split(tf.zeros([3]), [1, 1, 1])


def test_errors_inside_tf_function_are_the_list_kernels():
    @tf.function
    def write_past_end():
        return tf.TensorArray(tf.float32, size=3).write(3, 1.0).stack()

    @tf.function
    def read_past_end():
        return tf.TensorArray(tf.float32, size=3, element_shape=[]).read(5)

    @tf.function
    def wrong_dtype():
        return tf.TensorArray(tf.float32, size=1).write(0, tf.constant(1)).stack()

    with pytest.raises(
        InvalidArgumentError, match="Trying to modify element 3 in a list with 3 elements."
    ):
        write_past_end()
    with pytest.raises(
        InvalidArgumentError, match="Trying to access element 5 in a list with 3 elements."
    ):
        read_past_end()
    with pytest.raises(
        InvalidArgumentError, match="Invalid data types; op elements int32 but list elements float"
    ):
        wrong_dtype()


def test_writing_an_index_twice_keeps_the_later_value():
    ta = tf.TensorArray(tf.float32, size=1).write(0, 1.0).write(0, 2.0)
    assert float(ta.read(0)) == 2.0


# -- gradients ------------------------------------------------------------------------


def _tape_gradient(x0, build):
    x = tf.Variable(x0)
    with tf.GradientTape() as tape:
        y = build(x)
    return tape.gradient(y, x).numpy()


def _loss_through_write_stack(x):
    ta = tf.TensorArray(x.dtype, size=3)
    for i in range(3):
        ta = ta.write(i, tf.sin(x) * float(i + 1))
    return tf.reduce_sum(ta.stack() ** 2)


def test_gradient_through_write_and_stack():
    x0 = np.array([0.3, -1.2], np.float64)
    got = _tape_gradient(x0, _loss_through_write_stack)
    want = _fd_gradient(lambda x: np.sum((np.sin(x)[None] * np.array([[1], [2], [3]])) ** 2), x0)
    np.testing.assert_allclose(got, want, rtol=1e-6)


def test_gradient_through_unstack_read_gather_concat_and_split():
    x0 = np.array([[0.5, 1.5], [-0.7, 2.0], [1.1, 0.2]], np.float64)

    def build(x):
        ta = tf.TensorArray(tf.float64, size=3, clear_after_read=False).unstack(x * x)
        parts = tf.TensorArray(tf.float64, size=2).split(tf.reshape(x, [-1]), [2, 4])
        return (
            tf.reduce_sum(ta.read(1) * 3.0)
            + tf.reduce_sum(ta.gather([0, 2]) ** 2)
            + tf.reduce_sum(parts.concat() * tf.range(6.0, dtype=tf.float64))
        )

    def reference(x):
        sq = x * x
        return 3 * sq[1].sum() + (sq[[0, 2]] ** 2).sum() + (x.reshape(-1) * np.arange(6)).sum()

    np.testing.assert_allclose(_tape_gradient(x0, build), _fd_gradient(reference, x0), rtol=1e-6)


def test_gradient_inside_tf_function_loop():
    w = tf.Variable([0.5, -0.25], dtype=tf.float64)

    @tf.function
    def loss():
        ta = tf.TensorArray(tf.float64, size=0, dynamic_size=True)
        h = tf.constant([1.0, 1.0], tf.float64)
        for i in range(4):
            h = tf.tanh(h * w)
            ta = ta.write(i, h)
        return tf.reduce_sum(ta.stack())

    with tf.GradientTape() as tape:
        y = loss()
    got = tape.gradient(y, w).numpy()

    def reference(wv):
        h, total = np.ones(2), 0.0
        for _ in range(4):
            h = np.tanh(h * wv)
            total += h.sum()
        return total

    np.testing.assert_allclose(got, _fd_gradient(reference, w.numpy()), rtol=1e-6)


# -- TensorArraySpec ------------------------------------------------------------------


def test_tensor_array_spec():
    ta = tf.TensorArray(tf.float32, size=1).write(0, [1.0, 2.0])
    spec = tf.TensorArraySpec.from_value(ta)
    assert repr(spec) == "TensorArraySpec(TensorShape([2]), nnext.float32, False, True)"
    assert spec.value_type is tf.TensorArray
    assert spec == tf.TensorArraySpec([2], tf.float32)
    assert spec.is_compatible_with(tf.TensorArraySpec([None], tf.float32))
    assert spec.is_compatible_with(ta)
    assert not spec.is_compatible_with(tf.TensorArraySpec([2], tf.float32, dynamic_size=True))
    assert not spec.is_compatible_with(tf.TensorArraySpec([2], tf.int32))
    common = spec.most_specific_common_supertype([tf.TensorArraySpec([3], tf.float32)])
    assert common == tf.TensorArraySpec([None], tf.float32)
    assert spec.most_specific_common_supertype([tf.TensorArraySpec([2], tf.int32)]) is None
    default = tf.TensorArraySpec()
    assert default.dtype == tf.float32 and default.element_shape == tf.TensorShape(None)
    with pytest.raises(TypeError, match="Expected value to be a TensorArray, but got"):
        tf.TensorArraySpec.from_value(tf.zeros([2]))


def test_concrete_function_called_directly_makes_list_backed_arrays():
    def fibonacci(n):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True).unstack([0.0, 1.0])
        for i in range(2, n):
            ta = ta.write(i, ta.read(i - 1) + ta.read(i - 2))
        return ta.stack()

    concrete = tf.function(fibonacci).get_concrete_function(5)
    np.testing.assert_array_equal(concrete().numpy(), [0, 1, 1, 2, 3])


def test_tensor_arrays_returned_by_a_replayed_function_are_each_calls_own():
    @tf.function
    def doubled(x):
        return tf.TensorArray(tf.float32, size=1, clear_after_read=False).write(0, x * 2)

    first, second, third = (doubled(tf.constant(v)) for v in (1.0, 5.0, 7.0))
    assert doubled.experimental_get_tracing_count() == 1
    assert [float(ta.read(0)) for ta in (first, second, third)] == [2.0, 10.0, 14.0]
