"""Lamb: Adam's step rescaled per variable by the trust ratio `||w|| / ||step||`."""

from nnext import _core
from nnext.keras.optimizers.optimizer import Optimizer


class Lamb(Optimizer):
    """Lamb (You et al., 2019), Keras 3's update at step t (1-based):

        m += (g - m) * (1 - beta_1);  v += (g**2 - v) * (1 - beta_2)
        step = (m / (1 - beta_1**t)) / (sqrt(v / (1 - beta_2**t)) + epsilon)
        ratio = ||w|| / ||step||  (1 where either norm is 0)
        w -= ratio * learning_rate * step

    Slots: `momentum` and `velocity`, interleaved per variable; two fused C++ passes per
    update (the trust ratio needs both norms first).
    """

    _kernel_reads_learning_rate = True

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"]
        )

    def update_step(self, gradient, variable, learning_rate):
        i = self._get_variable_index(variable)
        _core.lamb_update(
            variable,
            gradient,
            self._momentums[i],
            self._velocities[i],
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
