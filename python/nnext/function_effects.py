"""Side effects that TensorFlow's graph runs on every call of a `tf.function` (`tf.print`),
for nnext's Functions, whose later calls replay a recorded trace without running Python
(nnext/function.py, nnext/_compiled.py).

While a Function's Python runs, such an op registers itself here with the tensors it used
(`register_call`); `with_effects` hands the registrations back with the function's outputs,
so their tensors become outputs of the trace; a replay returns them as it computed them,
and the Function calls the effects again with those.
"""

import threading

from nnext import _core, nest

_effects = threading.local()


def register_call(fn, args, kwargs):
    """Records ``fn(*args, **kwargs)`` (just run) as a side effect of every Function whose
    Python is running, so that replaying their traces calls it again, with each tensor
    among ``args`` as the replay computes it."""
    stack = getattr(_effects, "stack", None)
    if not stack:
        return
    flat = nest.flatten(args)
    slots = [i for i, v in enumerate(flat) if isinstance(v, _core.Tensor)]

    def again(*tensors):
        fresh = list(flat)
        for i, t in zip(slots, tensors):
            fresh[i] = t
        fn(*nest.pack_sequence_as(args, fresh), **kwargs)

    for effects in stack:
        effects.append((again, tuple(flat[i] for i in slots)))


def with_effects(python_function):
    """``python_function`` returning ``(outputs, effects)``: the side effects registered
    while it ran, each ``(call_again, tensors)``."""

    def run(*args, **kwargs):
        effects = []
        _effects.__dict__.setdefault("stack", []).append(effects)
        _effects.runs = python_runs() + 1
        try:
            return python_function(*args, **kwargs), effects
        finally:
            _effects.stack.pop()

    return run


def python_runs():
    """How many times this thread has run a Function's Python (unchanged by a replay)."""
    return getattr(_effects, "runs", 0)
