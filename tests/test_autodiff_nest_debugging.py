"""Autodiff helpers, tf.nest and tf.debugging (moved from test_math_catalog.py):
stop_gradient/identity/custom_gradient, jacobian and batch_jacobian, nest structures,
tf.print and the debugging asserts."""

import collections
import io
import sys

import numpy as np
import pytest

import nnext
from nnext import (
    autodiff,
    debugging,
    math_ops,
    nest,
)

RNG = np.random.default_rng(12)


# -- autodiff ------------------------------------------------------------------------------


def test_stop_gradient_identity_custom_gradient():
    x = nnext.Variable(3.0)
    with nnext.GradientTape() as tape:
        y = x * autodiff.stop_gradient(x) + autodiff.identity(x)
    assert float(tape.gradient(y, x)) == 4.0

    @autodiff.custom_gradient
    def log1pexp(v):
        e = nnext.exp(v)

        def grad(upstream):
            return upstream * (1 - 1 / (1 + e))

        return nnext.log(1 + e), grad

    big = nnext.Variable(100.0)
    with nnext.GradientTape() as tape:
        out = log1pexp(big)
    assert float(tape.gradient(out, big)) == 1.0  # the naive composition gives nan

    @autodiff.custom_gradient
    def clip_grad(a, b):
        def grad(upstream):
            return nnext.clip_by_value(upstream, -0.1, 0.1), None

        return a * b, grad

    a = nnext.Variable([1.0, 2.0])
    with nnext.GradientTape() as tape:
        z = clip_grad(a, nnext.constant([5.0, 6.0]))
    assert tape.gradient(z, a).numpy().tolist() == pytest.approx([0.1, 0.1])
    with nnext.GradientTape() as tape:
        r = autodiff.grad_pass_through(math_ops.round)(a * 1.4)
    assert tape.gradient(r, a).numpy().tolist() == pytest.approx([1.4, 1.4])
    assert autodiff.recompute_grad(math_ops.floor) is math_ops.floor
    assert autodiff.UnconnectedGradients.ZERO == "zero"
    unused = nnext.Variable(1.0)
    with nnext.GradientTape() as tape:
        w = a * 2.0
    assert (
        float(tape.gradient(w, unused, unconnected_gradients=autodiff.UnconnectedGradients.ZERO))
        == 0.0
    )


def test_jacobian_batch_jacobian_reset():
    x = nnext.Variable([1.0, 2.0, 3.0])
    with nnext.GradientTape() as tape:  # not persistent: one jacobian, as in TensorFlow
        y = x * x
    np.testing.assert_array_equal(tape.jacobian(y, x).numpy(), np.diag([2.0, 4.0, 6.0]))
    with pytest.raises(RuntimeError, match="can only be called once"):
        tape.gradient(y, x)
    w = nnext.Variable(RNG.normal(size=(3, 2)))
    b = nnext.Variable(np.ones(2))
    with nnext.GradientTape(persistent=True) as tape:
        out = nnext.tanh(nnext.constant(RNG.normal(size=(4, 3))) @ w + b)
    jw, jb = tape.jacobian(out, [w, b])
    assert jw.shape == (4, 2, 3, 2) and jb.shape == (4, 2, 2)
    np.testing.assert_allclose(
        nnext.reduce_sum(jb, [0, 1]).numpy(), tape.gradient(out, b).numpy(), rtol=1e-12
    )
    xb = nnext.Variable(RNG.normal(size=(5, 3)))
    with nnext.GradientTape() as tape:
        yb = nnext.sigmoid(xb @ w)
    jac = tape.batch_jacobian(yb, xb)
    assert jac.shape == (5, 2, 3)
    s = 1 / (1 + np.exp(-(xb.numpy() @ w.numpy())))
    want = (s * (1 - s))[:, :, None] * w.numpy().T[None]
    np.testing.assert_allclose(jac.numpy(), want, rtol=1e-10)
    with nnext.GradientTape() as tape:
        bad = xb[:3] * 2.0
    with pytest.raises(ValueError, match="Need first dimension of target shape"):
        tape.batch_jacobian(bad, nnext.Variable(np.ones((4, 3))))
    v = nnext.Variable(2.0)
    with nnext.GradientTape() as tape:
        first = v * v
        tape.reset()
        second = v * 3.0
    assert float(tape.gradient(second, v)) == 3.0
    del first


# -- nest and debugging --------------------------------------------------------------------


def test_nest():
    Point = collections.namedtuple("Point", ["x", "y"])
    structure = {"b": [1, (2, 3)], "a": Point(4, 5)}
    assert nest.flatten(structure) == [4, 5, 1, 2, 3]
    packed = nest.pack_sequence_as(structure, [10, 11, 12, 13, 14])
    assert packed == {"b": [12, (13, 14)], "a": Point(10, 11)}
    assert list(packed) == ["b", "a"]  # the mapping keeps its own key order
    assert nest.map_structure(lambda u, v: u + v, [1, (2, 3)], [10, (20, 30)]) == [11, (22, 33)]
    assert nest.flatten(None) == [None] and nest.flatten(7) == [7]
    assert nest.is_nested([1]) and not nest.is_nested("ab")
    assert nest.flatten_with_joined_string_paths({"a": [5, 6]}) == [("a/0", 5), ("a/1", 6)]
    with pytest.raises(ValueError, match="don't have the same nested structure"):
        nest.assert_same_structure([1, 2], [1, [2]])
    with pytest.raises(TypeError, match="don't have the same sequence type"):
        nest.assert_same_structure([1], (1,))
    nest.assert_same_structure([1], (1,), check_types=False)
    with pytest.raises(ValueError, match="Structure had 2 atoms, but flat_sequence had 3"):
        nest.pack_sequence_as([0, 0], [1, 2, 3])


def test_print_as_tensorflow():
    out = io.StringIO()
    debugging.print("loss:", nnext.constant([1.5, 2.0]), output_stream=out)
    debugging.print(nnext.range(10), output_stream=out)
    debugging.print(nnext.reshape(nnext.range(8), [2, 2, 2]), output_stream=out)
    debugging.print(
        nnext.constant(1 / 3), {"a": nnext.constant([True, False])}, sep="|", output_stream=out
    )
    debugging.print(nnext.range(10), summarize=-1, end="!\n", output_stream=out)
    assert out.getvalue() == (
        "loss: [1.5 2]\n"
        "[0 1 2 ... 7 8 9]\n"
        "[[[0 1]\n  [2 3]]\n\n [[4 5]\n  [6 7]]]\n"
        "0.333333343|{'a': [1 0]}\n"
        "[0 1 2 3 4 5 6 7 8 9]!\n"
    )
    err = io.StringIO()
    real, sys.stderr = sys.stderr, err
    try:
        debugging.print("to stderr")
    finally:
        sys.stderr = real
    assert err.getvalue() == "to stderr\n"


def test_debugging_asserts():
    d = debugging
    d.set_log_device_placement(True)
    assert bool(d.is_non_decreasing([1, 2]))
    d.assert_equal(nnext.constant([1, 2]), [1, 2])
    with pytest.raises(ValueError, match=r"custom\nCondition x == y did not hold"):
        d.assert_equal([1, 2], [1, 3], message="custom")
    d.assert_less([1], [2])
    with pytest.raises(ValueError, match="Condition x > y did not hold"):
        d.assert_greater([1], [2])
    with pytest.raises(ValueError, match="Condition x > 0 did not hold element-wise"):
        d.assert_positive([1.0, 0.0])
    d.assert_non_negative([0, 1])
    d.assert_near([1.0], [1.0 + 1e-7])
    with pytest.raises(ValueError, match="not equal to tolerance"):
        d.assert_near([1.0], [1.1])
    d.assert_rank(nnext.ones([2, 3]), 2)
    with pytest.raises(ValueError, match="Tensor must have rank 3.  Received rank 2"):
        d.assert_rank(nnext.ones([2, 3]), 3)
    d.assert_shapes([(nnext.ones([2, 3]), ("N", "D")), (nnext.ones([2]), ("N",))])
    with pytest.raises(ValueError, match="Tensor dimension 'N' must have size 2"):
        d.assert_shapes([(nnext.ones([2, 3]), ("N", "D")), (nnext.ones([4]), ("N",))])
    with pytest.raises(TypeError, match="must be of type"):
        d.assert_type(nnext.ones([1]), nnext.int32)
    with pytest.raises(ValueError, match="bad values : Tensor had NaN values"):
        d.check_numerics(nnext.constant([1.0, np.nan]), "bad values")
    with pytest.raises(ValueError, match="Tensor had Inf values"):
        d.assert_all_finite(nnext.constant([np.inf]), "x")
    assert d.is_numeric_tensor(nnext.ones([1])) and not d.is_numeric_tensor([1])
    with pytest.raises(ValueError, match="Expected .* to be true"):
        debugging.Assert(nnext.constant(False), [nnext.constant([1, 2])])
