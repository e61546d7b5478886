"""Nadam: Adam with Nesterov momentum and Dozat's momentum schedule."""

import numpy as np

from nnext import _core
from nnext.keras import backend
from nnext.keras.optimizers.optimizer import Optimizer
from nnext.keras.variables import owned_variable


class Nadam(Optimizer):
    """Nadam, Keras 3's update at step t (1-based), with `mu(t) = beta_1 * (1 - 0.5 *
    0.96**t)` and `prod(t) = mu(1) * ... * mu(t)` (the `u_product` variable):

        m += (g - m) * (1 - beta_1);  v += (g**2 - v) * (1 - beta_2)
        m_hat = mu(t+1) * m / (1 - prod(t) * mu(t+1)) + (1 - mu(t)) * g / (1 - prod(t))
        w -= learning_rate * m_hat / (sqrt(v / (1 - beta_2**t)) + epsilon)

    Slots: `momentum` and `velocity` interleaved per variable, then `u_product`; one fused
    C++ pass per update.
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon

    def build(self, var_list):
        if self.built:
            return
        dtype = backend.standardize_dtype(var_list[0].dtype) if var_list else backend.floatx()
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"]
        )
        self._u_product = owned_variable(self, np.array(1.0, dtype=dtype), "u_product", dtype=dtype)
        self._variables.append(self._u_product)

    def _mu(self, step):
        return self.beta_1 * (1.0 - 0.5 * 0.96**step)

    def _update(self, grads, trainable_variables):
        # prod(t) advances once per step, before the variables are updated.
        self._u_product.assign(self._u_product * self._mu(self._local_step()))
        super()._update(grads, trainable_variables)

    def update_step(self, gradient, variable, learning_rate):
        t = self._local_step()
        mu_t, mu_next = self._mu(t), self._mu(t + 1)
        prod_t = float(self._u_product)
        i = self._get_variable_index(variable)
        _core.nadam_update(
            variable,
            gradient,
            self._momentums[i],
            self._velocities[i],
            learning_rate,
            self.beta_2,
            self.epsilon,
            mu_t,
            mu_next,
            prod_t,
            prod_t * mu_next,
            self.beta_1,
            t,
        )

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
        }
