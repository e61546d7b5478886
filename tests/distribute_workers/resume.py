"""A job killed in the middle of an epoch, then rerun: `BackupAndRestore` (rank 0's backup)
must resume every rank from the first unfinished epoch.

- `interrupt`: rank 1 raises in the middle of epoch 2 (0-based), which aborts the job;
  rank 0 has backed up epochs 0 and 1.
- `resume`: the same `fit` again; rank 0 first trains an uninterrupted reference alone.
  Each rank writes the epochs it ran and its final weights to `<dir>/resume.rank<r>.npz`.

Usage: mpiexec -n N python resume.py DIR {interrupt|resume}
"""

import os
import sys

import numpy as np
from common import GLOBAL_BATCH, dense_model, mnist_like, rank, seeded

import nnext
from nnext import keras

EPOCHS = 4


class KillInEpochTwo(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.epoch == 2 and batch == 1 and rank() == 1:
            raise RuntimeError("rank 1 killed in the middle of epoch 2")


class EpochsRun(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.epochs = []

    def on_epoch_begin(self, epoch, logs=None):
        self.epochs.append(epoch)


def train(folder=None, mode=None):
    x, y = mnist_like(200)
    model = seeded(dense_model)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
    seen = EpochsRun()
    callbacks = [seen]
    if folder is not None:
        callbacks.append(keras.callbacks.BackupAndRestore(os.path.join(folder, "backup")))
    if mode == "interrupt":
        callbacks.append(KillInEpochTwo())
    model.fit(
        x, y, batch_size=GLOBAL_BATCH, epochs=EPOCHS, verbose=0, shuffle=False, callbacks=callbacks
    )
    return seen.epochs, model.get_weights()


def main(folder, mode):
    results = {}
    if mode == "resume" and rank() == 0:
        _, weights = train()
        results.update({f"ref/weight/{i}": w for i, w in enumerate(weights)})
    strategy = nnext.distribute.MultiWorkerMirroredStrategy()
    with strategy.scope():
        epochs, weights = train(folder, mode)
    results["epochs"] = np.array(epochs)
    results.update({f"dist/weight/{i}": w for i, w in enumerate(weights)})
    np.savez(os.path.join(folder, f"resume.rank{rank()}.npz"), **results)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
