"""Recurrent layers on their own: stateful carry-over, dropout paths, functional models,
masks from Embedding, and Keras's errors for bad arguments and inputs."""

import numpy as np
import pytest

import nnext
from nnext.keras import layers, models

X = np.random.default_rng(0).uniform(-1, 1, (4, 8, 3)).astype("float32")


@pytest.mark.parametrize(
    "make",
    [
        lambda: layers.LSTM(5, stateful=True, return_sequences=True),
        lambda: layers.GRU(5, stateful=True, return_sequences=True),
    ],
)
def test_stateful_carries_states_between_calls(make):
    whole, split = make(), make()
    whole(X[:, :1])
    split(X[:, :1])
    split.set_weights(whole.get_weights())
    whole.reset_states()
    split.reset_states()
    full = whole(X).numpy()
    first, second = split(X[:, :5]).numpy(), split(X[:, 5:]).numpy()
    np.testing.assert_allclose(np.concatenate([first, second], 1), full, rtol=1e-5, atol=1e-6)
    split.reset_states()
    np.testing.assert_allclose(split(X[:, :5]).numpy(), first, rtol=1e-6, atol=1e-7)
    assert split.get_weights()[0].shape == whole.get_weights()[0].shape
    assert len(split.weights) == 3  # the states are not weights


def test_fused_and_step_loop_agree():
    class PlainLSTMCell(layers.LSTMCell):
        _fused_sequence = None  # force the step loop

    fused = layers.RNN(layers.LSTMCell(4), return_sequences=True, go_backwards=True)
    loop = layers.RNN(PlainLSTMCell(4), return_sequences=True, go_backwards=True)
    mask = np.ones((4, 8), bool)
    mask[1, 5:] = False
    fused(X)
    loop(X)
    loop.set_weights(fused.get_weights())
    np.testing.assert_allclose(
        loop(X, mask=mask).numpy(), fused(X, mask=mask).numpy(), rtol=1e-5, atol=1e-6
    )


@pytest.mark.parametrize(
    "kwargs",
    [{"dropout": 0.5}, {"recurrent_dropout": 0.5}, {"dropout": 0.3, "recurrent_dropout": 0.3}],
)
@pytest.mark.parametrize("cls", [layers.LSTM, layers.GRU, layers.SimpleRNN])
def test_dropout_only_while_training(cls, kwargs):
    layer = cls(6, seed=1, **kwargs)
    inference = layer(X).numpy()
    np.testing.assert_array_equal(layer(X, training=False).numpy(), inference)
    with nnext.GradientTape() as tape:
        trained = layer(X, training=True)
        loss = nnext.reduce_sum(trained * trained)
    assert not np.allclose(trained.numpy(), inference)
    grads = tape.gradient(loss, layer.trainable_variables)
    assert all(g is not None and np.isfinite(g.numpy()).all() for g in grads)


def test_functional_model_with_states():
    inputs = layers.Input((8, 3))
    seq, h, c = layers.LSTM(5, return_sequences=True, return_state=True)(inputs)
    merged = layers.Concatenate()([layers.GRU(2)(seq), h, c])
    model = models.Model(inputs, merged)
    assert model.output_shape == (None, 12)
    assert model.predict(X, verbose=0).shape == (4, 12)


def test_embedding_mask_reaches_lstm():
    tokens = np.array([[3, 4, 0, 0], [5, 0, 0, 0]])
    embedding = layers.Embedding(10, 3, mask_zero=True)
    lstm = layers.LSTM(4)
    vectors = embedding(tokens)
    mask = embedding.compute_mask(tokens)
    np.testing.assert_array_equal(mask.numpy(), tokens != 0)
    masked = lstm(vectors, mask=mask).numpy()
    # Trailing padding leaves the state of the last real step: the same as cutting it off.
    np.testing.assert_allclose(masked[0], lstm(vectors[:1, :2]).numpy()[0], rtol=1e-6)
    np.testing.assert_allclose(masked[1], lstm(vectors[1:, :1]).numpy()[0], rtol=1e-6)


def test_embedding_gradient_adds_rows():
    embedding = layers.Embedding(5, 2)
    tokens = np.array([[1, 1, 3]])
    with nnext.GradientTape() as tape:
        loss = nnext.reduce_sum(embedding(tokens))
    (grad,) = tape.gradient(loss, embedding.trainable_variables)
    np.testing.assert_array_equal(grad.numpy(), [[0, 0], [2, 2], [0, 0], [1, 1], [0, 0]])


def test_lstm_rejects_rank_2_input():
    layer = layers.LSTM(3, name="lstm_x")
    with pytest.raises(
        ValueError,
        match=r'layer "lstm_x" is incompatible .* expected ndim=3, '
        r"found ndim=2. Full shape received: \(4, 3\)",
    ):
        layer(X[:, 0])


@pytest.mark.parametrize(
    ("make", "pattern"),
    [
        (lambda: layers.LSTM(0), r"argument `units`, expected a positive integer, got 0"),
        (lambda: layers.Embedding(0, 3), r"`input_dim` must be a positive integer"),
        (lambda: layers.Bidirectional(layers.LSTM(2), merge_mode="max"), r"Invalid merge mode"),
        (lambda: layers.Bidirectional("lstm"), r"Please initialize `Bidirectional`"),
        (lambda: layers.TimeDistributed(3), r"Please initialize `TimeDistributed`"),
        (lambda: layers.RNN(object()), r"Argument `cell` should have a `call` method"),
    ],
)
def test_bad_arguments_raise_keras_errors(make, pattern):
    with pytest.raises(ValueError, match=pattern):
        make()


def test_bidirectional_merge_none_returns_both_directions():
    layer = layers.Bidirectional(layers.GRU(3, return_sequences=True), merge_mode=None)
    forward, backward = layer(X)
    assert forward.shape == (4, 8, 3) and backward.shape == (4, 8, 3)
    assert layer.compute_output_shape((None, 8, 3)) == [(None, 8, 3), (None, 8, 3)]
