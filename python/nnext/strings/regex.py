"""`tf.strings.regex_full_match` and `tf.strings.regex_replace` with RE2's meaning.

Patterns run on the UTF-8 text (decoded with surrogateescape, so any bytes survive) under
Python's `re` with `re.ASCII`: as in RE2, `.` matches one character and `\\w`, `\\d`, `\\s`
and `\\b` are ASCII classes. RE2's rewrite `\\0`..`\\9` (and `\\\\` for a backslash) becomes
Python's `\\g<n>` template. RE2-only syntax that Python's `re` lacks raises
InvalidArgumentError as TensorFlow does for an invalid pattern.
"""

import functools
import re

import numpy as np

from nnext.errors import InvalidArgumentError
from nnext.strings._values import as_values, elementwise, method, numbers_out, strings_out

__all__ = ["regex_full_match", "regex_replace"]

_decode = method("decode", "utf-8", "surrogateescape")
_encode = method("encode", "utf-8", "surrogateescape")
_RE2_REWRITE = re.compile(r"\\(\d|\\)|\\")


def _text(value, name):
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    if isinstance(value, str):
        return value
    values = as_values(value)
    if values.ndim != 0:
        raise ValueError(f"`{name}` must be a scalar string. Received: {name}={value!r}")
    return values[()].decode("utf-8", "surrogateescape")


@functools.lru_cache(maxsize=256)
def _compiled(pattern):
    try:
        return re.compile(pattern, re.ASCII)
    except re.error as e:
        raise InvalidArgumentError(f"Invalid pattern: {pattern}, error: {e}") from None


def _python_template(rewrite):
    """RE2's rewrite string as a Python `re` template."""

    def piece(match):
        if match.group(1) is None:
            raise InvalidArgumentError(f"Invalid rewrite pattern: {rewrite}")
        return "\\\\" if match.group(1) == "\\" else f"\\g<{match.group(1)}>"

    return _RE2_REWRITE.sub(piece, rewrite)


def regex_full_match(input, pattern, name=None):
    """Whether each whole string matches `pattern` (a bool tensor).

    Example:
        >>> nnext.strings.regex_full_match(["TF lib", "lib TF"], ".*lib$").numpy()
        array([ True, False])
    """
    values = as_values(input)
    regex = _compiled(_text(pattern, "pattern"))
    if not values.size:
        return numbers_out(np.zeros(values.shape, bool), bool)
    matches = elementwise(regex.fullmatch)(_decode(values))
    return numbers_out(np.not_equal(matches, None), bool)


def regex_replace(input, pattern, rewrite, replace_global=True, name=None):
    """Each string with the matches of `pattern` replaced by `rewrite` (`\\1` is the first
    group, `\\0` the whole match); only the first match unless `replace_global`.

    Example:
        >>> nnext.strings.regex_replace("Text with tags.<br /><b>", "<[^>]+>", " ").numpy()
        b'Text with tags.  '
    """
    values = as_values(input)
    regex = _compiled(_text(pattern, "pattern"))
    template = _python_template(_text(rewrite, "rewrite"))
    if not values.size:
        return strings_out(values)
    substitute = functools.partial(regex.sub, template, count=0 if replace_global else 1)
    return strings_out(_encode(elementwise(substitute)(_decode(values))))
