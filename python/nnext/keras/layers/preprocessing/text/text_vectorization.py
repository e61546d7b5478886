"""`TextVectorization`: raw strings to token indices or bag-of-words vectors.

The pipeline is Keras's: standardize (ASCII lower-casing as `tf.strings.lower`, and/or
removing the punctuation of Keras's regex), split (on whitespace as `tf.strings.split`, or
into characters), form n-grams (all n-grams of each width in turn, joined by a space, as
`tf.strings.ngrams`), then look the tokens up in a `StringLookup` whose mask token ''
takes index 0. Token lists are Python lists (the ragged rows TensorFlow would hold); 'int'
output pads them with 0 to the longest row, or to `output_sequence_length`.

A callable `standardize` receives a string tensor (as Keras passes TensorFlow's, so
`tf.strings` ops work on it) and returns strings; a callable `split` receives the NumPy
array of strings and returns one list of tokens per string.
"""

import re

import numpy as np

from nnext import _core, string_tensor
from nnext.keras.layers.preprocessing.encoding import encode_categories
from nnext.keras.layers.preprocessing.text.string_inputs import StringInputLayer, as_array
from nnext.keras.layers.preprocessing.text.string_lookup import StringLookup

_PUNCTUATION = re.compile(r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']')
_WHITESPACE = re.compile(r"[ \t\n\r\v\f]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = ("whitespace", "character")
_OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


def _check_choice(value, allowed, name):
    if value is None or callable(value) or value in allowed:
        return
    raise ValueError(
        f"The `{name}` argument of layer TextVectorization received an invalid value "
        f"`{value}`. Valid values are: {list(allowed)}"
    )


def ngrams(tokens, widths):
    """`tf.strings.ngrams` of one token list: every n-gram of each width in `widths`."""
    out = []
    for n in widths:
        out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return out


class TextVectorization(StringInputLayer):
    """Turns strings into sequences of token indices ('int') or into one vector per
    string ('multi_hot', 'count', 'tf_idf', 'one_hot'), with a vocabulary given or learned
    by `adapt`.

    Args:
        max_tokens: the largest vocabulary, the mask '' and '[UNK]' included.
        standardize: 'lower_and_strip_punctuation', 'lower', 'strip_punctuation', None or
            a callable.
        split: 'whitespace', 'character', None or a callable.
        ngrams: None, an int n (n-grams of widths 1..n) or a tuple of widths.
        output_mode: 'int', 'multi_hot', 'count', 'tf_idf' or 'one_hot'.
        output_sequence_length: for 'int', pad or cut every sequence to this length.
        pad_to_max_tokens, vocabulary, idf_weights, encoding: as in `StringLookup`.
        sparse, ragged: not supported (TensorFlow's tensor kinds): must be False.

    Example:
        >>> layer = layers.TextVectorization(output_sequence_length=4)
        >>> layer.adapt(["foo bar", "bar baz", "baz bada boom"])
        >>> layer(["foo qux bar", "qux baz"]).numpy()
        array([[4, 1, 3, 0], [1, 2, 0, 0]])
    """

    def __init__(
        self,
        max_tokens=None,
        standardize="lower_and_strip_punctuation",
        split="whitespace",
        ngrams=None,
        output_mode="int",
        output_sequence_length=None,
        pad_to_max_tokens=False,
        vocabulary=None,
        idf_weights=None,
        sparse=False,
        ragged=False,
        encoding="utf-8",
        name=None,
        **kwargs,
    ):
        if sparse:
            raise ValueError("`sparse=True` can only be used with the TensorFlow backend.")
        if ragged:
            raise ValueError("`ragged=True` can only be used with the TensorFlow backend.")
        _check_choice(standardize, _STANDARDIZE, "standardize")
        _check_choice(split, _SPLIT, "split")
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        if output_mode not in _OUTPUT_MODES:
            raise ValueError(
                "The `output_mode` argument of layer TextVectorization received an invalid "
                f"value `{output_mode}`. Valid values are: {list(_OUTPUT_MODES)}"
            )
        if not (
            ngrams is None
            or isinstance(ngrams, int)
            or (isinstance(ngrams, tuple) and all(isinstance(n, int) for n in ngrams))
        ):
            raise ValueError(
                f"`ngrams` must be None, an integer, or a tuple of integers. Received: "
                f"ngrams={ngrams}"
            )
        if output_mode == "int" and not (
            output_sequence_length is None or isinstance(output_sequence_length, int)
        ):
            raise ValueError(
                "`output_sequence_length` must be either None or an integer when "
                f"`output_mode` is 'int'. Received: output_sequence_length="
                f"{output_sequence_length}"
            )
        if output_mode != "int" and output_sequence_length is not None:
            raise ValueError(
                "`output_sequence_length` must not be set if `output_mode` is not 'int'. "
                f"Received output_sequence_length={output_sequence_length}."
            )
        has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        vocabulary_size = kwargs.pop("vocabulary_size", None)
        super().__init__(name=name, **kwargs)
        self._standardize = standardize
        self._split = split
        self._ngrams_arg = ngrams
        self._ngrams = tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams
        self._ragged = ragged
        self._output_mode = output_mode
        self._output_sequence_length = output_sequence_length
        self._encoding = encoding
        self._has_input_vocabulary = has_input_vocabulary
        self._lookup_layer = StringLookup(
            max_tokens=max_tokens,
            vocabulary=vocabulary,
            idf_weights=idf_weights,
            pad_to_max_tokens=pad_to_max_tokens,
            mask_token="",
            output_mode=output_mode,
            sparse=sparse,
            has_input_vocabulary=has_input_vocabulary,
            encoding=encoding,
            vocabulary_size=vocabulary_size,
        )
        self.built = True

    # -- the pipeline --------------------------------------------------------------------

    def _strings(self, inputs):
        array = as_array(inputs)
        flat = [
            v.decode(self._encoding) if isinstance(v, bytes) else str(v) for v in array.reshape(-1)
        ]
        strings = np.empty(len(flat), dtype=object)
        strings[:] = flat
        return strings.reshape(array.shape)

    def _standardized(self, strings):
        if callable(self._standardize):
            # Keras hands a custom standardize the string tensor (TensorFlow's ops run on it).
            return self._strings(self._standardize(string_tensor.convert(strings.astype(str))))
        if self._standardize is None:
            return strings
        out = strings.reshape(-1).copy()
        for i, s in enumerate(out):
            if self._standardize in ("lower", "lower_and_strip_punctuation"):
                s = s.translate(_ASCII_LOWER)
            if self._standardize in ("strip_punctuation", "lower_and_strip_punctuation"):
                s = _PUNCTUATION.sub("", s)
            out[i] = s
        return out.reshape(strings.shape)

    def _preprocess(self, inputs):
        """Standardized, split strings: a list of token lists (or the array, unsplit)."""
        strings = self._standardized(self._strings(inputs))
        if self._split is None:
            return strings
        if strings.ndim > 1:
            if strings.shape[-1] != 1:
                raise ValueError(
                    "When using `TextVectorization` to tokenize strings, the input rank must "
                    "be 1 or the last shape dimension must be 1. Received: inputs.shape="
                    f"{strings.shape} with rank={strings.ndim}"
                )
            strings = strings.reshape(strings.shape[:-1])
        if strings.ndim == 0:
            strings = strings.reshape(1)
        if callable(self._split):
            rows = [list(r) for r in self._split(strings.astype(str))]
        elif self._split == "whitespace":
            rows = [[t for t in _WHITESPACE.split(s) if t] for s in strings]
        else:
            rows = [list(s) for s in strings]
        if self._ngrams is not None:
            rows = [ngrams(r, self._ngrams) for r in rows]
        return rows

    @staticmethod
    def _padded(rows, length=None, value=""):
        width = max((len(r) for r in rows), default=0) if length is None else length
        out = np.empty((len(rows), width), dtype=object)
        out[:] = value
        for i, row in enumerate(rows):
            row = row[:width]
            out[i, : len(row)] = row
        return out

    def call(self, inputs):
        tokens = self._preprocess(inputs)
        lookup = self._lookup_layer
        if isinstance(tokens, np.ndarray):  # no split: one token per string
            return lookup.call(tokens)
        if self._output_mode == "int":
            # '' is the mask token: padding with it gives index 0, as Keras's zero padding.
            return lookup.call(self._padded(tokens, self._output_sequence_length))
        indices = lookup._lookup(self._padded(tokens, value=lookup.mask_token))
        depth = lookup.max_tokens if lookup.pad_to_max_tokens else lookup._frozen_vocab_size
        if depth is None or not lookup._tokens and not lookup.pad_to_max_tokens:
            raise RuntimeError(
                f"When using `output_mode={self._output_mode}` and `pad_to_max_tokens=False`, "
                "you must set the layer's vocabulary before calling it. Either pass a "
                "`vocabulary` argument to the layer, or call `adapt` with some sample data."
            )
        indices = _core.convert_to_tensor(indices)
        if self._output_mode != "tf_idf":
            return encode_categories(indices, self._output_mode, depth, "int64")
        counts = encode_categories(indices, "count", depth, "int64")
        weights = _core.convert_to_tensor(lookup.idf_weights)
        return _core.cast(counts, weights.dtype.name) * weights

    # -- the vocabulary ------------------------------------------------------------------

    def adapt(self, data, batch_size=None, steps=None):
        """Learns the vocabulary from strings (an array, a list, or an iterable of batches)."""
        self.reset_state()
        if isinstance(data, (list, tuple, np.ndarray)) or string_tensor.is_string_tensor(data):
            self.update_state(data)
        else:
            for i, batch in enumerate(data):
                if steps is not None and i >= steps:
                    break
                self.update_state(batch)
        self.finalize_state()

    def update_state(self, data):
        tokens = self._preprocess(data)
        if not isinstance(tokens, np.ndarray):
            tokens = self._padded(tokens, value="")
        self._lookup_layer.update_state(tokens)
        # The padding is the mask token '', which finalize_state drops from the counts.

    def finalize_state(self):
        self._lookup_layer.finalize_state()

    def reset_state(self):
        self._lookup_layer.reset_state()

    def get_vocabulary(self, include_special_tokens=True):
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self):
        return self._lookup_layer.vocabulary_size()

    def save_assets(self, dir_path):
        # As Keras: the vocabulary at this layer's own path (its lookup layer, walked as a
        # child, writes it once more under `_lookup_layer/`).
        self._lookup_layer.save_assets(dir_path)

    def load_assets(self, dir_path):
        self._lookup_layer.load_assets(dir_path)

    def set_vocabulary(self, vocabulary, idf_weights=None):
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights=idf_weights)

    # -- shapes and configs --------------------------------------------------------------

    @property
    def output_dtype(self):
        return self._lookup_layer.output_dtype

    def compute_output_shape(self, input_shape):
        if self._output_mode == "int":
            return (input_shape[0], self._output_sequence_length)
        if self._split is None:
            if len(input_shape) <= 1:
                input_shape = tuple(input_shape) + (1,)
        else:
            input_shape = tuple(input_shape) + (None,)
        return self._lookup_layer.compute_output_shape(input_shape)

    def get_config(self):
        from nnext.keras.saving import serialize_keras_object

        lookup = self._lookup_layer

        def listify(x):
            return x.tolist() if isinstance(x, np.ndarray) else x

        def callable_config(value):
            return serialize_keras_object(value) if callable(value) else value

        return {
            **super().get_config(),
            "max_tokens": lookup.max_tokens,
            "standardize": callable_config(self._standardize),
            "split": callable_config(self._split),
            "ngrams": self._ngrams_arg,
            "output_mode": self._output_mode,
            "output_sequence_length": self._output_sequence_length,
            "pad_to_max_tokens": lookup.pad_to_max_tokens,
            "sparse": lookup.sparse,
            "ragged": self._ragged,
            "vocabulary": listify(lookup.input_vocabulary),
            "idf_weights": listify(lookup.input_idf_weights),
            "encoding": self._encoding,
            "vocabulary_size": self.vocabulary_size(),
        }

    @classmethod
    def from_config(cls, config):
        from nnext.keras.saving import deserialize_keras_object

        config = dict(config)
        for key in ("standardize", "split"):
            if config.get(key) is not None and not isinstance(config[key], str):
                config[key] = deserialize_keras_object(config[key])
        if isinstance(config.get("ngrams"), list):
            config["ngrams"] = tuple(config["ngrams"])
        return super().from_config(config)

    def save_own_variables(self, store):
        self._lookup_layer.save_own_variables(store)

    def load_own_variables(self, store):
        self._lookup_layer.load_own_variables(store)
