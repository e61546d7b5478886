"""`nnext.distribute.cluster_resolver`: who the workers of a job are
(`tf.distribute.cluster_resolver`). Under MPI the communicator already knows: the rank is the
task id and the communicator's size the number of workers."""

import socket

__all__ = ["ClusterResolver", "MPIClusterResolver"]


class ClusterResolver:
    """Base class: a job's workers as `task_type`, `task_id` and a cluster spec."""

    task_type = None
    task_id = None
    rpc_layer = None
    environment = ""

    def cluster_spec(self):
        raise NotImplementedError

    def master(self, task_type=None, task_id=None, rpc_layer=None):
        return ""

    def num_accelerators(self, task_type=None, task_id=None, config_proto=None):
        """Accelerators per worker: none (nnext computes on the CPU)."""
        return {}


class MPIClusterResolver(ClusterResolver):
    """The workers of the MPI job this process belongs to (`COMM_WORLD`), every one of type
    'worker'; the chief is worker 0, as in TensorFlow's multi-worker guide.

    Attributes:
        task_type: 'worker'.
        task_id: this process's rank.
        num_workers: the number of ranks.

    Example:
        >>> resolver = strategy.cluster_resolver
        >>> is_chief = resolver.task_type == "worker" and resolver.task_id == 0
    """

    task_type = "worker"

    def __init__(self, comm=None):
        if comm is None:
            from nnext.distribute.comm import world

            comm = world()
        self._comm = comm
        self.task_id = comm.rank
        self.num_workers = comm.size
        self._spec = None

    def cluster_spec(self):
        """`{'worker': [host of rank 0, host of rank 1, ...]}` (a collective: every rank
        must call it)."""
        if self._spec is None:
            self._spec = {"worker": list(self._comm.allgather_object(socket.gethostname()))}
        return self._spec

    def __repr__(self):
        return f"MPIClusterResolver(task_id={self.task_id}, num_workers={self.num_workers})"
