"""The collectives the Keras layer calls during `fit`, `evaluate` and `predict`, and the
gradient aggregation of `Optimizer.apply`. Each is a no-op (no MPI) unless a
`MultiWorkerMirroredStrategy` of more than one replica exists in this process: an MPI job
runs one strategy, so the strategy made by the program is the one training uses, whether or
not a model was built inside its scope.
"""

import weakref

import numpy as np

from nnext.distribute.gradients import GradientReducer

_state = {"comm": None, "weight": 1.0}
_reducers = weakref.WeakKeyDictionary()


def set_active(comm):
    """Makes `comm` the process group training reduces over (called by the strategy)."""
    _state["comm"] = comm if comm.size > 1 else None


def active():
    """The communicator of the multi-replica strategy of this process, or None."""
    return _state["comm"]


def is_chief():
    """True on rank 0, and in a process without a multi-replica strategy."""
    comm = _state["comm"]
    return comm is None or comm.rank == 0


def same_order_on_all_ranks(order):
    """Rank 0's permutation on every rank (the one shuffle of an epoch, so that every rank
    cuts the same global batches); `order` itself without a strategy."""
    comm = _state["comm"]
    if comm is None or order is None:
        return order
    order = np.ascontiguousarray(order, dtype=np.int64)
    return comm.bcast_array(order)


def all_ranks(flag):
    """Whether `flag` holds on every rank (`flag` itself without a strategy)."""
    comm = _state["comm"]
    if comm is None:
        return bool(flag)
    votes = comm.allreduce_sum(np.array([1 if flag else 0], dtype=np.int64))
    return int(votes[0]) == comm.size


def set_local_weight(weight):
    """The share of this rank's samples in the current global batch: `fit` sets it for each
    step (and 1 after it), and `Optimizer.apply` weights this rank's gradients by it before
    summing; custom loops keep 1 and scale their loss by the global batch size instead."""
    _state["weight"] = float(weight)


def aggregate_gradients(optimizer, grads, variables):
    """The gradients of every rank summed (each first times this step's local weight), as
    TensorFlow's `apply_gradients` sums them across replicas; a gradient missing on every
    rank stays None. Without a strategy: `grads` unchanged."""
    comm = _state["comm"]
    if comm is None:
        return grads
    key = tuple(id(v) for v in variables)
    reducer = _reducers.get(optimizer)
    if reducer is None or reducer.key != key:
        # Replicas must agree before their first common update; `fit` has broadcast rank
        # 0's weights already, a custom loop gets them here (set one seed on every rank to
        # make its first step exact too).
        broadcast_variables(comm, variables, "trainable variables")
        reducer = GradientReducer(comm, variables)
        _reducers[optimizer] = reducer
    return reducer.reduce(grads, _state["weight"])


def broadcast_variables(comm, variables, what):
    """Assigns rank 0's value to each of `variables` on every rank.

    Raises:
        ValueError: on every rank, when the ranks do not hold the same number of variables
            with the same shapes and dtypes (different models or code on different ranks).
    """
    # Shapes and dtypes must agree; names may not (auto-numbered names count the objects
    # a rank made before).
    signature = [
        (str(getattr(v, "path", None) or v.name), tuple(int(d) for d in v.shape), str(v.dtype.name))
        for v in variables
    ]
    signatures = comm.allgather_object(signature)
    for rank, other in enumerate(signatures):
        if [s[1:] for s in other] != [s[1:] for s in signatures[0]]:
            raise ValueError(_mismatch_message(what, signatures[0], rank, other))
    for v in variables:
        value = np.array(v.numpy(), copy=True)
        comm.bcast_array(value.reshape(-1))
        if comm.rank != 0:
            v.assign(value)


def _mismatch_message(what, chief, rank, other):
    head = (
        f"MultiWorkerMirroredStrategy: the {what} of rank {rank} do not match those of "
        "rank 0, so rank 0's values cannot be broadcast. Every rank must build the same "
        "model. "
    )
    if len(chief) != len(other):
        return head + f"Rank 0 has {len(chief)} variables, rank {rank} has {len(other)}."
    for (name0, shape0, dtype0), (name, shape, dtype) in zip(chief, other):
        if (shape0, dtype0) != (shape, dtype):
            return head + (
                f"Variable '{name0}' has shape {shape0} ({dtype0}) on rank 0 and "
                f"'{name}' has shape {shape} ({dtype}) on rank {rank}."
            )
    raise RuntimeError("internal error: no mismatching variable found")
