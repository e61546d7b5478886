"""`Trainer`: compile, fit, evaluate, predict and the *_on_batch methods of `Model`.

Each training step is: forward pass under a `GradientTape`, loss (plus regularization
penalties), `tape.gradient`, one fused C++ update per variable, then metric updates on
tensors. Python does bookkeeping only; metrics are read as floats only when something
(a callback, the progress bar, the epoch's logs) asks for them.
"""

import numpy as np

from nnext._core import Tensor
from nnext._tape import GradientTape
from nnext.keras import backend
from nnext.keras import optimizers as optimizers_module
from nnext.keras.callbacks.callback_list import CallbackList
from nnext.keras.metrics import Mean
from nnext.keras.trainers import compile_utils
from nnext.keras.utils import batching


class Trainer:
    """Mixin giving `Model` its training loop (Keras 3's `Trainer`)."""

    def _init_trainer(self):
        self.compiled = False
        self.optimizer = None
        self.loss = None
        self._compile_loss = None
        self._metric_identifiers = None
        self._compile_metrics = None
        self._loss_tracker = None
        self._metrics_in_log_order = None
        self._compile_config = None
        self.stop_training = False
        self.history = None

    # -- compile -------------------------------------------------------------------------

    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1,
                jit_compile="auto", auto_scale_loss=True):
        """Configures the model for training.

        Args:
            optimizer: name ('rmsprop', 'adam', 'sgd' ...) or Optimizer instance.
            loss: name ('categorical_crossentropy', 'mse' ...), Loss instance or function
                `f(y_true, y_pred)` returning per-sample losses.
            metrics: list of names ('accuracy', 'mae' ...), Metric instances or functions.

        Example:
            >>> model.compile(optimizer="rmsprop", loss="categorical_crossentropy",
            ...               metrics=["accuracy"])
        """
        if loss_weights is not None or weighted_metrics is not None:
            raise ValueError(
                "nnext models have one output: `loss_weights` and `weighted_metrics` are not "
                f"supported. Received: loss_weights={loss_weights}, "
                f"weighted_metrics={weighted_metrics}"
            )
        self.optimizer = optimizers_module.get(optimizer)
        self.loss = loss
        self._compile_loss = compile_utils.resolve_loss(loss)
        if metrics is not None and not isinstance(metrics, (list, tuple)):
            raise TypeError(
                "Expected `metrics` argument to be a list, tuple, or dict. "
                f"Received instead: metrics={metrics} of type {type(metrics)}"
            )
        self._metric_identifiers = list(metrics) if metrics is not None else None
        self._compile_metrics = None
        self._loss_tracker = Mean(name="loss")
        self._metrics_in_log_order = None
        self._compile_config = {"optimizer": optimizer, "loss": loss, "metrics": metrics}
        self.compiled = True
        self.stop_training = False

    def get_compile_config(self):
        """What `compile` was given, serialized as Keras stores it in a `.keras` file."""
        if not self.compiled:
            return None
        from nnext.keras.saving import serialize_keras_object

        def serialize(value):
            if value is None or isinstance(value, str):
                return value
            if isinstance(value, (list, tuple)):
                return [serialize(v) for v in value]
            return serialize_keras_object(value)

        return {
            "optimizer": serialize(self.optimizer),
            "loss": serialize(self._compile_config["loss"]),
            "loss_weights": None,
            "metrics": serialize(self._compile_config["metrics"]),
            "weighted_metrics": None,
            "run_eagerly": False,
            "steps_per_execution": 1,
            "jit_compile": False,
        }

    def compile_from_config(self, config):
        from nnext.keras.saving.serialization import compile_from_config

        compile_from_config(self, config)

    def _assert_compile_called(self, method_name):
        if not self.compiled:
            raise ValueError(
                f"You must call `compile()` before calling `{method_name}()`."
            )

    # -- metrics -------------------------------------------------------------------------

    @property
    def metrics(self):
        """The loss tracker, then the compiled metrics (once the first batch resolved them)."""
        result = []
        if self._loss_tracker is not None:
            result.append(self._loss_tracker)
        if self._compile_metrics:
            result.extend(self._compile_metrics)
        return result

    @property
    def metrics_names(self):
        return [m.name for m in self.metrics]

    def reset_metrics(self):
        for m in self.metrics:
            m.reset_state()

    def get_metrics_result(self):
        """The current value of every metric as `{name: float}`, names sorted as Keras logs."""
        if self._metrics_in_log_order is None:
            self._metrics_in_log_order = sorted(self.metrics, key=lambda m: m.name)
        return {m.name: backend.to_float(m.result()) for m in self._metrics_in_log_order}

    def _flatten_metrics_in_order(self, logs):
        if len(logs) == 1:  # the loss alone: no order to work out
            return next(iter(logs.values()))
        names = self.metrics_names
        results = [logs[n] for n in names if n in logs]
        results += [logs[k] for k in sorted(logs) if k not in names]
        return results[0] if len(results) == 1 else results

    # -- one batch -----------------------------------------------------------------------

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None):
        """The compiled loss of `(y, y_pred)` plus the layers' regularization penalties."""
        total = None
        if self._compile_loss is not None:
            if y is None:
                raise ValueError(
                    "Target data is missing. Your model was compiled with "
                    f"loss={self.loss}, and therefore expects target data to be provided."
                )
            total = self._compile_loss(y, y_pred, sample_weight)
        for penalty in self.losses:
            total = penalty if total is None else total + penalty
        if total is None:
            raise ValueError(
                "No loss to compute. Provide a `loss` argument in `compile()`."
            )
        return total

    def _update_metrics(self, loss, y, y_pred, batch_size):
        self._loss_tracker.update_state(loss, sample_weight=batch_size)
        if y is None:
            return
        if self._compile_metrics is None:
            self._compile_metrics = compile_utils.resolve_metrics(
                self._metric_identifiers, np.shape(y), tuple(y_pred.shape)
            )
            self._metrics_in_log_order = None
        # As Keras: sample and class weights weight the loss; `compile(metrics=...)` metrics
        # count every sample alike (Keras weights only its `weighted_metrics`).
        for metric in self._compile_metrics:
            metric.update_state(y, y_pred)

    def _train_batch(self, x, y, sample_weight):
        with GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x, y, y_pred, sample_weight)
        variables = self._trainable_variables_view()
        if variables:
            self.optimizer.apply(tape.gradient(loss, variables), variables)
        self._update_metrics(loss, y, y_pred, len(x))

    def _test_batch(self, x, y, sample_weight):
        y_pred = self(x, training=False)
        loss = self.compute_loss(x, y, y_pred, sample_weight)
        self._update_metrics(loss, y, y_pred, len(x))

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None,
                       return_dict=False):
        """One gradient step on one batch; returns the loss (and metrics) of this batch.

        As in Keras 3, the metrics start from zero on every call.
        """
        self._assert_compile_called("train_on_batch")
        x, y, sample_weight = _prepare_data(x, y, sample_weight, class_weight)
        self.reset_metrics()
        self._train_batch(x, y, sample_weight)
        logs = self.get_metrics_result()
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """The loss (and metrics) of one batch, without training (metrics start from zero)."""
        self._assert_compile_called("test_on_batch")
        x, y, sample_weight = _prepare_data(x, y, sample_weight)
        self.reset_metrics()
        self._test_batch(x, y, sample_weight)
        logs = self.get_metrics_result()
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    def predict_on_batch(self, x):
        """The model's output on one batch, as a NumPy array."""
        return np.asarray(self(batching.as_array(x), training=False).numpy())

    # -- loops ---------------------------------------------------------------------------

    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1):
        """Trains the model for `epochs` epochs over NumPy data (or Tensors).

        Args:
            x, y: inputs and targets with the same number of samples.
            batch_size: samples per gradient step (32).
            epochs: index of the last epoch (training starts at `initial_epoch`).
            verbose: 'auto' or 1 (progress bar), 2 (one line per epoch), 0 (silent).
            callbacks: list of `Callback`s.
            validation_split: fraction of the data, taken from the end before shuffling,
                to evaluate on after each epoch.
            validation_data: `(x_val, y_val)` to evaluate on instead.
            shuffle: reshuffle the training samples every epoch (with `nnext.random`).
            validation_freq: validate every that many epochs (or at the listed epochs).

        Returns:
            A `History` whose `history` maps 'loss', metrics and 'val_*' to per-epoch lists.
        """
        self._assert_compile_called("fit")
        batch_size = _check_batch_size(batch_size)
        x, y, sample_weight = _prepare_data(x, y, sample_weight, class_weight)
        if validation_data is None and validation_split:
            (x, y, sample_weight), (vx, vy, vsw) = batching.train_validation_split(
                (x, y, sample_weight), validation_split
            )
        elif validation_data is not None:
            vx, vy, vsw = _unpack_validation_data(validation_data)
        else:
            vx = vy = vsw = None
        n = len(x)
        steps = batching.num_batches(n, batch_size)
        if steps_per_epoch is not None:
            steps = min(steps, steps_per_epoch)
        verbose = _resolve_verbose(verbose)
        callback_list = CallbackList(
            callbacks, add_history=True, add_progbar=verbose != 0, model=self,
            verbose=verbose, epochs=epochs, steps=steps,
        )
        want_batch_logs = callback_list.wants_batch_hooks["train"]
        self.stop_training = False
        callback_list.on_train_begin()
        epoch_logs = {}
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            callback_list.on_epoch_begin(epoch)
            order = batching.epoch_order(n, shuffle)
            for step, (bx, by, bsw) in enumerate(
                batching.batches((x, y, sample_weight), batch_size, order)
            ):
                if step == steps:
                    break
                if want_batch_logs:
                    callback_list.on_train_batch_begin(step)
                self._train_batch(bx, by, bsw)
                if want_batch_logs:
                    callback_list.on_train_batch_end(step, self.get_metrics_result())
                if self.stop_training:
                    break
            epoch_logs = self.get_metrics_result()
            if vx is not None and _should_validate(epoch, validation_freq):
                val_logs = self._evaluate_loop(
                    vx, vy, vsw, validation_batch_size or batch_size, callback_list,
                    validation_steps,
                )
                epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
            callback_list.on_epoch_end(epoch, epoch_logs)
            if self.stop_training:
                break
        callback_list.on_train_end(epoch_logs)
        return self.history

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False):
        """The loss and metrics over `x, y`, batch by batch.

        Returns:
            The loss (a float) when no metrics were compiled, else `[loss, *metrics]`;
            with `return_dict`, `{name: value}`.
        """
        self._assert_compile_called("evaluate")
        batch_size = _check_batch_size(batch_size)
        x, y, sample_weight = _prepare_data(x, y, sample_weight)
        total_steps = batching.num_batches(len(x), batch_size)
        if steps is not None:
            total_steps = min(total_steps, steps)
        verbose = _resolve_verbose(verbose)
        callback_list = CallbackList(
            callbacks, add_progbar=verbose != 0, model=self, verbose=verbose, epochs=1,
            steps=total_steps,
        )
        logs = self._evaluate_loop(x, y, sample_weight, batch_size, callback_list, steps)
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    def _evaluate_loop(self, x, y, sample_weight, batch_size, callback_list, steps=None):
        want_batch_logs = callback_list.wants_batch_hooks["test"]
        self.reset_metrics()
        callback_list.on_test_begin()
        for step, (bx, by, bsw) in enumerate(
            batching.batches((x, y, sample_weight), batch_size)
        ):
            if steps is not None and step == steps:
                break
            if want_batch_logs:
                callback_list.on_test_batch_begin(step)
            self._test_batch(bx, by, bsw)
            if want_batch_logs:
                callback_list.on_test_batch_end(step, self.get_metrics_result())
        logs = self.get_metrics_result()
        callback_list.on_test_end(logs)
        return logs

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """The model's outputs for `x`, computed batch by batch, as one NumPy array."""
        batch_size = _check_batch_size(batch_size)
        x = batching.as_array(x)
        if x is None:
            raise ValueError("Unexpected value for `x`: None. Pass the inputs to predict on.")
        total_steps = batching.num_batches(len(x), batch_size)
        if steps is not None:
            total_steps = min(total_steps, steps)
        verbose = _resolve_verbose(verbose)
        callback_list = CallbackList(
            callbacks, add_progbar=verbose != 0, model=self, verbose=verbose, epochs=1,
            steps=total_steps,
        )
        callback_list.on_predict_begin()
        outputs = []
        for step, (bx,) in enumerate(batching.batches((x,), batch_size)):
            if step == total_steps:
                break
            callback_list.on_predict_batch_begin(step)
            outputs.append(np.array(self(bx, training=False).numpy()))
            callback_list.on_predict_batch_end(step, {"outputs": outputs[-1]})
        callback_list.on_predict_end()
        if not outputs:
            raise ValueError("Expected input data to `predict()` to be non-empty.")
        return np.concatenate(outputs, axis=0)


def _resolve_verbose(verbose):
    if verbose == "auto":
        return 1
    if verbose not in (0, 1, 2):
        raise ValueError(
            f"`verbose` should be 'auto', 0, 1 or 2. Received: verbose={verbose}"
        )
    return verbose


def _check_batch_size(batch_size):
    if batch_size is None:
        return 32
    if not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
        raise ValueError(
            f"`batch_size` should be a positive integer. Received: batch_size={batch_size}"
        )
    return int(batch_size)


def _prepare_data(x, y, sample_weight, class_weight=None):
    if x is None:
        raise ValueError("Unexpected value for `x`: None. Pass the input data.")
    if isinstance(x, (list, tuple)) and x and isinstance(x[0], (np.ndarray, Tensor)):
        raise ValueError(
            "nnext models take one input array; received a list of "
            f"{len(x)} arrays for `x`."
        )
    x, y = batching.as_array(x), batching.as_array(y)
    sample_weight = batching.as_array(sample_weight)
    batching.check_cardinality(x=x, y=y, sample_weight=sample_weight)
    if class_weight is not None:
        if y is None:
            raise ValueError("`class_weight` needs target data `y`.")
        classes = y.argmax(-1) if y.ndim > 1 and y.shape[-1] > 1 else y.reshape(len(y), -1)[:, 0]
        weights = np.array([class_weight.get(int(c), 1.0) for c in classes], dtype=np.float32)
        sample_weight = weights if sample_weight is None else sample_weight * weights
    return x, y, sample_weight


def _unpack_validation_data(data):
    if not isinstance(data, (list, tuple)) or len(data) not in (2, 3):
        raise ValueError(
            "`validation_data` should be a tuple `(x_val, y_val)` or "
            "`(x_val, y_val, val_sample_weight)`. "
            f"Received: validation_data={type(data).__name__} of length "
            f"{len(data) if hasattr(data, '__len__') else '?'}"
        )
    vx, vy = data[0], data[1]
    vsw = data[2] if len(data) == 3 else None
    return _prepare_data(vx, vy, vsw)


def _should_validate(epoch, validation_freq):
    if isinstance(validation_freq, int):
        return (epoch + 1) % validation_freq == 0
    return epoch + 1 in validation_freq
