"""tf.experimental.numpy (tnp) against NumPy: shape and indexing functions, array creation
and conversion, and tnp.random. Each row of the tables is one call made with the same
arguments on tnp and on NumPy; values, dtypes and shapes must agree (see `check`)."""

import numpy as np
import pytest
from test_tf_experimental_numpy import check

import nnext as tf
import nnext.experimental.numpy as tnp

RNG = np.random.default_rng(1)
A23 = RNG.normal(size=(2, 3))
A234 = np.arange(24.0).reshape(2, 3, 4)
I23 = np.array([[4, -1, 7], [2, 9, 0]], np.int32)
A33 = np.arange(9).reshape(3, 3)
V3 = np.array([3.0, -1.0, 2.0])
VI3 = np.array([1, 2, 3], np.int64)
S0 = np.array(5.0)
E03 = np.zeros((0, 3))
ONES131 = np.ones((1, 3, 1), np.float32)


def row(name, *args, np_kwargs=None, **kwargs):
    """A call of `name` with these arguments; `np_kwargs` only go to NumPy's call (for
    TensorFlow's different defaults, such as take's mode='clip')."""
    return name, args, kwargs, np_kwargs or {}


ROWS = []
ROWS += [
    row("reshape", A23, (3, 2)),
    row("reshape", A23, -1),
    row("reshape", A234, (4, -1), order="F"),
    row("reshape", S0, (1, 1)),
    row("reshape", E03, (3, 0)),
    row("ravel", A234),
    row("transpose", A234),
    row("transpose", A234, (1, 0, 2)),
    row("transpose", S0),
    row("swapaxes", A234, 0, 2),
    row("moveaxis", A234, 0, -1),
    row("moveaxis", A234, (0, 1), (2, 0)),
    row("expand_dims", A23, 1),
    row("expand_dims", S0, 0),
    row("squeeze", ONES131),
    row("squeeze", ONES131, 2),
    row("concatenate", [A23, I23], 0),
    row("concatenate", [A23, A23], axis=None),
    row("concatenate", [E03, A23]),
    row("concatenate", [VI3, [1.5]]),
    row("stack", [A23, I23], 1),
    row("stack", [S0, S0]),
    row("hstack", [V3, VI3]),
    row("hstack", [A23, I23]),
    row("vstack", [V3, V3]),
    row("dstack", [A23, A23]),
    row("split", np.arange(6), 3),
    row("split", A234, [1, 3], 2),
    row("array_split", np.arange(7), 3),
    row("hsplit", A234, 3),
    row("vsplit", A23, 2),
    row("dsplit", A234, [1]),
    row("broadcast_to", V3, (2, 3)),
    row("broadcast_to", S0, (0, 2)),
    row("broadcast_arrays", V3, np.ones((2, 1), np.int32)),
    row("tile", V3, 2),
    row("tile", A23, (2, 1, 2)),
    row("repeat", A23, 2),
    row("repeat", A23, [1, 2], 0),
    row("repeat", S0, 3),
    row("flip", A234),
    row("flip", A234, 1),
    row("flip", A234, (0, 2)),
    row("flipud", A23),
    row("fliplr", A23),
    row("roll", A23, 1),
    row("roll", A23, -1, 1),
    row("rot90", A23),
    row("rot90", A234, 2, (1, 2)),
    row("pad", A23, 1, "constant"),
    row("pad", I23, ((1, 0), (2, 1)), "reflect"),
    row("pad", V3, (2, 2), "symmetric"),
    row("pad", I23, 1, "constant", constant_values=7),
    row("take", A23, [0, 5, 7], np_kwargs={"mode": "clip"}),
    row("take", A23, [1, -1], 1, np_kwargs={"mode": "clip"}),
    row("take", A23, [[0, 4]], 1, mode="wrap"),
    row("take_along_axis", A23, np.argsort(A23, 1), 1),
    row("take_along_axis", V3, np.array([2, 0]), None),
    row("where", A23 > 0.2, A23, 0),
    row("where", I23 > 1, I23, 2.5),
    row("where", V3 > 1),
    row("nonzero", A23 > 0.2),
    row("select", [V3 > 1, V3 < 0], [V3, -V3], 0),
    row("compress", [True, False], A23, 0),
    row("compress", [False, True, True], I23, 1),
    row("compress", [True, False, True], A23),
    row("append", A23, I23),
    row("append", A23, A23, 0),
    row("atleast_1d", S0),
    row("atleast_2d", V3),
    row("atleast_3d", A23),
    row("atleast_3d", V3, S0),
    row("diag", V3),
    row("diag", V3, 1),
    row("diag", A33),
    row("diag", A33, -1),
    row("diagflat", I23),
    row("diagonal", A234),
    row("diagonal", A234, 1, 1, 2),
    row("tril", A33),
    row("tril", A33, -1),
    row("triu", A234, 1),
]
ROWS += [
    row("zeros", (2, 3)),
    row("zeros", 3, np.int32),
    row("ones", (0, 2)),
    row("ones", 2, bool),
    row("full", (2, 3), 1.5),
    row("full", (2,), 7),
    row("full", 3, True),
    row("full", (2, 2), [1, 2]),
    row("zeros_like", I23),
    row("ones_like", V3, np.float32),
    row("full_like", I23, 2.7),
    row("full_like", A23, 3, np.int64),
    row("arange", 5),
    row("arange", 2, 10, 3),
    row("arange", 0.5, 3),
    row("arange", 10, 2, -2),
    row("arange", 5, dtype=np.float32),
    row("arange", 3, 1),
    row("arange", 0, 1, 0.25),
    row("linspace", 0, 1, 5),
    row("linspace", 0, 10, 4, endpoint=False),
    row("linspace", 0, 10, 5, dtype=np.int64),
    row("linspace", [0, 1], [2, 3], 3, axis=1),
    row("linspace", 0, 1, 0),
    row("linspace", 1, 2, 1),
    row("linspace", np.float32(0), np.float32(1), 3),
    row("logspace", 0, 2, 3),
    row("logspace", 0, 3, 4, base=2),
    row("logspace", 0, 1, 3, dtype=np.float32),
    row("geomspace", 1, 1000, 4),
    row("geomspace", 1, 256, 8, endpoint=False),
    row("geomspace", -2.0, -32.0, 5),
    row("geomspace", [1.0, 10.0], [100.0, 1000.0], 3, axis=1),
    row("eye", 3),
    row("eye", 2, 4, 1),
    row("eye", 3, k=-1, dtype=np.int32),
    row("identity", 3),
    row("identity", 2, bool),
    row("tri", 3),
    row("tri", 3, 4, 1, np.int64),
    row("tri", 2, 3, -1),
    row("meshgrid", [1, 2, 3], [4, 5]),
    row("meshgrid", V3, VI3, indexing="ij"),
    row("vander", [1, 2, 3]),
    row("vander", np.array([1.0, 2.0]), 3, True),
    row("copy", A23),
    row("array", [1, 2.5]),
    row("array", I23, np.float32),
    row("array", 3, ndmin=2),
    row("asarray", [[True, False]]),
    row("asarray", A23, np.int32),
    row("asarray", np.array([1, 2], np.uint16)),
    row("asanyarray", [1.5]),
    row("ascontiguousarray", S0),
    row("diag_indices", 3),
    row("ix_", [0, 1], [2, 4]),
    row("ix_", [True, False, True], [1]),
]


@pytest.mark.parametrize(
    "name, args, kwargs, np_kwargs", ROWS, ids=[f"{r[0]}-{i}" for i, r in enumerate(ROWS)]
)
def test_same_call_as_numpy(name, args, kwargs, np_kwargs):
    want = getattr(np, name)(*args, **kwargs, **np_kwargs)
    want = list(want) if isinstance(want, (tuple, list)) else np.asarray(want)
    check(getattr(tnp, name)(*args, **kwargs), want)


def test_empty_is_zeros():
    check(tnp.empty((2,)), np.zeros(2))
    check(tnp.empty_like(I23), np.zeros_like(I23))
    check(tnp.empty(3, np.int32), np.zeros(3, np.int32))


def test_python_results():
    assert tnp.ndim(A234) == 3 and tnp.size(A23) == 6 and tnp.size(2.5) == 1
    assert tnp.shape(A234) == (2, 3, 4) and tnp.shape(S0) == ()
    assert tnp.isscalar(2.0) and tnp.isscalar(S0) and not tnp.isscalar([1.0])


def test_flatten_and_linspace_step():
    for order in ("C", "F", "A", "K"):
        check(tnp.flatten(A234, order), A234.flatten(order if order in "CF" else "C"))
    values, step = tnp.linspace(2.0, 3.0, 5, retstep=True)
    want, want_step = np.linspace(2.0, 3.0, 5, retstep=True)
    check(values, want)
    assert float(step) == pytest.approx(want_step)


def test_shape_errors():
    with pytest.raises(ValueError, match="equal division"):
        tnp.hsplit(np.ones((2, 3)), 2)
    with pytest.raises(ValueError, match="Unsupported padding mode"):
        tnp.pad(V3, 1, "edge")
    with pytest.raises(ValueError, match="same axis"):
        tnp.diagonal(A33, 0, 1, 1)
    with pytest.raises(ValueError, match="rank at least 2"):
        tnp.tril(V3)
    with pytest.raises(ValueError, match="out of bounds"):
        tnp.concatenate([A23, A23], axis=2)
    with pytest.raises(ValueError, match="out of bounds"):
        tnp.moveaxis(A23, 0, 5)
    with pytest.raises(ValueError, match="Both x and y"):
        tnp.where(V3 > 0, V3)
    with pytest.raises(ValueError, match="not supported"):
        tnp.take(V3, [0], mode="raise")
    with pytest.raises(ValueError, match="step must be non-zero"):
        tnp.arange(0, 3, 0)
    with pytest.raises(ValueError, match="non-negative"):
        tnp.linspace(0, 1, -1)
    with pytest.raises(ValueError, match="cannot include zero"):
        tnp.geomspace(0, 10)
    with pytest.raises(ValueError, match="ndmin"):
        tnp.array(1, ndmin=40)


def test_conversion_keeps_tensors_and_infers_numpy_dtypes():
    t = tf.constant([1.0, 2.0])
    assert tnp.asarray(t) is t
    assert tnp.asarray(t, tnp.float64).dtype == tf.float64
    assert tnp.asarray([t, t]).shape == (2, 2)
    v = tf.Variable([1, 2])
    check(tnp.asarray(v), np.array([1, 2], np.int32))
    for value in (1, 1.5, True, [1, 2.0], np.float32(2), [[1], [2]], np.int8(3)):
        assert tnp.asarray(value).dtype.name == np.asarray(value).dtype.name, value
    check(
        tnp.ones([1, 2], dtype=tnp.int16) + tnp.ones([2, 1], dtype=tnp.uint8),
        np.full((2, 2), 2, np.int16),
    )


def test_gradient_through_shape_ops():
    x = tf.constant(A23)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tnp.sum(tnp.concatenate([tnp.transpose(x), tnp.reshape(x, (3, 2))], 0) ** 2)
    check(tape.gradient(y, x), 4 * A23)


# -- tnp.random ------------------------------------------------------------------------


def test_random_shapes_dtypes_and_ranges():
    tnp.random.seed(7)
    check_shape_dtype = [
        (tnp.random.randn(2, 3), (2, 3), "float64"),
        (tnp.random.standard_normal(4), (4,), "float64"),
        (tnp.random.standard_normal(), (), "float64"),
        (tnp.random.rand(3), (3,), "float64"),
        (tnp.random.random((2, 2)), (2, 2), "float64"),
        (tnp.random.uniform(-1.0, 1.0, (5,)), (5,), "float64"),
        (tnp.random.uniform(np.zeros(3), 2.0), (3,), "float64"),
        (tnp.random.poisson(3.0, (6,)), (6,), "int64"),
        (tnp.random.randint(5, size=(4,)), (4,), "int64"),
        (tnp.random.randint(2, 9, 3, dtype=np.int32), (3,), "int32"),
    ]
    for value, shape, dtype in check_shape_dtype:
        assert value.shape == shape and value.dtype.name == dtype
    u = tnp.random.uniform(2.0, 3.0, (1000,)).numpy()
    assert u.min() >= 2.0 and u.max() < 3.0
    r = tnp.random.randint(2, 9, (1000,)).numpy()
    assert r.min() >= 2 and r.max() <= 8
    n = tnp.random.randn(20000).numpy()
    assert abs(n.mean()) < 0.05 and abs(n.std() - 1) < 0.05
    with pytest.raises(ValueError, match="dtype"):
        tnp.random.randint(3, dtype=np.float32)
    with pytest.raises(ValueError, match="integers"):
        tnp.random.seed(None)


def test_random_seed_repeats_the_stream():
    tnp.random.seed(3)
    first = tnp.random.randn(5).numpy()
    tnp.random.seed(3)
    np.testing.assert_array_equal(tnp.random.randn(5).numpy(), first)
