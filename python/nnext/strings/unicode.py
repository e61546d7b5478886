"""`tf.strings.unicode_decode`, `unicode_decode_with_offsets`, `unicode_split`,
`unicode_split_with_offsets`, `unicode_encode` and `unicode_transcode`.

Encodings are UTF-8, UTF-16-BE and UTF-32-BE. An invalid sequence becomes one
`replacement_char` per maximal invalid subsequence (errors='replace', Python's codecs and
ICU agree), is dropped ('ignore') or raises InvalidArgumentError ('strict'). Ragged results
take the form of splitting.py: a dense tensor for a scalar, nested lists otherwise.
"""

import codecs
import threading

import numpy as np

from nnext import _core
from nnext.errors import InvalidArgumentError
from nnext.strings._values import as_values, elementwise, numbers_out, strings_out
from nnext.strings.splitting import byte_strings, ragged

__all__ = [
    "unicode_decode",
    "unicode_decode_with_offsets",
    "unicode_encode",
    "unicode_split",
    "unicode_split_with_offsets",
    "unicode_transcode",
]

_CODECS = {"utf8": "utf-8", "utf16be": "utf-16-be", "utf32be": "utf-32-be"}
_ERRORS = ("replace", "ignore", "strict")
# Invalid input runs decode to lone surrogates (which valid input never yields) that index
# the runs recorded for this thread: offsets and replacements are then known per character.
_state = threading.local()


def _record_invalid(error):
    _state.runs.append(error.end - error.start)
    return chr(0xDC00 + len(_state.runs) - 1), error.end


codecs.register_error("nnext_invalid_runs", _record_invalid)


def _codec(encoding, direction):
    codec = _CODECS.get(encoding.lower().replace("-", "").replace("_", ""))
    if codec is None:
        raise InvalidArgumentError(
            f"Could not create converter for {direction} encoding: {encoding}"
        )
    return codec


def _check_errors(errors):
    if errors not in _ERRORS:
        raise ValueError(f"errors must be one of {list(_ERRORS)}. Received: errors={errors!r}")


def _decoded(b, codec, errors, replacement_char, replace_control_characters):
    """(code points, byte offsets) of one string."""
    _state.runs = runs = []
    text = b.decode(codec, "nnext_invalid_runs")
    width = {"utf-8": None, "utf-16-be": 2, "utf-32-be": 4}[codec]
    points, offsets, at = [], [], 0
    for c in text:
        p = ord(c)
        if 0xDC00 <= p < 0xDC00 + len(runs):
            size = runs[p - 0xDC00]
            if errors == "strict":
                raise InvalidArgumentError(f"Invalid formatting on input string: {b!r}")
            if errors == "replace":
                points.append(replacement_char)
                offsets.append(at)
            at += size
            continue
        if replace_control_characters and (p < 0x20 or 0x7F <= p < 0xA0):
            p = replacement_char
        points.append(p)
        offsets.append(at)
        at += len(c.encode(codec)) if width is None else (width if p < 0x10000 else 4)
    return points, offsets


def _decode_all(input, input_encoding, errors, replacement_char, replace_control_characters):
    codec = _codec(input_encoding, "input")
    _check_errors(errors)

    def one(b):
        return _decoded(b, codec, errors, replacement_char, replace_control_characters)

    return as_values(input), one


def unicode_decode(
    input,
    input_encoding,
    errors="replace",
    replacement_char=65533,
    replace_control_characters=False,
    name=None,
):
    """Each string as its Unicode code points (int32; ragged as splitting.py says).

    Example:
        >>> nnext.strings.unicode_decode("hé", "UTF-8").numpy()
        array([104, 233], dtype=int32)
    """
    values, one = _decode_all(
        input, input_encoding, errors, replacement_char, replace_control_characters
    )
    return ragged(values, lambda b: one(b)[0], lambda p: numbers_out(p, np.int32))


def unicode_decode_with_offsets(
    input,
    input_encoding,
    errors="replace",
    replacement_char=65533,
    replace_control_characters=False,
    name=None,
):
    """`unicode_decode` and the byte offset where each character starts (int64).

    Example:
        >>> points, offsets = nnext.strings.unicode_decode_with_offsets("hé!", "UTF-8")
        >>> offsets.numpy()
        array([0, 1, 3])
    """
    values, one = _decode_all(
        input, input_encoding, errors, replacement_char, replace_control_characters
    )
    if values.ndim == 0:
        points, offsets = one(values[()])
        return numbers_out(points, np.int32), numbers_out(offsets, np.int64)
    return (
        ragged(values, lambda b: one(b)[0], None),
        ragged(values, lambda b: one(b)[1], None),
    )


def _characters(b, offsets):
    ends = offsets[1:] + [len(b)]
    return [b[start:end] for start, end in zip(offsets, ends)]


def unicode_split(input, input_encoding, errors="replace", replacement_char=65533, name=None):
    """Each string as its characters, each a string in the input's encoding.

    Example:
        >>> nnext.strings.unicode_split("hé", "UTF-8").numpy()
        array([b'h', b'\\xc3\\xa9'], dtype=object)
    """
    return unicode_split_with_offsets(input, input_encoding, errors, replacement_char)[0]


def unicode_split_with_offsets(
    input, input_encoding, errors="replace", replacement_char=65533, name=None
):
    """`unicode_split` and the byte offset where each character starts (int64).

    Characters are the input's bytes between offsets, as TensorFlow slices them; an
    invalid run is its own piece.
    """
    values, one = _decode_all(input, input_encoding, errors, replacement_char, False)

    def pieces(b):
        return _characters(b, one(b)[1])

    if values.ndim == 0:
        b = values[()]
        return byte_strings(pieces(b)), numbers_out(one(b)[1], np.int64)
    return ragged(values, pieces, None), ragged(values, lambda b: one(b)[1], None)


def _encoded(points, codec, errors, replacement_char):
    chars = []
    for p in points:
        p = int(p)
        if 0 <= p <= 0x10FFFF and not 0xD800 <= p < 0xE000:
            chars.append(chr(p))
        elif errors == "strict":
            raise InvalidArgumentError(f"Invalid code point: {p}")
        elif errors == "replace":
            chars.append(chr(replacement_char))
    return "".join(chars).encode(codec)


def unicode_encode(input, output_encoding, errors="replace", replacement_char=65533, name=None):
    """Code points (int32, last axis: the characters of one string; or lists of them) as
    strings, one rank lower.

    Example:
        >>> nnext.strings.unicode_encode([[71, 111], [104, 233]], "UTF-8").numpy()
        array([b'Go', b'h\\xc3\\xa9'], dtype=object)
    """
    codec = _codec(output_encoding, "output")
    _check_errors(errors)
    if isinstance(input, list) and input and isinstance(input[0], list):
        try:
            rows = _core.convert_to_tensor(input).numpy()
        except (ValueError, TypeError):  # ragged rows of code points
            return byte_strings([_encoded(r, codec, errors, replacement_char) for r in input])
    else:
        rows = input.numpy() if isinstance(input, _core.Tensor) else np.asarray(input)
    if rows.ndim == 0:
        raise InvalidArgumentError("unicode_encode: input must have rank 1 or more")
    flat = rows.reshape(-1, rows.shape[-1]) if rows.size else rows.reshape(-1, 0)
    out = [_encoded(r, codec, errors, replacement_char) for r in flat]
    strings = np.empty(len(out), dtype=object)
    strings[:] = out
    return strings_out(strings.reshape(rows.shape[:-1]))


def unicode_transcode(
    input,
    input_encoding,
    output_encoding,
    errors="replace",
    replacement_char=65533,
    replace_control_characters=False,
    name=None,
):
    """Each string re-encoded from `input_encoding` to `output_encoding`.

    Example:
        >>> nnext.strings.unicode_transcode("hé", "UTF-8", "UTF-16-BE").numpy()
        b'\\x00h\\x00\\xe9'
    """
    values, one = _decode_all(
        input, input_encoding, errors, replacement_char, replace_control_characters
    )
    codec = _codec(output_encoding, "output")

    def transcode(b):
        return _encoded(one(b)[0], codec, "replace", replacement_char)

    return strings_out(elementwise(transcode)(values) if values.size else values)
