"""`Embedding`: integer indices to dense vectors, one gather per call."""

from nnext import array_ops
from nnext import math as nmath
from nnext.keras import constraints, initializers, regularizers
from nnext.keras.layers.layer import Layer


def _check_dim(value, argument):
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(
            f"`{argument}` must be a positive integer. Received: {argument}={value} "
            f"(of type {type(value).__name__})."
        )


class Embedding(Layer):
    """Turns non-negative integers (indices) into dense vectors of fixed size:
    `output = embeddings[inputs]`, a gather whose gradient adds each output row's
    gradient into the row it was read from.

    Args:
        input_dim: size of the vocabulary (largest index + 1).
        output_dim: size of each embedding vector.
        embeddings_initializer: default 'uniform' (uniform on [-0.05, 0.05]).
        embeddings_regularizer, embeddings_constraint: optional.
        mask_zero: whether index 0 is padding; `compute_mask` then returns `inputs != 0`
            for the recurrent layers downstream.
        weights: optional initial embeddings `(input_dim, output_dim)`.

    Example:
        >>> layer = layers.Embedding(1000, 64)
        >>> layer(np.array([[4, 20, 7]])).shape
        TensorShape([1, 3, 64])
    """

    def __init__(
        self,
        input_dim,
        output_dim,
        embeddings_initializer="uniform",
        embeddings_regularizer=None,
        embeddings_constraint=None,
        mask_zero=False,
        weights=None,
        lora_rank=None,
        lora_alpha=None,
        quantization_config=None,
        **kwargs,
    ):
        _check_dim(input_dim, "input_dim")
        _check_dim(output_dim, "output_dim")
        if lora_rank or quantization_config is not None:
            raise ValueError(
                "Embedding: LoRA and quantization are not supported by nnext. Received: "
                f"lora_rank={lora_rank}, quantization_config={quantization_config}"
            )
        kwargs.pop("input_length", None)  # deprecated in Keras 3, ignored there too
        activity_regularizer = kwargs.pop("activity_regularizer", None)
        super().__init__(**kwargs)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.supports_masking = mask_zero
        # As Keras: the table is gathered in its own dtype and the rows cast afterwards.
        self.autocast = False
        if weights is not None:
            self.build()
            if not (isinstance(weights, list) and len(weights) == 1):
                weights = [weights]
            self.set_weights(weights)

    def build(self, input_shape=None):
        if self.built:
            return
        self._embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer,
            name="embeddings",
            regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint,
            trainable=True,
        )
        self.built = True

    @property
    def embeddings(self):
        if not self.built:
            raise AttributeError("You must build the layer before accessing `embeddings`.")
        return self._embeddings

    def call(self, inputs):
        if inputs.dtype.name not in ("int32", "int64"):
            inputs = nmath.cast(inputs, "int32")
        outputs = array_ops.gather(self._embeddings, inputs, axis=0)
        if outputs.dtype.name != self.compute_dtype:
            outputs = nmath.cast(outputs, self.compute_dtype)
        if self.activity_regularizer is not None:
            self.add_loss(self.activity_regularizer(outputs) / max(1, outputs.shape[0]))
        return outputs

    def compute_mask(self, inputs, mask=None):
        """`inputs != 0` when `mask_zero`, else None."""
        if not self.mask_zero:
            return None
        return nmath.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.output_dim)

    def get_config(self):
        return {
            **super().get_config(),
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "embeddings_constraint": constraints.serialize(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
            "quantization_config": None,
        }
