"""tf.cond / case / switch_case / while_loop / map_fn / foldl / foldr / scan, run eagerly."""

import numpy as np
import pytest

import nnext
from nnext import control_flow as cf


def test_cond_case_switch_case():
    x = nnext.constant(3.0)
    assert float(cf.cond(x > 2.0, lambda: x * 2.0, lambda: x)) == 6.0
    assert float(cf.cond(x > 5.0, lambda: x * 2.0, lambda: x)) == 3.0
    with pytest.raises(TypeError, match="must be callables"):
        cf.cond(True, 1, 2)
    assert cf.case([(x < 0, lambda: "neg"), (x > 0, lambda: "pos")], default=lambda: "0") == "pos"
    assert cf.case([(x < 0, lambda: "neg")], default=lambda: "zero") == "zero"
    with pytest.raises(ValueError, match="more than one condition"):
        cf.case([(x > 0, lambda: 1), (x > 1, lambda: 2)], exclusive=True)
    assert cf.switch_case(nnext.constant(1), [lambda: "a", lambda: "b"]) == "b"
    assert cf.switch_case(7, [lambda: "a", lambda: "b"]) == "b"  # out of range: the last
    assert cf.switch_case(7, {0: lambda: "a"}, default=lambda: "d") == "d"


def test_while_loop():
    i, total = cf.while_loop(
        lambda i, s: i < 5, lambda i, s: (i + 1, s + i), [nnext.constant(0), nnext.constant(0)]
    )
    assert int(i) == 5 and int(total) == 10
    assert (
        int(
            cf.while_loop(
                lambda i: i < 100, lambda i: i * 2, nnext.constant(1), maximum_iterations=3
            )
        )
        == 8
    )
    with pytest.raises(ValueError, match="body returned 1 loop variables, expected 2"):
        cf.while_loop(lambda a, b: a < 1, lambda a, b: (a + 1,), [0, 0])


def test_map_fn_and_gradients():
    x = nnext.Variable([1.0, 2.0, 3.0])
    with nnext.GradientTape() as tape:
        y = cf.map_fn(lambda t: t * t, x)
    np.testing.assert_array_equal(y.numpy(), [1.0, 4.0, 9.0])
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [2.0, 4.0, 6.0])
    pairs = cf.map_fn(
        lambda ab: (ab[0] + ab[1], ab[0] * ab[1]), (nnext.constant([1, 2]), nnext.constant([3, 4]))
    )
    assert pairs[0].numpy().tolist() == [4, 6] and pairs[1].numpy().tolist() == [3, 8]
    rows = cf.map_fn(lambda r: nnext.reduce_sum(r), nnext.ones([4, 3]))
    assert rows.numpy().tolist() == [3.0] * 4
    assert (
        cf.map_fn(lambda t: t, nnext.constant([1, 2]), fn_output_signature="float32").dtype
        == nnext.float32
    )
    assert cf.vectorized_map(lambda t: t + 1, nnext.constant([1, 2])).numpy().tolist() == [2, 3]
    with pytest.raises(ValueError, match="same first dimension"):
        cf.map_fn(lambda p: p, (nnext.ones([2]), nnext.ones([3])))


def test_folds_and_scan():
    elems = nnext.constant([1, 2, 3, 4])
    assert int(cf.foldl(lambda a, x: a - x, elems)) == 1 - 2 - 3 - 4
    assert int(cf.foldr(lambda a, x: a - x, elems)) == 4 - 3 - 2 - 1
    assert int(cf.foldl(lambda a, x: a + x, elems, initializer=nnext.constant(10))) == 20
    assert cf.scan(lambda a, x: a + x, elems).numpy().tolist() == [1, 3, 6, 10]
    assert cf.scan(lambda a, x: a + x, elems, reverse=True).numpy().tolist() == [10, 9, 7, 4]
    assert cf.scan(lambda a, x: a * x, elems, initializer=nnext.constant(1)).numpy().tolist() == [
        1,
        2,
        6,
        24,
    ]
    with pytest.raises(ValueError, match="no initializer"):
        cf.foldl(lambda a, x: a, nnext.zeros([0]))
