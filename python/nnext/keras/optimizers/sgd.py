"""Stochastic gradient descent, with optional (Nesterov) momentum."""

from nnext import _core
from nnext.keras.optimizers.optimizer import Optimizer


class SGD(Optimizer):
    """Gradient descent with momentum, Keras 3's update:

        m = momentum * m - learning_rate * g
        w = w + m                                  (plain momentum)
        w = w + momentum * m - learning_rate * g   (nesterov)

    Without momentum, `w = w - learning_rate * g` and no slot is created.

    Example:
        >>> opt = optimizers.SGD(learning_rate=0.1, momentum=0.9)
        >>> opt.apply_gradients(zip(grads, model.trainable_variables))
    """

    _kernel_reads_learning_rate = True

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        if not isinstance(momentum, (float, int)) or not 0 <= momentum <= 1:
            raise ValueError("`momentum` must be a float between [0, 1].")
        self.momentum = float(momentum)
        self.nesterov = nesterov

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self.momentums = []
        if self.momentum != 0:
            self.momentums = self.add_optimizer_variables(var_list, "momentum")

    def update_step(self, gradient, variable, learning_rate):
        _core.sgd_update(
            variable,
            gradient,
            self._slot(self.momentums, variable),
            learning_rate,
            self.momentum,
            self.nesterov,
        )

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
