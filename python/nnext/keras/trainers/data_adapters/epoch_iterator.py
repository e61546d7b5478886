"""`EpochIterator`: the batches of each epoch, with Keras 3's rules for `steps_per_epoch`.

- Without `steps_per_epoch`, every epoch is one full pass over the data.
- With it, an epoch is that many batches and the next epoch continues the same pass where
  the previous one stopped; a pass that runs out early ends the epoch with Keras's warning
  ("Your input ran out of data"), and the next epoch starts a new pass.
- When the number of batches is unknown (a generator, a filtered dataset), the first pass
  learns it, warning as Keras does when it runs out.
- `reset()` starts over; `fit` calls it before the first epoch and every evaluation calls it
  first, so validation always starts from the first batch.
"""

import warnings

from nnext.keras.trainers.data_adapters.adapter_factory import get_data_adapter


class EpochIterator:
    """Iterates the epochs of `fit`, `evaluate` or `predict` over any supported input.

    Args: those of `data_adapters.get_data_adapter`.
    """

    def __init__(
        self,
        x,
        y=None,
        sample_weight=None,
        batch_size=None,
        steps_per_epoch=None,
        shuffle=False,
        class_weight=None,
    ):
        if (
            steps_per_epoch is not None
            and (not isinstance(steps_per_epoch, int) or steps_per_epoch <= 0)
            and steps_per_epoch != -1
        ):
            raise ValueError(
                "`steps_per_epoch` should be a positive integer. "
                f"Received: steps_per_epoch={steps_per_epoch}"
            )
        self.steps_per_epoch = None if steps_per_epoch == -1 else steps_per_epoch
        self.data_adapter = get_data_adapter(
            x, y, sample_weight, batch_size, self.steps_per_epoch, shuffle, class_weight
        )
        self._num_batches = self.data_adapter.num_batches
        self._current = None
        self._steps_seen = 0

    @property
    def num_batches(self):
        """Steps per epoch: `steps_per_epoch`, else the adapter's count, else None."""
        if self.steps_per_epoch:
            return self.steps_per_epoch
        return self._num_batches

    def reset(self):
        """Forgets the pass in progress (the next epoch starts a new one) and ends the
        adapter's epoch, as Keras's `EpochIterator.reset()`."""
        self._current = None
        self._num_batches = self.data_adapter.num_batches
        self._steps_seen = 0
        self.data_adapter.on_epoch_end()

    def _ran_out(self):
        if self._num_batches is None:
            self._num_batches = self._steps_seen
        self._current = None
        warnings.warn(
            "Your input ran out of data; interrupting training. Make sure that your dataset "
            "or generator can generate at least `steps_per_epoch * epochs` batches. You may "
            "need to use the `.repeat()` function when building your dataset.",
            stacklevel=4,
        )

    def enumerate_epoch(self):
        """Yields `(step, (x, y, sample_weight))` for the batches of one epoch."""
        self.data_adapter.on_epoch_begin()
        steps = self.steps_per_epoch or self._num_batches or -1
        if steps > 0:
            if self._current is None or self.steps_per_epoch is None:
                self._current = iter(self.data_adapter.get_iterator())
                self._steps_seen = 0
            for step in range(steps):
                if self._num_batches and self._steps_seen >= self._num_batches:
                    if self.steps_per_epoch:
                        self._ran_out()
                    break
                try:
                    batch = next(self._current)
                except StopIteration:
                    self._ran_out()
                    break
                self._steps_seen += 1
                yield step, batch
            if self._num_batches and self._steps_seen >= self._num_batches:
                self._current = None  # the next epoch starts a new pass
        else:
            iterator = iter(self.data_adapter.get_iterator())
            self._steps_seen = 0
            for step, batch in enumerate(iterator):
                self._steps_seen = step + 1
                yield step, batch
            self._ran_out()
        self.data_adapter.on_epoch_end()
