"""Functional models against real Keras 3: the same graph, weights and batches give the same
History, evaluate and predict values and final weights (float32, rtol 1e-5).

As in test_keras_parity.py, the reference runs Keras on its JAX backend in a child process
(this file run as a script), each case written once against a module `k` that is `keras`
or `nnext.keras`.

    KERAS_BACKEND=jax python tests/test_keras_functional_parity.py /tmp/reference.npz
"""

import sys

import numpy as np
import pytest
from keras_reference import assert_case_matches, run_reference, save_reference
from test_keras_parity import results, set_same_weights

TOLERANCE = {"rtol": 1e-5, "atol": 1e-6}


def two_input_data(n=96, seed=3):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, 8)).astype("float32")
    b = rng.standard_normal((n, 6)).astype("float32")
    score = a[:, :3] @ np.array([1.0, -2.0, 0.5]) + b[:, :3].sum(1)
    classes = np.eye(3, dtype="float32")[np.digitize(score, [-1.0, 1.0])]
    return a, b, score[:, None].astype("float32"), classes


def two_tower(k):
    """Two inputs, a layer shared by both towers, merged, and two named outputs."""
    a = k.Input((8,), name="a")
    b = k.Input((6,), name="b")
    project = k.layers.Dense(6, name="project")(a)
    shared = k.layers.Dense(5, activation="tanh", name="shared")
    merged = k.layers.concatenate([shared(project), shared(b)], name="merged")
    hidden = k.layers.Dense(7, activation="relu", name="hidden")(merged)
    added = k.layers.Add(name="added")([k.layers.Dense(7, name="skip")(merged), hidden])
    score = k.layers.Dense(1, name="score")(added)
    label = k.layers.Dense(3, activation="softmax", name="label")(added)
    model = k.Model(inputs=[a, b], outputs=[score, label], name="two_tower")
    set_same_weights(model)
    return model


def case_two_tower_loss_dict(k):
    a, b, score, classes = two_input_data()
    model = two_tower(k)
    model.compile(
        optimizer=k.optimizers.Adam(0.01),
        loss={"score": "mse", "label": "categorical_crossentropy"},
        loss_weights={"score": 0.5, "label": 2.0},
        metrics={"score": ["mae"], "label": ["accuracy"]},
    )
    history = model.fit(
        {"a": a, "b": b},
        {"score": score, "label": classes},
        batch_size=16,
        epochs=3,
        shuffle=False,
        verbose=0,
    )
    evaluation = model.evaluate(
        [a, b], [score, classes], batch_size=32, verbose=0, return_dict=True
    )
    predictions = model.predict([a[:10], b[:10]], verbose=0)
    return results(
        model,
        history,
        predict_score=predictions[0],
        predict_label=predictions[1],
        **{f"evaluate/{key}": np.array(v) for key, v in evaluation.items()},
    )


def case_two_tower_loss_list_validation(k):
    a, b, score, classes = two_input_data(n=80, seed=5)
    model = two_tower(k)
    model.compile(
        optimizer=k.optimizers.SGD(0.05, momentum=0.9),
        loss=["mae", "categorical_crossentropy"],
        metrics=[["mse"], ["accuracy"]],
    )
    history = model.fit(
        [a, b],
        [score, classes],
        batch_size=20,
        epochs=2,
        shuffle=False,
        validation_split=0.25,
        verbose=0,
    )
    return results(model, history)


def case_ops_on_keras_tensors(k):
    """Operators on KerasTensors inside the graph (`x * 2 + y`, slicing)."""
    x = k.Input((4,), name="x")
    h = k.layers.Dense(4, name="h")(x)
    y = k.layers.Dense(1, activation="sigmoid", name="y")(h * 2.0 + x - h[:, :1])
    model = k.Model(x, y)
    set_same_weights(model)
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
    data = np.random.default_rng(4).standard_normal((64, 4)).astype("float32")
    labels = (data.sum(1, keepdims=True) > 0).astype("float32")
    history = model.fit(data, labels, batch_size=16, epochs=2, shuffle=False, verbose=0)
    return results(model, history, predict=model.predict(data[:8], verbose=0))


def case_nested_functional(k):
    """A functional model used as a layer of another, then trained."""
    inner_in = k.Input((5,), name="inner_in")
    inner = k.Model(
        inner_in, k.layers.Dense(4, activation="relu", name="inner_dense")(inner_in), name="encoder"
    )
    outer_in = k.Input((5,), name="outer_in")
    out = k.layers.Dense(2, activation="softmax", name="head")(inner(outer_in))
    model = k.Model(outer_in, out)
    set_same_weights(model)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    data = np.random.default_rng(6).standard_normal((48, 5)).astype("float32")
    labels = (data[:, 0] > 0).astype("int32")
    history = model.fit(data, labels, batch_size=12, epochs=2, shuffle=False, verbose=0)
    return results(model, history)


CASES = {
    "two_tower_loss_dict": case_two_tower_loss_dict,
    "two_tower_loss_list_validation": case_two_tower_loss_list_validation,
    "ops_on_keras_tensors": case_ops_on_keras_tensors,
    "nested_functional": case_nested_functional,
}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    path = tmp_path_factory.mktemp("functional_parity") / "reference.npz"
    return run_reference(__file__, path)


@pytest.mark.parametrize("case", sorted(CASES))
def test_functional_parity_with_keras(case, reference):
    assert_case_matches(CASES, case, reference, TOLERANCE)


if __name__ == "__main__":
    save_reference(CASES, sys.argv[1])
