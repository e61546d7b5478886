"""Diagonals and bands of matrices as ``tf.linalg`` has them: ``diag``, ``diag_part`` and
``set_diag`` with a diagonal offset ``k`` or a band ``k=(low, high)``, TensorFlow's
``align`` of short diagonals and ``padding_value``; ``band_part``, ``trace``,
``tensor_diag`` and ``tensor_diag_part``.

A band is held as rows of diagonals from ``high`` down to ``low``, each row as long as the
longest diagonal. ``align`` (``"RIGHT_LEFT"`` by default, as TensorFlow) says how shorter
diagonals sit in their rows: its first word for superdiagonals and the main diagonal, its
second for subdiagonals; ``RIGHT`` pads on the left. Each function is one gather through an
index table computed from the shapes alone, so gradients come from gather's.
"""

import numpy as np

from nnext import _core

__all__ = [
    "band_part",
    "diag",
    "diag_part",
    "set_diag",
    "tensor_diag",
    "tensor_diag_part",
    "trace",
]

_ALIGNS = ("LEFT_LEFT", "LEFT_RIGHT", "RIGHT_LEFT", "RIGHT_RIGHT")


def _t(x):
    return x if isinstance(x, _core.Tensor) else _core.convert_to_tensor(x)


def _band(k, op):
    """``(low, high, single)`` from an int or a pair."""
    if isinstance(k, _core.Tensor):
        k = k.numpy()
    ks = np.asarray(k).reshape(-1).tolist()
    if len(ks) not in (1, 2):
        raise ValueError(f"{op}: k must be a scalar or a pair of ints, got {k!r}")
    low, high = int(ks[0]), int(ks[-1])
    if low > high:
        raise ValueError(
            f"{op}: lower diagonal index must not be greater than upper diagonal index, "
            f"got k = ({low}, {high})"
        )
    return low, high, len(ks) == 1 or low == high


def _check_align(align, op):
    if align not in _ALIGNS:
        raise ValueError(f"{op}: align must be one of {', '.join(_ALIGNS)}, got {align!r}")


def _length(d, rows, cols):
    return max(0, min(rows + min(0, d), cols - max(0, d)))


def _offset(d, width, rows, cols, align):
    """Where diagonal ``d`` starts within its row of ``width`` entries."""
    right = align.split("_")[0 if d >= 0 else 1] == "RIGHT"
    return width - _length(d, rows, cols) if right else 0


def _where_padded(mask, values, padding_value):
    pad = _core.cast(_core.convert_to_tensor(padding_value), values.dtype)
    return _core.where(_core.convert_to_tensor(mask), values, pad)


def diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):
    """The ``k``-th diagonal of each matrix, or the band ``k=(low, high)`` as rows.

    Returns shape ``(..., L)`` for one diagonal and ``(..., high - low + 1, L)`` for a band,
    ``L`` the longest diagonal's length; shorter ones are padded with ``padding_value``.

    >>> nnext.linalg.diag_part([[1., 2.], [3., 4.]]).numpy()
    array([1., 4.], dtype=float32)
    """
    x = _t(input)
    if x.ndim < 2:
        raise ValueError(f"diag_part: input must be at least 2-dim, got shape {tuple(x.shape)}")
    _check_align(align, "diag_part")
    low, high, single = _band(k, "diag_part")
    rows, cols = x.shape[-2], x.shape[-1]
    if rows * cols and not (-rows < low < cols and -rows < high < cols):
        raise ValueError(
            f"diag_part: diagonal index k = ({low}, {high}) is out of bounds for matrices of "
            f"shape ({rows}, {cols})"
        )
    ds = list(range(high, low - 1, -1))
    width = max(_length(d, rows, cols) for d in ds)
    index = np.zeros((len(ds), width), np.int64)
    valid = np.zeros((len(ds), width), bool)
    for row, d in enumerate(ds):
        t = np.arange(width) - _offset(d, width, rows, cols, align)
        ok = (t >= 0) & (t < _length(d, rows, cols))
        r, c = (t, t + d) if d >= 0 else (t - d, t)
        index[row] = np.where(ok, r * cols + c, 0)
        valid[row] = ok
    batch = list(x.shape[:-2])
    if width == 0:
        out = _core.zeros(batch + [len(ds), 0], x.dtype)
    else:
        flat = _core.reshape(x, batch + [rows * cols])
        out = _where_padded(valid, _core.gather(flat, index, len(batch)), padding_value)
    return _core.squeeze(out, [-2]) if single else out


def _from_band(d, low, high, single, rows, cols, padding_value, align, op):
    """The (..., rows, cols) matrices holding band rows ``d``, and the in-band mask."""
    if single:
        d = _core.expand_dims(d, -2)
    if d.ndim < 2 or d.shape[-2] != high - low + 1:
        raise ValueError(
            f"{op}: the diagonal of shape {tuple(d.shape)} does not hold "
            f"{high - low + 1} diagonals for k = ({low}, {high})"
        )
    width = d.shape[-1]
    r = np.arange(rows).reshape(-1, 1)
    c = np.arange(cols).reshape(1, -1)
    offset = c - r
    in_band = (offset >= low) & (offset <= high)
    index = np.zeros((rows, cols), np.int64)
    for dd in range(low, high + 1):
        on = offset == dd
        j = (r if dd >= 0 else c) + _offset(dd, width, rows, cols, align)
        index = np.where(on, (high - dd) * width + j, index)
    batch = list(d.shape[:-2])
    if rows * cols == 0 or width == 0:
        return _core.zeros(batch + [rows, cols], d.dtype), in_band
    flat = _core.reshape(d, batch + [d.shape[-2] * width])
    return _where_padded(in_band, _core.gather(flat, index, len(batch)), padding_value), in_band


def diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0, align="RIGHT_LEFT"):
    """Matrices with ``diagonal`` on their ``k``-th diagonal (or band rows on the band
    ``k=(low, high)``) and ``padding_value`` elsewhere.

    By default the matrices are square and just large enough; ``num_rows``/``num_cols``
    ask for more rows or columns.

    >>> nnext.linalg.diag([1., 2.]).numpy()
    array([[1., 0.],
           [0., 2.]], dtype=float32)
    """
    d = _t(diagonal)
    if d.ndim < 1:
        raise ValueError("diag: the diagonal must be at least 1-dim, got a scalar")
    _check_align(align, "diag")
    low, high, single = _band(k, "diag")
    width = d.shape[-1]
    min_rows, min_cols = width - min(high, 0), width + max(low, 0)
    num_rows, num_cols = int(num_rows), int(num_cols)
    if num_rows == -1 and num_cols == -1:
        num_rows = num_cols = max(min_rows, min_cols)
    elif num_rows == -1:
        num_rows = min_rows
    elif num_cols == -1:
        num_cols = min_cols
    if num_rows != min_rows and num_cols != min_cols:
        raise ValueError(
            f"diag: the number of rows or columns is not consistent with the specified "
            f"d_lower, d_upper, and diagonal: num_rows={num_rows}, num_cols={num_cols}, "
            f"k=({low}, {high}), diagonal shape {tuple(d.shape)}"
        )
    out, _ = _from_band(d, low, high, single, num_rows, num_cols, padding_value, align, "diag")
    return out


def set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT"):
    """``input`` with its ``k``-th diagonal (or band ``k=(low, high)``) replaced by
    ``diagonal``, laid out as ``diag_part`` returns it."""
    x, d = _t(input), _t(diagonal)
    if x.ndim < 2:
        raise ValueError(f"set_diag: input must be at least 2-dim, got shape {tuple(x.shape)}")
    _check_align(align, "set_diag")
    low, high, single = _band(k, "set_diag")
    rows, cols = x.shape[-2], x.shape[-1]
    width = max(_length(dd, rows, cols) for dd in range(low, high + 1))
    if d.ndim < 1 or d.shape[-1] != width:
        raise ValueError(
            f"set_diag: the diagonal's last dimension must be {width} for matrices of shape "
            f"({rows}, {cols}) and k = ({low}, {high}), got diagonal shape {tuple(d.shape)}"
        )
    band, in_band = _from_band(
        _core.cast(d, x.dtype), low, high, single, rows, cols, 0, align, "set_diag"
    )
    return _core.where(_core.convert_to_tensor(in_band), band, x)


def band_part(input, num_lower, num_upper, name=None):
    """Keeps ``num_lower`` sub-diagonals and ``num_upper`` super-diagonals of each matrix
    (negative: all of them) and zeroes the rest."""
    x = _t(input)
    if x.ndim < 2:
        raise ValueError(f"band_part: input must be at least 2-dim, got shape {tuple(x.shape)}")
    num_lower, num_upper = int(num_lower), int(num_upper)
    rows, cols = x.shape[-2], x.shape[-1]
    below = np.arange(rows).reshape(-1, 1) - np.arange(cols).reshape(1, -1)
    keep = ((num_lower < 0) | (below <= num_lower)) & ((num_upper < 0) | (-below <= num_upper))
    return _core.where(_core.convert_to_tensor(keep), x, _core.zeros_like(x))


def trace(x, name=None):
    """The sum of each matrix's main diagonal."""
    return _core.reduce_sum(diag_part(x), -1, False)


def tensor_diag(diagonal, name=None):
    """The tensor ``out`` of rank ``2k`` with ``out[i1..ik, i1..ik] = diagonal[i1..ik]``
    and zeros elsewhere (``diagonal`` of rank ``k``)."""
    d = _t(diagonal)
    shape = list(d.shape)
    size = int(np.prod(shape, dtype=np.int64))
    return _core.reshape(diag(_core.reshape(d, [size])), shape + shape)


def tensor_diag_part(input, name=None):
    """The inverse of ``tensor_diag``: ``out[i1..ik] = input[i1..ik, i1..ik]`` for
    ``input`` of shape ``D + D``."""
    x = _t(input)
    half = x.ndim // 2
    shape = list(x.shape[:half])
    if x.ndim % 2 or shape != list(x.shape[half:]):
        raise ValueError(
            f"tensor_diag_part: input must have an even rank and shape D + D, got {tuple(x.shape)}"
        )
    size = int(np.prod(shape, dtype=np.int64))
    return _core.reshape(diag_part(_core.reshape(x, [size, size])), shape)
