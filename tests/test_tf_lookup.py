"""tf.lookup over string and integer keys: TensorFlow 2.21's docstring examples (their
outputs pin TensorFlow's Fingerprint64 bucketing), text-file parsing, mutable tables, and
TensorFlow's errors and messages for bad input."""

import numpy as np
import pytest

import nnext as tf
from nnext.errors import FailedPreconditionError, InvalidArgumentError

lookup = tf.lookup


@pytest.fixture
def text_file(tmp_path):
    def write(lines, name="vocab.txt", end=""):
        path = tmp_path / name
        path.write_bytes(("\n".join(lines) + end).encode("utf-8"))
        return str(path)

    return write


def _int_table(keys, values, default=-1):
    init = lookup.KeyValueTensorInitializer(keys, values)
    return lookup.StaticHashTable(init, default_value=default)


# -- StaticHashTable / KeyValueTensorInitializer ------------------------------------------


def test_static_hash_table_docstring():
    table = _int_table(tf.constant(["a", "b", "c"]), tf.constant([7, 8, 9]))
    out = table.lookup(tf.constant(["a", "f"]))
    assert out.dtype == tf.int32
    np.testing.assert_array_equal(out.numpy(), [7, -1])
    np.testing.assert_array_equal(
        table[tf.constant([["a", "b"], ["c", "d"]])].numpy(), [[7, 8], [9, -1]]
    )
    assert table.key_dtype == tf.string and table.value_dtype == tf.int32
    assert int(table.default_value) == -1
    size = table.size()
    assert size.dtype == tf.int64 and int(size) == 3
    keys, values = table.export()
    assert dict(zip(keys.numpy().tolist(), values.numpy().tolist())) == {b"a": 7, b"b": 8, b"c": 9}


def test_integer_keys_string_values_and_scalar_key():
    table = _int_table(tf.constant([1, 2], tf.int64), tf.constant(["one", "two"]), default="?")
    out = table.lookup(tf.constant([[2, 3], [1, 1]], tf.int64))
    assert out.dtype == tf.string
    assert out.numpy().tolist() == [[b"two", b"?"], [b"one", b"one"]]
    assert table.lookup(tf.constant(1, tf.int64)).numpy() == b"one"
    floats = _int_table(tf.constant([3, 4]), tf.constant([0.5, 1.5]), default=0.0)
    np.testing.assert_array_equal(floats.lookup(tf.constant([4, 5])).numpy(), [1.5, 0.0])


def test_initializer_dtypes_and_errors():
    init = lookup.KeyValueTensorInitializer(
        [1, 2], [10, 20], key_dtype=tf.int64, value_dtype=tf.float32
    )
    assert init.key_dtype == tf.int64 and init.value_dtype == tf.float32
    with pytest.raises(InvalidArgumentError, match=r"Expected shape \[3\] for value, got \[2\]"):
        lookup.StaticHashTable(lookup.KeyValueTensorInitializer(["a", "b", "c"], [1, 2]), -1)
    with pytest.raises(
        FailedPreconditionError,
        match="HashTable has different value for same key. Key a has 1 and trying to add value 3",
    ):
        _int_table(["a", "b", "a"], [1, 2, 3])
    same = _int_table(["a", "b", "a"], [1, 2, 1])  # a repeat with the same value is accepted
    assert int(same.size()) == 2


def test_lookup_key_dtype_and_default_shape_errors():
    table = _int_table(tf.constant(["a"]), tf.constant([1]))
    with pytest.raises(
        TypeError, match="Dtype of argument `keys` must be <dtype: 'string'>, received"
    ):
        table.lookup(tf.constant([1]))
    with pytest.raises(ValueError, match=r"Shapes \(2,\) and \(\) are incompatible"):
        lookup.StaticHashTable(lookup.KeyValueTensorInitializer(["a"], [1]), default_value=[1, 2])


def test_large_vocabulary_round_trip():
    words = np.array([f"w{i}".encode() for i in range(20000)], dtype=object)
    ids = np.arange(20000, dtype=np.int64)
    table = _int_table(tf.constant(words), tf.constant(ids))
    rng = np.random.default_rng(0)
    picks = rng.integers(0, 20000, size=5000)
    np.testing.assert_array_equal(table.lookup(tf.constant(words[picks])).numpy(), picks)


# -- TextFileInitializer -------------------------------------------------------------------


def test_text_file_columns_and_whole_line(text_file):
    path = text_file(["emerson 10", "lake 20", "palmer 30"])
    init = lookup.TextFileInitializer(
        filename=path,
        key_dtype=tf.string,
        key_index=0,
        value_dtype=tf.int64,
        value_index=1,
        delimiter=" ",
    )
    table = lookup.StaticHashTable(init, default_value=-1)
    np.testing.assert_array_equal(
        table.lookup(tf.constant(["palmer", "lake", "tarkus"])).numpy(), [30, 20, -1]
    )
    init = lookup.TextFileInitializer(
        filename=path,
        key_dtype=tf.string,
        key_index=lookup.TextFileIndex.WHOLE_LINE,
        value_dtype=tf.int64,
        value_index=lookup.TextFileIndex.LINE_NUMBER,
    )
    table = lookup.StaticHashTable(init, -1)
    assert int(table.lookup(tf.constant("palmer 30"))) == 2


def test_text_file_crlf_trailing_newline_offset_vocab_size_and_tensor_name(text_file):
    path = text_file(["a\tx", "b\ty", "c\tz"], end="\r\n")
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data.replace(b"\n", b"\r\n").replace(b"\r\r\n", b"\r\n"))
    init = lookup.TextFileInitializer(
        tf.constant(path),
        tf.string,
        1,
        tf.int64,
        lookup.TextFileIndex.LINE_NUMBER,
        value_index_offset=5,
    )
    table = lookup.StaticHashTable(init, -1)
    np.testing.assert_array_equal(table.lookup(tf.constant(["x", "z", "a"])).numpy(), [5, 7, -1])
    two = lookup.TextFileInitializer(
        path, tf.string, 0, tf.int64, lookup.TextFileIndex.LINE_NUMBER, vocab_size=2
    )
    assert int(lookup.StaticHashTable(two, -1).size()) == 2
    floats = text_file(["a 0.5", "b 2.25"], name="floats.txt")
    init = lookup.TextFileInitializer(floats, tf.string, 0, tf.float32, 1, delimiter=" ")
    np.testing.assert_array_equal(
        lookup.StaticHashTable(init, 0.0).lookup(tf.constant(["b"])).numpy(), [2.25]
    )


def test_text_file_errors(text_file):
    def table(path, **kwargs):
        options = {"key_dtype": tf.string, "key_index": 0, "value_dtype": tf.int64}
        options.update(value_index=1, delimiter=" ")
        options.update(kwargs)
        return lookup.StaticHashTable(lookup.TextFileInitializer(path, **options), -1)

    with pytest.raises(ValueError, match="`filename` argument required"):
        lookup.TextFileInitializer("", tf.string, 0, tf.int64, 1)
    with pytest.raises(ValueError, match="`key_index` should be >= -2, received: -3."):
        lookup.TextFileInitializer("f", tf.string, -3, tf.int64, 1)
    with pytest.raises(ValueError, match="`value_dtype` must be int64 for `value_index` -1"):
        lookup.TextFileInitializer("f", tf.string, 0, tf.int32, -1)
    with pytest.raises(ValueError, match="`key_dtype` should be either integer or string"):
        lookup.TextFileInitializer("f", tf.float32, -2, tf.int64, -1)
    with pytest.raises(ValueError, match="`vocab_size` should be > 0, received: 0"):
        lookup.TextFileInitializer("f", tf.string, 0, tf.int64, 1, vocab_size=0)
    path = text_file(["a 1", "b"], name="short.txt")
    with pytest.raises(
        InvalidArgumentError,
        match=r"Invalid number of columns in .*short.txt line 1 \(b\) : expected at least 2 got 1",
    ):
        table(path)
    path = text_file(["a 1", "b x"], name="bad.txt")
    with pytest.raises(InvalidArgumentError, match="Field x in line 1 is not a valid int64."):
        table(path)
    path = text_file(["a 1", "", "b 2"], name="gap.txt")
    with pytest.raises(InvalidArgumentError, match="empty line found at position 5."):
        table(path)
    path = text_file(["a 1", "b 2"], name="few.txt")
    with pytest.raises(
        InvalidArgumentError, match="Invalid vocab_size in .*few.txt: expected 3 but got 2"
    ):
        table(path, vocab_size=3)
    with pytest.raises(InvalidArgumentError, match="delimiter should be only 1 char"):
        table(path, delimiter="  ")
    with pytest.raises(tf.errors.NotFoundError):
        table(path + ".missing")
    dup = text_file(["earth", "wind", "earth"], name="dup.txt")
    with pytest.raises(
        FailedPreconditionError, match="HashTable has different value for same key.*earth"
    ):
        table(dup, key_index=-2, value_index=-1)


# -- StaticVocabularyTable -----------------------------------------------------------------


def test_static_vocabulary_table_docstrings(text_file):
    init = lookup.KeyValueTensorInitializer(
        keys=tf.constant(["emerson", "lake", "palmer"]),
        values=tf.constant([0, 1, 2], dtype=tf.int64),
    )
    table = lookup.StaticVocabularyTable(init, num_oov_buckets=5)
    out = table[tf.constant(["emerson", "lake", "palmer", "king", "crimson"])]
    assert out.dtype == tf.int64
    np.testing.assert_array_equal(out.numpy(), [0, 1, 2, 6, 7])
    assert int(table.size()) == 8

    path = text_file(["emerson", "lake", "palmer", "crimnson"])
    init = lookup.TextFileInitializer(
        path,
        key_dtype=tf.string,
        key_index=lookup.TextFileIndex.WHOLE_LINE,
        value_dtype=tf.int64,
        value_index=lookup.TextFileIndex.LINE_NUMBER,
    )
    table = lookup.StaticVocabularyTable(init, 3)
    got = table.lookup(tf.constant(["palmer", "crimnson", "king", "tarkus", "black", "moon"]))
    np.testing.assert_array_equal(got.numpy(), [2, 3, 5, 6, 6, 4])

    init = lookup.KeyValueTensorInitializer(
        keys=tf.constant(["emerson", "lake", "palmer"]),
        values=tf.constant([1, 2, 3], dtype=tf.int64),
    )
    table = lookup.StaticVocabularyTable(init, num_oov_buckets=1)
    np.testing.assert_array_equal(
        table[tf.constant(["emerson", "lake", "palmer", "king"])].numpy(), [1, 2, 3, 3]
    )


def test_static_vocabulary_table_integer_keys_and_buckets_only():
    init = lookup.KeyValueTensorInitializer(
        tf.constant([10, 20], tf.int64), tf.constant([0, 1], tf.int64)
    )
    table = lookup.StaticVocabularyTable(init, 4, lookup_key_dtype=tf.int32)
    keys = tf.constant([[10, 30], [20, -7]], tf.int32)
    # TensorFlow hashes an unknown integer key's decimal string form.
    buckets = tf.strings.to_hash_bucket_fast(tf.strings.as_string(keys), 4).numpy() + 2
    np.testing.assert_array_equal(
        table.lookup(keys).numpy(), [[0, buckets[0, 1]], [1, buckets[1, 1]]]
    )
    only = lookup.StaticVocabularyTable(None, 7)
    words = tf.constant(["a", "b", "c"])
    np.testing.assert_array_equal(
        only.lookup(words).numpy(), tf.strings.to_hash_bucket_fast(words, 7).numpy()
    )
    assert int(only.size()) == 7 and only.key_dtype == tf.string


def test_static_vocabulary_table_errors():
    strings = lookup.KeyValueTensorInitializer(["a"], tf.constant([0], tf.int64))
    with pytest.raises(ValueError, match="`num_oov_buckets` must be > 0; use StaticHashTable."):
        lookup.StaticVocabularyTable(strings, 0)
    with pytest.raises(TypeError, match="Invalid `value_dtype`, expected <dtype: 'int64'> but got"):
        lookup.StaticVocabularyTable(lookup.KeyValueTensorInitializer(["a"], [0]), 1)
    with pytest.raises(TypeError, match="Invalid `key_dtype`, expected one of"):
        lookup.StaticVocabularyTable(
            lookup.KeyValueTensorInitializer([1], tf.constant([0], tf.int64)), 1
        )
    with pytest.raises(TypeError, match="Invalid `key_dtype`, expected integer but got"):
        lookup.StaticVocabularyTable(strings, 1, lookup_key_dtype=tf.int64)
    with pytest.raises(TypeError, match="Dtype of argument `keys` must be"):
        lookup.StaticVocabularyTable(strings, 1).lookup(tf.constant([1]))


# -- MutableHashTable / DenseHashTable -----------------------------------------------------


def test_mutable_hash_table_docstring():
    table = lookup.experimental.MutableHashTable(
        key_dtype=tf.string, value_dtype=tf.int64, default_value=-1
    )
    keys = tf.constant(["a", "b", "c"])
    table.insert(keys, tf.constant([7, 8, 9], dtype=tf.int64))
    np.testing.assert_array_equal(table.lookup(tf.constant(["a", "f"])).numpy(), [7, -1])
    table.remove(tf.constant(["c"]))
    np.testing.assert_array_equal(table.lookup(keys).numpy(), [7, 8, -1])
    exported_keys, exported_values = table.export()
    assert sorted(exported_keys.numpy()) == [b"a", b"b"] and sorted(exported_values.numpy()) == [
        7,
        8,
    ]
    assert int(table.size()) == 2


def test_mutable_overwrite_vector_values_dynamic_defaults_and_churn():
    table = lookup.experimental.MutableHashTable(tf.int64, tf.float32, default_value=[0.0, 0.0])
    table.insert(tf.constant([1, 5], tf.int64), tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    table.insert(
        tf.constant([5, 5], tf.int64), tf.constant([[5.0, 6.0], [7.0, 8.0]])
    )  # the last wins
    out = table.lookup(tf.constant([[5, 2]], tf.int64))
    assert out.shape == (1, 2, 2)
    np.testing.assert_array_equal(out.numpy(), [[[7, 8], [0, 0]]])
    dynamic = table.lookup(
        tf.constant([1, 9], tf.int64), dynamic_default_values=[[0.0, 0.0], [-1.0, -2.0]]
    )
    np.testing.assert_array_equal(dynamic.numpy(), [[1, 2], [-1, -2]])
    for step in range(50):  # many inserts and removes: entries stay right as rows are reclaimed
        keys = tf.constant(np.arange(step, step + 40), tf.int64)
        table.insert(keys, tf.constant(np.full((40, 2), float(step), np.float32)))
        table.remove(tf.constant(np.arange(step, step + 20), tf.int64))
    np.testing.assert_array_equal(
        table.lookup(tf.constant([69, 88], tf.int64)).numpy(), [[49, 49], [49, 49]]
    )
    assert int(table.size()) == 20  # keys 69..88: the last insert's keys its remove kept


def test_mutable_errors():
    table = lookup.experimental.MutableHashTable(tf.string, tf.int64, default_value=-1)
    with pytest.raises(InvalidArgumentError, match=r"Expected shape \[2\] for value, got \[3\]"):
        table.insert(tf.constant(["a", "b"]), tf.constant([1, 2, 3], tf.int64))
    with pytest.raises(TypeError, match="Dtype of argument `keys` must be"):
        table.remove(tf.constant([1]))
    with pytest.raises(
        ValueError, match="Tensor conversion requested dtype int64 for Tensor with dtype int32"
    ):
        table.insert(tf.constant(["a"]), tf.constant([1]))
    with pytest.raises(
        ValueError, match="Tensor conversion requested dtype string for Tensor with dtype"
    ):
        table.lookup(tf.constant([1.0]))


def test_dense_hash_table_docstring_and_reserved_keys():
    table = lookup.experimental.DenseHashTable(
        key_dtype=tf.string, value_dtype=tf.int64, default_value=-1, empty_key="", deleted_key="$"
    )
    table.insert(tf.constant(["a", "b", "c"]), tf.constant([0, 1, 2], dtype=tf.int64))
    table.remove(tf.constant(["c"]))
    np.testing.assert_array_equal(
        table.lookup(tf.constant(["a", "b", "c", "d"])).numpy(), [0, 1, -1, -1]
    )
    table.insert_or_assign(tf.constant(["d"]), tf.constant([3], tf.int64))
    table.erase(tf.constant(["a"]))
    assert sorted(table.export()[0].numpy()) == [b"b", b"d"]
    with pytest.raises(
        InvalidArgumentError, match="Using the empty_key as a table key is not allowed"
    ):
        table.insert(tf.constant([""]), tf.constant([1], tf.int64))
    with pytest.raises(
        InvalidArgumentError, match="Using the deleted_key as a table key is not allowed"
    ):
        table.lookup(tf.constant(["$"]))
    with pytest.raises(TypeError, match="Signature mismatch. Keys must be dtype"):
        table.remove(tf.constant([1]))
    with pytest.raises(InvalidArgumentError, match="Empty and deleted keys cannot be equal"):
        lookup.experimental.DenseHashTable(tf.int64, tf.int64, 0, empty_key=-1, deleted_key=-1)
    with pytest.raises(
        InvalidArgumentError, match="Number of buckets must be at least 4 and a power of 2"
    ):
        lookup.experimental.DenseHashTable(tf.int64, tf.int64, 0, -1, -2, initial_num_buckets=6)


def test_tables_inside_tf_function():
    table = _int_table(tf.constant(["a", "b"]), tf.constant([1, 2], tf.int64))

    @tf.function
    def ids(words):
        return table.lookup(words) * 10

    np.testing.assert_array_equal(ids(tf.constant(["b", "x"])).numpy(), [20, -10])
