"""`ActivityRegularization`: adds an L1/L2 penalty on its inputs to the training loss."""

from nnext.keras import regularizers
from nnext.keras.layers.layer import Layer


def _latest_penalty(layer):
    """The penalty of the layer's latest call (0 before its first)."""
    return layer._latest_penalty


class ActivityRegularization(Layer):
    """The identity, whose call adds `(l1 * sum(|x|) + l2 * sum(x^2)) / batch_size` to the
    model's losses, as Keras's activity regularizers do (the division keeps the penalty's
    strength independent of the batch size).

    Args:
        l1: the L1 factor (default 0).
        l2: the L2 factor (default 0).

    Example:
        >>> layer = layers.ActivityRegularization(l2=0.5)
        >>> _ = layer(np.ones((2, 3)))
        >>> float(layer.losses[0])
        1.5
    """

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        super().__init__(**kwargs)
        self.l1 = l1
        self.l2 = l2
        self._regularizer = regularizers.L1L2(l1=l1, l2=l2)
        self._latest_penalty = 0.0
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        penalty = self._regularizer(inputs)
        if len(inputs.shape) > 0 and inputs.shape[0]:
            penalty = penalty / inputs.shape[0]
        self._latest_penalty = penalty
        return inputs

    def _all_regularized(self):
        # `losses` evaluates `(function, argument)` pairs when the loss is computed, after
        # the forward pass: this one reads the penalty the latest call recorded.
        return [*super()._all_regularized(), (_latest_penalty, self)]

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "l1": self.l1, "l2": self.l2}
