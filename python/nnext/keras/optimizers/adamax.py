"""Adamax: Adam with the infinity norm in place of the second moment."""

from nnext import _core
from nnext.keras.optimizers.optimizer import Optimizer


class Adamax(Optimizer):
    """Adamax, Keras 3's update at step t (1-based):

        m += (g - m) * (1 - beta_1)
        u = maximum(beta_2 * u, abs(g))
        w -= learning_rate * m / ((1 - beta_1**t) * (u + epsilon))

    Slots: `momentum` and `norm`, interleaved per variable; one fused C++ pass per update.

    Example:
        >>> opt = optimizers.Adamax(learning_rate=0.002)
    """

    _kernel_reads_learning_rate = True

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._m, self._u = self.add_optimizer_variables(var_list, ["momentum", "norm"])

    def update_step(self, gradient, variable, learning_rate):
        i = self._get_variable_index(variable)
        _core.adamax_update(
            variable,
            gradient,
            self._m[i],
            self._u[i],
            learning_rate,
            self.beta_1,
            self.beta_2,
            self.epsilon,
            self._step_tensor(),
        )

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
        }
