"""`Hashing`: categorical values to `num_bins` bins by TensorFlow's string hashes."""

import numpy as np

from nnext import _core
from nnext.keras import config
from nnext.keras.layers.preprocessing.encoding import encode_categories
from nnext.keras.layers.preprocessing.text.string_inputs import StringInputLayer, as_array
from nnext.strings import string_hash

_OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count")


def hash_to_bins(values, num_bins, mask_value=None, salt=None):
    """Keras's bins of `values` (an array): FarmHash Fingerprint64 (SipHash-2-4 keyed by
    `salt` when given) of each value's string form, modulo the bins; with `mask_value`,
    bin 0 holds the masked values and the others hash into 1..num_bins-1."""
    values = as_array(values)
    bins = num_bins
    mask = None
    if mask_value is not None and bins > 1:
        bins -= 1
        mask = values == mask_value
    if values.dtype.kind == "f":
        values = values.astype(np.int64)
    if salt is None:
        hashes = string_hash.hash_strings(values, string_hash.fingerprint64)
    else:
        hashes = string_hash.hash_strings(values, lambda v: string_hash.siphash24(salt, v))
    out = (hashes % np.uint64(bins)).astype(np.int64)
    if mask is not None:
        out = np.where(mask, 0, out + 1)
    return out


class Hashing(StringInputLayer):
    """Hashes strings or integers into `num_bins` bins (the same bins as Keras on
    TensorFlow: `tf.strings.to_hash_bucket_fast`, or `_strong` with a salt).

    Args:
        num_bins: the number of bins (including the mask bin when `mask_value` is set).
        mask_value: a value hashed to bin 0 (the others to 1..num_bins-1).
        salt: an int or a pair of ints: a keyed SipHash instead of FarmHash.
        output_mode: 'int' (bin indices), 'one_hot', 'multi_hot' or 'count'.
        sparse: not supported (nnext has no sparse tensors): must be False.

    Example:
        >>> layers.Hashing(num_bins=3)([["A"], ["B"], ["C"], ["D"], ["E"]]).numpy()
        array([[1], [0], [1], [1], [2]])
    """

    def __init__(
        self, num_bins, mask_value=None, salt=None, output_mode="int", sparse=False, **kwargs
    ):
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else config.floatx()
        super().__init__(**kwargs)
        if num_bins is None or num_bins <= 0:
            raise ValueError(
                "The `num_bins` for `Hashing` cannot be `None` or non-positive values. "
                f"Received: num_bins={num_bins}."
            )
        if output_mode == "int" and self.compute_dtype not in ("int32", "int64"):
            raise ValueError(
                "When `output_mode=\"int\"`, `dtype` should be an integer type, 'int32' or "
                f"'in64'. Received: dtype={kwargs['dtype']}"
            )
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
            raise ValueError("Hashing: nnext has no sparse tensors; use sparse=False.")
        self.num_bins = num_bins
        self.mask_value = mask_value
        self.strong_hash = salt is not None
        self.output_mode = output_mode
        self.sparse = sparse
        self.salt = None
        if salt is not None:
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                self.salt = list(salt)
            elif isinstance(salt, int):
                self.salt = [salt, salt]
            else:
                raise ValueError(
                    "The `salt` argument for `Hashing` can only be a tuple of size 2 "
                    f"integers, or a single integer. Received: salt={salt}."
                )
        self.built = True

    def call(self, inputs):
        if self.output_mode == "one_hot" and inputs.ndim and inputs.shape[-1] == 1:
            inputs = inputs.reshape(inputs.shape[:-1])
        bins = hash_to_bins(inputs, self.num_bins, self.mask_value, self.salt)
        return encode_categories(
            _core.convert_to_tensor(bins), self.output_mode, self.num_bins, self.compute_dtype
        )

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        if len(input_shape) == 0:
            return (self.num_bins,)
        return tuple(input_shape[:-1]) + (self.num_bins,)

    def get_config(self):
        return {
            **super().get_config(),
            "num_bins": self.num_bins,
            "salt": self.salt,
            "mask_value": self.mask_value,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
        }
