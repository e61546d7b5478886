"""Elementwise maths and reductions (``nnext.math``), all computed by the C++ core.

Every elementwise function broadcasts like NumPy and promotes dtypes like NumPy 2 (Python
scalars are weak: ``float32_tensor * 2.0`` stays float32).
"""

from nnext import _core
from nnext._core import (  # the rows of cpp/ops/elementwise.def, plus cast and clip  # reductions
    abs,
    add,
    argmax,
    argmin,
    cast,
    clip_by_value,
    cos,
    divide,
    equal,
    exp,
    floordiv,
    greater,
    greater_equal,
    is_finite,
    is_inf,
    is_nan,
    less,
    less_equal,
    log,
    log1p,
    logical_and,
    logical_not,
    logical_or,
    maximum,
    minimum,
    mod,
    multiply,
    negative,
    not_equal,
    pow,
    reduce_all,
    reduce_any,
    reduce_max,
    reduce_mean,
    reduce_min,
    reduce_prod,
    reduce_sum,
    relu,
    sigmoid,
    sign,
    sin,
    sqrt,
    square,
    subtract,
    tanh,
)

__all__ = [
    "abs",
    "add",
    "argmax",
    "argmin",
    "cast",
    "clip_by_value",
    "cos",
    "divide",
    "equal",
    "exp",
    "floordiv",
    "floormod",
    "greater",
    "greater_equal",
    "is_finite",
    "is_inf",
    "is_nan",
    "less",
    "less_equal",
    "log",
    "log1p",
    "logical_and",
    "logical_not",
    "logical_or",
    "maximum",
    "minimum",
    "mod",
    "multiply",
    "negative",
    "not_equal",
    "pow",
    "reduce_all",
    "reduce_any",
    "reduce_max",
    "reduce_mean",
    "reduce_min",
    "reduce_prod",
    "reduce_sum",
    "relu",
    "sigmoid",
    "sign",
    "sin",
    "sqrt",
    "square",
    "subtract",
    "tanh",
    "truediv",
    "where",
]

truediv = divide
floormod = mod


def where(condition, x=None, y=None, name=None):
    """``x`` where ``condition`` is true, else ``y`` (broadcasting); with only ``condition``,
    the int64 coordinates of its true elements, shape (N, rank)."""
    if x is None and y is None:
        return _core.nonzero(condition)
    if x is None or y is None:
        raise ValueError("where: x and y must both be given, or neither")
    return _core.where(condition, x, y)


# The rest of tf.math (math_ops.py: rounding, special functions, scans; sort_ops.py:
# sorting, top_k, segments, unique), re-exported here.
from nnext import math_ops as _math_ops
from nnext import sort_ops as _sort_ops

for _catalog_module in (_math_ops, _sort_ops):
    globals().update({n: getattr(_catalog_module, n) for n in _catalog_module.__all__})
    __all__ += [n for n in _catalog_module.__all__ if n not in __all__]
