"""Each optimizer against Keras 3's update formulas, two steps worked out in NumPy."""

import numpy as np
import pytest

import nnext
from nnext import keras
from nnext.keras import optimizers

W0 = np.array([[0.5, -1.0], [2.0, 0.25]], dtype=np.float64)
GRADS = [np.array([[0.1, -0.2], [0.3, 0.0]]), np.array([[-0.5, 0.4], [0.05, 1.0]])]


def run(optimizer, steps=2):
    w = nnext.Variable(W0.astype(np.float32), name="w")
    for g in GRADS[:steps]:
        optimizer.apply_gradients([(nnext.constant(g.astype(np.float32)), w)])
    return np.asarray(w.numpy(), dtype=np.float64)


def reference(update, steps=2, **state):
    w = W0.copy()
    for t, g in enumerate(GRADS[:steps], start=1):
        w = update(w, g, t, state)
    return w


def check(optimizer, update):
    np.testing.assert_allclose(run(optimizer), reference(update), rtol=2e-6, atol=2e-7)


def test_sgd():
    check(optimizers.SGD(0.1), lambda w, g, t, s: w - 0.1 * g)


@pytest.mark.parametrize("nesterov", [False, True])
def test_sgd_momentum(nesterov):
    def update(w, g, t, s):
        m = s.setdefault("m", np.zeros_like(w))
        m[:] = 0.9 * m - 0.1 * g
        return w + (0.9 * m - 0.1 * g if nesterov else m)

    check(optimizers.SGD(0.1, momentum=0.9, nesterov=nesterov), update)


@pytest.mark.parametrize(
    "momentum,centered", [(0.0, False), (0.5, False), (0.0, True), (0.5, True)]
)
def test_rmsprop(momentum, centered):
    lr, rho, eps = 0.01, 0.9, 1e-7

    def update(w, g, t, s):
        v = s.setdefault("v", np.zeros_like(w))
        a = s.setdefault("a", np.zeros_like(w))
        m = s.setdefault("m", np.zeros_like(w))
        v[:] = rho * v + (1 - rho) * g * g
        if centered:
            a[:] = rho * a + (1 - rho) * g
            denominator = v - a * a + eps
        else:
            denominator = v + eps
        increment = lr * g / np.sqrt(denominator)
        if momentum > 0:
            m[:] = momentum * m + increment
            return w - m
        return w - increment

    check(optimizers.RMSprop(lr, momentum=momentum, centered=centered), update)


def adam_update(lr, b1, b2, eps, amsgrad=False, weight_decay=0.0):
    def update(w, g, t, s):
        w = w - w * weight_decay * lr
        m = s.setdefault("m", np.zeros_like(w))
        v = s.setdefault("v", np.zeros_like(w))
        vhat = s.setdefault("vhat", np.zeros_like(w))
        alpha = lr * np.sqrt(1 - b2**t) / (1 - b1**t)
        m += (g - m) * (1 - b1)
        v += (g * g - v) * (1 - b2)
        if amsgrad:
            vhat[:] = np.maximum(vhat, v)
            return w - m * alpha / (np.sqrt(vhat) + eps)
        return w - m * alpha / (np.sqrt(v) + eps)

    return update


@pytest.mark.parametrize("amsgrad", [False, True])
def test_adam(amsgrad):
    check(optimizers.Adam(0.01, amsgrad=amsgrad), adam_update(0.01, 0.9, 0.999, 1e-7, amsgrad))


def test_adamw_decays_before_the_adam_step():
    check(
        optimizers.AdamW(0.01, weight_decay=0.1),
        adam_update(0.01, 0.9, 0.999, 1e-7, weight_decay=0.1),
    )


def test_adagrad():
    def update(w, g, t, s):
        acc = s.setdefault("acc", np.full_like(w, 0.1))
        acc += g * g
        return w - 0.05 * g / np.sqrt(acc + 1e-7)

    check(optimizers.Adagrad(0.05), update)


def test_defaults_match_keras():
    assert optimizers.SGD().get_config()["learning_rate"] == pytest.approx(0.01)
    rms = optimizers.RMSprop().get_config()
    assert (rms["learning_rate"], rms["rho"], rms["momentum"], rms["epsilon"], rms["centered"]) == (
        pytest.approx(0.001),
        0.9,
        0.0,
        1e-7,
        False,
    )
    adam = optimizers.Adam().get_config()
    assert (adam["beta_1"], adam["beta_2"], adam["epsilon"], adam["amsgrad"]) == (
        0.9,
        0.999,
        1e-7,
        False,
    )
    assert optimizers.AdamW().weight_decay == 0.004
    assert optimizers.Adagrad().initial_accumulator_value == 0.1


def test_variables_are_in_keras_order():
    a = keras.Variable(np.zeros((2, 3), np.float32), name="kernel")
    b = keras.Variable(np.zeros((3,), np.float32), name="bias")
    opt = optimizers.Adam(amsgrad=True)
    opt.build([a, b])
    names = [v.name for v in opt.variables]
    assert names == [
        "iteration",
        "learning_rate",
        "kernel_momentum",
        "kernel_velocity",
        "bias_momentum",
        "bias_velocity",
        "kernel_velocity_hat",
        "bias_velocity_hat",
    ]
    rms = optimizers.RMSprop(momentum=0.5, centered=True)
    rms.build([a])
    assert [v.name for v in rms.variables] == [
        "iteration",
        "learning_rate",
        "kernel_velocity",
        "kernel_momentum",
        "kernel_average_gradient",
    ]


def test_iterations_count_steps_and_none_gradients_are_skipped():
    w = keras.Variable(np.ones(2, np.float32), name="w")
    u = keras.Variable(np.ones(2, np.float32), name="u")
    opt = optimizers.SGD(0.5)
    with pytest.warns(UserWarning, match=r"Gradients do not exist for variables \['u'\]"):
        opt.apply_gradients([(nnext.constant(np.ones(2, np.float32)), w), (None, u)])
    assert int(opt.iterations) == 1
    np.testing.assert_allclose(w.numpy(), [0.5, 0.5])
    np.testing.assert_allclose(u.numpy(), [1.0, 1.0])


def test_learning_rate_is_settable():
    opt = optimizers.SGD(0.1)
    opt.learning_rate = 0.5
    assert opt.learning_rate == pytest.approx(0.5)
    assert run(opt, steps=1) == pytest.approx(W0 - 0.5 * GRADS[0], rel=1e-6)


def test_exponential_decay_schedule():
    schedule = optimizers.schedules.ExponentialDecay(0.1, decay_steps=2, decay_rate=0.5)
    assert schedule(0) == pytest.approx(0.1)
    assert schedule(1) == pytest.approx(0.1 * 0.5**0.5)
    stairs = optimizers.schedules.ExponentialDecay(0.1, 2, 0.5, staircase=True)
    assert stairs(3) == pytest.approx(0.05)
    # The step uses the rate of the step it makes: 0.1 then 0.1 * sqrt(0.5).
    expected = W0 - 0.1 * GRADS[0] - 0.1 * 0.5**0.5 * GRADS[1]
    np.testing.assert_allclose(run(optimizers.SGD(schedule)), expected, rtol=1e-6)
    with pytest.raises(TypeError, match="not settable"):
        optimizers.SGD(schedule).learning_rate = 0.1


def test_clipping():
    opt = optimizers.SGD(1.0, clipnorm=0.1)
    w = run(opt, steps=1)
    g = GRADS[0]
    np.testing.assert_allclose(w, W0 - g * 0.1 / np.linalg.norm(g), rtol=1e-6)
    w = run(optimizers.SGD(1.0, clipvalue=0.15), steps=1)
    np.testing.assert_allclose(w, W0 - np.clip(g, -0.15, 0.15), rtol=1e-6)


def test_string_names_and_errors():
    assert isinstance(optimizers.get("rmsprop"), optimizers.RMSprop)
    assert isinstance(optimizers.get("Adam"), optimizers.Adam)
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier: adamx"):
        optimizers.get("adamx")
    with pytest.raises(ValueError, match="`momentum` must be a float between"):
        optimizers.SGD(momentum=1.5)


def test_config_round_trip():
    opt = optimizers.RMSprop(0.01, rho=0.8, momentum=0.1, centered=True)
    config = opt.get_config()
    assert optimizers.RMSprop.from_config(config).get_config() == config
