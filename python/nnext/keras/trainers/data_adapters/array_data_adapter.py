"""`ArrayDataAdapter`: NumPy arrays or Tensors, cut into batches by `keras.utils.batching`
(slices, or one gather per batch when shuffling)."""

import math

from nnext.keras import tree
from nnext.keras.trainers.data_adapters.data_adapter import DataAdapter
from nnext.keras.utils import batching


class ArrayDataAdapter(DataAdapter):
    """Batches of arrays already checked and converted by the trainer.

    Args:
        x, y, sample_weight: arrays with the same number of samples (y, sample_weight may
            be None).
        batch_size: samples per batch (default: from `steps`, else 32).
        steps: batches per epoch, used only to derive a missing `batch_size`.
        shuffle: a fresh permutation (from `nnext.random`) for every pass.
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, steps=None, shuffle=False):
        self._arrays = (x, y, sample_weight)
        self._num_samples = next(
            (int(a.shape[0]) for a in tree.flatten(self._arrays) if a is not None), 0
        )
        if not batch_size:
            batch_size = math.ceil(self._num_samples / steps) if steps else 32
        self._batch_size = batch_size
        self._shuffle = shuffle

    def get_iterator(self):
        # A generator: the permutation is drawn when the pass starts, not when it is created.
        order = batching.epoch_order(self._num_samples, self._shuffle)
        leaves = tree.flatten(self._arrays)
        if len(leaves) == len(self._arrays):  # plain arrays: nothing to rebuild
            yield from batching.batches(leaves, self._batch_size, order)
            return
        for batch in batching.batches(leaves, self._batch_size, order):
            yield tree.pack_sequence_as(self._arrays, batch)

    @property
    def num_batches(self):
        return batching.num_batches(self._num_samples, self._batch_size)

    @property
    def batch_size(self):
        return self._batch_size
