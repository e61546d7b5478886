"""`SpectralNormalization`: keeps the wrapped layer's kernel at spectral norm 1."""

from nnext import _core
from nnext import math as nmath
from nnext.keras import initializers
from nnext.keras.layers.core.wrapper import Wrapper


def _unit(x):
    """`x` over its L2 norm, as keras.utils.normalize (axis=None): the inverse norm is
    capped at 1 / 1e-7 so that a zero vector stays zero."""
    return x * nmath.minimum(1.0 / nmath.sqrt(nmath.reduce_sum(nmath.square(x))), 1e7)


class SpectralNormalization(Wrapper):
    """Divides the wrapped layer's `kernel` (or `embeddings`) by its largest singular
    value, estimated by power iteration (Miyato et al., 2018), on every training call
    before the layer runs; at inference the layer runs with the kernel as it is.

    The kernel is viewed as a matrix `(-1, kernel.shape[-1])`; `vector_u` (a
    non-trainable weight) carries the power iteration's estimate from call to call.

    Args:
        layer: a layer with a `kernel` or `embeddings` weight (Dense, Conv2D, ...).
        power_iterations: iterations per training call (default 1).

    Example:
        >>> layer = layers.SpectralNormalization(layers.Dense(4))
        >>> layer(np.ones((2, 3)), training=True).shape
        (2, 4)
    """

    def __init__(self, layer, power_iterations=1, **kwargs):
        super().__init__(layer, **kwargs)
        if power_iterations <= 0:
            raise ValueError(
                "`power_iterations` should be greater than zero. Received: "
                f"`power_iterations={power_iterations}`"
            )
        self.power_iterations = power_iterations

    def build(self, input_shape):
        super().build(input_shape)
        if hasattr(self.layer, "kernel"):
            kernel = self.layer.kernel
        elif hasattr(self.layer, "embeddings"):
            kernel = self.layer.embeddings
        else:
            raise ValueError(
                f"{type(self.layer).__name__} object has no attribute 'kernel' nor 'embeddings'"
            )
        # Tracked as this layer's own weight too, as in Keras: `weights` is then
        # [kernel, vector_u, the wrapped layer's others] and files hold it in both places.
        self.kernel = kernel
        self.kernel_shape = tuple(kernel.shape)
        self.vector_u = self.add_weight(
            shape=(1, self.kernel_shape[-1]),
            initializer=initializers.TruncatedNormal(stddev=0.02),
            trainable=False,
            name="vector_u",
            dtype=kernel.dtype.name,
        )
        self.built = True

    def call(self, inputs, training=False):
        if training and bool(nmath.reduce_any(nmath.not_equal(self.kernel, 0.0))):
            vector_u, kernel = self.normalized_weights()
            self.vector_u.assign(vector_u)
            self.kernel.assign(kernel)
        return self.layer(inputs)

    def normalized_weights(self):
        """`(vector_u, kernel / sigma)` after `power_iterations` steps of power iteration."""
        weights = _core.reshape(self.kernel, (-1, self.kernel_shape[-1]))
        vector_u = self.vector_u * 1.0
        for _ in range(self.power_iterations):
            vector_v = _unit(_core.matmul(vector_u, weights, False, True))
            vector_u = _unit(_core.matmul(vector_v, weights))
        sigma = _core.matmul(_core.matmul(vector_v, weights), vector_u, False, True)
        return vector_u, _core.reshape(self.kernel / sigma, self.kernel_shape)

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self):
        return {**super().get_config(), "power_iterations": self.power_iterations}
