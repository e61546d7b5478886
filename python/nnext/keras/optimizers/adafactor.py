"""Adafactor: second moments kept as row and column factors (Shazeer & Stern, 2018)."""

import numpy as np

from nnext import _core
from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.optimizers.optimizer import Optimizer
from nnext.keras.variables import owned_variable


def _rms(x):
    return nmath.sqrt(nmath.reduce_mean(nmath.square(x)))


class Adafactor(Optimizer):
    """Adafactor, Keras 3's update at step t (1-based):

        rho = min(learning_rate, 1 / sqrt(t));  alpha = max(epsilon_2, rms(w)) * rho
        s = g**2 + epsilon_1;  b = 1 - t**beta_2_decay
        rank >= 2: r = b r + (1 - b) mean(s, -1);  c = b c + (1 - b) mean(s, -2)
                   v = (r / mean(r, -1))[..., None] * c[..., None, :]
        otherwise: v = b v + (1 - b) s
        u = g / sqrt(v);  w -= alpha * u / max(1, rms(u) / clip_threshold)

    With `relative_step` (and a number as learning rate), the rate is first capped at
    `1 / sqrt(t)`. Slots per variable, in order: the row factor `r`, the column factor
    `c` (scalars for variables of rank < 2), the `velocity`.
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_2_decay=-0.8,
        epsilon_1=1e-30,
        epsilon_2=1e-3,
        clip_threshold=1.0,
        relative_step=True,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_2_decay = beta_2_decay
        self.epsilon_1, self.epsilon_2 = epsilon_1, epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._r, self._c, self._v = [], [], []
        for var in var_list:
            shape = tuple(var.shape)
            dtype = backend.standardize_dtype(var.dtype)
            # Keras names the factors after the variable (a tf.Variable's scope '/' aside).
            name = var.name.replace("/", "_")
            if len(shape) < 2:
                for factors in (self._r, self._c):
                    scalar = owned_variable(self, np.array(0.0, dtype=dtype), name, dtype=dtype)
                    self._variables.append(scalar)
                    factors.append(scalar)
            else:
                self._r.append(self.add_variable(shape[:-1], dtype=dtype, name=name))
                self._c.append(self.add_variable(shape[:-2] + shape[-1:], dtype=dtype, name=name))
            self._v.append(self.add_variable_from_reference(var, name="velocity"))

    def update_step(self, gradient, variable, learning_rate):
        t = float(self._local_step())
        lr = learning_rate
        if not callable(self._learning_rate) and self.relative_step:
            lr = min(lr, 1.0 / np.sqrt(t))
        i = self._get_variable_index(variable)
        r, c, v = self._r[i], self._c[i], self._v[i]
        rho = min(lr, 1.0 / np.sqrt(t))
        alpha = nmath.maximum(_rms(variable), self.epsilon_2) * rho
        squares = nmath.square(gradient) + self.epsilon_1
        beta = 1.0 - t**self.beta_2_decay
        if variable.ndim >= 2:
            r.assign(beta * r + (1.0 - beta) * nmath.reduce_mean(squares, axis=-1))
            c.assign(beta * c + (1.0 - beta) * nmath.reduce_mean(squares, axis=-2))
            row = r / nmath.reduce_mean(r, axis=-1, keepdims=True)
            v.assign(_core.expand_dims(row, -1) * _core.expand_dims(c, -2))
        else:
            v.assign(beta * v + (1.0 - beta) * squares)
        u = gradient / nmath.sqrt(v)
        u_hat = u / nmath.maximum(_rms(u) / self.clip_threshold, 1.0)
        variable.assign_sub(alpha * u_hat)

    def get_config(self):
        return {
            **super().get_config(),
            "beta_2_decay": self.beta_2_decay,
            "epsilon_1": self.epsilon_1,
            "epsilon_2": self.epsilon_2,
            "clip_threshold": self.clip_threshold,
            "relative_step": self.relative_step,
        }
