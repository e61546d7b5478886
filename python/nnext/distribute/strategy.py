"""Strategies (`tf.distribute.Strategy`): the default one (one replica), `MirroredStrategy`
(one process: one replica on the CPU, as TensorFlow's on a machine without GPUs) and
`MultiWorkerMirroredStrategy` (one replica per MPI rank, synchronous data parallelism).

A strategy is used as TensorFlow's: build and compile the model inside `strategy.scope()`,
then `fit`; or write a custom loop with `experimental_distribute_dataset`, `strategy.run`
and `strategy.reduce`.
"""

import contextlib

import numpy as np

from nnext import _core, nest
from nnext.distribute import collective, context, faults, input_lib
from nnext.distribute.cluster_resolver import ClusterResolver, MPIClusterResolver
from nnext.distribute.comm import LocalCommunicator, world
from nnext.distribute.reduce_op import ReduceOp, as_reduce_op

__all__ = ["MirroredStrategy", "MultiWorkerMirroredStrategy", "ReplicaContext", "Strategy"]


class ReplicaContext:
    """The replica a function runs for inside `strategy.run` (`tf.distribute.ReplicaContext`).

    Example:
        >>> def step(x):
        ...     ctx = nnext.distribute.get_replica_context()
        ...     return ctx.all_reduce("SUM", nnext.reduce_sum(x))
    """

    def __init__(self, strategy, replica_id_in_sync_group):
        self._strategy = strategy
        self._replica_id = replica_id_in_sync_group

    @property
    def strategy(self):
        return self._strategy

    @property
    def num_replicas_in_sync(self):
        return self._strategy.num_replicas_in_sync

    @property
    def replica_id_in_sync_group(self):
        """This replica's index among the replicas in sync, as an int32 scalar tensor."""
        return _core.convert_to_tensor(np.int32(self._replica_id))

    def all_reduce(self, reduce_op, value, options=None):
        """`value` (a tensor or nested tensors) combined over every replica: each replica
        gets the result."""
        op = as_reduce_op(reduce_op)
        return nest.map_structure(lambda v: self._strategy._all_reduce(op, v, None), value)


class StrategyExtended:
    """The few `strategy.extended` properties Keras programs read to pick the worker that
    writes files."""

    def __init__(self, strategy):
        self._strategy = strategy

    @property
    def should_checkpoint(self):
        return self._strategy._comm.rank == 0

    @property
    def should_save_summary(self):
        return self._strategy._comm.rank == 0

    @property
    def should_init(self):
        return True

    def _in_multi_worker_mode(self):
        return self._strategy._comm.size > 1


class Strategy:
    """A way to run a computation over several replicas (base class).

    Subclasses set the communicator; everything else is shared.
    """

    def __init__(self, comm):
        self._comm = comm
        self.extended = StrategyExtended(self)

    @property
    def num_replicas_in_sync(self):
        """The number of replicas whose gradients are combined at every step."""
        return self._comm.size

    @contextlib.contextmanager
    def _scope(self):
        current = context.current_scope_strategy()
        if current is not None and current is not self:
            raise RuntimeError(
                f"Mixing different tf.distribute.Strategy objects: {self} is not {current}"
            )
        context.push(self)
        try:
            yield self
        finally:
            context.pop()

    def scope(self):
        """A context manager making this strategy current: models, optimizers and metrics
        built inside belong to it.

        Example:
            >>> with strategy.scope():
            ...     model = make_model()
            ...     model.compile(optimizer="adam", loss="mse")
        """
        return self._scope()

    def _replica_context(self):
        return ReplicaContext(self, self._comm.rank)

    def run(self, fn, args=(), kwargs=None, options=None):
        """Runs `fn(*args, **kwargs)` for this process's replica, in its replica context,
        and returns what it returns (each rank has its own, local values)."""
        context.push(self, self._replica_context())
        try:
            return fn(*args, **(kwargs or {}))
        finally:
            context.pop()

    def reduce(self, reduce_op, value, axis):
        """`value` (a tensor or nested tensors, one per replica) combined over the replicas.

        Args:
            reduce_op: `ReduceOp.SUM` or `ReduceOp.MEAN` (or 'SUM', 'MEAN').
            value: this replica's value, e.g. what `run` returned.
            axis: None to combine the replicas' values elementwise; an axis to also reduce
                along it, so that `MEAN` is the mean over every replica's elements on that
                axis (the mean over the global batch for `axis=0`).

        Returns:
            The combined tensor, the same on every replica.
        """
        op = as_reduce_op(reduce_op)
        return nest.map_structure(lambda v: self._all_reduce(op, v, axis), value)

    def _all_reduce(self, op, value, axis):
        t = value if isinstance(value, _core.Tensor) else _core.convert_to_tensor(value)
        local = np.array(np.from_dlpack(t) if t.ndim else t.numpy(), copy=True)
        count = 1
        if axis is not None:
            axis = int(axis) % max(local.ndim, 1)
            count = local.shape[axis]
            local = np.sum(local, axis=axis, dtype=local.dtype)
        local = np.array(local, copy=True)  # contiguous, 0-d stays 0-d
        if self._comm.size > 1:
            self._comm.allreduce_sum(local.reshape(-1))
            if op is ReduceOp.MEAN and axis is not None:
                count = int(self._comm.allreduce_sum(np.array([count], dtype=np.int64))[0])
        if op is ReduceOp.MEAN:
            total = count if axis is not None else self._comm.size
            local = (
                local // total
                if np.issubdtype(local.dtype, np.integer)
                else (local / total).astype(local.dtype)
            )
        return _core.convert_to_tensor(np.array(local, copy=True))

    def gather(self, value, axis):
        """Every replica's `value` concatenated along `axis` (in replica order)."""

        def gather_one(v):
            t = v if isinstance(v, _core.Tensor) else _core.convert_to_tensor(v)
            local = np.moveaxis(np.asarray(t.numpy()), int(axis), 0)
            joined, _ = self._comm.allgatherv(local)
            return _core.convert_to_tensor(np.ascontiguousarray(np.moveaxis(joined, 0, axis)))

        return nest.map_structure(gather_one, value)

    def experimental_local_results(self, value):
        """The values of this process's replicas as a tuple (one replica per process)."""
        return (value,)

    def experimental_distribute_dataset(self, dataset, options=None):
        """A `DistributedDataset` giving this replica its shard of each global batch of
        `dataset` (batched with the global batch size: 128 over 4 replicas is 32 each).

        Example:
            >>> dist = strategy.experimental_distribute_dataset(ds.batch(128))
            >>> for x, y in dist:
            ...     strategy.run(train_step, args=(x, y))
        """
        return input_lib.DistributedDataset(dataset, self._comm.size, self._comm.rank)

    def distribute_datasets_from_function(self, dataset_fn, options=None):
        """The dataset `dataset_fn(input_context)` builds for this worker, iterated as it is
        (the function shards and batches it per replica)."""
        ctx = input_lib.InputContext(self._comm.size, self._comm.rank, self._comm.size)
        return input_lib.DistributedDataset(dataset_fn(ctx), rebatch=False)

    def __repr__(self):
        return f"<{type(self).__module__}.{type(self).__name__} object at {id(self):#x}>"


class _DefaultDistributionStrategy(Strategy):
    """The strategy current outside any scope: one replica, no communication."""

    def __init__(self):
        super().__init__(LocalCommunicator())


_default = {}


def default_strategy():
    if "strategy" not in _default:
        _default["strategy"] = _DefaultDistributionStrategy()
    return _default["strategy"]


class MirroredStrategy(Strategy):
    """Synchronous training on the replicas of one process: on the CPU there is one.

    Args:
        devices: accepted for TensorFlow programs (CPU devices only).
        cross_device_ops: accepted for TensorFlow programs.

    Example:
        >>> strategy = nnext.distribute.MirroredStrategy()
        >>> strategy.num_replicas_in_sync
        1
    """

    def __init__(self, devices=None, cross_device_ops=None):
        super().__init__(LocalCommunicator())
        self._devices = tuple(devices or ("/job:localhost/replica:0/task:0/device:CPU:0",))


class MultiWorkerMirroredStrategy(Strategy):
    """Synchronous data-parallel training over the ranks of an MPI job, one replica each.

    Every rank starts `fit` from rank 0's weights and optimizer state, trains on its shard of
    each global batch and sums the weighted gradients with allreduce before the update, so
    that training is the computation one process would do with the global batch. Rank 0
    alone writes progress, checkpoints and logs. An uncaught exception on any rank aborts the
    whole job with its traceback. Outside `mpiexec` it is one replica and imports no MPI.

    Args:
        cluster_resolver: a `cluster_resolver.MPIClusterResolver` (the default).
        communication_options: accepted for TensorFlow programs; MPI chooses the algorithms.

    Example:
        >>> strategy = nnext.distribute.MultiWorkerMirroredStrategy()
        >>> with strategy.scope():
        ...     model = make_model()
        ...     model.compile("adam", "sparse_categorical_crossentropy")
        >>> model.fit(x, y, batch_size=64 * strategy.num_replicas_in_sync)
    """

    def __init__(self, cluster_resolver=None, communication_options=None):
        comm = world()
        if cluster_resolver is None:
            cluster_resolver = MPIClusterResolver(comm)
        elif not isinstance(cluster_resolver, ClusterResolver):
            raise TypeError(
                "`cluster_resolver` should be a `tf.distribute.cluster_resolver."
                f"ClusterResolver`. Received: cluster_resolver={cluster_resolver!r}"
            )
        super().__init__(comm)
        self._cluster_resolver = cluster_resolver
        faults.abort_job_on_error(comm)
        collective.set_active(comm)

    @property
    def cluster_resolver(self):
        """The `MPIClusterResolver` of this job: `task_type` 'worker', `task_id` the rank,
        `num_workers` the number of ranks."""
        return self._cluster_resolver
