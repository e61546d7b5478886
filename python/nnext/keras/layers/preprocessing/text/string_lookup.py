"""`StringLookup`: strings to integer indices through a vocabulary (or back)."""

from nnext.keras.layers.preprocessing.text.index_lookup import IndexLookup


class StringLookup(IndexLookup):
    """Maps strings to indices of a vocabulary given or learned with `adapt`; with
    `invert=True`, maps indices back to strings (a NumPy array of `str`).

    Args:
        max_tokens: the largest vocabulary (special tokens included); None for no limit.
        num_oov_indices: out-of-vocabulary slots (unknown strings hash among them).
        mask_token: a token mapped to index 0 (None: no mask).
        oov_token: the token `invert` returns for OOV indices ('[UNK]').
        vocabulary: a list, array or a path of a text file (one token a line).
        idf_weights: for 'tf_idf', the inverse document frequency of each token.
        invert: map indices to tokens.
        output_mode: 'int', 'one_hot', 'multi_hot', 'count' or 'tf_idf'.
        pad_to_max_tokens: encode to `max_tokens` columns whatever the vocabulary size.
        sparse: not supported (must be False, as on every Keras backend but TensorFlow).
        encoding: the text encoding of bytes inputs ('utf-8').
        salt: a SipHash key for hashing OOV strings.

    Example:
        >>> layers.StringLookup(vocabulary=["a", "b", "c"])([["a", "c", "d"]]).numpy()
        array([[1, 3, 0]])
    """

    def __init__(
        self,
        max_tokens=None,
        num_oov_indices=1,
        mask_token=None,
        oov_token="[UNK]",
        vocabulary=None,
        idf_weights=None,
        invert=False,
        output_mode="int",
        pad_to_max_tokens=False,
        sparse=False,
        encoding="utf-8",
        name=None,
        salt=None,
        **kwargs,
    ):
        super().__init__(
            max_tokens=max_tokens,
            num_oov_indices=num_oov_indices,
            mask_token=mask_token,
            oov_token=oov_token,
            vocabulary=vocabulary,
            idf_weights=idf_weights,
            invert=invert,
            output_mode=output_mode,
            pad_to_max_tokens=pad_to_max_tokens,
            sparse=sparse,
            name=name,
            salt=salt,
            vocabulary_dtype="string",
            encoding=encoding,
            **kwargs,
        )

    def get_config(self):
        config = super().get_config()
        del config["vocabulary_dtype"]
        return {**config, "encoding": self.encoding}
