"""FTRL-Proximal: follow the regularized leader, with L1/L2 regularization."""

from nnext import _core
from nnext.keras import initializers
from nnext.keras.optimizers.optimizer import Optimizer


class Ftrl(Optimizer):
    """FTRL (McMahan et al., 2013), Keras 3's update with `p = -learning_rate_power`:

        g' = g + 2 * l2_shrinkage * w
        n' = n + g**2
        z += g' - (n'**p - n**p) / learning_rate * w
        w = (clip(z, -l1, l1) - z) / (n'**p / learning_rate + 2 * (l2 + beta / (2 lr)))
        n = n'

    Slots: `accumulator` (starting at `initial_accumulator_value`) and `linear`,
    interleaved per variable; one fused C++ pass per update.
    """

    def __init__(
        self,
        learning_rate=0.001,
        learning_rate_power=-0.5,
        initial_accumulator_value=0.1,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
        l2_shrinkage_regularization_strength=0.0,
        beta=0.0,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        checks = (
            ("initial_accumulator_value", initial_accumulator_value, "positive or zero"),
            ("learning_rate_power", -learning_rate_power, "negative or zero"),
            ("l1_regularization_strength", l1_regularization_strength, "positive or zero"),
            ("l2_regularization_strength", l2_regularization_strength, "positive or zero"),
            (
                "l2_shrinkage_regularization_strength",
                l2_shrinkage_regularization_strength,
                "positive or zero",
            ),
        )
        for arg, value, rule in checks:
            if value < 0.0:
                shown = -value if arg == "learning_rate_power" else value
                raise ValueError(f"`{arg}` needs to be {rule}. Received: {arg}={shown}.")
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._accumulators, self._linears = self.add_optimizer_variables(
            var_list,
            ["accumulator", "linear"],
            initializer=[initializers.Constant(self.initial_accumulator_value), "zeros"],
        )

    def update_step(self, gradient, variable, learning_rate):
        i = self._get_variable_index(variable)
        l2 = self.l2_regularization_strength + self.beta / (2.0 * learning_rate)
        _core.ftrl_update(
            variable,
            gradient,
            self._accumulators[i],
            self._linears[i],
            learning_rate,
            -self.learning_rate_power,
            self.l1_regularization_strength,
            l2,
            self.l2_shrinkage_regularization_strength,
        )

    def get_config(self):
        return {
            **super().get_config(),
            "learning_rate_power": self.learning_rate_power,
            "initial_accumulator_value": self.initial_accumulator_value,
            "l1_regularization_strength": self.l1_regularization_strength,
            "l2_regularization_strength": self.l2_regularization_strength,
            "l2_shrinkage_regularization_strength": self.l2_shrinkage_regularization_strength,
            "beta": self.beta,
        }
