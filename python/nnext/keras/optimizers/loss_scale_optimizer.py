"""`LossScaleOptimizer`: dynamic loss scaling around another optimizer."""

import numpy as np

from nnext import math as nmath
from nnext.distribute import collective
from nnext.keras.optimizers.optimizer import Optimizer
from nnext.keras.variables import owned_variable

_BASE_DEFAULTS = {
    "weight_decay": None,
    "clipnorm": None,
    "global_clipnorm": None,
    "clipvalue": None,
    "use_ema": False,
    "ema_momentum": 0.99,
    "ema_overwrite_frequency": None,
    "loss_scale_factor": None,
    "gradient_accumulation_steps": None,
}


class LossScaleOptimizer(Optimizer):
    """Scales the loss by `dynamic_scale` (`scale_loss`) and divides the gradients by it
    before the inner optimizer's update. A step whose gradients are not all finite is
    skipped and halves the scale; after `dynamic_growth_steps` finite steps in a row the
    scale doubles. It keeps float16 gradients of a 'mixed_float16' model from underflowing;
    `compile` wraps a mixed_float16 model's optimizer in one (`auto_scale_loss=True`).

    Args:
        inner_optimizer: the optimizer that updates the variables.
        initial_scale: the starting scale (2**15).
        dynamic_growth_steps: finite steps before the scale doubles (2000).

    Example:
        >>> opt = optimizers.LossScaleOptimizer(optimizers.Adam())
    """

    def __init__(
        self, inner_optimizer, initial_scale=2.0**15, dynamic_growth_steps=2000, name=None, **kwargs
    ):
        if not kwargs.pop("dynamic", True):
            raise ValueError(
                "LossScaleOptimizer no longer supports `dynamic=False`. Instead, simply set "
                "`loss_scale_factor` directly on the `inner_optimizer`."
            )
        for arg, default in _BASE_DEFAULTS.items():
            if arg in kwargs and kwargs.pop(arg) != default:
                raise ValueError(
                    f"LossScaleOptimizer does not support `{arg}`. Instead, set `{arg}` on "
                    "the `inner_optimizer`."
                )
        if kwargs:
            raise ValueError(
                f"LossScaleOptimizer does not support arguments: `{'`, `'.join(kwargs)}`."
            )
        super().__init__(learning_rate=0.0, name=name)
        self.inner_optimizer = inner_optimizer
        self.initial_scale = initial_scale
        self.dynamic_growth_steps = dynamic_growth_steps
        self.inner_optimizer.loss_scale_factor = None

    def build(self, var_list):
        self.step_counter = self.add_variable((), dtype="int64", name="step_counter")
        self.dynamic_scale = owned_variable(
            self, np.float32(self.initial_scale), "dynamic_scale", dtype="float32"
        )
        self._variables.append(self.dynamic_scale)
        self.inner_optimizer.build(var_list)
        super().build(var_list)

    @property
    def variables(self):
        return self._variables + self.inner_optimizer.variables

    @property
    def learning_rate(self):
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        self.inner_optimizer.learning_rate = value

    @property
    def iterations(self):
        return self.inner_optimizer.iterations

    def check_finite(self, grads):
        """Whether every entry of every gradient is finite."""
        return all(bool(nmath.reduce_all(nmath.is_finite(g))) for g in grads if g is not None)

    def apply(self, grads, trainable_variables=None):
        if not self.built:
            self.build(list(trainable_variables))
        grads = list(grads)
        # Under a multi-worker strategy every rank skips when any rank's gradients overflowed.
        if not collective.all_ranks(self.check_finite(grads)):
            self.step_counter.assign(np.int64(0))
            self.dynamic_scale.assign(self.dynamic_scale * 0.5)
            return
        scale = self.dynamic_scale
        self.inner_optimizer.apply(
            [None if g is None else g / scale for g in grads], trainable_variables
        )
        if int(self.step_counter) == self.dynamic_growth_steps - 1:
            self.step_counter.assign(np.int64(0))
            self.dynamic_scale.assign(self.dynamic_scale * 2.0)
        else:
            self.step_counter.assign_add(np.int64(1))

    def scale_loss(self, loss):
        return loss * (self.dynamic_scale if self.built else self.initial_scale)

    def finalize_variable_values(self, var_list):
        self.inner_optimizer.finalize_variable_values(var_list)

    def get_config(self):
        from nnext.keras import optimizers

        return {
            "name": self.name,
            "inner_optimizer": optimizers.serialize(self.inner_optimizer),
            "initial_scale": self.initial_scale,
            "dynamic_growth_steps": self.dynamic_growth_steps,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from nnext.keras import optimizers

        config = dict(config)
        inner = optimizers.deserialize(config.pop("inner_optimizer"), custom_objects)
        return cls(inner, **config)
