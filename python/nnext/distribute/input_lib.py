"""Distributed input: each replica's share of every global batch
(`experimental_distribute_dataset`) and the `InputContext` of
`distribute_datasets_from_function`."""

from nnext import nest

__all__ = ["DistributedDataset", "InputContext"]


def shard_bounds(batch_size, num_replicas, replica_id):
    """Rows `[start, stop)` of a global batch of `batch_size` that replica `replica_id` takes.

    As TensorFlow rebatches: 128 over 4 replicas is 32 each; an uneven batch gives the first
    `batch_size % num_replicas` replicas one row more (7 over 3: 3, 2, 2; a last batch of 2
    over 2: 1, 1), and a replica gets no rows only when the batch has fewer rows than there
    are replicas.
    """
    base, extra = divmod(int(batch_size), int(num_replicas))
    start = replica_id * base + min(replica_id, extra)
    return start, start + base + (1 if replica_id < extra else 0)


def batch_rows(element):
    """The batch size of a (nested) batch: the first dimension of its first array."""
    for leaf in nest.flatten(element):
        if leaf is not None and getattr(leaf, "ndim", 0) > 0:
            return int(leaf.shape[0])
    return None


def shard_element(element, num_replicas, replica_id):
    """This replica's rows of every array of a (nested) global batch (views, not copies)."""
    rows = batch_rows(element)
    if rows is None:
        return element
    start, stop = shard_bounds(rows, num_replicas, replica_id)

    def take(leaf):
        if leaf is None or getattr(leaf, "ndim", 0) == 0:
            return leaf
        return leaf[start:stop]

    return nest.map_structure(take, element)


class InputContext:
    """What an input function of `distribute_datasets_from_function` needs to know: how many
    input pipelines (one per worker) there are, which one this is, and the replica count.

    Args:
        num_input_pipelines: the number of input pipelines in the cluster.
        input_pipeline_id: this pipeline's id, in `[0, num_input_pipelines)`.
        num_replicas_in_sync: the number of replicas that are in sync.

    Example:
        >>> def dataset_fn(ctx):
        ...     batch = ctx.get_per_replica_batch_size(64)
        ...     return ds.shard(ctx.num_input_pipelines, ctx.input_pipeline_id).batch(batch)
    """

    def __init__(self, num_input_pipelines=1, input_pipeline_id=0, num_replicas_in_sync=1):
        self._num_input_pipelines = num_input_pipelines
        self._input_pipeline_id = input_pipeline_id
        self._num_replicas_in_sync = num_replicas_in_sync

    @property
    def num_replicas_in_sync(self):
        return self._num_replicas_in_sync

    @property
    def input_pipeline_id(self):
        return self._input_pipeline_id

    @property
    def num_input_pipelines(self):
        return self._num_input_pipelines

    def get_per_replica_batch_size(self, global_batch_size):
        """`global_batch_size // num_replicas_in_sync`.

        Raises:
            ValueError: if `global_batch_size` is not divisible by `num_replicas_in_sync`.
        """
        if global_batch_size % self._num_replicas_in_sync != 0:
            raise ValueError(
                f"The `global_batch_size` {global_batch_size!r} is not divisible by "
                f"`num_replicas_in_sync` {self._num_replicas_in_sync!r} "
            )
        return global_batch_size // self._num_replicas_in_sync

    def __str__(self):
        return (
            f"tf.distribute.InputContext(input pipeline id {self.input_pipeline_id}, "
            f"total: {self.num_input_pipelines})"
        )


class DistributedDataset:
    """A dataset whose iteration gives this replica's part of each element: its shard of
    every global batch (`experimental_distribute_dataset`), or the elements of its own
    pipeline as they are (`distribute_datasets_from_function`).

    Every rank must iterate the same global batches in the same order: a shuffled dataset
    needs the same seed on every rank (`nnext.random.set_seed(s)` or `shuffle(seed=s)`).
    """

    def __init__(self, dataset, num_replicas=1, replica_id=0, rebatch=True):
        self._dataset = dataset
        self._num_replicas = num_replicas
        self._replica_id = replica_id
        self._rebatch = rebatch

    @property
    def element_spec(self):
        return self._dataset.element_spec

    def __iter__(self):
        for element in self._dataset:
            if self._rebatch and self._num_replicas > 1:
                element = shard_element(element, self._num_replicas, self._replica_id)
            yield element

    def reduce(self, initial_state, reduce_func):
        """Folds `reduce_func(state, element)` over this replica's elements."""
        state = initial_state
        for element in self:
            state = reduce_func(state, element)
        return state

    def __repr__(self):
        return f"<nnext.distribute.DistributedDataset over {self._dataset!r}>"
