"""`IndexLookup`: the vocabulary table behind `StringLookup` and `IntegerLookup`.

Indices are laid out as Keras lays them out: the mask token at 0 (only with `mask_token`
and `output_mode='int'`), then `num_oov_indices` out-of-vocabulary slots, then the
vocabulary. An unknown token goes to the single OOV slot, or among several by
`floormod` (integers) or FarmHash/SipHash (strings, or integers with
`oov_method='farmhash'`), as TensorFlow hashes them. `adapt` orders the vocabulary by
frequency, ties broken by the larger token first (Keras's `lexsort(...)[::-1]`).

The table is a Python dict (token -> index) over NumPy inputs: nnext has no string
tensor, and lookups are preprocessing, not part of the differentiable graph.
"""

import collections
import os

import numpy as np

from nnext import _core, errors, string_tensor
from nnext.keras import config
from nnext.keras.layers.preprocessing.encoding import encode_categories
from nnext.keras.layers.preprocessing.text.string_inputs import StringInputLayer, as_array
from nnext.strings import string_hash

_OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
_INT64_MAX = np.iinfo(np.int64).max


def _validate(value, allowed, caller, name):
    if value not in allowed:
        raise ValueError(
            f"The `{name}` argument of layer {caller} received an invalid value `{value}`. "
            f"Valid values are: {list(allowed)}"
        )


class IndexLookup(StringInputLayer):
    """Maps tokens to indices (or, with `invert=True`, indices to tokens); see
    `StringLookup` and `IntegerLookup` for the arguments."""

    def __init__(
        self,
        max_tokens,
        num_oov_indices,
        mask_token,
        oov_token,
        vocabulary_dtype,
        vocabulary=None,
        idf_weights=None,
        invert=False,
        output_mode="int",
        sparse=False,
        pad_to_max_tokens=False,
        oov_method="floormod",
        name=None,
        salt=None,
        encoding="utf-8",
        **kwargs,
    ):
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(
                f"If set, `max_tokens` must be greater than 1. Received: max_tokens={max_tokens}"
            )
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError(
                "If pad_to_max_tokens is True, must set `max_tokens`. "
                f"Received: max_tokens={max_tokens}"
            )
        if num_oov_indices < 0:
            raise ValueError(
                "`num_oov_indices` must be greater than or equal to 0. "
                f"Received: num_oov_indices={num_oov_indices}"
            )
        _validate(oov_method, ("floormod", "farmhash"), type(self).__name__, "oov_method")
        if salt is not None:
            if vocabulary_dtype != "string" and oov_method != "farmhash":
                raise ValueError(
                    "`salt` can only be used when `oov_method='farmhash'`. "
                    f"Received: oov_method={oov_method}"
                )
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                salt = list(salt)
            elif isinstance(salt, int):
                salt = [salt, salt]
            else:
                raise ValueError(
                    "The `salt` argument for `IndexLookup` can only be a tuple of 2 integers, "
                    f"or a single integer. Received: salt={salt}."
                )
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        _validate(output_mode, _OUTPUT_MODES, type(self).__name__, "output_mode")
        if invert and output_mode != "int":
            raise ValueError(
                "`output_mode` must be `'int'` when `invert` is true. "
                f"Received: output_mode={output_mode}"
            )
        if sparse and output_mode == "int":
            raise ValueError(
                "`sparse` may only be true if `output_mode` is `'one_hot'`, `'multi_hot'`, "
                f"`'count'` or `'tf_idf'`. Received: sparse={sparse} and "
                f"output_mode={output_mode}"
            )
        if sparse:
            raise ValueError("`sparse=True` can only be used with the TensorFlow backend.")
        if idf_weights is not None and output_mode != "tf_idf":
            raise ValueError(
                "`idf_weights` should only be set if `output_mode` is `'tf_idf'`. Received: "
                f"idf_weights={idf_weights} and output_mode={output_mode}"
            )
        frozen_vocab_size = kwargs.pop("vocabulary_size", None)
        has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        kwargs.pop("trainable", None)
        kwargs.pop("dtype", None)
        if kwargs:
            raise ValueError(f"Unrecognized keyword argument(s): {kwargs}")
        super().__init__(name=name)
        self._frozen_vocab_size = frozen_vocab_size
        self.encoding = encoding  # of bytes tokens (StringLookup's argument)
        self.invert = invert
        self.max_tokens = max_tokens
        self.num_oov_indices = num_oov_indices
        self.mask_token = mask_token
        self.oov_token = oov_token
        self.output_mode = output_mode
        self.sparse = sparse
        self.pad_to_max_tokens = pad_to_max_tokens
        self.vocabulary_dtype = vocabulary_dtype
        self.oov_method = oov_method
        self.salt = salt
        self.input_vocabulary = vocabulary if not isinstance(vocabulary, str) else None
        self.input_idf_weights = idf_weights
        self._has_input_vocabulary = has_input_vocabulary
        self._tokens = []  # the learned or given tokens, from `_token_start_index()` on
        self._table = {}
        self.idf_weights = None
        if output_mode == "tf_idf" and has_input_vocabulary and idf_weights is None:
            raise ValueError(
                "When specifying the `vocabulary` argument, in TF-IDF output mode, the "
                "`idf_weights` argument must also be provided."
            )
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)
        self.reset_state()
        self.built = True

    # -- the layout ----------------------------------------------------------------------

    def _oov_start_index(self):
        return 1 if self.mask_token is not None and self.output_mode == "int" else 0

    def _token_start_index(self):
        return self._oov_start_index() + self.num_oov_indices

    def vocabulary_size(self):
        return len(self._tokens) + self._token_start_index()

    def get_vocabulary(self, include_special_tokens=True):
        vocab = [self.oov_token] * self._token_start_index() + list(self._tokens)
        if self.mask_token is not None and self.output_mode == "int":
            vocab[0] = self.mask_token
        if not include_special_tokens:
            vocab = vocab[self._token_start_index() :]
        return vocab

    def _normalize(self, token):
        """A vocabulary entry in the form lookups compare (str or int)."""
        if self.vocabulary_dtype == "string":
            return token.decode(self.encoding) if isinstance(token, bytes) else str(token)
        return int(token)

    # -- the vocabulary ------------------------------------------------------------------

    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Sets the vocabulary (a list, array or Tensor; the special tokens may lead it in
        Keras's order) and, for 'tf_idf', the IDF weights."""
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError("`idf_weights` must be set if output_mode is 'tf_idf'.")
        elif idf_weights is not None:
            raise ValueError(
                "`idf_weights` should only be set if output_mode is `'tf_idf'`. Received: "
                f"output_mode={self.output_mode} and idf_weights={idf_weights}"
            )
        if isinstance(vocabulary, str):
            vocabulary = self._read_vocabulary_file(vocabulary)
        vocabulary = [self._normalize(v) for v in as_array(vocabulary).reshape(-1)]
        if not vocabulary:
            raise ValueError(f"Cannot set an empty vocabulary. Received: vocabulary={vocabulary}")
        token_start = self._token_start_index()
        special = [self.mask_token] * self._oov_start_index() + [self.oov_token] * (
            self.num_oov_indices
        )
        found_special = vocabulary[:token_start] == special
        tokens = vocabulary[token_start:] if found_special else vocabulary
        repeated = [t for t, c in collections.Counter(tokens).items() if c > 1]
        if repeated:
            raise ValueError(
                "The passed vocabulary has at least one repeated term. Please uniquify your "
                f"dataset. The repeated terms are: {repeated}"
            )
        for reserved, label, check in (
            (self.mask_token, "mask_token", True),
            (self.oov_token, "oov_token", self.invert),
        ):
            if check and reserved is not None and reserved in tokens:
                index = len(vocabulary) - 1 - vocabulary[::-1].index(reserved)
                raise ValueError(
                    f"Found reserved {'mask' if label == 'mask_token' else 'OOV'} token at "
                    "unexpected location in `vocabulary`. Note that passed `vocabulary` does "
                    "not need to include the OOV and mask tokens. Either remove all mask and "
                    "OOV tokens, or include them only at the start of the vocabulary in "
                    f"precisely this order: {special}. Received: {label}={reserved} at "
                    f"vocabulary index {[index]}"
                )
        size = token_start + len(tokens)
        if self.max_tokens is not None and size > self.max_tokens:
            raise ValueError(
                "Attempted to set a vocabulary larger than the maximum vocab size. Received "
                f"vocabulary size is {size}; `max_tokens` is {self.max_tokens}."
            )
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            self._set_idf(np.asarray(idf_weights, dtype=np.float64), len(vocabulary), found_special)

    def _read_vocabulary_file(self, path):
        if self.output_mode == "tf_idf":
            raise ValueError(
                "output_mode `'tf_idf'` does not support loading a vocabulary from file."
            )
        try:
            with open(path, encoding=self.encoding) as f:
                lines = f.read().splitlines()
        except FileNotFoundError:
            raise ValueError(f"Vocabulary file {path} does not exist.") from None
        while lines and lines[-1] == "":
            lines.pop()
        return np.array(
            lines if self.vocabulary_dtype == "string" else [int(v) for v in lines], dtype=object
        )

    def _set_idf(self, idf_weights, vocabulary_length, found_special):
        if len(idf_weights) != vocabulary_length:
            raise ValueError(
                "`idf_weights` must be the same length as vocabulary. len(idf_weights) is "
                f"{len(idf_weights)}; len(vocabulary) is {vocabulary_length}"
            )
        if idf_weights.ndim != 1:
            raise ValueError(
                f"TF-IDF data must be a 1-index array. Received: type(idf_weights)="
                f"{type(idf_weights)}"
            )
        front = 0 if found_special else self._token_start_index()
        front_value = 0 if found_special else np.average(idf_weights)
        back = 0
        if self.pad_to_max_tokens and self.max_tokens is not None:
            back = self.max_tokens - front - len(idf_weights)
        weights = np.pad(idf_weights, (front, back), "constant", constant_values=(front_value, 0))
        self.idf_weights = weights.astype(config.floatx())

    def _set_tokens(self, tokens):
        self._tokens = list(tokens)
        start = self._token_start_index()
        self._table = {t: start + i for i, t in enumerate(self._tokens)}
        self._record_vocabulary_size()

    def _record_vocabulary_size(self):
        if self.output_mode != "int" and not self.pad_to_max_tokens:
            size = self.vocabulary_size()
            if self._frozen_vocab_size is not None and size != self._frozen_vocab_size:
                raise RuntimeError(
                    f"When using `output_mode={self.output_mode}` and "
                    "`pad_to_max_tokens=False`, the vocabulary size cannot be changed after "
                    f"the layer is called. Old vocab size is {self._frozen_vocab_size}, new "
                    f"vocab size is {size}"
                )
        self._frozen_vocab_size = self.vocabulary_size()

    # -- adapt ---------------------------------------------------------------------------

    def reset_state(self):
        if self._has_input_vocabulary:
            return
        self._token_counts = collections.Counter()
        self._document_counts = collections.Counter()
        self._num_documents = 0

    def update_state(self, data):
        if self._has_input_vocabulary:
            raise ValueError(
                f"Cannot adapt layer '{self.name}' after setting a static vocabulary via "
                "`vocabulary` argument or `set_vocabulary()` method."
            )
        data = as_array(data)
        if data.ndim == 0:
            data = data.reshape(1)
        if data.ndim == 1:
            data = data.reshape(1, -1)
        rows = data.reshape(data.shape[0], -1)
        tokens = [self._normalize(v) for v in rows.reshape(-1)]
        self._token_counts.update(tokens)
        if self.output_mode == "tf_idf":
            width = rows.shape[1]
            for i in range(rows.shape[0]):
                self._document_counts.update(set(tokens[i * width : (i + 1) * width]))
            self._num_documents += rows.shape[0]

    def finalize_state(self):
        if self._has_input_vocabulary or not self._token_counts:
            return
        for special in (self.mask_token, self.oov_token):
            if special is not None:
                self._token_counts.pop(self._normalize(special), None)
        tokens = list(self._token_counts)
        counts = np.array([self._token_counts[t] for t in tokens], dtype=np.int64)
        keys = np.array(tokens, dtype=str if self.vocabulary_dtype == "string" else np.int64)
        order = np.lexsort((keys, counts))[::-1]
        if self.max_tokens:
            order = order[: self.max_tokens - self._token_start_index()]
        learned = [tokens[i] for i in order]
        self._set_tokens(learned)
        if self.output_mode == "tf_idf":
            document_counts = np.array([self._document_counts[t] for t in learned], np.float64)
            idf = np.log(1 + self._num_documents / (1 + document_counts))
            idf = np.pad(idf, (self._token_start_index(), 0), constant_values=np.mean(idf))
            if self.pad_to_max_tokens and self.max_tokens is not None:
                idf = np.pad(idf, (0, self.max_tokens - idf.size), constant_values=0)
            self.idf_weights = idf.astype(config.floatx())
        self.reset_state()

    def adapt(self, data, steps=None):
        """Learns the vocabulary (and IDF weights) from an array, a list, or an iterable of
        batches (a dataset), reading at most `steps` batches."""
        self.reset_state()
        if isinstance(
            data, (list, tuple, np.ndarray, _core.Tensor)
        ) or string_tensor.is_string_tensor(data):
            array = as_array(data)
            self.update_state(array.reshape(-1, 1) if array.ndim == 1 else array)
        else:
            for i, batch in enumerate(data):
                if steps is not None and i >= steps:
                    break
                self.update_state(batch)
        self.finalize_state()

    # -- the call ------------------------------------------------------------------------

    def _oov_indices(self, values):
        """The OOV slot (in 0..num_oov_indices-1) of each unknown value."""
        if self.vocabulary_dtype != "string" and self.oov_method != "farmhash":
            return np.mod(np.asarray(values, dtype=np.int64), self.num_oov_indices)
        if self.salt is not None:
            hashes = [string_hash.siphash24(self.salt, v) for v in values]
        else:
            hashes = [string_hash.fingerprint64(v) for v in values]
        return np.array([h % self.num_oov_indices for h in hashes], dtype=np.int64)

    def _lookup(self, values):
        flat = [self._normalize(v) for v in values.reshape(-1)]
        default = self._oov_start_index() if self.num_oov_indices == 1 else -1
        indices = np.array([self._table.get(v, default) for v in flat], dtype=np.int64)
        if self.mask_token is not None:
            mask_value = 0 if self.output_mode == "int" else _INT64_MAX
            masked = np.array([v == self._normalize(self.mask_token) for v in flat], bool)
            indices = np.where(masked, mask_value, indices)
        unknown = indices == -1
        if self.num_oov_indices == 0 and unknown.any():
            found = [flat[i] for i in np.flatnonzero(unknown)]
            raise errors.InvalidArgumentError(
                None,
                None,
                "When `num_oov_indices=0` all inputs should be in vocabulary, found OOV "
                f"values {found}, consider setting `num_oov_indices=1`.",
            )
        if self.num_oov_indices > 1 and unknown.any():
            slots = self._oov_indices([flat[i] for i in np.flatnonzero(unknown)])
            indices[unknown] = slots + self._oov_start_index()
        return indices.reshape(values.shape)

    def _invert(self, values):
        indices = np.asarray(values, dtype=np.int64)
        vocab = self.get_vocabulary()
        start = self._token_start_index()
        out = [vocab[i] if start <= i < len(vocab) else self.oov_token for i in indices.reshape(-1)]
        if self.mask_token is not None:
            out = [self.mask_token if i == 0 else t for i, t in zip(indices.reshape(-1), out)]
        if self.vocabulary_dtype == "string":  # a string tensor, as Keras returns TF's
            encoded = [t.encode(self.encoding) if isinstance(t, str) else t for t in out]
            array = np.empty(len(encoded), dtype=object)
            array[:] = encoded
            return string_tensor.from_values(array.reshape(indices.shape))
        return _core.convert_to_tensor(np.array(out, dtype=np.int64).reshape(indices.shape))

    def call(self, inputs):
        if (
            self.output_mode != "int"
            and not self.pad_to_max_tokens
            and (self._frozen_vocab_size is None or not self._tokens)
        ):
            raise RuntimeError(
                f"When using `output_mode={self.output_mode}` and `pad_to_max_tokens=False`, "
                "you must set the layer's vocabulary before calling it. Either pass a "
                "`vocabulary` argument to the layer, or call `adapt` with some sample data."
            )
        inputs = as_array(inputs)
        if self.invert:
            return self._invert(inputs)
        lookups = self._lookup(inputs)
        if self.output_mode == "int":
            return _core.convert_to_tensor(lookups)
        depth = self.max_tokens if self.pad_to_max_tokens else self._frozen_vocab_size
        lookups = _core.convert_to_tensor(lookups if lookups.ndim else lookups.reshape(1))
        if self.output_mode != "tf_idf":
            return encode_categories(lookups, self.output_mode, depth, "int64")
        if self.idf_weights is None:
            raise ValueError("When `output_mode` is `'tf_idf'`, `idf_weights` must be provided.")
        counts = encode_categories(lookups, "count", depth, "int64")
        weights = _core.convert_to_tensor(self.idf_weights)
        return _core.cast(counts, weights.dtype.name) * weights

    # -- shapes, configs, state ----------------------------------------------------------

    @property
    def output_dtype(self):
        if self.invert:
            return "string" if self.vocabulary_dtype == "string" else "int64"
        return "int64" if self.output_mode == "int" else config.floatx()

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        depth = self.max_tokens if self.pad_to_max_tokens else self._frozen_vocab_size
        input_shape = tuple(input_shape)
        if self.output_mode == "one_hot":
            if len(input_shape) > 1 and input_shape[-1] == 1:
                return input_shape[:-1] + (depth,)
            return input_shape + (depth,)
        return input_shape[:-1] + (depth,)

    def get_config(self):
        def listify(x):
            if isinstance(x, _core.Tensor):
                x = x.numpy()
            return x.tolist() if isinstance(x, np.ndarray) else x

        return {
            **super().get_config(),
            "invert": self.invert,
            "max_tokens": self.max_tokens,
            "num_oov_indices": self.num_oov_indices,
            "oov_token": self.oov_token,
            "mask_token": self.mask_token,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "pad_to_max_tokens": self.pad_to_max_tokens,
            "vocabulary_dtype": self.vocabulary_dtype,
            "idf_weights": listify(self.input_idf_weights),
            "vocabulary": listify(self.input_vocabulary),
            "vocabulary_size": self._frozen_vocab_size,
            "oov_method": self.oov_method,
            "salt": self.salt,
        }

    def get_build_config(self):
        return {}

    def build_from_config(self, config):
        self.built = True

    def save_own_variables(self, store):
        if self.output_mode == "tf_idf":
            store["idf_weights"] = np.asarray(self.idf_weights)

    def load_own_variables(self, store):
        if self.output_mode == "tf_idf":
            self.idf_weights = np.asarray(store["idf_weights"])

    def save_assets(self, dir_path):
        """An adapted vocabulary (one given in the config is saved there) as Keras saves
        it: `vocabulary.txt`, one token a line, special tokens included."""
        if self.input_vocabulary is not None:
            return
        with open(os.path.join(dir_path, "vocabulary.txt"), "w", encoding=self.encoding) as f:
            f.write("\n".join(str(token) for token in self.get_vocabulary()))

    def load_assets(self, dir_path):
        if self.input_vocabulary is not None:
            return
        with open(os.path.join(dir_path, "vocabulary.txt"), encoding=self.encoding) as f:
            lines = f.read().splitlines()
        while lines and lines[-1] == "":
            lines.pop()
        vocabulary = lines if self.vocabulary_dtype == "string" else [int(v) for v in lines]
        if self.output_mode == "tf_idf":
            self.set_vocabulary(vocabulary, idf_weights=np.asarray(self.idf_weights))
        else:
            self.set_vocabulary(vocabulary)
