"""`PyDataset` (also `Sequence`): a dataset of batches written in Python, indexed by batch.

`fit` reads it through `PyDatasetAdapter`: with `workers > 1`, `__getitem__` runs on a pool
of that many threads, up to `max_queue_size` batches ahead, in order. nnext's kernels and
most NumPy work release the GIL, so threads parallelise real work; `use_multiprocessing` is
accepted and runs on the same threads (forking a process that holds OpenMP and OpenBLAS
thread pools is not safe).
"""

import itertools
import warnings

__all__ = ["PyDataset", "Sequence"]


class PyDataset:
    """Base class for a dataset of batches computed in Python.

    Implement `__getitem__(index)` (the batch at `index`: `x`, `(x,)`, `(x, y)` or
    `(x, y, sample_weight)`) and `__len__()` (the number of batches), or a `num_batches`
    property returning None for an infinite dataset. `on_epoch_begin`/`on_epoch_end` run
    around every epoch of `fit`.

    Args:
        workers: threads that call `__getitem__` in parallel during `fit` (1: none).
        use_multiprocessing: accepted; batches are still built on threads.
        max_queue_size: the most batches prepared ahead of the model (10).

    Example:
        >>> class Batches(keras.utils.PyDataset):
        ...     def __init__(self, x, y, batch_size, **kwargs):
        ...         super().__init__(**kwargs)
        ...         self.x, self.y, self.batch_size = x, y, batch_size
        ...     def __len__(self):
        ...         return math.ceil(len(self.x) / self.batch_size)
        ...     def __getitem__(self, idx):
        ...         s = slice(idx * self.batch_size, (idx + 1) * self.batch_size)
        ...         return self.x[s], self.y[s]
    """

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self._workers = workers
        self._use_multiprocessing = use_multiprocessing
        self._max_queue_size = max_queue_size

    def _warn_if_super_not_called(self):
        missing = False
        for name, default in (
            ("_workers", 1),
            ("_use_multiprocessing", False),
            ("_max_queue_size", 10),
        ):
            if not hasattr(self, name):
                setattr(self, name, default)
                missing = True
        if missing:
            warnings.warn(
                "Your `PyDataset` class should call `super().__init__(**kwargs)` in its "
                "constructor. `**kwargs` can include `workers`, `use_multiprocessing`, "
                "`max_queue_size`. Do not pass these arguments to `fit()`, as they will be "
                "ignored.",
                stacklevel=2,
            )

    @property
    def workers(self):
        self._warn_if_super_not_called()
        return self._workers

    @workers.setter
    def workers(self, value):
        self._workers = value

    @property
    def use_multiprocessing(self):
        self._warn_if_super_not_called()
        return self._use_multiprocessing

    @use_multiprocessing.setter
    def use_multiprocessing(self, value):
        self._use_multiprocessing = value

    @property
    def max_queue_size(self):
        self._warn_if_super_not_called()
        return self._max_queue_size

    @max_queue_size.setter
    def max_queue_size(self, value):
        self._max_queue_size = value

    def __getitem__(self, index):
        """The batch at position `index`."""
        raise NotImplementedError

    def __iter__(self):
        try:
            num_batches = self.num_batches
        except NotImplementedError:
            num_batches = None
        indices = itertools.count() if num_batches is None else range(num_batches)
        for index in indices:
            yield self[index]

    @property
    def num_batches(self):
        """The number of batches, or None for an infinite dataset (defaults to `len`)."""
        if hasattr(self, "__len__"):
            return len(self)
        raise NotImplementedError(
            "You need to implement the `num_batches` property:\n\n"
            "@property\ndef num_batches(self):\n  return ..."
        )

    def on_epoch_begin(self):
        """Called at the start of every epoch."""

    def on_epoch_end(self):
        """Called at the end of every epoch."""


Sequence = PyDataset
