"""`TensorBoard`: writes training curves (and weight histograms) as TensorBoard event files."""

import os
import time

from nnext.keras.callbacks.callback import Callback
from nnext.summary.event_file import EventFileWriter


class TensorBoard(Callback):
    """Logs scalars for TensorBoard, in Keras 3's layout: `<log_dir>/train` holds
    `epoch_<metric>` (and `epoch_learning_rate`) per epoch, and with `update_freq`
    `batch_<metric>` per batch; `<log_dir>/validation` holds the `val_` metrics as
    `epoch_<metric>` and `evaluation_<metric>_vs_iterations` after each evaluation.

    Args:
        log_dir: the folder to write to.
        histogram_freq: every that many epochs, write a histogram of every weight
            (`<weight path>/histogram`); 0 for none.
        write_graph: accepted for Keras programs; nnext writes no graph.
        write_images: not supported (weights as images need an image encoder).
        write_steps_per_second: also log `epoch_steps_per_second`
            (and `batch_steps_per_second`).
        update_freq: 'epoch', 'batch', or an integer number of batches between batch
            scalars.
        profile_batch: must be 0: there is no nnext profiler to start.
        embeddings_freq: must be 0: embedding projections are not written.

    Example:
        >>> model.fit(x, y, epochs=5, callbacks=[callbacks.TensorBoard("logs")])
        >>> # then: tensorboard --logdir logs
    """

    def __init__(
        self,
        log_dir="logs",
        histogram_freq=0,
        write_graph=True,
        write_images=False,
        write_steps_per_second=False,
        update_freq="epoch",
        profile_batch=0,
        embeddings_freq=0,
        embeddings_metadata=None,
    ):
        super().__init__()
        if profile_batch:
            raise ValueError(
                "Profiling is not yet available with the nnext backend. Received: "
                f"profile_batch={profile_batch} (must be 0)"
            )
        if embeddings_freq or embeddings_metadata:
            raise ValueError(
                "nnext's TensorBoard callback does not write embeddings. Received: "
                f"embeddings_freq={embeddings_freq}"
            )
        if write_images:
            raise ValueError(
                "nnext's TensorBoard callback does not write weight images. Received: "
                f"write_images={write_images}"
            )
        self.log_dir = str(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        self._writers = {}
        self._global_train_batch = 0
        self._batch_start_time = 0.0
        self._epoch_start_time = 0.0
        self._previous_epoch_iterations = 0

    def set_model(self, model):
        super().set_model(model)
        self._train_dir = os.path.join(self.log_dir, "train")
        self._val_dir = os.path.join(self.log_dir, "validation")
        self._close_writers()

    def _writer(self, which):
        if which not in self._writers:
            folder = self._train_dir if which == "train" else self._val_dir
            self._writers[which] = EventFileWriter(folder)
        return self._writers[which]

    def on_train_begin(self, logs=None):
        self._global_train_batch = 0
        self._previous_epoch_iterations = 0

    def on_train_batch_begin(self, batch, logs=None):
        self._global_train_batch += 1
        if self.write_steps_per_second:
            self._batch_start_time = time.time()

    def on_train_batch_end(self, batch, logs=None):
        if self.update_freq == "epoch" or self._global_train_batch % self.update_freq:
            return
        writer = self._writer("train")
        step = self._global_train_batch
        if self.write_steps_per_second:
            elapsed = max(time.time() - self._batch_start_time, 1e-12)
            writer.add_scalar("batch_steps_per_second", 1.0 / elapsed, step)
        for name, value in (logs or {}).items():
            writer.add_scalar(f"batch_{name}", float(value), step)

    def on_epoch_begin(self, epoch, logs=None):
        if self.write_steps_per_second:
            self._previous_epoch_iterations = int(self.model.optimizer.iterations)
            self._epoch_start_time = time.time()

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        train_logs = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val_logs = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        optimizer = getattr(self.model, "optimizer", None)
        if logs and optimizer is not None:
            if hasattr(optimizer, "optimizers"):  # a MultiOptimizer: one rate per optimizer
                for inner in optimizer.optimizers:
                    train_logs[f"learning_rate_{inner.name}"] = float(inner.learning_rate)
            else:
                train_logs["learning_rate"] = float(optimizer.learning_rate)
        if logs and self.write_steps_per_second:
            steps = int(optimizer.iterations) - self._previous_epoch_iterations
            train_logs["steps_per_second"] = steps / max(
                time.time() - self._epoch_start_time, 1e-12
            )
        for which, values in (("train", train_logs), ("val", val_logs)):
            if values:
                writer = self._writer(which)
                for name, value in values.items():
                    writer.add_scalar(f"epoch_{name}", float(value), epoch)
                writer.flush()
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)

    def on_test_end(self, logs=None):
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is None or not logs:
            return
        writer = self._writer("val")
        step = int(optimizer.iterations)
        for name, value in logs.items():
            writer.add_scalar(f"evaluation_{name}_vs_iterations", float(value), step)
        writer.flush()

    def _log_weights(self, epoch):
        writer = self._writer("train")
        for layer in self.model.layers:
            for weight in layer.weights:
                path = getattr(weight, "path", None) or weight.name
                writer.add_histogram(
                    f"{str(path).replace(':', '_')}/histogram", weight.numpy(), epoch
                )
        writer.flush()

    def on_train_end(self, logs=None):
        self._close_writers()

    def _close_writers(self):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}
