"""Autodiff helpers of TensorFlow's top level: ``stop_gradient``, ``identity``,
``custom_gradient``, ``recompute_grad``, ``grad_pass_through``, ``UnconnectedGradients``.

``stop_gradient`` gives a new tensor over the same memory with no history, so no tape can
reach through it; ``custom_gradient`` records one tape node whose backward calls the
user's Python gradient function (``_core._call_with_custom_gradient``).
"""

import enum
import functools
import inspect

import numpy as np

from nnext import _core, nest, string_array_ops, string_tensor

__all__ = [
    "UnconnectedGradients",
    "custom_gradient",
    "grad_pass_through",
    "identity",
    "identity_n",
    "recompute_grad",
    "stop_gradient",
]


class UnconnectedGradients(str, enum.Enum):
    """What ``GradientTape.gradient`` returns for a source the target does not depend on:
    ``NONE`` (None, the default) or ``ZERO`` (zeros shaped like the source)."""

    NONE = "none"
    ZERO = "zero"


def _t(x):
    return x if isinstance(x, _core.Tensor) else _core.convert_to_tensor(x)


def stop_gradient(input, name=None):
    """The value of ``input``, through which no gradient flows.

    The result shares ``input``'s memory (a Variable's value is copied, as reading it does).

    >>> x = nnext.Variable(2.0)
    >>> with nnext.GradientTape() as tape:
    ...     y = x * nnext.stop_gradient(x)
    >>> float(tape.gradient(y, x))
    2.0
    """
    return _core.convert_to_tensor(np.asarray(_t(input)))


def identity(input, name=None):
    """A tensor with the value of ``input``; gradients pass through unchanged. A Variable
    gives a snapshot of its current value. String tensors too."""
    if string_tensor.is_string_tensor(input):
        return string_array_ops.identity(input)
    x = _t(input)
    if x.dtype.name == "bool":
        return _core.logical_or(x, False)
    if isinstance(x, _core.Variable):
        return _core.add(x, _core.zeros_like(x))
    return _core.reshape(x, list(x.shape))


def identity_n(input, name=None):
    """``identity`` of each tensor in a list."""
    return [identity(x) for x in input]


def _flat_outputs(outputs):
    flat = nest.flatten(outputs)
    return [_t(o) for o in flat]


def custom_gradient(f=None):
    """Decorates ``f(*x) -> (y, grad_fn)`` so that tapes differentiate ``y`` with
    ``grad_fn(*upstream)`` (one upstream gradient per output, flattened) instead of
    through ``f``'s operations. ``grad_fn`` returns one gradient per tensor argument (a
    single tensor when there is one), None for no gradient.

    The form whose ``grad_fn`` takes ``variables=`` (gradients for Variables read inside
    ``f``) is not supported: nnext raises TypeError for it.

    Example:
        >>> @nnext.custom_gradient
        ... def log1pexp(x):
        ...     e = nnext.exp(x)
        ...     def grad(upstream):
        ...         return upstream * (1 - 1 / (1 + e))
        ...     return nnext.math.log(1 + e), grad
    """
    if f is None:
        return custom_gradient

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        positions = [
            i
            for i, a in enumerate(args)
            if isinstance(a, (_core.Tensor, np.ndarray, float, int, list))
        ]
        inputs = [_t(args[i]) for i in positions]
        call_args = list(args)
        for i, t in zip(positions, inputs):
            call_args[i] = t
        kept = {}

        def forward():
            outputs, grad_fn = f(*call_args, **kwargs)
            if "variables" in _parameters(grad_fn):
                raise TypeError(
                    "custom_gradient: a grad_fn taking `variables` (gradients for Variables "
                    "read inside the function) is not supported by nnext; pass the Variables "
                    "as arguments instead"
                )
            kept["outputs"] = outputs

            def backward(upstream):
                grads = grad_fn(*upstream)
                grads = list(grads) if isinstance(grads, (list, tuple)) else [grads]
                if len(grads) != len(inputs):
                    raise ValueError(
                        f"custom_gradient: the gradient function returned {len(grads)} "
                        f"gradients for {len(inputs)} inputs"
                    )
                return [None if g is None else _t(g) for g in grads]

            return _flat_outputs(outputs), backward

        flat = _core._call_with_custom_gradient(inputs, forward)
        return nest.pack_sequence_as(kept["outputs"], flat)

    return wrapper


def _parameters(fn):
    try:
        return inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {}


def recompute_grad(f):
    """Accepted for compatibility: returns ``f``, whose gradients are the same (nnext
    keeps the forward activations instead of recomputing them)."""
    return f


def grad_pass_through(f):
    """``f`` in the forward pass, the identity in the backward pass (straight-through).

    >>> x = nnext.Variable(1.4)
    >>> with nnext.GradientTape() as tape:
    ...     y = nnext.grad_pass_through(nnext.math.round)(x)
    >>> float(tape.gradient(y, x))
    1.0
    """

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        @custom_gradient
        def passed(x):
            def grad(upstream):
                return upstream

            return f(x, *args[1:], **kwargs), grad

        return passed(args[0])

    return wrapper
