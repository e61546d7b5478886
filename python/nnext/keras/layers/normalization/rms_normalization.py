"""`RMSNormalization`: scales each example by the reciprocal of its root mean square."""

from nnext import _core
from nnext import math as nmath
from nnext.keras.layers.layer import Layer
from nnext.keras.layers.normalization.statistics import check_axes_in_bounds


class RMSNormalization(Layer):
    """Root-mean-square normalization: `x / sqrt(mean(x^2, axis) + epsilon) * scale`.

    No mean is subtracted (Zhang and Sennrich, 2019). `scale` is a learned weight with the
    shape of the normalized axes, initialized to ones.

    Args:
        axis: an int or a list of ints, the axes to normalize over (default -1).
        epsilon: added to the mean square (default 1e-6).

    Example:
        >>> layers.RMSNormalization()(np.array([[3.0, 4.0]])).numpy()
        array([[0.8485..., 1.1313...]], dtype=float32)
    """

    def __init__(self, axis=-1, epsilon=1e-6, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.epsilon = epsilon

    def build(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        rank = len(input_shape)
        self.axis = sorted(self.axis) if isinstance(self.axis, (list, tuple)) else [self.axis]
        axes = sorted(a % rank for a in self.axis)
        self.scale = self.add_weight(
            name="scale", shape=tuple(input_shape[a] for a in axes), initializer="ones"
        )
        self._axes = axes
        trailing = axes == list(range(rank - len(axes), rank))
        self._param_shape = (
            None if trailing else [input_shape[i] if i in axes else 1 for i in range(rank)]
        )
        self.built = True

    def call(self, x):
        if not x.dtype.is_floating:
            x = nmath.cast(x, self.compute_dtype)
        mean_square = nmath.reduce_mean(nmath.square(x), axis=self._axes, keepdims=True)
        scale = self.scale
        if self._param_shape is not None:
            scale = _core.reshape(scale, self._param_shape)
        return x * (1.0 / nmath.sqrt(mean_square + self.epsilon)) * scale

    def compute_output_shape(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon}
