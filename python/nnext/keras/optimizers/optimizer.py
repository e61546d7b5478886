"""`Optimizer`: the base class. It owns the step counter, the learning rate and the
per-variable slots, and turns `apply_gradients` into one in-place C++ update per variable.

State lives in nnext Variables listed by `variables` in Keras 3's order: `iteration`,
`learning_rate` (when it is a number, not a schedule), then the slots in the order the
subclass's `build` creates them, so that files written from it match Keras's.
"""

import math
import warnings

import numpy as np

from nnext import _core
from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.optimizers import schedules
from nnext.keras.utils.naming import auto_name


class Optimizer:
    """Base class of optimizers.

    Subclasses implement `build(var_list)` (create slots with `add_optimizer_variables`)
    and `update_step(gradient, variable, learning_rate)` (one fused C++ call).

    Args:
        learning_rate: a float, a `LearningRateSchedule`, or a callable returning a float.
        weight_decay: decoupled weight decay `w -= w * weight_decay * lr` before each update.
        clipnorm: clip each gradient to this L2 norm.
        clipvalue: clip each gradient elementwise to `[-clipvalue, clipvalue]`.
        global_clipnorm: clip all gradients together to this global L2 norm.
        name: the optimizer's name.
    """

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        if kwargs:
            raise ValueError(f"Argument(s) not recognized: {kwargs}")
        if use_ema or loss_scale_factor is not None or gradient_accumulation_steps:
            raise ValueError(
                "nnext optimizers do not support `use_ema`, `loss_scale_factor` or "
                f"`gradient_accumulation_steps`. Received: use_ema={use_ema}, "
                f"loss_scale_factor={loss_scale_factor}, "
                f"gradient_accumulation_steps={gradient_accumulation_steps}"
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
        self.iterations = _core.Variable(
            np.int64(0), trainable=False, name="iteration", dtype="int64"
        )
        self._variables = [self.iterations]
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
            self._learning_rate = _core.Variable(
                np.float32(learning_rate), trainable=False, name="learning_rate",
                dtype=backend.floatx(),
            )
            self._variables.append(self._learning_rate)

    # -- state ---------------------------------------------------------------------------

    @property
    def variables(self):
        return list(self._variables)

    def add_variable(self, shape, initializer="zeros", dtype=None, name=None):
        """Creates a non-trainable optimizer Variable and tracks it."""
        from nnext.keras import initializers

        value = initializers.get(initializer)(tuple(shape), dtype=dtype or backend.floatx())
        variable = _core.Variable(value, trainable=False, name=name, dtype=dtype)
        self._variables.append(variable)
        return variable

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """A slot shaped like `reference_variable`, named `<variable path>_<name>` as Keras."""
        path = getattr(reference_variable, "path", None) or reference_variable.name
        return self.add_variable(
            shape=tuple(reference_variable.shape), initializer=initializer,
            dtype=backend.standardize_dtype(reference_variable.dtype),
            name=f"{str(path).replace('/', '_').replace(':', '_')}_{name or 'var'}",
        )

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        """One slot per variable for each name; several names are interleaved per variable
        (Adam: `m0, v0, m1, v1 ...`), which is the order Keras stores them in."""
        names = [name] if isinstance(name, str) else list(name)
        slots = tuple([] for _ in names)
        for variable in trainable_variables:
            for i, slot_name in enumerate(names):
                slots[i].append(
                    self.add_variable_from_reference(variable, slot_name, initializer)
                )
        return slots[0] if isinstance(name, str) else slots

    def build(self, var_list):
        """Records the variables this optimizer updates; subclasses add their slots."""
        self._trainable_variables = list(var_list)
        self._index = {id(v): i for i, v in enumerate(var_list)}
        self.built = True

    def _slot(self, slots, variable):
        return slots[self._index[id(variable)]] if slots else None

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
            return float(lr(int(self.iterations)))
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
        if not self.built:
            self.build(list(trainable_variables))
        index = self._index
        for v in trainable_variables:
            if id(v) not in index:
                raise ValueError(
                    f"Unknown variable: {v.name}. This optimizer can only be called for the "
                    "variables it was originally built with."
                )
        if any(g is None for g in grads):
            grads, trainable_variables = _drop_missing(grads, trainable_variables)
        grads = self._clip_gradients(grads)
        learning_rate = self._current_learning_rate()
        for grad, variable in zip(grads, trainable_variables):
            self.update_step(grad, variable, learning_rate)
        self.iterations.assign_add(1)

    def update_step(self, gradient, variable, learning_rate):
        raise NotImplementedError(f"{type(self).__name__} must implement update_step()")

    def _decay(self, variable, learning_rate):
        """Decoupled weight decay `w -= w * weight_decay * lr`, before the gradient update."""
        if self.weight_decay:
            variable.assign(variable - variable * (self.weight_decay * learning_rate))

    def _clip_gradients(self, grads):
        if self.clipvalue is not None:
            return [nmath.clip_by_value(g, -self.clipvalue, self.clipvalue) for g in grads]
        if self.clipnorm is not None:
            return [_scale_to_norm(g, _l2_norm(g), self.clipnorm) for g in grads]
        if self.global_clipnorm is not None:
            norm = math.sqrt(sum(_l2_norm(g) ** 2 for g in grads))
            return [_scale_to_norm(g, norm, self.global_clipnorm) for g in grads]
        return grads

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


def _l2_norm(g):
    return math.sqrt(float(nmath.reduce_sum(nmath.square(g))))


def _scale_to_norm(g, norm, clip):
    """`g * clip / max(norm, clip)`: unchanged when its norm is within `clip`."""
    return g if norm <= clip else g * (clip / norm)
