"""The in-place optimizer updates of nnext._core against Keras 3's update formulas written
in NumPy (three steps each), and against real Keras on its NumPy backend."""

import numpy as np
import pytest
from keras_reference import keras_numpy
from shapes_helpers import non_contiguous, random_source, tensor

import nnext
from nnext import _core

rand = random_source(0)
SHAPE = (4, 5)
RTOL = {"float32": 2e-6, "float64": 1e-13}


def grads(dtype, steps=3):
    return [rand(SHAPE, dtype) for _ in range(steps)]


# Keras 3's update_step formulas (keras/src/optimizers/*.py), one step, in NumPy with the
# variable's dtype; `s` holds the slots.


def sgd_reference(w, g, s, lr, momentum, nesterov):
    if "m" not in s:
        return w - g * lr
    s["m"] = s["m"] * momentum - g * lr
    return w + (s["m"] * momentum - g * lr if nesterov else s["m"])


def rmsprop_reference(w, g, s, lr, rho, momentum, epsilon, centered):
    s["v"] = rho * s["v"] + (1 - rho) * np.square(g)
    if centered:
        s["a"] = rho * s["a"] + (1 - rho) * g
        denominator = s["v"] - np.square(s["a"]) + epsilon
    else:
        denominator = s["v"] + epsilon
    increment = lr * g / np.sqrt(denominator)
    if "m" in s:
        s["m"] = momentum * s["m"] + increment
        return w - s["m"]
    return w - increment


def adam_reference(w, g, s, lr, beta_1, beta_2, epsilon, step, weight_decay=None):
    dt = w.dtype.type
    if weight_decay is not None:
        w = w - w * dt(weight_decay) * dt(lr)
    alpha = dt(lr) * np.sqrt(1 - dt(beta_2) ** dt(step)) / (1 - dt(beta_1) ** dt(step))
    s["m"] = s["m"] + (g - s["m"]) * dt(1 - beta_1)
    s["v"] = s["v"] + (np.square(g) - s["v"]) * dt(1 - beta_2)
    v = s["v"]
    if "vhat" in s:
        s["vhat"] = v = np.maximum(s["vhat"], s["v"])
    return w - (s["m"] * alpha) / (np.sqrt(v) + dt(epsilon))


def adagrad_reference(w, g, s, lr, epsilon):
    s["acc"] = s["acc"] + np.square(g)
    return w - lr * g / np.sqrt(s["acc"] + epsilon)


def run(dtype, slot_names, initial, update, reference, layout="contiguous"):
    """Runs three steps of `update` (nnext) and `reference` (NumPy) and compares the
    variable and every slot after each step."""
    w0 = rand(SHAPE, dtype)
    var = nnext.Variable(w0)
    slots = {name: tensor(np.full(SHAPE, initial.get(name, 0.0), dtype)) for name in slot_names}
    ref_w, ref_slots = w0.copy(), {name: s.numpy().copy() for name, s in slots.items()}
    for step, g in enumerate(grads(dtype), start=1):
        update(var, g if layout == "contiguous" else non_contiguous(g, layout), slots, step)
        ref_w = reference(ref_w, g, ref_slots, step)
        np.testing.assert_allclose(var.numpy(), ref_w, rtol=RTOL[dtype], atol=RTOL[dtype])
        for name in slot_names:
            np.testing.assert_allclose(
                slots[name].numpy(), ref_slots[name], rtol=RTOL[dtype], atol=RTOL[dtype]
            )
        assert var.numpy().dtype == dtype


DTYPES = ["float32", "float64"]
# The gradient's layouts; the variable and its slots are updated in place, so contiguous.
LAYOUTS = ["contiguous", "transposed", "strided", "reversed"]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("momentum, nesterov", [(0.0, False), (0.9, False), (0.9, True)])
def test_sgd(dtype, layout, momentum, nesterov):
    names = ["m"] if momentum else []
    run(
        dtype,
        names,
        {},
        lambda w, g, s, step: _core.sgd_update(w, g, s.get("m"), 0.1, momentum, nesterov),
        lambda w, g, s, step: sgd_reference(w, g, s, 0.1, momentum, nesterov),
        layout,
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("momentum", [0.0, 0.5])
@pytest.mark.parametrize("centered", [False, True])
def test_rmsprop(dtype, layout, momentum, centered):
    names = ["v"] + (["m"] if momentum else []) + (["a"] if centered else [])

    def update(w, g, s, step):
        _core.rmsprop_update(
            w, g, s["v"], s.get("m"), s.get("a"), 0.01, 0.9, momentum, 1e-7, centered
        )

    run(
        dtype,
        names,
        {},
        update,
        lambda w, g, s, step: rmsprop_reference(w, g, s, 0.01, 0.9, momentum, 1e-7, centered),
        layout,
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("amsgrad", [False, True])
def test_adam(dtype, layout, amsgrad):
    names = ["m", "v"] + (["vhat"] if amsgrad else [])

    def update(w, g, s, step):
        _core.adam_update(w, g, s["m"], s["v"], s.get("vhat"), 0.01, 0.9, 0.999, 1e-7, step)

    run(
        dtype,
        names,
        {},
        update,
        lambda w, g, s, step: adam_reference(w, g, s, 0.01, 0.9, 0.999, 1e-7, step),
        layout,
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("amsgrad", [False, True])
def test_adamw(dtype, amsgrad):
    names = ["m", "v"] + (["vhat"] if amsgrad else [])

    def update(w, g, s, step):
        _core.adamw_update(w, g, s["m"], s["v"], s.get("vhat"), 0.01, 0.9, 0.999, 1e-7, step, 0.004)

    run(
        dtype,
        names,
        {},
        update,
        lambda w, g, s, step: adam_reference(w, g, s, 0.01, 0.9, 0.999, 1e-7, step, 0.004),
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_adagrad(dtype, layout):
    run(
        dtype,
        ["acc"],
        {"acc": 0.1},
        lambda w, g, s, step: _core.adagrad_update(w, g, s["acc"], 0.01, 1e-7),
        lambda w, g, s, step: adagrad_reference(w, g, s, 0.01, 1e-7),
        layout,
    )


def test_large_variable_runs_threaded_and_matches():
    w0 = rand((300_000,), "float32")
    g = rand((300_000,), "float32")
    var, m, v = tensor(w0), tensor(np.zeros_like(w0)), tensor(np.zeros_like(w0))
    _core.adam_update(var, g, m, v, None, 0.01, 0.9, 0.999, 1e-7, 1)
    ref = adam_reference(
        w0, g, {"m": np.zeros_like(w0), "v": np.zeros_like(w0)}, 0.01, 0.9, 0.999, 1e-7, 1
    )
    np.testing.assert_allclose(var.numpy(), ref, rtol=2e-6, atol=2e-6)


def test_float32_grad_updates_float64_variable():
    var = tensor(np.ones(3))
    _core.sgd_update(var, np.full(3, 2.0, "float32"), None, 0.5, 0.0, False)
    np.testing.assert_array_equal(var.numpy(), np.zeros(3))


def test_updates_are_not_recorded():
    var = nnext.Variable(np.ones(3))
    with nnext.GradientTape() as tape:
        _core.sgd_update(var, np.ones(3), None, 0.5, 0.0, False)
        y = nnext.reduce_sum(var * 2.0)
    np.testing.assert_array_equal(tape.gradient(y, var).numpy(), [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(var.numpy(), [0.5, 0.5, 0.5])


def test_errors():
    var = tensor(np.ones((2, 3)))
    with pytest.raises(
        ValueError,
        match=r"sgd_update: grad of shape \(3, 2\) does not match "
        r"var of shape \(2, 3\)",
    ):
        _core.sgd_update(var, np.ones((3, 2)), None, 0.1, 0.0, False)
    with pytest.raises(
        TypeError,
        match=r"adam_update: m has dtype float32 but var has dtype "
        r"float64",
    ):
        _core.adam_update(
            var,
            np.ones((2, 3)),
            tensor(np.zeros((2, 3), "float32")),
            tensor(np.zeros((2, 3))),
            None,
            0.1,
            0.9,
            0.999,
            1e-7,
            1,
        )
    with pytest.raises(ValueError, match=r"adam_update: step is the 1-based iteration count"):
        _core.adam_update(
            var,
            np.ones((2, 3)),
            tensor(np.zeros((2, 3))),
            tensor(np.zeros((2, 3))),
            None,
            0.1,
            0.9,
            0.999,
            1e-7,
            0,
        )
    with pytest.raises(
        TypeError,
        match=r"adagrad_update: var must be an nnext Tensor or "
        r"Variable \(it is updated in place\), got ndarray",
    ):
        _core.adagrad_update(np.ones(3), np.ones(3), tensor(np.zeros(3)), 0.1, 1e-7)
    with pytest.raises(
        TypeError, match=r"sgd_update: var must be float16, float32 or float64, got int32"
    ):
        _core.sgd_update(tensor(np.ones(3, "int32")), np.ones(3), None, 0.1, 0.0, False)
    with pytest.raises(ValueError, match=r"rmsprop_update: centered=True needs the average_grad"):
        _core.rmsprop_update(
            var, np.ones((2, 3)), tensor(np.zeros((2, 3))), None, None, 0.1, 0.9, 0.0, 1e-7, True
        )
    with pytest.raises(ValueError, match=r"sgd_update: var of shape \(3, 2\) must be contiguous"):
        _core.sgd_update(var.T, np.ones((3, 2)), None, 0.1, 0.0, False)


# --- real Keras -------------------------------------------------------------------------


KERAS_CASES = [
    (
        "SGD",
        {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True},
        ["momentum"],
        lambda w, g, s, step: _core.sgd_update(w, g, s["momentum"], 0.1, 0.9, True),
    ),
    (
        "RMSprop",
        {"learning_rate": 0.01, "rho": 0.8, "momentum": 0.5, "centered": True},
        ["velocity", "momentum", "average_gradient"],
        lambda w, g, s, step: _core.rmsprop_update(
            w, g, s["velocity"], s["momentum"], s["average_gradient"], 0.01, 0.8, 0.5, 1e-7, True
        ),
    ),
    (
        "Adam",
        {"learning_rate": 0.01, "amsgrad": True},
        ["momentum", "velocity", "velocity_hat"],
        lambda w, g, s, step: _core.adam_update(
            w, g, s["momentum"], s["velocity"], s["velocity_hat"], 0.01, 0.9, 0.999, 1e-7, step
        ),
    ),
    (
        "AdamW",
        {"learning_rate": 0.01, "weight_decay": 0.1},
        ["momentum", "velocity"],
        lambda w, g, s, step: _core.adamw_update(
            w, g, s["momentum"], s["velocity"], None, 0.01, 0.9, 0.999, 1e-7, step, 0.1
        ),
    ),
    (
        "Adagrad",
        {"learning_rate": 0.01},
        ["accumulator"],
        lambda w, g, s, step: _core.adagrad_update(w, g, s["accumulator"], 0.01, 1e-7),
    ),
]


@pytest.mark.parametrize(
    "name, kwargs, slots, update", KERAS_CASES, ids=[c[0] for c in KERAS_CASES]
)
def test_against_keras(name, kwargs, slots, update):
    keras = keras_numpy()
    w0 = rand(SHAPE, "float32")
    reference = keras.Variable(w0.copy())
    optimizer = getattr(keras.optimizers, name)(**kwargs)
    var = nnext.Variable(w0.copy())
    # Keras's initial slot values (Adagrad's accumulator starts at 0.1).
    initial = {"accumulator": 0.1}
    state_slots = {s: tensor(np.full(SHAPE, initial.get(s, 0.0), "float32")) for s in slots}
    for step, g in enumerate(grads("float32"), start=1):
        optimizer.apply_gradients([(g, reference)])
        update(var, g, state_slots, step)
        np.testing.assert_allclose(var.numpy(), reference.value, rtol=1e-6, atol=1e-7)
