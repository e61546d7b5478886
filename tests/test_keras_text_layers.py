"""Hashing, HashedCrossing, StringLookup, IntegerLookup and TextVectorization.

Keras 3 computes these with TensorFlow, which this environment lacks, so the reference is
what Keras and TensorFlow document: their docstring examples (outputs printed by real
Keras/TF), FarmHash Fingerprint64 values computed by Google's C++ FarmHash (through the
`pyfarmhash` bindings, recorded here), and Keras's config keys and errors from its source.
"""

import numpy as np
import pytest

from nnext import errors
from nnext import strings as nnext_strings
from nnext.keras import layers
from nnext.strings import string_hash

# Google's farmhash::Fingerprint64 (pyfarmhash 0.5.1): every length branch of the hash.
FINGERPRINTS = {
    "": 11160318154034397263,
    "a": 12917804110809363939,
    "ab": 12289600257749001502,
    "abc": 2640714258260161385,
    "abcd": 1897425971756105985,
    "hello w": 1806291608031355033,
    "hello wo": 3616420679985843595,
    "sixteen chars!!!": 4612044522669713043,
    "seventeen chars!!": 8342057420157996792,
    "x" * 31: 14488865282191048223,
    "y" * 32: 6963001497674513743,
    "z" * 33: 15818058294452501359,
    "q" * 63: 2530101068778109086,
    "r" * 64: 2541438898951119077,
    "the quick brown fox jumps over the lazy dog, then again and again": 4817253265956265405,
    "s" * 200: 2741658912855391397,
    "héllo wörld ☃": 6458667434980422263,
}


@pytest.mark.parametrize("text,want", FINGERPRINTS.items())
def test_fingerprint64_is_farmhash(text, want):
    assert string_hash.fingerprint64(text) == want
    assert string_hash.fingerprint64(text.encode()) == want


def test_hash_buckets_match_tensorflow_docs():
    # tf.strings.to_hash_bucket_fast(["Hello", "TensorFlow", "2.x"], 3) -> [0, 2, 2]
    assert [string_hash.fingerprint64(s) % 3 for s in ["Hello", "TensorFlow", "2.x"]] == [0, 2, 2]
    # tf.strings.to_hash_bucket_strong(["Hello", "TF"], 3, [1, 2]) -> [2, 0]
    assert [string_hash.siphash24((1, 2), s) % 3 for s in ["Hello", "TF"]] == [2, 0]


DATA = [["A"], ["B"], ["C"], ["D"], ["E"]]


@pytest.mark.parametrize(
    "kwargs,data,want",
    [  # Keras's Hashing docstring
        ({"num_bins": 3}, DATA, [[1], [0], [1], [1], [2]]),
        (
            {"num_bins": 3, "mask_value": ""},
            [["A"], ["B"], [""], ["C"], ["D"]],
            [[1], [1], [0], [2], [2]],
        ),
        ({"num_bins": 3, "salt": 133}, DATA, [[0], [0], [2], [1], [0]]),
    ],
)
def test_hashing_matches_keras_docs(kwargs, data, want):
    out = layers.Hashing(**kwargs)(data)
    np.testing.assert_array_equal(out.numpy(), want)
    assert out.dtype.name == "int64"
    np.testing.assert_array_equal(layers.Hashing(**kwargs)(np.array(data)).numpy(), want)


def test_hashing_encodings_and_numbers():
    one_hot = layers.Hashing(3, output_mode="one_hot")(DATA).numpy()
    np.testing.assert_array_equal(one_hot.argmax(-1), [1, 0, 1, 1, 2])
    assert one_hot.shape == (5, 3) and one_hot.dtype == np.float32
    counts = layers.Hashing(3, output_mode="count")([["A", "B", "A"]]).numpy()
    np.testing.assert_array_equal(counts, [[1, 2, 0]])
    # Floats hash as int64 strings: 1.5 and 1 share the bin of "1".
    ints = layers.Hashing(7)(np.array([[1], [2], [-3]])).numpy()
    floats = layers.Hashing(7)(np.array([[1.5], [2.0], [-3.0]])).numpy()
    np.testing.assert_array_equal(ints, floats)
    np.testing.assert_array_equal(
        ints.ravel(), [string_hash.fingerprint64(s) % 7 for s in ("1", "2", "-3")]
    )


def test_hashed_crossing_matches_keras_docs():
    feat1 = np.array(["A", "B", "A", "B", "A"])
    feat2 = np.array([101, 101, 101, 102, 102])
    np.testing.assert_array_equal(layers.HashedCrossing(5)((feat1, feat2)).numpy(), [1, 4, 1, 1, 3])
    one_hot = layers.HashedCrossing(5, output_mode="one_hot")((feat1, feat2)).numpy()
    np.testing.assert_array_equal(one_hot.argmax(-1), [1, 4, 1, 1, 3])
    assert one_hot.dtype == np.float32
    column = layers.HashedCrossing(5)((feat1[:, None], feat2[:, None])).numpy()
    np.testing.assert_array_equal(column, [[1], [4], [1], [1], [3]])


VOCAB = ["a", "b", "c", "d"]
SDATA = [["a", "c", "d"], ["d", "z", "b"]]
COUNT_DATA = [["a", "c", "d", "d"], ["d", "z", "b", "z"]]


def test_string_lookup_matches_keras_docs():
    np.testing.assert_array_equal(
        layers.StringLookup(vocabulary=VOCAB)(SDATA).numpy(), [[1, 3, 4], [4, 0, 2]]
    )
    adapted = layers.StringLookup()
    adapted.adapt(SDATA)
    assert adapted.get_vocabulary() == ["[UNK]", "d", "z", "c", "b", "a"]
    np.testing.assert_array_equal(adapted(SDATA).numpy(), [[5, 3, 1], [1, 2, 4]])
    two_oov = layers.StringLookup(vocabulary=VOCAB, num_oov_indices=2)
    np.testing.assert_array_equal(two_oov(SDATA).numpy(), [[2, 4, 5], [5, 1, 3]])
    one_hot = layers.StringLookup(vocabulary=VOCAB, output_mode="one_hot")
    np.testing.assert_array_equal(
        one_hot(["a", "b", "c", "d", "z"]).numpy(), np.eye(5)[[1, 2, 3, 4, 0]]
    )
    multi_hot = layers.StringLookup(vocabulary=VOCAB, output_mode="multi_hot")
    np.testing.assert_array_equal(multi_hot(SDATA).numpy(), [[0, 1, 0, 1, 1], [1, 0, 1, 0, 1]])
    count = layers.StringLookup(vocabulary=VOCAB, output_mode="count")
    np.testing.assert_array_equal(count(COUNT_DATA).numpy(), [[0, 1, 0, 1, 2], [2, 0, 1, 0, 1]])
    tf_idf = layers.StringLookup(
        output_mode="tf_idf", vocabulary=VOCAB, idf_weights=[0.25, 0.75, 0.6, 0.4]
    )
    out = tf_idf(COUNT_DATA)
    assert out.dtype.name == "float32"
    np.testing.assert_allclose(out.numpy(), [[0, 0.25, 0, 0.6, 0.8], [1.0, 0, 0.75, 0, 0.4]])
    with_oov = layers.StringLookup(output_mode="tf_idf")
    with_oov.set_vocabulary(["[UNK]", *VOCAB], idf_weights=[0.9, 0.25, 0.75, 0.6, 0.4])
    np.testing.assert_allclose(
        with_oov(COUNT_DATA).numpy(), [[0, 0.25, 0, 0.6, 0.8], [1.8, 0, 0.75, 0, 0.4]], rtol=1e-6
    )
    masked = layers.StringLookup(vocabulary=VOCAB, mask_token="")
    np.testing.assert_array_equal(
        masked([["a", "c", ""], ["", "z", "b"]]).numpy(), [[2, 4, 0], [0, 1, 3]]
    )


def test_string_lookup_inverts_to_bytes_as_keras():
    forward = layers.StringLookup(vocabulary=VOCAB)
    inverse = layers.StringLookup(vocabulary=VOCAB, invert=True)
    out = inverse(forward(SDATA))
    assert out.dtype == object
    np.testing.assert_array_equal(
        out, np.array([[b"a", b"c", b"d"], [b"d", b"[UNK]", b"b"]], dtype=object)
    )


def test_integer_lookup_matches_keras_docs():
    vocab = [12, 36, 1138, 42]
    data = np.array([[12, 1138, 42], [42, 1000, 36]])
    np.testing.assert_array_equal(
        layers.IntegerLookup(vocabulary=vocab)(data).numpy(), [[1, 3, 4], [4, 0, 2]]
    )
    adapted = layers.IntegerLookup()
    adapted.adapt(data)
    assert adapted.get_vocabulary() == [-1, 42, 1138, 1000, 36, 12]
    two_oov = layers.IntegerLookup(vocabulary=vocab, num_oov_indices=2)
    np.testing.assert_array_equal(
        two_oov(np.array([[12, 1138, 42], [37, 1000, 36]])).numpy(), [[2, 4, 5], [1, 0, 3]]
    )
    inverse = layers.IntegerLookup(vocabulary=vocab, invert=True)
    np.testing.assert_array_equal(
        inverse(np.array([[1, 3, 4], [4, 0, 2]])).numpy(), [[12, 1138, 42], [42, -1, 36]]
    )
    masked = layers.IntegerLookup(vocabulary=vocab, mask_token=0)
    np.testing.assert_array_equal(
        masked(np.array([[12, 1138, 42], [42, 0, 36]])).numpy(), [[2, 4, 5], [5, 0, 3]]
    )
    farm = layers.IntegerLookup(vocabulary=vocab, num_oov_indices=3, oov_method="farmhash")
    want = string_hash.fingerprint64("1000") % 3
    assert int(farm(np.array([1000])).numpy()[0]) == want


def test_lookup_configs_have_keras_keys_and_round_trip():
    layer = layers.StringLookup(vocabulary=VOCAB, num_oov_indices=2, mask_token="")
    config = layer.get_config()
    assert set(config) == {
        "name",
        "trainable",
        "dtype",
        "invert",
        "max_tokens",
        "num_oov_indices",
        "oov_token",
        "mask_token",
        "output_mode",
        "sparse",
        "pad_to_max_tokens",
        "idf_weights",
        "vocabulary",
        "vocabulary_size",
        "oov_method",
        "salt",
        "encoding",
    }
    assert config["vocabulary"] == VOCAB and config["vocabulary_size"] == 7
    again = layers.StringLookup.from_config(config)
    np.testing.assert_array_equal(again(SDATA).numpy(), layer(SDATA).numpy())
    ints = layers.IntegerLookup(vocabulary=np.array([3, 5]), output_mode="multi_hot")
    assert ints.get_config()["vocabulary"] == [3, 5]
    assert ints.get_config()["vocabulary_dtype"] == "int64"
    assert layers.IntegerLookup.from_config(ints.get_config())(
        np.array([[5, 9]])
    ).numpy().tolist() == [[1, 0, 1]]


def test_tf_idf_adapt_weights():
    layer = layers.StringLookup(output_mode="tf_idf")
    layer.adapt([["a", "b", "c"], ["a", "b", "b"], ["a", "a", "a"]])
    assert layer.get_vocabulary() == ["[UNK]", "a", "b", "c"]
    idf = np.log(1 + 3 / (1 + np.array([3, 2, 1])))
    np.testing.assert_allclose(layer.idf_weights, [idf.mean(), *idf], rtol=1e-6)


def test_text_vectorization_matches_keras_docs():
    layer = layers.TextVectorization(max_tokens=5000, output_mode="int", output_sequence_length=4)
    layer.adapt(["foo bar", "bar baz", "baz bada boom"])
    np.testing.assert_array_equal(
        layer([["foo qux bar"], ["qux baz"]]).numpy(), [[4, 1, 3, 0], [1, 2, 0, 0]]
    )
    fixed = layers.TextVectorization(
        vocabulary=["earth", "wind", "and", "fire"], output_sequence_length=4
    )
    np.testing.assert_array_equal(
        fixed([["earth wind and also fire"], ["fire and earth michigan"]]).numpy(),
        [[2, 3, 4, 1], [5, 4, 2, 1]],
    )


def test_text_vectorization_pipeline():
    layer = layers.TextVectorization(output_mode="multi_hot")
    layer.adapt(["The Brown fox.", "jumps, over the lazy dog"])
    assert layer.get_vocabulary() == [
        "[UNK]",
        "the",
        "over",
        "lazy",
        "jumps",
        "fox",
        "dog",
        "brown",
    ]
    np.testing.assert_array_equal(layer(["the CAT jumps!"]).numpy(), [[1, 1, 0, 0, 1, 0, 0, 0]])
    bigrams = layers.TextVectorization(ngrams=2, output_mode="count")
    bigrams.adapt(["a b c", "a b"])
    assert bigrams.get_vocabulary() == ["[UNK]", "b", "a b", "a", "c", "b c"]
    np.testing.assert_array_equal(bigrams(["a b c d"]).numpy(), [[2, 1, 1, 1, 1, 1]])
    chars = layers.TextVectorization(split="character", standardize=None)
    chars.set_vocabulary(["a", "b"])
    np.testing.assert_array_equal(chars(["abca", "b"]).numpy(), [[2, 3, 1, 2], [3, 0, 0, 0]])
    # tf.strings.lower lowers ASCII only: "ÉTÉ" becomes "ÉtÉ".
    lower = layers.TextVectorization(standardize="lower", vocabulary=["été", "ÉtÉ", "ab"])
    np.testing.assert_array_equal(lower(["ÉTÉ AB"]).numpy(), [[3, 4]])
    # A custom standardize gets a string tensor, as Keras hands it TensorFlow's.
    custom = layers.TextVectorization(
        standardize=lambda x: nnext_strings.upper(x), split=None, vocabulary=["HI"]
    )
    np.testing.assert_array_equal(custom(np.array([["hi"], ["yo"]])).numpy(), [[2], [1]])


def test_text_vectorization_config_round_trip():
    layer = layers.TextVectorization(
        max_tokens=10,
        ngrams=(1, 3),
        output_mode="int",
        output_sequence_length=6,
        vocabulary=["x", "y"],
    )
    config = layer.get_config()
    assert config["ngrams"] == (1, 3) and config["vocabulary_size"] == 4
    assert {"standardize", "split", "ragged", "encoding", "idf_weights"} <= set(config)
    again = layers.TextVectorization.from_config({**config, "ngrams": [1, 3]})
    data = ["x y z", "y"]
    np.testing.assert_array_equal(again(data).numpy(), layer(data).numpy())


@pytest.mark.parametrize(
    "make,error,match",
    [
        (lambda: layers.Hashing(0), ValueError, "num_bins"),
        (lambda: layers.Hashing(3, output_mode="tf_idf"), ValueError, "output_mode"),
        (lambda: layers.Hashing(3, salt="x"), ValueError, "salt"),
        (lambda: layers.StringLookup(max_tokens=1), ValueError, "max_tokens"),
        (lambda: layers.StringLookup(invert=True, output_mode="count"), ValueError, "invert"),
        (lambda: layers.StringLookup(vocabulary=["a", "a"]), ValueError, "repeated"),
        (
            lambda: layers.StringLookup(vocabulary=["a"], output_mode="tf_idf"),
            ValueError,
            "idf_weights",
        ),
        (lambda: layers.StringLookup(output_mode="count")(["a"]), RuntimeError, "vocabulary"),
        (
            lambda: layers.StringLookup(vocabulary=["a"], num_oov_indices=0)(["b"]),
            errors.InvalidArgumentError,
            "num_oov_indices=0",
        ),
        (lambda: layers.IntegerLookup(vocabulary_dtype="int32"), ValueError, "int64"),
        (lambda: layers.IntegerLookup(salt=3), ValueError, "farmhash"),
        (lambda: layers.TextVectorization(split="comma"), ValueError, "split"),
        (
            lambda: layers.TextVectorization(output_mode="count", output_sequence_length=3),
            ValueError,
            "output_sequence_length",
        ),
        (lambda: layers.TextVectorization()(np.array([["a", "b"]])), ValueError, "rank"),
        (lambda: layers.HashedCrossing(3)(np.array([1, 2])), ValueError, "list or tuple"),
        (lambda: layers.HashedCrossing(3)((np.array([1, 2]),)), ValueError, "at least two"),
    ],
)
def test_bad_arguments_raise_as_keras(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_functional_graph_shapes():
    from nnext import keras

    text = keras.Input(shape=(1,), dtype="string")
    lookup = layers.StringLookup(vocabulary=VOCAB, output_mode="multi_hot")(text)
    assert lookup.shape == (None, 5)
    vectors = layers.TextVectorization(output_sequence_length=7, vocabulary=VOCAB)(text)
    assert vectors.shape == (None, 7) and vectors.dtype == "int64"


def test_text_layers_save_and_load_in_keras_files(tmp_path):
    # Saved in a .keras file (config.json as Keras writes it), loaded back with the same
    # vocabularies and weights; the loaded layers give the same outputs.
    from nnext import keras

    text = keras.Input(shape=(1,), dtype="string")
    lookup = layers.StringLookup(vocabulary=VOCAB, output_mode="multi_hot", name="lookup")
    hashed = layers.Hashing(num_bins=4, salt=7, output_mode="one_hot", name="hash")
    vectorize = layers.TextVectorization(
        output_sequence_length=3, vocabulary=VOCAB, name="vectorize"
    )
    idf = layers.StringLookup(
        output_mode="tf_idf", vocabulary=VOCAB, idf_weights=[0.25, 0.75, 0.6, 0.4], name="idf"
    )
    model = keras.Model(text, [lookup(text), hashed(text), vectorize(text), idf(text)])
    model.save(tmp_path / "text.keras")
    loaded = keras.models.load_model(tmp_path / "text.keras")
    data = np.array([["a"], ["d"], ["z"]])
    for name in ("lookup", "hash", "vectorize", "idf"):
        theirs, mine = model.get_layer(name), loaded.get_layer(name)
        assert mine.get_config() == theirs.get_config()
        np.testing.assert_allclose(mine(data).numpy(), theirs(data).numpy())
