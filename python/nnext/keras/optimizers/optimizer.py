"""`Optimizer`: the base class. It owns the step counter, the learning rate and the
per-variable slots, and turns `apply_gradients` into one in-place update per variable.

State lives in nnext Variables listed by `variables` in Keras 3's order: `iteration`,
`learning_rate` (when it is a number, not a schedule), the moving averages (`use_ema`) and
gradient accumulators (`gradient_accumulation_steps`), then the slots in the order the
subclass's `build` creates them, so that files written from it match Keras's.

One `apply` runs Keras 3's sequence: drop missing gradients, unscale (`loss_scale_factor`),
accumulate, clip, decay the weights, `update_step` each variable, apply constraints, update
the moving averages, count the step.
"""

import re
import warnings

import numpy as np

from nnext import _core
from nnext.distribute import collective
from nnext.keras import backend
from nnext.keras.optimizers import schedules
from nnext.keras.optimizers.clipping import clip_gradients
from nnext.keras.utils.naming import auto_name
from nnext.keras.variables import owned_variable


class Optimizer:
    """Base class of optimizers.

    Subclasses implement `build(var_list)` (call `super().build`, then create slots with
    `add_optimizer_variables`) and `update_step(gradient, variable, learning_rate)`; after
    `build`, `update_step` works on its own, so a custom optimizer may write it with plain
    ops and `self.assign`/`assign_add`/`assign_sub`.

    Args:
        learning_rate: a float, a `LearningRateSchedule`, or a callable returning a float.
        weight_decay: decoupled weight decay `w -= w * weight_decay * lr` before each update.
        clipnorm: clip each gradient to this L2 norm.
        clipvalue: clip each gradient elementwise to `[-clipvalue, clipvalue]`.
        global_clipnorm: clip all gradients together to this global L2 norm.
        use_ema: keep an exponential moving average of the weights.
        ema_momentum: the average's momentum: `avg = m * avg + (1 - m) * w`.
        ema_overwrite_frequency: every that many steps, copy the averages into the weights.
        loss_scale_factor: gradients are divided by it before use.
        gradient_accumulation_steps: update every that many steps, with the mean gradient.
        name: the optimizer's name.

    Example:
        >>> class PlainSGD(optimizers.Optimizer):
        ...     def update_step(self, gradient, variable, learning_rate):
        ...         self.assign_sub(variable, learning_rate * gradient)
    """

    @classmethod
    def _obj_type(cls):
        """What the saving walk treats this object as (Keras 3's protocol)."""
        return "Optimizer"

    # A subclass whose update kernel applies the weight decay itself (AdamW) sets this.
    _fused_weight_decay = False
    # A subclass whose `update_step` hands `learning_rate` straight to its C++ kernel sets
    # this: it then gets the learning-rate Variable, which the kernel reads when it runs, so
    # that a compiled step replays with the current rate (others get a Python float).
    _kernel_reads_learning_rate = False

    def __init__(
        self,
        learning_rate,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        **kwargs,
    ):
        if kwargs.pop("decay", None) is not None:
            warnings.warn(
                "Argument `decay` is no longer supported and will be ignored.", stacklevel=2
            )
        if kwargs:
            raise ValueError(f"Argument(s) not recognized: {kwargs}")
        if gradient_accumulation_steps and not gradient_accumulation_steps >= 2:
            raise ValueError(
                "`gradient_accumulation_steps` must be an integer >= 2. Received: "
                f"gradient_accumulation_steps={gradient_accumulation_steps}"
            )
        if use_ema:
            if ema_momentum > 1 or ema_momentum < 0:
                raise ValueError(
                    f"`ema_momentum` must be in the range [0, 1]. Received: "
                    f"ema_momentum={ema_momentum}"
                )
            if ema_overwrite_frequency and (
                not isinstance(ema_overwrite_frequency, int) or ema_overwrite_frequency < 1
            ):
                raise ValueError(
                    "`ema_overwrite_frequency` must be an integer >= 1 or None. Received: "
                    f"ema_overwrite_frequency={ema_overwrite_frequency}"
                )
        if sum(c is not None for c in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError(
                "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
                f"Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
                f"global_clipnorm={global_clipnorm}"
            )
        self.name = name or auto_name(type(self).__name__)
        self.weight_decay = weight_decay
        self.clipnorm, self.clipvalue, self.global_clipnorm = clipnorm, clipvalue, global_clipnorm
        self.use_ema, self.ema_momentum = use_ema, ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self.built = False
        self._trainable_variables = []
        self._index = {}
        self._averages = []
        self._accumulated_gradients = []
        self._exclude_ids = set()
        self._exclude_pattern = None
        self._iterations = owned_variable(self, np.int64(0), "iteration", dtype="int64")
        self._variables = [self._iterations]
        if isinstance(learning_rate, schedules.LearningRateSchedule) or callable(learning_rate):
            self._learning_rate = learning_rate
        else:
            if not isinstance(learning_rate, (float, int)) or isinstance(learning_rate, bool):
                raise ValueError(  # noqa: TRY004 (Keras raises ValueError here)
                    "Argument `learning_rate` should be float, or an instance of "
                    "LearningRateSchedule, or a callable (that takes in the current "
                    "iteration value and returns the corresponding learning rate value). "
                    f"Received instead: learning_rate={learning_rate}"
                )
            self._learning_rate = owned_variable(
                self, np.float32(learning_rate), "learning_rate", dtype=backend.floatx()
            )
            self._variables.append(self._learning_rate)

    # -- state ---------------------------------------------------------------------------

    @property
    def variables(self):
        return list(self._variables)

    @property
    def iterations(self):
        """The number of updates made: the step-counter Variable, or (with gradient
        accumulation) the number of accumulated updates, `steps // accumulation_steps`."""
        if self.gradient_accumulation_steps:
            return self._iterations // self.gradient_accumulation_steps
        return self._iterations

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="none", name=None):
        """Creates a non-trainable optimizer Variable and tracks it."""
        from nnext.keras import initializers

        value = initializers.get(initializer)(tuple(shape), dtype=dtype or backend.floatx())
        variable = owned_variable(self, value, name, dtype=dtype)
        self._variables.append(variable)
        if self.__dict__.get("_deferred_restorations"):  # slots a checkpoint restores
            from nnext.train import restore_pending

            restore_pending(self, f"variables/{len(self._variables) - 1}", variable)
        return variable

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """A slot shaped like `reference_variable`, named `<variable path>_<name>` as Keras."""
        path = getattr(reference_variable, "path", None) or reference_variable.name
        return self.add_variable(
            shape=tuple(reference_variable.shape),
            initializer=initializer,
            dtype=backend.standardize_dtype(reference_variable.dtype),
            name=f"{str(path).replace('/', '_').replace(':', '_')}_{name or 'var'}",
        )

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        """One slot per variable for each name; several names are interleaved per variable
        (Adam: `m0, v0, m1, v1 ...`), which is the order Keras stores them in."""
        names = [name] if isinstance(name, str) else list(name)
        inits = (
            initializer if isinstance(initializer, (list, tuple)) else [initializer] * len(names)
        )
        slots = tuple([] for _ in names)
        for variable in trainable_variables:
            for i, slot_name in enumerate(names):
                slots[i].append(self.add_variable_from_reference(variable, slot_name, inits[i]))
        return slots[0] if isinstance(name, str) else slots

    def build(self, var_list):
        """Records the variables this optimizer updates and creates the base slots (moving
        averages, gradient accumulators); subclasses add theirs after calling this."""
        var_list = list(var_list)
        if self.use_ema:
            self._averages = self.add_optimizer_variables(var_list, "average")
        if self.gradient_accumulation_steps:
            self._accumulated_gradients = [
                self.add_variable_from_reference(v, name="gradient_accumulator") for v in var_list
            ]
        self._trainable_variables = var_list
        self._index = {id(v): i for i, v in enumerate(var_list)}
        self.built = True

    def _get_variable_index(self, variable):
        return self._index[id(variable)]

    def _slot(self, slots, variable):
        return slots[self._index[id(variable)]] if slots else None

    def assign(self, variable, value):
        """`variable = value` (Keras's helper for custom `update_step`s)."""
        variable.assign(value)

    def assign_add(self, variable, value):
        """`variable += value`."""
        variable.assign_add(value)

    def assign_sub(self, variable, value):
        """`variable -= value`."""
        variable.assign_sub(value)

    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Exempts variables (given, or whose names match any of `var_names`) from
        `weight_decay`; call before the optimizer is built."""
        if self.built:
            raise ValueError(
                "`exclude_from_weight_decay()` can only be configured before the optimizer "
                "is built."
            )
        self._exclude_ids = {id(v) for v in var_list or []}
        self._exclude_pattern = re.compile("|".join(set(var_names))) if var_names else None

    def _weight_decay_for(self, variable):
        """The decoupled weight decay rate of `variable` (None or 0: no decay)."""
        return self.weight_decay if self._use_weight_decay(variable) else None

    def _use_weight_decay(self, variable):
        if id(variable) in self._exclude_ids:
            return False
        return self._exclude_pattern is None or not self._exclude_pattern.search(str(variable.name))

    # -- learning rate -------------------------------------------------------------------

    @property
    def learning_rate(self):
        """The current learning rate as a Python float (a schedule is evaluated at the step)."""
        return self._current_learning_rate()

    @learning_rate.setter
    def learning_rate(self, value):
        if isinstance(value, schedules.LearningRateSchedule) or callable(value):
            if self._learning_rate in self._variables:
                self._variables.remove(self._learning_rate)
            self._learning_rate = value
        elif isinstance(self._learning_rate, _core.Variable):
            self._learning_rate.assign(np.float32(value))
        else:
            raise TypeError(
                "This optimizer was created with a `LearningRateSchedule` object as its "
                "`learning_rate` constructor argument, hence its learning rate is not "
                "settable. If you need the learning rate to be settable, you should "
                "instantiate the optimizer with a float `learning_rate` argument."
            )

    def _current_learning_rate(self):
        lr = self._learning_rate
        if isinstance(lr, _core.Variable):
            return backend.to_float(lr)
        if isinstance(lr, schedules.LearningRateSchedule):
            return float(lr(int(self._iterations)))
        return float(lr())

    # -- applying ------------------------------------------------------------------------

    def apply_gradients(self, grads_and_vars):
        """Updates each variable from its gradient; `None` gradients are skipped.

        Returns the step counter `iterations` (after the increment).
        """
        pairs = list(grads_and_vars)
        if not pairs:
            return self.iterations
        grads, variables = [g for g, _ in pairs], [v for _, v in pairs]
        self.apply(grads, variables)
        return self.iterations

    def apply(self, grads, trainable_variables=None):
        """Applies `grads` to `trainable_variables` (or to the variables it was built with)."""
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "When passing `grads` without `variables`, the optimizer must already be "
                    "built on a list of variables. Call `optimizer.build(trainable_variables)` "
                    "first."
                )
            trainable_variables = self._trainable_variables
        if not isinstance(trainable_variables, (list, tuple)):
            trainable_variables = list(trainable_variables)
        if not isinstance(grads, (list, tuple)):
            grads = list(grads)
        if not grads:
            return
        if not self.built:
            self.build(list(trainable_variables))
        index = self._index
        for v in trainable_variables:
            if id(v) not in index:
                raise ValueError(
                    f"Unknown variable: {v.name}. This optimizer can only be called for the "
                    "variables it was originally built with."
                )
        # Under a multi-worker strategy: every rank's gradients, summed (TF's apply_gradients).
        grads = collective.aggregate_gradients(self, grads, trainable_variables)
        if any(g is None for g in grads):
            grads, trainable_variables = _drop_missing(grads, trainable_variables)
        if self.loss_scale_factor is not None:
            grads = [g / self.loss_scale_factor for g in grads]
        if self.gradient_accumulation_steps:
            self._accumulate_and_maybe_update(grads, trainable_variables)
        else:
            self._update(grads, trainable_variables)
        for variable in trainable_variables:
            constraint = getattr(variable, "constraint", None)
            if constraint is not None:
                variable.assign(constraint(variable))
        if self.use_ema:
            self._update_moving_averages()
        self._iterations.assign_add(1)
        self._step_number = None

    def _update(self, grads, trainable_variables):
        grads = clip_gradients(grads, self.clipnorm, self.global_clipnorm, self.clipvalue)
        learning_rate = self._learning_rate
        if not (self._kernel_reads_learning_rate and isinstance(learning_rate, _core.Variable)):
            learning_rate = self._current_learning_rate()
        if not self._fused_weight_decay:
            for variable in trainable_variables:
                decay = self._weight_decay_for(variable)
                if decay:
                    rate = self._current_learning_rate()
                    variable.assign(variable - variable * (decay * rate))
        self._step_number = None
        for grad, variable in zip(grads, trainable_variables):
            self.update_step(grad, variable, learning_rate)

    def _accumulate_and_maybe_update(self, grads, trainable_variables):
        """Sums gradients for `gradient_accumulation_steps` calls, then updates with their
        mean and starts over (Keras 3: the update happens on every steps-th call)."""
        steps = self.gradient_accumulation_steps
        accumulators = [
            self._accumulated_gradients[self._index[id(v)]] for v in trainable_variables
        ]
        if (int(self._iterations) + 1) % steps == 0:
            self._update(
                [(g + a) / steps for g, a in zip(grads, accumulators)], trainable_variables
            )
            for a in self._accumulated_gradients:
                a.assign(_core.zeros_like(a))
        else:
            for g, a in zip(grads, accumulators):
                a.assign_add(g)

    def _update_moving_averages(self):
        # The first update copies the weights: its momentum is 0. Keras counts updates
        # here (`iterations`), not calls, when gradients are accumulated.
        step = int(self.iterations)
        momentum = self.ema_momentum if step != 0 else 0.0
        for variable, average in zip(self._trainable_variables, self._averages):
            average.assign(momentum * average + (1.0 - momentum) * variable)
        frequency = self.ema_overwrite_frequency
        if frequency and (step + 1) % frequency == 0:
            self._overwrite_model_variables_with_average_value(self._trainable_variables)

    def _overwrite_model_variables_with_average_value(self, trainable_variables):
        if len(trainable_variables) != len(self._averages):
            raise ValueError(
                f"The length of model variables ({len(trainable_variables)}) to override does "
                "not match the length of model variables stored in the optimizer "
                f"({len(self._averages)}). Please check if the optimizer was called on your "
                "model."
            )
        for variable, average in zip(trainable_variables, self._averages):
            variable.assign(average)

    def finalize_variable_values(self, var_list):
        """Sets the weights to their moving averages (`use_ema`); `fit` calls it at the end."""
        if self.use_ema:
            self._overwrite_model_variables_with_average_value(var_list)

    def scale_loss(self, loss):
        """The loss a `train_step` differentiates: times `loss_scale_factor` when set."""
        if self.loss_scale_factor is not None:
            return loss * self.loss_scale_factor
        return loss

    def update_step(self, gradient, variable, learning_rate):
        raise NotImplementedError(f"{type(self).__name__} must implement update_step()")

    def _local_step(self):
        """The 1-based number of the update being made, for bias corrections."""
        return int(self.iterations) + 1

    def _step_tensor(self):
        """`_local_step()` as a tensor that update kernels read when they run (so that a
        compiled step replays with the current count); made once per `apply`."""
        step = getattr(self, "_step_number", None)
        if step is None:
            step = self._step_number = self.iterations + 1
        return step

    # -- config --------------------------------------------------------------------------

    def get_config(self):
        if isinstance(self._learning_rate, schedules.LearningRateSchedule):
            learning_rate = schedules.serialize(self._learning_rate)
        else:
            learning_rate = self._current_learning_rate()
        return {
            "name": self.name,
            "learning_rate": learning_rate,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = schedules.deserialize(config["learning_rate"])
        return cls(**config)

    def set_weights(self, weights):
        """Assigns NumPy arrays to `variables`, in order (the optimizer must be built)."""
        if not self.built:
            raise ValueError(
                "You are calling `set_weights()` on an optimizer that has not yet been built. "
                "Please call `optimizer.build(trainable_variables)` to create the optimizer "
                "weights before calling `set_weights()`."
            )
        for variable, weight in zip(self._variables, weights):
            weight = np.asarray(weight)
            if tuple(variable.shape) != weight.shape:
                raise ValueError(
                    f"Optimizer variable {variable.name} has shape {tuple(variable.shape)} not "
                    f"compatible with provided weight shape {weight.shape}."
                )
            variable.assign(weight.astype(backend.standardize_dtype(variable.dtype)))

    def get_weights(self):
        return [np.array(v.numpy()) for v in self._variables]


def _drop_missing(grads, variables):
    """The pairs whose gradient exists, warning about the others as Keras does."""
    kept = [(g, v) for g, v in zip(grads, variables) if g is not None]
    if not kept:
        raise ValueError("No gradients provided for any variable.")
    missing = [v.name for g, v in zip(grads, variables) if g is None]
    warnings.warn(
        f"Gradients do not exist for variables {missing} when minimizing the loss. "
        "If using `model.compile()`, did you forget to provide a `loss` argument?",
        stacklevel=4,
    )
    return [g for g, _ in kept], [v for _, v in kept]
