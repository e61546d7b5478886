"""`Trainer`: compile, fit, evaluate, predict and the *_on_batch methods of `Model`.

Each training step is: forward pass under a `GradientTape`, loss (plus regularization
penalties), `tape.gradient`, one fused C++ update per variable, then metric updates on
tensors. Python does bookkeeping only; metrics are read as floats only when something
(a callback, the progress bar, the epoch's logs) asks for them.
"""

import numpy as np

from nnext._tape import GradientTape
from nnext.keras import optimizers as optimizers_module
from nnext.keras import tree
from nnext.keras.callbacks.callback_list import CallbackList
from nnext.keras.metrics import Mean
from nnext.keras.trainers import (
    compile_utils,
    compiled_step,
    data_adapters,
    distributed,
    loop_arguments,
)
from nnext.keras.trainers.deprecated_shims import DeprecatedTrainerShims
from nnext.keras.utils import batching
from nnext.keras.utils.data_packing import pack_x_y_sample_weight, unpack_x_y_sample_weight


class Trainer(DeprecatedTrainerShims):
    """Mixin giving `Model` its training loop (Keras 3's `Trainer`)."""

    def _init_trainer(self):
        self.compiled = False
        self.optimizer = None
        self.loss = None
        self._compile_loss = None
        self._metric_identifiers = None
        self._compile_metrics = None
        self._loss_tracker = None
        self._compile_config = None
        self.stop_training = False
        self.history = None
        self._jit_compile = False
        self.run_eagerly = False
        self.steps_per_execution = 1

    # -- compile -------------------------------------------------------------------------

    def compile(
        self,
        optimizer="rmsprop",
        loss=None,
        loss_weights=None,
        metrics=None,
        weighted_metrics=None,
        run_eagerly=False,
        steps_per_execution=1,
        jit_compile="auto",
        auto_scale_loss=True,
    ):
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
        self.optimizer = optimizers_module.get(optimizer)
        # As Keras: a mixed_float16 model's optimizer scales the loss so that float16
        # gradients do not underflow.
        if (
            auto_scale_loss
            and self.dtype_policy.name == "mixed_float16"
            and self.optimizer is not None
            and not isinstance(self.optimizer, optimizers_module.LossScaleOptimizer)
        ):
            self.optimizer = optimizers_module.LossScaleOptimizer(
                self.optimizer, name="loss_scale_optimizer"
            )
        self.loss = loss
        output_names = getattr(self, "output_names", None)
        if isinstance(loss, dict) and output_names is not None:
            compile_utils.check_output_names(loss, output_names, "loss")
        self._compile_loss = (
            None if loss is None else compile_utils.CompileLoss(loss, loss_weights, output_names)
        )
        if metrics is not None and not isinstance(metrics, (list, tuple, dict)):
            raise TypeError(
                "Expected `metrics` argument to be a list, tuple, or dict. "
                f"Received instead: metrics={metrics} of type {type(metrics)}"
            )
        self._compile_metrics = (
            None if metrics is None else compile_utils.CompileMetrics(metrics, output_names)
        )
        self._loss_tracker = Mean(name="loss")
        self._compile_config = {
            "optimizer": optimizer,
            "loss": loss,
            "metrics": metrics,
            "loss_weights": loss_weights,
        }
        self.compiled = True
        self.stop_training = False
        self.run_eagerly = run_eagerly
        # Batches per execution: the callbacks' batch hooks run once per group of them.
        self.steps_per_execution = loop_arguments.check_steps_per_execution(steps_per_execution)
        # Steps traced once per batch signature and replayed in C++ (compiled_step.py).
        self._jit_compile = compiled_step.resolve_jit_compile(jit_compile, run_eagerly)
        self._compiled_steps = {}

    @property
    def jit_compile(self):
        """Whether steps are compiled: "auto", True or False (see compiled_step.py)."""
        return self._jit_compile

    @jit_compile.setter
    def jit_compile(self, value):
        self._jit_compile = compiled_step.resolve_jit_compile(value, False)
        self._compiled_steps = {}

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
            if isinstance(value, dict):
                return {key: serialize(v) for key, v in value.items()}
            return serialize_keras_object(value)

        return {
            "optimizer": serialize(self.optimizer),
            "loss": serialize(self._compile_config["loss"]),
            "loss_weights": self._compile_config["loss_weights"],
            "metrics": serialize(self._compile_config["metrics"]),
            "weighted_metrics": None,
            "run_eagerly": self.run_eagerly,
            "steps_per_execution": self.steps_per_execution,
            "jit_compile": False,
        }

    def compile_from_config(self, config):
        from nnext.keras.saving.serialization import compile_from_config

        compile_from_config(self, config)

    def _assert_compile_called(self, method_name):
        if not self.compiled:
            raise ValueError(f"You must call `compile()` before calling `{method_name}()`.")

    # -- metrics -------------------------------------------------------------------------

    @property
    def metrics(self):
        """The metrics `fit` reports, in Keras 3's order: the loss tracker, the compiled
        metrics (one `compile_metrics` object whose result is a dict), each output's loss
        tracker, then metrics assigned to the model as attributes and those of its layers."""
        result = []
        if self._loss_tracker is not None:
            result.append(self._loss_tracker)
        if self._compile_metrics is not None:
            result.append(self._compile_metrics)
        if self._compile_loss is not None:
            result.extend(self._compile_loss.metrics)
        result.extend(self._tracked_metrics())
        return result

    def _tracked_metrics(self):
        return self._cached("tracked_metrics", self._collect_tracked_metrics)

    def _collect_tracked_metrics(self):
        found = list(self.__dict__.get("_metrics", ()))
        for layer in self._layers:
            if not isinstance(layer, Trainer):
                found.extend(layer.__dict__.get("_metrics", ()))
        return found

    @property
    def metrics_names(self):
        return [m.name for m in self.metrics]

    def reset_metrics(self):
        for m in self.metrics:
            m.reset_state()

    def get_metrics_result(self):
        """The current value of every metric as `{name: float}` (the compiled metrics'
        dict merged in), names sorted as Keras sorts its logs."""
        return loop_arguments.as_logs(self._metric_results())

    def _metric_results(self):
        return {m.name: m.result() for m in self.metrics}

    def _flatten_metrics_in_order(self, logs):
        if len(logs) == 1:  # the loss alone: no order to work out
            return next(iter(logs.values()))
        names = []
        for metric in self.metrics:
            if metric is self._compile_metrics:
                names.extend(m.name for m in metric.metrics or ())
            else:
                names.append(metric.name)
        results = [logs[n] for n in names if n in logs]
        results += [logs[k] for k in sorted(logs) if k not in names]
        return results[0] if len(results) == 1 else results

    # -- one batch -----------------------------------------------------------------------

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The compiled loss of `(y, y_pred)` plus the layers' losses (regularization
        penalties and `add_loss`)."""
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
            raise ValueError("No loss to compute. Provide a `loss` argument in `compile()`.")
        return total

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        """Updates the compiled metrics with this batch; returns `get_metrics_result()`."""
        if self._compile_metrics is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def _update_metrics(self, loss, y, y_pred, batch_size):
        self._loss_tracker.update_state(loss, sample_weight=batch_size)
        if self._compile_metrics is not None and y is not None:
            self._compile_metrics.update_state(y, y_pred)

    def train_step(self, data):
        """One training step on one batch `data` (`(x, y, sample_weight)`, `(x, y)` or `x`):
        forward pass under a tape, loss, gradients, optimizer update, metrics. Returns the
        metrics' values (override it to customise `fit`, as in Keras 3)."""
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        self._train_batch(x, y, sample_weight)
        return self.get_metrics_result()

    def test_step(self, data):
        """One evaluation step on one batch; returns the metrics' values."""
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        self._test_batch(x, y, sample_weight)
        return self.get_metrics_result()

    def predict_step(self, data):
        """The model's outputs on one batch of inputs."""
        x, _, _ = unpack_x_y_sample_weight(data)
        return self(x, training=False)

    def _train_batch(self, x, y, sample_weight):
        with GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x, y, y_pred, sample_weight)
            # Loss scaling (`loss_scale_factor`, LossScaleOptimizer): the optimizer divides
            # the gradients back.
            scaled = self.optimizer.scale_loss(loss)
        variables = self._trainable_variables_view()
        if variables:
            self.optimizer.apply(tape.gradient(scaled, variables), variables)
        self._update_metrics(loss, y, y_pred, loop_arguments.batch_size(x))

    def _test_batch(self, x, y, sample_weight):
        y_pred = self(x, training=False)
        loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
        self._update_metrics(loss, y, y_pred, loop_arguments.batch_size(x))

    # The steps of `*_on_batch`, which read the metrics after every batch: the results are
    # computed inside the (compiled) step, as Keras's train and test functions return them.
    def _train_batch_results(self, x, y, sample_weight):
        self._train_batch(x, y, sample_weight)
        return self._metric_results()

    def _test_batch_results(self, x, y, sample_weight):
        self._test_batch(x, y, sample_weight)
        return self._metric_results()

    def _run_train_step(self, x, y, sample_weight, with_results=False):
        """The step `fit` runs: the built-in one directly (no logs are read unless a callback
        asks, or `with_results`), or the user's `train_step` override."""
        if type(self).train_step is Trainer.train_step:
            if with_results:
                step = self._train_batch_results
                return compiled_step.run_step(self, "train_results", step, x, y, sample_weight)
            compiled_step.run_step(self, "train", self._train_batch, x, y, sample_weight)
            return None
        data = pack_x_y_sample_weight(x, y, sample_weight)
        return compiled_step.run_step(self, "train", self.train_step, data)

    def _run_test_step(self, x, y, sample_weight, with_results=False):
        if type(self).test_step is Trainer.test_step:
            if with_results:
                step = self._test_batch_results
                return compiled_step.run_step(self, "test_results", step, x, y, sample_weight)
            compiled_step.run_step(self, "test", self._test_batch, x, y, sample_weight)
            return None
        data = pack_x_y_sample_weight(x, y, sample_weight)
        return compiled_step.run_step(self, "test", self.test_step, data)

    def _logs_after_step(self, step_logs):
        if distributed.active():  # under a multi-worker strategy: summed over the ranks
            return distributed.global_logs(self, step_logs and loop_arguments.as_logs(step_logs))
        if step_logs is None:
            return self.get_metrics_result()
        return loop_arguments.as_logs(step_logs)

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One gradient step on one batch; returns the loss (and metrics) of this batch.

        As in Keras 3, the metrics start from zero on every call.
        """
        self._assert_compile_called("train_on_batch")
        x, y, sample_weight = loop_arguments.prepare_data(x, y, sample_weight, class_weight)
        self.reset_metrics()
        step_logs = distributed.train_step(self, x, y, sample_weight, with_results=True)
        logs = self._logs_after_step(step_logs)
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """The loss (and metrics) of one batch, without training (metrics start from zero)."""
        self._assert_compile_called("test_on_batch")
        x, y, sample_weight = loop_arguments.prepare_data(x, y, sample_weight)
        self.reset_metrics()
        step_logs = distributed.test_step(self, x, y, sample_weight, with_results=True)
        logs = self._logs_after_step(step_logs)
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    def predict_on_batch(self, x):
        """The model's output on one batch, as a NumPy array."""
        data = pack_x_y_sample_weight(loop_arguments.as_arrays(x))
        outputs = compiled_step.run_step(self, "predict", self.predict_step, data)
        return tree.map_structure(lambda t: np.asarray(t.numpy()), outputs)

    # -- loops ---------------------------------------------------------------------------

    def fit(
        self,
        x=None,
        y=None,
        batch_size=None,
        epochs=1,
        verbose="auto",
        callbacks=None,
        validation_split=0.0,
        validation_data=None,
        shuffle=True,
        class_weight=None,
        sample_weight=None,
        initial_epoch=0,
        steps_per_epoch=None,
        validation_steps=None,
        validation_batch_size=None,
        validation_freq=1,
    ):
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
        batch_size = loop_arguments.check_batch_size(batch_size)
        validation = None
        if data_adapters.is_array_input(x):
            x, y, sample_weight = loop_arguments.prepare_data(x, y, sample_weight, class_weight)
            class_weight = None  # folded into sample_weight
            if validation_data is None and validation_split:
                structure = (x, y, sample_weight)
                train, val = batching.train_validation_split(
                    tree.flatten(structure), validation_split
                )
                x, y, sample_weight = tree.pack_sequence_as(structure, train)
                validation = tree.pack_sequence_as(structure, val)
        elif validation_data is None and validation_split:
            raise ValueError(
                "Argument `validation_split` is only supported for tensors or NumPy arrays."
                f"Found incompatible type in the input: {[type(x)]}"
            )
        if validation_data is not None:
            validation = loop_arguments.unpack_validation_data(validation_data)
        if validation is not None:
            validation = data_adapters.EpochIterator(
                *validation,
                batch_size=validation_batch_size or batch_size,
                steps_per_epoch=validation_steps,
            )
        epoch_iterator = data_adapters.EpochIterator(
            x, y, sample_weight, batch_size, steps_per_epoch, shuffle, class_weight
        )
        epoch_iterator.reset()  # as Keras before its first epoch (a PyDataset's epoch ends)
        steps = epoch_iterator.num_batches
        verbose = loop_arguments.resolve_verbose(verbose)
        callback_list = CallbackList(
            callbacks,
            add_history=True,
            add_progbar=verbose != 0,
            model=self,
            verbose=verbose,
            epochs=epochs,
            steps=steps,
        )
        distributed.chief_only(callback_list)
        want_batch_logs = callback_list.wants_batch_hooks["train"]
        self.stop_training = False
        self._initial_epoch = None
        callback_list.on_train_begin()
        # BackupAndRestore sets where an interrupted run resumes.
        initial_epoch = self._initial_epoch or initial_epoch
        initial_epoch = distributed.start_fit(self, initial_epoch)  # rank 0's state everywhere
        epoch_logs, step_logs = {}, None
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            callback_list.on_epoch_begin(epoch)
            for begin, end, batches in loop_arguments.executions(
                epoch_iterator.enumerate_epoch(), self.steps_per_execution
            ):
                if want_batch_logs:
                    callback_list.on_train_batch_begin(begin)
                for bx, by, bsw in batches:
                    step_logs = distributed.train_step(self, bx, by, bsw)
                if want_batch_logs:
                    callback_list.on_train_batch_end(end, self._logs_after_step(step_logs))
                if self.stop_training:
                    break
            epoch_logs = self._logs_after_step(step_logs if steps != 0 else None)
            if validation is not None and loop_arguments.should_validate(epoch, validation_freq):
                val_logs = self._evaluate_loop(validation, callback_list)
                epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
            callback_list.on_epoch_end(epoch, epoch_logs)
            if self.stop_training:
                break
        if getattr(self.optimizer, "use_ema", False):  # the averages become the weights
            self.optimizer.finalize_variable_values(self.trainable_variables)
        callback_list.on_train_end(epoch_logs)
        return self.history

    def evaluate(
        self,
        x=None,
        y=None,
        batch_size=None,
        verbose="auto",
        sample_weight=None,
        steps=None,
        callbacks=None,
        return_dict=False,
    ):
        """The loss and metrics over `x, y`, batch by batch.

        Returns:
            The loss (a float) when no metrics were compiled, else `[loss, *metrics]`;
            with `return_dict`, `{name: value}`.
        """
        self._assert_compile_called("evaluate")
        batch_size = loop_arguments.check_batch_size(batch_size)
        if data_adapters.is_array_input(x):
            x, y, sample_weight = loop_arguments.prepare_data(x, y, sample_weight)
        epoch_iterator = data_adapters.EpochIterator(
            x, y, sample_weight, batch_size, steps_per_epoch=steps
        )
        verbose = loop_arguments.resolve_verbose(verbose)
        callback_list = CallbackList(
            callbacks,
            add_progbar=verbose != 0,
            model=self,
            verbose=verbose,
            epochs=1,
            steps=epoch_iterator.num_batches,
        )
        distributed.chief_only(callback_list)
        logs = self._evaluate_loop(epoch_iterator, callback_list)
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    def _evaluate_loop(self, epoch_iterator, callback_list):
        want_batch_logs = callback_list.wants_batch_hooks["test"]
        epoch_iterator.reset()  # every evaluation starts from the first batch, as in Keras
        self.reset_metrics()
        callback_list.on_test_begin()
        step_logs = None
        for begin, end, batches in loop_arguments.executions(
            epoch_iterator.enumerate_epoch(), self.steps_per_execution
        ):
            if want_batch_logs:
                callback_list.on_test_batch_begin(begin)
            for bx, by, bsw in batches:
                step_logs = distributed.test_step(self, bx, by, bsw)
            if want_batch_logs:
                callback_list.on_test_batch_end(end, self._logs_after_step(step_logs))
        logs = self._logs_after_step(step_logs)
        callback_list.on_test_end(logs)
        return logs

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """The model's outputs for `x`, computed batch by batch, as one NumPy array."""
        batch_size = loop_arguments.check_batch_size(batch_size)
        if x is None:
            raise ValueError("Unexpected value for `x`: None. Pass the inputs to predict on.")
        if data_adapters.is_array_input(x):
            x = loop_arguments.as_arrays(x)
        epoch_iterator = data_adapters.EpochIterator(
            x, batch_size=batch_size, steps_per_epoch=steps
        )
        verbose = loop_arguments.resolve_verbose(verbose)
        callback_list = CallbackList(
            callbacks,
            add_progbar=verbose != 0,
            model=self,
            verbose=verbose,
            epochs=1,
            steps=epoch_iterator.num_batches,
        )
        distributed.chief_only(callback_list)
        callback_list.on_predict_begin()
        outputs = []
        for begin, end, batches in loop_arguments.executions(
            epoch_iterator.enumerate_epoch(), self.steps_per_execution
        ):
            callback_list.on_predict_batch_begin(begin)
            group_outputs = [self._predict_batch(bx) for bx, _, _ in batches]
            outputs.extend(group_outputs)
            callback_list.on_predict_batch_end(
                end, {"outputs": loop_arguments.concatenated(group_outputs)}
            )
        callback_list.on_predict_end({})
        outputs = distributed.gather_outputs(outputs)  # every rank's shards, in data order
        if not outputs:
            raise ValueError("Expected input data to `predict()` to be non-empty.")
        return loop_arguments.concatenated(outputs)

    def _predict_batch(self, bx):
        outputs = compiled_step.run_step(
            self, "predict", self.predict_step, pack_x_y_sample_weight(distributed.local_batch(bx))
        )
        return tree.map_structure(lambda t: np.array(t.numpy()), outputs)
