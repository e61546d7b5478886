"""ScheduleFreeAdamW: AdamW without a learning-rate schedule (Defazio et al., 2024)."""

from nnext import _core
from nnext.keras.optimizers.optimizer import Optimizer


class ScheduleFreeAdamW(Optimizer):
    """Schedule-free AdamW, Keras 3's update at step t (1-based), with the weights `y`
    an interpolation of the averaged iterate `x` and the base sequence `z` (the `momentum`
    slot, which starts as a copy of the weights):

        lr_t = learning_rate * min(t / warmup_steps, 1)        (with warmup_steps > 0)
        v += (g**2 - v) * (1 - beta_2)
        z -= lr_t * g / (sqrt(v / (1 - beta_2**t)) + epsilon)
        x_old = (y - (1 - beta_1) * z_old) / beta_1
        x = (1 - 1/t) * x_old + (1/t) * z
        y = (1 - beta_1) * z + beta_1 * x

    Slots: `momentum` (z) and `velocity`, interleaved per variable; one fused C++ pass per
    update.
    """

    def __init__(
        self, learning_rate=0.0025, beta_1=0.9, beta_2=0.999, epsilon=1e-8, warmup_steps=0, **kwargs
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon
        self.warmup_steps = warmup_steps

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"]
        )
        for z, variable in zip(self._momentums, var_list):
            z.assign(variable)

    def update_step(self, gradient, variable, learning_rate):
        t = self._local_step()
        lr = learning_rate
        if self.warmup_steps > 0:
            lr = lr * min(t / self.warmup_steps, 1.0)
        i = self._get_variable_index(variable)
        _core.schedule_free_adamw_update(
            variable,
            gradient,
            self._momentums[i],
            self._velocities[i],
            lr,
            self.beta_1,
            self.beta_2,
            self.epsilon,
            t,
        )

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "warmup_steps": self.warmup_steps,
        }
