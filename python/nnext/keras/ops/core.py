"""`keras.ops.core`: conversion, casting, slicing and scattering, control flow, and the
gradient controls (stop_gradient, custom_gradient).

nnext runs eagerly, so control flow is Python control flow (`cond` calls one branch,
`while_loop` loops); on KerasTensors the functional API records them as one node.
"""

import builtins
import functools

import numpy as np

from nnext import _core, _tape
from nnext.keras import tree
from nnext.keras.keras_tensor import KerasTensor, symbolic
from nnext.keras.ops._base import Tensor, convert, shape_tuple, standardize_dtype
from nnext.keras.ops._base import contiguous as _contiguous

__all__ = [
    "associative_scan",
    "cast",
    "cond",
    "convert_to_numpy",
    "convert_to_tensor",
    "custom_gradient",
    "dtype",
    "fori_loop",
    "is_tensor",
    "jvp",
    "map",
    "saturate_cast",
    "scan",
    "scatter",
    "scatter_update",
    "shape",
    "slice",
    "slice_update",
    "stop_gradient",
    "switch",
    "unstack",
    "vectorize",
    "vectorized_map",
    "view",
    "while_loop",
]


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """`x` (NumPy array, Python number or list, Tensor) as an nnext Tensor; `dtype` casts.

    Example:
        >>> keras.ops.convert_to_tensor([1.0, 2.0]).dtype
        nnext.float32
    """
    if sparse:
        raise ValueError("nnext has no sparse tensors: `sparse=True` is not supported.")
    if ragged:
        raise ValueError("nnext has no ragged tensors: `ragged=True` is not supported.")
    if isinstance(x, KerasTensor):  # symbolic already, as in Keras
        return x if dtype is None else cast(x, dtype)
    return convert(x, dtype)


def convert_to_numpy(x):
    """`x` as a NumPy array (a copy that later writes to the tensor do not change)."""
    if isinstance(x, KerasTensor):
        raise ValueError(  # noqa: TRY004 (Keras raises ValueError here too)
            "A symbolic KerasTensor has no values to convert to NumPy."
        )
    return np.array(x.numpy() if isinstance(x, Tensor) else x)


def is_tensor(x):
    """True for an nnext Tensor (or Variable)."""
    return isinstance(x, Tensor)


def shape(x):
    """The shape of `x` as a tuple (None for unknown dimensions of KerasTensors)."""
    if isinstance(x, KerasTensor):
        return x.shape
    return tuple(getattr(x, "shape", np.shape(x)))


def dtype(x):
    """The dtype of `x` as a string ('float32')."""
    if isinstance(x, KerasTensor):
        return x.dtype
    return convert(x).dtype.name


@symbolic
def cast(x, dtype):
    """`x` converted to `dtype` (floats to integers truncate towards zero)."""
    return _core.cast(convert(x), standardize_dtype(dtype))


@symbolic
def saturate_cast(x, dtype):
    """`x` converted to `dtype`, clipped to that dtype's range first (no wrap-around)."""
    x = convert(x)
    target = standardize_dtype(dtype)
    if target != "bool" and x.dtype.name != "bool":
        info = np.finfo(target) if target.startswith("float") else np.iinfo(target)
        if x.dtype.is_floating or np.iinfo(x.dtype.name).bits > info.bits:
            lo, hi = float(info.min), float(info.max)
            if not target.startswith("float") and x.dtype.name == "float32":
                # float32 cannot hold int32's max exactly; the largest float below it.
                hi = float(np.nextafter(np.float32(hi), np.float32(0)))
            x = _core.clip_by_value(x, convert(lo, x.dtype.name), convert(hi, x.dtype.name))
    return _core.cast(x, target)


@symbolic
def view(x, dtype=None):
    """The bytes of `x` reinterpreted as `dtype` (of the same item size on the last axis,
    or a multiple)."""
    x = convert(x)
    if dtype is None:
        return x
    array = _contiguous(x.numpy()).view(standardize_dtype(dtype))
    return convert(array)


@symbolic
def stop_gradient(variable):
    """`variable` with its gradient cut: the same values (shared memory), seen by tapes
    as a constant."""
    x = convert(variable)
    return _core.convert_to_tensor(_contiguous(x.numpy()))


@symbolic
def slice(inputs, start_indices, shape):
    """The block of `inputs` of size `shape` starting at `start_indices`."""
    x = convert(inputs)
    starts, sizes = shape_tuple(start_indices), shape_tuple(shape)
    if len(starts) != len(sizes):
        raise ValueError(
            "Length of `start_indices` must match length of `shape`. "
            f"Received: start_indices={start_indices}, shape={shape}"
        )
    index = tuple(
        builtins.slice(s, s + (x.shape[d] - s if n == -1 else n))
        for d, (s, n) in enumerate(zip(starts, sizes))
    )
    return x[index]


@symbolic
def slice_update(inputs, start_indices, updates):
    """`inputs` with the block at `start_indices` replaced by `updates` (a new tensor;
    gradients reach both)."""
    x = convert(inputs)
    u = convert(updates, x.dtype.name)
    starts = shape_tuple(start_indices)
    widths = [[s, n - s - m] for s, n, m in zip(starts, x.shape, u.shape)]
    if any(before < 0 or after < 0 for before, after in widths):
        raise ValueError(
            f"slice_update: updates of shape {tuple(u.shape)} at {starts} do not "
            f"fit in a tensor of shape {tuple(x.shape)}"
        )
    mask = _core.pad(_core.ones(list(u.shape), "bool"), widths, "CONSTANT", 0.0)
    placed = _core.pad(u, widths, "CONSTANT", 0.0)
    return _core.where(mask, placed, x)


@symbolic
def scatter(indices, values, shape):
    """A zero tensor of `shape` with `values` added at `indices` (coordinates in the last
    axis; repeated indices add up)."""
    values = convert(values)
    indices = convert(indices)
    return _core.scatter_nd(indices, values, list(shape_tuple(shape)))


@symbolic
def scatter_update(inputs, indices, updates, reduction=None):
    """`inputs` with `updates` written at `indices` (coordinates in the last axis); with
    `reduction` ('add', 'max', 'min', 'mul') combined with the values there instead."""
    if reduction is not None:
        reduction = reduction.lower()
        if reduction not in ("add", "max", "min", "mul"):
            raise ValueError(
                f"Invalid reduction: {reduction}. Expected one of 'add', 'max', 'min', 'mul'."
            )
    x = convert(inputs)
    updates = convert(updates, x.dtype.name)
    indices = convert(indices)
    shape = list(x.shape)
    hit = _core.greater(
        _core.scatter_nd(indices, _core.ones(list(updates.shape), "int32"), shape), 0
    )
    if reduction is None:
        return _core.where(hit, _core.scatter_nd(indices, updates, shape), x)
    if reduction == "add":
        return x + _core.scatter_nd(indices, updates, shape)
    from nnext.keras.ops import math as kmath

    # The other reductions group the updates by their flat target position.
    k = indices.shape[-1]
    strides = np.cumprod([1] + shape[:k][::-1])[:-1][::-1].astype(np.int64)
    flat = _core.reduce_sum(_core.cast(indices, "int64") * _core.convert_to_tensor(strides), [-1])
    flat = _core.reshape(flat, [-1])
    values = _core.reshape(updates, [flat.shape[0]] + shape[k:])
    segments = int(np.prod(shape[:k], dtype=np.int64))
    combine = {"max": kmath.segment_max, "min": kmath.segment_min, "mul": kmath.segment_prod}
    grouped = _core.reshape(combine[reduction](values, flat, segments), shape)
    op = {"max": _core.maximum, "min": _core.minimum, "mul": _core.multiply}[reduction]
    return _core.where(hit, op(x, grouped), x)


@symbolic
def unstack(x, num=None, axis=0):
    """The slices of `x` along `axis`, that axis removed."""
    return list(_core.unstack(convert(x), num, int(axis)))


def cond(pred, true_fn, false_fn):
    """`true_fn()` if `pred` else `false_fn()` (eager: only one branch runs)."""
    if isinstance(pred, KerasTensor):
        raise ValueError(  # noqa: TRY004 (a value problem: the predicate has no value yet)
            "cond: a symbolic predicate cannot choose a branch; call cond on "
            "real tensors (inside a layer's call)."
        )
    return true_fn() if bool(pred) else false_fn()


def switch(index, branches, *operands):
    """`branches[index](*operands)`, the index clipped to the valid range."""
    i = min(max(int(index), 0), len(branches) - 1)
    return branches[i](*operands)


def fori_loop(lower, upper, body_fun, init_val):
    """`val = body_fun(i, val)` for i in [lower, upper); returns the final `val`."""
    val = init_val
    for i in range(int(lower), int(upper)):
        val = body_fun(i, val)
    return val


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    """While `cond(*loop_vars)`, `loop_vars = body(*loop_vars)` (at most
    `maximum_iterations` times); a tuple or list of loop variables stays a tuple."""
    is_tuple = isinstance(loop_vars, (tuple, list))
    loop_vars = tuple(loop_vars) if is_tuple else (loop_vars,)
    loop_vars = tree.map_structure(convert, loop_vars)
    count = 0
    while (maximum_iterations is None or count < maximum_iterations) and bool(cond(*loop_vars)):
        loop_vars = body(*loop_vars)
        if not isinstance(loop_vars, (list, tuple)):
            loop_vars = (loop_vars,)
        loop_vars = tuple(loop_vars)
        count += 1
    return loop_vars if is_tuple else loop_vars[0]


def _stack_leaves(results):
    return tree.map_structure(
        lambda *leaves: _core.stack([convert(v) for v in leaves], 0), *results
    )


def _leading(xs):
    leaves = tree.flatten(xs)
    return leaves[0].shape[0] if leaves else 0


def map(f, xs):
    """`f` applied to each slice of `xs` (a tensor or structure) along axis 0, results
    stacked."""
    xs = tree.map_structure(convert, xs)
    n = _leading(xs)
    results = [f(tree.map_structure(lambda t, i=i: t[i], xs)) for i in range(n)]
    if not results:
        raise ValueError("map: cannot infer the output of `f` from an empty input")
    return _stack_leaves(results)


def vectorized_map(function, elements):
    """`function` on each slice of `elements` along axis 0, stacked (as `map`)."""
    return map(function, elements)


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """Scans `carry, y = f(carry, x)` over the leading axis of `xs` (or `length` steps
    with x None), returning the last carry and the stacked ys."""
    if not callable(f):
        raise TypeError(f"`f` should be a callable. Received: f={f}")
    if not isinstance(unroll, (bool, int)) or (isinstance(unroll, int) and unroll < 1):
        raise ValueError(
            f"`unroll` must be a positive integer or boolean. Received: unroll={unroll}"
        )
    if xs is None and length is None:
        raise ValueError("Got no `xs` to scan over and `length` not provided.")
    if xs is not None:
        xs = tree.map_structure(convert, xs)
        n = _leading(xs)
        if length is not None and length != n:
            raise ValueError(f"scan: length={length} does not match the leading axis {n} of xs")
    else:
        n = int(length)
    carry = init
    ys = [None] * n
    for step in range(n):
        i = n - 1 - step if reverse else step
        x = None if xs is None else tree.map_structure(lambda t, i=i: t[i], xs)
        carry, y = f(carry, x)
        ys[i] = y
    if n == 0 or ys[0] is None:
        return carry, None
    return carry, _stack_leaves(ys)


def associative_scan(f, elems, reverse=False, axis=0):
    """Inclusive scan with the associative `f` along `axis`: out[i] = f(out[i-1], x[i])."""
    elems = tree.map_structure(convert, elems)
    leaves = tree.flatten(elems)
    n = leaves[0].shape[axis]
    index = [builtins.slice(None)] * (axis % leaves[0].ndim)

    def take(i):
        return tree.map_structure(lambda t: t[tuple(index + [builtins.slice(i, i + 1)])], elems)

    order = range(n - 1, -1, -1) if reverse else range(n)
    outs, acc = {}, None
    for i in order:
        x = take(i)
        acc = x if acc is None else f(acc, x)
        outs[i] = acc
    ordered = [outs[i] for i in range(n)]
    return tree.map_structure(
        lambda *parts: _core.concat(list(parts), axis % parts[0].ndim), *ordered
    )


def custom_gradient(f):
    """Decorates `f(*args) -> (outputs, grad_fn)` so that tapes use `grad_fn` for its
    gradient: `grad_fn(upstream)` returns one gradient per tensor argument.

    Example:
        >>> @keras.ops.custom_gradient
        ... def log1pexp(x):
        ...     e = keras.ops.exp(x)
        ...     def grad(*args, upstream=None):
        ...         if upstream is None:
        ...             (upstream,) = args
        ...         return keras.ops.multiply(upstream, 1.0 - 1.0 / (1 + e))
        ...     return keras.ops.log(1 + e), grad
    """

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        positions = [i for i, a in enumerate(args) if isinstance(a, (Tensor, np.ndarray))]
        tensors = [convert(args[i]) for i in positions]
        call_args = list(args)
        for i, t in zip(positions, tensors):
            call_args[i] = t
        structure = {}

        def forward():
            outputs, grad_fn = f(*call_args, **kwargs)
            structure["outputs"] = outputs
            flat = [convert(o) for o in tree.flatten(outputs)]

            def backward(upstream):
                up = tree.pack_sequence_as(structure["outputs"], list(upstream))
                grads = grad_fn(up)
                grads = list(grads) if isinstance(grads, (list, tuple)) else [grads]
                return [None if g is None else convert(g) for g in grads]

            return flat, backward

        flat = _core._call_with_custom_gradient(tensors, forward)
        return tree.pack_sequence_as(structure["outputs"], flat)

    return wrapper


def jvp(fun, primals, tangents, has_aux=False):
    """The Jacobian-vector product of `fun` at `primals` along `tangents`, computed with two
    reverse passes (the gradient of a vector-Jacobian product).

    Returns:
        `(outputs, tangent_outputs)`, plus the auxiliary value when `has_aux`.
    """
    primals = [convert(p) for p in primals]
    tangents = [convert(t) for t in tangents]
    with _tape.GradientTape(persistent=True) as outer:
        with _tape.GradientTape() as inner:
            inner.watch(primals)
            result = fun(*primals)
            out, aux = result if has_aux else (result, None)
        flat_out = [convert(o) for o in tree.flatten(out)]
        cotangents = [_core.zeros_like(o) for o in flat_out]
        outer.watch(cotangents)
        vjps = inner.gradient(flat_out, primals, output_gradients=cotangents)
        total = _core.zeros([], flat_out[0].dtype.name)
        for g, t in zip(vjps, tangents):
            if g is not None:
                total = total + _core.reduce_sum(g * t)
    tangent_out = outer.gradient(total, cotangents, unconnected_gradients="zero")
    tangent_out = tree.pack_sequence_as(out, tangent_out)
    return (out, tangent_out, aux) if has_aux else (out, tangent_out)


def vectorize(pyfunc, *, excluded=None, signature=None):
    """A function that applies `pyfunc` to each element (or, with a `signature` such as
    '(n),(n)->()', to each core slice) of its broadcast tensor arguments, in a Python loop
    over the batch positions, as `numpy.vectorize`."""
    excluded = set(excluded or ())
    core_ranks = None
    if signature is not None:
        inputs = signature.split("->")[0]
        core_ranks = [
            0 if not part.strip("()") else len(part.strip("()").split(","))
            for part in inputs.replace(" ", "").split("),(")
        ]

    @functools.wraps(pyfunc)
    def wrapper(*args):
        positions = [i for i in range(len(args)) if i not in excluded]
        ranks = core_ranks or [0] * len(positions)
        tensors = [convert(args[i]) for i in positions]
        batch = np.broadcast_shapes(*[tuple(t.shape[: t.ndim - r]) for t, r in zip(tensors, ranks)])
        tensors = [
            _core.broadcast_to(t, list(batch) + list(t.shape[t.ndim - r :]))
            for t, r in zip(tensors, ranks)
        ]
        results = []
        for where in np.ndindex(*batch):
            call = list(args)
            for i, t in zip(positions, tensors):
                call[i] = t[where] if where else t
            results.append(convert(pyfunc(*call)))
        if not results:
            return _core.zeros(list(batch), "float32")
        stacked = _core.stack(results, 0)
        return _core.reshape(stacked, list(batch) + list(stacked.shape[1:]))

    return wrapper
