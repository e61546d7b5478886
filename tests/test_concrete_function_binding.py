"""Calling a ConcreteFunction directly, as the tf.function guide does: inputs are checked
against the trace's signature (TensorFlow's InvalidArgumentError for a tensor of another
dtype), the Python values the trace was made with fill their parameters, a different value
is a TypeError; input_signature dtype mismatches are TypeError and ValueError alike."""

import pytest

import nnext as tf


@tf.function
def power(a, b):
    return a**b


def test_python_value_of_the_trace_fills_its_parameter():
    square = power.get_concrete_function(a=tf.TensorSpec(None, tf.float32), b=2)
    assert float(square(tf.constant(10.0))) == 100.0
    assert float(square(a=tf.constant(3.0))) == 9.0
    assert float(square(tf.constant(3.0), b=2)) == 9.0
    with pytest.raises(TypeError, match=r"Can not cast 3 to Literal\[2\]"):
        square(tf.constant(10.0), b=3)
    assert str(square).startswith(
        "ConcreteFunction Input Parameters:\n"
        "  a (POSITIONAL_OR_KEYWORD): TensorSpec(shape=<unknown>, dtype=nnext.float32, name=None)\n"
        "  b (POSITIONAL_OR_KEYWORD): Literal[2]\n"
    )


def test_positional_inputs_skip_the_traced_python_arguments():
    class Model:
        weight, bias = 2.0, 5.0

    evaluate = tf.function(lambda model, x: model.weight * x + model.bias)
    concrete = evaluate.get_concrete_function(Model(), tf.constant(1.0))
    assert float(concrete(tf.constant(10.0))) == 25.0
    with pytest.raises(TypeError, match="takes 1 positional arguments but 2 were given"):
        concrete(tf.constant(1.0), tf.constant(2.0))


def test_tensor_of_another_dtype_or_shape_is_an_invalid_argument():
    double = tf.function(lambda a: a + a)
    ints = double.get_concrete_function(tf.TensorSpec([], tf.int32))
    assert int(ints(tf.constant(4))) == 8
    with pytest.raises(
        tf.errors.InvalidArgumentError,
        match=r"input #0\(zero-based\) was expected to be a int32 tensor but is a float32",
    ):
        ints(tf.constant(1.0))
    with pytest.raises(tf.errors.InvalidArgumentError, match="was expected to have shape"):
        ints(tf.constant([1, 2]))
    with pytest.raises(TypeError, match="missing required argument: 'a'"):
        ints()


def test_str_of_a_concrete_function_is_its_signature():
    double = tf.function(lambda a: a + a)
    concrete = double.get_concrete_function(tf.constant(1))
    assert str(concrete).startswith(
        "ConcreteFunction Input Parameters:\n  a (POSITIONAL_OR_KEYWORD): "
        "TensorSpec(shape=(), dtype=nnext.int32, name=None)"
    )


def test_input_signature_dtype_mismatch_is_type_and_value_error():
    @tf.function(input_signature=(tf.TensorSpec(shape=[None], dtype=tf.int32),))
    def next_collatz(x):
        return tf.where(x % 2 == 0, x // 2, 3 * x + 1)

    for bad in (tf.constant([1.0, 2.0]), tf.constant([[1, 2], [3, 4]])):
        with pytest.raises(TypeError, match="Can not cast"):
            next_collatz(bad)
        with pytest.raises(ValueError, match="Can not cast"):
            next_collatz(bad)
