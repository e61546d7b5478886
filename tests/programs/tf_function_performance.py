"""TensorFlow guide "Better performance with tf.function", cell by cell: a Function used
like an op (gradients, Functions calling Functions), tracing and its rules, input_signature,
unknown dimensions and reduce_retracing, Python versus tensor arguments, concrete functions
and their signatures, AutoGraph loops and conditionals with tf.print, TensorArray
accumulation, Python side effects only while tracing, global and free variables, Variables
created once, one Function per Keras optimizer, Python versus tf.data iterators.

Changed: sizes (the convolution cell's image and filters), and prints the guide only shows
are asserted. The guide's `double` on a string tensor (`a + a`) uses ints: nnext's string
tensors have no `+` yet. A function creating a Variable on every call raises on its second
call (TensorFlow retraces within the first). Left out: the GraphDef cells
(`concrete_function.graph`: nnext has no graphs), the custom `TraceType` cell
(`tf.types.experimental` is not provided), the recursion cells (no AutoGraph recursion limit
to show), the `tf.init_scope` cell (nnext's init_scope does not lift ops out of a trace: the
recorder has no pause, so the lifted `assign_add` would replay on every call), the
leaked-tensor cells (nnext's tensors are all eager: one leaked out of a Function still
works), and the `from_generator` graph-size cells (graph sizes).
"""

import contextlib
import io
import sys
import timeit
import traceback

import nnext as tf


@contextlib.contextmanager
def assert_raises(error_class):
    try:
        yield
    except error_class:
        print(f"Caught expected exception \n  {error_class}:")
        traceback.print_exc(limit=2)
    else:
        raise AssertionError(f"Expected {error_class} to be raised but no error was raised!")


@contextlib.contextmanager
def printed_lines(into):
    """Collects what Python's print and tf.print (sent to stdout) write, line by line."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        yield
    into.extend(buffer.getvalue().splitlines())
    sys.stdout.write(buffer.getvalue())


def tf_print(*args):
    tf.print(*args, output_stream=sys.stdout)


# -- Basics: usage ----------------------------------------------------------------------
@tf.function  # The decorator converts `add` into a `Function`.
def add(a, b):
    return a + b


assert add(tf.ones([2, 2]), tf.ones([2, 2])).numpy().tolist() == [[2.0, 2.0], [2.0, 2.0]]

v = tf.Variable(1.0)
with tf.GradientTape() as tape:
    result = add(v, 1.0)
assert float(tape.gradient(result, v)) == 1.0


@tf.function
def dense_layer(x, w, b):
    return add(tf.matmul(x, w), b)


assert (
    dense_layer(tf.ones([3, 2]), tf.ones([2, 2]), tf.ones([2])).numpy().tolist() == [[3.0, 3.0]] * 3
)

conv_layer = tf.keras.layers.Conv2D(16, 3)


@tf.function
def conv_fn(image):
    return conv_layer(image)


image = tf.zeros([1, 40, 40, 8])
# Warm up
conv_layer(image)
conv_fn(image)
print("Eager conv:", timeit.timeit(lambda: conv_layer(image), number=10))
print("Function conv:", timeit.timeit(lambda: conv_fn(image), number=10))
print("Note how there's not much difference in performance for convolutions")


# -- Tracing ----------------------------------------------------------------------------
@tf.function
def double(a):
    print("Tracing with", a)
    return a + a


lines = []
with printed_lines(lines):
    print(double(tf.constant(1)))
    print(double(tf.constant(1.1)))
    print(double(tf.constant(2)))  # This doesn't print 'Tracing with ...'
assert [line.split(" nnext")[0] for line in lines if line.startswith("Tracing")] == [
    "Tracing with",
    "Tracing with",
]
assert double.experimental_get_tracing_count() == 2
signatures = double.pretty_printed_concrete_signatures()
print(signatures)
assert "dtype=nnext.int32" in signatures and "dtype=nnext.float32" in signatures


# -- Controlling retracing: input_signature, unknown dimensions -------------------------
@tf.function(input_signature=(tf.TensorSpec(shape=[None], dtype=tf.int32),))
def next_collatz(x):
    print("Tracing with", x)
    return tf.where(x % 2 == 0, x // 2, 3 * x + 1)


assert next_collatz(tf.constant([1, 2])).numpy().tolist() == [4, 1]
# You specified a 1-D tensor in the input signature, so this should fail.
with assert_raises(ValueError):
    next_collatz(tf.constant([[1, 2], [3, 4]]))
# You specified an int32 dtype in the input signature, so this should fail.
with assert_raises(ValueError):
    next_collatz(tf.constant([1.0, 2.0]))


@tf.function(input_signature=(tf.TensorSpec(shape=[None], dtype=tf.int32),))
def g(x):
    print("Tracing with", x)
    return x


# No retrace!
print(g(tf.constant([1, 2, 3])))
print(g(tf.constant([1, 2, 3, 4, 5])))
assert g.experimental_get_tracing_count() == 1


# The guide's earlier revision of this cell: reduce_retracing generalises the shape.
@tf.function(reduce_retracing=True)
def g(x):
    print("Tracing with", x)
    return x


# Only one retrace
for n in (3, 5, 7, 9):
    print(g(tf.range(1, n + 1)))
assert g.experimental_get_tracing_count() == 2
assert "TensorSpec(shape=(None,)" in g.pretty_printed_concrete_signatures()


# -- Pass tensors instead of Python literals ---------------------------------------------
def train_one_step():
    pass


@tf.function
def train(num_steps):
    print("Tracing with num_steps = ", num_steps)
    tf_print("Executing with num_steps = ", num_steps)
    for _ in tf.range(num_steps):
        train_one_step()


lines = []
with printed_lines(lines):
    print("Retracing occurs for different Python arguments.")
    train(num_steps=10)
    train(num_steps=20)
    print()
    print("Traces are reused for Tensor arguments.")
    train(num_steps=tf.constant(10))
    train(num_steps=tf.constant(20))
assert sum(line.startswith("Tracing with") for line in lines) == 3
assert [line for line in lines if line.startswith("Executing")] == [
    "Executing with num_steps =  10",
    "Executing with num_steps =  20",
    "Executing with num_steps =  10",
    "Executing with num_steps =  20",
]


def f():
    print("Tracing!")
    tf_print("Executing")


lines = []
with printed_lines(lines):
    tf.function(f)()
    tf.function(f)()
assert lines == ["Tracing!", "Executing", "Tracing!", "Executing"]


# -- Tracing protocol: objects without one trace per instance ----------------------------
@tf.function
def get_mixed_flavor(fruit_a, fruit_b):
    return fruit_a.flavor + fruit_b.flavor


class Fruit:
    flavor = tf.constant([0, 0])


class Apple(Fruit):
    flavor = tf.constant([1, 2])


class Mango(Fruit):
    flavor = tf.constant([3, 4])


get_mixed_flavor(Apple(), Mango())  # Traces a new concrete function
assert get_mixed_flavor(Apple(), Mango()).numpy().tolist() == [4, 6]  # ... and again
assert get_mixed_flavor.experimental_get_tracing_count() == 2


# -- Obtaining concrete functions -------------------------------------------------------
print("Obtaining concrete trace")
double_ints = double.get_concrete_function(tf.constant(1))
print("Executing traced function")
print(double_ints(tf.constant(3)))
assert int(double_ints(a=tf.constant(4))) == 8

# You can also call get_concrete_function on an InputSpec
double_ints_from_inputspec = double.get_concrete_function(tf.TensorSpec(shape=[], dtype=tf.int32))
assert int(double_ints_from_inputspec(tf.constant(5))) == 10

print(double_ints)
assert str(double_ints).startswith(
    "ConcreteFunction Input Parameters:\n  a (POSITIONAL_OR_KEYWORD)"
)
print(double_ints.structured_input_signature)
print(double_ints.structured_outputs)
assert double_ints.structured_input_signature == ((tf.TensorSpec([], tf.int32),), {})

with assert_raises(tf.errors.InvalidArgumentError):
    double_ints(tf.constant(1.0))


@tf.function
def pow(a, b):
    return a**b


square = pow.get_concrete_function(a=tf.TensorSpec(None, tf.float32), b=2)
print(square)

assert square(tf.constant(10.0)) == 100

with assert_raises(TypeError):
    square(tf.constant(10.0), b=3)


# -- AutoGraph: loops and conditionals ---------------------------------------------------
@tf.function
def f(x):
    while tf.reduce_sum(x) > 1:
        tf_print(x)
        x = tf.tanh(x)
    return x


tf.random.set_seed(0)
settled = f(tf.random.uniform([5]))
assert float(tf.reduce_sum(settled)) <= 1
print(tf.autograph.to_code(f.python_function))


@tf.function
def fizzbuzz(n):
    for i in tf.range(1, n + 1):
        print("Tracing for loop")
        if i % 15 == 0:
            print("Tracing fizzbuzz branch")
            tf_print("fizzbuzz")
        elif i % 3 == 0:
            print("Tracing fizz branch")
            tf_print("fizz")
        elif i % 5 == 0:
            print("Tracing buzz branch")
            tf_print("buzz")
        else:
            print("Tracing default branch")
            tf_print(i)


lines = []
with printed_lines(lines):
    fizzbuzz(tf.constant(5))
    fizzbuzz(tf.constant(20))
said = [line for line in lines if not line.startswith("Tracing")]
assert said[:5] == ["1", "2", "fizz", "4", "buzz"]
assert said[5:] == [
    *["1", "2", "fizz", "4", "buzz", "fizz", "7", "8", "fizz", "buzz"],
    *["11", "fizz", "13", "14", "fizzbuzz", "16", "17", "fizz", "19", "buzz"],
]


# -- Looping over Python data ------------------------------------------------------------
@tf.function
def train(dataset):
    loss = tf.constant(0)
    for x, y in dataset:
        loss += tf.abs(y - x)  # Some dummy computation.
    return loss


small_data = [(1, 1)] * 3
big_data = [(1, 1)] * 10
assert int(train(small_data)) == 0 and int(train(big_data)) == 0
dataset = tf.data.Dataset.from_tensor_slices(([1, 2, 3], [1, 1, 1]))
assert int(train(dataset)) == 3


# -- Accumulating values in a loop -------------------------------------------------------
batch_size = 2
seq_len = 3
feature_size = 4


def rnn_step(inp, state):
    return inp + state


@tf.function
def dynamic_rnn(rnn_step, input_data, initial_state):
    # [batch, time, features] -> [time, batch, features]
    input_data = tf.transpose(input_data, [1, 0, 2])
    max_seq_len = input_data.shape[0]

    states = tf.TensorArray(tf.float32, size=max_seq_len)
    state = initial_state
    for i in tf.range(max_seq_len):
        state = rnn_step(input_data[i], state)
        states = states.write(i, state)
    return tf.transpose(states.stack(), [1, 0, 2])


inputs = tf.random.uniform([batch_size, seq_len, feature_size])
outputs = dynamic_rnn(rnn_step, inputs, tf.zeros([batch_size, feature_size]))
assert outputs.shape == (batch_size, seq_len, feature_size)
# Each step's state is the running sum of the inputs so far.
expected = tf.math.cumsum(inputs, axis=1)
assert float(tf.reduce_max(tf.abs(outputs - expected))) < 1e-6


# -- Limitations: Python side effects ------------------------------------------------------
@tf.function
def f(x):
    print("Traced with", x)
    tf_print("Executed with", x)


lines = []
with printed_lines(lines):
    f(1)
    f(1)
    f(2)
assert lines == [
    "Traced with 1",
    "Executed with 1",
    "Executed with 1",
    "Traced with 2",
    "Executed with 2",
]

external_list = []


@tf.function
def side_effect(x):
    print("Python side effect")
    external_list.append(x)


side_effect(1)
side_effect(1)
side_effect(1)
# The list append only happened once!
assert len(external_list) == 1


class Model(tf.Module):
    def __init__(self):
        self.v = tf.Variable(0)
        self.counter = 0

    @tf.function
    def __call__(self):
        if self.counter == 0:
            # A python side-effect
            self.counter += 1
            self.v.assign_add(1)

        return self.v


m = Model()
assert [int(m().numpy()) for n in range(3)] == [1, 2, 3]


# -- Using Python iterators and generators --------------------------------------------------
@tf.function
def buggy_consume_next(iterator):
    tf_print("Value:", next(iterator))


lines = []
with printed_lines(lines):
    iterator = iter([1, 2, 3])
    buggy_consume_next(iterator)
    # This reuses the first value from the iterator, rather than consuming the next value.
    buggy_consume_next(iterator)
    buggy_consume_next(iterator)
assert lines == ["Value: 1"] * 3


@tf.function
def good_consume_next(iterator):
    # This is ok, iterator is a tf.data.Iterator
    tf_print("Value:", next(iterator))


lines = []
with printed_lines(lines):
    ds = tf.data.Dataset.from_tensor_slices([1, 2, 3])
    iterator = iter(ds)
    good_consume_next(iterator)
    good_consume_next(iterator)
    good_consume_next(iterator)
assert lines == ["Value: 1", "Value: 2", "Value: 3"]


# -- Depending on Python global and free variables -----------------------------------------
@tf.function
def buggy_add():
    return 1 + foo


@tf.function
def recommended_add(foo):
    return 1 + foo


foo = 1
print("Buggy:", buggy_add())
print("Correct:", recommended_add(foo))
print("Updating the value of `foo` to 100!")
foo = 100
assert int(buggy_add()) == 2  # Did not change!
assert int(recommended_add(foo)) == 101


@tf.function
def variable_add():
    return 1 + foo


foo = tf.Variable(1)
assert int(variable_add()) == 2
print("Updating the value of `foo` to 100!")
foo.assign(100)
assert int(variable_add()) == 101


# -- Depending on Python objects -----------------------------------------------------------
class SimpleModel(tf.Module):
    def __init__(self):
        # These values are *not* tf.Variables.
        self.bias = 0.0
        self.weight = 2.0


@tf.function
def evaluate(model, x):
    return model.weight * x + model.bias


simple_model = SimpleModel()
x = tf.constant(10.0)
assert float(evaluate(simple_model, x)) == 20.0
print("Adding bias!")
simple_model.bias += 5.0
assert float(evaluate(simple_model, x)) == 20.0  # Didn't change :(


def evaluate(model, x):
    return model.weight * x + model.bias


new_model = SimpleModel()
evaluate_no_bias = tf.function(evaluate).get_concrete_function(new_model, x)
# Don't pass in `new_model`, `Function` already captured its state during tracing.
assert float(evaluate_no_bias(x)) == 20.0
print("Adding bias!")
new_model.bias += 5.0
# Create new Function and ConcreteFunction since you modified new_model.
evaluate_with_bias = tf.function(evaluate).get_concrete_function(new_model, x)
assert float(evaluate_with_bias(x)) == 25.0  # Don't pass in `new_model`.


class BetterModel:
    def __init__(self):
        self.bias = tf.Variable(0.0)
        self.weight = tf.Variable(2.0)


@tf.function
def evaluate(model, x):
    return model.weight * x + model.bias


better_model = BetterModel()
assert float(evaluate(better_model, x)) == 20.0
print("Adding bias!")
better_model.bias.assign_add(5.0)  # Note: instead of better_model.bias += 5
assert float(evaluate(better_model, x)) == 25.0  # This works!


# -- Creating tf.Variables -------------------------------------------------------------------
@tf.function
def f(x):
    v = tf.Variable(1.0)
    return v


# TensorFlow traces a function that created Variables a second time within the first call
# and raises there; nnext keeps that first call's eager result and raises on the next trace.
f(1.0)
with assert_raises(ValueError):
    f(1.0)


class Count(tf.Module):
    def __init__(self):
        self.count = None

    @tf.function
    def __call__(self):
        if self.count is None:
            self.count = tf.Variable(0)
        return self.count.assign_add(1)


c = Count()
assert int(c()) == 1
assert int(c()) == 2


# -- Using with multiple Keras optimizers ----------------------------------------------------
opt1 = tf.keras.optimizers.Adam(learning_rate=1e-2)
opt2 = tf.keras.optimizers.Adam(learning_rate=1e-3)


@tf.function
def train_step(w, x, y, optimizer):
    with tf.GradientTape() as tape:
        L = tf.reduce_sum(tf.square(w * x - y))
    gradients = tape.gradient(L, [w])
    optimizer.apply_gradients(zip(gradients, [w]))


w = tf.Variable(2.0)
x = tf.constant([-1.0])
y = tf.constant([2.0])

train_step(w, x, y, opt1)
print("Calling `train_step` with different optimizer...")
with assert_raises(ValueError):
    train_step(w, x, y, opt2)

opt1 = tf.keras.optimizers.Adam(learning_rate=1e-2)
opt2 = tf.keras.optimizers.Adam(learning_rate=1e-3)


# Not a tf.function.
def train_step(w, x, y, optimizer):
    with tf.GradientTape() as tape:
        L = tf.reduce_sum(tf.square(w * x - y))
    gradients = tape.gradient(L, [w])
    optimizer.apply_gradients(zip(gradients, [w]))


w = tf.Variable(2.0)

# Make a new Function and ConcreteFunction for each optimizer.
train_step_1 = tf.function(train_step).get_concrete_function(w, x, y, opt1)
train_step_2 = tf.function(train_step).get_concrete_function(w, x, y, opt2)
for i in range(10):
    if i % 2 == 0:
        train_step_1(w, x, y)  # `opt1` is not used as a parameter.
    else:
        train_step_2(w, x, y)  # `opt2` is not used as a parameter.
assert int(opt1.iterations) == int(opt2.iterations) == 5
assert float(w) < 2.0  # w * -1 moves towards 2: w decreases
