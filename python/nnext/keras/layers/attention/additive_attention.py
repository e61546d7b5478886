"""`AdditiveAttention`: Bahdanau-style attention."""

from nnext import _core
from nnext import math as nmath
from nnext.keras.layers.attention.attention import Attention


class AdditiveAttention(Attention):
    """Additive attention: scores `sum(scale * tanh(query_i + key_j), axis=-1)`, `scale`
    a learned vector of the feature size (Bahdanau et al., 2015); otherwise as
    `Attention`.

    Args:
        use_scale: learn the `scale` vector (default True); else it is 1.
        dropout: fraction of attention weights dropped while training.

    Example:
        >>> layers.AdditiveAttention()([np.ones((2, 3, 4)), np.ones((2, 5, 4))]).shape
        (2, 3, 4)
    """

    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        self.scale = None
        if self.use_scale:
            self.scale = self.add_weight(
                name="scale", shape=(input_shape[0][-1],), initializer="glorot_uniform"
            )
        self.built = True

    def _calculate_scores(self, query, key):
        pairs = nmath.tanh(_core.expand_dims(query, -2) + _core.expand_dims(key, -3))
        if self.use_scale:
            pairs = self.scale * pairs
        return nmath.reduce_sum(pairs, axis=-1)

    def get_config(self):
        config = super().get_config()
        del config["score_mode"]
        return config
