"""`PyDatasetAdapter`: batches of a `keras.utils.PyDataset`, built on a thread pool when the
dataset asks for workers."""

import itertools
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from nnext.keras.trainers.data_adapters import data_adapter_utils
from nnext.keras.trainers.data_adapters.data_adapter import DataAdapter
from nnext.keras.utils import batching


class PyDatasetAdapter(DataAdapter):
    """Reads `py_dataset[i]` for every batch index of an epoch (shuffled when `shuffle` and
    the length is known). With `workers > 1` (or `use_multiprocessing`), up to
    `max_queue_size` batches are computed ahead on `workers` threads, returned in order."""

    def __init__(self, x, class_weight=None, shuffle=False):
        self.py_dataset = x
        self.class_weight = class_weight
        self.shuffle = shuffle
        workers = x.workers
        self._workers = workers if workers > 1 or (workers > 0 and x.use_multiprocessing) else 0
        self._max_queue_size = max(int(x.max_queue_size or 1), 1)

    def _standardize_batch(self, batch):
        if isinstance(batch, dict):
            return (batch, None, None)
        if isinstance(batch, np.ndarray):
            batch = (batch,)
        if isinstance(batch, list):
            batch = tuple(batch)
        if not isinstance(batch, tuple) or len(batch) not in {1, 2, 3}:
            raise ValueError(
                "PyDataset.__getitem__() must return a tuple or a dict. If a tuple, it must "
                "be ordered either (input,) or (inputs, targets) or (inputs, targets, "
                f"sample_weights). Received: {str(batch)[:100]}... of type {type(batch)}"
            )
        batch = data_adapter_utils.unpack_x_y_sample_weight(batch)
        if self.class_weight is not None:
            batch = data_adapter_utils.with_class_weight(batch, self.class_weight)
        return batch

    def _indices(self):
        n = self.py_dataset.num_batches
        if n is None:
            return None
        order = batching.epoch_order(n, self.shuffle)
        return range(n) if order is None else order.tolist()

    def get_iterator(self):
        indices = self._indices()
        if indices is None:
            indices = itertools.count()
        if not self._workers:
            for i in indices:
                yield self._standardize_batch(self.py_dataset[i])
            return
        pool = ThreadPoolExecutor(self._workers, thread_name_prefix="nnext.PyDataset")
        pending = deque()
        indices = iter(indices)
        try:
            while True:
                while len(pending) < self._max_queue_size:
                    i = next(indices, None)
                    if i is None:
                        break
                    pending.append(pool.submit(self.py_dataset.__getitem__, i))
                if not pending:
                    return
                yield self._standardize_batch(pending.popleft().result())
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def on_epoch_begin(self):
        self.py_dataset.on_epoch_begin()

    def on_epoch_end(self):
        self.py_dataset.on_epoch_end()

    @property
    def num_batches(self):
        return self.py_dataset.num_batches
