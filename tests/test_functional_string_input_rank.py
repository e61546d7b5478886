"""A functional model on `keras.Input(shape=(1,), dtype="string")` takes a `(batch,)`
batch of strings, as Keras's Functional fits each input's rank (`_adjust_input_rank`
adds the missing trailing axis of size 1): the end-to-end models of the text examples
evaluate on datasets of raw strings this way."""

import numpy as np

import nnext as tf
from nnext import keras


def string_model():
    lookup = keras.layers.StringLookup(vocabulary=["a", "b", "c"])
    inputs = keras.Input(shape=(1,), dtype="string")
    return keras.Model(inputs, lookup(inputs))


def test_a_batch_of_strings_gains_the_inputs_trailing_axis():
    out = string_model()(tf.constant(["b", "a", "z"]))
    assert tuple(out.shape) == (3, 1)
    np.testing.assert_array_equal(np.asarray(out), [[2], [1], [0]])


def test_a_string_batch_with_the_trailing_axis_passes_unchanged():
    out = string_model()(tf.constant([["c"], ["a"]]))
    np.testing.assert_array_equal(np.asarray(out), [[3], [1]])


def test_predict_on_a_dataset_of_string_batches():
    texts = tf.data.Dataset.from_tensor_slices(["a", "b", "c", "z", "a"]).batch(2)
    out = string_model().predict(texts, verbose=0)
    np.testing.assert_array_equal(out, [[1], [2], [3], [0], [1]])


def test_numeric_inputs_are_fitted_as_before():
    inputs = keras.Input(shape=(1,))
    model = keras.Model(inputs, keras.layers.Identity()(inputs))
    assert tuple(model(np.array([1.0, 2.0], np.float32)).shape) == (2, 1)
    assert tuple(model(np.ones((2, 1, 1), np.float32)).shape) == (2, 1)
