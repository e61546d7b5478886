"""RMSprop: divide the gradient by a running root-mean-square of recent gradients."""

from nnext import _core
from nnext.keras.optimizers.optimizer import Optimizer


class RMSprop(Optimizer):
    """RMSprop, Keras 3's update:

        v = rho * v + (1 - rho) * g**2
        a = rho * a + (1 - rho) * g                       (centered only)
        d = v - a**2 + epsilon  (centered)  or  v + epsilon
        step = learning_rate * g / sqrt(d)
        m = momentum * m + step; w -= m   (momentum > 0)  or  w -= step

    Slots, in Keras's order: `velocity` for every variable, then `momentum` (if momentum > 0),
    then `average_gradient` (if centered).
    """

    _kernel_reads_learning_rate = True

    def __init__(
        self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False, **kwargs
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._velocities = self.add_optimizer_variables(var_list, "velocity")
        self._momentums = []
        if self.momentum > 0:
            self._momentums = self.add_optimizer_variables(var_list, "momentum")
        self._average_gradients = []
        if self.centered:
            self._average_gradients = self.add_optimizer_variables(var_list, "average_gradient")

    def update_step(self, gradient, variable, learning_rate):
        _core.rmsprop_update(
            variable,
            gradient,
            self._slot(self._velocities, variable),
            self._slot(self._momentums, variable),
            self._slot(self._average_gradients, variable),
            learning_rate,
            self.rho,
            self.momentum,
            self.epsilon,
            self.centered,
        )

    def get_config(self):
        return {
            **super().get_config(),
            "rho": self.rho,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "centered": self.centered,
        }
