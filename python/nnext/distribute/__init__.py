"""`nnext.distribute`: data-parallel training over MPI with TensorFlow's `tf.distribute` API.

    >>> strategy = nnext.distribute.MultiWorkerMirroredStrategy()   # one replica per rank
    >>> with strategy.scope():
    ...     model = make_model()
    ...     model.compile(optimizer="adam", loss="mse")
    >>> model.fit(x, y, batch_size=128)            # 128 per step over all ranks

Run it with `mpiexec -n 4 python train.py` (docs/distributed.md). Importing this package
never imports MPI; a strategy does, and only when an MPI launcher started the process.
"""

from nnext.distribute import cluster_resolver
from nnext.distribute.context import (
    get_replica_context,
    get_strategy,
    has_strategy,
    in_cross_replica_context,
)
from nnext.distribute.input_lib import DistributedDataset, InputContext
from nnext.distribute.reduce_op import ReduceOp
from nnext.distribute.strategy import (
    MirroredStrategy,
    MultiWorkerMirroredStrategy,
    ReplicaContext,
    Strategy,
)

__all__ = [
    "DistributedDataset",
    "InputContext",
    "MirroredStrategy",
    "MultiWorkerMirroredStrategy",
    "ReduceOp",
    "ReplicaContext",
    "Strategy",
    "cluster_resolver",
    "get_replica_context",
    "get_strategy",
    "has_strategy",
    "in_cross_replica_context",
]
