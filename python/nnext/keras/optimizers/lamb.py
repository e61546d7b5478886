"""Lamb: Adam's step rescaled per variable by the trust ratio `||w|| / ||step||`."""

from nnext import math as nmath
from nnext.keras.optimizers.optimizer import Optimizer


class Lamb(Optimizer):
    """Lamb (You et al., 2019), Keras 3's update at step t (1-based):

        m += (g - m) * (1 - beta_1);  v += (g**2 - v) * (1 - beta_2)
        step = (m / (1 - beta_1**t)) / (sqrt(v / (1 - beta_2**t)) + epsilon)
        ratio = ||w|| / ||step||  (1 where either norm is 0)
        w -= ratio * learning_rate * step

    Slots: `momentum` and `velocity`, interleaved per variable.
    """

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
        t = self._local_step()
        i = self._get_variable_index(variable)
        m, v = self._momentums[i], self._velocities[i]
        m.assign_add((gradient - m) * (1.0 - self.beta_1))
        v.assign_add((nmath.square(gradient) - v) * (1.0 - self.beta_2))
        step = (m / (1.0 - self.beta_1**t)) / (
            nmath.sqrt(v / (1.0 - self.beta_2**t)) + self.epsilon
        )
        w_norm = nmath.sqrt(nmath.reduce_sum(nmath.square(variable)))
        s_norm = nmath.sqrt(nmath.reduce_sum(nmath.square(step)))
        safe = nmath.where(s_norm > 0, s_norm, 1.0)
        ratio = nmath.where(w_norm > 0, nmath.where(s_norm > 0, w_norm / safe, 1.0), 1.0)
        variable.assign_sub(ratio * learning_rate * step)

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
        }
