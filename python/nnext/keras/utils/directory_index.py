"""What Keras's `*_dataset_from_directory` utilities share: checking `validation_split`
and `subset`, indexing a folder of class subfolders (Keras's file order and shuffle, so the
same seed gives the same files), the training/validation split and the label encodings."""

import os

import numpy as np

__all__ = [
    "check_validation_split_arg",
    "encode_labels",
    "index_directory",
    "training_or_validation_split",
]


def check_label_arguments(labels, label_mode, class_names, file_kind, sample_kind):
    """Keras's checks of `labels`, `label_mode` and `class_names` for a directory of
    `file_kind` files (its messages name them: "text"/"text samples", "image"/"images")."""
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError(
                "`labels` argument should be a list/tuple of integer labels, of the same size "
                f"as the number of {file_kind} files in the target directory. If you wish to "
                "infer the labels from the subdirectory names in the target directory, pass "
                '`labels="inferred"`. If you wish to get a dataset that only contains '
                f"{sample_kind} (no labels), pass `labels=None`. Received: labels={labels}"
            )
        if class_names:
            raise ValueError(
                'You can only pass `class_names` if `labels="inferred"`. Received: '
                f"labels={labels}, and class_names={class_names}"
            )
    if label_mode not in {"int", "categorical", "binary", None}:
        raise ValueError(
            '`label_mode` argument must be one of "int", "categorical", "binary", or None. '
            f"Received: label_mode={label_mode}"
        )


def check_validation_split_arg(validation_split, subset, shuffle, seed):
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(
            f"`validation_split` must be between 0 and 1, received: {validation_split}"
        )
    if (validation_split or subset) and not (validation_split and subset):
        raise ValueError("If `subset` is set, `validation_split` must be set, and inversely.")
    if subset not in ("training", "validation", "both", None):
        raise ValueError(
            f'`subset` must be either "training", "validation" or "both", received: {subset}'
        )
    if validation_split and shuffle and seed is None:
        raise ValueError(
            "If using `validation_split` and shuffling the data, you must provide a `seed` "
            "argument, to make sure that there is no overlap between the training and "
            "validation subset."
        )


def index_directory(directory, labels, formats, class_names, shuffle, seed, follow_links, verbose):
    """Keras's file index: sorted class folders, files sorted per folder (walked
    recursively), then one shuffle of the whole list with `RandomState(seed)`."""
    if labels == "inferred":
        subdirs = [
            d
            for d in sorted(os.listdir(directory))
            if os.path.isdir(os.path.join(directory, d)) and not d.startswith(".")
        ]
        if class_names is not None:
            if not set(class_names).issubset(set(subdirs)):
                raise ValueError(
                    "The `class_names` passed did not match the names of the subdirectories "
                    f"of the target directory. Expected: {subdirs} (or a subset of it), but "
                    f"received: class_names={class_names}"
                )
            subdirs = list(class_names)
    else:
        subdirs = [""]
        if class_names is not None:
            raise ValueError(
                "When `labels=None` (no labels), argument `class_names` cannot be specified."
            )
    files, found_labels = [], []
    for index, subdir in enumerate(subdirs):
        root_dir = os.path.join(directory, subdir)
        for root, _, names in sorted(
            os.walk(root_dir, followlinks=follow_links), key=lambda entry: entry[0]
        ):
            for name in sorted(names):
                if name.lower().endswith(formats):
                    absolute = os.path.join(root, name)
                    files.append(os.path.join(subdir, os.path.relpath(absolute, root_dir)))
                    found_labels.append(index)
    if labels == "inferred":
        labels, names = np.asarray(found_labels, dtype="int32"), subdirs
    elif labels is None:
        names = None
    else:
        if len(labels) != len(files):
            raise ValueError(
                "Expected the lengths of `labels` to match the number of files in the target "
                f"directory. len(labels) is {len(labels)} while we found {len(files)} files "
                f"in directory {directory}."
            )
        names = [str(label) for label in sorted(set(labels))]
        labels = np.asarray(labels)
    if verbose:
        if labels is None:
            print(f"Found {len(files)} files.")
        else:
            print(f"Found {len(files)} files belonging to {len(names)} classes.")
    paths = [os.path.join(directory, f) for f in files]
    if shuffle:
        np.random.RandomState(seed).shuffle(paths)
        if labels is not None:
            np.random.RandomState(seed).shuffle(labels)
    return paths, labels, names


def training_or_validation_split(paths, labels, validation_split, subset):
    if not validation_split:
        return paths, labels
    num_val = int(validation_split * len(paths))
    if subset == "training":
        print(f"Using {len(paths) - num_val} files for training.")
        return paths[:-num_val], None if labels is None else labels[:-num_val]
    print(f"Using {num_val} files for validation.")
    return paths[-num_val:], None if labels is None else labels[-num_val:]


def encode_labels(labels, label_mode, num_classes):
    labels = np.asarray(labels)
    if label_mode == "binary":
        return labels.astype("float32")[:, None]
    if label_mode == "categorical":
        return np.eye(num_classes, dtype="float32")[labels]
    return labels.astype("int32")
