"""``tf.saturate_cast`` (clamp, then cast: differentiable through ``clip_by_value``) and
``tf.bitcast`` (the same bytes read as another dtype; not differentiable, as in TensorFlow)."""

import numpy as np

from nnext import _core, errors
from nnext.dtypes import as_dtype

__all__ = ["bitcast", "saturate_cast"]


def _t(x):
    return x if isinstance(x, _core.Tensor) else _core.convert_to_tensor(x)


def _bounds(source, dtype):
    """The clamp range ``[lo, hi]`` of ``source`` values that ``dtype`` can hold, as values of
    ``source`` itself (a float bound that rounds outwards is moved one step inwards)."""
    in_np = np.dtype(source.as_numpy_dtype)
    src = np.iinfo(in_np) if source.is_integer else np.finfo(in_np)
    dst = (np.iinfo if dtype.is_integer else np.finfo)(dtype.as_numpy_dtype)
    if source.is_integer:
        lo, hi = max(int(dst.min), int(src.min)), min(int(dst.max), int(src.max))
        return np.array(lo).astype(in_np), np.array(hi).astype(in_np), lo > src.min or hi < src.max
    lo, hi = max(float(dst.min), float(src.min)), min(float(dst.max), float(src.max))
    lo_v, hi_v = np.array(lo).astype(in_np), np.array(hi).astype(in_np)
    if float(lo_v) < lo:
        lo_v = np.nextafter(lo_v, in_np.type(np.inf))
    if float(hi_v) > hi:
        hi_v = np.nextafter(hi_v, in_np.type(-np.inf))
    return lo_v, hi_v, lo > src.min or hi < src.max


def saturate_cast(value, dtype, name=None):
    """Casts ``value`` to ``dtype``, first clamping it to the range ``dtype`` can hold."""
    value = _t(value)
    dtype = as_dtype(dtype)
    for d in (value.dtype, dtype):
        if d.is_bool or not (d.is_integer or d.is_floating):
            raise TypeError(f"saturate_cast: unsupported cast {value.dtype.name} -> {dtype.name}")
    lo, hi, clamps = _bounds(value.dtype, dtype)
    if clamps:
        value = _core.clip_by_value(value, _core.convert_to_tensor(lo), _core.convert_to_tensor(hi))
    return _core.cast(value, dtype)


def bitcast(input, type, name=None):
    """The bytes of ``input`` as ``type``. Equal sizes keep the shape; a smaller ``type``
    adds a last axis of the size ratio; a larger one needs a last axis of that ratio and
    removes it."""
    x = _t(input)
    dtype = as_dtype(type)
    src, dst = np.dtype(x.dtype.as_numpy_dtype), np.dtype(dtype.as_numpy_dtype)
    shape = list(x.shape)
    if src.itemsize < dst.itemsize and (not shape or shape[-1] != dst.itemsize // src.itemsize):
        raise errors.InvalidArgumentError(
            None,
            "Bitcast",
            f"Cannot bitcast from {x.dtype.name} to {dtype.name}: shape {shape}",
        )
    array = np.ascontiguousarray(x.numpy())
    out = array.view(dst)
    if src.itemsize > dst.itemsize:
        out = out.reshape([*shape, src.itemsize // dst.itemsize])
    elif src.itemsize < dst.itemsize:
        out = out.reshape(shape[:-1])
    return _core.convert_to_tensor(out)
