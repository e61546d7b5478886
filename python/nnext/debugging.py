"""``tf.print`` and ``tf.debugging`` (this module is the namespace): printing tensors as
TensorFlow's print op does, and the ``assert_*`` checks, which raise ValueError (an
InvalidArgumentError in TensorFlow) naming the condition that failed.
"""

import sys

import numpy as np

from nnext import _core, nest
from nnext.function_effects import register_call
from nnext.math_ops import is_non_decreasing, is_strictly_increasing

__all__ = [
    "Assert",
    "assert_all_finite",
    "assert_equal",
    "assert_greater",
    "assert_greater_equal",
    "assert_integer",
    "assert_less",
    "assert_less_equal",
    "assert_near",
    "assert_negative",
    "assert_non_negative",
    "assert_non_positive",
    "assert_none_equal",
    "assert_positive",
    "assert_proper_iterable",
    "assert_rank",
    "assert_rank_at_least",
    "assert_rank_in",
    "assert_scalar",
    "assert_shapes",
    "assert_type",
    "check_numerics",
    "disable_check_numerics",
    "enable_check_numerics",
    "is_non_decreasing",
    "is_numeric_tensor",
    "is_strictly_increasing",
    "print",
    "set_log_device_placement",
]


def _t(x):
    return x if isinstance(x, _core.Tensor) else _core.convert_to_tensor(x)


# -- tf.print ------------------------------------------------------------------------------


def _number(value):
    """One element as TensorFlow's print op writes it (shortest of %g-style forms that
    reads back exactly, like its SimpleFtoa/SimpleDtoa)."""
    if isinstance(value, (np.bool_, bool)):
        return "1" if value else "0"
    if isinstance(value, np.floating):
        if np.isnan(value):
            return "nan"
        if np.isinf(value):
            return "inf" if value > 0 else "-inf"
        digits = (6, 9) if value.dtype == np.float32 else (15, 17)
        for d in digits:
            text = f"{float(value):.{d}g}"
            if type(value)(text) == value:
                return text
        return text
    return str(value)


def _format_array(arr, summarize):
    if arr.ndim == 0:
        return _number(arr[()])

    def rows(a, depth):
        n = a.shape[0]
        cut = summarize is not None and summarize >= 0 and n > 2 * summarize
        picks = (
            list(range(summarize)) + [None] + list(range(n - summarize, n))
            if cut
            else list(range(n))
        )
        if a.ndim == 1:
            return "[" + " ".join("..." if i is None else _number(a[i]) for i in picks) + "]"
        gap = "\n" * (a.ndim - 1) + " " * (depth + 1)
        parts = ["..." if i is None else rows(a[i], depth + 1) for i in picks]
        return "[" + gap.join(parts) + "]"

    return rows(arr, 0)


def _format(value, summarize):
    if isinstance(value, _core.Tensor):
        return _format_array(np.asarray(value), summarize)
    if isinstance(value, str):
        return value
    if nest.is_nested(value):
        marked = nest.map_structure(lambda v: _Raw(_format(v, summarize)), value)
        return repr(marked)
    return str(value)


class _Raw(str):
    def __repr__(self):
        return str(self)


def print(*inputs, output_stream=None, summarize=3, sep=" ", end="\n", name=None):
    """Prints ``inputs`` as TensorFlow's ``tf.print``: tensors without dtype or shape,
    summarised to ``summarize`` leading and trailing entries per axis (-1 or None: all).

    Args:
        *inputs: tensors, Python values, strings, or nested lists/dicts of them.
        output_stream: ``sys.stderr`` (the default), ``sys.stdout``, a file object, or a
            ``'file://path'`` string to append to.

    Example:
        >>> nnext.print("loss:", nnext.constant([1.5, 2.0]), output_stream=sys.stdout)
        loss: [1.5 2]
    """
    # Inside a tf.function, it prints on every call, replayed ones too (as TF's print op).
    register_call(
        print,
        inputs,
        {"output_stream": output_stream, "summarize": summarize, "sep": sep, "end": end},
    )
    text = sep.join(_format(v, summarize) for v in inputs) + end
    stream = sys.stderr if output_stream is None else output_stream
    if isinstance(stream, str):
        if not stream.startswith("file://"):
            raise ValueError(
                f"Unsupported output stream, logging level, or file.{stream}. "
                "Supported streams are sys.stdout, sys.stderr, or a file path "
                "prefixed by 'file://'."
            )
        with open(stream[len("file://") :], "a") as f:
            f.write(text)
        return
    stream.write(text)


# -- assertions ----------------------------------------------------------------------------


def _fail(message, condition, *details):
    lines = ([message] if message else []) + [condition] + [d for d in details if d]
    raise ValueError("\n".join(lines))


def _first(x, summarize=3):
    return _format_array(np.asarray(x).reshape(-1)[: summarize or 3], -1)


def _compare(x, y, op, symbol, message, summarize):
    x, y = _t(x), _t(y)
    if x.size == 0 or y.size == 0:
        return
    if not bool(_core.reduce_all(op(x, y))):
        _fail(
            message,
            f"Condition x {symbol} y did not hold.",
            f"First {summarize or 3} elements of x:\n{_first(x, summarize)}",
            f"First {summarize or 3} elements of y:\n{_first(y, summarize)}",
        )
    return


def assert_equal(x, y, message=None, summarize=None, name=None):
    """Raises ValueError unless ``x == y`` everywhere (broadcasting)."""
    return _compare(x, y, _core.equal, "==", message, summarize)


def assert_none_equal(x, y, message=None, summarize=None, name=None):
    """Raises ValueError unless ``x != y`` everywhere."""
    return _compare(x, y, _core.not_equal, "!=", message, summarize)


def assert_less(x, y, message=None, summarize=None, name=None):
    """Raises ValueError unless ``x < y`` everywhere."""
    return _compare(x, y, _core.less, "<", message, summarize)


def assert_less_equal(x, y, message=None, summarize=None, name=None):
    """Raises ValueError unless ``x <= y`` everywhere."""
    return _compare(x, y, _core.less_equal, "<=", message, summarize)


def assert_greater(x, y, message=None, summarize=None, name=None):
    """Raises ValueError unless ``x > y`` everywhere."""
    return _compare(x, y, _core.greater, ">", message, summarize)


def assert_greater_equal(x, y, message=None, summarize=None, name=None):
    """Raises ValueError unless ``x >= y`` everywhere."""
    return _compare(x, y, _core.greater_equal, ">=", message, summarize)


def _sign_check(x, op, condition, message, summarize):
    x = _t(x)
    if x.size and not bool(_core.reduce_all(op(x, 0))):
        _fail(message, condition, f"First {summarize or 3} elements of x:\n{_first(x, summarize)}")


def assert_positive(x, message=None, summarize=None, name=None):
    """Raises ValueError unless ``x > 0`` everywhere."""
    _sign_check(x, _core.greater, "Condition x > 0 did not hold element-wise:", message, summarize)


def assert_negative(x, message=None, summarize=None, name=None):
    """Raises ValueError unless ``x < 0`` everywhere."""
    _sign_check(x, _core.less, "Condition x < 0 did not hold element-wise:", message, summarize)


def assert_non_negative(x, message=None, summarize=None, name=None):
    """Raises ValueError unless ``x >= 0`` everywhere."""
    _sign_check(
        x, _core.greater_equal, "Condition x >= 0 did not hold element-wise:", message, summarize
    )


def assert_non_positive(x, message=None, summarize=None, name=None):
    """Raises ValueError unless ``x <= 0`` everywhere."""
    _sign_check(
        x, _core.less_equal, "Condition x <= 0 did not hold element-wise:", message, summarize
    )


def assert_near(x, y, rtol=None, atol=None, message=None, summarize=None, name=None):
    """Raises ValueError unless ``|x - y| <= atol + rtol * |y|`` everywhere (defaults:
    ``10 * eps`` of the dtype)."""
    x, y = _t(x), _t(y)
    eps = float(np.finfo(x.dtype.name).eps) if x.dtype.is_floating else 0.0
    rtol = 10 * eps if rtol is None else rtol
    atol = 10 * eps if atol is None else atol
    diff = _core.abs(_core.subtract(x, y))
    bound = _core.add(_core.multiply(_core.abs(y), rtol), atol)
    if x.size and not bool(_core.reduce_all(_core.less_equal(diff, bound))):
        _fail(
            message,
            f"x and y not equal to tolerance rtol = {rtol}, atol = {atol}",
            f"x (shape={tuple(x.shape)}) = {_first(x, summarize)}",
            f"y (shape={tuple(y.shape)}) = {_first(y, summarize)}",
        )


def assert_rank(x, rank, message=None, name=None):
    """Raises ValueError unless ``x`` has rank ``rank``."""
    x = _t(x)
    if x.ndim != int(rank):
        _fail(
            message,
            f"Tensor must have rank {int(rank)}.  Received rank {x.ndim}, shape {tuple(x.shape)}",
        )


def assert_rank_at_least(x, rank, message=None, name=None):
    """Raises ValueError unless ``x`` has rank ``rank`` or more."""
    x = _t(x)
    if x.ndim < int(rank):
        _fail(
            message,
            f"Tensor must have rank at least {int(rank)}.  Received rank {x.ndim}, "
            f"shape {tuple(x.shape)}",
        )


def assert_rank_in(x, ranks, message=None, name=None):
    """Raises ValueError unless the rank of ``x`` is one of ``ranks``."""
    x = _t(x)
    ranks = [int(r) for r in ranks]
    if x.ndim not in ranks:
        _fail(
            message,
            f"Tensor must have rank in {tuple(ranks)}.  Received rank {x.ndim}, "
            f"shape {tuple(x.shape)}",
        )


def assert_scalar(tensor, message=None, name=None):
    """Raises ValueError unless ``tensor`` is 0-d; returns it."""
    x = _t(tensor)
    if x.ndim != 0:
        _fail(message, f"Expected scalar shape, saw shape: {tuple(x.shape)}.")
    return x


def assert_type(tensor, tf_type, message=None, name=None):
    """Raises TypeError unless ``tensor`` has dtype ``tf_type``."""
    x = _t(tensor)
    if x.dtype != tf_type:
        raise TypeError(
            f"{message + ' ' if message else ''}{x!r:.40} must be of type "
            f"{tf_type!r}; got {x.dtype!r}"
        )


def assert_integer(x, message=None, name=None):
    """Raises TypeError unless ``x`` has an integer dtype."""
    x = _t(x)
    if not x.dtype.is_integer:
        raise TypeError(f"{message + ' ' if message else ''}Expected integer type, got {x.dtype!r}")


def assert_proper_iterable(values):
    """Raises TypeError for a tensor, array or string (not a proper iterable of values)."""
    if isinstance(values, (_core.Tensor, np.ndarray, str, bytes)) or not hasattr(
        values, "__iter__"
    ):
        raise TypeError(
            f"Expected argument 'values' to be a \"proper\" iterable. Found: {type(values)}"
        )


def assert_shapes(shapes, data=None, summarize=None, message=None, name=None):
    """Checks ``[(tensor, shape), ...]`` where shapes hold ints or symbols (``'N'``) that
    must take the same size wherever they appear.

    Raises:
        ValueError: on a rank or size mismatch, naming the symbol.
    """
    sizes = {}
    items = shapes.items() if isinstance(shapes, dict) else shapes
    for tensor, spec in items:
        x = _t(tensor)
        spec = list(spec)  # "NHW" and ["N", 3] alike
        if x.ndim != len(spec):
            _fail(
                message,
                f"Specified by tensor {x!r:.40} dimension {len(spec)}.  Tensor has "
                f"rank {x.ndim}: shape {tuple(x.shape)}",
            )
        for d, (size, want) in enumerate(zip(x.shape, spec)):
            if isinstance(want, str):
                if want in (".", "*"):
                    continue
                if sizes.setdefault(want, size) != size:
                    _fail(
                        message,
                        f"Specified by tensor dimension {d}.  Tensor dimension "
                        f"'{want}' must have size {sizes[want]}.  Received size "
                        f"{size}, shape {tuple(x.shape)}",
                    )
            elif want is not None and int(want) != size:
                _fail(
                    message,
                    f"Specified explicitly. Tensor dimension {d} must have size "
                    f"{int(want)}.  Received size {size}, shape {tuple(x.shape)}",
                )


def check_numerics(tensor, message, name=None):
    """``tensor`` itself; raises ValueError if it holds a NaN or an infinity."""
    x = _t(tensor)
    if x.dtype.is_floating and x.size and not bool(_core.reduce_all(_core.is_finite(x))):
        kind = "NaN" if bool(_core.reduce_any(_core.is_nan(x))) else "Inf"
        raise ValueError(f"{message} : Tensor had {kind} values")
    return x


def assert_all_finite(x, message, name=None):
    """``check_numerics`` under its ``tf.debugging`` name."""
    return check_numerics(x, message)


def is_numeric_tensor(tensor):
    """True for a Tensor of a numeric (integer or floating) dtype."""
    return isinstance(tensor, _core.Tensor) and tensor.dtype.name != "bool"


def Assert(condition, data, summarize=None, name=None):
    """Raises ValueError listing ``data`` when the scalar bool ``condition`` is false."""
    if not bool(_t(condition)):
        shown = ", ".join(_format(d, summarize if summarize is not None else 3) for d in data)
        raise ValueError(f"Expected '{condition!r:.60}' to be true. Summarized data: {shown}")


def set_log_device_placement(enabled):
    """Accepted: every op runs on the CPU, so there is no placement to log."""


def enable_check_numerics(stack_height_limit=30, path_length_limit=50):
    """Accepted for compatibility; call ``check_numerics`` on the tensors to check."""


def disable_check_numerics():
    """Accepted for compatibility (see ``enable_check_numerics``)."""
