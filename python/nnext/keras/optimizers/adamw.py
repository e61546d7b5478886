"""AdamW: Adam with decoupled weight decay."""

from nnext import _core
from nnext.keras.optimizers.adam import Adam


class AdamW(Adam):
    """Adam whose step first decays the weights, `w -= w * weight_decay * learning_rate`,
    then applies Adam's update; decay and update are one fused C++ pass.
    """

    _fused_weight_decay = True

    def __init__(
        self,
        learning_rate=0.001,
        weight_decay=0.004,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        amsgrad=False,
        **kwargs,
    ):
        if weight_decay is None:
            raise ValueError("Argument `weight_decay` must be a float. Received: weight_decay=None")
        super().__init__(
            learning_rate=learning_rate,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            amsgrad=amsgrad,
            weight_decay=weight_decay,
            **kwargs,
        )

    def update_step(self, gradient, variable, learning_rate):
        if not self._use_weight_decay(variable):
            super().update_step(gradient, variable, learning_rate)
            return
        _core.adamw_update(
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
            self.weight_decay,
        )
