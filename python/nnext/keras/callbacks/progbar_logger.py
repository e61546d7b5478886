"""`ProgbarLogger`: prints the progress bar of `fit`/`evaluate`/`predict` (verbose 1 or 2)."""

from nnext.keras.callbacks.callback import Callback
from nnext.keras.utils.progbar import Progbar


class ProgbarLogger(Callback):
    """Prints 'Epoch i/n' and a Keras progress bar (verbose=1) or one line per epoch
    (verbose=2). `fit` adds one by itself unless verbose=0."""

    def __init__(self):
        super().__init__()
        self.progbar = None
        self._called_in_fit = False

    def set_params(self, params):
        super().set_params(params)
        self.verbose = params.get("verbose", 1)
        self.epochs = params.get("epochs", 1)
        self.target = params.get("steps")

    def _start(self):
        self.progbar = Progbar(target=self.target, verbose=self.verbose, unit_name="step")
        self.seen = 0

    def _finalize(self, logs=None):
        # An input of unknown length (a generator) learns its length in its first epoch.
        if self.target is None:
            self.target = self.progbar.target = self.seen
        self.progbar.update(self.target, logs, finalize=True)

    def on_train_begin(self, logs=None):
        self._called_in_fit = True

    def on_epoch_begin(self, epoch, logs=None):
        self._start()
        if self.verbose and self.epochs > 1:
            print(f"Epoch {epoch + 1}/{self.epochs}", flush=True)

    def on_train_batch_end(self, batch, logs=None):
        # The epoch's last line is drawn by on_epoch_end, with the validation metrics.
        self.seen = batch + 1
        self.progbar.update(batch + 1, logs, finalize=False)

    def on_epoch_end(self, epoch, logs=None):
        self._finalize(logs)

    def on_test_begin(self, logs=None):
        if not self._called_in_fit:
            self._start()

    def on_test_batch_end(self, batch, logs=None):
        if not self._called_in_fit:
            self.seen = batch + 1
            self.progbar.update(batch + 1, logs, finalize=False)

    def on_test_end(self, logs=None):
        if not self._called_in_fit:
            self._finalize(logs)

    def on_predict_begin(self, logs=None):
        self._start()

    def on_predict_batch_end(self, batch, logs=None):
        self.seen = batch + 1
        self.progbar.update(batch + 1, finalize=False)

    def on_predict_end(self, logs=None):
        self._finalize()

    def on_train_end(self, logs=None):
        self._called_in_fit = False
