"""tf.function with eager semantics: decorator and call forms, input_signature, tracing
bookkeeping, get_concrete_function, methods, run_functions_eagerly."""

import numpy as np
import pytest

import nnext
from nnext.function import function, functions_run_eagerly, run_functions_eagerly
from nnext.module import Module
from nnext.tensor_spec import TensorSpec


def test_decorator_and_call_forms_compute_the_same():
    def f(x, y):
        return x * y + 1.0

    x, y = nnext.constant([1.0, 2.0]), nnext.constant([3.0, 4.0])
    for g in (
        function(f),
        function()(f),
        function(f, jit_compile=True),
        function(reduce_retracing=True)(f),
        function(f, autograph=False),
    ):
        np.testing.assert_array_equal(g(x, y).numpy(), [4.0, 9.0])
    assert function(f).__name__ == "f" and function(f).python_function is f


def test_gradients_flow_through_a_function():
    w = nnext.Variable([2.0, 3.0])

    @function
    def loss_fn(x):
        return nnext.reduce_sum(w * x)

    with nnext.GradientTape() as tape:
        loss = loss_fn(nnext.constant([5.0, 7.0]))
    np.testing.assert_array_equal(tape.gradient(loss, w).numpy(), [5.0, 7.0])


def test_tracing_count_follows_tensorflow_rules():
    f = function(lambda x, n=1: x * n)
    f(nnext.ones([2]))
    f(nnext.ones([2]))  # same shape and dtype: no new trace
    assert f.experimental_get_tracing_count() == 1
    f(nnext.ones([3]))  # new shape
    f(nnext.ones([2], dtype="float64"))  # new dtype
    assert f.experimental_get_tracing_count() == 3
    f(nnext.ones([2]), 2)
    f(nnext.ones([2]), 2)
    f(nnext.ones([2]), 3)  # Python values trace by value
    assert f.experimental_get_tracing_count() == 5
    f([nnext.ones([2]), 1.0])  # a list traces by structure and its items
    f([nnext.ones([2]), 1.0])
    assert f.experimental_get_tracing_count() == 6


def test_reduce_retracing_relaxes_shapes():
    f = function(lambda x: x + 1.0, reduce_retracing=True)
    for shape in ([2], [3], [4], [5]):
        f(nnext.zeros(shape))
    assert f.experimental_get_tracing_count() == 2  # (2,), then (None,) for the rest
    f(nnext.zeros([2, 2]))  # a new rank: an unknown shape
    f(nnext.zeros([3, 3, 3]))
    assert f.experimental_get_tracing_count() == 3
    signatures = f.pretty_printed_concrete_signatures()
    assert "TensorSpec(shape=(None,)" in signatures and "TensorSpec(shape=<unknown>" in signatures


def test_input_signature_converts_and_checks():
    f = function(lambda x: x * 2.0, input_signature=[TensorSpec(shape=[None], dtype="float32")])
    out = f([1, 2, 3])  # a Python list converts to the signature's dtype
    assert out.dtype == nnext.float32 and out.numpy().tolist() == [2.0, 4.0, 6.0]
    f(nnext.ones([5]))
    assert f.experimental_get_tracing_count() == 1  # one trace for everything the spec admits
    with pytest.raises(TypeError, match=r"Binding inputs to tf.function .* `Can not cast"):
        f(nnext.constant([1, 2]))  # int32 is not float32
    with pytest.raises(TypeError, match="Can not cast"):
        f(nnext.ones([2, 2]))  # rank 2 for a rank-1 spec
    with pytest.raises(TypeError, match="input_signature has 1 arguments"):
        f(nnext.ones([2]), nnext.ones([2]))
    with pytest.raises(TypeError, match="input_signature must be a possibly nested sequence"):
        function(lambda x: x, input_signature=[3])


def test_input_signature_nested_and_keyword():
    spec = [TensorSpec([2], "float32"), TensorSpec([], "int32")]
    f = function(lambda pair: pair[0] * nnext.cast(pair[1], "float32"), input_signature=[spec])
    np.testing.assert_array_equal(f([[1.0, 2.0], 3]).numpy(), [3.0, 6.0])
    g = function(lambda x: x + 1, input_signature=[TensorSpec([None], "int32")])
    np.testing.assert_array_equal(g(x=[1, 2]).numpy(), [2, 3])


def test_get_concrete_function_and_signatures():
    @function
    def square(x):
        return x * x

    concrete = square.get_concrete_function(TensorSpec([None, 2], "float32"))
    np.testing.assert_array_equal(concrete(nnext.ones([3, 2]) * 3.0).numpy(), np.full((3, 2), 9.0))
    assert concrete.structured_input_signature == ((TensorSpec((None, 2), "float32"),), {})
    text = concrete.pretty_printed_signature()
    assert text.startswith(
        "Input Parameters:\n  x (POSITIONAL_OR_KEYWORD): TensorSpec(shape=(None, 2)"
    )
    assert "Output Type:\n  TensorSpec(shape=(3, 2)" in text
    # Inputs the concrete function accepts reuse its trace.
    square(nnext.ones([7, 2]))
    assert square.experimental_get_tracing_count() == 1
    pinned = function(lambda x: x, input_signature=[TensorSpec([3], "int32")])
    assert pinned.get_concrete_function().structured_input_signature[0] == (
        TensorSpec([3], "int32"),
    )


def test_methods_are_bound_per_instance():
    class Model(Module):
        def __init__(self, scale):
            super().__init__()
            self.scale = nnext.Variable(scale)

        @function
        def __call__(self, x):
            return x * self.scale

    a, b = Model(2.0), Model(3.0)
    assert float(a(nnext.constant(1.0))) == 2.0 and float(b(nnext.constant(1.0))) == 3.0
    a(nnext.constant(5.0))
    assert a.__call__.experimental_get_tracing_count() == 1
    assert b.__call__.experimental_get_tracing_count() == 1
    assert a.__call__ is a.__call__
    assert a.variables == (a.scale,)  # the bound function is no attribute of the module


def test_python_side_effects_run_while_tracing_only():
    # As TensorFlow: the second call replays the trace, with no Python.
    calls = []

    @function
    def f(x):
        calls.append(1)
        return x * 2.0

    f(nnext.ones([1]))
    out = f(nnext.constant([3.0]))
    assert len(calls) == 1 and f.experimental_get_tracing_count() == 1
    np.testing.assert_array_equal(out.numpy(), [6.0])


def test_run_functions_eagerly_skips_tracing_bookkeeping():
    f = function(lambda x: x + 1)
    try:
        run_functions_eagerly(True)
        assert functions_run_eagerly() and nnext.config.functions_run_eagerly()
        assert float(f(nnext.constant(1.0))) == 2.0
        assert f.experimental_get_tracing_count() == 0
    finally:
        run_functions_eagerly(False)
    assert not functions_run_eagerly()
    f(nnext.constant(1.0))
    assert f.experimental_get_tracing_count() == 1


def test_not_callable_raises():
    with pytest.raises(TypeError, match="expected a callable"):
        function(3)


def test_executing_eagerly_inside_and_outside_functions():
    from nnext.function import executing_eagerly

    assert executing_eagerly()
    assert function(lambda: executing_eagerly())()
