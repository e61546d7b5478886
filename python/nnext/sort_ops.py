"""Sorting and ranking (``tf.sort``, ``tf.argsort``, ``tf.math.top_k``, ``in_top_k``,
``tf.searchsorted``) and the segment family (``tf.math.segment_*``,
``unsorted_segment_*``, ``bincount``, ``unique``, ``confusion_matrix``).

Orders come from the C++ argsort/top_k ops; values are gathered with those indices, so
gradients flow back through the gather. Segment sums are one scatter-add; segment
max/min/prod mask a (segments x rows) grid and reduce it.
"""

import collections

from nnext import _core

__all__ = [
    "approx_max_k",
    "approx_min_k",
    "argsort",
    "bincount",
    "confusion_matrix",
    "in_top_k",
    "invert_permutation",
    "searchsorted",
    "segment_max",
    "segment_mean",
    "segment_min",
    "segment_prod",
    "segment_sum",
    "segment_sum_v2",
    "sort",
    "top_k",
    "unique",
    "unique_with_counts",
    "unsorted_segment_max",
    "unsorted_segment_mean",
    "unsorted_segment_min",
    "unsorted_segment_prod",
    "unsorted_segment_sqrt_n",
    "unsorted_segment_sum",
]

TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])
UniqueResult = collections.namedtuple("Unique", ["y", "idx"])
UniqueWithCountsResult = collections.namedtuple("UniqueWithCounts", ["y", "idx", "count"])


def _t(x):
    return x if isinstance(x, _core.Tensor) else _core.convert_to_tensor(x)


def _take_along(x, indices, axis):
    """``x`` reordered along ``axis`` by ``indices`` (numpy.take_along_axis)."""
    axis = axis % x.ndim
    last = x.ndim - 1
    if axis != last:
        perm = [d for d in range(x.ndim) if d != axis] + [axis]
        back = [perm.index(d) for d in range(x.ndim)]
        out = _take_along(_core.transpose(x, perm), _core.transpose(indices, perm), -1)
        return _core.transpose(out, back)
    return _core.gather(x, indices, last, last)


def _direction(direction):
    if direction not in ("ASCENDING", "DESCENDING"):
        raise ValueError(
            f'`direction` should be one of {{"ASCENDING", "DESCENDING"}}. '
            f"Received: direction={direction}"
        )
    return direction == "DESCENDING"


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """The int32 indices that sort ``values`` along ``axis`` (always a stable sort).

    >>> nnext.argsort([3.0, 1.0, 2.0]).numpy()
    array([1, 2, 0], dtype=int32)
    """
    x = _t(values)
    descending = _direction(direction)
    if x.ndim == 0:
        raise ValueError("argsort: values must have rank >= 1, got a scalar")
    return _core.argsort(x, int(axis), descending)


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """``values`` sorted along ``axis``; ``direction='DESCENDING'`` for largest first."""
    x = _t(values)
    return _take_along(x, argsort(x, axis, direction), int(axis))


def top_k(input, k=1, sorted=True, index_type="int32", name=None):
    """The ``k`` largest entries of the last axis and their indices.

    Ties go to the lower index. Returns ``TopKV2(values, indices)``.

    Raises:
        ValueError: if the last axis has fewer than ``k`` entries.

    >>> nnext.math.top_k([1.0, 5.0, 3.0], k=2).indices.numpy()
    array([1, 2], dtype=int32)
    """
    x = _t(input)
    k = int(k)
    if x.ndim == 0:
        raise ValueError("top_k: input must be at least rank 1, got a scalar")
    if k < 0:
        raise ValueError(f"top_k: k must be non-negative, got {k}")
    if x.shape[-1] < k:
        raise ValueError(f"input must have at least k columns. Had {x.shape[-1]}, needed {k}")
    indices = _core.top_k_indices(x, k, bool(sorted))
    values = _core.gather(x, indices, x.ndim - 1, x.ndim - 1)
    return TopKV2(values, _core.cast(indices, index_type))


def approx_max_k(
    operand,
    k,
    reduction_dimension=-1,
    recall_target=0.95,
    reduction_input_size_override=-1,
    aggregate_to_topk=True,
    name=None,
):
    """The ``k`` largest entries along ``reduction_dimension``: exact here (recall 1).

    Returns ``(values, indices)``.
    """
    x = _t(operand)
    axis = reduction_dimension % x.ndim
    perm = [d for d in range(x.ndim) if d != axis] + [axis]
    back = [perm.index(d) for d in range(x.ndim)]
    values, indices = top_k(_core.transpose(x, perm), k)
    return _core.transpose(values, back), _core.transpose(indices, back)


def approx_min_k(
    operand,
    k,
    reduction_dimension=-1,
    recall_target=0.95,
    reduction_input_size_override=-1,
    aggregate_to_topk=True,
    name=None,
):
    """The ``k`` smallest entries along ``reduction_dimension`` (exact)."""
    values, indices = approx_max_k(_core.negative(_t(operand)), k, reduction_dimension)
    return _core.negative(values), indices


def in_top_k(targets, predictions, k, name=None):
    """Whether ``predictions[i, targets[i]]`` is among the ``k`` largest of row ``i``
    (ties at the boundary count as inside; a non-finite prediction is never inside).

    Args:
        targets: int vector of class ids, one per row.
        predictions: float (batch, classes) scores.
        k: how many top entries count.
    """
    p = _t(predictions)
    ids = _t(targets)
    if p.ndim != 2 or ids.ndim != 1 or ids.shape[0] != p.shape[0]:
        raise ValueError(
            f"in_top_k: expected predictions (batch, classes) and targets "
            f"(batch,), got {tuple(p.shape)} and {tuple(ids.shape)}"
        )
    target_score = _core.gather(p, _core.reshape(ids, [-1, 1]), 1, 1)
    above = _core.reduce_sum(_core.cast(_core.greater(p, target_score), "int32"), 1, False)
    finite = _core.is_finite(_core.reshape(target_score, [-1]))
    return _core.logical_and(_core.less(above, int(k)), finite)


def searchsorted(sorted_sequence, values, side="left", out_type="int32", name=None):
    """Where each of ``values`` would go in the innermost axis of ``sorted_sequence`` to
    keep it sorted: the first such index (``side='left'``) or the last (``'right'``).

    >>> nnext.searchsorted([1, 3, 5], [0, 3, 6]).numpy()
    array([0, 1, 3], dtype=int32)
    """
    seq, v = _t(sorted_sequence), _t(values)
    if side not in ("left", "right"):
        raise ValueError(f"side must be either 'right' or 'left'. Saw: {side}.")
    if seq.ndim != v.ndim or tuple(seq.shape[:-1]) != tuple(v.shape[:-1]):
        raise ValueError(
            f"searchsorted: sorted_sequence {tuple(seq.shape)} and values {tuple(v.shape)} "
            "must have the same leading dimensions"
        )
    compare = _core.less if side == "left" else _core.less_equal
    # count of sequence entries before each value: (..., m, 1) vs (..., 1, n)
    below = compare(_core.expand_dims(seq, -2), _core.expand_dims(v, -1))
    return _core.reduce_sum(_core.cast(below, out_type), -1, False)


def invert_permutation(x, name=None):
    """The inverse permutation: ``y[x[i]] = i``."""
    x = _t(x)
    if x.ndim != 1:
        raise ValueError(f"invert_permutation: x must be a vector, got shape {tuple(x.shape)}")
    n = x.shape[0]
    ids = _core.cast(_core._range(0, n, 1, x.dtype), x.dtype)
    return _core.scatter_nd(_core.reshape(x, [-1, 1]), ids, [n])


# -- segments ------------------------------------------------------------------------------


def _check_ids(segment_ids, data, num_segments=None):
    ids = _t(segment_ids)
    data = _t(data)
    if ids.dtype.name not in ("int32", "int64"):
        raise TypeError(f"segment_ids must be int32 or int64, got {ids.dtype.name}")
    if ids.ndim == 0 or tuple(data.shape[: ids.ndim]) != tuple(ids.shape):
        raise ValueError(
            f"segment_ids.shape = {tuple(ids.shape)} must be a prefix of "
            f"data.shape = {tuple(data.shape)}"
        )
    flat = _core.reshape(ids, [-1])
    rows = _core.reshape(data, [-1] + list(data.shape[ids.ndim :]))
    if flat.shape[0] and num_segments is not None:
        low, high = int(_core.reduce_min(flat)), int(_core.reduce_max(flat))
        if low < 0 or high >= num_segments:
            bad = low if low < 0 else high
            raise ValueError(f"segment_ids value {bad} is out of range [0, {num_segments})")
    return flat, rows


def _num_sorted_segments(flat):
    if flat.shape[0] == 0:
        return 0
    if not bool(_core.reduce_all(_core.greater_equal(flat[1:], flat[:-1]))):
        raise ValueError("segment ids are not increasing")
    low = int(_core.reduce_min(flat))
    if low < 0:
        raise ValueError(f"segment ids must be >= 0, got {low}")
    return int(_core.reduce_max(flat)) + 1


def _sum(rows, flat, n):
    return _core.scatter_nd(_core.reshape(flat, [-1, 1]), rows, [n] + list(rows.shape[1:]))


def _counts(rows, flat, n):
    ones = _core.ones([flat.shape[0]], rows.dtype if rows.dtype.is_floating else "float32")
    counts = _core.scatter_nd(_core.reshape(flat, [-1, 1]), ones, [n])
    return _core.reshape(counts, [n] + [1] * (rows.ndim - 1))


def _masked_reduce(rows, flat, n, reduce, fill):
    """reduce over rows of each segment: a (segments, rows, ...) grid where other rows hold
    ``fill`` (the reduction's identity), reduced over axis 1."""
    segment = _core.reshape(_core._range(0, n, 1, flat.dtype), [n, 1])
    member = _core.equal(segment, _core.reshape(flat, [1, -1]))
    member = _core.reshape(member, [n, flat.shape[0]] + [1] * (rows.ndim - 1))
    grid = _core.where(
        member, _core.expand_dims(rows, 0), _core.convert_to_tensor(fill, rows.dtype)
    )
    return reduce(grid, 1, False)


def _extreme(dtype, largest):
    import numpy as np

    info = np.finfo(dtype.name) if dtype.is_floating else np.iinfo(dtype.name)
    return info.max if largest else info.min


def _unsorted(data, segment_ids, num_segments, kind):
    n = int(num_segments)
    flat, rows = _check_ids(segment_ids, data, n)
    if kind == "sum":
        return _sum(rows, flat, n)
    if kind in ("mean", "sqrt_n"):
        counts = _counts(rows, flat, n)
        scale = _core.maximum(counts, 1.0)
        if kind == "sqrt_n":
            scale = _core.sqrt(scale)
        return _core.divide(
            _sum(rows, flat, n), _core.cast(scale, rows.dtype) if rows.dtype.is_floating else scale
        )
    if kind == "prod":
        return _masked_reduce(rows, flat, n, _core.reduce_prod, 1)
    largest = kind == "max"
    # Empty segments hold the dtype's lowest (max) or highest (min) value, as TensorFlow.
    fill = _extreme(rows.dtype, not largest)
    return _masked_reduce(rows, flat, n, _core.reduce_max if largest else _core.reduce_min, fill)


def _sorted(data, segment_ids, kind):
    flat, _ = _check_ids(segment_ids, data)
    n = _num_sorted_segments(flat)
    out = _unsorted(data, segment_ids, n, kind)
    if kind in ("max", "min"):
        # Sorted segment ops give 0 for the empty segments below the largest id.
        present = _core.greater(_counts(_t(data), flat, n), 0)
        out = _core.where(present, out, _core.zeros_like(out))
    return out


def segment_sum(data, segment_ids, name=None):
    """Sums of the rows of ``data`` in each segment of the sorted ``segment_ids``.

    >>> nnext.math.segment_sum([1, 2, 3, 4], [0, 0, 1, 1]).numpy()
    array([3, 7], dtype=int32)
    """
    return _sorted(data, segment_ids, "sum")


def segment_mean(data, segment_ids, name=None):
    """Means of the rows in each segment (sorted ids)."""
    return _sorted(data, segment_ids, "mean")


def segment_max(data, segment_ids, name=None):
    """Maxima of the rows in each segment (sorted ids; empty segments give 0)."""
    return _sorted(data, segment_ids, "max")


def segment_min(data, segment_ids, name=None):
    """Minima of the rows in each segment (sorted ids; empty segments give 0)."""
    return _sorted(data, segment_ids, "min")


def segment_prod(data, segment_ids, name=None):
    """Products of the rows in each segment (sorted ids; empty segments give 1)."""
    return _sorted(data, segment_ids, "prod")


def segment_sum_v2(data, segment_ids, num_segments=None, name=None):
    """``segment_sum`` with an optional ``num_segments`` (the output's first dimension)."""
    if num_segments is None:
        return segment_sum(data, segment_ids)
    flat, _ = _check_ids(segment_ids, data, int(num_segments))
    _num_sorted_segments(flat)  # checks the ids are sorted
    return _unsorted(data, segment_ids, num_segments, "sum")


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """Sums per segment id in ``[0, num_segments)``, ids in any order.

    Raises:
        ValueError: for an id outside ``[0, num_segments)``.
    """
    return _unsorted(data, segment_ids, num_segments, "sum")


def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    """Means per segment id (0 for empty segments)."""
    return _unsorted(data, segment_ids, num_segments, "mean")


def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None):
    """Sums per segment divided by the square root of the segment's size."""
    return _unsorted(data, segment_ids, num_segments, "sqrt_n")


def unsorted_segment_max(data, segment_ids, num_segments, name=None):
    """Maxima per segment id (the dtype's lowest value for empty segments)."""
    return _unsorted(data, segment_ids, num_segments, "max")


def unsorted_segment_min(data, segment_ids, num_segments, name=None):
    """Minima per segment id (the dtype's highest value for empty segments)."""
    return _unsorted(data, segment_ids, num_segments, "min")


def unsorted_segment_prod(data, segment_ids, num_segments, name=None):
    """Products per segment id (1 for empty segments)."""
    return _unsorted(data, segment_ids, num_segments, "prod")


def bincount(
    arr,
    weights=None,
    minlength=None,
    maxlength=None,
    dtype="int32",
    name=None,
    axis=None,
    binary_output=False,
):
    """Counts of each value of the non-negative int ``arr`` (or sums of ``weights``).

    The output has ``max(arr) + 1`` bins, at least ``minlength`` and at most ``maxlength``
    (values beyond are dropped).
    """
    a = _core.reshape(_t(arr), [-1])
    if a.shape[0] and int(_core.reduce_min(a)) < 0:
        raise ValueError("bincount: arr must be non-negative")
    size = int(_core.reduce_max(a)) + 1 if a.shape[0] else 0
    if minlength is not None:
        size = max(size, int(minlength))
    if maxlength is not None:
        size = min(size, int(maxlength))
    out_dtype = _t(weights).dtype if weights is not None else dtype
    values = (
        _core.reshape(_t(weights), [-1])
        if weights is not None
        else _core.ones([a.shape[0]], out_dtype)
    )
    keep = _core.less(a, size)
    a, values = _core.boolean_mask(a, keep, 0), _core.boolean_mask(values, keep, 0)
    counts = _core.scatter_nd(_core.reshape(a, [-1, 1]), values, [size])
    if binary_output:
        counts = _core.cast(_core.greater(counts, 0), out_dtype)
    return counts


def unique(x, out_idx="int32", name=None):
    """The distinct values of the vector ``x`` in order of first appearance, and for each
    element of ``x`` the index of its value there: ``Unique(y, idx)``.

    >>> nnext.unique([1, 1, 2, 4, 4, 4, 7, 8, 8]).y.numpy()
    array([1, 2, 4, 7, 8], dtype=int32)
    """
    x = _t(x)
    if x.ndim != 1:
        raise ValueError(f"unique expects a 1D vector, got shape {tuple(x.shape)}")
    n = x.shape[0]
    if n == 0:
        return UniqueResult(x, _core.zeros([0], out_idx))
    order = _core.argsort(x, 0, False)  # stable: equal values keep their input order
    ordered = _core.gather(x, order)
    starts = _core.concat(
        [_core.convert_to_tensor([True]), _core.not_equal(ordered[1:], ordered[:-1])], 0
    )
    group_in_sorted = _core.subtract(_core.cumsum(_core.cast(starts, "int32"), 0, False, False), 1)
    # group number (by sorted value) of each input element
    group = _core.scatter_nd(_core.reshape(order, [-1, 1]), group_in_sorted, [n])
    first_index = _core.boolean_mask(order, starts, 0)  # earliest position of each group
    by_appearance = _core.argsort(first_index, 0, False)
    rank = invert_permutation(by_appearance)
    y = _core.gather(x, _core.gather(first_index, by_appearance))
    return UniqueResult(y, _core.cast(_core.gather(rank, group), out_idx))


def unique_with_counts(x, out_idx="int32", name=None):
    """``unique`` plus how often each distinct value occurs: ``UniqueWithCounts(y, idx,
    count)``."""
    y, idx = unique(x, out_idx)
    count = _core.scatter_nd(
        _core.reshape(idx, [-1, 1]), _core.ones([idx.shape[0]], out_idx), [y.shape[0]]
    )
    return UniqueWithCountsResult(y, idx, count)


def confusion_matrix(labels, predictions, num_classes=None, weights=None, dtype="int32", name=None):
    """``m[i, j]``: how many (or the summed ``weights`` of) examples with label ``i`` were
    predicted as ``j``; ``num_classes`` defaults to ``max(labels, predictions) + 1``."""
    labels = _core.cast(_core.reshape(_t(labels), [-1]), "int64")
    predictions = _core.cast(_core.reshape(_t(predictions), [-1]), "int64")
    if labels.shape[0] != predictions.shape[0]:
        raise ValueError(
            f"confusion_matrix: labels ({labels.shape[0]}) and predictions "
            f"({predictions.shape[0]}) differ in length"
        )
    if (
        labels.shape[0]
        and min(int(_core.reduce_min(labels)), int(_core.reduce_min(predictions))) < 0
    ):
        raise ValueError("`labels` and `predictions` must be non-negative")
    if num_classes is None:
        num_classes = (
            max(int(_core.reduce_max(labels)), int(_core.reduce_max(predictions))) + 1
            if labels.shape[0]
            else 0
        )
    elif (
        labels.shape[0]
        and max(int(_core.reduce_max(labels)), int(_core.reduce_max(predictions))) >= num_classes
    ):
        raise ValueError(f"`labels` and `predictions` must be less than num_classes={num_classes}")
    values = (
        _core.cast(_core.reshape(_t(weights), [-1]), dtype)
        if weights is not None
        else _core.ones([labels.shape[0]], dtype)
    )
    pairs = _core.stack([labels, predictions], 1)
    return _core.scatter_nd(pairs, values, [int(num_classes), int(num_classes)])
