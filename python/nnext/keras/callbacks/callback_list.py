"""`CallbackList`: calls a hook on every callback, and skips the per-batch hooks when no
callback overrides them, so that a plain `fit` pays nothing per step for them."""

from nnext.keras.callbacks.callback import Callback
from nnext.keras.callbacks.history import History
from nnext.keras.callbacks.progbar_logger import ProgbarLogger


def _overrides(callback, *hooks):
    # A hook set on the instance (LambdaCallback) counts as much as one in the class.
    return any(
        getattr(type(callback), h) is not getattr(Callback, h) or h in vars(callback) for h in hooks
    )


class CallbackList:
    """The callbacks of one `fit`/`evaluate`/`predict` call, with a History and a progress
    bar added when asked (as Keras adds them)."""

    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None, **params):
        self.callbacks = list(callbacks or [])
        if add_progbar and not any(isinstance(c, ProgbarLogger) for c in self.callbacks):
            self.callbacks.append(ProgbarLogger())
        if add_history:
            self.history = History()
            self.callbacks.append(self.history)
        self.params = dict(params)
        self.model = model
        for c in self.callbacks:
            if model is not None:
                c.set_model(model)
            c.set_params(dict(params))
        self._find_batch_hooks()

    def _find_batch_hooks(self):
        batch_hooks = {
            "train": (
                "on_train_batch_begin",
                "on_train_batch_end",
                "on_batch_begin",
                "on_batch_end",
            ),
            "test": ("on_test_batch_begin", "on_test_batch_end"),
            "predict": ("on_predict_batch_begin", "on_predict_batch_end"),
        }
        self.wants_batch_hooks = {
            mode: any(_overrides(c, *hooks) for c in self.callbacks)
            for mode, hooks in batch_hooks.items()
        }

    def append(self, callback):
        """Adds a callback, given the list's model and params."""
        if self.model is not None:
            callback.set_model(self.model)
        callback.set_params(dict(self.params))
        self.callbacks.append(callback)
        self._find_batch_hooks()

    def set_params(self, params):
        self.params = dict(params)
        for c in self.callbacks:
            c.set_params(dict(params))

    def set_model(self, model):
        self.model = model
        for c in self.callbacks:
            c.set_model(model)

    def __iter__(self):
        return iter(self.callbacks)

    def _call(self, hook, *args):
        # Every hook gets a logs dict, never None, as Keras's CallbackList passes.
        *head, logs = args
        if logs is None:
            logs = {}
        for c in self.callbacks:
            getattr(c, hook)(*head, logs)

    def on_train_begin(self, logs=None):
        self._call("on_train_begin", logs)

    def on_train_end(self, logs=None):
        self._call("on_train_end", logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._call("on_epoch_begin", epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._call("on_epoch_end", epoch, logs)

    def on_test_begin(self, logs=None):
        self._call("on_test_begin", logs)

    def on_test_end(self, logs=None):
        self._call("on_test_end", logs)

    def on_predict_begin(self, logs=None):
        self._call("on_predict_begin", logs)

    def on_predict_end(self, logs=None):
        self._call("on_predict_end", logs)

    def on_train_batch_begin(self, batch, logs=None):
        self._call("on_train_batch_begin", batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self._call("on_train_batch_end", batch, logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._call("on_test_batch_begin", batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        self._call("on_test_batch_end", batch, logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self._call("on_predict_batch_begin", batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._call("on_predict_batch_end", batch, logs)
