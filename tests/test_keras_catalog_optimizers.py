"""Every optimizer and schedule against real Keras 3 (numpy backend): 30 steps on the same
variables and gradients, with each of the common arguments (weight decay, the three
clippings, EMA, gradient accumulation, loss scaling); state variables, get_config and a
custom optimizer written with plain ops."""

import os
import warnings

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "numpy")
real_keras = pytest.importorskip("keras")

from nnext import _core
from nnext.keras import optimizers
from nnext.keras import variables as keras_variables
from nnext.keras.optimizers import schedules

STEPS = 30
RNG = np.random.default_rng(3)
INITIAL = [RNG.normal(size=(3, 4)).astype(np.float32), RNG.normal(size=(4,)).astype(np.float32)]
GRADS = [[RNG.normal(size=w.shape).astype(np.float32) for w in INITIAL] for _ in range(STEPS)]


def keras_value(variable):
    # `.value`, not `.numpy()`: the numpy backend's `numpy()` warns under NumPy 2.4.
    return np.asarray(variable.value)


def keras_config(optimizer):
    with warnings.catch_warnings():
        # Keras's get_config reads its learning rate with `.numpy()`, which warns.
        warnings.simplefilter("ignore", DeprecationWarning)
        return optimizer.get_config()


def run_nnext(optimizer, steps=STEPS):
    variables = [_core.Variable(w.copy(), name=f"w{i}") for i, w in enumerate(INITIAL)]
    for grads in GRADS[:steps]:
        optimizer.apply_gradients(zip(grads, variables))
    return [v.numpy() for v in variables], optimizer


def run_keras(optimizer, steps=STEPS):
    variables = [real_keras.Variable(w.copy(), name=f"w{i}") for i, w in enumerate(INITIAL)]
    with warnings.catch_warnings():
        # Keras's numpy backend copies variables with `np.array(variable)`, which warns.
        warnings.simplefilter("ignore", DeprecationWarning)
        for grads in GRADS[:steps]:
            optimizer.apply_gradients(zip(grads, variables))
    return [keras_value(v) for v in variables], optimizer


CASES = [
    ("Adamax", {}),
    ("Adamax", {"learning_rate": 0.01, "beta_1": 0.8}),
    ("Nadam", {}),
    ("Nadam", {"learning_rate": 0.01, "beta_2": 0.99}),
    ("Adadelta", {}),
    ("Adadelta", {"learning_rate": 1.0, "rho": 0.9}),
    ("Ftrl", {}),
    (
        "Ftrl",
        {
            "learning_rate": 0.1,
            "l1_regularization_strength": 0.01,
            "l2_regularization_strength": 0.02,
            "beta": 0.1,
            "l2_shrinkage_regularization_strength": 0.01,
        },
    ),
    ("Lion", {}),
    ("Lion", {"learning_rate": 0.01, "beta_1": 0.95, "beta_2": 0.98}),
    ("Adafactor", {}),
    ("Adafactor", {"learning_rate": 0.01, "relative_step": False}),
    ("Lamb", {}),
    ("Lamb", {"learning_rate": 0.01}),
    ("ScheduleFreeAdamW", {}),
    ("ScheduleFreeAdamW", {"learning_rate": 0.01, "warmup_steps": 5}),
    ("Muon", {}),
    ("Muon", {"learning_rate": 0.01, "nesterov": False, "weight_decay": 0.1}),
    ("Muon", {"exclude_layers": ["w0"], "rms_rate": None}),
    ("SGD", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True}),
    ("RMSprop", {"momentum": 0.5, "centered": True}),
    ("Adam", {"amsgrad": True}),
    ("AdamW", {"learning_rate": 0.01}),
    ("Adagrad", {}),
    # The common arguments, on a few optimizers.
    ("Adam", {"weight_decay": 0.05}),
    ("SGD", {"weight_decay": 0.1, "learning_rate": 0.1}),
    ("Adam", {"clipnorm": 0.5}),
    ("Nadam", {"global_clipnorm": 1.0}),
    ("Lion", {"clipvalue": 0.3}),
    ("Adam", {"use_ema": True}),
    ("SGD", {"use_ema": True, "ema_momentum": 0.9, "ema_overwrite_frequency": 4}),
    ("Adam", {"gradient_accumulation_steps": 3}),
    ("Adamax", {"gradient_accumulation_steps": 2, "clipnorm": 0.8}),
    ("RMSprop", {"loss_scale_factor": 8.0}),
    ("AdamW", {"gradient_accumulation_steps": 2, "use_ema": True}),
]


def _ids(case):
    return f"{case[0]}-{'-'.join(f'{k}={v}' for k, v in case[1].items())}"


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_thirty_steps_match_keras(case):
    name, kwargs = case
    ours_w, ours = run_nnext(getattr(optimizers, name)(**kwargs))
    theirs_w, theirs = run_keras(getattr(real_keras.optimizers, name)(**kwargs))
    for got, want in zip(ours_w, theirs_w):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert int(ours.iterations) == int(theirs.iterations)
    assert len(ours.variables) == len(theirs.variables)
    for ov, tv in zip(ours.variables, theirs.variables):
        assert tuple(ov.shape) == tuple(tv.shape)
        np.testing.assert_allclose(
            np.asarray(ov.numpy(), dtype=np.float64),
            np.asarray(keras_value(tv), dtype=np.float64),
            rtol=1e-5,
            atol=1e-6,
        )
    config = ours.get_config()
    # Names carry per-process counters ('adam_3'), which differ between the two libraries.
    expected = {**keras_config(theirs), "name": None}
    assert sorted({**config, "name": None}) == sorted(expected)
    for key, value in expected.items():  # approx takes numbers, not nested lists
        if isinstance(value, float):
            assert config[key] == pytest.approx(value), key
        else:
            assert config[key] == value or key == "name", key
    again = type(ours).from_config(config).get_config()
    assert again == config


@pytest.mark.parametrize(
    "schedule",
    [
        ("PiecewiseConstantDecay", {"boundaries": [5, 12], "values": [0.1, 0.05, 0.01]}),
        ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 20, "power": 2.0}),
        ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 7, "cycle": True}),
        ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 4, "decay_rate": 0.5}),
        (
            "InverseTimeDecay",
            {"initial_learning_rate": 0.1, "decay_steps": 4, "decay_rate": 0.5, "staircase": True},
        ),
        ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 20, "alpha": 0.1}),
        (
            "CosineDecay",
            {
                "initial_learning_rate": 0.0,
                "decay_steps": 20,
                "warmup_target": 0.1,
                "warmup_steps": 6,
            },
        ),
        ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 4}),
        (
            "CosineDecayRestarts",
            {
                "initial_learning_rate": 0.1,
                "first_decay_steps": 5,
                "t_mul": 1.0,
                "m_mul": 0.7,
                "alpha": 0.05,
            },
        ),
        (
            "ExponentialDecay",
            {"initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.8, "staircase": True},
        ),
    ],
    ids=lambda s: f"{s[0]}-{'-'.join(map(str, s[1].values()))}",
)
def test_schedules_match_keras_step_by_step_and_inside_an_optimizer(schedule):
    name, kwargs = schedule
    ours, theirs = (
        getattr(schedules, name)(**kwargs),
        getattr(real_keras.optimizers.schedules, name)(**kwargs),
    )
    for step in range(40):
        np.testing.assert_allclose(float(ours(step)), float(theirs(step)), rtol=1e-5, atol=1e-8)
    assert ours.get_config() == theirs.get_config()
    restored = schedules.deserialize(schedules.serialize(ours))
    assert restored.get_config() == ours.get_config()
    ours_w, opt = run_nnext(optimizers.SGD(learning_rate=ours, momentum=0.5))
    theirs_w, _ = run_keras(real_keras.optimizers.SGD(learning_rate=theirs, momentum=0.5))
    for got, want in zip(ours_w, theirs_w):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert optimizers.get(optimizers.serialize(opt)).get_config() == opt.get_config()


def test_exclude_from_weight_decay_matches_keras():
    def make(module, variables):
        opt = module.AdamW(learning_rate=0.01, weight_decay=0.1)
        opt.exclude_from_weight_decay(var_names=["w1"])
        return opt

    nn_vars = [_core.Variable(w.copy(), name=f"w{i}") for i, w in enumerate(INITIAL)]
    k_vars = [real_keras.Variable(w.copy(), name=f"w{i}") for i, w in enumerate(INITIAL)]
    ours, theirs = make(optimizers, nn_vars), make(real_keras.optimizers, k_vars)
    for grads in GRADS[:10]:
        ours.apply_gradients(zip(grads, nn_vars))
        theirs.apply_gradients(zip(grads, k_vars))
    for a, b in zip(nn_vars, k_vars):
        np.testing.assert_allclose(a.numpy(), keras_value(b), rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="can only be configured before"):
        ours.exclude_from_weight_decay(var_names=["w0"])


def test_custom_update_step_runs_after_build_alone():
    class SignSGD(optimizers.Optimizer):
        def __init__(self, learning_rate=0.1, **kwargs):
            super().__init__(learning_rate=learning_rate, **kwargs)

        def build(self, var_list):
            super().build(var_list)
            self.velocity = self.add_optimizer_variables(var_list, "velocity")

        def update_step(self, gradient, variable, learning_rate):
            v = self.velocity[self._get_variable_index(variable)]
            self.assign(v, 0.5 * v + gradient)
            self.assign_sub(variable, learning_rate * v)

    variable = _core.Variable(np.ones(3, np.float32), name="w")
    opt = SignSGD()
    opt.build([variable])
    opt.update_step(np.array([1.0, -2.0, 0.5], np.float32), variable, 0.1)
    np.testing.assert_allclose(variable.numpy(), [0.9, 1.2, 0.95], rtol=1e-6)
    assert int(opt.iterations) == 0
    # Built-in optimizers too: update_step needs only build().
    adam = optimizers.Adam(0.1)
    adam.build([variable])
    before = variable.numpy().copy()
    adam.update_step(np.ones(3, np.float32), variable, 0.1)
    np.testing.assert_allclose(before - variable.numpy(), 0.1, rtol=1e-4)


@pytest.mark.parametrize(
    "name", ["adamax", "Nadam", "ADADELTA", "ftrl", "lion", "adafactor", "sgd", "adamw"]
)
def test_names_resolve_case_insensitively(name):
    assert type(optimizers.get(name)).__name__ == type(real_keras.optimizers.get(name)).__name__


def test_bad_arguments_raise_like_keras():
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier: adamm"):
        optimizers.get("adamm")
    with pytest.raises(ValueError, match="`gradient_accumulation_steps` must be an integer >= 2"):
        optimizers.Adam(gradient_accumulation_steps=1)
    with pytest.raises(ValueError, match=r"`ema_momentum` must be in the range \[0, 1\]"):
        optimizers.Adam(use_ema=True, ema_momentum=1.5)
    with pytest.raises(ValueError, match="`beta_1` must be in the \\[0, 1\\] range"):
        optimizers.Lion(beta_1=0.0)
    with pytest.raises(ValueError, match="`learning_rate_power` needs to be negative or zero"):
        optimizers.Ftrl(learning_rate_power=0.5)
    with pytest.raises(ValueError, match="Argument `decay_steps` must be > 0"):
        schedules.CosineDecay(0.1, decay_steps=0)
    with pytest.raises(ValueError, match="The length of boundaries should be 1 less"):
        schedules.PiecewiseConstantDecay([1, 2], [0.1])


def test_finalize_variable_values_copies_the_averages():
    variables = [_core.Variable(w.copy()) for w in INITIAL]
    opt = optimizers.SGD(0.1, use_ema=True, ema_momentum=0.5)
    for grads in GRADS[:3]:
        opt.apply_gradients(zip(grads, variables))
    averages = [v.numpy().copy() for v in opt._averages]
    opt.finalize_variable_values(variables)
    for v, a in zip(variables, averages):
        np.testing.assert_array_equal(v.numpy(), a)


def test_loss_scale_optimizer_matches_keras_with_non_finite_steps():
    grads = [list(g) for g in GRADS[:12]]
    grads[3][0] = np.full_like(grads[3][0], np.inf)  # a step to skip: the scale halves
    grads[7][1] = np.full_like(grads[7][1], np.nan)
    ours = optimizers.LossScaleOptimizer(
        optimizers.Adam(0.01), initial_scale=8.0, dynamic_growth_steps=3
    )
    theirs = real_keras.optimizers.LossScaleOptimizer(
        real_keras.optimizers.Adam(0.01), initial_scale=8.0, dynamic_growth_steps=3
    )
    nn_vars = [_core.Variable(w.copy(), name=f"w{i}") for i, w in enumerate(INITIAL)]
    k_vars = [real_keras.Variable(w.copy(), name=f"w{i}") for i, w in enumerate(INITIAL)]
    for step in grads:
        scaled = [g * 8.0 for g in step]
        ours.apply(scaled, nn_vars)
        with np.errstate(invalid="ignore"):
            theirs.apply(scaled, k_vars)
        assert float(ours.dynamic_scale) == float(keras_value(theirs.dynamic_scale))
    for a, b in zip(nn_vars, k_vars):
        np.testing.assert_allclose(a.numpy(), keras_value(b), rtol=1e-5, atol=1e-6)
    assert int(ours.iterations) == int(keras_value(theirs.iterations)) == 10
    assert len(ours.variables) == len(theirs.variables)
    assert float(ours.scale_loss(2.0)) == 2.0 * float(ours.dynamic_scale)
    config = ours.get_config()
    assert config["inner_optimizer"]["class_name"] == "Adam"
    again = optimizers.LossScaleOptimizer.from_config(config)
    assert again.get_config() == config
    with pytest.raises(ValueError, match="LossScaleOptimizer does not support `clipnorm`"):
        optimizers.LossScaleOptimizer(optimizers.SGD(), clipnorm=1.0)
    assert float(optimizers.SGD(loss_scale_factor=4.0).scale_loss(2.0)) == 8.0


def test_multi_optimizer_matches_keras():
    def make(module):
        return module.MultiOptimizer(
            module.OptimizerMap(module.Adam(0.01), {"w1": module.SGD(0.1, momentum=0.9)})
        )

    # Keras variables on both sides: the map matches Keras's variable paths ('w1').
    nn_vars = [keras_variables.Variable(w.copy(), name=f"w{i}") for i, w in enumerate(INITIAL)]
    k_vars = [real_keras.Variable(w.copy(), name=f"w{i}") for i, w in enumerate(INITIAL)]
    ours, theirs = make(optimizers), make(real_keras.optimizers)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for grads in GRADS[:10]:
            ours.apply(grads, nn_vars)
            theirs.apply(grads, k_vars)
    for a, b in zip(nn_vars, k_vars):
        np.testing.assert_allclose(a.numpy(), keras_value(b), rtol=1e-5, atol=1e-6)
    assert int(ours.iterations) == 10
    assert len(ours.variables) == len(theirs.variables)
    assert [type(o).__name__ for o in ours.optimizers] == ["SGD", "Adam"]
    with pytest.raises(AttributeError, match="Learning rate cannot be accessed"):
        _ = ours.learning_rate
    restored = optimizers.MultiOptimizer.from_config(ours.get_config())
    assert restored.get_config() == ours.get_config()
    with pytest.raises(ValueError, match="optimizer cannot be LossScaleOptimizer"):
        optimizers.OptimizerMap(
            optimizers.SGD(), {"x": optimizers.LossScaleOptimizer(optimizers.SGD())}
        )


def test_legacy_optimizers_raise_keras_import_error():
    for name in ("SGD", "Adam", "RMSprop"):
        with pytest.raises(ImportError, match="`keras.optimizers.legacy` is not supported"):
            getattr(optimizers.legacy, name)(learning_rate=0.1)
        with pytest.raises(ImportError, match="`keras.optimizers.legacy` is not supported"):
            getattr(real_keras.optimizers.legacy, name)(learning_rate=0.1)


@pytest.mark.parametrize(
    "name",
    [
        "Adamax",
        "Nadam",
        "Adadelta",
        "Ftrl",
        "Lion",
        "Lamb",
        "Adafactor",
        "ScheduleFreeAdamW",
        "Muon",
    ],
)
def test_optimizer_state_travels_through_keras_files_both_ways(tmp_path, name):
    from nnext import keras as nn_keras

    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 3)).astype(np.float32)
    y = rng.normal(size=(16, 2)).astype(np.float32)
    ours = nn_keras.Sequential(
        [nn_keras.Input((3,)), nn_keras.layers.Dense(4), nn_keras.layers.Dense(2)]
    )
    ours.compile(
        optimizer=getattr(optimizers, name)(learning_rate=0.01), loss="mse", metrics=["mae", "auc"]
    )
    ours.fit(x, y, epochs=2, batch_size=8, verbose=0)
    ours.save(tmp_path / "nnext.keras")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        theirs = real_keras.saving.load_model(tmp_path / "nnext.keras")
        theirs_state = [keras_value(v) for v in theirs.optimizer.variables]
        assert type(theirs.optimizer).__name__ == name
        # ... and Keras's file of that state loads back into nnext.
        theirs.save(tmp_path / "keras.keras")
    ours_state = [np.asarray(v.numpy()) for v in ours.optimizer.variables]
    assert len(ours_state) == len(theirs_state)
    for a, b in zip(ours_state, theirs_state):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    again = nn_keras.saving.load_model(tmp_path / "keras.keras")
    for a, b in zip(again.optimizer.variables, ours_state):
        np.testing.assert_allclose(np.asarray(a.numpy()), b, rtol=1e-6)


@pytest.mark.parametrize(
    ("kernel", "slots", "args"),
    [
        ("adamax_update", 2, (0.1, 0.9, 0.999, 1e-7, 1)),
        ("nadam_update", 2, (0.1, 0.999, 1e-7, 0.45, 0.46, 0.45, 0.2, 0.9, 1)),
        ("lion_update", 1, (0.1, 0.9, 0.99)),
        ("adadelta_update", 2, (0.1, 0.95, 1e-7)),
        ("ftrl_update", 2, (0.1, 0.5, 0.01, 0.02, 0.0)),
        ("schedule_free_adamw_update", 2, (0.1, 0.9, 0.999, 1e-8, 1)),
        ("lamb_update", 2, (0.1, 0.9, 0.999, 1e-7, 1)),
    ],
)
def test_fused_update_kernels_check_their_arguments(kernel, slots, args):
    fn = getattr(_core, kernel)
    var = _core.Variable(np.ones(3, np.float32))
    good = [_core.Variable(np.zeros(3, np.float32)) for _ in range(slots)]
    with pytest.raises(ValueError, match=rf"{kernel}: grad of shape \(2,\) does not match var"):
        fn(var, np.ones(2, np.float32), *good, *args)
    with pytest.raises(TypeError, match=rf"{kernel}: var must be an nnext Tensor or Variable"):
        fn(np.ones(3, np.float32), np.ones(3, np.float32), *good, *args)
    wrong = [_core.Variable(np.zeros(4, np.float32))] + good[1:]
    with pytest.raises(ValueError, match=rf"{kernel}: .* of shape \(4,\) does not match var"):
        fn(var, np.ones(3, np.float32), *wrong, *args)
    fn(var, np.ones(3, np.float32), *good, *args)
    assert np.isfinite(var.numpy()).all() and not np.allclose(var.numpy(), 1.0)
