"""The process group behind a strategy: MPI's `COMM_WORLD` through mpi4py when an MPI
launcher (`mpiexec`, `srun`) started this process, else this process alone.

mpi4py is imported only here and only when a launcher is detected, so `import nnext` and a
strategy outside `mpiexec` never load MPI. Buffers travel through the buffer protocol of
NumPy arrays (views of nnext tensors where the caller has them): mpi4py passes their memory
to MPI without copying and releases the GIL for the whole call.
"""

import os

import numpy as np

# Set by the launchers of MPICH/Intel MPI (PMI), Open MPI and PMIx (also srun --mpi=pmix).
_LAUNCHER_VARIABLES = ("PMI_RANK", "PMI_SIZE", "PMIX_RANK", "OMPI_COMM_WORLD_SIZE")


def launched_by_mpi():
    """Whether an MPI launcher started this process (its environment says so)."""
    return any(name in os.environ for name in _LAUNCHER_VARIABLES)


class LocalCommunicator:
    """One process, no MPI: every collective returns its input."""

    rank = 0
    size = 1

    def allreduce_sum(self, array):
        return array

    def iallreduce_sum(self, array):
        return None

    def wait_all(self, requests):
        pass

    def bcast_array(self, array, root=0):
        return array

    def bcast_object(self, obj, root=0):
        return obj

    def allgather_object(self, obj):
        return [obj]

    def allgatherv(self, array):
        return np.ascontiguousarray(array), [len(array)]

    def abort(self, code=1):
        os._exit(code)


class MPICommunicator:
    """`COMM_WORLD` of mpi4py, with the few collectives nnext needs on NumPy buffers."""

    def __init__(self):
        try:
            from mpi4py import MPI
        except ImportError as e:  # launched by mpiexec, but without mpi4py
            raise ImportError(
                "This process was started by an MPI launcher, and "
                "`nnext.distribute.MultiWorkerMirroredStrategy` needs mpi4py to talk to the "
                "other ranks. Install it with `pip install nnext[mpi]` (mpi4py and mpich)."
            ) from e
        self._mpi = MPI
        self._comm = MPI.COMM_WORLD
        self.rank = self._comm.Get_rank()
        self.size = self._comm.Get_size()

    def allreduce_sum(self, array):
        """Sums `array` (C-contiguous) over the ranks, in place."""
        self._comm.Allreduce(self._mpi.IN_PLACE, array, op=self._mpi.SUM)
        return array

    def iallreduce_sum(self, array):
        """Starts summing `array` in place; `wait_all` finishes it."""
        return self._comm.Iallreduce(self._mpi.IN_PLACE, array, op=self._mpi.SUM)

    def wait_all(self, requests):
        requests = [r for r in requests if r is not None]
        if requests:
            self._mpi.Request.Waitall(requests)

    def bcast_array(self, array, root=0):
        """Overwrites `array` with the root's, in place."""
        self._comm.Bcast(array, root=root)
        return array

    def bcast_object(self, obj, root=0):
        return self._comm.bcast(obj, root=root)

    def allgather_object(self, obj):
        return self._comm.allgather(obj)

    def allgatherv(self, array):
        """Concatenates every rank's `array` (same dtype and trailing shape) along axis 0;
        returns it with the number of rows each rank sent."""
        array = np.ascontiguousarray(array)
        rows = self._comm.allgather(int(array.shape[0]))
        row_size = int(np.prod(array.shape[1:], dtype=np.int64))
        out = np.empty((sum(rows),) + array.shape[1:], dtype=array.dtype)
        counts = [r * row_size for r in rows]
        self._comm.Allgatherv(array.reshape(-1), [out.reshape(-1), counts])
        return out, rows

    def abort(self, code=1):
        self._comm.Abort(code)


_world = {}


def world():
    """The process group of this process (made once): MPI under a launcher, else local."""
    if "comm" not in _world:
        _world["comm"] = MPICommunicator() if launched_by_mpi() else LocalCommunicator()
    return _world["comm"]
