"""`Dot`: the dot product of two batches of tensors along given axes."""

from nnext import _core
from nnext import math as nmath
from nnext.keras.layers.merging.base_merge import Merge


class Dot(Merge):
    """For inputs `a` of shape `(batch, n)` and `b` of shape `(batch, n)`, `a . b` per sample,
    shape `(batch, 1)`; generally, the sum over `axes` of each sample's product.

    Args:
        axes: an int, or a pair of ints (one axis of each input, not the batch axis).
        normalize: L2-normalise both inputs along `axes` first (giving cosine similarity).
    """

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(axes, int) and not (
            isinstance(axes, (list, tuple))
            and len(axes) == 2
            and all(isinstance(a, int) for a in axes)
        ):
            raise TypeError(
                f"Invalid format for argument `axes`: expected an int or a list/tuple of 2 "
                f"ints. Received: axes={axes}"
            )
        self.axes = axes
        self.normalize = normalize

    def _resolved_axes(self, shape_a, shape_b):
        axes = [self.axes, self.axes] if isinstance(self.axes, int) else list(self.axes)
        return [axes[0] % len(shape_a), axes[1] % len(shape_b)]

    def compute_output_shape(self, input_shape):
        if len(input_shape) != 2:
            raise ValueError(
                f"A `Dot` layer should be called on a list of 2 inputs. Received: "
                f"input_shape={input_shape}"
            )
        a, b = (tuple(s) for s in input_shape)
        axis_a, axis_b = self._resolved_axes(a, b)
        if a[axis_a] is not None and b[axis_b] is not None and a[axis_a] != b[axis_b]:
            raise ValueError(
                f"Incompatible input shapes: axis values {a[axis_a]} (at axis {axis_a}) != "
                f"{b[axis_b]} (at axis {axis_b}). Full input shapes: {a}, {b}"
            )
        shape = list(a[:axis_a] + a[axis_a + 1 :]) + list(b[1:axis_b] + b[axis_b + 1 :])
        if len(shape) == 1:
            shape.append(1)
        return tuple(shape)

    def _merge_function(self, inputs):
        if len(inputs) != 2:
            raise ValueError(
                f"A `Dot` layer should be called on exactly 2 inputs. Received: "
                f"{len(inputs)} inputs"
            )
        a, b = inputs
        axis_a, axis_b = self._resolved_axes(tuple(a.shape), tuple(b.shape))
        if self.normalize:
            a = _l2_normalize(a, axis_a)
            b = _l2_normalize(b, axis_b)
        # Move the contracted axis last in `a` and second in `b`: then a batched matmul
        # contracts it, and the remaining axes of each sample come out in order.
        a = _move_axis(a, axis_a, a.ndim - 1)
        b = _move_axis(b, axis_b, 1)
        a2 = _core.reshape(a, (a.shape[0], -1, a.shape[-1]))
        b2 = _core.reshape(b, (b.shape[0], b.shape[1], -1))
        out = _core.matmul(a2, b2)
        shape = tuple(a.shape[1:-1]) + tuple(b.shape[2:])
        out = _core.reshape(out, (out.shape[0],) + shape)
        if out.ndim == 1:
            out = _core.expand_dims(out, 1)
        return out

    def get_config(self):
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}


def _move_axis(x, source, destination):
    perm = [i for i in range(x.ndim) if i != source]
    perm.insert(destination, source)
    return _core.transpose(x, perm) if perm != list(range(x.ndim)) else x


def _l2_normalize(x, axis):
    square_sum = nmath.reduce_sum(nmath.square(x), axis=axis, keepdims=True)
    return x / nmath.sqrt(nmath.maximum(square_sum, 1e-12))


def dot(inputs, axes=-1, normalize=False, **kwargs):
    """Functional form of `Dot`."""
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)
