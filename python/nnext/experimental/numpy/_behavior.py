"""`tnp.experimental_enable_numpy_behavior`: NumPy's methods and indexing on every
tensor, and the choice of float32 for Python floats.

nnext's tensor operators already promote as NumPy does (`int32 + float64` is float64),
which is the promotion TensorFlow switches on here. The call adds to `tf.Tensor` the NumPy
methods it lacks (`reshape(*shape)`, `astype`, `ravel`, `flatten`, `transpose`, `clip`,
`tolist`, `mean`, `max`, `min`, `round()`, unary `+` and `data`; `T`, `ndim` and `size`
are there already) and lets `__getitem__` take every NumPy index (several integer arrays,
sequences of bools): what the core's views cannot express is gathered from the element
positions NumPy's own indexing picks, so it stays differentiable.
"""

import numpy as np

from nnext import _core, errors
from nnext.experimental.numpy import _arrays, _dtypes, _math, _reduce, _shape

__all__ = ["experimental_enable_numpy_behavior"]

_CONVERSION_MODES = ("off", "legacy", "safe", "all")
_core_getitem = _core.Tensor.__getitem__


def _reshape_method(self, *newshape, order="C"):
    if len(newshape) == 1 and not isinstance(newshape[0], (int, np.integer)):
        newshape = newshape[0]
    return _shape.reshape(self, newshape, order=order)


def _transpose_method(self, *axes):
    if len(axes) == 1 and not isinstance(axes[0], (int, np.integer)):
        axes = axes[0]
    return _shape.transpose(self, axes or None)


def _astype(self, dtype):
    return _arrays.cast(self, _arrays.resolve_dtype(dtype))


def _tolist(self):
    return self.numpy().tolist()


def _numpy_key(key):
    """The index with tensors as NumPy arrays, for NumPy to interpret."""
    if isinstance(key, tuple):
        return tuple(_numpy_key(k) for k in key)
    if isinstance(key, _core.Tensor):
        return key.numpy()
    return key


def _numpy_getitem(self, key):
    """NumPy's indexing: the core's views where it can, else a gather of the element
    positions NumPy selects."""
    try:
        return _core_getitem(self, key)
    except errors.InvalidArgumentError:
        pass
    shape = tuple(self.shape)
    positions = np.arange(int(np.prod(shape, dtype=np.int64))).reshape(shape)[_numpy_key(key)]
    picked = _core.gather(_core.reshape(self, (-1,)), _arrays.asarray(positions.reshape(-1)))
    return _core.reshape(picked, positions.shape)


_METHODS = {
    "__pos__": _math.positive,
    "__round__": _math.around,
    "astype": _astype,
    "clip": _math.clip,
    "flatten": _shape.flatten,
    "max": _reduce.amax,
    "mean": _reduce.mean,
    "min": _reduce.amin,
    "ravel": _shape.ravel,
    "reshape": _reshape_method,
    "tolist": _tolist,
    "transpose": _transpose_method,
}


def experimental_enable_numpy_behavior(prefer_float32=False, dtype_conversion_mode="legacy"):
    """Gives tensors NumPy's methods and indexing; `prefer_float32` makes Python floats
    float32 in tnp (their NumPy dtype, float64, otherwise).

    Only `dtype_conversion_mode='legacy'` (NumPy's promotion, TensorFlow's default) is
    provided: 'safe' and 'all' are the JAX-like lattice of TensorFlow's WeakTensor, and
    'off' would take back the promotion nnext's operators always do.
    """
    if dtype_conversion_mode not in _CONVERSION_MODES:
        raise ValueError(
            f"dtype_conversion_mode must be one of {_CONVERSION_MODES}, got "
            f"{dtype_conversion_mode!r}"
        )
    if dtype_conversion_mode != "legacy":
        raise NotImplementedError(
            f"dtype_conversion_mode={dtype_conversion_mode!r} is not provided by nnext: "
            "tensors promote as NumPy does ('legacy')"
        )
    tensor = _core.Tensor
    for name, method in _METHODS.items():
        if not hasattr(tensor, name):
            setattr(tensor, name, method)
    if not hasattr(tensor, "data"):
        tensor.data = property(lambda self: self)
    tensor.__getitem__ = _numpy_getitem
    _dtypes.set_prefer_float32(prefer_float32)
