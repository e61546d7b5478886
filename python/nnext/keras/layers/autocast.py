"""Mixed precision inside a layer call: Keras 3's autocast scope.

A layer whose policy computes in another dtype than it stores its variables in
('mixed_float16': float16 and float32) reads its float variables cast to the compute dtype
while it calls, so that `x @ kernel` runs in float16 and the cast carries the gradient back
to the float32 variable. Keras does this inside `Variable.value`; nnext's variables are
core tensors that ops read directly, so for the duration of the call the layer's (and its
sub-layers') variable attributes are replaced by their casts and put back afterwards.

The scope follows Keras's rules: a layer opens one when its dtypes differ; a nested layer
computing in another dtype opens its own; one with `autocast=False` (Embedding,
BatchNormalization's statistics) or a non-float compute dtype reads the variables as they
are. Variables created with `add_weight(autocast=False)` are never cast.
"""

import contextlib
import threading

from nnext import _core
from nnext import math as nmath

_SCOPE = threading.local()
# The dtype variables are read in: no scope (None at the top), or a float dtype name.
_NO_SCOPE = None
_KEEP = object()  # the call reads variables as the enclosing scope does


def _new_scope(layer):
    """The scope `layer`'s call opens: a dtype name, _NO_SCOPE, or _KEEP for none new."""
    current = getattr(_SCOPE, "dtype", _NO_SCOPE)
    compute = layer.compute_dtype
    if current is not _NO_SCOPE:
        if not layer.autocast or not compute.startswith("float"):
            return _NO_SCOPE
        return compute if current != compute else _KEEP
    return compute if compute != layer.variable_dtype and layer.autocast else _KEEP


def _casts_to(variable):
    return (
        isinstance(variable, _core.Variable)
        and variable.dtype.is_floating
        and getattr(variable, "_keras_autocast", True)
    )


def _swapped():
    """{id(layer): {attribute: the variable it held}} for the attributes swapped now."""
    if not hasattr(_SCOPE, "swapped"):
        _SCOPE.swapped = {}
    return _SCOPE.swapped


def _swap(layers, dtype):
    """Replaces the float variable attributes of `layers` by their casts to `dtype` (or by
    the variables themselves for _NO_SCOPE); returns what to put back."""
    restore = []
    swapped = _swapped()
    for layer in layers:
        state = layer.__dict__
        originals = swapped.get(id(layer), {})
        for name, value in list(state.items()):
            original = originals.get(name, value if _casts_to(value) else None)
            if original is None:
                continue
            wanted = original
            if dtype is not _NO_SCOPE and original.dtype.name != dtype:
                wanted = nmath.cast(original, dtype)
            restore.append((layer, name, value, name in originals))
            swapped.setdefault(id(layer), originals)[name] = original
            state[name] = wanted
    return restore


def _put_back(restore):
    swapped = _swapped()
    for layer, name, value, was_swapped in reversed(restore):
        layer.__dict__[name] = value
        if not was_swapped:
            originals = swapped[id(layer)]
            del originals[name]
            if not originals:
                del swapped[id(layer)]


@contextlib.contextmanager
def variables_in_compute_dtype(layer):
    """Within the block, `layer` and its sub-layers read their variables as Keras's
    autocast scope would have them read."""
    scope = _new_scope(layer)
    if scope is _KEEP:
        yield
        return
    outer = getattr(_SCOPE, "dtype", _NO_SCOPE)
    restore = _swap([layer, *layer._flatten_layers()], scope)
    _SCOPE.dtype = scope
    try:
        yield
    finally:
        _SCOPE.dtype = outer
        _put_back(restore)
