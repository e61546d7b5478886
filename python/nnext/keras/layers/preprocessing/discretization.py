"""`Discretization`: buckets continuous features by boundaries given or adapted from data."""

import numpy as np

from nnext import _core
from nnext import math as nmath
from nnext.keras import backend
from nnext.keras.layers.layer import Layer
from nnext.keras.layers.preprocessing.encoding import OUTPUT_MODES, encode_categories


class Discretization(Layer):
    """Maps each value to the index of its bucket: with boundaries `b`, index `i` holds
    `b[i-1] <= x < b[i]` (NumPy's `digitize`), so there are `len(b) + 1` buckets. The
    indices are returned as they are ('int') or encoded ('one_hot', 'multi_hot', 'count').

    `adapt(data)` chooses `num_bins - 1` boundaries at approximate quantiles of the data,
    with the same sketch (of relative error `epsilon`) as Keras, so both libraries pick the
    same boundaries.

    Args:
        bin_boundaries: sorted boundaries; or None to `adapt` with `num_bins`.
        num_bins: the number of buckets `adapt` makes.
        epsilon: the quantile sketch's error tolerance (default 0.01).
        output_mode: 'int' (default), 'one_hot', 'multi_hot' or 'count'.
        sparse: only False is supported.

    Example:
        >>> layers.Discretization(bin_boundaries=[0.0, 1.0])(np.array([[-1.0, 0.5, 2.0]]))
        array([[0, 1, 2]], dtype=int32)
    """

    def __init__(
        self,
        bin_boundaries=None,
        num_bins=None,
        epsilon=0.01,
        output_mode="int",
        sparse=False,
        dtype=None,
        name=None,
    ):
        super().__init__(name=name, dtype=dtype)
        if sparse:
            raise ValueError("Discretization: `sparse=True` is not supported by nnext.")
        if output_mode not in OUTPUT_MODES:
            raise ValueError(
                "Unknown value for `output_mode` argument of Discretization. Allowed values "
                f"are: {OUTPUT_MODES}. Received: output_mode={output_mode}"
            )
        if num_bins is not None and num_bins < 0:
            raise ValueError(
                f"`num_bins` must be greater than or equal to 0. Received: `num_bins={num_bins}`"
            )
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError(
                "Both `num_bins` and `bin_boundaries` should not be set. Received: "
                f"`num_bins={num_bins}` and `bin_boundaries={bin_boundaries}`"
            )
        if num_bins is None and bin_boundaries is None:
            raise ValueError("You need to set either `num_bins` or `bin_boundaries`.")
        self.bin_boundaries = bin_boundaries
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.output_mode = output_mode
        self.sparse = sparse
        self.summary = None if bin_boundaries else _empty_summary()

    @property
    def output_dtype(self):
        return self.dtype if self.output_mode != "int" else "int32"

    def adapt(self, data, steps=None):
        """Chooses `num_bins - 1` boundaries at approximate quantiles of `data` (an array,
        a tensor, or an iterable of batches of which at most `steps` are read)."""
        if self.num_bins is None:
            raise ValueError(
                "Cannot adapt a Discretization layer that has been initialized with "
                "`bin_boundaries`, use `num_bins` instead."
            )
        self.reset_state()
        if isinstance(data, np.ndarray) or backend.is_tensor(data) or not hasattr(data, "__iter__"):
            self.update_state(data)
        else:
            for i, batch in enumerate(data):
                if steps is not None and i >= steps:
                    break
                self.update_state(batch)
        self.finalize_state()

    def update_state(self, data):
        # The sketch is a one-off pass over host data, kept in NumPy as Keras keeps it, so
        # that the adapted boundaries are Keras's to the last bit.
        values = np.asarray(data[0] if isinstance(data, tuple) else data, dtype="float32")
        self.summary = _merge_summaries(
            _summarize(values, self.epsilon), self.summary, self.epsilon
        )

    def finalize_state(self):
        if self.num_bins is None:
            return
        self.bin_boundaries = _compress_summary(self.summary, 1.0 / self.num_bins)[0, :-1].tolist()

    def reset_state(self):
        if self.num_bins is None:
            return
        self.summary = _empty_summary()

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError(
                "You need to either pass the `bin_boundaries` argument at construction time "
                "or call `adapt(dataset)` before you can start using the `Discretization` "
                "layer."
            )
        if not inputs.dtype.is_floating:
            inputs = nmath.cast(inputs, backend.floatx())
        boundaries = backend.to_tensor(np.asarray(self.bin_boundaries, inputs.dtype.name))
        # digitize: the number of boundaries at or below each value.
        at_or_above = nmath.greater_equal(_core.expand_dims(inputs, -1), boundaries)
        indices = nmath.reduce_sum(nmath.cast(at_or_above, "int32"), axis=-1)
        return encode_categories(
            indices, self.output_mode, len(self.bin_boundaries) + 1, self.output_dtype
        )

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.output_mode == "int":
            return input_shape
        depth = len(self.bin_boundaries) + 1 if self.bin_boundaries is not None else self.num_bins
        if self.output_mode == "one_hot":
            if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
                return input_shape[:-1] + (depth,)
            return input_shape + (depth,)
        if len(input_shape) >= 2:
            return (input_shape[0],) + input_shape[2:] + (depth,)
        return (depth,)

    def get_config(self):
        return {
            "bin_boundaries": self.bin_boundaries,
            "num_bins": self.num_bins,
            "epsilon": self.epsilon,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "name": self.name,
            "dtype": self.dtype,
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = config["dtype"].get("config", {}).get("name")
        if config.get("bin_boundaries") is not None and config.get("num_bins") is not None:
            # An adapted layer: both are saved; the constructor takes only one.
            bin_boundaries = config.pop("bin_boundaries")
            layer = cls(**config)
            layer.bin_boundaries = bin_boundaries
            return layer
        return cls(**config)


def _empty_summary():
    return np.array([[], []], dtype="float32")


def _summarize(values, epsilon):
    """A summary `[[values], [weights]]`: every `step`-th sorted value, `step` chosen so
    that about `1 / epsilon` values remain, each standing for `step` values."""
    values = np.sort(np.reshape(values, [-1]))
    step = max(np.size(values) / (1.0 / epsilon), 1)
    boundaries = values[int(step - 1) :: int(step)]
    return np.stack([boundaries, np.ones_like(boundaries) * step])


def _merge_summaries(first, second, epsilon):
    merged = np.concatenate((first, second), axis=1)
    merged = np.take(merged, np.argsort(merged[0]), axis=1)
    return _compress_summary(merged, epsilon)


def _compress_summary(summary, epsilon):
    """Resamples a summary at the quantiles `epsilon, 2 * epsilon, ...` by interpolating
    its cumulative weights."""
    if summary.shape[1] * epsilon < 1:
        return summary
    percents = epsilon + np.arange(0.0, 1.0, epsilon)
    cum_weights = summary[1].cumsum()
    cum_weight_percents = cum_weights / cum_weights[-1]
    new_bins = np.interp(percents, cum_weight_percents, summary[0])
    cum_weights = np.interp(percents, cum_weight_percents, cum_weights)
    new_weights = cum_weights - np.concatenate((np.array([0]), cum_weights[:-1]))
    return np.stack((new_bins, new_weights)).astype("float32")
