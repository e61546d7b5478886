"""Adapted lookup vocabularies survive `model.save`/`load_model`, in Keras 3's layout: each
StringLookup, IntegerLookup and TextVectorization whose vocabulary was adapted (not given
in its config) writes `assets/<its path>/vocabulary.txt`, one token a line with the special
tokens, and reads it back on loading (Keras's `save_assets`/`load_assets`). Without them
a reloaded model looked everything up as out-of-vocabulary."""

import zipfile

import numpy as np
import pytest

from nnext import keras


def lookup_model():
    strings = keras.Input(shape=(1,), dtype="string", name="kind")
    numbers = keras.Input(shape=(1,), dtype="int64", name="age")
    string_lookup = keras.layers.StringLookup()
    string_lookup.adapt(np.array(["b", "a", "b", "c", "c", "c"]))
    integer_lookup = keras.layers.IntegerLookup(output_mode="one_hot")
    integer_lookup.adapt(np.array([7, 7, 3]))
    return keras.Model([strings, numbers], [string_lookup(strings), integer_lookup(numbers)])


def test_adapted_vocabularies_are_written_as_keras_writes_them(tmp_path):
    path = tmp_path / "lookups.keras"
    lookup_model().save(path)
    with zipfile.ZipFile(path) as archive:
        assets = sorted(n for n in archive.namelist() if n.startswith("assets/"))
        assert assets == [
            "assets/layers/integer_lookup/vocabulary.txt",
            "assets/layers/string_lookup/vocabulary.txt",
        ]
        assert archive.read(assets[1]).decode() == "[UNK]\nc\nb\na"
        assert archive.read(assets[0]).decode() == "-1\n7\n3"


def test_a_reloaded_model_looks_up_as_the_saved_one(tmp_path):
    model = lookup_model()
    model.save(tmp_path / "lookups.keras")
    reloaded = keras.models.load_model(tmp_path / "lookups.keras")
    inputs = [np.array([["a"], ["c"], ["z"]], dtype=object), np.array([[3], [7], [5]])]
    for got, want in zip(reloaded.predict(inputs, verbose=0), model.predict(inputs, verbose=0)):
        np.testing.assert_array_equal(got, want)
    assert reloaded.layers[2].get_vocabulary() == ["[UNK]", "c", "b", "a"]
    assert reloaded.layers[3].get_vocabulary() == [-1, 7, 3]


def test_a_vocabulary_given_in_the_config_writes_no_asset(tmp_path):
    inputs = keras.Input(shape=(1,), dtype="string")
    model = keras.Model(inputs, keras.layers.StringLookup(vocabulary=["x", "y"])(inputs))
    model.save(tmp_path / "given.keras")
    with zipfile.ZipFile(tmp_path / "given.keras") as archive:
        assert not [n for n in archive.namelist() if n.startswith("assets/")]
    reloaded = keras.models.load_model(tmp_path / "given.keras")
    assert reloaded.layers[1].get_vocabulary() == ["[UNK]", "x", "y"]


def test_text_vectorization_saves_its_vocabulary_at_its_path_and_its_lookups(tmp_path):
    vectorizer = keras.layers.TextVectorization(output_sequence_length=3)
    vectorizer.adapt(["hello world", "hello there"])
    model = keras.Sequential([keras.Input(shape=(1,), dtype="string"), vectorizer])
    model.save(tmp_path / "text.keras")
    with zipfile.ZipFile(tmp_path / "text.keras") as archive:
        assert sorted(n for n in archive.namelist() if n.startswith("assets/")) == [
            "assets/layers/text_vectorization/_lookup_layer/vocabulary.txt",
            "assets/layers/text_vectorization/vocabulary.txt",
        ]
    reloaded = keras.models.load_model(tmp_path / "text.keras")
    assert reloaded.layers[0].get_vocabulary() == vectorizer.get_vocabulary()
    np.testing.assert_array_equal(
        np.asarray(reloaded(np.array([["hello there"]], dtype=object))), [[2, 4, 0]]
    )


def test_an_asset_path_leaving_the_archive_is_refused(tmp_path):
    path = tmp_path / "lookups.keras"
    lookup_model().save(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("assets/../escape.txt", "x")
    with pytest.raises(ValueError, match="asset path"):
        keras.models.load_model(path)
