"""`Attention`: dot-product (Luong-style) attention over a query and a value sequence."""

from nnext import _core, nn
from nnext import math as nmath
from nnext.keras import backend
from nnext.keras import random as krandom
from nnext.keras.layers.attention.masking import as_bool_mask, causal_mask
from nnext.keras.layers.layer import Layer


class Attention(Layer):
    """Dot-product attention: `softmax(scores(query, key)) @ value`.

    Inputs are `[query (batch, Tq, dim), value (batch, Tv, dim)]` or
    `[query, value, key (batch, Tv, dim)]` (key defaults to value). Scores are
    `query @ key^T` ('dot', times a learned scalar `scale` if `use_scale`) or
    `concat_score_weight * sum(tanh(scale * (query_i + key_j)))` ('concat').

    Args:
        use_scale: learn a scalar that multiplies the scores.
        score_mode: 'dot' or 'concat'.
        dropout: fraction of attention weights dropped while training.
        seed: optional integer seed of the dropout.

    Call arguments:
        inputs: the list `[query, value]` or `[query, value, key]`.
        mask: optional list `[query_mask (batch, Tq), value_mask (batch, Tv)]`: masked
            values get no attention, masked queries give zero outputs.
        training: whether dropout applies.
        return_attention_scores: also return the attention weights `(batch, Tq, Tv)`.
        use_causal_mask: mask out value positions after each query position.

    Example:
        >>> layer = layers.Attention()
        >>> layer([np.ones((2, 3, 4)), np.ones((2, 5, 4))]).shape
        (2, 3, 4)
    """

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.use_scale = use_scale
        self.score_mode = score_mode
        self.dropout = dropout
        self.seed = seed
        if self.dropout > 0:
            self.seed_generator = krandom.SeedGenerator(seed=seed)
        if self.score_mode not in ["dot", "concat"]:
            raise ValueError(
                "Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. "
                f"Received: score_mode={score_mode}"
            )

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(
                name="concat_score_weight", shape=(), initializer="ones"
            )
        self.built = True

    def _calculate_scores(self, query, key):
        if self.score_mode == "dot":
            scores = _core.matmul(query, key, False, True)
            return scores if self.scale is None else scores * self.scale
        pairs = _core.expand_dims(query, -2) + _core.expand_dims(key, -3)
        if self.scale is not None:
            pairs = self.scale * pairs
        return self.concat_score_weight * nmath.reduce_sum(nmath.tanh(pairs), axis=-1)

    def call(
        self,
        inputs,
        mask=None,
        training=False,
        return_attention_scores=False,
        use_causal_mask=False,
    ):
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        query_mask = mask[0] if mask else None
        value_mask = mask[1] if mask else None
        scores = self._calculate_scores(query, key)
        scores_mask = None
        if value_mask is not None:
            scores_mask = _core.expand_dims(as_bool_mask(value_mask), -2)
        if use_causal_mask:
            causal = causal_mask(scores.shape[-2], scores.shape[-1])
            scores_mask = causal if scores_mask is None else nmath.logical_and(scores_mask, causal)
        if scores_mask is not None:
            # As Keras: masked scores are lowered by 1e9 rather than replaced, and their
            # weights are not zeroed afterwards.
            scores = nmath.where(scores_mask, scores, scores - 1e9)
        weights = nn.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = krandom.dropout(weights, self.dropout, seed=self.seed_generator)
        outputs = _core.matmul(weights, value)
        if query_mask is not None:
            outputs = nmath.where(_core.expand_dims(as_bool_mask(query_mask), -1), outputs, 0.0)
        if return_attention_scores:
            return outputs, weights
        return outputs

    def compute_mask(self, inputs, mask=None):
        self._validate_inputs(inputs, mask)
        if mask is None or mask[0] is None:
            return None
        return backend.to_tensor(mask[0])

    def compute_output_shape(self, input_shape):
        return (*tuple(input_shape[0])[:-1], tuple(input_shape[1])[-1])

    def _validate_inputs(self, inputs, mask=None):
        class_name = type(self).__name__
        if not isinstance(inputs, list):
            raise ValueError(  # noqa: TRY004 (Keras raises ValueError here)
                f"{class_name} layer must be called on a list of inputs, namely [query, value] "
                f"or [query, value, key]. Received: inputs={inputs}."
            )
        if len(inputs) < 2 or len(inputs) > 3:
            raise ValueError(
                f"{class_name} layer accepts inputs list of length 2 or 3, namely [query, "
                f"value] or [query, value, key]. Received length: {len(inputs)}."
            )
        if mask is not None:
            if not isinstance(mask, list):
                raise ValueError(
                    f"{class_name} layer mask must be a list, namely [query_mask, "
                    f"value_mask]. Received: mask={mask}."
                )
            if len(mask) < 2 or len(mask) > 3:
                raise ValueError(
                    f"{class_name} layer accepts mask list of length 2 or 3. Received: "
                    f"inputs={inputs}, mask={mask}."
                )

    def get_config(self):
        return {
            **super().get_config(),
            "use_scale": self.use_scale,
            "score_mode": self.score_mode,
            "dropout": self.dropout,
            "seed": self.seed,
        }
