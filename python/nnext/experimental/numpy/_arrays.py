"""tnp's array conversion and creation: `asarray`/`array` with NumPy's dtype inference,
the promotion every other tnp function applies to its operands, and the constructors
(`zeros`, `arange`, `linspace`, `eye`, `tri`, `meshgrid`, ...).

A tnp array is an nnext Tensor (`tnp.ndarray` is `tf.Tensor`); a Tensor argument passes
through unchanged (so gradients flow), anything else converts as NumPy would convert it:
Python ints are int64, floats float64 (float32 under `prefer_float32`), NumPy arrays
keep their dtype. The constructors' values come from `keras.ops` (or, for plain ranges of
Python numbers, from NumPy itself), cast to the dtype NumPy's rules give.
"""

import numpy as np

from nnext import _core, dtypes
from nnext.experimental.numpy import _dtypes
from nnext.keras.ops import numpy_create as kcreate
from nnext.keras.ops import numpy_shape as kshape

__all__ = [
    "arange",
    "array",
    "asanyarray",
    "asarray",
    "ascontiguousarray",
    "copy",
    "diag",
    "diag_indices",
    "diagflat",
    "diagonal",
    "empty",
    "empty_like",
    "eye",
    "full",
    "full_like",
    "geomspace",
    "identity",
    "ix_",
    "linspace",
    "logspace",
    "meshgrid",
    "ndarray",
    "ones",
    "ones_like",
    "tri",
    "tril",
    "triu",
    "vander",
    "zeros",
    "zeros_like",
]

ndarray = _core.Tensor
_MAX_NDMIN = 32


def resolve_dtype(dtype):
    """A `dtype` argument (NumPy type, DType, name, Python type) as an nnext DType; None
    stays None."""
    if dtype is None:
        return None
    return _dtypes.result_type(dtype)


def cast(t, dtype):
    """`t` in `dtype` (an nnext DType), unchanged when it already is."""
    return t if t.dtype == dtype else _core.cast(t, dtype.name)


def _is_tensor(x):
    return isinstance(x, _core.Tensor)


def _has_tensor(x):
    if _is_tensor(x):
        return True
    return isinstance(x, (list, tuple)) and any(_has_tensor(v) for v in x)


def _from_numpy_like(a, dtype):
    values = np.asarray(a)
    if dtype is None:
        inferred = values.dtype
        # A Python float (not a NumPy array's float64) reads as float32 under
        # prefer_float32, as in TensorFlow.
        if not isinstance(a, (np.ndarray, np.generic)) and inferred == np.float64:
            inferred = np.dtype(_dtypes.default_float_type().name)
        dtype = _dtypes.as_nnext_dtype(inferred)
    elif values.dtype.kind not in "biuf":
        _dtypes.as_nnext_dtype(values.dtype)  # raises: strings, objects, complex
    values = values.astype(dtype.name, copy=False)
    if not values.flags.c_contiguous:
        values = values.copy(order="C")
    return _core.convert_to_tensor(values)


def asarray(a, dtype=None):
    """`a` as a tnp array (an nnext Tensor); a Tensor of the right dtype is returned as
    it is, so gradients flow through."""
    dtype = resolve_dtype(dtype)
    if hasattr(a, "read_value") and not _is_tensor(a):
        a = _core.convert_to_tensor(a)  # a Variable: its current value
    if _is_tensor(a):
        return a if dtype is None else cast(a, dtype)
    if isinstance(a, (list, tuple)) and _has_tensor(a):
        parts = [asarray(v) for v in a]
        common = dtype or _dtypes.result_type(*parts)
        return _core.stack([cast(p, common) for p in parts], 0)
    return _from_numpy_like(a, dtype)


def asanyarray(a, dtype=None):
    """`asarray` (tnp has no array subclasses to keep)."""
    return asarray(a, dtype)


def array(val, dtype=None, copy=True, ndmin=0):
    """`asarray`, then at least `ndmin` dimensions (ones prepended). Tensors are
    immutable, so `copy` changes nothing that could be observed."""
    if ndmin > _MAX_NDMIN:
        raise ValueError(f"ndmin bigger than allowable number of dimensions: {_MAX_NDMIN}.")
    t = asarray(val, dtype)
    if t.ndim < ndmin:
        t = _core.reshape(t, (1,) * (ndmin - t.ndim) + tuple(t.shape))
    return t


def ascontiguousarray(a, dtype=None):
    """`array` with at least one dimension (tensors are always contiguous)."""
    return array(a, dtype, ndmin=1)


def copy(a):
    """A copy of `a` as a tnp array."""
    return array(a, copy=True)


def operands(*xs):
    """The arguments as Tensors of their NumPy result dtype."""
    common = _dtypes.result_type(*xs)
    return [asarray(x, common) for x in xs]


def float_operands(*xs):
    """As `operands`; integer and bool operands then compute in the default float type
    (TensorFlow's rule for float-valued functions: `tnp.sqrt(4)` is float64)."""
    ts = operands(*xs)
    if ts and not ts[0].dtype.is_floating:
        default = _dtypes.default_float_type()
        ts = [cast(t, default) for t in ts]
    return ts


def _creation_dtype(dtype):
    return resolve_dtype(dtype) if dtype else _dtypes.default_float_type()


def zeros(shape, dtype=float):
    """An array of zeros of `shape` (float64 by default)."""
    return kcreate.zeros(shape, dtype=_creation_dtype(dtype).name)


def ones(shape, dtype=float):
    """An array of ones of `shape` (float64 by default)."""
    return kcreate.ones(shape, dtype=_creation_dtype(dtype).name)


def empty(shape, dtype=float):
    """Zeros: a tnp array has no uninitialised storage to show."""
    return zeros(shape, dtype)


def full(shape, fill_value, dtype=None):
    """An array of `shape` filled with `fill_value` (in `dtype`, else the value's own)."""
    fill = asarray(fill_value, dtype)
    return kshape.broadcast_to(fill, int_tuple(shape))


def int_tuple(shape):
    """A shape-like argument (an int, a sequence, an array or a Tensor) as a tuple of ints."""
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(d) for d in np.asarray(shape).reshape(-1))


def _like_dtype(a, dtype):
    return resolve_dtype(dtype) if dtype is not None else asarray(a).dtype


def zeros_like(a, dtype=None):
    """Zeros of `a`'s shape and dtype (or `dtype`)."""
    a = asarray(a)
    return kcreate.zeros(tuple(a.shape), dtype=_like_dtype(a, dtype).name)


def ones_like(a, dtype=None):
    """Ones of `a`'s shape and dtype (or `dtype`)."""
    a = asarray(a)
    return kcreate.ones(tuple(a.shape), dtype=_like_dtype(a, dtype).name)


def empty_like(a, dtype=None):
    """Zeros of `a`'s shape and dtype (or `dtype`)."""
    return zeros_like(a, dtype)


def full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None):
    """order, subok and shape keep their defaults (TensorFlow refuses others too)."""
    if order != "K":
        raise ValueError("Non-standard orders are not supported.")
    if not subok:
        raise ValueError("subok being False is not supported.")
    if shape:
        raise ValueError("Overriding the shape is not supported.")
    a = asarray(a)
    fill = asarray(fill_value, _like_dtype(a, dtype))
    return kshape.broadcast_to(fill, tuple(a.shape))


def arange(start, stop=None, step=1, dtype=None):
    """`step`-spaced values in [start, stop); the dtype is NumPy's result type of the
    arguments (`tnp.arange(3)` is int64) unless given."""
    if not step:
        raise ValueError("step must be non-zero.")
    bounds = (start, step) if stop is None else (start, step, stop)
    dtype = resolve_dtype(dtype) or _dtypes.result_type(*bounds)
    values = [float(v) if isinstance(v, _core.Tensor) else v for v in bounds]
    begin, end = (0, values[0]) if stop is None else (values[0], values[2])
    return asarray(np.arange(begin, end, values[1], dtype=dtype.name))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=float, axis=0):
    """Computed in the float result type of start and stop (NumPy 2's rule), then cast
    to `dtype` (rounding toward -inf for integers); differentiable in start and stop."""
    if num < 0:
        raise ValueError(
            "Argument `num` (number of samples) must be a non-negative integer. "
            f"Received: num={num}"
        )
    start, stop = float_operands(start, stop)
    out = kcreate.linspace(
        start, stop, num=num, endpoint=endpoint, retstep=retstep, dtype=start.dtype.name, axis=axis
    )
    values, step = out if retstep else (out, None)
    if dtype is not float and dtype is not None:
        target = resolve_dtype(dtype)
        if target.is_integer:
            values = _core.floor(values)
        values = cast(values, target)
    return (values, step) if retstep else values


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    """`base ** linspace(start, stop, ...)`: numbers evenly spaced on a log scale."""
    exponents = linspace(start, stop, num=num, endpoint=endpoint, axis=axis)
    values = _core.pow(asarray(base, exponents.dtype), exponents)
    return values if dtype is None else cast(values, resolve_dtype(dtype))


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """A geometric progression from start to stop: powers of ten of a linspace of their
    log10s (both ends negative flip the sign), with the ends exactly start and stop."""
    start, stop = float_operands(start, stop)
    if bool(_core.reduce_any(_core.equal(start, 0))) or bool(
        _core.reduce_any(_core.equal(stop, 0))
    ):
        raise ValueError("Geometric sequence cannot include zero")
    sign = _core.where(_core.less(start, 0), -_core.ones_like(start), _core.ones_like(start))
    log_start = _core.log(start * sign) / np.log(10.0)
    log_stop = _core.log(stop * sign) / np.log(10.0)
    values = logspace(log_start, log_stop, num=num, endpoint=endpoint, axis=0) * sign
    if num > 0:
        ends = [_core.expand_dims(start, 0), values[1 : num - 1 if endpoint else num]]
        if endpoint and num > 1:
            ends.append(_core.expand_dims(stop, 0))
        values = kshape.concatenate([cast(e, values.dtype) for e in ends], axis=0)
    if axis != 0:
        values = kshape.moveaxis(values, 0, axis)
    return values if dtype is None else cast(values, resolve_dtype(dtype))


def eye(N, M=None, k=0, dtype=float):
    """An N x M matrix with ones on the k-th diagonal (float64 by default)."""
    return kcreate.eye(int(N), None if M is None else int(M), int(k), _creation_dtype(dtype).name)


def identity(n, dtype=float):
    """The n x n identity matrix (float64 by default)."""
    return eye(n, n, dtype=dtype)


def tri(N, M=None, k=0, dtype=None):
    """An N x M matrix of ones at and below the k-th diagonal (float64 by default)."""
    return kcreate.tri(int(N), None if M is None else int(M), int(k), _creation_dtype(dtype).name)


def tril(m, k=0):
    """`m` with the elements above the k-th diagonal zeroed."""
    m = asarray(m)
    if m.ndim < 2:
        raise ValueError("Argument to tril must have rank at least 2")
    return cast(kshape.tril(m, k), m.dtype)


def triu(m, k=0):
    """`m` with the elements below the k-th diagonal zeroed."""
    m = asarray(m)
    if m.ndim < 2:
        raise ValueError("Argument to triu must have rank at least 2")
    return cast(kshape.triu(m, k), m.dtype)


def diag(v, k=0):
    """The k-th diagonal of a matrix, or a matrix with `v` on its k-th diagonal."""
    v = asarray(v)
    if v.ndim not in (1, 2):
        raise ValueError(f"diag: input must be 1- or 2-d, got shape {tuple(v.shape)}")
    return cast(kshape.diag(v, int(k)), v.dtype)


def diagflat(v, k=0):
    """A matrix with the flattened `v` on its k-th diagonal."""
    return diag(_core.reshape(asarray(v), (-1,)), k)


def diagonal(a, offset=0, axis1=0, axis2=1):
    """The diagonal at `offset` of the planes of axes `axis1` and `axis2`, as the last axis."""
    a = asarray(a)
    if a.ndim >= 2 and axis1 % a.ndim == axis2 % a.ndim:
        raise ValueError("axis1 and axis2 cannot be the same axis")
    return cast(kshape.diagonal(a, offset, axis1, axis2), a.dtype)


def diag_indices(n, ndim=2):
    """`ndim` copies of `arange(n)` (int64, as NumPy's; TensorFlow's are int32)."""
    if n < 0:
        raise ValueError(f"n argument to diag_indices must be nonnegative, got {n}")
    if ndim < 0:
        raise ValueError(f"ndim argument to diag_indices must be nonnegative, got {ndim}")
    return (arange(n),) * ndim


def meshgrid(*xi, **kwargs):
    """Dense copies only (sparse=False, copy=True), as in TensorFlow."""
    if kwargs.get("sparse", False):
        raise ValueError(
            "Function `meshgrid` does not support returning sparse arrays yet. "
            f"Received: sparse={kwargs['sparse']}"
        )
    if not kwargs.get("copy", True):
        raise ValueError("Function `meshgrid` only supports copy=True. Received: copy=False")
    grids = kshape.meshgrid(*(asarray(x) for x in xi), indexing=kwargs.get("indexing", "xy"))
    return list(grids)


def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of `x`: columns are powers of `x` (decreasing by default)."""
    x = asarray(x)
    if x.ndim != 1:
        raise ValueError("x must be a one-dimensional array")
    if N is not None and N < 0:
        raise ValueError("N must be nonnegative")
    return cast(kcreate.vander(x, N, increasing), x.dtype)


def ix_(*args):
    """Open-mesh index arrays: each 1-d argument reshaped along its own axis (boolean
    arguments by their True positions)."""
    out = []
    for i, a in enumerate(args):
        a = asarray(a)
        if a.ndim != 1:
            raise ValueError(f"Arguments must be 1-d, got arg {i} of rank {a.ndim}")
        if a.dtype == dtypes.bool:
            a = asarray(np.flatnonzero(a.numpy()))
        elif not a.dtype.is_integer:
            raise ValueError(f"Only integer and bool dtypes are supported, got {a.dtype}")
        shape = [1] * len(args)
        shape[i] = -1
        out.append(_core.reshape(a, tuple(shape)))
    return out
