"""`GroupQueryAttention`: attention whose key/value heads are shared by groups of query
heads."""

from nnext import _core
from nnext.keras import backend, constraints, initializers, ops, regularizers
from nnext.keras import random as krandom
from nnext.keras.layers.attention.masking import masked_softmax
from nnext.keras.layers.attention.multi_head_attention import MultiHeadAttention
from nnext.keras.layers.layer import Layer


class GroupedQueryAttention(MultiHeadAttention):
    """Grouped-query attention (Ainslie et al., 2023): `num_query_heads` query heads, and
    `num_key_value_heads` key and value heads each shared by
    `num_query_heads // num_key_value_heads` consecutive query heads. With as many key/value
    heads as query heads it is multi-head attention; with one, multi-query attention.

    Projections are EinsumDense layers named 'query' `(dim, num_query_heads, head_dim)`,
    'key' and 'value' `(dim, num_key_value_heads, head_dim)` and 'attention_output'
    `(num_query_heads, head_dim, dim)`, laid out as in Keras. The output has the query's
    shape.

    Args:
        head_dim: the size of each head.
        num_query_heads: the number of query heads.
        num_key_value_heads: the number of key and value heads; divides num_query_heads.
        dropout, use_bias, sliding_window, use_gate, seed, the initializers, regularizers
        and constraints: as in MultiHeadAttention.

    Example:
        >>> layer = layers.GroupQueryAttention(head_dim=4, num_query_heads=4,
        ...                                    num_key_value_heads=2)
        >>> layer(np.ones((2, 3, 8)), np.ones((2, 5, 8))).shape
        (2, 3, 8)
    """

    def __init__(
        self,
        head_dim,
        num_query_heads,
        num_key_value_heads,
        dropout=0.0,
        use_bias=True,
        sliding_window=None,
        flash_attention=None,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        use_gate=False,
        seed=None,
        **kwargs,
    ):
        if num_query_heads % num_key_value_heads != 0:
            raise ValueError("`num_query_heads` must be divisible by `num_key_value_heads`.")
        super().__init__(
            num_heads=num_query_heads,
            key_dim=head_dim,
            dropout=dropout,
            use_bias=use_bias,
            sliding_window=sliding_window,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            use_gate=use_gate,
            seed=seed,
            **kwargs,
        )
        self.head_dim = head_dim
        self.num_query_heads = num_query_heads
        self.num_key_value_heads = num_key_value_heads
        self.num_repeats = num_query_heads // num_key_value_heads

    def build(self, query_shape, value_shape, key_shape=None):
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        self.feature_dim = query_shape[-1]
        query_heads = [self.num_query_heads, self.head_dim]
        shared_heads = [self.num_key_value_heads, self.head_dim]
        self._query_dense = self._projection(3, 1, query_heads, "query")
        self._query_dense.build(query_shape)
        self._key_dense = self._projection(3, 1, shared_heads, "key")
        self._key_dense.build(key_shape)
        if self._use_gate:
            self._gate_dense = self._projection(3, 1, query_heads, "gate", activation="sigmoid")
            self._gate_dense.build(query_shape)
        self._value_dense = self._projection(3, 1, shared_heads, "value")
        self._value_dense.build(value_shape)
        self._take_attention_sublayer_names()
        self._output_dense = self._projection(4, 2, [self.feature_dim], "attention_output")
        self._output_dense.build((None, None, self.num_query_heads, self.head_dim))
        self._attention_axes = (1,)
        self._build_shapes = {"query_shape": query_shape, "value_shape": value_shape}
        if key_shape is not value_shape:
            self._build_shapes["key_shape"] = key_shape
        self.built = True

    def _repeat_heads(self, x):
        """(batch, steps, kv_heads, head_dim) -> (batch, steps, query_heads, head_dim),
        each key/value head repeated for its group of query heads (ops.repeat on axis 2)."""
        b, s, h, d = x.shape
        x = _core.broadcast_to(_core.expand_dims(x, 3), (b, s, h, self.num_repeats, d))
        return _core.reshape(x, (b, s, h * self.num_repeats, d))

    def call(
        self,
        query,
        value,
        key=None,
        query_mask=None,
        value_mask=None,
        key_mask=None,
        attention_mask=None,
        return_attention_scores=False,
        training=None,
        use_causal_mask=False,
    ):
        value = backend.to_tensor(value, self.compute_dtype)
        key = value if key is None else backend.to_tensor(key, self.compute_dtype)
        attention_mask = self._attention_mask(
            query, value, query_mask, value_mask, key_mask, attention_mask, use_causal_mask
        )
        gate = self._gate_dense(query) if self._use_gate else None
        query = self._query_dense(query) * self._inverse_sqrt_key_dim
        key = self._repeat_heads(self._key_dense(key))
        value = self._repeat_heads(self._value_dense(value))
        scores = ops.einsum("bquh,bkuh->buqk", query, key)
        if attention_mask is not None:
            for _ in range(scores.ndim - attention_mask.ndim):
                attention_mask = _core.expand_dims(attention_mask, -3)
        scores = masked_softmax(scores, attention_mask, (-1,))
        weights = scores
        if training and self._dropout > 0:
            weights = krandom.dropout(scores, self._dropout, seed=self.seed_generator)
        outputs = ops.einsum("buqk,bkuh->bquh", weights, value)
        if gate is not None:
            outputs = outputs * gate
        outputs = self._output_dense(outputs)
        if return_attention_scores:
            return outputs, scores
        return outputs

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        if value_shape is not None and query_shape[-1] != value_shape[-1]:
            raise ValueError(
                "The last dimension of `query_shape` and `value_shape` must be equal, but "
                f"are {query_shape[-1]}, {value_shape[-1]}. Received: "
                f"query_shape={query_shape}, value_shape={value_shape}"
            )
        return super().compute_output_shape(query_shape, value_shape, key_shape)

    def get_config(self):
        # The base Layer's keys, not MultiHeadAttention's.
        return {
            **Layer.get_config(self),
            "head_dim": self.head_dim,
            "num_query_heads": self.num_query_heads,
            "num_key_value_heads": self.num_key_value_heads,
            "use_bias": self._use_bias,
            "use_gate": self._use_gate,
            "sliding_window": self._sliding_window,
            "dropout": self._dropout,
            "kernel_initializer": initializers.serialize(self._kernel_initializer),
            "bias_initializer": initializers.serialize(self._bias_initializer),
            "kernel_regularizer": regularizers.serialize(self._kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self._bias_regularizer),
            "activity_regularizer": None,
            "kernel_constraint": constraints.serialize(self._kernel_constraint),
            "bias_constraint": constraints.serialize(self._bias_constraint),
            "seed": self.seed,
        }
