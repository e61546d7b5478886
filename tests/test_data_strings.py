"""tf.data pipelines and Keras text layers over string tensors: the elements, specs and
batches TensorFlow gives, and TextVectorization/StringLookup fed string tensors and datasets
of them (the "Basic text classification" tutorial's uses)."""

import re
import string

import numpy as np
import pytest

import nnext as tf
from nnext.keras import layers
from nnext.string_tensor import StringTensor


def as_lists(ds):
    return [np.asarray(x).tolist() for x in ds]


def flat(ds):
    return [x for batch in as_lists(ds) for x in batch]


def test_from_tensor_slices_elements_and_spec():
    ds = tf.data.Dataset.from_tensor_slices(["a b", "c"])
    assert repr(ds.element_spec) == "TensorSpec(shape=(), dtype=nnext.string, name=None)"
    assert ds.element_spec == tf.TensorSpec(shape=(), dtype=tf.string)
    elements = list(ds)
    assert all(type(e) is StringTensor and e.shape == () for e in elements)
    assert [e.numpy() for e in elements] == [b"a b", b"c"]
    assert list(ds.as_numpy_iterator()) == [b"a b", b"c"]


def test_batch_map_shuffle_prefetch_cache():
    texts = [f"Text {i}" for i in range(10)]
    ds = tf.data.Dataset.from_tensor_slices(texts)
    batches = list(ds.batch(4))
    assert [b.shape for b in batches] == [(4,), (4,), (2,)]
    assert ds.batch(4).element_spec == tf.TensorSpec(shape=(None,), dtype=tf.string)
    lowered = ds.map(lambda s: tf.strings.lower(s)).batch(3, drop_remainder=True)
    assert lowered.element_spec == tf.TensorSpec(shape=(3,), dtype=tf.string)
    assert flat(lowered) == [t.lower().encode() for t in texts[:9]]
    shuffled = ds.shuffle(10, seed=1).batch(5).prefetch(tf.data.AUTOTUNE).cache()
    first, second = flat(shuffled), flat(shuffled)
    assert sorted(first) == sorted(t.encode() for t in texts) and first == second
    unbatched = list(ds.batch(3).unbatch())
    assert [e.numpy() for e in unbatched] == [t.encode() for t in texts]


def test_tuples_with_labels_and_generators():
    ds = tf.data.Dataset.from_tensor_slices((["a", "b", "c"], [0, 1, 0]))
    text_spec, label_spec = ds.element_spec
    assert text_spec.dtype == tf.string and label_spec.dtype == tf.int32
    upper = ds.map(lambda s, label: (tf.strings.upper(s), label)).batch(2)
    (texts, labels), _ = list(upper)
    assert texts.numpy().tolist() == [b"A", b"B"] and labels.numpy().tolist() == [0, 1]
    generated = tf.data.Dataset.from_generator(
        lambda: iter(["x", "yy"]), output_signature=tf.TensorSpec((), tf.string)
    )
    assert as_lists(generated.batch(2)) == [[b"x", b"yy"]]
    # A mapped function may split or join strings and count them.
    lengths = ds.map(lambda s, label: tf.strings.length(s))
    assert [int(x) for x in lengths] == [1, 1, 1]


def custom_standardization(input_data):
    lowercase = tf.strings.lower(input_data)
    stripped_html = tf.strings.regex_replace(lowercase, "<br />", " ")
    return tf.strings.regex_replace(stripped_html, f"[{re.escape(string.punctuation)}]", "")


REVIEWS = ["Great movie!<br />Loved it.", "Bad, BAD film...", "great fun", "dull film"]


def test_text_vectorization_on_datasets():
    layer = layers.TextVectorization(
        standardize=custom_standardization, max_tokens=20, output_sequence_length=4
    )
    ds = tf.data.Dataset.from_tensor_slices((REVIEWS, [1, 0, 1, 0])).batch(2)
    layer.adapt(ds.map(lambda x, y: x))
    vocabulary = layer.get_vocabulary()
    assert vocabulary[:2] == ["", "[UNK]"]
    assert set(vocabulary[2:]) == {"great", "movie", "loved", "it", "bad", "film", "fun", "dull"}
    # The same layer on the plain arrays agrees with it on string tensors.
    expected = layer(np.array(REVIEWS)[:, None]).numpy()

    def vectorize_text(text, label):
        text = tf.expand_dims(text, -1)
        return layer(text), label

    mapped = list(ds.map(vectorize_text))
    np.testing.assert_array_equal(np.concatenate([x.numpy() for x, _ in mapped]), expected)
    assert mapped[0][0].dtype == tf.int64 and mapped[0][0].shape == (2, 4)
    one = vectorize_text(tf.constant(REVIEWS[0]), tf.constant(1))[0]
    np.testing.assert_array_equal(one.numpy(), expected[:1])
    # Standardize sees a string tensor, as Keras hands it TensorFlow's.
    seen = []
    probe = layers.TextVectorization(standardize=lambda x: seen.append(type(x)) or x)
    probe.adapt(["a b"])
    assert seen == [StringTensor]


def test_string_lookup_and_sequential_on_raw_strings():
    lookup = layers.StringLookup()
    lookup.adapt(tf.constant(["a", "b", "a", "c", "a", "b"]))
    assert lookup.get_vocabulary() == ["[UNK]", "a", "b", "c"]
    np.testing.assert_array_equal(lookup(tf.constant(["a", "z", "c"])).numpy(), [1, 0, 3])
    lookup_ds = layers.StringLookup()
    lookup_ds.adapt(tf.data.Dataset.from_tensor_slices(["x", "y", "x"]).batch(2))
    assert lookup_ds.get_vocabulary() == ["[UNK]", "x", "y"]
    vectorize = layers.TextVectorization(vocabulary=["good", "bad"], output_sequence_length=3)
    model = tf.keras.Sequential(
        [vectorize, layers.Embedding(5, 2), layers.GlobalAveragePooling1D()]
    )
    out = model.predict(tf.constant(["good good", "bad"]), verbose=0)
    assert out.shape == (2, 2)
    np.testing.assert_allclose(model(tf.constant(["good good"])).numpy(), out[:1], rtol=1e-6)


def test_text_dataset_pipeline_reads_files(tmp_path):
    for label in ("neg", "pos"):
        (tmp_path / label).mkdir()
        for i in range(3):
            (tmp_path / label / f"{i}.txt").write_text(f"{label} {i}")
    ds = tf.keras.utils.text_dataset_from_directory(tmp_path, shuffle=False, verbose=False)
    texts, labels = next(iter(ds))
    assert texts.dtype == tf.string
    assert texts.numpy().tolist() == [b"neg 0", b"neg 1", b"neg 2", b"pos 0", b"pos 1", b"pos 2"]
    np.testing.assert_array_equal(labels.numpy(), [0, 0, 0, 1, 1, 1])
    assert tf.io.read_file(str(tmp_path / "pos" / "1.txt")).numpy() == b"pos 1"
    with pytest.raises(tf.errors.NotFoundError):
        tf.io.read_file(str(tmp_path / "missing.txt"))
    tf.io.write_file(str(tmp_path / "out.txt"), tf.constant("written"))
    assert (tmp_path / "out.txt").read_bytes() == b"written"


def test_file_cache_keeps_strings_exactly(tmp_path):
    texts = ["a\x00", "", "héllo", "x"]
    ds = tf.data.Dataset.from_tensor_slices((texts, [1, 2, 3, 4])).cache(str(tmp_path / "c"))
    first = [(t.numpy(), int(n)) for t, n in ds]
    assert (tmp_path / "c.index").exists()
    again = [(t.numpy(), int(n)) for t, n in ds]  # read back from the file
    assert first == again == [(t.encode(), i + 1) for i, t in enumerate(texts)]
    batched = tf.data.Dataset.from_tensor_slices(texts).batch(3).cache(str(tmp_path / "b"))
    assert as_lists(batched) == as_lists(batched) == [[b"a\x00", b"", "héllo".encode()], [b"x"]]


def test_layers_mapped_directly_and_inverted_lookup():
    vectorize = layers.TextVectorization(max_tokens=10, output_sequence_length=3)
    vectorize.adapt(["a b", "b c"])
    ds = tf.data.Dataset.from_tensor_slices(["a b", "c"]).batch(2)
    (out,) = list(ds.map(vectorize))
    np.testing.assert_array_equal(out.numpy(), vectorize(np.array(["a b", "c"])).numpy())
    inverse = layers.StringLookup(vocabulary=["a", "b"], invert=True)
    words = inverse(tf.constant([1, 2, 0]))
    assert type(words) is StringTensor  # Keras returns a string tensor
    assert words.numpy().tolist() == [b"a", b"b", b"[UNK]"]
