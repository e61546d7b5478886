"""`HashedCrossing`: crosses categorical features into hashed bins."""

import numpy as np

from nnext import _core
from nnext.keras.layers.preprocessing.encoding import encode_categories
from nnext.keras.layers.preprocessing.text.string_inputs import StringInputLayer
from nnext.strings import string_hash

_OUTPUT_MODES = ("int", "one_hot")


class HashedCrossing(StringInputLayer):
    """Crosses two or more features of shape `()`, `(batch,)` or `(batch, 1)` (strings or
    integers) into `num_bins` bins, as `tf.sparse.cross_hashed` (which Keras calls).

    Args:
        num_bins: the number of bins.
        output_mode: 'int' (bin indices) or 'one_hot'.
        sparse: not supported (nnext has no sparse tensors): must be False.

    Example:
        >>> layer = layers.HashedCrossing(num_bins=5)
        >>> layer((np.array(["A", "B", "A", "B", "A"]), np.array([101, 101, 101, 102, 102])))
        array([1, 4, 1, 1, 3])
    """

    def __init__(self, num_bins, output_mode="int", sparse=False, name=None, dtype=None, **kwargs):
        if dtype is None:
            dtype = "int64" if output_mode == "int" else "float32"
        super().__init__(name=name, dtype=dtype, **kwargs)
        if output_mode not in _OUTPUT_MODES:
            raise ValueError(
                f"Invalid value for argument `output_mode`. Expected one of {_OUTPUT_MODES}. "
                f"Received: output_mode={output_mode}"
            )
        if sparse and output_mode == "int":
            raise ValueError(
                '`sparse` may only be true if `output_mode` is `"one_hot"`, `"multi_hot"`, '
                f'or `"count"`. Received: sparse={sparse} and output_mode={output_mode}'
            )
        if sparse:
            raise ValueError("HashedCrossing: nnext has no sparse tensors; use sparse=False.")
        self.num_bins = num_bins
        self.output_mode = output_mode
        self.sparse = sparse
        self.built = True

    def _takes_several_inputs(self):
        return True

    def __call__(self, inputs, *args, **kwargs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(  # noqa: TRY004 (Keras raises ValueError)
                "`HashedCrossing` should be called on a list or tuple of inputs. "
                f"Received: inputs={inputs}"
            )
        return super().__call__(inputs, *args, **kwargs)

    def call(self, inputs):
        if len(inputs) < 2:
            raise ValueError(
                f"`HashedCrossing` should be called on at least two inputs. Received: "
                f"inputs={inputs}"
            )
        first = inputs[0].shape
        if len(first) > 2 or (len(first) == 2 and first[-1] != 1):
            raise ValueError(
                "All `HashedCrossing` inputs should have shape `()`, `(batch_size)` or "
                f"`(batch_size, 1)`. Received: inputs={inputs}"
            )
        if not all(x.shape == first for x in inputs[1:]):
            raise ValueError(
                f"All `HashedCrossing` inputs should have equal shape. Received: inputs={inputs}"
            )
        if not all(x.dtype.kind in "iuOUS" for x in inputs):
            raise ValueError(
                "All `HashedCrossing` inputs should have an integer or string dtype. "
                f"Received: inputs={inputs}"
            )
        columns = [x.reshape(-1) for x in inputs]
        hashes = [string_hash.cross_fingerprint(row) % self.num_bins for row in zip(*columns)]
        bins = np.array(hashes, dtype=np.int64).reshape(first)
        return encode_categories(
            _core.convert_to_tensor(bins), self.output_mode, self.num_bins, self.compute_dtype
        )

    def compute_output_shape(self, input_shapes):
        shape = tuple(input_shapes[0])
        if self.output_mode == "one_hot":
            if shape and shape[-1] == 1:
                shape = shape[:-1]
            return shape + (self.num_bins,)
        return shape

    def get_config(self):
        return {
            "num_bins": self.num_bins,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "name": self.name,
            "dtype": self.compute_dtype,
        }
