"""`tf.strings` ops on each string alone: length, lower, upper, strip, substr.

`lower`/`upper` with the default `encoding=''` change ASCII letters only, which is
`bytes.lower`/`bytes.upper`; with 'utf-8' they decode, case-map every Unicode letter and
encode again. Lengths in 'UTF8_CHAR' count the bytes that do not continue a character
(TensorFlow's count: `(byte & 0xC0) != 0x80`).
"""

import operator

import numpy as np

from nnext.errors import InvalidArgumentError
from nnext.strings._values import as_values, elementwise, method, numbers_out, strings_out

__all__ = ["length", "lower", "strip", "substr", "upper"]

_UNITS = ("BYTE", "UTF8_CHAR")
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))
_byte_length = elementwise(len)
_without_continuations = method("translate", None, _CONTINUATION_BYTES)
_ascii_lower = method("lower")
_ascii_upper = method("upper")
_strip = method("strip")
_decode = method("decode", "utf-8", "surrogateescape")
_encode = method("encode", "utf-8", "surrogateescape")
_take = np.frompyfunc(operator.getitem, 2, 1)


def _check_unit(unit):
    if unit not in _UNITS:
        raise ValueError(f"unit must be one of {list(_UNITS)}, received: unit={unit!r}")


def length(input, unit="BYTE", name=None):
    """The length of each string (int32), in bytes or in UTF-8 characters.

    Example:
        >>> nnext.strings.length(["hi", "héllo"], unit="UTF8_CHAR").numpy()
        array([2, 5], dtype=int32)
    """
    _check_unit(unit)
    values = as_values(input)
    if unit == "UTF8_CHAR":
        values = _without_continuations(values)
    return numbers_out(_byte_length(values) if values.size else values, np.int32)


def _case_mapped(input, encoding, ascii_map, unicode_name):
    values = as_values(input)
    if not values.size:
        return strings_out(values)
    if encoding == "":
        return strings_out(ascii_map(values))
    if encoding.lower().replace("-", "") != "utf8":
        raise InvalidArgumentError(f"encoding must be '' or 'utf-8'. Received: {encoding!r}")
    return strings_out(_encode(method(unicode_name)(_decode(values))))


def lower(input, encoding="", name=None):
    """Each string in lower case (ASCII letters only unless `encoding='utf-8'`).

    Example:
        >>> nnext.strings.lower("CamelCase").numpy()
        b'camelcase'
    """
    return _case_mapped(input, encoding, _ascii_lower, "lower")


def upper(input, encoding="", name=None):
    """Each string in upper case (ASCII letters only unless `encoding='utf-8'`)."""
    return _case_mapped(input, encoding, _ascii_upper, "upper")


def strip(input, name=None):
    """Each string without its leading and trailing ASCII whitespace.

    Example:
        >>> nnext.strings.strip(["  hi \\n"]).numpy()
        array([b'hi'], dtype=object)
    """
    values = as_values(input)
    return strings_out(_strip(values) if values.size else values)


def substr(input, pos, len, unit="BYTE", name=None):
    """The substring of each string that starts at `pos` (negative: from the end) and is
    `len` long (or as long as the string allows; negative: to the end). `pos` and `len`
    broadcast against `input`.

    Raises:
        InvalidArgumentError: where `pos` lies outside a string.

    Example:
        >>> nnext.strings.substr(b"Hello", 1, 3).numpy()
        b'ell'
    """
    _check_unit(unit)
    values = as_values(input)
    if unit == "UTF8_CHAR":
        values = _decode(values) if values.size else values
    starts = np.asarray(pos, dtype=np.int64)
    sizes = np.asarray(len, dtype=np.int64)
    if starts.shape != sizes.shape:
        raise InvalidArgumentError(
            f"pos and len should have the same shape, got: {list(starts.shape)} vs. "
            f"{list(sizes.shape)}"
        )
    try:
        values, starts, sizes = np.broadcast_arrays(values, starts, sizes)
    except ValueError:
        raise InvalidArgumentError(
            f"Incompatible shapes: {list(values.shape)} vs. {list(starts.shape)}"
        ) from None
    lengths = np.asarray(_byte_length(values) if values.size else starts, dtype=np.int64)
    starts = np.where(starts < 0, starts + lengths, starts)
    bad = (starts < 0) | (starts > lengths)
    if bad.any():
        i = int(np.flatnonzero(bad.reshape(-1))[0])
        given = np.broadcast_to(np.asarray(pos, dtype=np.int64), values.shape).reshape(-1)
        if unit == "UTF8_CHAR":  # TensorFlow names no string for this unit
            raise InvalidArgumentError(f"pos {given[i]} out of range for string at index {i}")
        text = values.reshape(-1)[i].decode("utf-8", "replace")
        raise InvalidArgumentError(f"pos {given[i]} out of range for string b'{text}' at index {i}")
    stops = np.where(sizes < 0, lengths, np.minimum(starts + sizes, lengths))
    slices = np.frompyfunc(slice, 2, 1)(starts, stops)
    out = _take(values, slices) if values.size else values
    if unit == "UTF8_CHAR" and values.size:
        out = _encode(out)
    return strings_out(out)
