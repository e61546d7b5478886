"""fit/evaluate/predict on batches of strings see each batch's own strings.

The string layers (StringLookup, TextVectorization) work on the strings in Python, outside
what a compiled step records, so a step whose batch holds string tensors runs eagerly: a
replayed trace would feed every batch the first batch's token ids (a model with a
TextVectorization first then stopped learning). Keras's TensorFlow backend traces the
string ops into its graph; the results are the same."""

import numpy as np
import pytest

import nnext as tf
from nnext import keras
from nnext._compiled import NotReplayableError

WORDS = ["a", "b", "c", "d"]


def lookup_model(**compile_kwargs):
    model = keras.Sequential(
        [
            keras.Input(shape=(1,), dtype="string"),
            keras.layers.StringLookup(vocabulary=WORDS),
            keras.layers.Lambda(lambda ids: keras.ops.cast(ids, "float32")),
        ]
    )
    model.compile(loss="mse", **compile_kwargs)
    return model


def strings_and_ids():
    strings = np.array([["a"], ["b"], ["c"], ["d"], ["b"], ["z"]], dtype=object)
    ids = np.array([[1], [2], [3], [4], [2], [0]], dtype=np.float32)
    return strings, ids


def test_predict_gives_each_batch_its_own_lookup():
    strings, ids = strings_and_ids()
    dataset = tf.data.Dataset.from_tensor_slices(strings).batch(2)
    np.testing.assert_array_equal(lookup_model().predict(dataset, verbose=0), ids)


def test_evaluate_scores_each_batch_on_its_own_strings():
    strings, ids = strings_and_ids()
    dataset = tf.data.Dataset.from_tensor_slices((strings, ids)).batch(2)
    assert lookup_model().evaluate(dataset, verbose=0) == 0.0


def test_fit_learns_from_every_batch_as_when_run_eagerly():
    # Batches that differ: the label (the word "good" present or not) is random per text.
    labels = np.random.default_rng(0).integers(0, 2, 64).astype(np.float32)
    texts = [" ".join(["good"] * int(label) + ["plain"] * 3) for label in labels]
    dataset = tf.data.Dataset.from_tensor_slices((texts, labels)).batch(8)
    losses = []
    for run_eagerly in (False, True):
        keras.utils.set_random_seed(1)
        vectorizer = keras.layers.TextVectorization(output_sequence_length=4)
        vectorizer.adapt(texts)
        model = keras.Sequential(
            [
                vectorizer,
                keras.layers.Embedding(4, 4),
                keras.layers.GlobalAveragePooling1D(),
                keras.layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(
            optimizer=keras.optimizers.Adam(0.05),
            loss="binary_crossentropy",
            run_eagerly=run_eagerly,
        )
        losses.append(model.fit(dataset, epochs=3, shuffle=False, verbose=0).history["loss"])
    np.testing.assert_allclose(losses[0], losses[1], rtol=1e-6)
    assert losses[0][-1] < 0.5 * losses[0][0], losses


def test_jit_compile_true_refuses_string_batches():
    strings, ids = strings_and_ids()
    model = lookup_model(jit_compile=True)
    with pytest.raises(NotReplayableError, match="string tensors"):
        model.evaluate(tf.data.Dataset.from_tensor_slices((strings, ids)).batch(2), verbose=0)
