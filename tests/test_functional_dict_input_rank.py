"""A functional model fed a dict fits each input as it fits a list: a `(batch,)` column for
`keras.Input(shape=(1,))` gains its trailing axis and takes the Input's dtype, as Keras's
Functional fits every input. Batches of `Dataset.from_tensor_slices((dict(dataframe),
labels))` reach the structured-data tutorials' models this way; the dict path skipped the
fitting and concatenate then joined 1-D columns. Checked against Keras 3 (numpy backend)."""

import os

os.environ.setdefault("KERAS_BACKEND", "numpy")

import numpy as np
import pytest

from nnext import keras as nkeras

keras = pytest.importorskip("keras")


def two_column_model(k):
    fee = k.Input(shape=(1,), name="Fee")
    age = k.Input(shape=(1,), name="Age", dtype="int64")
    joined = k.layers.Concatenate()([fee, k.layers.Lambda(lambda a: k.ops.cast(a, "float32"))(age)])
    return k.Model([fee, age], joined)


COLUMNS = {"Fee": np.array([100.0, 0.0, 50.0], np.float32), "Age": np.array([3, 12, 1])}


def test_dict_columns_of_rank_one_are_fitted_as_keras_fits_them():
    want = np.asarray(two_column_model(keras)(COLUMNS))
    got = np.asarray(two_column_model(nkeras)(COLUMNS))
    assert got.shape == want.shape == (3, 2)
    np.testing.assert_array_equal(got, want)


def test_dict_inputs_take_the_inputs_dtype():
    inputs = nkeras.Input(shape=(1,), name="x")
    model = nkeras.Model([inputs], nkeras.layers.Identity()(inputs))
    out = model({"x": np.array([1, 2], np.int64)})
    assert out.dtype == "float32" and tuple(out.shape) == (2, 1)


def test_a_dict_keyed_model_fits_its_inputs_too():
    inputs = {"x": nkeras.Input(shape=(1,), name="x")}
    model = nkeras.Model(inputs, nkeras.layers.Identity()(inputs["x"]))
    assert tuple(model({"x": np.array([1.0, 2.0], np.float32)}).shape) == (2, 1)
