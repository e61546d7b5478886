"""`keras.ops`: Keras 3's NumPy-like API on nnext tensors.

    from nnext.keras import ops
    ops.softmax(ops.matmul(x, w) + b, axis=-1)

Every function takes nnext Tensors, NumPy arrays and Python numbers (promoting dtypes as
Keras does), returns nnext Tensors, is differentiable under `GradientTape` where Keras's
is, and works on the functional API's symbolic KerasTensors (it then records a graph node).
The flat namespace holds every function; `ops.numpy`, `ops.nn`, `ops.linalg`, `ops.image`
and `ops.core` are the Keras submodules.

This file is only the face: every flat name is defined in a family module and listed in
that module's `__all__`; the loop below copies those names here.
"""

from nnext.keras.ops import core, einops, image, linalg, nn, numpy, numpy_reduce, numpy_sort
from nnext.keras.ops import fft as _fft_family
from nnext.keras.ops import math as _math_family

# The families whose whole `__all__` is flat, and the names Keras keeps flat (and in
# `ops.math` / `ops.nn` in Keras) that nnext defines in a family module not listed above.
_FLAT_FAMILIES = (core, einops, _fft_family, linalg, _math_family, nn, numpy)
_ALSO_FLAT = {numpy_reduce: ("logsumexp",), numpy_sort: ("in_top_k", "top_k")}
_SUBMODULES = (core, image, linalg, nn, numpy)  # Keras's submodules, named in `__all__`


def _flat_names():
    for family in _FLAT_FAMILIES:
        for name in family.__all__:
            yield name, getattr(family, name)
    for family, names in _ALSO_FLAT.items():
        for name in names:
            yield name, getattr(family, name)


# After the imports above: `fft` the function replaces `fft` the submodule, as in Keras.
globals().update(_flat_names())

# The list is computed from the family modules, which is what keeps it from drifting.
__all__ = sorted(  # noqa: PLE0605
    {name for name, _ in _flat_names()} | {m.__name__.rsplit(".", 1)[1] for m in _SUBMODULES}
)
