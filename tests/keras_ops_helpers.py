"""What the keras.ops tests share: Keras 3 on its numpy backend (eager) as the reference,
seeded inputs, and `compare`, which checks values, dtype and shape of every output."""

import copy
import os
import warnings

os.environ.setdefault("KERAS_BACKEND", "numpy")

import numpy as np
import pytest

from nnext import _core
from nnext.keras import ops

keras = pytest.importorskip("keras")
kops = keras.ops


def arr(*shape, lo=-2.0, hi=2.0, dtype="float32", seed=0):
    rng = np.random.default_rng(seed + 7 * len(shape) + sum(shape))
    if dtype.startswith("int"):
        return rng.integers(int(lo), int(hi), size=shape).astype(dtype)
    if dtype == "bool":
        return rng.random(shape) > 0.5
    return rng.uniform(lo, hi, size=shape).astype(dtype)


def _flat(value):
    if isinstance(value, (tuple, list)):
        return [leaf for v in value for leaf in _flat(v)]
    return [value]


def _np(value):
    if isinstance(value, _core.Tensor):
        return value.numpy()
    return np.asarray(value)


def compare(
    name, args, kwargs=None, rtol=2e-5, atol=2e-6, check_dtype=True, fn=None, reference=None
):
    kwargs = kwargs or {}
    with warnings.catch_warnings():  # NumPy's own warnings (empty means, 2-D cross)
        warnings.simplefilter("ignore")
        # Keras's numpy backend writes into some inputs (scatter_update): give it copies.
        want = (reference or getattr(kops, name))(*copy.deepcopy(args), **copy.deepcopy(kwargs))
    got = (fn or getattr(ops, name))(*args, **kwargs)
    wants, gots = _flat(want), _flat(got)
    assert len(wants) == len(gots), f"{name}: {len(gots)} outputs, Keras gives {len(wants)}"
    for w, g in zip(wants, gots):
        w_np, g_np = _np(w), _np(g)
        assert g_np.shape == w_np.shape, f"{name}: shape {g_np.shape}, Keras {w_np.shape}"
        if check_dtype and not isinstance(w, (int, float, bool)):
            assert g_np.dtype == w_np.dtype, f"{name}: dtype {g_np.dtype}, Keras {w_np.dtype}"
        if name in UNINITIALISED:
            continue
        np.testing.assert_allclose(
            g_np.astype(np.float64) if g_np.dtype != bool else g_np,
            w_np.astype(np.float64) if w_np.dtype != bool else w_np,
            rtol=rtol,
            atol=atol,
            equal_nan=True,
            err_msg=name,
        )


# Keras's empty() hands out uninitialised memory: only shapes and dtypes compare.
UNINITIALISED = {"empty", "empty_like"}


# target, output (logits), target_length, output_length; blank is class 0.
CTC_CASE = (
    np.array([[1, 2, 2], [3, 0, 0], [4, 1, 0]]),
    arr(3, 8, 5),
    np.array([3, 1, 2]),
    np.array([8, 6, 7]),
)


IMAGES = arr(2, 6, 7, 3, lo=0.0, hi=1.0)
# Offsets avoid exact half-pixel coordinates, where nearest-neighbour rounding is a tie.
TRANSFORMS = np.array(
    [[1.1, 0.2, -1.03, 0.1, 0.9, 0.47, 0, 0], [0.9, -0.1, 0.31, 0.2, 1.0, -0.38, 0, 0]],
    dtype="float32",
)
COORDS = arr(2, 4, 5, lo=-1.0, hi=7.0)
CORNERS = np.array([[0, 0], [6, 0], [0, 5], [6, 5]], dtype="float32")
MOVED = np.array([[1, 0], [5, 1], [0, 4], [6, 5]], dtype="float32")
SIMILAR = np.clip(
    arr(2, 16, 15, 3, lo=0, hi=1) + arr(2, 16, 15, 3, lo=-0.1, hi=0.1, seed=4), 0, 1
).astype("float32")
