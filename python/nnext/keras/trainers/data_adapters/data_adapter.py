"""`DataAdapter`: what the training loop needs from any kind of input data."""


class DataAdapter:
    """Turns one kind of input (arrays, a Dataset, a generator, a PyDataset) into batches
    `(x, y, sample_weight)` (None where absent)."""

    def get_iterator(self):
        """A fresh iterator over one pass of batches `(x, y, sample_weight)`."""
        raise NotImplementedError

    @property
    def num_batches(self):
        """Batches in one pass, or None when unknown or infinite."""
        raise NotImplementedError

    @property
    def batch_size(self):
        """Samples per batch when fixed by the adapter, else None."""
        return None

    def on_epoch_begin(self):
        """Called before each epoch."""

    def on_epoch_end(self):
        """Called after each epoch."""
