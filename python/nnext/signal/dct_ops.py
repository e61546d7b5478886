"""``tf.signal.dct`` and ``tf.signal.idct``: discrete cosine transforms of types I-IV along
the last axis, as ``scipy.fft.dct`` (which TensorFlow matches). nnext has no FFT, so each
transform is one matmul with its cosine matrix (built once per length, type, norm and dtype
in float64 NumPy): exact to rounding, differentiable, O(n^2) per signal."""

import functools
import math

import numpy as np

from nnext import _core

__all__ = ["dct", "idct"]


@functools.lru_cache(maxsize=64)
def _matrix(dct_type, n, norm, dtype):
    """M with ``dct(x) = x @ M`` for signals of length n (``M[j, k]``: the weight of input
    sample j in coefficient k)."""
    j = np.arange(n, dtype=np.float64)[:, None]
    k = np.arange(n, dtype=np.float64)[None]
    if dct_type == 1:
        # y_k = x_0 + (-1)^k x_{n-1} + 2 sum_{0<j<n-1} x_j cos(pi j k / (n - 1))
        m = 2.0 * np.cos(np.pi * j * k / (n - 1))
        m[0] = 1.0
        m[-1] = (-1.0) ** np.arange(n)
    elif dct_type == 2:
        # y_k = 2 sum_j x_j cos(pi k (2j + 1) / 2n)
        m = 2.0 * np.cos(np.pi * k * (2 * j + 1) / (2 * n))
        if norm == "ortho":
            m[:, 0] *= math.sqrt(1.0 / (4 * n))
            m[:, 1:] *= math.sqrt(1.0 / (2 * n))
    elif dct_type == 3:
        # y_k = x_0 + 2 sum_{j>0} x_j cos(pi j (2k + 1) / 2n)
        m = 2.0 * np.cos(np.pi * j * (2 * k + 1) / (2 * n))
        m[0] = 1.0
        if norm == "ortho":
            m[0] *= math.sqrt(1.0 / n)
            m[1:] *= math.sqrt(1.0 / (2 * n))
    else:
        # y_k = 2 sum_j x_j cos(pi (2j + 1)(2k + 1) / 4n)
        m = 2.0 * np.cos(np.pi * (2 * j + 1) * (2 * k + 1) / (4 * n))
        if norm == "ortho":
            m *= math.sqrt(1.0 / (2 * n))
    return m.astype(dtype)


def _validate(x, dct_type, n, axis, norm):
    """TensorFlow's argument checks (its messages and exception types)."""
    if axis != -1:
        raise NotImplementedError(f"axis must be -1. Got: {axis}")
    if n is not None and n < 1:
        raise ValueError("n should be a positive integer or None")
    if dct_type not in (1, 2, 3, 4):
        raise ValueError("Types I, II, III and IV (I)DCT are supported.")
    if dct_type == 1:
        if norm == "ortho":
            raise ValueError("Normalization is not supported for the Type-I DCT.")
        if x.ndim and x.shape[-1] < 2:
            raise ValueError("Type-I DCT requires the dimension to be greater than one.")
    if norm not in (None, "ortho"):
        raise ValueError(f"Unknown normalization. Expected None or 'ortho', got: {norm}")


def _transform(input, dct_type, n, axis, norm, op):
    x = input if isinstance(input, _core.Tensor) else _core.convert_to_tensor(input)
    if x.dtype.name not in ("float32", "float64"):
        raise TypeError(f"{op}: input must be float32 or float64, got {x.dtype.name}")
    if x.ndim < 1:
        raise ValueError(f"{op}: input must have rank at least 1, got a scalar")
    _validate(x, dct_type, n, axis, norm)
    if n is not None:
        n = int(n)
        length = x.shape[-1]
        if n <= length:
            x = x[..., :n]
        else:
            x = _core.pad(x, [[0, 0]] * (x.ndim - 1) + [[0, n - length]], "CONSTANT", 0.0)
        if dct_type == 1 and n < 2:
            raise ValueError("Type-I DCT requires the dimension to be greater than one.")
    length = x.shape[-1]
    matrix = _core.convert_to_tensor(_matrix(dct_type, length, norm, x.dtype.name))
    if x.ndim > 1:
        return _core.matmul(x, matrix)
    return _core.reshape(_core.matmul(_core.reshape(x, [1, length]), matrix), [length])


def dct(input, type=2, n=None, axis=-1, norm=None, name=None):
    """The 1-D discrete cosine transform of ``input`` along its last axis, types I-IV.

    Unnormalised (``norm=None``), for ``N`` samples:

    - type 1: ``y_k = x_0 + (-1)^k x_{N-1} + 2 sum_{n=1}^{N-2} x_n cos(pi k n / (N - 1))``
    - type 2: ``y_k = 2 sum_n x_n cos(pi k (2n + 1) / 2N)``
    - type 3: ``y_k = x_0 + 2 sum_{n>=1} x_n cos(pi n (2k + 1) / 2N)``
    - type 4: ``y_k = 2 sum_n x_n cos(pi (2n + 1)(2k + 1) / 4N)``

    ``norm='ortho'`` (types 2-4) scales to an orthonormal transform, as ``scipy.fft.dct``.

    Args:
        input: a ``[..., samples]`` float32 or float64 tensor.
        type: the DCT type, 1, 2, 3 or 4.
        n: the transform length: the signal is cut to its first ``n`` samples or
            zero-padded to ``n``. None: the signal's length.
        axis: must be -1 (TensorFlow's restriction).
        norm: None or 'ortho'.
        name: unused (TensorFlow's op name).

    Returns:
        A ``[..., n]`` tensor of ``input``'s dtype.

    Raises:
        ValueError: ``type`` is not 1-4, ``n`` is not None or positive, ``norm`` is not
            None or 'ortho', or type 1 is asked with 'ortho' or fewer than 2 samples.
        NotImplementedError: ``axis`` is not -1.

    Example:
        >>> tf.signal.dct([1.0, 2.0, 3.0], norm="ortho").numpy()
        array([ 3.4641016, -1.4142135,  0.       ], dtype=float32)
    """
    return _transform(input, type, n, axis, norm, "dct")


def idct(input, type=2, n=None, axis=-1, norm=None, name=None):
    """The inverse DCT of ``input`` along its last axis: the DCT of type 1, 3, 2 or 4 for
    ``type`` 1, 2, 3 or 4 (the type-II and type-III transforms are each other's inverse).

    Without ``norm`` the round trip scales by ``2N`` (``2(N - 1)`` for type 1):
    ``x == idct(dct(x)) / (2 * N)``; with ``norm='ortho'``, ``x == idct(dct(x, norm='ortho'),
    norm='ortho')``.

    Args:
        input: a ``[..., samples]`` float32 or float64 tensor.
        type: the IDCT type, 1, 2, 3 or 4.
        n: the transform length (cut or zero-padded, as in ``dct``).
        axis: must be -1.
        norm: None or 'ortho'.
        name: unused (TensorFlow's op name).

    Returns:
        A ``[..., n]`` tensor of ``input``'s dtype.

    Raises:
        ValueError: as ``dct``.
        NotImplementedError: ``axis`` is not -1.

    Example:
        >>> x = tf.constant([1.0, 2.0, 3.0])
        >>> tf.signal.idct(tf.signal.dct(x, norm="ortho"), norm="ortho").numpy().round(5)
        array([1., 2., 3.], dtype=float32)
    """
    # The checks of `type` hold for its inverse too (1 and 4 are their own, 2 and 3 swap).
    inverse = {1: 1, 2: 3, 3: 2, 4: 4}.get(type, type)
    return _transform(input, inverse, n, axis, norm, "idct")
