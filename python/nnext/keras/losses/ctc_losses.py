"""`ctc` and `CTC`: the connectionist temporal classification loss (Graves et al., 2006) of
label sequences against per-frame logits, by the forward algorithm in log space."""

import numpy as np

from nnext import _core, array_ops, creation, nn
from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.losses.loss import Loss, LossFunctionWrapper

# log(0) stand-in: finite, so that sums and gradients of impossible paths stay finite.
_LOG_ZERO = -1e30


def _logaddexp(a, b):
    high = nmath.maximum(a, b)
    return high + nmath.log1p(nmath.exp(-nmath.abs(a - b)))


def ctc(y_true, y_pred):
    """The CTC negative log-likelihood of each label sequence, blank and padding id 0.

    Args:
        y_true: integer labels `(batch_size, max_length)`, padded with 0 (Keras's
            `mask_index`); each sequence's length is its number of non-zero ids.
        y_pred: logits `(batch_size, frames, num_classes)`; class 0 is the blank.

    Returns:
        `(batch_size,)` losses: `-log sum over alignments of prod softmax(y_pred)`.
    """
    y_pred = backend.to_tensor(y_pred, backend.floatx())
    y_true = backend.to_tensor(y_true)
    if y_true.ndim != 2:
        raise ValueError(
            "Targets `y_true` are expected to be a tensor of shape `(batch_size, max_length)` "
            f"in integer format. Received: y_true.shape={tuple(y_true.shape)}"
        )
    if y_pred.ndim != 3:
        raise ValueError(
            "Logits `y_pred` are expected to be a tensor of shape `(batch_size, max_length, "
            f"num_classes)`. Received: y_pred.shape={tuple(y_pred.shape)}"
        )
    batch, frames, classes = y_pred.shape
    labels = np.asarray(y_true.numpy()).astype(np.int64)
    lengths = (labels != 0).sum(axis=1)
    # The extended sequence blank, l1, blank, l2, ..., blank (S = 2 * max_length + 1).
    width = 2 * labels.shape[1] + 1
    extended = np.zeros((batch, width), np.int64)
    extended[:, 1::2] = labels
    # A path may skip a blank between two different labels.
    skip = np.zeros((batch, width), bool)
    skip[:, 3::2] = labels[:, 1:] != labels[:, :-1]
    skip[:, 3::2] &= labels[:, 1:] != 0
    one_hot = np.zeros((batch, width, classes), np.float32)
    one_hot[np.arange(batch)[:, None], np.arange(width)[None, :], extended] = 1.0
    log_probs = nn.log_softmax(y_pred, axis=-1)
    # emit[b, t, s] = log p(extended[b, s] at frame t), one batched product with the one-hot.
    emit = _core.matmul(
        log_probs, creation.constant(one_hot.astype(log_probs.dtype.name)), transpose_b=True
    )
    start = np.full((batch, width), _LOG_ZERO, np.float32)
    start[:, :2] = 0.0
    alpha = creation.constant(start.astype(log_probs.dtype.name)) + emit[:, 0, :]
    neg = creation.fill((batch, 1), _LOG_ZERO)
    neg = nmath.cast(neg, log_probs.dtype)
    skip_t = creation.constant(skip)
    for t in range(1, frames):
        one_back = array_ops.concat([neg, alpha[:, :-1]], axis=1)
        two_back = array_ops.concat([neg, neg, alpha[:, :-2]], axis=1)
        two_back = nmath.where(skip_t, two_back, _LOG_ZERO)
        alpha = _logaddexp(_logaddexp(alpha, one_back), two_back) + emit[:, t, :]
    # The path ends on the last label or on the blank after it.
    ends = np.zeros((batch, width), bool)
    ends[np.arange(batch), 2 * lengths] = True
    ends[np.arange(batch), np.maximum(2 * lengths - 1, 0)] = True
    final = nmath.where(creation.constant(ends), alpha, _LOG_ZERO)
    high = nmath.reduce_max(final, axis=1, keepdims=True)
    total = nmath.log(nmath.reduce_sum(nmath.exp(final - high), axis=1)) + _core.squeeze(high, 1)
    return -total


class CTC(LossFunctionWrapper):
    """The CTC loss (see `ctc`): labels `(batch, max_length)` padded with 0 against logits
    `(batch, frames, classes)` whose class 0 is the blank.

    Example:
        >>> losses.CTC()(np.array([[1, 2, 0]]), np.random.normal(size=(1, 6, 4)))
    """

    def __init__(self, reduction="sum_over_batch_size", name="ctc", dtype=None):
        super().__init__(ctc, reduction=reduction, name=name, dtype=dtype)

    def call(self, y_true, y_pred):
        return self.fn(y_true, y_pred)

    def get_config(self):
        return Loss.get_config(self)
