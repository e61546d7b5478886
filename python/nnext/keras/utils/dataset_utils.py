"""`keras.utils.split_dataset`: two datasets from one (arrays or an `nnext.data.Dataset`)."""

import random

import numpy as np

from nnext import _core
from nnext.data import AUTOTUNE, Dataset
from nnext.data import structure as data_structure

__all__ = ["split_dataset"]


def split_dataset(
    dataset, left_size=None, right_size=None, shuffle=False, seed=None, preferred_backend=None
):
    """Splits `dataset` into a left and a right `Dataset` (Keras 3's rules for the sizes).

    Args:
        dataset: an array, a tuple/list of arrays with the same first dimension, or a
            Dataset (a batched one is split by samples and re-batched alike).
        left_size, right_size: an int (samples) or a float in (0, 1) (a fraction); a missing
            side gets the rest.
        shuffle: shuffle the samples (with Python's `random`, seeded by `seed`) first.

    Returns:
        `(left, right)`, two Datasets.

    Example:
        >>> left, right = split_dataset(np.random.random((1000, 4)), left_size=0.8)
        >>> len(left), len(right)
        (800, 200)
    """
    if isinstance(dataset, Dataset):
        batch_size = getattr(dataset, "_batch_size", None)
        source = dataset.unbatch() if batch_size is not None else dataset
        samples = list(source)
    elif isinstance(dataset, (list, tuple, np.ndarray, _core.Tensor)):
        arrays = tuple(dataset) if isinstance(dataset, (list, tuple)) else (dataset,)
        arrays = tuple(np.asarray(a.numpy() if isinstance(a, _core.Tensor) else a) for a in arrays)
        lengths = {len(a) for a in arrays}
        if len(lengths) != 1:
            raise ValueError(
                "Received a list of arrays with different lengths: "
                f"{[len(a) for a in arrays]}. All arrays must have the same length."
            )
        batch_size = None
        samples = list(range(lengths.pop()))
    else:
        raise TypeError(
            "The `dataset` argument must be either a `tf.data.Dataset` object, or a "
            f"list/tuple of arrays. Received: dataset={dataset} of type {type(dataset)}"
        )
    if right_size is None and left_size is None:
        raise ValueError(
            "At least one of the `left_size` or `right_size` must be specified. Received: "
            "left_size=None and right_size=None"
        )
    if shuffle:
        if seed is None:
            seed = random.randint(0, int(1e6))
        random.Random(seed).shuffle(samples)  # the order Keras's random.seed + shuffle gives
    total = len(samples)
    left_size, right_size = _rescale_split_sizes(left_size, right_size, total)
    left, right = samples[:left_size], samples[total - right_size :]
    if isinstance(dataset, Dataset):
        left_ds, right_ds = (_from_elements(part) for part in (left, right))
    else:
        single = not isinstance(dataset, (list, tuple))
        left_ds, right_ds = (
            Dataset.from_tensor_slices(
                arrays[0][rows] if single else tuple(a[rows] for a in arrays)
            )
            for rows in (np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64))
        )
    if batch_size is not None:
        left_ds, right_ds = left_ds.batch(batch_size), right_ds.batch(batch_size)
    return left_ds.prefetch(AUTOTUNE), right_ds.prefetch(AUTOTUNE)


def _from_elements(elements):
    """A sliced dataset over a list of elements (stacked once, component by component)."""
    flats = [data_structure.flatten(e) for e in elements]
    columns = [np.stack([t.numpy() for t in column]) for column in zip(*flats)]
    return Dataset.from_tensor_slices(data_structure.pack_as(elements[0], columns))


def _rescale_split_sizes(left_size, right_size, total):
    """Keras's checks and rounding of the split sizes; returns two ints."""
    for name, size in (("left_size", left_size), ("right_size", right_size)):
        if size is not None and type(size) not in (int, float):
            raise TypeError(
                f"Invalid `{name}` Type. Expected: int or float or None, Received: "
                f"type({name})={type(size)}."
            )
    if left_size == 0 and right_size == 0:
        raise ValueError(
            "Both `left_size` and `right_size` are zero. At least one of the split sizes "
            "must be non-zero."
        )
    for name, size in (("left_size", left_size), ("right_size", right_size)):
        if (type(size) is int and (size <= 0 or size >= total)) or (
            type(size) is float and (size <= 0 or size >= 1)
        ):
            raise ValueError(
                f"`{name}` should be either a positive integer smaller than {total}, or a "
                f"float within the range `[0, 1]`. Received: {name}={size}"
            )
    if type(left_size) is float and type(right_size) is float and left_size + right_size > 1:
        raise ValueError(
            "The sum of `left_size` and `right_size` is greater than 1. It must be less than "
            "or equal to 1."
        )
    left = round(left_size * total) if type(left_size) is float else left_size
    right = round(right_size * total) if type(right_size) is float else right_size
    if left is None:
        left = total - right
    elif right is None:
        right = total - left
    if left + right > total:
        raise ValueError(
            f"The sum of `left_size` and `right_size` should be smaller than the {total}. "
            f"Received: left_size + right_size = {left + right}and total_length = {total}"
        )
    for split, side in ((left, "left"), (right, "right")):
        if split == 0:
            raise ValueError(
                f"With `dataset` of length={total}, `left_size`={left} and `right_size`="
                f"{right}.Resulting {side} side dataset split will be empty. Adjust any of "
                "the aforementioned parameters"
            )
    return int(left), int(right)
