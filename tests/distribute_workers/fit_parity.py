"""Fits the MNIST-like dense network and a two-input functional model twice on rank 0 —
first alone (no strategy yet), then under a `MultiWorkerMirroredStrategy` with every rank —
and writes History, final weights, `evaluate` and `predict` of both runs to
`<out>.rank<r>.npz` (keys `ref/...` and `dist/...`).

Usage: mpiexec -n N python fit_parity.py OUT
"""

import sys

import numpy as np
from common import (
    GLOBAL_BATCH,
    SubclassedMLP,
    dense_model,
    mnist_like,
    rank,
    seeded,
    two_input_data,
    two_input_model,
)

import nnext
from nnext import keras


def train(kind, seed=1234):
    extra = {}
    if kind in ("dense", "remainder", "dataset", "subclassed"):
        # remainder: 130 rows, a last batch of 2 (on 3 ranks one rank has no rows)
        x, y = mnist_like(130 if kind == "remainder" else 300)
        model = seeded(SubclassedMLP if kind == "subclassed" else dense_model, seed)
        optimizer = keras.optimizers.SGD(0.1, momentum=0.9)
        if kind == "subclassed":  # and a dynamic loss scale, which must skip on every rank
            optimizer = keras.optimizers.LossScaleOptimizer(optimizer, initial_scale=2.0**15)
        model.compile(
            optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"]
        )
        fit_kwargs = {"validation_split": 0.2} if kind == "dense" else {"validation_data": (x, y)}
    else:
        x, y = two_input_data()
        model = seeded(two_input_model, seed)
        model.compile(
            optimizer=keras.optimizers.SGD(0.05, momentum=0.9),
            loss=["sparse_categorical_crossentropy", "mse"],
            metrics=[["accuracy"], ["mae"]],
        )
        fit_kwargs = {"validation_data": (x, y)}
    if kind == "dataset":  # global batches from nnext.data; then one train_on_batch
        batches = nnext.data.Dataset.from_tensor_slices((x, y)).batch(GLOBAL_BATCH)
        history = model.fit(batches, epochs=3, verbose=0, shuffle=False, **fit_kwargs)
        extra["train_on_batch"] = np.array(model.train_on_batch(x[:10], y[:10]))
    else:
        history = model.fit(
            x, y, batch_size=GLOBAL_BATCH, epochs=3, verbose=0, shuffle=True, **fit_kwargs
        )
    evaluated = model.evaluate(x, y, batch_size=GLOBAL_BATCH, verbose=0, return_dict=True)
    predicted = nnext.nest.flatten(model.predict(x, batch_size=GLOBAL_BATCH, verbose=0))
    weights = model.get_weights() + list(extra.values())
    return history.history, weights, evaluated, predicted


def main(out):
    kinds = ("dense", "functional", "remainder", "dataset", "subclassed")
    results = {}
    if rank() == 0:  # one process, the global batch: what the job must equal
        for kind in kinds:
            results.update(_flat(f"ref/{kind}", train(kind)))
    strategy = nnext.distribute.MultiWorkerMirroredStrategy()
    for kind in kinds:
        with strategy.scope():  # other ranks start elsewhere: rank 0's weights must win
            results.update(_flat(f"dist/{kind}", train(kind, seed=1234 + 1000 * rank())))
    results["num_replicas"] = np.array(strategy.num_replicas_in_sync)
    np.savez(f"{out}.rank{rank()}.npz", **results)


def _flat(prefix, run):
    history, weights, evaluated, predicted = run
    flat = {f"{prefix}/history/{k}": np.array(v) for k, v in history.items()}
    flat.update({f"{prefix}/weight/{i}": w for i, w in enumerate(weights)})
    flat.update({f"{prefix}/evaluate/{k}": np.array(v) for k, v in evaluated.items()})
    flat.update({f"{prefix}/predict/{i}": p for i, p in enumerate(predicted)})
    return flat


if __name__ == "__main__":
    main(sys.argv[1])
