"""`layers.Concatenate` joins inputs of different dtypes in their promoted dtype, as Keras's
(it calls `keras.ops.concatenate`): int64 one-hot features and float32 normalized ones
join as float32, where `tf.concat` refuses mixed dtypes. Checked against Keras 3 (numpy
backend)."""

import os

os.environ.setdefault("KERAS_BACKEND", "numpy")

import numpy as np
import pytest

from nnext import keras as nkeras

keras = pytest.importorskip("keras")

FLOATS = np.array([[0.5], [-1.0]], np.float32)
ONE_HOTS = np.array([[0, 1, 0], [1, 0, 0]], np.int64)


@pytest.mark.parametrize("values", [[FLOATS, ONE_HOTS], [ONE_HOTS, FLOATS]])
def test_eager_concatenate_promotes_as_keras(values):
    want = keras.layers.Concatenate()(values)
    got = nkeras.layers.Concatenate()(values)
    assert str(np.asarray(got).dtype) == keras.backend.standardize_dtype(want.dtype)
    np.testing.assert_array_equal(np.asarray(got), np.asarray(want))


def test_functional_concatenate_of_mixed_inputs():
    numbers = nkeras.Input(shape=(1,), dtype="float32")
    categories = nkeras.Input(shape=(3,), dtype="int64")
    joined = nkeras.layers.concatenate([numbers, categories])
    assert joined.dtype == "float32" and joined.shape == (None, 4)
    model = nkeras.Model([numbers, categories], joined)
    np.testing.assert_array_equal(
        np.asarray(model([FLOATS, ONE_HOTS])), np.concatenate([FLOATS, ONE_HOTS], axis=1)
    )
