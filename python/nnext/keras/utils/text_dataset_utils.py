"""`keras.utils.text_dataset_from_directory`: a Dataset of `(texts, labels)` batches from a
folder of class subfolders of `.txt` files.

Files are indexed, shuffled and split as Keras does (directory_index.py, shared with
`image_dataset_from_directory`); each file is read whole into a string tensor
(`tf.io.read_file`) and cut to `max_length` bytes (`tf.strings.substr`), as Keras's
TensorFlow path does.
"""

import numpy as np

from nnext import io, strings
from nnext.data import AUTOTUNE, Dataset
from nnext.keras.utils.directory_index import (
    check_label_arguments,
    check_validation_split_arg,
    encode_labels,
    index_directory,
    training_or_validation_split,
)

__all__ = ["text_dataset_from_directory"]


def text_dataset_from_directory(
    directory,
    labels="inferred",
    label_mode="int",
    class_names=None,
    batch_size=32,
    max_length=None,
    shuffle=True,
    seed=None,
    validation_split=None,
    subset=None,
    follow_links=False,
    format="tf",
    verbose=True,
):
    """A Dataset of text batches from `directory` (one subfolder of `.txt` files per class).

    Args:
        directory: folder holding one subfolder of text files per class (with
            `labels="inferred"`), or the text files themselves.
        labels: "inferred", a list of integer labels in the sorted order of the files, or
            None (texts only).
        label_mode: "int" (int32), "categorical" (one-hot float32), "binary" (float32 of
            shape `(batch, 1)`) or None.
        class_names: the subfolders to use, in this order (default: all, sorted).
        batch_size: texts per batch (None: single texts).
        max_length: the most bytes kept of each text.
        shuffle, seed: shuffle the files (and the elements of every epoch).
        validation_split, subset: the fraction kept for validation, and which part to
            return: "training", "validation" or "both" (a pair of datasets).
        follow_links: whether to walk into symlinked subfolders.
        format: "tf" (a `tf.data.Dataset`; nnext has no Grain).
        verbose: print how many files were found.

    Returns:
        A Dataset of `(texts, labels)` (texts: a string tensor of shape `(batch_size,)`)
        with a `class_names` attribute; a list of two with subset="both".

    Example:
        >>> train = text_dataset_from_directory("aclImdb/train", batch_size=32,
        ...                                     validation_split=0.2, subset="training",
        ...                                     seed=42)
    """
    check_label_arguments(labels, label_mode, class_names, "text", "text samples")
    if format not in ("tf", "grain"):
        raise ValueError(f'`format` should be either "tf" or "grain". Received: format={format}')
    if format == "grain":
        raise ValueError('`format="grain"` needs Grain, which nnext does not use; pass "tf".')
    if labels is None or label_mode is None:
        labels = label_mode = None
    check_validation_split_arg(validation_split, subset, shuffle, seed)
    if seed is None:
        seed = np.random.randint(1e6)
    paths, labels, class_names = index_directory(
        directory, labels, (".txt",), class_names, shuffle, seed, follow_links, verbose
    )
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(
            'When passing `label_mode="binary"`, there must be exactly 2 class_names. '
            f"Received: class_names={class_names}"
        )
    buffer_size = batch_size * 8 if batch_size is not None else 1024
    num_classes = len(class_names) if class_names else 0

    def build(subset_name, shuffled):
        part_paths, part_labels = training_or_validation_split(
            paths, labels, validation_split, subset_name
        )
        if not part_paths:
            what = {"training": "training ", "validation": "validation "}.get(subset_name, "")
            raise ValueError(
                f"No {what}text files found in directory {directory}. Allowed format: .txt"
            )
        ds = _paths_and_labels_to_dataset(
            part_paths, part_labels, label_mode, num_classes, max_length, shuffled,
            buffer_size, seed,
        )  # fmt: skip
        if batch_size is not None:
            ds = ds.batch(batch_size)
        ds = ds.prefetch(AUTOTUNE)
        ds.class_names = class_names
        return ds

    if subset == "both":
        return [build("training", shuffle), build("validation", False)]
    return build(subset, shuffle)


def _paths_and_labels_to_dataset(
    paths, labels, label_mode, num_classes, max_length, shuffle, buffer_size, seed
):
    ds = Dataset.from_tensor_slices(paths)
    if label_mode:
        ds = Dataset.zip(
            ds, Dataset.from_tensor_slices(encode_labels(labels, label_mode, num_classes))
        )
    if shuffle:
        ds = ds.shuffle(buffer_size=buffer_size, seed=seed)

    def read(path, *label):
        text = io.read_file(path)
        if max_length is not None:
            text = strings.substr(text, 0, max_length)
        return (text, label[0]) if label else text

    return ds.map(read, num_parallel_calls=AUTOTUNE)
