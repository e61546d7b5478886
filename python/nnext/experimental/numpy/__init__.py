"""`tf.experimental.numpy` ("tnp"): NumPy's API on nnext tensors.

    import nnext.experimental.numpy as tnp
    x = tnp.asarray([[1, 2], [3, 4]])      # int64, as NumPy infers it
    tnp.mean(x, axis=0)                      # float64: NumPy's promotion and defaults

A tnp array is an nnext Tensor (`tnp.ndarray` is `tf.Tensor`), so tnp and tf calls mix
freely and `tf.GradientTape` differentiates through tnp. Arguments and defaults are
NumPy's (`axis`, `keepdims`, `dtype`; `out` is not supported, tensors being immutable);
dtypes follow NumPy 2's promotion with TensorFlow's tnp rules on top (see `_math` and
`_reduce`). `experimental_enable_numpy_behavior()` adds NumPy's methods and indexing to
every tensor. The functions compute with `nnext.keras.ops` (Keras's NumPy-like API), whose
float32/lattice dtype rules this face replaces by NumPy's before and after each call.

This file is only the face: each name is defined in a family module and listed in its
`__all__`; the loop below copies those names here.

Differences from TensorFlow's tnp, and what is left out (with the reason):

- complex64/complex128 (and complex_) name NumPy's types, but nnext tensors are real:
  converting complex data raises TypeError; `real`/`imag`/`iscomplex*` treat every
  array as real. string_/unicode_/object_ are NumPy's types; such arrays cannot convert.
- `experimental_enable_numpy_behavior(dtype_conversion_mode=...)` supports only
  'legacy' (NumPy promotion): 'safe'/'all' are TensorFlow's WeakTensor lattice.
- Where TensorFlow's tnp departs from NumPy by accident rather than by design, nnext
  keeps NumPy's answer: `float_power` computes in float64, `diag_indices` gives int64,
  `angle(-0.0)` is pi, `nonzero` returns a tuple, `std` accepts `ddof`, and `array_split`
  and `nan` are provided (TensorFlow has neither).
- TensorFlow's deliberate choices are kept: float-valued functions compute integer and
  bool inputs in the default float type (NumPy: float16/float32 for narrow ints),
  `take` clips out-of-range indices by default, `isscalar` is true for 0-d arrays,
  `empty` gives zeros, `sort` supports only kind='quicksort'.
- Graph-mode details (unknown shapes, autograph of ndarray control flow) do not apply:
  nnext executes eagerly.
"""

from nnext.experimental.numpy import (
    _arrays,
    _behavior,
    _dtypes,
    _math,
    _products,
    _reduce,
    _shape,
    random,  # noqa: F401  (tnp.random, named in __all__)
)

_FAMILIES = (_arrays, _behavior, _dtypes, _math, _products, _reduce, _shape)


def _face_names():
    for family in _FAMILIES:
        for name in family.__all__:
            yield name, getattr(family, name)


globals().update(_face_names())

# The list is computed from the family modules, which is what keeps it from drifting.
__all__ = sorted({name for name, _ in _face_names()} | {"random"})  # noqa: PLE0605
