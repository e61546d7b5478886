"""Intersection-over-union metrics for segmentation: a confusion matrix of class ids
accumulated over batches, and the IoU `tp / (tp + fp + fn)` of chosen classes."""

import warnings

import numpy as np

from nnext import _core, creation
from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.metrics.metric import Metric


def confusion_matrix(labels, predictions, num_classes, weights, dtype):
    """`cm[i, j]` = the summed weight of samples with label `i` predicted as `j`, as one
    product of one-hot matrices: `one_hot(labels)^T @ (one_hot(predictions) * weights)`."""
    classes = creation.range(num_classes, dtype="int64")
    rows = nmath.cast(nmath.equal(_core.expand_dims(labels, -1), classes), "float64")
    cols = nmath.cast(nmath.equal(_core.expand_dims(predictions, -1), classes), "float64")
    cols = cols * _core.expand_dims(nmath.cast(weights, "float64"), -1)
    return nmath.cast(_core.matmul(rows, cols, transpose_a=True), dtype)


class _IoUBase(Metric):
    """The confusion matrix of integer class ids (`argmax` of one-hot inputs when the
    `sparse_*` flags are False); ids outside `[0, num_classes)` and `ignore_class` are
    left out. Its dtype is an integer one by default, as in Keras: float weights are
    truncated (with a warning)."""

    _direction = "up"

    def __init__(
        self,
        num_classes,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(name=name, dtype=dtype or "int32")
        self.num_classes = num_classes
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_variable(
            (num_classes, num_classes), name="total_confusion_matrix", dtype=self.dtype
        )

    def _ids(self, values, sparse):
        values = backend.to_tensor(values)
        if not sparse:
            values = nmath.argmax(values, axis=self.axis)
        values = nmath.cast(values, "int64")
        return _core.reshape(values, (-1,)) if values.ndim != 1 else values

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = self._ids(y_true, self.sparse_y_true)
        y_pred = self._ids(y_pred, self.sparse_y_pred)
        if sample_weight is None:
            weight = creation.ones((y_true.shape[0],), dtype=self.dtype)
        else:
            array = np.asarray(sample_weight)
            if array.dtype.kind == "f" and "int" in self.dtype:
                warnings.warn(
                    "You are passing weight as `float`, but dtype is `int`. This may result "
                    "in an incorrect weight due to type casting Consider using integer "
                    "weights.",
                    stacklevel=2,
                )
            weight = creation.convert_to_tensor(
                np.ascontiguousarray(
                    np.broadcast_to(
                        array.reshape(-1) if array.ndim > 1 else array, y_true.shape
                    ).astype(self.dtype)
                )
            )
        in_bounds = nmath.logical_and(
            nmath.logical_and(y_true >= 0, y_true < self.num_classes),
            nmath.logical_and(y_pred >= 0, y_pred < self.num_classes),
        )
        if self.ignore_class is not None:
            in_bounds = nmath.logical_and(in_bounds, nmath.not_equal(y_true, self.ignore_class))
        y_true = nmath.where(in_bounds, y_true, 0)
        y_pred = nmath.where(in_bounds, y_pred, 0)
        weight = nmath.where(in_bounds, weight, 0)
        self.total_cm.assign_add(
            confusion_matrix(y_true, y_pred, self.num_classes, weight, self.dtype)
        )


class IoU(_IoUBase):
    """The mean IoU `tp / (tp + fp + fn)` of the classes `target_class_ids`, over the
    classes that occur (in labels or predictions).

    Args:
        num_classes: the number of classes.
        target_class_ids: the class ids to average.
        ignore_class: a label id to leave out (e.g. a "void" class).
        sparse_y_true: labels are class ids (else one-hot / scores, arg-maxed over `axis`).
        sparse_y_pred: predictions are class ids (else scores, arg-maxed over `axis`).
        axis: the class axis of non-sparse inputs.

    Example:
        >>> m = metrics.IoU(num_classes=2, target_class_ids=[0])
        >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
        >>> round(float(m.result()), 4)
        0.3333
    """

    def __init__(
        self,
        num_classes,
        target_class_ids,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(
            num_classes,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=sparse_y_true,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )
        if max(target_class_ids) >= num_classes:
            raise ValueError(
                f"Target class id {max(target_class_ids)} is out of range, which is "
                f"[0, {num_classes})."
            )
        self.target_class_ids = list(target_class_ids)

    def result(self):
        cm = nmath.cast(self.total_cm, "float32")
        predicted = nmath.reduce_sum(cm, axis=0)
        actual = nmath.reduce_sum(cm, axis=1)
        classes = creation.range(self.num_classes, dtype="int64")
        diagonal = nmath.reduce_sum(
            cm * nmath.cast(nmath.equal(_core.expand_dims(classes, 1), classes), "float32"),
            axis=1,
        )
        ids = creation.constant(np.asarray(self.target_class_ids, np.int64))
        tp = _core.gather(diagonal, ids)
        denominator = _core.gather(predicted + actual - diagonal, ids)
        valid = denominator > 1e-9
        iou = nmath.where(valid, tp / (denominator + backend.epsilon()), 0.0)
        count = nmath.reduce_sum(nmath.cast(valid, "float32"))
        return nmath.reduce_sum(iou, axis=self.axis) / (count + backend.epsilon())

    def get_config(self):
        return {
            **super().get_config(),
            "num_classes": self.num_classes,
            "target_class_ids": self.target_class_ids,
            "ignore_class": self.ignore_class,
            "sparse_y_true": self.sparse_y_true,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }


class BinaryIoU(IoU):
    """IoU of 0/1 labels and predictions thresholded at `threshold` (`y_pred >= t` is 1).

    Args:
        target_class_ids: (0,), (1,) or (0, 1) (the default: the mean of both).
        threshold: the decision threshold (0.5).
    """

    def __init__(self, target_class_ids=(0, 1), threshold=0.5, name=None, dtype=None):
        super().__init__(num_classes=2, target_class_ids=target_class_ids, name=name, dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = backend.to_tensor(y_pred, "float32")
        y_pred = nmath.cast(y_pred >= self.threshold, "int64")
        super().update_state(y_true, y_pred, sample_weight)

    def get_config(self):
        return {
            "target_class_ids": self.target_class_ids,
            "threshold": self.threshold,
            "name": self.name,
            "dtype": self.dtype,
        }


class MeanIoU(IoU):
    """The IoU averaged over all `num_classes` classes that occur."""

    def __init__(
        self,
        num_classes,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(
            num_classes,
            list(range(num_classes)),
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=sparse_y_true,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self):
        return {
            "num_classes": self.num_classes,
            "name": self.name,
            "dtype": self.dtype,
            "ignore_class": self.ignore_class,
            "sparse_y_true": self.sparse_y_true,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }


class OneHotIoU(IoU):
    """`IoU` for one-hot labels (and, unless `sparse_y_pred`, score predictions)."""

    def __init__(
        self,
        num_classes,
        target_class_ids,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_pred=False,
        axis=-1,
    ):
        super().__init__(
            num_classes,
            target_class_ids,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self):
        return {
            "num_classes": self.num_classes,
            "target_class_ids": self.target_class_ids,
            "name": self.name,
            "dtype": self.dtype,
            "ignore_class": self.ignore_class,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }


class OneHotMeanIoU(MeanIoU):
    """`MeanIoU` for one-hot labels (and, unless `sparse_y_pred`, score predictions)."""

    def __init__(
        self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_pred=False, axis=-1
    ):
        super().__init__(
            num_classes,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self):
        return {
            "num_classes": self.num_classes,
            "name": self.name,
            "dtype": self.dtype,
            "ignore_class": self.ignore_class,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }
