"""GradientTape and Variable behaviour (issue 3): source structures, None for unconnected
sources, non-differentiable dtypes, target summing and seeding, persistence, nested tapes,
watch_accessed_variables, TensorFlow's chain-rule demo, memory release, and a 2-layer MLP
against hand-derived NumPy gradients."""

import sys
import threading

import numpy as np
import pytest
from helpers import check_gradient

import nnext


def square_sum(x):
    return nnext.reduce_sum(x * x)


def test_sources_keep_their_structure():
    x = nnext.constant([1.0, 2.0])
    v = nnext.Variable(3.0)
    with nnext.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = square_sum(x) * v
    gx, gv = np.array([2.0, 4.0]) * 3.0, 5.0
    assert np.array_equal(tape.gradient(y, x).numpy(), gx)
    assert tape.gradient(y, v).numpy() == gv
    lst = tape.gradient(y, [x, v])
    assert isinstance(lst, list) and len(lst) == 2
    tup = tape.gradient(y, (x, v))
    assert isinstance(tup, tuple) and tup[1].numpy() == gv
    nested = tape.gradient(y, [x, [v, (x,)]])
    assert isinstance(nested[1], list) and isinstance(nested[1][1], tuple)
    np.testing.assert_array_equal(nested[1][1][0].numpy(), gx)
    d = tape.gradient(y, {"w": v, "inputs": [x]})
    assert set(d) == {"w", "inputs"} and d["w"].numpy() == gv
    np.testing.assert_array_equal(d["inputs"][0].numpy(), gx)


def test_unconnected_sources_get_none_or_zeros():
    x, z = nnext.constant([1.0, 2.0]), nnext.constant([5.0])
    with nnext.GradientTape(persistent=True) as tape:
        tape.watch([x, z])
        y = square_sum(x)
        w = z * 2.0  # recorded, but y does not depend on it
    assert tape.gradient(y, [x, z])[1] is None
    assert tape.gradient(y, w) is None
    zero = tape.gradient(y, [x, z], unconnected_gradients="zero")[1]
    np.testing.assert_array_equal(zero.numpy(), [0.0])
    unwatched = nnext.constant(1.0)
    assert tape.gradient(y, unwatched) is None


def test_integer_and_bool_tensors_are_never_differentiable():
    i = nnext.constant([1, 2, 3])
    b = nnext.constant([True, False, True])
    iv = nnext.Variable([1, 2, 3])
    with nnext.GradientTape() as tape:
        tape.watch([i, b])
        y = (
            nnext.reduce_sum(nnext.cast(i, "float32") * 2.0)
            + nnext.reduce_sum(nnext.cast(b, "float32"))
            + nnext.reduce_sum(nnext.cast(iv, "float32"))
        )
    assert tape.gradient(y, [i, b, iv]) == [None, None, None]


def test_non_scalar_targets_are_summed():
    x = nnext.constant([1.0, 2.0, 3.0])
    with nnext.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x  # d(sum(y))/dx = 2x
        z = nnext.reshape(x, [3, 1]) * nnext.constant([[1.0, 10.0]])
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [2.0, 4.0, 6.0])
    np.testing.assert_array_equal(tape.gradient(z, x).numpy(), [11.0, 11.0, 11.0])
    # A list of targets: the gradients of each are summed.
    np.testing.assert_array_equal(tape.gradient([y, z], x).numpy(), [13.0, 15.0, 17.0])


def test_output_gradients_seed_the_backward_pass():
    x = nnext.constant([1.0, 2.0, 3.0])
    with nnext.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
    seed = nnext.constant([1.0, 0.0, -2.0])
    np.testing.assert_array_equal(
        tape.gradient(y, x, output_gradients=seed).numpy(), [2.0, 0.0, -12.0]
    )
    np.testing.assert_array_equal(
        tape.gradient(y, x, output_gradients=np.array([0.5, 0.5, 0.5], np.float32)).numpy(),
        [1.0, 2.0, 3.0],
    )


def test_gradient_of_a_target_with_respect_to_itself_is_ones():
    x = nnext.constant([[1.0, 2.0]])
    with nnext.GradientTape() as tape:
        tape.watch(x)
    np.testing.assert_array_equal(tape.gradient(x, x).numpy(), [[1.0, 1.0]])


def test_non_persistent_tape_allows_one_gradient_call():
    x = nnext.constant(3.0)
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert tape.gradient(y, x).numpy() == 6.0
    with pytest.raises(
        RuntimeError,
        match=r"GradientTape.gradient can only be called once on "
        r"non-persistent tapes",
    ):
        tape.gradient(y, x)


def test_persistent_tape_allows_many_calls():
    x = nnext.constant(3.0)
    with nnext.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    assert tape.gradient(z, x).numpy() == 108.0  # 4 x^3
    assert tape.gradient(y, x).numpy() == 6.0
    assert tape.gradient(z, y).numpy() == 18.0
    assert tape.gradient(z, x).numpy() == 108.0


def test_nested_tapes_give_second_derivatives():
    x = nnext.constant(1.5, dtype="float64")
    with nnext.GradientTape() as t2:
        t2.watch(x)
        with nnext.GradientTape() as t1:
            t1.watch(x)
            y = x**3.0 + nnext.sin(x)
        dy = t1.gradient(y, x)
    d2y = t2.gradient(dy, x)
    np.testing.assert_allclose(dy.numpy(), 3 * 1.5**2 + np.cos(1.5), rtol=1e-14)
    np.testing.assert_allclose(d2y.numpy(), 6 * 1.5 - np.sin(1.5), rtol=1e-14)


def test_third_derivative_with_three_tapes():
    x = nnext.constant(0.7, dtype="float64")
    with nnext.GradientTape() as t3:
        t3.watch(x)
        with nnext.GradientTape() as t2:
            t2.watch(x)
            with nnext.GradientTape() as t1:
                t1.watch(x)
                y = nnext.exp(2.0 * x)
            g1 = t1.gradient(y, x)
        g2 = t2.gradient(g1, x)
    g3 = t3.gradient(g2, x)
    np.testing.assert_allclose(g3.numpy(), 8 * np.exp(1.4), rtol=1e-14)


def test_persistent_tape_differentiates_its_own_gradient():
    x = nnext.constant(2.0, dtype="float64")
    with nnext.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x**4.0
        dy = tape.gradient(y, x)
    np.testing.assert_allclose(tape.gradient(dy, x).numpy(), 12 * 2.0**2)


def test_second_derivative_of_a_mixed_function():
    # Hessian-vector product of f(x) = sum(tanh(x) * x^2) in one direction.
    xv = np.array([0.3, -0.8, 1.1])
    x = nnext.constant(xv)
    v = nnext.constant([1.0, 2.0, -1.0], dtype="float64")
    with nnext.GradientTape() as outer:
        outer.watch(x)
        with nnext.GradientTape() as inner:
            inner.watch(x)
            f = nnext.reduce_sum(nnext.tanh(x) * nnext.square(x))
        g = inner.gradient(f, x)
        gv = nnext.reduce_sum(g * v)
    hv = outer.gradient(gv, x).numpy()
    t = np.tanh(xv)
    s = 1 - t**2
    diag = -2 * t * s * xv**2 + 4 * s * xv + 2 * t
    np.testing.assert_allclose(hv, diag * v.numpy(), rtol=1e-13)


def test_trainable_variables_are_watched_automatically():
    w = nnext.Variable([1.0, 2.0])
    frozen = nnext.Variable([1.0, 1.0], trainable=False)
    with nnext.GradientTape() as tape:
        y = nnext.reduce_sum(w * frozen * 3.0)
    assert [v.name for v in tape.watched_variables()] == [w.name]
    gw, gf = tape.gradient(y, [w, frozen])
    np.testing.assert_array_equal(gw.numpy(), [3.0, 3.0])
    assert gf is None


def test_watch_accessed_variables_false():
    w = nnext.Variable([1.0, 2.0])
    u = nnext.Variable([4.0, 5.0])
    with nnext.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(u)
        y = nnext.reduce_sum(w * u)
    gw, gu = tape.gradient(y, [w, u])
    assert gw is None
    np.testing.assert_array_equal(gu.numpy(), [1.0, 2.0])
    assert len(tape.watched_variables()) == 1


def test_watch_takes_nested_lists():
    a, b, c = nnext.constant(1.0), nnext.constant(2.0), nnext.constant(3.0)
    with nnext.GradientTape() as tape:
        tape.watch([a, [b, (c,)]])
        y = a * b * c
    assert [g.numpy() for g in tape.gradient(y, [a, b, c])] == [6.0, 3.0, 2.0]


def test_stop_recording():
    x = nnext.constant(2.0)
    with nnext.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        with tape.stop_recording():
            z = y * 10.0
        out = y + z
    assert tape.gradient(out, x).numpy() == 4.0


def test_ops_outside_the_with_block_are_not_recorded():
    x = nnext.constant(2.0)
    with nnext.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
    z = y * 3.0
    assert tape.gradient(y, x).numpy() == 4.0
    assert tape.gradient(z, x) is None


def test_other_threads_do_not_record_on_this_threads_tape():
    x = nnext.constant(2.0)
    result = {}
    with nnext.GradientTape() as tape:
        tape.watch(x)
        worker = threading.Thread(target=lambda: result.setdefault("y", x * x))
        worker.start()
        worker.join()
    assert tape.gradient(result["y"], x) is None


def test_variable_assign_is_not_recorded():
    v = nnext.Variable(2.0)
    with nnext.GradientTape() as tape:
        v.assign_add(1.0)
        v.assign_sub(nnext.constant(0.5))
        y = v * v
    assert tape.gradient(y, v).numpy() == 5.0
    assert v.numpy() == 2.5


def test_tensorflow_chain_rule_demo():
    x = nnext.constant([[1.0, 2.0]])
    w1 = nnext.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    b1 = nnext.constant([1.0, 1.0, 1.0])
    w2 = nnext.constant([[1.0], [2.0], [3.0]])
    b2 = nnext.constant([0.5])
    with nnext.GradientTape(persistent=True) as tape:
        tape.watch([w1, b1, w2, b2])
        y1 = x @ w1 + b1
        y2 = y1 @ w2 + b2
    np.testing.assert_array_equal(y1.numpy(), [[10.0, 13.0, 16.0]])
    np.testing.assert_array_equal(y2.numpy(), [[84.5]])
    dy2_dy1 = tape.gradient(y2, y1)
    dy1_dw1 = tape.gradient(y1, w1)
    dy2_dw1 = tape.gradient(y2, w1)
    np.testing.assert_array_equal(dy2_dy1.numpy(), [[1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(dy1_dw1.numpy(), [[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]])
    np.testing.assert_array_equal(dy2_dw1.numpy(), [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]])
    np.testing.assert_array_equal((dy2_dy1 * dy1_dw1).numpy(), dy2_dw1.numpy())
    db1, dw2, db2 = tape.gradient(y2, [b1, w2, b2])
    np.testing.assert_array_equal(db1.numpy(), [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(dw2.numpy(), [[10.0], [13.0], [16.0]])
    np.testing.assert_array_equal(db2.numpy(), [1.0])


def _big_graph_memory(persistent):
    """Bytes nnext holds before and after a gradient call, with the intermediates' Python
    references dropped (so only the tape's saved tensors keep them alive)."""
    x = nnext.Variable(nnext.random.normal([512, 1024], dtype="float64"))
    with nnext.GradientTape(persistent=persistent) as tape:
        y = nnext.exp(x * 0.01)
        z = nnext.sin(y)
        loss = nnext.reduce_sum(z * z)
    del y, z
    before = nnext.memory_stats()["current"]
    g = tape.gradient(loss, x)
    del g
    after = nnext.memory_stats()["current"]
    return before, after, tape


def test_non_persistent_gradient_releases_the_saved_tensors():
    nbytes = 512 * 1024 * 8
    # The tape object is still alive here: its graph must be freed all the same. The graph
    # saved exp's output y and sin's output z (sin saves y again, z * z saves z).
    before, after, _tape = _big_graph_memory(persistent=False)
    assert before - after >= 2 * nbytes, (before, after)


def test_persistent_tape_keeps_its_graph_until_deleted():
    nbytes = 512 * 1024 * 8
    before, after, tape = _big_graph_memory(persistent=True)
    assert after >= before - nbytes // 2
    del tape
    assert nnext.memory_stats()["current"] <= after - 2 * nbytes


def test_the_tape_keeps_only_what_the_backward_pass_needs():
    # The gradients of sum, mean and cast need shapes and dtypes, not values: an input
    # that nothing else saves is freed as soon as Python drops it.
    nbytes = 512 * 1024 * 8
    x = nnext.Variable(nnext.zeros([512, 1024], dtype="float64"))
    with nnext.GradientTape() as tape:
        before = nnext.memory_stats()["current"]
        t = x + 1.0  # add's gradient needs neither operand
        loss = nnext.reduce_sum(t) + nnext.reduce_mean(nnext.cast(t, "float32"))
        del t
        kept = nnext.memory_stats()["current"] - before
    assert kept < nbytes // 2, kept
    np.testing.assert_allclose(tape.gradient(loss, x).numpy(), 1.0 + 1.0 / (512 * 1024))


def test_recording_does_not_keep_tensors_alive_without_a_tape():
    nnext.empty_cache()
    start = nnext.memory_stats()["current"]
    x = nnext.ones([1024, 256])
    y = nnext.exp(x) * 2.0
    del x, y
    assert nnext.memory_stats()["current"] == start


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_two_layer_mlp_gradients_match_hand_derived_formulas(activation):
    rng = np.random.default_rng(0)
    n, d, h, c = 16, 7, 9, 3
    xv = rng.standard_normal((n, d))
    yv = rng.standard_normal((n, c))
    W1, b1 = rng.standard_normal((d, h)) * 0.5, rng.standard_normal(h) * 0.1
    W2, b2 = rng.standard_normal((h, c)) * 0.5, rng.standard_normal(c) * 0.1
    params = [nnext.Variable(p, dtype="float64") for p in (W1, b1, W2, b2)]
    act = getattr(nnext.nn, activation)
    with nnext.GradientTape() as tape:
        hidden = act(nnext.constant(xv) @ params[0] + params[1])
        out = hidden @ params[2] + params[3]
        loss = nnext.reduce_mean(nnext.square(out - yv))
    grads = tape.gradient(loss, params)

    # Forward and backward by hand.
    pre = xv @ W1 + b1
    hid = {"relu": np.maximum(pre, 0), "tanh": np.tanh(pre), "sigmoid": 1 / (1 + np.exp(-pre))}[
        activation
    ]
    dact = {"relu": (pre > 0).astype(float), "tanh": 1 - hid**2, "sigmoid": hid * (1 - hid)}[
        activation
    ]
    o = hid @ W2 + b2
    np.testing.assert_allclose(loss.numpy(), np.mean((o - yv) ** 2), rtol=1e-12)
    d_out = 2 * (o - yv) / o.size
    d_pre = (d_out @ W2.T) * dact
    want = [xv.T @ d_pre, d_pre.sum(axis=0), hid.T @ d_out, d_out.sum(axis=0)]
    for g, w, name in zip(grads, want, ["W1", "b1", "W2", "b2"]):
        assert g.dtype == nnext.float64 and g.shape == w.shape, name
        np.testing.assert_allclose(g.numpy(), w, rtol=1e-10, atol=1e-14, err_msg=name)


def test_issue_example_dense_layer_with_broadcast_bias():
    rng = np.random.default_rng(1)
    xv = rng.standard_normal((8, 5)).astype(np.float32)
    yv = rng.standard_normal((8, 4)).astype(np.float32)
    w = nnext.Variable(nnext.random.normal([5, 4], stddev=0.1))
    b = nnext.Variable(nnext.zeros([4]))
    with nnext.GradientTape() as tape:
        h = nnext.nn.relu(xv @ w + b)
        loss = nnext.reduce_mean(nnext.square(h - yv))
    dw, db = tape.gradient(loss, [w, b])
    assert (dw.shape, db.shape, dw.dtype) == ((5, 4), (4,), nnext.float32)
    pre = xv.astype(np.float64) @ w.numpy() + b.numpy()
    dpre = 2 * (np.maximum(pre, 0) - yv) / yv.size * (pre > 0)
    np.testing.assert_allclose(dw.numpy(), xv.T @ dpre, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(db.numpy(), dpre.sum(axis=0), rtol=1e-5, atol=1e-7)


def test_gradient_through_a_variable_and_constant_mix():
    check_gradient(
        lambda a, b: nnext.reduce_sum(nnext.where(a > b, a * b, a - b), axis=1),
        [np.array([[0.3, 1.2, -0.5]]), np.array([[0.1], [0.9]])],
    )


def test_second_derivative_through_matmul():
    # f(w) = sum(tanh(x @ w)); its Hessian-vector product in direction v is
    # x^T @ (-2 tanh(z) (1 - tanh(z)^2) * (x @ v)) with z = x @ w.
    rng = np.random.default_rng(2)
    xv, wv, vv = (
        rng.standard_normal((4, 3)),
        rng.standard_normal((3, 2)),
        rng.standard_normal((3, 2)),
    )
    x, w, v = nnext.constant(xv), nnext.constant(wv), nnext.constant(vv)
    with nnext.GradientTape() as outer:
        outer.watch(w)
        with nnext.GradientTape() as inner:
            inner.watch(w)
            f = nnext.reduce_sum(nnext.tanh(x @ w))
        g = inner.gradient(f, w)
        gv = nnext.reduce_sum(g * v)
    t = np.tanh(xv @ wv)
    want = xv.T @ (-2 * t * (1 - t**2) * (xv @ vv))
    np.testing.assert_allclose(outer.gradient(gv, w).numpy(), want, rtol=1e-12)


def test_no_python_runs_during_the_backward_pass():
    rng = np.random.default_rng(3)
    w1 = nnext.Variable(rng.standard_normal((5, 4)))
    w2 = nnext.Variable(rng.standard_normal((4, 3)))
    x = rng.standard_normal((6, 5))
    with nnext.GradientTape() as tape:
        h = nnext.nn.relu(x @ w1)
        logits = nnext.nn.log_softmax(nnext.tanh(h) @ w2)
        loss = -nnext.reduce_mean(logits[:, 0]) + nnext.reduce_sum(nnext.square(w1)) * 0.01
    python_calls = []

    def profile(frame, event, arg):
        if event == "call":
            python_calls.append(frame.f_code.co_filename)

    sys.setprofile(profile)
    try:
        grads = tape.gradient(loss, [w1, w2])
    finally:
        sys.setprofile(None)
    assert all(g is not None for g in grads)
    # Only the tape's own Python front (flattening the sources) may run.
    assert [f for f in python_calls if not f.endswith("_tape.py")] == []


def test_gradients_of_promoted_inputs_come_back_in_each_input_dtype():
    a = nnext.constant([1.0, 2.0], dtype="float32")
    b = nnext.constant([3.0, 4.0], dtype="float64")
    i = nnext.constant([5, 6])
    with nnext.GradientTape() as tape:
        tape.watch([a, b, i])
        y = a * b + i * a  # float64 result; int32 * float32 promotes to float64
    ga, gb, gi = tape.gradient(y, [a, b, i])
    assert (ga.dtype, gb.dtype, gi) == (nnext.float32, nnext.float64, None)
    np.testing.assert_array_equal(ga.numpy(), [8.0, 10.0])
    np.testing.assert_array_equal(gb.numpy(), [1.0, 2.0])


def test_second_derivative_through_relu_is_zero_not_none():
    # TensorFlow's ReluGrad gradient: zeros for the features (the WGAN-GP penalty's gradient
    # with respect to a bias that reaches the output only through relu).
    b = nnext.Variable([0.5, -1.0])
    x = nnext.constant([1.0, 1.0])
    with nnext.GradientTape() as outer:
        with nnext.GradientTape() as inner:
            inner.watch(x)
            y = nnext.reduce_sum(nnext.nn.relu(x * 2.0 + b))
        penalty = nnext.reduce_sum(inner.gradient(y, x))
    grad = outer.gradient(penalty, b)
    assert grad is not None
    np.testing.assert_array_equal(grad.numpy(), [0.0, 0.0])
