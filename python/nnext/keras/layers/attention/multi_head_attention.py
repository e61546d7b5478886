"""`MultiHeadAttention`: scaled dot-product attention over several learned projections."""

import math
import string

from nnext import _core
from nnext import math as nmath
from nnext.keras import backend, constraints, initializers, ops, regularizers, tensor_masks
from nnext.keras import random as krandom
from nnext.keras.layers.attention.masking import as_bool_mask, causal_mask, masked_softmax
from nnext.keras.layers.core.einsum_dense import EinsumDense
from nnext.keras.layers.layer import Layer
from nnext.keras.utils import naming


def projection_equation(free_dims, bound_dims, output_dims):
    """`(equation, bias_axes, output_rank)` of a projection that keeps `free_dims` leading
    axes, contracts `bound_dims` axes with the kernel and adds `output_dims` axes, e.g.
    (2, 1, 2) -> 'abc,cde->abde' with bias over 'de'."""
    letters = string.ascii_lowercase
    free = letters[:free_dims]
    bound = letters[free_dims : free_dims + bound_dims]
    out = letters[free_dims + bound_dims : free_dims + bound_dims + output_dims]
    return f"{free}{bound},{bound}{out}->{free}{out}", out, free_dims + output_dims


def attention_equations(rank, attention_axes):
    """The einsum equations of `scores = key . query` and `output = scores . value` for
    projected tensors of `rank` (batch, ..., heads, head_dim), attending over
    `attention_axes`, and the rank of the scores.

    For rank 4 and axes (1,): 'aecd,abcd->acbe' and 'acbe,aecd->abcd'.
    """
    letters = string.ascii_lowercase
    target = letters[:rank]
    batch_axes = [i for i in range(rank) if i not in attention_axes and i != rank - 1]
    source, spare = "", iter(letters[rank:])
    for i in range(rank):
        source += target[i] if i in batch_axes or i == rank - 1 else next(spare)
    product = "".join(
        [target[i] for i in batch_axes]
        + [target[i] for i in attention_axes]
        + [source[i] for i in attention_axes]
    )
    return f"{source},{target}->{product}", f"{product},{source}->{target}", len(product)


class MultiHeadAttention(Layer):
    """Multi-head attention (Vaswani et al., 2017), Keras 3's layout.

    Query, key and value are each projected to `num_heads` heads by EinsumDense layers
    (kernels `(dim, num_heads, key_dim)`, named 'query', 'key', 'value'); each head computes
    `softmax(q k^T / sqrt(key_dim)) v` over the attention axes; the heads are projected
    back by 'attention_output' (kernel `(num_heads, value_dim, output_dim)`). Weights are
    laid out and ordered as in Keras, so weights and .keras files interchange.

    Args:
        num_heads: the number of attention heads.
        key_dim: the size of each head for query and key.
        value_dim: the size of each head for value (default `key_dim`).
        dropout: dropout rate on the attention weights while training.
        use_bias: whether the projections have biases.
        output_shape: the output's trailing shape (default: the query's last size).
        attention_axes: the axes attended over (default: all but batch, heads, features).
        kernel_initializer, bias_initializer: the projections' initializers.
        kernel_regularizer, bias_regularizer: optional penalties.
        kernel_constraint, bias_constraint: optional constraints.
        use_gate: multiply the attention output by a sigmoid gate projected from the query.
        seed: optional integer seed of the dropout.

    Call arguments:
        query `(batch, Tq, dim)`, value `(batch, Tv, dim)`, key (default value);
        query_mask, value_mask, key_mask: optional boolean masks of the sequences;
        attention_mask: optional boolean `(batch, Tq, Tv)` (True: may attend);
        return_attention_scores: also return the weights `(batch, heads, Tq, Tv)`;
        training: whether dropout applies; use_causal_mask: attend only to the past.

    Example:
        >>> layer = layers.MultiHeadAttention(num_heads=2, key_dim=4)
        >>> layer(np.ones((2, 3, 8)), np.ones((2, 5, 8))).shape
        (2, 3, 8)
    """

    def __init__(
        self,
        num_heads,
        key_dim,
        value_dim=None,
        dropout=0.0,
        use_bias=True,
        output_shape=None,
        attention_axes=None,
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
        for name, value in (("num_heads", num_heads), ("key_dim", key_dim)):
            if not isinstance(value, int) or value <= 0:
                raise ValueError(
                    f"Received an invalid value for argument `{name}`, expected a positive "
                    f"integer. Received: {name}={value}"
                )
        if value_dim is not None and (not isinstance(value_dim, int) or value_dim <= 0):
            raise ValueError(
                "Received an invalid value for argument `value_dim`, expected a positive "
                f"integer or `None`. Received: value_dim={value_dim}"
            )
        if activity_regularizer is not None:
            raise ValueError(
                "MultiHeadAttention: `activity_regularizer` is not supported by nnext."
            )
        super().__init__(**kwargs)
        self.supports_masking = True
        self._num_heads = num_heads
        self._key_dim = key_dim
        self._value_dim = value_dim if value_dim else key_dim
        self._dropout = dropout
        self._use_bias = use_bias
        self._use_gate = use_gate
        if output_shape:
            if isinstance(output_shape, int):
                output_shape = (output_shape,)
            try:
                output_shape = tuple(output_shape)
            except TypeError:
                raise ValueError(
                    f"Invalid `output_shape`: {output_shape}. When specified, the "
                    "`output_shape` should be of type tuple, list, or int."
                ) from None
        self._output_shape = output_shape
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        elif attention_axes and not isinstance(attention_axes, (list, tuple)):
            raise ValueError(
                "`attention_axes` must be an int, list, or tuple."
                f"Received: attention_axes={attention_axes}"
            )
        self._attention_axes = attention_axes
        if sliding_window is not None and (
            not isinstance(sliding_window, int) or sliding_window <= 0
        ):
            raise ValueError(
                "`sliding_window` must be `None` or a positive integer. "
                f"Received: sliding_window={sliding_window}"
            )
        self._sliding_window = sliding_window
        self.seed = seed
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(self._key_dim))
        if dropout > 0:
            self.seed_generator = krandom.SeedGenerator(seed)
        self._build_shapes = None

    num_heads = property(lambda self: self._num_heads)
    key_dim = property(lambda self: self._key_dim)
    value_dim = property(lambda self: self._value_dim)
    dropout = property(lambda self: self._dropout)
    use_bias = property(lambda self: self._use_bias)
    attention_axes = property(lambda self: self._attention_axes)
    query_dense = property(lambda self: self._query_dense)
    key_dense = property(lambda self: self._key_dense)
    value_dense = property(lambda self: self._value_dense)
    output_dense = property(lambda self: self._output_dense)

    # -- building -----------------------------------------------------------------------

    def _projection(self, input_rank, bound_dims, trailing_shape, name, activation=None):
        equation, bias_axes, output_rank = projection_equation(
            input_rank - bound_dims, bound_dims, len(trailing_shape)
        )
        return EinsumDense(
            equation,
            output_shape=[None] * (output_rank - 1 - len(trailing_shape)) + list(trailing_shape),
            bias_axes=bias_axes if self._use_bias else None,
            activation=activation,
            name=name,
            kernel_initializer=type(self._kernel_initializer).from_config(
                self._kernel_initializer.get_config()
            ),
            bias_initializer=type(self._bias_initializer).from_config(
                self._bias_initializer.get_config()
            ),
            kernel_regularizer=self._kernel_regularizer,
            bias_regularizer=self._bias_regularizer,
            kernel_constraint=self._kernel_constraint,
            bias_constraint=self._bias_constraint,
            dtype=self.dtype_policy,
        )

    def build(self, query_shape, value_shape, key_shape=None):
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        if value_shape[1:-1] != key_shape[1:-1]:
            raise ValueError(
                "All dimensions of `value` and `key`, except the last one, must be equal. "
                f"Received: value_shape={value_shape} and key_shape={key_shape}"
            )
        heads = self._num_heads
        # Keras's creation order, which is also the order of `weights`.
        self._query_dense = self._projection(len(query_shape), 1, [heads, self._key_dim], "query")
        self._query_dense.build(query_shape)
        self._key_dense = self._projection(len(key_shape), 1, [heads, self._key_dim], "key")
        self._key_dense.build(key_shape)
        if self._use_gate:
            self._gate_dense = self._projection(
                len(query_shape), 1, [heads, self._value_dim], "gate", activation="sigmoid"
            )
            self._gate_dense.build(query_shape)
        self._value_dense = self._projection(len(value_shape), 1, [heads, self._value_dim], "value")
        self._value_dense.build(value_shape)
        rank = len(value_shape) + 1  # the projected tensors: heads and head size for dim
        if self._attention_axes is None:
            self._attention_axes = tuple(range(1, rank - 2))
        else:
            self._attention_axes = tuple(
                a if a >= 0 else rank - 1 + a for a in self._attention_axes
            )
        self._dot_product_equation, self._combine_equation, scores_rank = attention_equations(
            rank, self._attention_axes
        )
        self._softmax_axes = tuple(range(scores_rank - len(self._attention_axes), scores_rank))
        self._take_attention_sublayer_names()
        self._output_dense = self._projection(
            len(query_shape) + 1,
            2,
            list(self._output_shape or [query_shape[-1]]),
            "attention_output",
        )
        self._output_dense.build(query_shape[:-1] + (heads, self._value_dim))
        self._build_shapes = {"query_shape": query_shape, "value_shape": value_shape}
        if key_shape is not value_shape:
            self._build_shapes["key_shape"] = key_shape
        self.built = True

    def _take_attention_sublayer_names(self):
        """Keras builds an automatically named Softmax and Dropout sublayer here, so the
        next Softmax or Dropout a program makes is numbered after them ('dropout_1' after a
        MultiHeadAttention). nnext computes both inline; it takes their names all the same,
        so a model's layer names are Keras's."""
        naming.auto_name("Softmax")
        naming.auto_name("Dropout")

    def get_build_config(self):
        if self._build_shapes is None:
            return None
        return {"shapes_dict": {k: list(v) for k, v in self._build_shapes.items()}}

    def build_from_config(self, config):
        if config and not self.built:
            shapes = config.get("shapes_dict") or {"query_shape": config["input_shape"]}
            self.build(**shapes)

    # -- calling ------------------------------------------------------------------------

    def __call__(self, query, value=None, key=None, **kwargs):
        if value is None:
            raise TypeError("MultiHeadAttention.call() missing required argument: 'value'")
        if not self.built:
            self.build(query.shape, value.shape, None if key is None else key.shape)
        return super().__call__(query, value, key, **kwargs)

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
        if key is None:
            key = value
        # As Keras 3: the query's own mask is the query mask (an explicit `query_mask` is
        # replaced by it), and the inputs' masks are dropped here, since the layer applies
        # them itself and its projections do not take masks; the output gets the query's.
        query_mask = tensor_masks.get_keras_mask(query)
        for tensor in (query, value, key):
            tensor_masks.set_keras_mask(tensor, None)
        value = backend.to_tensor(value, self.compute_dtype)
        key = backend.to_tensor(key, self.compute_dtype)
        attention_mask = self._attention_mask(
            query, value, query_mask, value_mask, key_mask, attention_mask, use_causal_mask
        )
        gate = self._gate_dense(query) if self._use_gate else None
        query = self._query_dense(query)
        key = self._key_dense(key)
        value = self._value_dense(value)
        query = query * self._inverse_sqrt_key_dim
        scores = ops.einsum(self._dot_product_equation, key, query)
        if attention_mask is not None:
            # (batch, Tq, Tv) masks gain the heads axis (and any the scores have in front).
            for _ in range(scores.ndim - attention_mask.ndim):
                attention_mask = _core.expand_dims(
                    attention_mask, -len(self._attention_axes) * 2 - 1
                )
        scores = masked_softmax(scores, attention_mask, self._softmax_axes)
        weights = scores
        if training and self._dropout > 0:
            weights = krandom.dropout(scores, self._dropout, seed=self.seed_generator)
        outputs = ops.einsum(self._combine_equation, weights, value)
        if gate is not None:
            outputs = outputs * gate
        outputs = self._output_dense(outputs)
        if return_attention_scores:
            return outputs, scores
        return outputs

    def _attention_mask(
        self, query, value, query_mask, value_mask, key_mask, attention_mask, use_causal_mask
    ):
        """The `(batch, Tq, Tv)` mask combining the sequence masks, causality, the
        sliding window and `attention_mask` (None when there is nothing to mask)."""
        masks = []
        if query_mask is not None:
            masks.append(_core.expand_dims(as_bool_mask(query_mask), -1))
        for sequence_mask in (value_mask, key_mask):
            if sequence_mask is not None:
                masks.append(_core.expand_dims(as_bool_mask(sequence_mask), -2))
        if use_causal_mask:
            masks.append(causal_mask(query.shape[1], value.shape[1]))
        if self._sliding_window is not None:
            rows = _core.reshape(ops.arange(query.shape[1], dtype="int32"), (1, -1, 1))
            cols = _core.reshape(ops.arange(value.shape[1], dtype="int32"), (1, 1, -1))
            masks.append(nmath.less(nmath.abs(rows - cols), self._sliding_window))
        if attention_mask is not None:
            masks.append(as_bool_mask(attention_mask))
        if not masks:
            return None
        combined = masks[0]
        for mask in masks[1:]:
            combined = nmath.logical_and(combined, mask)
        return combined

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        query_shape = tuple(query_shape)
        if value_shape is not None:
            value_shape = tuple(value_shape)
            key_shape = value_shape if key_shape is None else tuple(key_shape)
            if value_shape[1:-1] != key_shape[1:-1]:
                raise ValueError(
                    "All dimensions of `value` and `key`, except the last one, must be "
                    f"equal. Received: value_shape={value_shape} and key_shape={key_shape}"
                )
        if self._output_shape:
            return query_shape[:-1] + self._output_shape
        return query_shape

    def get_config(self):
        return {
            **super().get_config(),
            "num_heads": self._num_heads,
            "key_dim": self._key_dim,
            "value_dim": self._value_dim,
            "dropout": self._dropout,
            "use_bias": self._use_bias,
            "use_gate": self._use_gate,
            "output_shape": self._output_shape,
            "attention_axes": self._attention_axes,
            "sliding_window": self._sliding_window,
            "kernel_initializer": initializers.serialize(self._kernel_initializer),
            "bias_initializer": initializers.serialize(self._bias_initializer),
            "kernel_regularizer": regularizers.serialize(self._kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self._bias_regularizer),
            "activity_regularizer": None,
            "kernel_constraint": constraints.serialize(self._kernel_constraint),
            "bias_constraint": constraints.serialize(self._bias_constraint),
            "seed": self.seed,
        }
