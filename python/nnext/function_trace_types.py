"""Trace types of ``tf.function``: the hashable summary of a call's arguments that decides
whether two calls share a trace, and its relaxation under ``reduce_retracing`` (differing
dimensions become None, a differing rank unknown; a relaxed type subsumes the calls it
accepts)."""

from nnext import _core, nest
from nnext.tensor_spec import TensorSpec


def spec_of(value):
    """The TensorSpec of a tensor-like value (anything with ``shape`` and ``dtype``)."""
    return TensorSpec(tuple(value.shape), value.dtype)


def trace_type(value):
    """A hashable summary of a value: two calls with equal summaries share a trace."""
    if isinstance(value, _core.Variable):
        # By identity: a trace captures the Variable it saw.
        return ("Variable", id(value), tuple(value.shape), value.dtype.name)
    if isinstance(value, (_core.Tensor, TensorSpec)):
        return (
            TensorSpec,
            tuple(value.shape) if value.shape is not None else None,
            value.dtype.name,
        )
    if nest.is_nested(value):
        names = nest._child_names(value)
        children = tuple(trace_type(c) for c in nest._children(value))
        return (type(value), tuple(names), children)
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))
    return (type(value), value)


def _generalise(seen, new):
    """``new`` with its tensor shapes relaxed against an earlier trace type ``seen``
    (reduce_retracing): differing dimensions become None, a differing rank unknown."""
    if (
        isinstance(seen, tuple)
        and isinstance(new, tuple)
        and len(seen) == len(new) == 3
        and seen[0] is TensorSpec
        and new[0] is TensorSpec
        and seen[2] == new[2]
    ):
        a, b = seen[1], new[1]
        if a is None or b is None or len(a) != len(b):
            return (TensorSpec, None, new[2])
        return (TensorSpec, tuple(x if x == y else None for x, y in zip(a, b)), new[2])
    if (
        isinstance(seen, tuple)
        and isinstance(new, tuple)
        and len(seen) == len(new) == 3
        and seen[0] is new[0]
        and seen[1] == new[1]
        and isinstance(seen[2], tuple)
        and len(seen[2]) == len(new[2])
    ):
        return (new[0], new[1], tuple(_generalise(s, n) for s, n in zip(seen[2], new[2])))
    return new


def _subsumes(general, specific):
    """True when the trace type ``general`` accepts everything ``specific`` describes."""
    if general == specific:
        return True
    if (
        isinstance(general, tuple)
        and isinstance(specific, tuple)
        and len(general) == len(specific) == 3
    ):
        if general[0] is TensorSpec and specific[0] is TensorSpec:
            if general[2] != specific[2]:
                return False
            g, s = general[1], specific[1]
            if g is None:
                return True
            return (
                s is not None
                and len(g) == len(s)
                and all(a is None or a == b for a, b in zip(g, s))
            )
        if general[0] is specific[0] and general[1] == specific[1]:
            return all(_subsumes(g, s) for g, s in zip(general[2], specific[2]))
    return False


def generalise_key(seen, new):
    """A call's trace key (positional types, sorted keyword types) relaxed against ``seen``."""
    args = new[0]
    if len(seen[0]) == len(args):
        args = tuple(_generalise(s, n) for s, n in zip(seen[0], args))
    kwargs = new[1]
    if [k for k, _ in seen[1]] == [k for k, _ in kwargs]:
        kwargs = tuple((k, _generalise(s, n)) for (k, s), (_, n) in zip(seen[1], kwargs))
    return args, kwargs


def subsumes_key(general, specific):
    return (
        len(general[0]) == len(specific[0])
        and len(general[1]) == len(specific[1])
        and all(_subsumes(g, s) for g, s in zip(general[0], specific[0]))
        and all(gk == sk and _subsumes(g, s) for (gk, g), (sk, s) in zip(general[1], specific[1]))
    )
