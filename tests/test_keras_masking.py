"""Masks that flow between layers as in Keras 3: Embedding(mask_zero=True) and Masking make
them, RNNs, Bidirectional and GlobalAveragePooling1D read them, layers that support masking
pass them on (`_keras_mask` on their outputs), and losses and metrics weight by them. Every
case runs the same model with the same weights in nnext and in real Keras 3 (on JAX, in a
child process: see keras_reference.py).

    KERAS_BACKEND=jax python tests/test_keras_masking.py out.npz   # the reference
"""

import sys
import warnings

import numpy as np
import pytest
from keras_reference import assert_case_matches, run_reference, save_reference

TOLERANCE = {"rtol": 2e-5, "atol": 2e-6}
TRAINING_TOLERANCE = {"rtol": 2e-4, "atol": 2e-5}
VOCAB, STEPS = 12, 6


def token_ids():
    """Right-padded, left-padded and unpadded rows of ids (0 is padding)."""
    return np.array(
        [[3, 5, 1, 0, 0, 0], [0, 0, 4, 9, 2, 7], [8, 1, 1, 6, 11, 2], [5, 0, 0, 0, 0, 0]],
        dtype="int32",
    )


def padded_features():
    """Float sequences whose all-zero steps Masking() hides."""
    x = np.random.default_rng(3).uniform(-1, 1, (4, STEPS, 3)).astype("float32")
    x[0, 4:] = 0.0
    x[1, :2] = 0.0
    x[3, 1:] = 0.0
    return x


def mask_of(k, tensor):
    """The mask a layer attached to `tensor`: Keras keeps a JAX array's in a side table."""
    if k.__name__.startswith("nnext"):
        return tensor._keras_mask
    from keras.src.backend import get_keras_mask

    return get_keras_mask(tensor)


def set_weights(model, seed):
    rng = np.random.default_rng(seed)
    model.set_weights(
        [rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in model.get_weights()]
    )


def embedding_lstm(k):
    model = k.Sequential(
        [
            k.Input((STEPS,), dtype="int32"),
            k.layers.Embedding(VOCAB, 4, mask_zero=True),
            k.layers.LSTM(5),
            k.layers.Dense(1),
        ]
    )
    set_weights(model, 0)
    x = token_ids()
    embedded = model.layers[0](x)
    return {"output": np.asarray(model(x)), "mask": np.asarray(mask_of(k, embedded)).astype("int8")}


def functional_bidirectional(k):
    inputs = k.Input((STEPS,), dtype="int32")
    h = k.layers.Embedding(VOCAB, 4, mask_zero=True)(inputs)
    h = k.layers.Bidirectional(k.layers.LSTM(3, return_sequences=True))(h)
    h = k.layers.GlobalAveragePooling1D()(h)
    outputs = k.layers.Dense(2)(h)
    model = k.Model(inputs, outputs)
    set_weights(model, 1)
    return {"output": np.asarray(model(token_ids()))}


def stacked_gru_sum(k):
    inputs = k.Input((STEPS,), dtype="int32")
    h = k.layers.Embedding(VOCAB, 4, mask_zero=True)(inputs)
    h = k.layers.GRU(3, return_sequences=True)(h)
    h = k.layers.Bidirectional(k.layers.SimpleRNN(2), merge_mode="sum")(h)
    model = k.Model(inputs, h)
    set_weights(model, 2)
    return {"output": np.asarray(model(token_ids()))}


def subclassed(k):
    class Classifier(k.Model):
        def __init__(self):
            super().__init__()
            self.embed = k.layers.Embedding(VOCAB, 4, mask_zero=True)
            self.rnn = k.layers.GRU(3, return_sequences=True)
            self.pool = k.layers.GlobalAveragePooling1D()
            self.head = k.layers.Dense(1)

        def call(self, x):
            return self.head(self.pool(self.rnn(self.embed(x))))

    model = Classifier()
    x = token_ids()
    model(x)
    set_weights(model, 3)
    return {"output": np.asarray(model(x))}


def masked_sequence_loss(k):
    """Masking -> GRU(return_sequences) -> Dense: the output keeps the mask, so the loss and
    the metric average over the real steps alone, in a direct call and in fit.

    fit's metrics are left out: Keras on JAX loses the mask there (y_pred comes back out of
    `jax.value_and_grad` as a new array, so the metrics see none), where its TensorFlow and
    torch backends, and nnext, weight them by the mask as the direct call does."""
    model = k.Sequential(
        [
            k.Input((STEPS, 3)),
            k.layers.Masking(),
            k.layers.GRU(4, return_sequences=True),
            k.layers.Dense(2),
        ]
    )
    set_weights(model, 4)
    x = padded_features()
    y = np.random.default_rng(5).uniform(-1, 1, (4, STEPS, 2)).astype("float32")
    y_pred = model(x)
    loss = k.losses.MeanSquaredError()(y, y_pred)
    metric = k.metrics.MeanAbsoluteError()
    metric.update_state(y, y_pred)
    model.compile(optimizer=k.optimizers.SGD(0.1), loss="mse")
    history = model.fit(x, y, batch_size=2, epochs=3, shuffle=False, verbose=0)
    return {
        "output": np.asarray(y_pred),
        "output_mask": np.asarray(mask_of(k, y_pred)).astype("int8"),
        "loss": np.asarray(loss),
        "metric": np.asarray(metric.result()),
        "fit_loss": np.array(history.history["loss"]),
    }


def text_classifier_fit(k):
    """An IMDB-style classifier trained with fit: the mask reaches the LSTM every step."""
    model = k.Sequential(
        [
            k.Input((STEPS,), dtype="int32"),
            k.layers.Embedding(VOCAB, 8, mask_zero=True),
            k.layers.LSTM(6),
            k.layers.Dense(1, activation="sigmoid"),
        ]
    )
    set_weights(model, 6)
    x = np.tile(token_ids(), (4, 1))
    y = (x[:, 0] % 2).astype("float32")
    model.compile(
        optimizer=k.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"]
    )
    history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
    return {"loss": np.array(history.history["loss"])}


def imdb_bidirectional_fit(k):
    """The IMDB example's model (Embedding, two Bidirectional LSTMs, a sigmoid) with
    `mask_zero=True` on padded reviews, trained with fit from the same weights."""
    inputs = k.Input(shape=(None,), dtype="int32")
    x = k.layers.Embedding(VOCAB, 8, mask_zero=True)(inputs)
    x = k.layers.Bidirectional(k.layers.LSTM(4, return_sequences=True))(x)
    x = k.layers.Bidirectional(k.layers.LSTM(4))(x)
    outputs = k.layers.Dense(1, activation="sigmoid")(x)
    model = k.Model(inputs, outputs)
    set_weights(model, 7)
    x = np.tile(token_ids(), (3, 1))
    y = (x.sum(axis=1) % 2).astype("float32")
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    return {"loss": np.array(history.history["loss"]), "predict": model.predict(x, verbose=0)}


CASES = {
    "embedding_lstm": embedding_lstm,
    "functional_bidirectional": functional_bidirectional,
    "stacked_gru_sum": stacked_gru_sum,
    "subclassed": subclassed,
    "masked_sequence_loss": masked_sequence_loss,
    "text_classifier_fit": text_classifier_fit,
    "imdb_bidirectional_fit": imdb_bidirectional_fit,
}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    return run_reference(__file__, tmp_path_factory.mktemp("keras") / "masking.npz")


@pytest.mark.parametrize("name", sorted(CASES))
def test_masks_match_keras(name, reference):
    tolerance = TRAINING_TOLERANCE if "fit" in name or "loss" in name else TOLERANCE
    assert_case_matches(CASES, name, reference, tolerance)


def test_mask_dropped_by_a_layer_without_masking_warns():
    from nnext.keras import layers

    embedded = layers.Embedding(VOCAB, 4, mask_zero=True)(token_ids())
    with pytest.warns(UserWarning, match="does not support masking"):
        out = layers.Flatten()(embedded)
    assert out._keras_mask is None


def test_explicit_mask_wins_and_unmasked_calls_carry_none():
    from nnext.keras import layers

    x = token_ids()
    embedded = layers.Embedding(VOCAB, 4, mask_zero=True)(x)
    plain = layers.Embedding(VOCAB, 4)(x)
    assert plain._keras_mask is None
    lstm = layers.LSTM(2, return_sequences=True)
    ones = np.ones(x.shape, bool)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        unmasked = np.asarray(lstm(embedded, mask=ones))
        masked = np.asarray(lstm(embedded))
        np.testing.assert_allclose(unmasked, np.asarray(lstm(embedded.numpy())), rtol=1e-6)
    assert not np.allclose(unmasked, masked)


if __name__ == "__main__":
    save_reference(CASES, sys.argv[1])
