"""keras.utils.text_dataset_from_directory against Keras 3.15: the same files, labels, class
names, split and printed messages (Keras's own `index_directory` and
`get_training_or_validation_split`, which run without TensorFlow), string batches, and
Keras's errors."""

import os

os.environ.setdefault("KERAS_BACKEND", "numpy")

import numpy as np
import pytest

import nnext as tf
from nnext import keras

keras_dataset_utils = pytest.importorskip("keras.src.utils.dataset_utils")


@pytest.fixture
def reviews(tmp_path):
    """Two classes of .txt files (one in a nested folder), plus files Keras skips."""
    texts = {}
    for label, words in (("neg", "bad dull"), ("pos", "good fun")):
        for i in range(7):
            folder = tmp_path / label / ("nested" if i == 6 else "")
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{i}.txt"
            path.write_text(f"{words} review {label} {i} <br />end")
            texts[str(path)] = (path.read_bytes(), label)
    (tmp_path / "pos" / "notes.md").write_text("not a review")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("skipped")
    return tmp_path, texts


def collect(ds):
    texts, labels = [], []
    for batch in ds:
        text, label = batch if isinstance(batch, tuple) else (batch, None)
        texts += list(np.asarray(text).reshape(-1))
        if label is not None:
            labels += list(np.asarray(label).reshape(len(np.asarray(text).reshape(-1)), -1))
    return texts, labels


def keras_index(directory, seed, shuffle=True, labels="inferred"):
    return keras_dataset_utils.index_directory(
        str(directory), labels, formats=(".txt",), class_names=None, shuffle=shuffle,
        seed=seed, follow_links=False, verbose=False,
    )  # fmt: skip


def test_unshuffled_order_labels_and_messages(reviews, capsys):
    directory, texts = reviews
    ds = keras.utils.text_dataset_from_directory(directory, shuffle=False, batch_size=4)
    assert capsys.readouterr().out == "Found 14 files belonging to 2 classes.\n"
    assert ds.class_names == ["neg", "pos"]
    paths, labels, names = keras_index(directory, seed=None, shuffle=False)
    got_texts, got_labels = collect(ds)
    assert got_texts == [texts[p][0] for p in paths]
    assert [int(v[0]) for v in got_labels] == list(labels)
    assert names == ds.class_names
    text_spec, label_spec = ds.element_spec
    assert text_spec == tf.TensorSpec(shape=(None,), dtype=tf.string)
    assert label_spec == tf.TensorSpec(shape=(None,), dtype=tf.int32)


@pytest.mark.parametrize("subset", ["training", "validation"])
def test_split_matches_keras(reviews, capsys, subset):
    directory, texts = reviews
    ds = keras.utils.text_dataset_from_directory(
        directory, validation_split=0.3, subset=subset, seed=1337, batch_size=3
    )
    printed = capsys.readouterr().out
    paths, labels, _ = keras_index(directory, seed=1337)
    part, part_labels = keras_dataset_utils.get_training_or_validation_split(
        paths, labels, 0.3, subset
    )
    assert printed.splitlines() == [
        "Found 14 files belonging to 2 classes.",
        f"Using {len(part)} files for {subset}.",
    ]
    got_texts, got_labels = collect(ds)
    # The elements are shuffled again every epoch; the files of the part are Keras's.
    expected = sorted(zip([texts[p][0] for p in part], list(part_labels)))
    assert sorted(zip(got_texts, [int(v[0]) for v in got_labels])) == expected


def test_subset_both_max_length_and_label_modes(reviews, capsys):
    directory, _ = reviews
    train, val = keras.utils.text_dataset_from_directory(
        directory, validation_split=0.25, subset="both", seed=3, max_length=8,
        label_mode="categorical", batch_size=None,
    )  # fmt: skip
    assert capsys.readouterr().out.splitlines() == [
        "Found 14 files belonging to 2 classes.",
        "Using 11 files for training.",
        "Using 3 files for validation.",
    ]
    text, label = next(iter(train))
    assert text.shape == () and len(text.numpy()) == 8
    assert label.dtype == tf.float32 and label.shape == (2,)
    assert len(collect(val)[0]) == 3
    binary = keras.utils.text_dataset_from_directory(
        directory, label_mode="binary", shuffle=False, verbose=False
    )
    _, label = next(iter(binary))
    assert label.dtype == tf.float32 and label.shape == (14, 1)
    only_text = keras.utils.text_dataset_from_directory(
        directory, labels=None, shuffle=False, verbose=True
    )
    # Without labels the whole tree is walked, hidden folders too, as Keras does.
    unlabeled = len(keras_index(directory, seed=None, shuffle=False, labels=None)[0])
    assert unlabeled == 15
    assert capsys.readouterr().out.endswith(f"Found {unlabeled} files.\n")
    assert next(iter(only_text)).shape == (15,)
    chosen = keras.utils.text_dataset_from_directory(
        directory, class_names=["pos"], shuffle=False, verbose=False
    )
    assert chosen.class_names == ["pos"] and len(collect(chosen)[0]) == 7


def test_errors(reviews, tmp_path_factory):
    directory, _ = reviews
    with pytest.raises(ValueError, match="`labels` argument should be a list/tuple"):
        keras.utils.text_dataset_from_directory(directory, labels="all")
    with pytest.raises(ValueError, match='`label_mode` argument must be one of "int"'):
        keras.utils.text_dataset_from_directory(directory, label_mode="sparse")
    with pytest.raises(ValueError, match="you must provide a `seed`"):
        keras.utils.text_dataset_from_directory(directory, validation_split=0.2, subset="both")
    with pytest.raises(ValueError, match="must be between 0 and 1"):
        keras.utils.text_dataset_from_directory(directory, validation_split=1.5, subset="both")
    with pytest.raises(ValueError, match='`format` should be either "tf" or "grain"'):
        keras.utils.text_dataset_from_directory(directory, format="torch")
    with pytest.raises(ValueError, match="did not match the names of the subdirectories"):
        keras.utils.text_dataset_from_directory(directory, class_names=["cats"])
    empty = tmp_path_factory.mktemp("empty")
    (empty / "a").mkdir()
    with pytest.raises(ValueError, match="No text files found in directory .*Allowed format: .txt"):
        keras.utils.text_dataset_from_directory(empty, verbose=False)
    with pytest.raises(ValueError, match="there must be exactly 2 class_names"):
        keras.utils.text_dataset_from_directory(
            directory, class_names=["pos"], label_mode="binary", verbose=False
        )


def test_image_dataset_shares_the_index(tmp_path):
    # image_dataset_from_directory walks the same index, with its own formats.
    from nnext.keras.utils import directory_index

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.png").write_bytes(b"")
    (tmp_path / "a" / "y.txt").write_text("t")
    paths, _, names = directory_index.index_directory(
        str(tmp_path), "inferred", (".png",), None, False, 0, False, False
    )
    assert [os.path.basename(p) for p in paths] == ["x.png"] and names == ["a"]
