"""Adagrad: per-parameter learning rates scaled by accumulated squared gradients."""

from nnext import _core
from nnext.keras import initializers
from nnext.keras.optimizers.optimizer import Optimizer


class Adagrad(Optimizer):
    """Adagrad, Keras 3's update:

        acc += g**2
        w -= learning_rate * g / sqrt(acc + epsilon)

    The `accumulator` slots start at `initial_accumulator_value` (0.1).
    """

    _kernel_reads_learning_rate = True

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._accumulators = self.add_optimizer_variables(
            var_list,
            "accumulator",
            initializer=initializers.Constant(self.initial_accumulator_value),
        )

    def update_step(self, gradient, variable, learning_rate):
        _core.adagrad_update(
            variable,
            gradient,
            self._slot(self._accumulators, variable),
            learning_rate,
            self.epsilon,
        )

    def get_config(self):
        return {
            **super().get_config(),
            "initial_accumulator_value": self.initial_accumulator_value,
            "epsilon": self.epsilon,
        }
