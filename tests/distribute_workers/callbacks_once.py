"""`fit` with every callback that writes, plus EarlyStopping, under a
`MultiWorkerMirroredStrategy`; then `model.save`. Each rank records which saves it really
made (by wrapping `nnext.keras.saving`) and when EarlyStopping stopped it, in
`<dir>/rank<r>.json`; the progress bar prints to stdout.

Usage: mpiexec -n N python callbacks_once.py DIR
"""

import json
import os
import sys

from common import GLOBAL_BATCH, dense_model, mnist_like, rank

import nnext
from nnext import keras
from nnext.keras import callbacks, saving

saves = []


def recording(name, function):
    def wrapper(model, filepath, *args, **kwargs):
        saves.append([name, os.path.basename(str(filepath))])
        return function(model, filepath, *args, **kwargs)

    return wrapper


saving.save_model = recording("save_model", saving.save_model)
saving.save_weights = recording("save_weights", saving.save_weights)


def main(folder):
    x, y = mnist_like(n=200)
    strategy = nnext.distribute.MultiWorkerMirroredStrategy()
    with strategy.scope():
        model = dense_model()
        model.compile(
            optimizer=keras.optimizers.SGD(0.5),
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"],
        )
    # An EarlyStopping that must stop: the loss never improves by 10 within 1 epoch.
    early = callbacks.EarlyStopping(monitor="loss", min_delta=10.0, patience=1)
    # A per-batch callback on rank 0 alone: every rank must still compute the batch logs.
    batch_losses = []
    chief_only = [
        callbacks.LambdaCallback(
            on_train_batch_end=lambda batch, logs: batch_losses.append(logs["loss"])
        )
    ]
    history = model.fit(
        x,
        y,
        batch_size=GLOBAL_BATCH,
        epochs=6,
        verbose=1,
        callbacks=[
            callbacks.ModelCheckpoint(os.path.join(folder, "epoch{epoch}.keras")),
            callbacks.CSVLogger(os.path.join(folder, "log.csv"), append=True),
            callbacks.TensorBoard(os.path.join(folder, "tb")),
            early,
        ],
    )
    # Without a progress bar only rank 0 has a per-batch hook; the other rank must still
    # join every batch's log reduction (or rank 0 would wait for it forever).
    model.fit(
        x,
        y,
        batch_size=GLOBAL_BATCH,
        epochs=1,
        verbose=0,
        callbacks=chief_only if rank() == 0 else [],
    )
    model.save(os.path.join(folder, "final.keras"))
    model.save_weights(os.path.join(folder, "final.weights.h5"))
    with open(os.path.join(folder, f"rank{rank()}.json"), "w") as f:
        json.dump(
            {
                "saves": saves,
                "epochs": len(history.history["loss"]),
                "stopped_epoch": early.stopped_epoch,
                "loss": history.history["loss"],
                "batch_losses": batch_losses,
            },
            f,
        )


if __name__ == "__main__":
    main(sys.argv[1])
