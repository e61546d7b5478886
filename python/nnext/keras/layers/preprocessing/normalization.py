"""`Normalization`: standardizes features with a mean and variance given or adapted from
data."""

import math

import numpy as np

from nnext import _core
from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.layers.layer import Layer


def first_of_batch(batch):
    """The inputs of an `(x, y, ...)` batch; a plain batch as it is."""
    return batch[0] if isinstance(batch, tuple) else batch


class Normalization(Layer):
    """Shifts and scales inputs to zero mean and unit variance per feature:
    `(x - mean) / max(sqrt(var), epsilon)` (or, with `invert=True`, the inverse map
    `mean + x * max(sqrt(var), epsilon)`).

    `mean` and `var` are either given at construction or computed by `adapt(data)` from
    NumPy arrays, tensors or an iterable of batches (a dataset); they are kept per index of
    the `axis` axes and computed over all the others.

    Args:
        axis: the axis or axes that keep separate statistics (default -1, the features);
            None for one mean and variance over everything.
        mean, variance: the statistics to use instead of `adapt` (both or neither).
        invert: apply the inverse transformation.

    Example:
        >>> layer = layers.Normalization()
        >>> layer.adapt(np.array([[0.0, 10.0], [2.0, 30.0]]))
        >>> layer(np.array([[1.0, 20.0]])).numpy()
        array([[0., 0.]], dtype=float32)
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, int):
            axis = (axis,)
        else:
            axis = tuple(axis)
        self.axis = axis
        self.input_mean = mean
        self.input_variance = variance
        self.invert = invert
        self.supports_masking = True
        if (mean is not None) != (variance is not None):
            raise ValueError(
                "When setting values directly, both `mean` and `variance` must be set. "
                f"Received: mean={mean} and variance={variance}"
            )
        if mean is not None:
            if np.shape(mean) != np.shape(variance):
                raise ValueError(
                    "When setting values directly, `mean` and `variance` must have the same "
                    f"shape. Received: mean shape {np.shape(mean)} and variance shape "
                    f"{np.shape(variance)}"
                )
            if len(np.shape(mean)) > len(self.axis):
                raise ValueError(
                    "The rank of `mean` must be less than or equal to the number of axes "
                    f"({len(self.axis)}). Received: mean shape {np.shape(mean)} for axis "
                    f"{self.axis}"
                )

    def build(self, input_shape):
        rank = len(input_shape)
        if any(a < -rank or a >= rank for a in self.axis):
            raise ValueError(
                "All `axis` values must be in the range [-ndim, ndim). Received inputs with "
                f"ndim={rank}, while axis={self.axis}"
            )
        self._keep_axis = tuple(sorted(a % rank for a in self.axis))
        for a in self._keep_axis:
            if input_shape[a] is None:
                raise ValueError(
                    "All `axis` values to be kept must have a known shape. Received "
                    f"axis={self.axis}, inputs.shape={tuple(input_shape)}, with unknown axis "
                    f"at index {a}"
                )
        self._reduce_axis = tuple(a for a in range(rank) if a not in self._keep_axis)
        self._broadcast_shape = tuple(
            input_shape[a] if a in self._keep_axis else 1 for a in range(rank)
        )
        self._statistics_shape = tuple(input_shape[a] for a in self._keep_axis)
        self._build_input_shape = tuple(input_shape)
        if self.input_mean is None:
            # Keras's variables, in its order: mean, variance, count.
            self.adapt_mean = self.add_weight(
                name="mean", shape=self._statistics_shape, initializer="zeros", trainable=False
            )
            self.adapt_variance = self.add_weight(
                name="variance",
                shape=self._statistics_shape,
                initializer="ones",
                trainable=False,
            )
            self.count = self.add_weight(
                name="count", shape=(), dtype="int32", initializer="zeros", trainable=False
            )
        else:
            self._fixed = tuple(
                _core.broadcast_to(self._expand(np.asarray(v, self.dtype)), self._broadcast_shape)
                for v in (self.input_mean, self.input_variance)
            )
        self.built = True

    def _expand(self, value):
        """A statistic of the kept axes (or a trailing part of them) as a tensor that
        broadcasts against the inputs."""
        value = backend.to_tensor(value, self.dtype)
        expanded = [1] * len(self._broadcast_shape)
        for i in range(1, value.ndim + 1):
            expanded[self._keep_axis[-i]] = value.shape[-i]
        return _core.reshape(value, expanded)

    def adapt(self, data):
        """Computes the mean and variance of `data` over the axes not in `axis`.

        Args:
            data: a NumPy array or tensor, or an iterable of batches (arrays, tensors or
                `(x, y)` tuples), such as a dataset.
        """
        iterable = not (isinstance(data, np.ndarray) or backend.is_tensor(data))
        if iterable:
            if not hasattr(data, "__iter__"):
                raise TypeError(
                    f"Unsupported data type: {type(data)}. `adapt` supports `np.ndarray`, "
                    "tensors, and iterables of batches (e.g. list, generator, dataset)."
                )
            batches = iter(data)
            first = next(batches, None)
            if first is None:
                raise ValueError(
                    "adapt() received an empty iterable (no batches). Expected at least one batch."
                )
            first = first_of_batch(first)
            input_shape = tuple(np.shape(first))
        else:
            input_shape = tuple(data.shape)
        if not self.built:
            self._maybe_build(input_shape)
        else:
            for a in self._keep_axis:
                if input_shape[a] != self._build_input_shape[a]:
                    raise ValueError(
                        f"The layer was built with input_shape={self._build_input_shape}, but "
                        "adapt() is being called with data with an incompatible shape, "
                        f"data.shape={input_shape}"
                    )
        if not iterable:
            mean, variance = self._moments(backend.to_tensor(data, self.dtype))
        else:
            mean, variance = self._moments_of_batches([first], batches)
        self.adapt_mean.assign(mean)
        self.adapt_variance.assign(variance)

    def _moments(self, x):
        if not x.dtype.is_floating:
            x = nmath.cast(x, self.dtype)
        axes = list(self._reduce_axis)
        mean = nmath.reduce_mean(x, axis=axes, keepdims=True)
        variance = nmath.reduce_mean(nmath.square(x - mean), axis=axes)
        return _core.reshape(mean, self._statistics_shape), variance

    def _moments_of_batches(self, head, rest):
        """Merges the batches' moments one at a time, weighting each by its count (the
        parallel variance update Keras uses)."""
        total_mean = total_variance = None
        total_count = 0
        for batch in (*head, *rest):
            batch = backend.to_tensor(first_of_batch(batch), self.dtype)
            for a in self._keep_axis:
                if batch.shape[a] != self._build_input_shape[a]:
                    raise ValueError(
                        "adapt() yielded a batch with incompatible shape. Expected "
                        f"{self._build_input_shape}, got {tuple(batch.shape)}."
                    )
            mean, variance = self._moments(batch)
            count = math.prod(batch.shape[a] for a in self._reduce_axis)
            total_count += count
            weight = float(count) / total_count
            if total_mean is None:
                total_mean, total_variance = mean, variance
                continue
            new_mean = total_mean * (1.0 - weight) + mean * weight
            total_variance = (total_variance + nmath.square(total_mean - new_mean)) * (
                1.0 - weight
            ) + (variance + nmath.square(mean - new_mean)) * weight
            total_mean = new_mean
        return total_mean, total_variance

    def _statistics(self):
        if self.input_mean is not None:
            return self._fixed
        return (
            _core.reshape(self.adapt_mean, self._broadcast_shape),
            _core.reshape(self.adapt_variance, self._broadcast_shape),
        )

    @property
    def mean(self):
        """The mean in force, shaped to broadcast against the inputs (Keras's `mean`)."""
        return self._built_statistics()[0]

    @property
    def variance(self):
        """The variance in force, shaped to broadcast against the inputs."""
        return self._built_statistics()[1]

    def _built_statistics(self):
        if not self.built:
            # As in Keras, the statistics exist once the layer is built (or adapted).
            raise AttributeError(f"'{type(self).__name__}' object has no attribute 'mean'")
        return self._statistics()

    def call(self, inputs):
        if not inputs.dtype.is_floating or inputs.dtype.name != self.compute_dtype:
            inputs = nmath.cast(inputs, self.compute_dtype)
        mean, variance = (nmath.cast(v, inputs.dtype) for v in self._statistics())
        scale = nmath.maximum(nmath.sqrt(variance), backend.epsilon())
        if self.invert:
            return mean + inputs * scale
        return (inputs - mean) / scale

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "invert": self.invert,
            "mean": np.array(self.input_mean).tolist(),
            "variance": np.array(self.input_variance).tolist(),
        }
