"""Initializers of whole matrices: `Identity` and `Orthogonal`."""

import math

from nnext import _core, creation, random
from nnext import math as nmath
from nnext.keras.initializers.initializer import Initializer


class Identity(Initializer):
    """`gain` times the identity matrix (ones on the main diagonal of a 2D shape).

    Args:
        gain: the diagonal's value (default 1.0).

    Example:
        >>> initializers.Identity(2.0)((2, 3)).numpy()
        array([[2., 0., 0.], [0., 2., 0.]], dtype=float32)
    """

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        if len(shape) != 2:
            raise ValueError(
                "Identity matrix initializer can only be used for 2D matrices. "
                f"Received: shape={shape} of rank {len(shape)}."
            )
        return self.gain * creation.eye(shape[0], shape[1], dtype=dtype or "float32")

    def get_config(self):
        return {"gain": self.gain}


class Orthogonal(Initializer):
    """A random orthogonal matrix times `gain` (Saxe et al., 2014).

    The shape is viewed as a matrix `(prod(shape[:-1]), shape[-1])`; its rows (if there
    are fewer rows than columns) or its columns are orthonormal. It is the Q factor of the
    QR decomposition of a standard normal matrix, with the signs of R's diagonal folded
    into Q so that the distribution is uniform over orthogonal matrices.

    Args:
        gain: the factor applied to the orthogonal matrix (default 1.0).
        seed: optional integer seed.

    Example:
        >>> w = initializers.Orthogonal(seed=0)((3, 3)).numpy()
        >>> np.allclose(w @ w.T, np.eye(3), atol=1e-6)
        True
    """

    def __init__(self, gain=1.0, seed=None):
        self.gain = gain
        self.seed = seed

    def __call__(self, shape, dtype=None):
        if len(shape) < 2:
            raise ValueError(
                "The tensor to initialize must be at least two-dimensional. "
                f"Received: shape={shape} of rank {len(shape)}."
            )
        dtype = dtype or "float32"
        rows, cols = math.prod(shape[:-1]), shape[-1]
        tall = (max(rows, cols), min(rows, cols))
        a = random.normal(tall, dtype=dtype, seed=self.seed)
        q, r = _core.linalg_qr(a, False)
        diagonal = nmath.reduce_sum(r * creation.eye(tall[1], dtype=dtype), axis=0)
        q = q * nmath.sign(diagonal)
        if rows < cols:
            q = _core.transpose(q)
        return self.gain * _core.reshape(q, tuple(shape))

    def get_config(self):
        return {"seed": self.seed, "gain": self.gain}
