"""Jobs that must end with an error rather than hang.

- `raise`: rank 1 raises in the middle of `fit` while rank 0 waits in the next allreduce.
- `mismatch`: rank 1 builds a wider layer than rank 0; the first broadcast must say so.

Usage: mpiexec -n 2 python failing.py {raise|mismatch}
"""

import sys

from common import GLOBAL_BATCH, mnist_like, rank

import nnext
from nnext import keras


class FailOnRankOne(keras.callbacks.Callback):
    def on_train_batch_end(self, batch, logs=None):
        if rank() == 1 and batch == 1:
            raise RuntimeError("rank 1 failed on purpose at batch 1")


def main(mode):
    x, y = mnist_like(n=200)
    strategy = nnext.distribute.MultiWorkerMirroredStrategy()
    units = 32 + (1 if mode == "mismatch" and rank() == 1 else 0)
    with strategy.scope():
        model = keras.Sequential(
            [
                keras.Input((784,)),
                keras.layers.Dense(units),
                keras.layers.Dense(10, activation="softmax"),
            ]
        )
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    callbacks = [FailOnRankOne()] if mode == "raise" else []
    model.fit(x, y, batch_size=GLOBAL_BATCH, epochs=50, verbose=0, callbacks=callbacks)


if __name__ == "__main__":
    main(sys.argv[1])
