"""Recurrent layers against real Keras 3: the same layer with the same weights gives the same
outputs, states and weight gradients; an Embedding -> LSTM -> Dense classifier trains with
`fit` to the same losses and weights; configs carry Keras's keys and values.

Keras's reference runs on its JAX backend in a child process (other tests import Keras with
the NumPy backend, and a process gets one backend): the child is this file run as a script,
and every case is written once against a module `k` that is `keras` or `nnext.keras`.

    KERAS_BACKEND=jax python tests/test_keras_rnn.py /tmp/rnn_reference.npz
"""

import json
import sys

import numpy as np
import pytest
from keras_reference import keras_on_jax, run_reference

TOLERANCE = {"rtol": 2e-5, "atol": 2e-6}
TRAINING_TOLERANCE = {"rtol": 2e-4, "atol": 2e-5}
BATCH, STEPS, FEATURES = 3, 6, 4


def sequences(seed=0, batch=BATCH, steps=STEPS, features=FEATURES):
    return np.random.default_rng(seed).uniform(-1, 1, (batch, steps, features)).astype("float32")


def padding_mask():
    """Right padding, left padding, a hole, as bool (batch, steps)."""
    mask = np.ones((BATCH, STEPS), bool)
    mask[0, 4:] = False
    mask[1, :2] = False
    mask[2, 3] = False
    return mask


def set_weights(layer, seed=1):
    rng = np.random.default_rng(seed)
    layer.set_weights(
        [rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in layer.get_weights()]
    )


# -- the cases: (layer factory, call kwargs factory) per name -----------------------------------


def _lstm(k, **kw):
    return k.layers.LSTM(5, **kw)


def _states(seed, *units):
    rng = np.random.default_rng(seed)
    return [rng.uniform(-0.5, 0.5, (BATCH, u)).astype("float32") for u in units]


LAYER_CASES = {
    "simple_rnn": (lambda k: k.layers.SimpleRNN(5), dict),
    "simple_rnn_seq_state_back": (
        lambda k: k.layers.SimpleRNN(
            5, return_sequences=True, return_state=True, go_backwards=True
        ),
        dict,
    ),
    "simple_rnn_relu_no_bias": (
        lambda k: k.layers.SimpleRNN(5, activation="relu", use_bias=False, return_sequences=True),
        dict,
    ),
    "lstm": (lambda k: _lstm(k), dict),
    "lstm_seq": (lambda k: _lstm(k, return_sequences=True), dict),
    "lstm_state": (lambda k: _lstm(k, return_state=True), dict),
    "lstm_seq_state_back": (
        lambda k: _lstm(k, return_sequences=True, return_state=True, go_backwards=True),
        dict,
    ),
    "lstm_back": (lambda k: _lstm(k, go_backwards=True), dict),
    "lstm_initial_state": (
        lambda k: _lstm(k, return_sequences=True, return_state=True),
        lambda: {"initial_state": _states(3, 5, 5)},
    ),
    "lstm_mask": (
        lambda k: _lstm(k, return_sequences=True, return_state=True),
        lambda: {"mask": padding_mask()},
    ),
    "lstm_mask_back": (lambda k: _lstm(k, go_backwards=True), lambda: {"mask": padding_mask()}),
    "lstm_relu": (
        lambda k: _lstm(
            k, activation="relu", recurrent_activation="sigmoid", return_sequences=True
        ),
        dict,
    ),
    "lstm_softplus_step_loop": (  # an activation the fused loop lacks: the step loop runs
        lambda k: _lstm(k, activation="softplus", return_sequences=True),
        dict,
    ),
    "lstm_no_forget_bias": (lambda k: _lstm(k, unit_forget_bias=False, use_bias=False), dict),
    "gru": (lambda k: k.layers.GRU(5), dict),
    "gru_seq_state_back": (
        lambda k: k.layers.GRU(5, return_sequences=True, return_state=True, go_backwards=True),
        dict,
    ),
    "gru_mask": (
        lambda k: k.layers.GRU(5, return_sequences=True),
        lambda: {"mask": padding_mask()},
    ),
    "gru_initial_state": (
        lambda k: k.layers.GRU(5, return_state=True),
        lambda: {"initial_state": _states(4, 5)},
    ),
    "gru_reset_before": (lambda k: k.layers.GRU(5, reset_after=False, return_sequences=True), dict),
    "rnn_lstm_cell": (lambda k: k.layers.RNN(k.layers.LSTMCell(5), return_sequences=True), dict),
    "rnn_stacked_cells": (
        lambda k: k.layers.RNN([k.layers.LSTMCell(6), k.layers.GRUCell(3)], return_state=True),
        dict,
    ),
    "bidirectional_lstm_concat": (
        lambda k: k.layers.Bidirectional(_lstm(k, return_sequences=True)),
        dict,
    ),
    "bidirectional_gru_sum_state": (
        lambda k: k.layers.Bidirectional(k.layers.GRU(4, return_state=True), merge_mode="sum"),
        dict,
    ),
    "bidirectional_lstm_mask_ave": (
        lambda k: k.layers.Bidirectional(_lstm(k, return_sequences=True), merge_mode="ave"),
        lambda: {"mask": padding_mask()},
    ),
    "time_distributed_dense": (
        lambda k: k.layers.TimeDistributed(k.layers.Dense(3, activation="tanh")),
        dict,
    ),
}


def _flat(outputs):
    if isinstance(outputs, (list, tuple)):
        return [leaf for item in outputs for leaf in _flat(item)]
    return [outputs]


def _output_weights(outputs):
    rng = np.random.default_rng(7)
    return [rng.uniform(0.5, 1.5, tuple(o.shape)).astype("float32") for o in _flat(outputs)]


def run_layer_case(k, name, gradients):
    """Outputs, and the gradients of sum(output * w) over outputs w.r.t. the trainable
    weights, with weights set from a fixed generator."""
    make_layer, make_kwargs = LAYER_CASES[name]
    x = sequences()
    layer = make_layer(k)
    kwargs = make_kwargs()
    layer(x, **kwargs)  # builds
    set_weights(layer)
    outputs = _flat(layer(x, **kwargs))
    result = {f"output{i}": np.asarray(o) for i, o in enumerate(outputs)}
    weights = _output_weights(outputs)
    for i, g in enumerate(gradients(layer, x, kwargs, weights)):
        result[f"grad{i}"] = np.asarray(g)
    return result


# -- the text classifier ----------------------------------------------------------------------

VOCAB, LENGTH, SAMPLES = 30, 10, 96


def text_data():
    """Token sequences (ids 1..VOCAB-1); the label says whether small ids outnumber large."""
    rng = np.random.default_rng(5)
    x = rng.integers(1, VOCAB, (SAMPLES, LENGTH)).astype("int32")
    y = ((x < VOCAB // 2).sum(1) > LENGTH // 2).astype("float32")
    return x, y


def run_text_classifier(k):
    x, y = text_data()
    model = k.Sequential(
        [
            k.Input((LENGTH,), dtype="int32"),
            k.layers.Embedding(VOCAB, 8),
            k.layers.LSTM(12),
            k.layers.Dense(1, activation="sigmoid"),
        ]
    )
    set_weights(model, seed=9)
    model.compile(
        optimizer=k.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"]
    )
    history = model.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0)
    result = {f"history_{key}": np.array(values) for key, values in history.history.items()}
    result["predict"] = np.asarray(model.predict(x[:8], verbose=0))
    for i, w in enumerate(model.get_weights()):
        result[f"weight{i}"] = w
    return result


# -- configs ----------------------------------------------------------------------------------

CONFIG_CASES = {
    "LSTM": lambda k: k.layers.LSTM(7, dropout=0.1, return_sequences=True),
    "GRU": lambda k: k.layers.GRU(7, reset_after=False, go_backwards=True),
    "SimpleRNN": lambda k: k.layers.SimpleRNN(7, activation="relu", return_state=True),
    "Embedding": lambda k: k.layers.Embedding(50, 4, mask_zero=True),
}


def configs(k):
    """Each case's config as JSON (names dropped: automatic names differ)."""
    out = {}
    for name, make in CONFIG_CASES.items():
        config = dict(make(k).get_config())
        config.pop("name")
        out[f"config/{name}"] = np.array(json.dumps(config, sort_keys=True))
    return out


# -- the two backends ---------------------------------------------------------------------------


def nnext_gradients(layer, x, kwargs, weights):
    import nnext

    with nnext.GradientTape() as tape:
        outputs = _flat(layer(x, **kwargs))
        loss = sum(nnext.reduce_sum(o * w) for o, w in zip(outputs, weights))
    return tape.gradient(loss, layer.trainable_variables)


def jax_gradients(layer, x, kwargs, weights):
    import jax
    import jax.numpy as jnp

    trainable = [v.value for v in layer.trainable_variables]
    frozen = [v.value for v in layer.non_trainable_variables]

    def loss(values):
        outputs, _ = layer.stateless_call(values, frozen, x, **kwargs)
        return sum(jnp.sum(o * w) for o, w in zip(_flat(outputs), weights))

    return jax.grad(loss)(trainable)


def run_all(k, gradients):
    result = {}
    for name in LAYER_CASES:
        for key, value in run_layer_case(k, name, gradients).items():
            result[f"{name}/{key}"] = value
    for key, value in run_text_classifier(k).items():
        result[f"text_classifier/{key}"] = value
    result.update(configs(k))
    return result


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Keras 3's results for every case, computed once in a child process."""
    path = tmp_path_factory.mktemp("keras_rnn") / "reference.npz"
    return run_reference(__file__, path)


def _compare(reference, prefix, mine, tolerance):
    theirs = {key.removeprefix(prefix): v for key, v in reference.items() if key.startswith(prefix)}
    assert sorted(mine) == sorted(theirs)
    for key in sorted(theirs):
        np.testing.assert_allclose(
            np.asarray(mine[key]), theirs[key], **tolerance, err_msg=f"{prefix}{key}"
        )


@pytest.mark.parametrize("name", sorted(LAYER_CASES))
def test_layer_matches_keras(name, reference):
    import nnext.keras

    _compare(reference, f"{name}/", run_layer_case(nnext.keras, name, nnext_gradients), TOLERANCE)


def test_text_classifier_trains_like_keras(reference):
    import nnext.keras

    _compare(reference, "text_classifier/", run_text_classifier(nnext.keras), TRAINING_TOLERANCE)


@pytest.mark.parametrize("name", sorted(CONFIG_CASES))
def test_config_matches_keras(name, reference):
    import nnext.keras

    mine = json.loads(str(configs(nnext.keras)[f"config/{name}"]))
    theirs = json.loads(str(reference[f"config/{name}"]))
    assert sorted(mine) == sorted(theirs)
    for key in theirs:
        if key == "dtype":  # Keras writes a DTypePolicy dict; compare its name only
            assert mine[key]["config"]["name"] == theirs[key]["config"]["name"]
            continue
        assert mine[key] == theirs[key], key


@pytest.mark.parametrize("name", sorted(CONFIG_CASES))
def test_config_round_trip(name):
    import nnext.keras

    layer = CONFIG_CASES[name](nnext.keras)
    config = layer.get_config()
    again = type(layer).from_config(config)
    assert again.get_config() == config


def main(path):
    keras = keras_on_jax()
    np.savez(path, **run_all(keras, jax_gradients))


if __name__ == "__main__":
    main(sys.argv[1])
