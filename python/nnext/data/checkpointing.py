"""An iterator's position in a `tf.train.Checkpoint` (TensorFlow saves it under
`<path>/.ATTRIBUTES/ITERATOR_STATE`).

nnext saves how many elements the iterator has delivered; restoring starts a new pass over
the dataset and skips that many, which puts the iterator where it was when every pass of
the pipeline yields the same elements. Pipelines whose passes differ (a shuffle that
reshuffles each iteration, a Python generator, rejection resampling) are not saved: their
iterators restart where they are, as before nnext saved iterators.
"""

import numpy as np

from nnext import dtypes
from nnext.data.dataset import Dataset, Iterator

__all__ = []

ITERATOR_SUFFIX = "/.ATTRIBUTES/ITERATOR_STATE"


def replayable(dataset):
    """Whether every pass over `dataset` yields the same elements in the same order."""
    from nnext.data.resampling import RejectionResampleDataset
    from nnext.data.sources import GeneratorDataset

    stack, seen = [dataset], set()
    while stack:
        ds = stack.pop()
        if id(ds) in seen:
            continue
        seen.add(id(ds))
        if isinstance(ds, (GeneratorDataset, RejectionResampleDataset)):
            return False
        if getattr(ds, "_reshuffle", False):
            return False
        for value in vars(ds).values():
            items = value if isinstance(value, (list, tuple)) else (value,)
            stack.extend(x for x in items if isinstance(x, Dataset))
    return True


class IteratorState:
    """The saved form of an Iterator's position: a scalar int64 with `numpy()`, `shape`,
    `dtype` and `assign`, so that a checkpoint writes and restores it as a Variable."""

    shape = ()
    dtype = dtypes.int64

    def __init__(self, iterator):
        self._iterator = iterator

    def numpy(self):
        return np.int64(self._iterator._position)

    def assign(self, value):
        restore_position(self._iterator, int(np.asarray(value)))


def restore_position(iterator, position):
    """Starts a new pass over the iterator's dataset and skips `position` elements."""
    iterator.close()
    iterator._it = iterator._dataset._iterator()
    iterator._position = 0
    for _ in range(position):
        next(iterator)


def iterator_state(obj):
    """An `IteratorState` for a replayable dataset Iterator, else None."""
    if isinstance(obj, Iterator) and replayable(obj._dataset):
        return IteratorState(obj)
    return None
