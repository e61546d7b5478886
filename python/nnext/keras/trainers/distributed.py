"""What `fit`, `evaluate` and `predict` do under a `MultiWorkerMirroredStrategy` of several
ranks; each call is a plain pass-through when no such strategy exists in the process.

- `start_fit`: every rank takes rank 0's weights, optimizer state and initial epoch
  (after the callbacks' `on_train_begin`, so that a `BackupAndRestore` on rank 0 resumes
  every rank), after checking that every rank built the same variables.
- `train_step` / `test_step`: each rank runs its shard of the global batch; `fit` tells the
  optimizer this rank's share of the batch, and `Optimizer.apply` sums the weighted
  gradients (`nnext.distribute.collective`), so that training equals one process on the
  global batch. A rank whose shard is empty still joins the sum with no gradients.
- `global_logs`: the metrics' state variables summed over the ranks before they are read,
  so logs, History and EarlyStopping see the global values (identical on every rank).
- `chief_only`: the callbacks that write (progress bar, checkpoints, CSV, TensorBoard,
  backups) act on rank 0 and are silent elsewhere; they stay in every rank's list so that
  every rank asks for per-batch logs (a collective) at the same steps.
- `local_batch` / `gather_outputs`: `predict` shards each batch and gathers the outputs
  back into the order of the data.

The gradient sum runs in Python inside `Optimizer.apply`: a compiled step that replays the
update without Python must not be used while `active()` is true.
"""

import numpy as np

from nnext.distribute import collective, input_lib
from nnext.keras import tree
from nnext.keras.callbacks import (
    BackupAndRestore,
    CSVLogger,
    ModelCheckpoint,
    ProgbarLogger,
    TensorBoard,
)
from nnext.keras.callbacks.callback import Callback

CHIEF_ONLY_CALLBACKS = (ProgbarLogger, ModelCheckpoint, CSVLogger, TensorBoard, BackupAndRestore)

_HOOKS = tuple(name for name in vars(Callback) if name.startswith("on_"))


def active():
    """Whether training runs over several ranks."""
    return collective.active() is not None


# -- start -------------------------------------------------------------------------------


def start_fit(model, initial_epoch):
    """Rank 0's weights, optimizer state and initial epoch on every rank (when the model is
    built; otherwise at the first step, once the first batch has built it)."""
    comm = collective.active()
    if comm is None:
        return initial_epoch
    model._distributed_broadcast_pending = not model.built
    if model.built:
        broadcast_state(model, comm)
    return comm.bcast_object(initial_epoch)


def broadcast_state(model, comm):
    optimizer = model.optimizer
    if optimizer is not None and not optimizer.built:
        optimizer.build(model._trainable_variables_view())
    collective.broadcast_variables(comm, model.weights, "model weights")
    if optimizer is not None:
        collective.broadcast_variables(comm, optimizer.variables, "optimizer variables")


# -- steps -------------------------------------------------------------------------------


def train_step(model, x, y, sample_weight, with_results=False):
    """One step of `fit` on this rank's shard of the global batch `(x, y, sample_weight)`.
    `with_results` (one process only: ranks sum their metric states afterwards) returns the
    metrics' results from the step."""
    comm = collective.active()
    if comm is None:
        return model._run_train_step(x, y, sample_weight, with_results)
    rows = input_lib.batch_rows(x)
    if getattr(model, "_distributed_broadcast_pending", False):
        model(tree.map_structure(lambda a: a[:1], x), training=False)  # creates the weights
        broadcast_state(model, comm)
        model._distributed_broadcast_pending = False
    x, y, sample_weight = _shard((x, y, sample_weight), rows, comm)
    local = input_lib.batch_rows(x) or 0
    collective.set_local_weight(local / rows if rows else 0.0)
    try:
        if local == 0:  # no samples here: contribute nothing, but take part in the sum
            variables = model._trainable_variables_view()
            if variables:
                model.optimizer.apply([None] * len(variables), variables)
            return None
        return model._run_train_step(x, y, sample_weight)
    finally:
        collective.set_local_weight(1.0)  # custom loops sum, as TensorFlow's apply_gradients


def test_step(model, x, y, sample_weight, with_results=False):
    """One step of `evaluate` on this rank's shard (metrics only; nothing to sum yet)."""
    comm = collective.active()
    if comm is None:
        return model._run_test_step(x, y, sample_weight, with_results)
    x, y, sample_weight = _shard((x, y, sample_weight), input_lib.batch_rows(x), comm)
    if not input_lib.batch_rows(x):
        return None
    return model._run_test_step(x, y, sample_weight)


def local_batch(x):
    """This rank's rows of the global batch `x` (`x` itself without a strategy)."""
    comm = collective.active()
    if comm is None:
        return x
    return _shard(x, input_lib.batch_rows(x), comm)


def _shard(batch, rows, comm):
    if rows is None:
        return batch
    start, stop = input_lib.shard_bounds(rows, comm.size, comm.rank)

    def take(leaf):
        if leaf is None or getattr(leaf, "ndim", 0) == 0:
            return leaf
        return leaf[start:stop]

    return tree.map_structure(take, batch)


# -- logs --------------------------------------------------------------------------------


def global_logs(model, step_logs):
    """The logs of the metrics summed over every rank: `model.get_metrics_result()` read with
    every state variable holding the sum of its value on all ranks (then put back), as
    TensorFlow's metric variables aggregate by SUM. Values a custom `train_step` returns
    that are not metrics are averaged over the ranks."""
    comm = collective.active()
    variables = [v for m in model.metrics for v in _state_variables(m)]
    saved = [np.array(v.numpy(), copy=True) for v in variables]
    flat = np.concatenate([s.reshape(-1).astype(np.float64) for s in saved] or [np.zeros(0)])
    comm.allreduce_sum(flat)
    offset = 0
    for v, s in zip(variables, saved):
        v.assign(flat[offset : offset + s.size].reshape(s.shape).astype(s.dtype))
        offset += s.size
    try:
        logs = model.get_metrics_result()
    finally:
        for v, s in zip(variables, saved):
            v.assign(s)
    if not step_logs:
        return logs
    others = sorted(
        k
        for k, v in step_logs.items()
        if k not in logs and isinstance(v, (float, int, np.floating))
    )
    values = np.array([float(step_logs[k]) for k in others], dtype=np.float64)
    comm.allreduce_sum(values)
    merged = {k: logs.get(k, step_logs[k]) for k in step_logs}
    merged.update({k: float(v) / comm.size for k, v in zip(others, values)})
    return merged


def _state_variables(metric):
    inner = getattr(metric, "metrics", None)  # `compile_metrics` holds the real metrics
    if inner is not None and not hasattr(metric, "variables"):
        return [v for m in inner for v in _state_variables(m)]
    return list(getattr(metric, "variables", ()))


# -- callbacks and outputs ---------------------------------------------------------------


def chief_only(callback_list):
    """Silences, on every rank but 0, the callbacks that write, and makes every rank ask for
    per-batch logs (a collective) when any rank does: a program that gives a per-batch
    callback to rank 0 alone must not leave rank 0 waiting for the others."""
    comm = collective.active()
    if comm is None:
        return callback_list
    if comm.rank != 0:
        for callback in callback_list:
            if isinstance(callback, CHIEF_ONLY_CALLBACKS):
                for hook in _HOOKS:
                    if getattr(type(callback), hook) is not getattr(Callback, hook):
                        setattr(callback, hook, _silent)
    wants = callback_list.wants_batch_hooks
    modes = sorted(wants)
    anyone = comm.allreduce_sum(np.array([float(wants[m]) for m in modes]))
    callback_list.wants_batch_hooks = {m: bool(v > 0) for m, v in zip(modes, anyone)}
    return callback_list


def _silent(*args, **kwargs):
    pass


def gather_outputs(outputs):
    """Every rank's `predict` outputs (a list of per-batch structures of arrays, this rank's
    shard of each batch) put back together in the order of the data, on every rank."""
    comm = collective.active()
    if comm is None or not outputs:
        return outputs
    flats = [tree.flatten(o) for o in outputs]
    rows = [int(f[0].shape[0]) for f in flats]
    rows_by_rank = comm.allgather_object(rows)
    joined = []
    for leaf in range(len(flats[0])):
        local = np.concatenate([f[leaf] for f in flats], axis=0)
        gathered, sent = comm.allgatherv(local)
        starts = np.cumsum([0] + sent[:-1])
        pieces = []
        for batch in range(len(rows)):
            for rank, rank_rows in enumerate(rows_by_rank):
                begin = starts[rank] + sum(rank_rows[:batch])
                pieces.append(gathered[begin : begin + rank_rows[batch]])
        joined.append(np.concatenate(pieces, axis=0))
    return [tree.pack_sequence_as(outputs[0], joined)]
