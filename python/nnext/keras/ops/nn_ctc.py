"""Connectionist temporal classification in `keras.ops.nn`: `ctc_loss` (the forward
algorithm in log space) and `ctc_decode` (greedy and beam search).

The loss loops over time steps in Python, each step a few C++ ops over the whole batch and
every label position, so it is differentiable through them. Log-zero is a large negative
finite number, as in Keras's references, which keeps gradients finite.
"""

import numpy as np

from nnext import _core
from nnext.keras.keras_tensor import symbolic
from nnext.keras.ops._base import convert, to_float
from nnext.keras.ops.numpy_sort import take_along_axis

__all__ = ["ctc_decode", "ctc_loss"]

_LOG_ZERO = -1e5


def _logaddexp3(a, b, c):
    top = _core.maximum(_core.maximum(a, b), c)
    return top + _core.log(_core.exp(a - top) + _core.exp(b - top) + _core.exp(c - top))


def _shift(x, k, fill):
    """x[..., s - k] with `fill` in the first k positions."""
    pad = _core.ones(list(x.shape[:-1]) + [k], x.dtype.name) * fill
    return _core.concat([pad, x[..., : x.shape[-1] - k]], -1)


@symbolic
def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """The CTC loss of each batch element: `-log p(target | output)`, summed over every
    alignment of the `target_length` labels to the `output_length` frames.

    Args:
        target: int labels, (batch, max_label_length).
        output: logits, (batch, max_time, num_classes) (log-softmax is applied here).
        target_length, output_length: int lengths, (batch,).
        mask_index: the blank class.

    Returns:
        The losses, (batch,).
    """
    labels = _core.cast(convert(target), "int32")
    logits = to_float(output)
    label_lengths = _core.cast(convert(target_length), "int32")
    frame_lengths = _core.cast(convert(output_length), "int32")
    batch, frames, _ = logits.shape
    max_labels = labels.shape[1]
    log_probs = _core.log_softmax(logits, -1)
    # Extended labels: blank, l1, blank, l2, ..., blank (length 2U + 1).
    states = 2 * max_labels + 1
    blanks = _core.ones([batch, states], "int32") * int(mask_index)
    odd = np.arange(1, states, 2)
    extended = blanks
    if max_labels:
        label_rows = _core.transpose(labels, [1, 0])  # (U, batch)
        scattered = _core.scatter_nd(
            _core.expand_dims(_core.convert_to_tensor(odd.astype(np.int32)), -1),
            label_rows - int(mask_index),
            [states, batch],
        )
        extended = blanks + _core.transpose(scattered, [1, 0])
    emit = take_along_axis(
        log_probs,
        _core.broadcast_to(_core.expand_dims(extended, 1), [batch, frames, states]),
        axis=2,
    )
    # A state may be entered from two back when it holds a label differing from that one.
    previous = _shift(extended, 2, -1)
    can_skip = _core.logical_and(
        _core.not_equal(extended, int(mask_index)), _core.not_equal(extended, previous)
    )
    start = np.full(states, _LOG_ZERO, dtype=logits.dtype.name)
    start[:2] = 0.0
    alpha = emit[:, 0] + _core.convert_to_tensor(start)
    log_zero = _core.ones([], logits.dtype.name) * _LOG_ZERO
    for t in range(1, frames):
        stay, step = alpha, _shift(alpha, 1, _LOG_ZERO)
        skip = _core.where(can_skip, _shift(alpha, 2, _LOG_ZERO), log_zero)
        advanced = _logaddexp3(stay, step, skip) + emit[:, t]
        running = _core.expand_dims(_core.greater(frame_lengths, t), -1)
        alpha = _core.where(running, advanced, alpha)
    last = _core.expand_dims(label_lengths * 2, -1)
    end_blank = _core.squeeze(take_along_axis(alpha, last, axis=1), [-1])
    end_label = _core.squeeze(take_along_axis(alpha, _core.maximum(last - 1, 0), axis=1), [-1])
    end_label = _core.where(
        _core.greater(label_lengths, 0), end_label, _core.ones_like(end_label) * _LOG_ZERO
    )
    top = _core.maximum(end_blank, end_label)
    return -(top + _core.log(_core.exp(end_blank - top) + _core.exp(end_label - top)))


@symbolic
def ctc_decode(
    inputs,
    sequence_lengths,
    strategy="greedy",
    beam_width=100,
    top_paths=1,
    merge_repeated=True,
    mask_index=0,
):
    """Decodes CTC outputs (batch, time, classes).

    Returns:
        A tuple `(decoded, log_probabilities)`: decoded label paths (top_paths, batch, time),
        padded with -1, and the score of each path (batch, top_paths). 'greedy' takes the
        best class per frame (merging repeats and dropping blanks); 'beam_search' keeps the
        `beam_width` best prefixes.
    """
    if strategy == "greedy":
        return _greedy(inputs, sequence_lengths, merge_repeated, mask_index)
    if strategy == "beam_search":
        return _beam_search(inputs, sequence_lengths, beam_width, top_paths, mask_index)
    raise ValueError(
        f"Invalid strategy {strategy}. Supported values are 'greedy' and 'beam_search'."
    )


def _greedy(inputs, sequence_lengths, merge_repeated, mask_index):
    x = to_float(inputs)
    lengths = _core.cast(convert(sequence_lengths), "int32")
    batch, frames, classes = x.shape
    blank = classes - 1 if mask_index is None else int(mask_index)
    best = _core.argmax(x, -1, "int32")
    scores = _core.reduce_max(x, [-1], False)
    steps = _core.reshape(_core._range(0.0, float(frames), 1.0, "int32"), [1, frames])
    padded = _core.greater_equal(steps, _core.expand_dims(lengths, -1))
    best = _core.where(padded, _core.ones_like(best) * blank, best)
    scores = _core.where(padded, _core.zeros_like(scores), scores)
    if merge_repeated and frames > 1:
        repeat = _core.equal(best[:, 1:], best[:, :-1])
        repeat = _core.concat([_core.zeros([batch, 1], "bool"), repeat], 1)
        best = _core.where(repeat, _core.ones_like(best) * blank, best)
    dropped = _core.equal(best, blank)
    best = _core.where(dropped, _core.ones_like(best) * -1, best)
    # Kept labels first, in time order (a stable sort of their positions).
    order = _core.where(
        dropped, _core.ones_like(best) * frames, _core.broadcast_to(steps, [batch, frames])
    )
    best = take_along_axis(best, _core.argsort(order, 1), axis=1)
    return _core.expand_dims(best, 0), -_core.reduce_sum(scores, [1], True)


def _beam_search(inputs, sequence_lengths, beam_width, top_paths, mask_index):
    """Prefix beam search over log-probabilities, one batch element at a time (a Python
    loop over frames and beams: decoding is inference-only and not differentiable)."""
    x = to_float(inputs)
    log_probs = _core.log_softmax(x, -1).numpy().astype(np.float64)
    lengths = np.asarray(convert(sequence_lengths).numpy()).astype(np.int64)
    batch, frames, classes = log_probs.shape
    blank = classes - 1 if mask_index is None else int(mask_index)
    decoded = np.full((top_paths, batch, frames), -1, dtype=np.int32)
    scores = np.zeros((batch, top_paths), dtype=np.float64)
    for b in range(batch):
        beams = {(): (0.0, -np.inf)}  # prefix -> (log p ending in blank, ending in label)
        for t in range(int(lengths[b])):
            row = log_probs[b, t]
            grown = {}
            for prefix, (pb, pl) in beams.items():
                total = np.logaddexp(pb, pl)
                _add(grown, prefix, total + row[blank], -np.inf)
                for c in range(classes):
                    if c == blank:
                        continue
                    if prefix and prefix[-1] == c:
                        _add(grown, prefix, -np.inf, pl + row[c])  # a repeat merges
                        _add(grown, prefix + (c,), -np.inf, pb + row[c])
                    else:
                        _add(grown, prefix + (c,), -np.inf, total + row[c])
            ranked = sorted(grown.items(), key=lambda kv: -np.logaddexp(*kv[1]))
            beams = dict(ranked[: int(beam_width)])
        ranked = sorted(beams.items(), key=lambda kv: -np.logaddexp(*kv[1]))[: int(top_paths)]
        for k, (prefix, (pb, pl)) in enumerate(ranked):
            decoded[k, b, : len(prefix)] = prefix
            scores[b, k] = np.logaddexp(pb, pl)
    return (_core.convert_to_tensor(decoded), _core.convert_to_tensor(scores.astype(x.dtype.name)))


def _add(beams, prefix, blank_score, label_score):
    """Adds the probabilities of one more way to reach `prefix` (log space)."""
    old_blank, old_label = beams.get(prefix, (-np.inf, -np.inf))
    beams[prefix] = (np.logaddexp(old_blank, blank_score), np.logaddexp(old_label, label_score))
