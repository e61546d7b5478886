"""A pandas Series of strings converts to a string tensor, as TensorFlow converts it
through NumPy: `Dataset.from_tensor_slices(dict(dataframe))` of a frame with text columns
(pandas 3 gives them the `str` dtype; older pandas, object)."""

import numpy as np
import pandas as pd
import pytest

import nnext as tf


@pytest.mark.parametrize("dtype", [object, "str"])
def test_a_series_of_strings_is_a_string_tensor(dtype):
    tensor = tf.convert_to_tensor(pd.Series(["Cat", "Dog", "Cat"], dtype=dtype))
    assert tensor.dtype == tf.string and tensor.shape == (3,)
    np.testing.assert_array_equal(tensor.numpy(), np.array([b"Cat", b"Dog", b"Cat"], object))


def test_an_index_of_strings_is_a_string_tensor():
    tensor = tf.convert_to_tensor(pd.Index(["a", "b"]))
    assert tensor.dtype == tf.string and tensor.numpy().tolist() == [b"a", b"b"]


def test_numeric_series_keep_their_dtypes():
    assert tf.convert_to_tensor(pd.Series([1, 2])).dtype == tf.int64
    assert tf.convert_to_tensor(pd.Series([1.5])).dtype == tf.float64


def test_dataset_from_a_dataframe_dict_with_text_columns():
    frame = pd.DataFrame({"Type": ["Cat", "Dog"], "Age": [3, 4]})
    features = next(iter(tf.data.Dataset.from_tensor_slices(dict(frame)).batch(2)))
    assert features["Type"].dtype == tf.string and features["Age"].dtype == tf.int64
    assert features["Type"].numpy().tolist() == [b"Cat", b"Dog"]
