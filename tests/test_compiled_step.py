"""Compiled steps: nnext.function traces a step once and replays it in C++; results are
bit-identical to running the same Python eagerly; what cannot replay says why."""

import numpy as np
import pytest

import nnext
from nnext import _compiled, keras
from nnext.function import function, run_functions_eagerly


def _data(steps=6, batch=4):
    rng = np.random.default_rng(0)
    xs = [rng.normal(size=(batch, 3)).astype(np.float32) for _ in range(steps)]
    ys = [rng.normal(size=(batch, 1)).astype(np.float32) for _ in range(steps)]
    return xs, ys


def _custom_loop(eager, optimizer="adam"):
    """The TensorFlow guide's custom training loop, with a Python side-effect counter."""
    keras.utils.set_random_seed(1)
    model = keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)]
    )
    opt = keras.optimizers.get(optimizer)
    loss_fn = keras.losses.MeanSquaredError()
    metric = keras.metrics.MeanAbsoluteError()
    runs = []

    @function
    def train_step(x, y):
        runs.append(1)
        with nnext.GradientTape() as tape:
            pred = model(x, training=True)
            loss = loss_fn(y, pred)
        grads = tape.gradient(loss, model.trainable_weights)
        opt.apply_gradients(zip(grads, model.trainable_weights))
        metric.update_state(y, pred)
        return loss, pred

    run_functions_eagerly(eager)
    try:
        outs = [train_step(x, y) for x, y in zip(*_data())]
    finally:
        run_functions_eagerly(False)
    return outs, model, metric, runs, train_step


@pytest.mark.parametrize("optimizer", ["adam", "sgd", "rmsprop"])
def test_guide_train_step_replays_bit_identical_to_eager(optimizer):
    eager, m_eager, metric_eager, _, _ = _custom_loop(True, optimizer)
    compiled, m_comp, metric_comp, runs, step = _custom_loop(False, optimizer)
    # Traced once, or twice when the first trace made the optimizer's slots, then replayed
    # with no Python: the counter stops.
    assert len(runs) == (1 if optimizer == "sgd" else 2)
    assert step.experimental_get_tracing_count() == 1
    for (le, pe), (lc, pc) in zip(eager, compiled):
        np.testing.assert_array_equal(le.numpy(), lc.numpy())
        np.testing.assert_array_equal(pe.numpy(), pc.numpy())
    for a, b in zip(m_eager.get_weights(), m_comp.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert float(metric_eager.result()) == float(metric_comp.result())
    # Each call's outputs keep their values after later replays.
    assert len({float(loss) for loss, _ in compiled}) == len(compiled)


def test_a_variable_assigned_outside_is_seen_by_the_next_replay():
    w = nnext.Variable([1.0, 2.0])
    scale = nnext.Variable(2.0)
    f = function(lambda x: nnext.reduce_sum(w * x) * scale)
    x = nnext.constant([1.0, 1.0])
    assert float(f(x)) == 6.0
    assert float(f(x)) == 6.0  # replayed
    scale.assign(10.0)
    w.assign([0.0, 1.0])
    assert float(f(x)) == 10.0


def test_learning_rate_set_between_replays_is_used():
    w = nnext.Variable([1.0])
    opt = keras.optimizers.SGD(0.5)

    @function
    def step():
        with nnext.GradientTape() as tape:
            loss = nnext.reduce_sum(w * w)
        opt.apply_gradients(zip(tape.gradient(loss, [w]), [w]))

    step()  # builds nothing (SGD without momentum): traced, replayable
    step()
    np.testing.assert_allclose(w.numpy(), [0.0])
    w.assign([1.0])
    opt.learning_rate = 0.25
    step()
    np.testing.assert_allclose(w.numpy(), [0.5])
    assert int(opt.iterations) == 3


def test_random_ops_draw_again_on_replay():
    f = function(lambda x: x + nnext.random.uniform([3]))
    x = nnext.zeros([3])
    a, b, c = f(x).numpy(), f(x).numpy(), f(x).numpy()
    assert not np.array_equal(a, b) and not np.array_equal(b, c)


def test_new_input_data_and_views_replay():
    f = function(lambda x: nnext.reshape(nnext.transpose(x) * 2.0, [-1]))
    f(nnext.zeros([2, 3]))
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    np.testing.assert_array_equal(f(x).numpy(), (x.T * 2).ravel())
    np.testing.assert_array_equal(f(nnext.constant(x + 1)).numpy(), ((x + 1).T * 2).ravel())


def test_value_read_runs_eagerly_and_jit_compile_true_names_the_line():
    def g(x):
        if float(nnext.reduce_sum(x)) > 0:  # value-dependent Python branching
            return x * 2.0
        return x * 3.0

    f = function(g)
    assert f(nnext.constant([1.0])).numpy()[0] == 2.0
    assert f(nnext.constant([-1.0])).numpy()[0] == -3.0  # ran as Python again: right branch
    strict = function(g, jit_compile=True)
    with pytest.raises(
        _compiled.NotReplayableError,
        match=r"test_compiled_step.py:\d+.*float\("
        r"tensor\) reads.*run_eagerly=True.*jit_compile=False",
    ):
        strict(nnext.constant([1.0]))


def test_variable_created_on_a_second_trace_raises_as_tensorflow():
    @function
    def f(x):
        v = nnext.Variable(1.0)
        return x + v

    f(nnext.constant(1.0))
    with pytest.raises(
        ValueError, match="only supports singleton tf.Variables created on the first call"
    ):
        f(nnext.constant(1.0))


def test_input_signature_shape_mismatch_is_a_value_error_naming_both_shapes():
    f = function(lambda x: x + 1.0, input_signature=[nnext.TensorSpec([2], nnext.float32)])
    with pytest.raises(ValueError, match=r"shape=\(3,\).*shape=\(2,\)"):
        f(nnext.ones([3]))


def test_inside_a_tape_the_function_runs_as_python_for_the_tape():
    w = nnext.Variable([2.0])
    f = function(lambda x: w * x)
    f(nnext.constant([1.0]))
    f(nnext.constant([1.0]))
    with nnext.GradientTape() as tape:
        y = f(nnext.constant([3.0]))
    np.testing.assert_array_equal(tape.gradient(y, w).numpy(), [3.0])


# -- Keras: compile(jit_compile=...) ----------------------------------------------------------


def _keras_model(jit_compile, run_eagerly=False, optimizer="adam"):
    keras.utils.set_random_seed(3)
    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(3, activation="sigmoid"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(
        optimizer=optimizer,
        loss="binary_crossentropy",
        metrics=["accuracy", "mae"],
        jit_compile=jit_compile,
        run_eagerly=run_eagerly,
    )
    return model


def _binary_data(n=50):
    rng = np.random.default_rng(5)
    x = rng.normal(size=(n, 4)).astype(np.float32)
    return x, (x.sum(axis=1, keepdims=True) > 0).astype(np.float32)


@pytest.mark.parametrize("optimizer", ["adam", "rmsprop", "sgd"])
def test_fit_history_is_bit_identical_compiled_and_eager(optimizer):
    x, y = _binary_data()
    histories, weights = [], []
    for jit in (False, "auto", True):
        model = _keras_model(jit, optimizer=optimizer)
        # 50 samples in batches of 8: the last, partial batch is one more trace.
        history = model.fit(
            x, y, batch_size=8, epochs=3, shuffle=False, verbose=0, validation_data=(x[:20], y[:20])
        )
        histories.append(history.history)
        weights.append(model.get_weights())
        if jit:
            assert any(s.traced for s in model._compiled_steps.values())
            assert all(s.failure is None for s in model._compiled_steps.values())
    assert histories[0] == histories[1] == histories[2]
    for w_eager, w_auto, w_true in zip(*weights):
        np.testing.assert_array_equal(w_eager, w_auto)
        np.testing.assert_array_equal(w_eager, w_true)


def test_on_batch_methods_and_predict_use_the_compiled_step():
    x, y = _binary_data(16)
    results = []
    for jit in (False, True):
        model = _keras_model(jit)
        logs = [model.train_on_batch(x, y, return_dict=True) for _ in range(4)]
        logs.append(model.test_on_batch(x, y, return_dict=True))
        results.append(
            (
                logs,
                model.predict_on_batch(x),
                model.predict(x, batch_size=5, verbose=0),
                model.evaluate(x, y, batch_size=5, verbose=0),
            )
        )
        if jit:
            kinds = {key[0] for key, s in model._compiled_steps.items() if s.traced}
            # *_on_batch compile their metrics' results too (evaluate's test step does not).
            assert kinds == {"train_results", "test_results", "test", "predict"}
    (logs_e, pob_e, pred_e, ev_e), (logs_c, pob_c, pred_c, ev_c) = results
    assert logs_e == logs_c and ev_e == ev_c
    np.testing.assert_array_equal(pob_e, pob_c)
    np.testing.assert_array_equal(pred_e, pred_c)


def test_learning_rate_scheduler_and_set_weights_reach_the_compiled_step():
    x, y = _binary_data(32)
    runs = []
    for jit in (False, True):
        model = _keras_model(jit)
        model.fit(x, y, batch_size=8, epochs=1, verbose=0, shuffle=False)
        model.set_weights([np.full_like(w, 0.1) for w in model.get_weights()])
        schedule = keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5)
        model.fit(x, y, batch_size=8, epochs=3, verbose=0, shuffle=False, callbacks=[schedule])
        runs.append(model.get_weights())
    for a, b in zip(*runs):
        np.testing.assert_array_equal(a, b)


def test_jit_compile_true_fails_with_the_reason_and_auto_falls_back():
    class Reads(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(1)

        def call(self, x):
            y = self.dense(x)
            if float(nnext.reduce_sum(y)) > 1e9:  # reads a value: cannot replay
                return y * 0.0
            return y

    x, y = _binary_data(8)
    auto = Reads()
    auto.compile(optimizer="sgd", loss="mse", jit_compile="auto")
    auto.fit(x, y, epochs=3, verbose=0)  # falls back to eager steps
    assert all(s.failure for s in auto._compiled_steps.values())
    strict = Reads()
    strict.compile(optimizer="sgd", loss="mse", jit_compile=True)
    with pytest.raises(_compiled.NotReplayableError, match=r"float\(tensor\).*run_eagerly=True"):
        for _ in range(3):
            strict.train_on_batch(x, y)
    eager = Reads()
    eager.compile(optimizer="sgd", loss="mse", jit_compile=True, run_eagerly=True)
    assert eager.jit_compile is False
    with pytest.raises(ValueError, match="jit_compile"):
        eager.compile(jit_compile="xla")


def test_replayed_outputs_keep_the_structure_and_key_order():
    @nnext.function
    def step(x):
        return {"zeta": x * 2.0, "alpha": x + 1.0, "mid": {"inner": x - 1.0}}

    @nnext.function
    def flat_step(x):
        return {"zeta": x * 2.0, "alpha": x + 1.0}

    for _ in range(3):  # the first call traces, the next ones replay
        out = step(nnext.constant([1.0, 2.0]))
        flat = flat_step(nnext.constant([1.0, 2.0]))
    assert step.experimental_get_tracing_count() == flat_step.experimental_get_tracing_count() == 1
    assert list(out) == ["zeta", "alpha", "mid"] and list(flat) == ["zeta", "alpha"]
    np.testing.assert_array_equal(out["zeta"].numpy(), [2.0, 4.0])
    np.testing.assert_array_equal(out["mid"]["inner"].numpy(), [0.0, 1.0])
    np.testing.assert_array_equal(flat["alpha"].numpy(), [2.0, 3.0])
