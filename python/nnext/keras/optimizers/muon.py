"""Muon: momentum orthogonalised by Newton-Schulz iterations for matrices, AdamW for the
other variables (Jordan et al., 2024)."""

import re

from nnext import _core
from nnext import math as nmath
from nnext.keras.optimizers.optimizer import Optimizer


def _path(variable):
    return str(getattr(variable, "path", None) or variable.name)


class Muon(Optimizer):
    """Muon, Keras 3's update. For a 2-D variable (not an embedding, not matching
    `exclude_layers`):

        m += g + (momentum - 1) * m
        u = g + momentum * m  (nesterov)  or  m
        w -= lr * NS5(u) * sqrt(max(rows, cols)) * rms_rate

    where NS5 runs `ns_steps` iterations `X = a X + (b A + c A A) X` with `A = X X^T`,
    from `X = u / (||u||_F + 1e-7)` (on the transpose when rows > cols). Every other
    variable takes AdamW's step with `learning_rate * adam_lr_ratio`; weight decay is
    `weight_decay` for the Muon variables and `adam_weight_decay` for the others.

    Slots per variable: `momentum`, and `velocity` for the AdamW ones.
    """

    def __init__(
        self,
        learning_rate=0.001,
        adam_beta_1=0.9,
        adam_beta_2=0.999,
        adam_weight_decay=0.004,
        epsilon=1e-7,
        weight_decay=0.004,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        exclude_layers=None,
        exclude_embeddings=True,
        muon_a=3.4445,
        muon_b=-4.7750,
        muon_c=2.0315,
        adam_lr_ratio=1,
        momentum=0.95,
        ns_steps=5,
        nesterov=True,
        rms_rate=0.2,
        **kwargs,
    ):
        super().__init__(
            learning_rate=learning_rate,
            name=name,
            weight_decay=weight_decay,
            clipnorm=clipnorm,
            clipvalue=clipvalue,
            global_clipnorm=global_clipnorm,
            use_ema=use_ema,
            ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps,
            **kwargs,
        )
        self.adam_beta_1, self.adam_beta_2, self.epsilon = adam_beta_1, adam_beta_2, epsilon
        self.muon_a, self.muon_b, self.muon_c = muon_a, muon_b, muon_c
        self.adam_lr_ratio = adam_lr_ratio
        self.momentum = momentum
        self.ns_steps = ns_steps
        self.nesterov = nesterov
        self.exclude_embeddings = exclude_embeddings
        self.exclude_layers = exclude_layers or []
        self.adam_weight_decay = adam_weight_decay
        self.rms_rate = rms_rate

    def _should_use_adamw(self, variable):
        if variable.ndim != 2:
            return True
        path = _path(variable)
        if self.exclude_embeddings and "embedding" in path.lower():
            return True
        return any(re.search(keyword, path) for keyword in self.exclude_layers)

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self.momentums, self.adam_velocities = [], []
        for variable in var_list:
            self.momentums.append(self.add_variable_from_reference(variable, "momentum"))
            self.adam_velocities.append(
                self.add_variable_from_reference(variable, "velocity")
                if self._should_use_adamw(variable)
                else None
            )

    def _weight_decay_for(self, variable):
        if not self._use_weight_decay(variable):
            return None
        return self.adam_weight_decay if self._should_use_adamw(variable) else self.weight_decay

    def update_step(self, gradient, variable, learning_rate):
        i = self._get_variable_index(variable)
        m, v = self.momentums[i], self.adam_velocities[i]
        if v is not None:
            self._adamw_step(gradient, variable, learning_rate * self.adam_lr_ratio, m, v)
            return
        m.assign_add(gradient + m * (self.momentum - 1))
        update = gradient + self.momentum * m if self.nesterov else m
        update = self.zeropower_via_newtonschulz5(update, self.ns_steps)
        variable.assign_sub(self.lr_adjust(learning_rate * update))

    def _adamw_step(self, gradient, variable, learning_rate, m, v):
        t = self._local_step()
        alpha = learning_rate * (1 - self.adam_beta_2**t) ** 0.5 / (1 - self.adam_beta_1**t)
        m.assign_add((gradient - m) * (1 - self.adam_beta_1))
        v.assign_add((nmath.square(gradient) - v) * (1 - self.adam_beta_2))
        variable.assign_sub(m * alpha / (nmath.sqrt(v) + self.epsilon))

    def lr_adjust(self, x):
        """Scales the orthogonalised step so its RMS matches AdamW's (`rms_rate`)."""
        if self.rms_rate is None:
            return x
        return x * (max(x.shape[0], x.shape[1]) ** 0.5) * self.rms_rate

    def zeropower_via_newtonschulz5(self, x, steps):
        """An approximately orthogonal matrix with `x`'s singular vectors (quintic
        Newton-Schulz iteration with coefficients `muon_a`, `muon_b`, `muon_c`)."""
        if x.ndim < 2:
            raise ValueError(
                "Expected gradient or momentum to have at least 2 dimensions. Received: "
                f"shape={tuple(x.shape)}"
            )
        a, b, c = self.muon_a, self.muon_b, self.muon_c
        tall = x.shape[-2] > x.shape[-1]
        if tall:
            x = _core.transpose(x)
        x = x / (nmath.sqrt(nmath.reduce_sum(nmath.square(x))) + 1e-7)
        for _ in range(steps):
            gram = _core.matmul(x, x, transpose_b=True)
            poly = b * gram + c * _core.matmul(gram, gram)
            x = a * x + _core.matmul(poly, x)
        return _core.transpose(x) if tall else x

    def get_config(self):
        return {
            **super().get_config(),
            "adam_beta_1": self.adam_beta_1,
            "adam_beta_2": self.adam_beta_2,
            "epsilon": self.epsilon,
            "exclude_layers": self.exclude_layers,
            "muon_a": self.muon_a,
            "muon_b": self.muon_b,
            "muon_c": self.muon_c,
            "adam_lr_ratio": self.adam_lr_ratio,
            "momentum": self.momentum,
            "ns_steps": self.ns_steps,
            "nesterov": self.nesterov,
            "exclude_embeddings": self.exclude_embeddings,
            "adam_weight_decay": self.adam_weight_decay,
            "rms_rate": self.rms_rate,
        }
