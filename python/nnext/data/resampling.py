"""`Dataset.counter` (`tf.data.experimental.Counter`) and `Dataset.rejection_resample`
(`tf.data.experimental.rejection_resample`).

Rejection resampling follows TensorFlow's scheme: with `m` the smallest ratio
`target[i] / initial[i]`, each element comes with probability `m` from the input as it is,
otherwise from a second pass over the input that keeps an element of class `i` with
probability `(ratio[i] - m) / (max ratio - m)`; the mixture has the target distribution and
drops as few elements as possible. Without `initial_dist`, running class frequencies stand
for it (counted on passes of their own, as TensorFlow estimates it). Each element comes out as `(class, element)`.
"""

import random as py_random

import numpy as np

from nnext import _core, dtypes
from nnext.data.constants import INFINITE_CARDINALITY, UNKNOWN_CARDINALITY
from nnext.data.dataset import Dataset, check_dataset
from nnext.data.seeds import draw_seed, iteration_seed
from nnext.tensor_spec import TensorSpec

__all__ = ["Counter", "rejection_resample"]


class CounterDataset(Dataset):
    """`start, start + step, start + 2 * step, ...` without end, as scalars of `dtype`."""

    def __init__(self, start=0, step=1, dtype=dtypes.int64):
        self._start, self._step = int(start), int(step)
        self._dtype = dtypes.as_dtype(dtype)

    def _compute_spec(self):
        return TensorSpec((), self._dtype)

    def _cardinality(self):
        return INFINITE_CARDINALITY

    def _iterator(self):
        np_type = self._dtype.as_numpy_dtype
        value = self._start
        while True:
            yield _core.convert_to_tensor(np_type(value))
            value += self._step


def Counter(start=0, step=1, dtype=dtypes.int64, name=None):
    """An infinite dataset counting from `start` by `step` (`Dataset.counter`).

    >>> [int(x) for x in nnext.data.experimental.Counter(5, 2).take(3)]
    [5, 7, 9]
    """
    return CounterDataset(start, step, dtype)


def _mixing(initial, target):
    """(acceptance probabilities, probability of taking the input as it is): TensorFlow's
    `_calculate_acceptance_probs_with_mixing`."""
    ratio = target / (initial + np.finfo(np.float64).tiny)
    low, high = ratio.min(), ratio.max()
    accept = (ratio - low) / (high - low) if high > low else np.zeros_like(ratio)
    return accept, low


class RejectionResampleDataset(Dataset):
    """`(class, element)` pairs of `dataset` resampled to `target_dist` (see the module)."""

    def __init__(self, dataset, class_func, target_dist, initial_dist=None, seed=None):
        self._dataset = check_dataset(dataset, "`dataset`")
        self._class_func = class_func
        self._target = self._distribution(target_dist, "target_dist")
        self._initial = None
        if initial_dist is not None:
            self._initial = self._distribution(initial_dist, "initial_dist")
            if self._initial.shape != self._target.shape:
                raise ValueError(
                    f"`initial_dist` and `target_dist` must have the same shape, got "
                    f"{self._initial.shape} and {self._target.shape}"
                )
        self._seed = draw_seed(seed)
        self._iterations = 0

    @staticmethod
    def _distribution(dist, name):
        arr = np.asarray(dist.numpy() if isinstance(dist, _core.Tensor) else dist, np.float64)
        if arr.ndim != 1 or np.any(arr < 0) or not np.isclose(arr.sum(), 1.0, atol=1e-6):
            raise ValueError(f"`{name}` must be a vector of probabilities summing to 1: {dist}")
        return arr

    def _spec_is_static(self):
        return False

    def _compute_spec(self):
        first = next(iter(self), None)
        spec = self._dataset.element_spec
        if first is None:
            return (TensorSpec((), dtypes.int32), spec)
        cls = first[0]
        return (TensorSpec(tuple(cls.shape), cls.dtype), spec)

    def _cardinality(self):
        n = self._dataset._cardinality()
        return INFINITE_CARDINALITY if n == INFINITE_CARDINALITY else UNKNOWN_CARDINALITY

    def _with_class(self, element):
        args = element if isinstance(element, tuple) else (element,)
        cls = self._class_func(*args)
        cls = cls if isinstance(cls, _core.Tensor) else _core.convert_to_tensor(cls)
        return cls, element

    def _class_index(self, cls, k):
        index = int(cls.numpy())
        if not 0 <= index < k:
            raise ValueError(f"class_func returned {index}, outside [0, {k})")
        return index

    def _iterator(self):
        rng = py_random.Random(iteration_seed(self._seed, self._iterations))
        self._iterations += 1
        k = len(self._target)
        original, second = iter(self._dataset), iter(self._dataset)
        # Without `initial_dist`, TensorFlow estimates it from running class counts: one
        # pass feeds the choice between the two streams (a step per output element), the
        # filtering pass its own acceptance probabilities.
        weight_pass = None if self._initial is not None else iter(self._dataset)
        weight_counts, filter_counts = np.zeros(k), np.zeros(k)

        def estimate(counts):
            if self._initial is not None:
                return self._initial
            return counts / counts.sum() if counts.sum() else np.full(k, 1.0 / k)

        while True:
            if weight_pass is not None:
                element = next(weight_pass, None)
                if element is not None:
                    weight_counts[self._class_index(self._with_class(element)[0], k)] += 1
            _, keep_original = _mixing(estimate(weight_counts), self._target)
            if rng.random() < keep_original:
                element = next(original, None)
                if element is None:
                    return
                yield self._with_class(element)
                continue
            while True:
                element = next(second, None)
                if element is None:
                    return
                cls, element = self._with_class(element)
                index = self._class_index(cls, k)
                filter_counts[index] += 1
                accept, _ = _mixing(estimate(filter_counts), self._target)
                if rng.random() < accept[index]:
                    yield cls, element
                    break


def rejection_resample(class_func, target_dist, initial_dist=None, seed=None):
    """A transformation for `Dataset.apply` resampling a dataset to `target_dist`: its
    elements become `(class_func(element), element)` pairs (see the module)."""

    def _apply(dataset):
        return RejectionResampleDataset(dataset, class_func, target_dist, initial_dist, seed)

    return _apply
