"""Adam: adaptive moment estimation."""

from nnext import _core
from nnext.keras.optimizers.optimizer import Optimizer


class Adam(Optimizer):
    """Adam, Keras 3's update at step t (1-based):

        alpha = learning_rate * sqrt(1 - beta_2**t) / (1 - beta_1**t)
        m += (g - m) * (1 - beta_1)
        v += (g**2 - v) * (1 - beta_2)
        v_hat = max(v_hat, v)                          (amsgrad: use v_hat for v)
        w -= alpha * m / (sqrt(v) + epsilon)

    Slots: `momentum` and `velocity` interleaved per variable, then `velocity_hat` (amsgrad).
    """

    _kernel_reads_learning_rate = True

    def __init__(
        self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False, **kwargs
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"]
        )
        self._velocity_hats = []
        if self.amsgrad:
            self._velocity_hats = self.add_optimizer_variables(var_list, "velocity_hat")

    def update_step(self, gradient, variable, learning_rate):
        _core.adam_update(
            variable,
            gradient,
            self._slot(self._momentums, variable),
            self._slot(self._velocities, variable),
            self._slot(self._velocity_hats, variable),
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
            "amsgrad": self.amsgrad,
        }
