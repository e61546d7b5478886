"""TensorFlow guide "Introduction to graphs and tf.function": a Function called like its
Python function, functions it calls, a Python `if` on a tensor, one Function with many
traces (signatures), run_functions_eagerly, Python side effects only while tracing, the
speed comparison (fewer repetitions) and when a Function retraces.

Left out: the two cells that print AutoGraph's generated code (`tf.autograph.to_code`) and
the trace's GraphDef (`concrete_function.graph.as_graph_def()`): nnext has no graphs or
AutoGraph (tf.autograph and tf.Graph are excluded, see API_EXCLUSIONS.md).
"""

import timeit

import numpy as np

import nnext as tf


# Define a Python function.
def a_regular_function(x, y, b):
    x = tf.matmul(x, y)
    x = x + b
    return x


# `a_function_that_uses_a_graph` is a TensorFlow `Function`.
a_function_that_uses_a_graph = tf.function(a_regular_function)

# Make some tensors.
x1 = tf.constant([[1.0, 2.0]])
y1 = tf.constant([[2.0], [3.0]])
b1 = tf.constant(4.0)

orig_value = a_regular_function(x1, y1, b1).numpy()
# Call a `Function` like a Python function.
tf_function_value = a_function_that_uses_a_graph(x1, y1, b1).numpy()
assert orig_value == tf_function_value
assert orig_value.tolist() == [[12.0]]


def inner_function(x, y, b):
    x = tf.matmul(x, y)
    x = x + b
    return x


# Use the decorator to make `outer_function` a `Function`.
@tf.function
def outer_function(x):
    y = tf.constant([[2.0], [3.0]])
    b = tf.constant(4.0)

    return inner_function(x, y, b)


# Note that the callable will create a graph that
# includes `inner_function` as well as `outer_function`.
assert outer_function(tf.constant([[1.0, 2.0]])).numpy().tolist() == [[12.0]]


# -- Converting Python functions to graphs ----------------------------------------------
def simple_relu(x):
    if tf.greater(x, 0):
        return x
    else:
        return 0


# `tf_simple_relu` is a TensorFlow `Function` that wraps `simple_relu`.
tf_simple_relu = tf.function(simple_relu)

first = tf_simple_relu(tf.constant(1))
second = tf_simple_relu(tf.constant(-1))
print("First branch, with graph:", first.numpy())
print("Second branch, with graph:", second.numpy())
# AutoGraph makes the `if` a tf.cond: both branches return tensors.
assert first.numpy() == 1 and second.numpy() == 0 and second.dtype == tf.int32

# -- Polymorphism: one Function, many graphs --------------------------------------------


@tf.function
def my_relu(x):
    return tf.maximum(0.0, x)


# `my_relu` creates new graphs as it sees more signatures.
print(my_relu(tf.constant(5.5)))
print(my_relu([1, -1]))
print(my_relu(tf.constant([3.0, -3.0])))
assert float(my_relu(tf.constant(5.5))) == 5.5
# (TensorFlow's result is float32: the list takes the dtype of the first input, 0.0.)
assert my_relu([1, -1]).numpy().tolist() == [1.0, 0.0]
assert my_relu.experimental_get_tracing_count() == 3

# These two calls do *not* create new graphs.
print(my_relu(tf.constant(-2.5)))  # Signature matches `tf.constant(5.5)`.
print(my_relu(tf.constant([-1.0, 1.0])))  # Signature matches `tf.constant([3., -3.])`.
assert my_relu.experimental_get_tracing_count() == 3

# There are three `ConcreteFunction`s (one for each graph) in `my_relu`.
# The `ConcreteFunction` also knows the return type and shape!
signatures = my_relu.pretty_printed_concrete_signatures()
print(signatures)
assert signatures.count("Input Parameters:") == 3
assert "x (POSITIONAL_OR_KEYWORD): TensorSpec(shape=(), dtype=nnext.float32, name=None)" in (
    signatures
)
assert "x (POSITIONAL_OR_KEYWORD): [1, -1]" in signatures
assert "TensorSpec(shape=(2,), dtype=nnext.float32, name=None)" in signatures

# -- Graph execution vs. eager execution ------------------------------------------------


@tf.function
def get_MSE(y_true, y_pred):
    sq_diff = tf.pow(y_true - y_pred, 2)
    return tf.reduce_mean(sq_diff)


y_true = tf.random.uniform([5], maxval=10, dtype=tf.int32)
y_pred = tf.random.uniform([5], maxval=10, dtype=tf.int32)
print(y_true)
print(y_pred)
expected = int(np.mean((y_true.numpy() - y_pred.numpy()) ** 2))  # integer mean, as TF

graph_mse = get_MSE(y_true, y_pred)
print(graph_mse)
tf.config.run_functions_eagerly(True)
eager_mse = get_MSE(y_true, y_pred)
print(eager_mse)
# Don't forget to set it back when you are done.
tf.config.run_functions_eagerly(False)
assert graph_mse.dtype == tf.int32 and int(graph_mse) == int(eager_mse) == expected

traces = []


@tf.function
def get_MSE(y_true, y_pred):
    print("Calculating MSE!")
    traces.append(1)
    sq_diff = tf.pow(y_true - y_pred, 2)
    return tf.reduce_mean(sq_diff)


error = get_MSE(y_true, y_pred)
error = get_MSE(y_true, y_pred)
error = get_MSE(y_true, y_pred)
# `print` ran once: only while tracing.
assert len(traces) == 1

# Now, globally set everything to run eagerly to force eager execution.
tf.config.run_functions_eagerly(True)
# Observe what is printed below.
error = get_MSE(y_true, y_pred)
error = get_MSE(y_true, y_pred)
error = get_MSE(y_true, y_pred)
tf.config.run_functions_eagerly(False)
assert len(traces) == 1 + 3
assert int(error) == expected

# -- Seeing the speed-up (10 repetitions where the guide makes 1000) --------------------
x = tf.random.uniform(shape=[10, 10], minval=-1, maxval=2, dtype=tf.dtypes.int32)


def power(x, y):
    result = tf.eye(10, dtype=tf.dtypes.int32)
    for _ in range(y):
        result = tf.matmul(x, result)
    return result


print("Eager execution:", timeit.timeit(lambda: power(x, 100), number=10))
power_as_graph = tf.function(power)
print("Graph execution:", timeit.timeit(lambda: power_as_graph(x, 100), number=10))
np.testing.assert_array_equal(
    power_as_graph(x, 100).numpy(), power(x, 100).numpy()
)  # int32 wraps around in both
assert power_as_graph.experimental_get_tracing_count() == 1

# -- When is a Function tracing? --------------------------------------------------------
tracing = []


@tf.function
def a_function_with_python_side_effect(x):
    print("Tracing!")  # An eager-only side effect.
    tracing.append(x)
    return x * x + tf.constant(2)


# This is traced the first time.
print(a_function_with_python_side_effect(tf.constant(2)))
# The second time through, you won't see the side effect.
print(a_function_with_python_side_effect(tf.constant(3)))
assert len(tracing) == 1
assert int(a_function_with_python_side_effect(tf.constant(3))) == 11

# This retraces each time the Python argument changes,
# as a Python argument could be an epoch count or other
# hyperparameter.
print(a_function_with_python_side_effect(2))
print(a_function_with_python_side_effect(3))
assert tracing[1:] == [2, 3]
assert a_function_with_python_side_effect.experimental_get_tracing_count() == 3
print("intro to graphs guide: OK")
