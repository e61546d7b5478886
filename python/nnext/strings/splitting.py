"""`tf.strings.split`, `bytes_split` and `ngrams`.

TensorFlow returns a RaggedTensor for inputs of rank 1 or more; nnext has none, so these
return the ragged value as Python lists (what `RaggedTensor.to_list()` gives: a list per
string, of bytes, or of ints for `unicode_decode`), nested as the input's shape. A scalar
input gives a dense 1-D tensor, as TensorFlow's (unicode.py shares this form).
"""

import numpy as np

from nnext.errors import InvalidArgumentError
from nnext.strings._values import (
    as_values,
    method,
    scalar_text,
    strings_out,
)

__all__ = ["bytes_split", "ngrams", "split"]


def ragged(values, split_one, dense):
    """`split_one` (bytes -> list) over `values`: a dense tensor for a scalar, nested
    Python lists otherwise."""
    if values.ndim == 0:
        return dense(split_one(values[()]))
    if not values.size:
        return np.empty(values.shape).tolist()
    rows = np.frompyfunc(split_one, 1, 1)(values)
    return rows.tolist()


def byte_strings(pieces):
    out = np.empty(len(pieces), dtype=object)
    out[:] = pieces
    return strings_out(out)


def split(input, sep=None, maxsplit=-1, name=None):
    """Splits each string at `sep` (None or '': runs of ASCII whitespace, dropping empty
    pieces), at most `maxsplit` times.

    Returns:
        For a scalar, a 1-D string tensor; otherwise nested lists of bytes (TensorFlow's
        RaggedTensor as `to_list()` shows it).

    Example:
        >>> nnext.strings.split(["hello world", "a b c"])
        [[b'hello', b'world'], [b'a', b'b', b'c']]
    """
    values = as_values(input)
    sep = b"" if sep is None else scalar_text(sep, "sep")
    limit = -1 if maxsplit is None or maxsplit < 0 else int(maxsplit)
    split_one = method("split", sep or None, limit)
    return ragged(values, split_one, byte_strings)


def bytes_split(input, name=None):
    """Each string as its single bytes (ragged as in `split`).

    Example:
        >>> nnext.strings.bytes_split("hi").numpy()
        array([b'h', b'i'], dtype=object)
    """
    values = as_values(input)
    return ragged(values, lambda b: [b[i : i + 1] for i in range(len(b))], byte_strings)


def ngrams(
    data,
    ngram_width,
    separator=" ",
    pad_values=None,
    padding_width=None,
    preserve_short_sequences=False,
    name=None,
):
    """The n-grams of a token sequence: each run of `ngram_width` consecutive tokens (each
    width in turn, for a list of widths) joined by `separator`, after `padding_width`
    copies of `pad_values` (a string, or a `(left, right)` pair) on each side.

    `data` is a 1-D string tensor (giving a 1-D tensor) or nested lists of tokens, as
    `split` returns (giving lists of n-gram lists).

    Example:
        >>> nnext.strings.ngrams(["a", "b", "c"], 2).numpy()
        array([b'a b', b'b c'], dtype=object)
    """
    widths = [ngram_width] if isinstance(ngram_width, int) else list(ngram_width)
    if any(w <= 0 for w in widths):
        raise InvalidArgumentError(f"ngram_widths must contain positive values: {widths}")
    separator = scalar_text(separator, "separator")
    if pad_values is None:
        left = right = None
    elif isinstance(pad_values, (tuple, list)):
        left, right = (scalar_text(v, "pad_values") for v in pad_values)
    else:
        left = right = scalar_text(pad_values, "pad_values")
    if padding_width is not None and padding_width <= 0:
        raise ValueError(f"padding_width must be a positive integer. Received: {padding_width}")

    def grams(tokens):
        out = []
        for w in widths:
            pad = 0 if left is None else (w - 1 if padding_width is None else padding_width)
            seq = [left] * pad + list(tokens) + [right] * pad
            found = [separator.join(seq[i : i + w]) for i in range(len(seq) - w + 1)]
            if not found and preserve_short_sequences and tokens:
                found = [separator.join(seq)]
            out.extend(found)
        return out

    if isinstance(data, list) and (not data or isinstance(data[0], list)):
        return [
            ngrams(row, ngram_width, separator, pad_values, padding_width, preserve_short_sequences)
            if row and isinstance(row[0], list)
            else grams([scalar_text(t, "data") for t in row])
            for row in data
        ]
    values = as_values(data)
    if values.ndim != 1:
        raise ValueError(
            f"ngrams takes a 1-D tensor of tokens or lists of token lists; got shape {values.shape}"
        )
    return byte_strings(grams(values.tolist()))
