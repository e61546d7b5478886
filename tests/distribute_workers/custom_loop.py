"""A custom training loop — `experimental_distribute_dataset`, `strategy.run`,
`strategy.reduce` — run once on rank 0 under a `MirroredStrategy` (one replica: the
reference) and once by every rank under a `MultiWorkerMirroredStrategy`; writes the reduced
losses, the final weights and what the context functions said to `<out>.rank<r>.npz`.

Usage: mpiexec -n N python custom_loop.py OUT
"""

import sys

import numpy as np
from common import dense_model, mnist_like, rank

import nnext
from nnext import keras
from nnext.distribute import collective

GLOBAL_BATCH = 25  # 100 samples: 4 steps; 13 + 12 rows on 2 ranks, 9 + 8 + 8 on 3


def train(strategy):
    x, y = mnist_like(n=100, seed=3)
    nnext.random.set_seed(99)
    with strategy.scope():
        model = dense_model()
        optimizer = keras.optimizers.SGD(0.2)
        in_scope = nnext.distribute.in_cross_replica_context()
    loss_fn = keras.losses.SparseCategoricalCrossentropy(reduction=None)
    dataset = nnext.data.Dataset.from_tensor_slices((x, y)).batch(GLOBAL_BATCH)

    def step(xb, yb):
        with nnext.GradientTape() as tape:
            per_example = loss_fn(yb, model(xb, training=True))
            loss = nnext.nn.compute_average_loss(per_example, global_batch_size=GLOBAL_BATCH)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        ctx = nnext.distribute.get_replica_context()
        return loss, per_example, nnext.distribute.in_cross_replica_context(), ctx

    sums, means, rows = [], [], []
    for xb, yb in strategy.experimental_distribute_dataset(dataset):
        loss, per_example, in_run, ctx = strategy.run(step, args=(xb, yb))
        sums.append(float(strategy.reduce(nnext.distribute.ReduceOp.SUM, loss, axis=None)))
        means.append(float(strategy.reduce("MEAN", per_example, axis=0)))
        rows.append(int(xb.shape[0]))
    gathered = strategy.gather(nnext.constant([[float(rank())]]), axis=0)

    def dataset_fn(ctx):  # each worker its own pipeline, batched per replica
        per_replica = ctx.get_per_replica_batch_size(2 * ctx.num_replicas_in_sync)
        return (
            nnext.data.Dataset.range(12)
            .shard(ctx.num_input_pipelines, ctx.input_pipeline_id)
            .batch(per_replica)
        )

    from_function = np.concatenate(
        [np.asarray(b) for b in strategy.distribute_datasets_from_function(dataset_fn)]
    )
    return {
        "sums": np.array(sums),
        "means": np.array(means),
        "rows": np.array(rows),
        "in_scope": np.array(in_scope),
        "in_run": np.array(in_run),
        "replica_id": np.array(int(ctx.replica_id_in_sync_group)),
        "num_replicas": np.array(strategy.num_replicas_in_sync),
        "gathered": np.asarray(gathered.numpy()),
        "from_function": from_function,
        **{f"weight/{i}": w for i, w in enumerate(model.get_weights())},
    }


def main(out):
    results = {}
    if rank() == 0:
        ref = train(nnext.distribute.MirroredStrategy())
        results.update({f"ref/{k}": v for k, v in ref.items()})
    strategy = nnext.distribute.MultiWorkerMirroredStrategy()
    results.update({f"dist/{k}": v for k, v in train(strategy).items()})
    resolver = strategy.cluster_resolver
    results["task_id"] = np.array(resolver.task_id)
    results["num_workers"] = np.array(resolver.num_workers)
    results["task_type"] = np.array(resolver.task_type)
    # The vote LossScaleOptimizer takes: one rank's overflow makes every rank skip.
    results["vote_one_false"] = np.array(collective.all_ranks(rank() != 1))
    results["vote_all_true"] = np.array(collective.all_ranks(True))
    np.savez(f"{out}.rank{rank()}.npz", **results)


if __name__ == "__main__":
    main(sys.argv[1])
