"""`SwapEMAWeights`: evaluates and predicts with the optimizer's moving averages of the
weights (`use_ema=True`) instead of the weights themselves."""

from nnext.keras.callbacks.callback import Callback


class SwapEMAWeights(Callback):
    """Swaps the model's weights with the optimizer's exponential moving averages around
    every evaluation and prediction (and, with `swap_on_epoch`, at the end of each epoch,
    so that checkpoints saved then hold the averages).

    Args:
        swap_on_epoch: also swap at the end of each epoch (and back at the start of the
            next); after the last epoch the averages stay in the model.

    Example:
        >>> model.compile(optimizer=optimizers.SGD(use_ema=True), loss="mse")
        >>> model.fit(x, y, validation_data=(vx, vy), callbacks=[callbacks.SwapEMAWeights()])
    """

    def __init__(self, swap_on_epoch=False):
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._ema_weights_in_model = False

    def _optimizer(self):
        optimizer = self.model.optimizer
        if not getattr(optimizer, "use_ema", False):
            raise ValueError(
                "SwapEMAWeights must be used when `use_ema=True` is set on the optimizer. "
                f"Received: use_ema={getattr(optimizer, 'use_ema', None)}"
            )
        return optimizer

    def _swap_variables(self):
        optimizer = self._optimizer()
        for variable, average in zip(optimizer._trainable_variables, optimizer._averages):
            weights = variable.numpy().copy()
            variable.assign(average)
            average.assign(weights)

    def _finalize_ema_values(self):
        optimizer = self._optimizer()
        for variable, average in zip(optimizer._trainable_variables, optimizer._averages):
            average.assign(variable)

    def on_epoch_begin(self, epoch, logs=None):
        if self.swap_on_epoch and self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_epoch_end(self, epoch, logs=None):
        if self.swap_on_epoch and not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True
            if epoch == self.params["epochs"] - 1:
                self._finalize_ema_values()

    def on_test_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def on_test_end(self, logs=None):
        if self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_predict_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def on_predict_end(self, logs=None):
        # NOTE: Keras 3.15 tests `not self._ema_weights_in_model` here and so leaves the
        # averages in the model after `predict`; nnext swaps the weights back.
        if self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False
