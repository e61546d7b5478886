"""`to_categorical`: integer class ids to one-hot rows."""

import numpy as np


def to_categorical(x, num_classes=None):
    """Converts a class vector of integers to a one-hot matrix.

    The result is float32, the dtype the model computes in (Keras 3 returns float64).

    Args:
        x: integer class ids, any shape; a trailing axis of size 1 is dropped.
        num_classes: the number of classes; `max(x) + 1` if None.

    Returns:
        An array of shape `x.shape + (num_classes,)`.

    Example:
        >>> to_categorical([0, 2], num_classes=3)
        array([[1., 0., 0.],
               [0., 0., 1.]], dtype=float32)
    """
    x = np.asarray(x)
    if x.dtype.kind not in "iub":
        if x.dtype.kind == "f" and np.all(np.mod(x, 1) == 0):
            x = x.astype(np.int64)
        else:
            raise ValueError(f"to_categorical expects integer class ids. Received: dtype={x.dtype}")
    x = x.astype(np.int64)
    shape = x.shape
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = shape[:-1]
    x = x.reshape(-1)
    if num_classes is None:
        num_classes = int(x.max()) + 1 if x.size else 0
    if x.size and (x.min() < 0 or x.max() >= num_classes):
        raise ValueError(
            f"to_categorical: class ids must lie in [0, {num_classes}). "
            f"Received ids from {x.min()} to {x.max()} with num_classes={num_classes}"
        )
    categorical = np.zeros((x.size, num_classes), dtype=np.float32)
    categorical[np.arange(x.size), x] = 1.0
    return categorical.reshape(shape + (num_classes,))


def normalize(x, axis=-1, order=2):
    """Divides `x` by its `order`-norm along `axis`.

    A NumPy array gives a NumPy array (zero norms left as 1, as Keras does); a Tensor gives
    a Tensor, `x / max(norm, epsilon)` (for `order=2`: `x * min(rsqrt(sum(x**2)),
    1 / epsilon)`).

    Args:
        x: the array or tensor.
        axis: the axis to normalize along.
        order: the norm's order (an int >= 1).

    Example:
        >>> keras.utils.normalize(np.array([[3.0, 4.0]]))
        array([[0.6, 0.8]])
    """
    from nnext import _core
    from nnext import math as nmath
    from nnext.keras import config

    if isinstance(x, np.ndarray):
        norm = np.atleast_1d(np.linalg.norm(x, order, axis, keepdims=True))
        # NOTE: Keras 3.15 expands the norm at `axis or -1`, which breaks axis=0; nnext
        # keeps the reduced axis instead, the same result for every other axis.
        norm[norm == 0] = 1
        return x / norm
    if not isinstance(order, int) or order < 1:
        raise ValueError(f"Argument `order` must be an int >= 1. Received: order={order}")
    if not isinstance(x, _core.Tensor):
        from nnext.keras import backend

        x = backend.to_tensor(x, config.floatx())
    if x.ndim == 0:
        x = _core.expand_dims(x, 0)
    eps = config.epsilon()
    if order == 2:
        square_sum = nmath.reduce_sum(nmath.square(x), axis=axis, keepdims=True)
        inv_norm = nmath.minimum(1.0 / nmath.sqrt(square_sum), 1.0 / eps)
        return x * inv_norm
    norm = nmath.pow(
        nmath.reduce_sum(nmath.pow(nmath.abs(x), float(order)), axis=axis, keepdims=True),
        1.0 / order,
    )
    return x / nmath.maximum(norm, eps)
