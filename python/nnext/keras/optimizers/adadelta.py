"""Adadelta: steps scaled by the ratio of running RMS of updates and of gradients."""

from nnext import _core
from nnext.keras.optimizers.optimizer import Optimizer


class Adadelta(Optimizer):
    """Adadelta, Keras 3's update:

        acc_g = rho * acc_g + (1 - rho) * g**2
        delta = -sqrt(acc_d + epsilon) * g / sqrt(acc_g + epsilon)
        acc_d = rho * acc_d + (1 - rho) * delta**2
        w += learning_rate * delta

    Slots: `accumulated_grad` and `accumulated_delta_var`, interleaved per variable; one
    fused C++ pass per update.
    """

    _kernel_reads_learning_rate = True

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.rho, self.epsilon = rho, epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._accumulated_grads, self._accumulated_delta_vars = self.add_optimizer_variables(
            var_list, ["accumulated_grad", "accumulated_delta_var"]
        )

    def update_step(self, gradient, variable, learning_rate):
        i = self._get_variable_index(variable)
        _core.adadelta_update(
            variable,
            gradient,
            self._accumulated_grads[i],
            self._accumulated_delta_vars[i],
            learning_rate,
            self.rho,
            self.epsilon,
        )

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}
