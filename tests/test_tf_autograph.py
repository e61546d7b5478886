"""tf.autograph (to_graph/to_code/trace/set_verbosity, experimental.Feature/do_not_convert/
set_loop_options) on nnext, which runs Python as written; tf.AggregationMethod's constants;
GradientTape.gradient's output_gradients and unconnected_gradients as TensorFlow's."""

import inspect
import sys

import numpy as np
import pytest

import nnext as tf


def square_if_positive(x):
    if x > 0:
        x = x * x
    else:
        x = 0.0
    return x


def test_to_graph_returns_a_function_computing_the_same():
    converted = tf.autograph.to_graph(square_if_positive)
    assert float(converted(tf.constant(3.0))) == 9.0
    assert float(converted(tf.constant(-3.0))) == 0.0


def test_to_code_is_the_source_of_the_function_and_of_a_tf_function():
    code = tf.autograph.to_code(square_if_positive)
    assert code.startswith("def square_if_positive(x):")
    assert code == inspect.getsource(square_if_positive)
    assert tf.autograph.to_code(tf.function(square_if_positive)) == code
    with pytest.raises(TypeError):
        tf.autograph.to_code(3)


def test_trace_prints_its_arguments(capsys):
    tf.autograph.trace("x is", 1, [2])
    assert capsys.readouterr().out == "x is 1 [2]\n"


def test_set_verbosity_records_the_level():
    tf.autograph.set_verbosity(3, alsologtostdout=True)
    assert tf.autograph.verbosity == {"level": 3, "alsologtostdout": True}
    tf.autograph.set_verbosity(0)
    assert tf.autograph.verbosity == {"level": 0, "alsologtostdout": False}


def test_do_not_convert_bare_and_called():
    @tf.autograph.experimental.do_not_convert
    def f(x):
        return x + 1

    @tf.autograph.experimental.do_not_convert()
    def g(x):
        return x * 2

    assert f(1) == 2 and g(3) == 6 and f.__name__ == "f"
    assert float(tf.function(f)(tf.constant(1.0))) == 2.0


def test_feature_enum():
    feature = tf.autograph.experimental.Feature
    assert [f.name for f in feature] == [
        "ALL",
        "AUTO_CONTROL_DEPS",
        "ASSERT_STATEMENTS",
        "BUILTIN_FUNCTIONS",
        "EQUALITY_OPERATORS",
        "LISTS",
        "NAME_SCOPES",
    ]
    assert feature.LISTS.value == "LISTS"
    assert len(feature.all()) == 7
    rest = feature.all_but(feature.LISTS)
    assert feature.LISTS not in rest and feature.ALL not in rest and len(rest) == 5
    assert len(feature.all_but([feature.LISTS, feature.NAME_SCOPES])) == 4
    f = tf.function(lambda x: x + 1, experimental_autograph_options=(feature.EQUALITY_OPERATORS,))
    assert float(f(tf.constant(1.0))) == 2.0


def test_set_loop_options_in_a_loop_has_no_effect():
    @tf.function
    def total(n):
        s = tf.constant(0)
        for i in tf.range(n):
            tf.autograph.experimental.set_loop_options(
                parallel_iterations=1, maximum_iterations=100, shape_invariants=[(s, s.shape)]
            )
            s += i
        return s

    assert int(total(tf.constant(5))) == 10
    assert tf.autograph.experimental.set_loop_options() is None


def test_aggregation_method_constants():
    assert tf.AggregationMethod.ADD_N == 0 == tf.AggregationMethod.DEFAULT
    assert tf.AggregationMethod.EXPERIMENTAL_TREE == 1
    assert tf.AggregationMethod.EXPERIMENTAL_ACCUMULATE_N == 2


def test_gradient_output_gradients_and_unconnected_gradients():
    x = tf.Variable([1.0, 2.0])
    unused = tf.Variable(3.0)
    with tf.GradientTape(persistent=True) as tape:
        y = x * x
    seeded = tape.gradient(y, x, output_gradients=tf.constant([10.0, 100.0]))
    np.testing.assert_array_equal(seeded.numpy(), [20.0, 400.0])
    assert tape.gradient(y, unused) is None
    zero = tape.gradient(y, unused, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    assert float(zero) == 0.0
    assert float(tape.gradient(y, unused, unconnected_gradients="zero")) == 0.0


def test_tf_print_runs_on_every_call_python_print_only_while_tracing(capsys):
    @tf.function
    def f(x):
        print("Traced with", x)
        tf.print("Executed with", x, output_stream=sys.stdout)

    f(1)
    f(1)
    f(2)
    assert capsys.readouterr().out.splitlines() == [
        "Traced with 1",
        "Executed with 1",
        "Executed with 1",
        "Traced with 2",
        "Executed with 2",
    ]

    @tf.function
    def scaled(x):
        y = x * 2.0
        tf.print("y:", y, output_stream=sys.stdout)
        return y + 1.0

    for value in (1.0, 2.0, 3.0):  # one trace, then replays that print their own values
        scaled(tf.constant(value))
    assert capsys.readouterr().out.splitlines() == ["y: 2", "y: 4", "y: 6"]
    assert scaled.experimental_get_tracing_count() == 1
