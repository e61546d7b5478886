"""`tf.strings.as_string`, `tf.strings.to_number` and `tf.strings.format`: numbers to text
and back.

`as_string` builds TensorFlow's printf format (`%{fill}{width}.{precision}{d|f|e|g}`) and
applies it with `np.char.mod`; bools print 'true'/'false'. `to_number` checks every string
against the grammar TensorFlow's parser accepts (decimal and exponent forms, inf, nan,
surrounding whitespace; no '_' digit separators, which Python's float() would take), then
converts with NumPy.
"""

import re

import numpy as np

from nnext import _core, dtypes
from nnext import string_tensor as _string_tensor
from nnext.errors import InvalidArgumentError
from nnext.strings._values import (
    as_values,
    elementwise,
    numbers_out,
    numeric_array,
    strings_out,
)

__all__ = ["as_string", "format", "to_number"]

_FILLS = ("", " ", "+", "-", "0", "#")
_FLOAT = re.compile(
    rb"\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)\s*", re.IGNORECASE
)
_INT = re.compile(rb"\s*[+-]?\d+\s*")
_NUMBER_TYPES = ("float32", "float64", "int32", "int64")


def as_string(input, precision=-1, scientific=False, shortest=False, width=-1, fill="", name=None):
    """Each element of a numeric (or string) tensor as a string.

    Floats print as C's `%f` (`%e` with `scientific`, `%g` with `shortest`) with
    `precision` digits; `width` pads to that many characters with `fill` (' ' or '0';
    '-' left-aligns, '+' shows the sign).

    Example:
        >>> nnext.strings.as_string([3.14159, 2.0], precision=2).numpy()
        array([b'3.14', b'2.00'], dtype=object)
    """
    strings = _string_tensor.string_values(input)
    array = strings if strings is not None else numeric_array(input)
    kind = "string" if strings is not None else np.dtype(array.dtype).kind
    if kind not in "f" and kind != "string":
        if scientific or shortest:
            raise InvalidArgumentError(
                f"scientific and shortest format not supported for datatype "
                f"{dtypes.as_dtype(array.dtype).name}"
            )
        if precision > -1:
            raise InvalidArgumentError(
                f"precision not supported for datatype {dtypes.as_dtype(array.dtype).name}"
            )
    if len(fill) > 1:
        raise InvalidArgumentError("Fill string must be one or fewer characters")
    if scientific and shortest:
        raise InvalidArgumentError("Cannot select both scientific and shortest notation")
    if fill not in _FILLS:
        raise InvalidArgumentError(f'Fill argument not supported: "{fill}"')
    if kind == "b":
        return strings_out(np.where(array, b"true", b"false").astype(object))
    if kind == "string" and width <= 0:
        return strings_out(array)
    spec = "%" + (f"{fill}{width}" if width > 0 else "")
    spec += f".{precision}" if precision > -1 else ""
    conversion = {"f": "g" if shortest else "e" if scientific else "f", "string": "s"}
    spec += conversion.get(kind, "d")
    if kind == "string":
        values = np.char.mod(spec.encode(), array.astype(bytes))
    else:
        values = np.strings.encode(np.char.mod(spec, array), "ascii")
    return strings_out(values.astype(object))


def to_number(input, out_type=dtypes.float32, name=None):
    """Each string parsed as a number of `out_type` (float32, float64, int32 or int64).

    Raises:
        InvalidArgumentError: 'StringToNumberOp could not correctly convert string: ...'
            for a string that is no number of that type (or out of its range).

    Example:
        >>> nnext.strings.to_number(["1.5", "-2"]).numpy()
        array([ 1.5, -2. ], dtype=float32)
    """
    out = dtypes.as_dtype(out_type)
    if out.name not in _NUMBER_TYPES:
        raise TypeError(
            f"Value passed to parameter 'out_type' has DataType {out.name} not in list of "
            f"allowed values: {', '.join(_NUMBER_TYPES)}"
        )
    values = as_values(input)
    grammar = _FLOAT if out.is_floating else _INT
    if values.size:
        parsed = elementwise(grammar.fullmatch)(values)
        bad = np.asarray(np.equal(parsed, None))
        if out.is_integer and not bad.any():
            numbers = np.asarray(elementwise(int)(values), dtype=object)
            info = np.iinfo(out.name)
            bad = np.asarray((numbers < info.min) | (numbers > info.max), dtype=bool)
        if bad.any():
            text = values.reshape(-1)[int(np.flatnonzero(bad.reshape(-1))[0])]
            raise InvalidArgumentError(
                "StringToNumberOp could not correctly convert string: "
                + text.decode("utf-8", "replace")
            )
        if out.is_integer:
            return numbers_out(numbers.astype(out.name), out.name)
        return numbers_out(np.asarray(elementwise(float)(values), np.float64), out.name)
    return numbers_out(np.zeros(values.shape), out.name)


# absl::CEscape, which TensorFlow's printed string elements go through: the C escapes,
# and every other byte outside printable ASCII as a three-digit octal escape.
_C_ESCAPES = {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", ord('"'): '\\"'}
_C_ESCAPES.update({ord("'"): "\\'", ord("\\"): "\\\\"})
_C_ESCAPE_TABLE = [
    _C_ESCAPES.get(b, chr(b) if 0x20 <= b < 0x7F else f"\\{b:03o}") for b in range(256)
]


def _element_text(value, kind):
    if kind == "string":
        return '"' + "".join(_C_ESCAPE_TABLE[b] for b in value) + '"'
    if kind == "b":
        return "1" if value else "0"
    if kind == "f":
        return f"{float(value):.6g}"
    return str(int(value))


def _summarized(array, kind, summarize, depth=0):
    """TensorFlow's SummarizeValue text of an array: '[1 2 ... 9 10]' past `summarize`
    elements at each end of an axis (negative: all), nested brackets per axis."""
    if not isinstance(array, np.ndarray):  # an element of a 1-D array
        return _element_text(array, kind)
    if array.ndim == 0:
        return _element_text(array[()], kind)
    n = array.shape[0]
    if 0 <= summarize and 2 * summarize < n:
        parts = [_summarized(array[i], kind, summarize, depth + 1) for i in range(summarize)]
        parts.append("...")
        parts += [
            _summarized(array[i], kind, summarize, depth + 1) for i in range(n - summarize, n)
        ]
    else:
        parts = [_summarized(row, kind, summarize, depth + 1) for row in array]
    joiner = " " if array.ndim == 1 else "\n" + " " * (depth + 1)
    return "[" + joiner.join(parts) + "]"


def format(template, inputs, placeholder="{}", summarize=3, name=None):
    """`template` with each `placeholder` replaced by the text of one tensor of `inputs`
    (a tensor or a list of them), elided past `summarize` elements per axis end.

    Example:
        >>> nnext.strings.format("x = {}", nnext.constant([1, 2])).numpy()
        b'x = [1 2]'
    """
    if not isinstance(inputs, (list, tuple)):
        inputs = [inputs]
    pieces = template.split(placeholder)
    if len(pieces) - 1 != len(inputs):
        raise ValueError(
            f"The template expects {len(pieces) - 1} tensors, but the inputs only has "
            f"{len(inputs)}. Template: '{template}'. Inputs: {inputs}"
        )
    texts = []
    for x in inputs:
        strings = _string_tensor.string_values(x)
        if strings is not None:
            texts.append(_summarized(strings, "string", summarize))
        else:
            array = x.numpy() if isinstance(x, _core.Tensor) else numeric_array(x)
            texts.append(_summarized(np.asarray(array), np.dtype(array.dtype).kind, summarize))
    out = pieces[0] + "".join(t + p for t, p in zip(texts, pieces[1:]))
    return strings_out(np.array(out.encode("utf-8"), dtype=object))
