"""`IntegerLookup`: integer categories to contiguous indices through a vocabulary."""

from nnext.keras.layers.preprocessing.text.index_lookup import IndexLookup


class IntegerLookup(IndexLookup):
    """Maps integers to indices of a vocabulary given or learned with `adapt` (or back,
    with `invert=True`). Unknown integers go to the OOV slots by `floormod`, or by FarmHash
    of their decimal string with `oov_method='farmhash'`.

    Args:
        max_tokens, num_oov_indices, vocabulary, idf_weights: as in `StringLookup`.
        invert, output_mode, pad_to_max_tokens, sparse, salt: as in `StringLookup`.
        mask_token: an integer mapped to index 0 (None: no mask).
        oov_token: the integer `invert` returns for OOV indices (-1).
        vocabulary_dtype: 'int64' (the only dtype Keras supports).
        oov_method: 'floormod' or 'farmhash'.

    Example:
        >>> layers.IntegerLookup(vocabulary=[12, 36, 1138, 42])([[12, 1138, 42], [42, 1000, 36]])
        array([[1, 3, 4], [4, 0, 2]])
    """

    def __init__(
        self,
        max_tokens=None,
        num_oov_indices=1,
        mask_token=None,
        oov_token=-1,
        vocabulary=None,
        vocabulary_dtype="int64",
        idf_weights=None,
        invert=False,
        output_mode="int",
        sparse=False,
        pad_to_max_tokens=False,
        oov_method="floormod",
        salt=None,
        name=None,
        **kwargs,
    ):
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(
                "If `max_tokens` is set for `IntegerLookup`, it must be greater than 1. "
                f"Received: max_tokens={max_tokens}"
            )
        if num_oov_indices < 0:
            raise ValueError(
                "The value of `num_oov_indices` argument for `IntegerLookup` must >= 0. "
                f"Received: num_oov_indices={num_oov_indices}"
            )
        if vocabulary_dtype != "int64":
            raise ValueError(
                "Only `vocabulary_dtype='int64'` is supported at this time. Received: "
                f"vocabulary_dtype={vocabulary_dtype}"
            )
        super().__init__(
            max_tokens=max_tokens,
            num_oov_indices=num_oov_indices,
            mask_token=mask_token,
            oov_token=oov_token,
            vocabulary=vocabulary,
            vocabulary_dtype=vocabulary_dtype,
            idf_weights=idf_weights,
            invert=invert,
            output_mode=output_mode,
            sparse=sparse,
            pad_to_max_tokens=pad_to_max_tokens,
            oov_method=oov_method,
            salt=salt,
            name=name,
            **kwargs,
        )

    def get_config(self):
        config = super().get_config()
        for key in ("oov_token", "mask_token"):
            if config[key] is not None:
                config[key] = int(config[key])
        if config["vocabulary"] is not None:
            config["vocabulary"] = [int(v) for v in config["vocabulary"]]
        return config
