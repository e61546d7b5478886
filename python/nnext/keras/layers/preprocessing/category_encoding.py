"""`CategoryEncoding`: integer category indices to one-hot, multi-hot or count vectors."""

from nnext.keras import backend
from nnext.keras.layers.layer import Layer
from nnext.keras.layers.preprocessing.encoding import encode_categories


class CategoryEncoding(Layer):
    """Encodes integer features in `[0, num_tokens)` as dense vectors of size `num_tokens`.

    - 'multi_hot' (default; 'binary' is an alias): one vector per sample with 1 for each
      token present. A rank-2 input `(batch, tokens)` gives `(batch, num_tokens)`.
    - 'one_hot': one vector per index: `(batch,)` or `(batch, 1)` gives
      `(batch, num_tokens)`.
    - 'count': like multi-hot, with the number of occurrences (or the sum of
      `count_weights`) of each token.

    Args:
        num_tokens: the number of categories; inputs must lie in `[0, num_tokens)`.
        output_mode: 'multi_hot', 'one_hot' or 'count'.
        sparse: only False is supported (nnext has no sparse tensors).

    Call arguments:
        inputs: integer indices of rank 0, 1 or 2.
        count_weights: optional weights of `inputs`' shape, for 'count'.

    Example:
        >>> layers.CategoryEncoding(4, output_mode="count")(np.array([[0, 1, 1], [3, 3, 2]]))
        array([[1., 2., 0., 0.], [0., 0., 1., 2.]], dtype=float32)
    """

    def __init__(self, num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs):
        super().__init__(**kwargs)
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode not in ("count", "one_hot", "multi_hot"):
            raise ValueError(f"Unknown arg for output_mode: {output_mode}")
        if num_tokens is None:
            raise ValueError(
                "num_tokens must be set to use this layer. If the number of tokens is not "
                "known beforehand, use the IntegerLookup layer instead."
            )
        if num_tokens < 1:
            raise ValueError(f"`num_tokens` must be >= 1. Received: num_tokens={num_tokens}.")
        if sparse:
            raise ValueError("CategoryEncoding: `sparse=True` is not supported by nnext.")
        self.num_tokens = num_tokens
        self.output_mode = output_mode
        self.sparse = sparse

    def call(self, inputs, count_weights=None):
        if count_weights is not None:
            if self.output_mode != "count":
                raise ValueError(
                    "`count_weights` is not used when `output_mode` is not `'count'`. "
                    f"Received `count_weights={count_weights}`."
                )
            count_weights = backend.to_tensor(count_weights, self.dtype)
        return encode_categories(
            inputs, self.output_mode, self.num_tokens, self.dtype, count_weights
        )

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if len(input_shape) == 0:
            return (self.num_tokens,)
        if self.output_mode == "one_hot" and (input_shape[-1] != 1 or len(input_shape) == 1):
            return input_shape + (self.num_tokens,)
        return input_shape[:-1] + (self.num_tokens,)

    def get_config(self):
        return {
            **super().get_config(),
            "num_tokens": self.num_tokens,
            "output_mode": self.output_mode,
        }
