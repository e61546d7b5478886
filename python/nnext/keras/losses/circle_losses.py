"""`circle` and `Circle`: the Circle loss for metric learning (Sun et al., 2020) on
L2-normalised embeddings."""

from nnext import _core, creation, nn
from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.losses.loss import Loss, LossFunctionWrapper, reduce_values

# Stand-in for -inf in masked log-sum-exps: finite, so gradients stay finite.
_LOG_ZERO = -1e30


def _masked_logsumexp(x, mask):
    x = nmath.where(mask, x, _LOG_ZERO)
    high = nmath.reduce_max(x, axis=1, keepdims=True)
    return nmath.log(nmath.reduce_sum(nmath.exp(x - high), axis=1)) + _core.squeeze(high, 1)


def circle(
    y_true, y_pred, ref_labels=None, ref_embeddings=None, remove_diagonal=True, gamma=80, margin=0.4
):
    """Per-sample Circle loss `softplus(lse_pos + lse_neg)` over cosine distances
    `d = max(1 - y_pred @ ref_embeddings^T, 0)` to the reference embeddings:

        lse_pos = logsumexp over same-label pairs of -gamma * max(margin + d, 0) * (margin - d)
        lse_neg = logsumexp over other pairs of gamma * max(1 + margin - d, 0) * (1 - margin - d)

    Args:
        y_true: integer labels `(batch,)`.
        y_pred: L2-normalised embeddings `(batch, dim)`.
        ref_labels: the references' labels (default: the batch's).
        ref_embeddings: the references' embeddings (default: the batch's).
        remove_diagonal: leave out each sample's pair with itself.
        gamma: the scale (80).
        margin: the relaxation margin (0.4).
    """
    y_pred = backend.to_tensor(y_pred, backend.floatx())
    labels = nmath.cast(backend.to_tensor(y_true), "int64")
    refs = (
        y_pred if ref_embeddings is None else backend.to_tensor(ref_embeddings, y_pred.dtype.name)
    )
    ref_ids = labels if ref_labels is None else nmath.cast(backend.to_tensor(ref_labels), "int64")
    labels = _core.reshape(labels, (-1, 1))
    ref_ids = _core.reshape(ref_ids, (1, -1))
    distances = nmath.maximum(1.0 - _core.matmul(y_pred, refs, transpose_b=True), 0.0)
    positive = nmath.equal(labels, ref_ids)
    negative = nmath.logical_not(positive)
    if remove_diagonal:
        eye = creation.eye(labels.shape[0], ref_ids.shape[1], dtype="bool")
        positive = nmath.logical_and(positive, nmath.logical_not(eye))
    pos_mask = nmath.cast(positive, distances.dtype)
    neg_mask = nmath.cast(negative, distances.dtype)
    pos_weights = nmath.maximum((margin + distances) * pos_mask, 0.0)
    neg_weights = nmath.maximum((1.0 + margin - distances) * neg_mask, 0.0)
    pos_terms = -gamma * pos_weights * (margin - distances)
    neg_terms = gamma * neg_weights * ((1.0 - margin) - distances)
    return nn.softplus(
        _masked_logsumexp(pos_terms, positive) + _masked_logsumexp(neg_terms, negative)
    )


class Circle(LossFunctionWrapper):
    """The Circle loss; samples whose loss is 0 (no positive or no negative pair) are left
    out of the mean, as Keras's mask does.

    Args:
        gamma: the scale (80.0).
        margin: the relaxation margin (0.4).
        remove_diagonal: leave out each sample's pair with itself.
    """

    def __init__(
        self,
        gamma=80.0,
        margin=0.4,
        remove_diagonal=True,
        reduction="sum_over_batch_size",
        name="circle",
        dtype=None,
    ):
        super().__init__(
            circle,
            reduction=reduction,
            name=name,
            dtype=dtype,
            gamma=gamma,
            margin=margin,
            remove_diagonal=remove_diagonal,
        )
        self.gamma, self.margin, self.remove_diagonal = gamma, margin, remove_diagonal

    def __call__(self, y_true, y_pred, sample_weight=None):
        values = circle(y_true, backend.to_tensor(y_pred, self.dtype), **self._fn_kwargs)
        mask = nmath.cast(values > 0, values.dtype)
        if self.reduction in ("mean", "sum_over_batch_size"):
            kept = nmath.reduce_sum(mask)
            scale = nmath.where(kept == 0, 0.0, values.shape[0] / nmath.where(kept == 0, 1.0, kept))
            mask = mask * scale
        if sample_weight is not None:
            mask = mask * backend.to_tensor(sample_weight, self.dtype)
        return reduce_values(values, mask, self.reduction)

    def get_config(self):
        return {
            **Loss.get_config(self),
            "gamma": self.gamma,
            "margin": self.margin,
            "remove_diagonal": self.remove_diagonal,
        }
