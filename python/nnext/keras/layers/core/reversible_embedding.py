"""`ReversibleEmbedding`: an embedding that also projects hidden states back to logits
over its vocabulary (the tied input/output embedding of language models)."""

from nnext.keras import ops
from nnext.keras.keras_tensor import KerasTensor
from nnext.keras.layers.core.embedding import Embedding


class ReversibleEmbedding(Embedding):
    """`layer(ids)` embeds as `Embedding`; `layer(hidden, reverse=True)` returns
    `hidden @ embeddings.T` (or `@ reverse_embeddings` when `tie_weights=False`),
    optionally soft-capped: `cap * tanh(logits / cap)`.

    Args:
        input_dim, output_dim, mask_zero: as in `Embedding`, and so are
            `embeddings_initializer`, `embeddings_regularizer` and `embeddings_constraint`.
        tie_weights: reuse the embeddings for the reverse projection.
        reverse_dtype: the dtype the reverse projection computes in (None: the layer's).
        logit_soft_cap: None, or the soft cap of the logits.
    """

    def __init__(
        self,
        input_dim,
        output_dim,
        tie_weights=True,
        embeddings_initializer="uniform",
        embeddings_regularizer=None,
        embeddings_constraint=None,
        mask_zero=False,
        reverse_dtype=None,
        logit_soft_cap=None,
        **kwargs,
    ):
        super().__init__(
            input_dim,
            output_dim,
            embeddings_initializer=embeddings_initializer,
            embeddings_regularizer=embeddings_regularizer,
            embeddings_constraint=embeddings_constraint,
            mask_zero=mask_zero,
            **kwargs,
        )
        self.tie_weights = tie_weights
        self.reverse_dtype = reverse_dtype
        self.logit_soft_cap = logit_soft_cap

    def build(self, input_shape=None):
        if self.built:
            return
        super().build(input_shape)
        if not self.tie_weights:
            self.reverse_embeddings = self.add_weight(
                shape=(self.output_dim, self.input_dim),
                initializer=self.embeddings_initializer,
                name="reverse_embeddings",
                trainable=True,
            )

    def call(self, inputs, reverse=False):
        if not reverse:
            return super().call(inputs)
        kernel = ops.transpose(self.embeddings) if self.tie_weights else self.reverse_embeddings
        if self.reverse_dtype is not None:
            inputs = ops.cast(inputs, self.reverse_dtype)
            kernel = ops.cast(kernel, self.reverse_dtype)
        logits = ops.matmul(inputs, kernel)
        if self.logit_soft_cap is not None:
            logits = ops.tanh(logits / self.logit_soft_cap) * self.logit_soft_cap
        return logits

    def compute_mask(self, inputs, mask=None):
        # Hidden states (the reverse call) carry no mask; ids mask as in Embedding.
        if getattr(inputs.dtype, "is_floating", False) or str(inputs.dtype).startswith("float"):
            return None
        return super().compute_mask(inputs, mask)

    def compute_output_shape(self, input_shape, reverse=False):
        shape = list(input_shape)
        if reverse:
            shape[-1] = self.input_dim
        else:
            shape.append(self.output_dim)
        return tuple(shape)

    def compute_output_spec(self, inputs, reverse=False):
        return KerasTensor(self.compute_output_shape(inputs.shape, reverse), self.compute_dtype)

    def get_config(self):
        return {
            **super().get_config(),
            "tie_weights": self.tie_weights,
            "reverse_dtype": self.reverse_dtype,
            "logit_soft_cap": self.logit_soft_cap,
        }
