"""Splitting NumPy data into batches, and into training and validation parts, as Keras's
array data adapter does."""

import math

import numpy as np

from nnext import _core, creation, dtypes
from nnext import random as nrandom
from nnext.distribute import collective


def as_array(data):
    """NumPy view of a Tensor, array or list (None stays None)."""
    if data is None:
        return None
    if isinstance(data, _core.Tensor):
        return np.asarray(data.numpy())
    return np.asarray(data)


def check_cardinality(**arrays):
    """Raises Keras's error when the arrays do not all have the same number of samples."""
    sizes = {}
    for name, a in arrays.items():
        if a is None:
            continue
        if a.ndim == 0:
            raise ValueError(f"Expected `{name}` to have a batch axis; received a scalar.")
        sizes[name] = a.shape[0]
    if len(set(sizes.values())) > 1:
        detail = " ".join(f"'{name}' sizes: {size}" for name, size in sizes.items())
        raise ValueError(
            "Data cardinality is ambiguous. Make sure all arrays contain the same number "
            f"of samples. {detail}"
        )
    return next(iter(sizes.values()), 0)


def train_validation_split(arrays, validation_split):
    """Splits every array at `floor(n * (1 - validation_split))`: the last part validates
    (taken before any shuffling, as Keras does)."""
    n = next(a.shape[0] for a in arrays if a is not None)
    split_at = math.floor(n * (1.0 - validation_split))
    if split_at == 0 or split_at == n:
        raise ValueError(
            f"Training data contains {n} samples, which is not sufficient to split it into a "
            "validation and training set as specified by "
            f"`validation_split={validation_split}`. Either provide more data, or a "
            "different value for the `validation_split` argument."
        )
    train = tuple(None if a is None else a[:split_at] for a in arrays)
    val = tuple(None if a is None else a[split_at:] for a in arrays)
    return train, val


def epoch_order(n, shuffle):
    """The sample order of one epoch: a permutation from `nnext.random` (reproducible under
    `nnext.random.set_seed`) or `0..n-1`."""
    if not shuffle:
        return None
    order = np.asarray(nrandom.shuffle(creation.range(n, dtype=dtypes.int64)).numpy())
    return collective.same_order_on_all_ranks(order)  # rank 0's under a multi-worker strategy


def batches(arrays, batch_size, order=None):
    """Yields tuples of batches (slices, or gathered rows when `order` is given)."""
    n = next(a.shape[0] for a in arrays if a is not None)
    for start in range(0, n, batch_size):
        if order is None:
            yield tuple(None if a is None else a[start : start + batch_size] for a in arrays)
        else:
            rows = order[start : start + batch_size]
            yield tuple(None if a is None else a[rows] for a in arrays)


def num_batches(n, batch_size):
    return math.ceil(n / batch_size) if n else 0
