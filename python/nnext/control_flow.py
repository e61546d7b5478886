"""TensorFlow's functional control flow, executed eagerly: ``cond``, ``case``,
``switch_case``, ``while_loop``, ``map_fn``, ``vectorized_map``, ``foldl``, ``foldr``,
``scan``.

In eager TensorFlow these run the Python branches and loop bodies directly; so do they
here. Gradients flow through whatever the chosen branch or each iteration computed, as
the tape records it. ``map_fn`` and ``scan`` stack per-element results with one C++ stack.
"""

from nnext import _core, nest

__all__ = [
    "case",
    "cond",
    "foldl",
    "foldr",
    "map_fn",
    "scan",
    "switch_case",
    "vectorized_map",
    "while_loop",
]


def _t(x):
    return x if isinstance(x, _core.Tensor) else _core.convert_to_tensor(x)


def cond(pred, true_fn=None, false_fn=None, name=None):
    """``true_fn()`` if the scalar ``pred`` is true, else ``false_fn()``.

    >>> nnext.cond(nnext.constant(2) > 1, lambda: "yes", lambda: "no")
    'yes'
    """
    if not callable(true_fn) or not callable(false_fn):
        raise TypeError("cond: true_fn and false_fn must be callables")
    return true_fn() if bool(_t(pred)) else false_fn()


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """The function of the first ``(pred, fn)`` pair whose ``pred`` holds, else
    ``default()``; with ``exclusive``, more than one true predicate is an error."""
    pairs = list(pred_fn_pairs.items()) if isinstance(pred_fn_pairs, dict) else list(pred_fn_pairs)
    chosen = [fn for pred, fn in pairs if bool(_t(pred))]
    if exclusive and len(chosen) > 1:
        raise ValueError(f"case: more than one condition evaluated as True: {len(chosen)}")
    if chosen:
        return chosen[0]()
    if default is None:
        raise ValueError("case: no condition is True and no default was given")
    return default()


def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """``branch_fns[branch_index]()``; an index out of range runs ``default`` (or the last
    branch, as TensorFlow)."""
    fns = dict(branch_fns) if isinstance(branch_fns, dict) else dict(enumerate(branch_fns))
    index = int(_t(branch_index))
    if index in fns:
        return fns[index]()
    return (default or fns[max(fns)])()


def while_loop(
    cond,
    body,
    loop_vars,
    shape_invariants=None,
    parallel_iterations=10,
    back_prop=True,
    swap_memory=False,
    maximum_iterations=None,
    name=None,
):
    """Repeats ``loop_vars = body(*loop_vars)`` while ``cond(*loop_vars)`` holds (at most
    ``maximum_iterations`` times) and returns the final ``loop_vars``.

    >>> nnext.while_loop(lambda i: i < 10, lambda i: (i + 1,), [nnext.constant(0)])
    [<nnext.Tensor: shape=(), dtype=int32, numpy=10>]
    """
    single = not isinstance(loop_vars, (list, tuple))
    values = [loop_vars] if single else list(loop_vars)
    steps = 0
    while bool(_t(cond(*values))):
        if maximum_iterations is not None and steps >= int(maximum_iterations):
            break
        out = body(*values)
        values = [out] if single or not isinstance(out, (list, tuple)) else list(out)
        if len(values) != (1 if single else len(loop_vars)):
            raise ValueError(
                f"while_loop: body returned {len(values)} loop variables, "
                f"expected {1 if single else len(loop_vars)}"
            )
        steps += 1
    if single:
        return values[0]
    return type(loop_vars)(values) if isinstance(loop_vars, tuple) else values


def _unstacked(elems):
    flat = [_t(e) for e in nest.flatten(elems)]
    if not flat:
        raise ValueError("elems must be a Tensor or a (possibly nested) sequence of Tensors")
    n = flat[0].shape[0] if flat[0].ndim else None
    if n is None or any(e.ndim == 0 or e.shape[0] != n for e in flat):
        raise ValueError("elems must have the same first dimension, of size at least 0")
    return flat, n


def _stack_results(results, n):
    flat = [nest.flatten(r) for r in results]
    if n == 0:
        return []
    stacked = [_core.stack([_t(row[k]) for row in flat], 0) for k in range(len(flat[0]))]
    return nest.pack_sequence_as(results[0], stacked)


def map_fn(
    fn,
    elems,
    dtype=None,
    parallel_iterations=None,
    back_prop=True,
    swap_memory=False,
    infer_shape=True,
    name=None,
    fn_output_signature=None,
):
    """``fn`` applied to each slice of ``elems`` along its first axis, the results stacked.

    >>> nnext.map_fn(lambda t: t * t, nnext.constant([1, 2, 3])).numpy()
    array([1, 4, 9], dtype=int32)
    """
    flat, n = _unstacked(elems)
    results = [fn(nest.pack_sequence_as(elems, [e[i] for e in flat])) for i in range(n)]
    if n == 0:
        return _core.zeros([0], "float32" if dtype is None else dtype)
    out = _stack_results(results, n)
    if fn_output_signature is not None or dtype is not None:
        wanted = fn_output_signature if fn_output_signature is not None else dtype
        wanted = getattr(wanted, "dtype", wanted)
        if not nest.is_nested(out):
            out = _core.cast(out, wanted)
    return out


def vectorized_map(fn, elems, fallback_to_while_loop=True, warn=True):
    """``map_fn`` (nnext runs the per-element calls; results are identical)."""
    return map_fn(fn, elems)


def _fold(fn, elems, initializer, reverse):
    flat, n = _unstacked(elems)
    order = range(n - 1, -1, -1) if reverse else range(n)
    order = list(order)
    if initializer is None:
        if n == 0:
            raise ValueError("fold: elems is empty and no initializer was given")
        accumulator = nest.pack_sequence_as(elems, [e[order[0]] for e in flat])
        order = order[1:]
    else:
        accumulator = initializer
    for i in order:
        accumulator = fn(accumulator, nest.pack_sequence_as(elems, [e[i] for e in flat]))
    return accumulator


def foldl(
    fn,
    elems,
    initializer=None,
    parallel_iterations=10,
    back_prop=True,
    swap_memory=False,
    name=None,
):
    """``fn(...fn(fn(initializer, elems[0]), elems[1])..., elems[-1])``."""
    return _fold(fn, elems, initializer, reverse=False)


def foldr(
    fn,
    elems,
    initializer=None,
    parallel_iterations=10,
    back_prop=True,
    swap_memory=False,
    name=None,
):
    """``foldl`` from the last element to the first."""
    return _fold(fn, elems, initializer, reverse=True)


def scan(
    fn,
    elems,
    initializer=None,
    parallel_iterations=10,
    back_prop=True,
    swap_memory=False,
    infer_shape=True,
    reverse=False,
    name=None,
):
    """Every intermediate accumulator of ``foldl`` (or ``foldr`` with ``reverse``),
    stacked along a new first axis.

    >>> nnext.scan(lambda a, x: a + x, nnext.constant([1, 2, 3, 4])).numpy()
    array([ 1,  3,  6, 10], dtype=int32)
    """
    flat, n = _unstacked(elems)
    order = list(range(n - 1, -1, -1)) if reverse else list(range(n))
    results = []
    if initializer is None:
        if n == 0:
            raise ValueError("scan: elems is empty and no initializer was given")
        accumulator = nest.pack_sequence_as(elems, [e[order[0]] for e in flat])
        results.append(accumulator)
        order = order[1:]
    else:
        accumulator = initializer
    for i in order:
        accumulator = fn(accumulator, nest.pack_sequence_as(elems, [e[i] for e in flat]))
        results.append(accumulator)
    if reverse:
        results.reverse()
    return _stack_results(results, len(results))
