"""The Tensor and Variable classes, dtypes, conversions to and from NumPy (zero-copy where
the layout allows), creation functions, seeded random draws and library-level settings."""

import copy
import pickle
import re

import numpy as np
import pytest
from helpers import ALL_DTYPES, assert_same

import nnext

# dtypes


@pytest.mark.parametrize("name", ALL_DTYPES)
def test_dtype_objects_and_equalities(name):
    dt = getattr(nnext, name)
    assert dt.name == name
    assert repr(dt) == f"nnext.{name}"
    assert dt == name and dt == np.dtype(name) and dt == np.dtype(name).type
    assert dt != ("float64" if name != "float64" else "float32")
    assert dt != object()
    assert nnext.as_dtype(name) is dt
    assert nnext.as_dtype(np.dtype(name)) is dt
    assert nnext.as_dtype(dt) is dt
    assert hash(dt) == hash(nnext.as_dtype(name))
    assert dt.as_numpy_dtype is np.dtype(name).type
    assert dt.size == np.dtype(name).itemsize
    assert (dt.is_floating, dt.is_integer, dt.is_bool) == (
        name.startswith("float"),
        name.startswith("int"),
        name == "bool",
    )
    assert nnext.zeros([2], dtype=dt).dtype is dt
    assert nnext.zeros([2], dtype=np.dtype(name)).dtype is dt
    assert np.asarray([1, 0], dtype=dt).dtype == np.dtype(name)


def test_as_dtype_of_python_types_and_errors():
    assert nnext.as_dtype(float) is nnext.float32
    assert nnext.as_dtype(int) is nnext.int32
    assert nnext.float32 == float and nnext.float64 != float and nnext.int32 == int
    assert nnext.bool == bool and nnext.as_dtype(np.bool_) is nnext.bool
    for dt in (nnext.float32, nnext.float64, nnext.int64):
        assert dt != None
    with pytest.raises(TypeError, match=r"unsupported dtype None"):
        nnext.as_dtype(None)
    with pytest.raises(TypeError, match=r"unsupported dtype"):
        nnext.as_dtype("bfloat16")


# constant and convert_to_tensor


@pytest.mark.parametrize(
    ("value", "dtype", "shape"),
    [
        (1.0, "float32", ()),
        (1, "int32", ()),
        (2**40, "int64", ()),
        (-(2**31), "int32", ()),
        (True, "bool", ()),
        ([1.0, 2], "float32", (2,)),
        ([[1, 2], [3, 4]], "int32", (2, 2)),
        ((1, 2), "int32", (2,)),
        ([True, False], "bool", (2,)),
        ([], "float32", (0,)),
        ([[1, 2**40]], "int64", (1, 2)),
        (np.float64(2.0), "float64", ()),
        (np.int64(3), "int64", ()),
        (np.array([1, 2], np.uint8), "uint8", (2,)),
        (np.array([1.0], np.float16), "float16", (1,)),
        (np.array([1], np.uint32), "uint32", (1,)),
        (np.arange(3.0), "float64", (3,)),
        (np.arange(3, dtype=np.int8), "int8", (3,)),
    ],
)
def test_constant_infers_tensorflow_dtypes(value, dtype, shape):
    for fn in (nnext.constant, nnext.convert_to_tensor):
        t = fn(value)
        assert (t.dtype, t.shape) == (dtype, shape), fn.__name__
        np.testing.assert_array_equal(t.numpy(), np.asarray(value))


def test_constant_with_dtype_and_shape():
    assert_same(nnext.constant([1, 2], dtype="float64"), np.array([1.0, 2.0]))
    assert_same(nnext.constant(1.5, dtype=nnext.int32), np.int32(1))
    assert_same(nnext.constant(5.0, shape=[2, 3]), np.full((2, 3), 5.0, np.float32))
    assert_same(nnext.constant([1, 2, 3, 4], shape=(2, 2)), np.array([[1, 2], [3, 4]], np.int32))
    with pytest.raises(TypeError, match=r"constant: expected 4 values for shape \(2, 2\), got 3"):
        nnext.constant([1, 2, 3], shape=[2, 2])
    assert_same(nnext.convert_to_tensor([1, 2], dtype="float32"), np.array([1, 2], np.float32))


def test_convert_to_tensor_wraps_c_contiguous_arrays_without_copying():
    for dtype in ALL_DTYPES:
        a = np.ones((3, 4), dtype=dtype)
        t = nnext.convert_to_tensor(a)
        assert np.shares_memory(np.asarray(t), a), dtype
        assert np.shares_memory(t.numpy(), a), dtype
    x = np.arange(12.0).reshape(3, 4)
    t = nnext.convert_to_tensor(x)
    x[0, 0] = 100.0  # the tensor sees the array's memory
    assert t.numpy()[0, 0] == 100.0
    assert nnext.convert_to_tensor(t)._id == t._id  # the same tensor, not a copy


def test_constant_copies_its_array():
    a = np.arange(4.0)
    t = nnext.constant(a)
    a[0] = 9.0
    assert t.numpy()[0] == 0.0
    assert not np.shares_memory(np.asarray(t), a)


@pytest.mark.parametrize(
    "make",
    [
        lambda: np.asfortranarray(np.arange(12.0).reshape(3, 4)),
        lambda: np.arange(12.0).reshape(3, 4)[::-1],
        lambda: np.arange(12.0).reshape(3, 4)[:, ::-2],
        lambda: np.arange(24.0).reshape(4, 6)[1:3, 2:5],
        lambda: np.arange(12.0).reshape(3, 4).T,
        lambda: np.arange(12.0).astype(">f8").reshape(3, 4),
        lambda: np.broadcast_to(np.arange(4.0), (3, 4)),
        lambda: np.frombuffer(np.arange(13, dtype=np.float32).tobytes()[2:50], dtype=np.uint8),
    ],
    ids=[
        "fortran",
        "negative",
        "negative-step",
        "slice",
        "transposed",
        "big-endian",
        "broadcast",
        "unaligned",
    ],
)
def test_convert_to_tensor_copies_other_layouts_correctly(make):
    a = make()
    t = nnext.convert_to_tensor(a)
    np.testing.assert_array_equal(t.numpy(), a)
    assert t.shape == a.shape
    assert t.numpy().flags.c_contiguous


def test_read_only_arrays_are_copied():
    a = np.arange(4.0)
    a.flags.writeable = False
    t = nnext.convert_to_tensor(a)
    np.testing.assert_array_equal(t.numpy(), a)
    assert not np.shares_memory(np.asarray(t), a)


def test_numpy_views_share_memory_with_the_tensor():
    t = nnext.ones([3, 4])
    a, b = np.asarray(t), t.numpy()
    assert np.shares_memory(a, b)
    assert a.dtype == np.float32 and a.shape == (3, 4)
    v = t[1:, ::2]
    assert np.shares_memory(np.asarray(v), a)
    np.testing.assert_array_equal(np.asarray(t.T), a.T)
    assert np.asarray(t, dtype=np.float64).dtype == np.float64


def test_numpy_views_of_broadcast_tensors_are_read_only():
    base = nnext.constant([1.0, 2.0])
    a = np.asarray(nnext.broadcast_to(base, [3, 2]))
    assert np.shares_memory(a, np.asarray(base))
    assert not a.flags.writeable
    assert np.asarray(base).flags.writeable


def test_numpy_view_outlives_the_tensor():
    a = np.asarray(nnext.range(5))
    np.testing.assert_array_equal(a, np.arange(5))


def test_tensor_properties_and_python_conversions():
    t = nnext.constant([[1.5, 2.0, 3.0], [4.0, 5.0, 6.0]])
    assert t.shape == (2, 3) and isinstance(t.shape, tuple)
    assert (t.ndim, t.size, len(t)) == (2, 6, 2)
    assert float(nnext.constant(2.5)) == 2.5
    assert int(nnext.constant([7])) == 7
    assert int(nnext.constant(7.9)) == 7
    assert type(int(nnext.constant(True))) is int
    assert bool(nnext.constant(True)) is True and bool(nnext.constant([0.0])) is False
    assert [1, 2, 3][nnext.constant(1)] == 2  # __index__
    assert len(nnext.zeros([0, 3])) == 0


def test_repr_shows_shape_dtype_and_values():
    t = nnext.constant([[1, 2], [3, 4]])
    r = repr(t)
    assert r.startswith("<nnext.Tensor: shape=(2, 2), dtype=int32, numpy=")
    assert "[3, 4]" in r
    assert "shape=(), dtype=float32" in repr(nnext.constant(1.0))
    # TensorFlow's printed forms, with nnext's name where TensorFlow prints "tf.".
    assert str(nnext.constant([1.0, 2.0])) == "nnext.Tensor([1. 2.], shape=(2,), dtype=float32)"
    assert str(nnext.constant([[1, 2], [3, 4]])) == (
        "nnext.Tensor(\n[[1 2]\n [3 4]], shape=(2, 2), dtype=int32)"
    )
    assert repr(nnext.constant([[1.0, 2.0]] * 2)) == (
        "<nnext.Tensor: shape=(2, 2), dtype=float32, numpy=\narray([[1., 2.],\n"
        "       [1., 2.]], dtype=float32)>"
    )
    v = nnext.Variable([1.0, 2.0], name="v")
    assert (
        str(v)
        == repr(v)
        == ("<nnext.Variable 'v:0' shape=(2,) dtype=float32, numpy=array([1., 2.], dtype=float32)>")
    )
    assert str(nnext.float32) == "<dtype: 'float32'>" and repr(nnext.float32) == "nnext.float32"


def test_iteration_over_the_first_axis():
    x = np.arange(6.0).reshape(3, 2)
    rows = list(nnext.constant(x))
    assert len(rows) == 3 and all(isinstance(r, nnext.Tensor) for r in rows)
    np.testing.assert_array_equal(np.stack([r.numpy() for r in rows]), x)
    a, b = nnext.constant([1, 2])
    assert (int(a), int(b)) == (1, 2)
    assert list(nnext.zeros([0, 2])) == []
    with pytest.raises(TypeError, match=r"iteration over a 0-d tensor"):
        iter(nnext.constant(1.0))


def test_comparison_with_none_is_not_elementwise():
    t = nnext.constant([1.0, 2.0])
    assert (t == None) is False
    assert (t != None) is True
    assert t in [None, t]
    assert None not in [t]


def test_copy_deepcopy_and_pickle():
    t = nnext.constant([[1.0, 2.0]])
    assert copy.copy(t) is t
    d = copy.deepcopy(t)
    assert_same(d, t.numpy())
    assert not np.shares_memory(np.asarray(d), np.asarray(t))
    assert_same(pickle.loads(pickle.dumps(t)), t.numpy())
    v = nnext.Variable([1.0, 2.0], trainable=False, name="w")
    for c in (copy.copy(v), copy.deepcopy(v), pickle.loads(pickle.dumps(v))):
        assert isinstance(c, nnext.Variable) and c._id != v._id
        assert (c.name, c.trainable) == ("w:0", False)
        c.assign([5.0, 6.0])
        assert_same(v, np.array([1.0, 2.0], np.float32))


def test_tensors_are_hashable_by_identity():
    a, b = nnext.constant(1.0), nnext.constant(1.0)
    assert len({a, b, a}) == 2


# Variables


def test_variable_basics():
    v = nnext.Variable([[1.0, 2.0], [3.0, 4.0]], name="w")
    assert isinstance(v, nnext.Tensor)
    assert (v.shape, v.dtype, v.name, v.trainable) == ((2, 2), "float32", "w:0", True)
    assert nnext.Variable(1.0).name == "Variable:0"
    assert nnext.Variable(1.0, trainable=False).trainable is False
    assert nnext.Variable([1, 2], dtype="float64").dtype == "float64"
    assert_same(nnext.Variable(lambda: nnext.ones([2])), np.ones(2, np.float32))
    assert repr(v).startswith("<nnext.Variable 'w:0' shape=(2, 2) dtype=float32, numpy=")
    v.trainable = False
    assert v.trainable is False
    with pytest.raises(AttributeError):  # TensorFlow's Variable.name has no setter
        v.name = "renamed"


def test_variable_reads_like_a_tensor():
    v = nnext.Variable([1.0, 2.0, 3.0])
    assert_same(v + 1.0, np.array([2.0, 3.0, 4.0], np.float32))
    assert_same(nnext.reduce_sum(v), np.float32(6.0))
    assert_same(v[1:], np.array([2.0, 3.0], np.float32))
    np.testing.assert_array_equal(np.asarray(v), [1.0, 2.0, 3.0])
    assert_same(v.read_value(), np.array([1.0, 2.0, 3.0], np.float32))


def test_variable_initial_value_is_copied():
    init = nnext.constant([1.0, 2.0])
    v = nnext.Variable(init)
    v.assign([5.0, 6.0])
    assert_same(init, np.array([1.0, 2.0], np.float32))


def test_variable_assign_ops_write_in_place():
    v = nnext.Variable([1.0, 2.0, 3.0])
    view = v[:]  # a view over the variable's storage
    assert v.assign([4.0, 5.0, 6.0]) is v
    assert_same(view, np.array([4.0, 5.0, 6.0], np.float32))
    v.assign_add(nnext.constant([1.0, 1.0, 1.0]))
    assert_same(view, np.array([5.0, 6.0, 7.0], np.float32))
    v.assign_sub(2.0)
    assert_same(v, np.array([3.0, 4.0, 5.0], np.float32))
    v.assign(np.array([0.0, 0.0, 1.0]))  # a float64 array converts to the variable's dtype
    assert_same(view, np.array([0.0, 0.0, 1.0], np.float32))


def test_constant_of_a_variable_is_a_snapshot():
    v = nnext.Variable([1.0, 2.0])
    c = nnext.constant(v)
    v.assign([3.0, 4.0])
    assert_same(c, np.array([1.0, 2.0], np.float32))


def test_variable_assign_from_a_view_of_itself():
    v = nnext.Variable([1.0, 2.0, 3.0])
    v.assign(v[::-1])
    assert_same(v, np.array([3.0, 2.0, 1.0], np.float32))
    m = np.arange(9.0).reshape(3, 3)
    w = nnext.Variable(m)
    w.assign(nnext.transpose(w))
    assert_same(w, m.T)
    w.assign_add(w.T)
    assert_same(w, m.T + m)


def test_variable_numpy_is_a_snapshot():
    v = nnext.Variable([1.0, 2.0])
    snap = v.numpy()
    v.assign([3.0, 4.0])
    np.testing.assert_array_equal(snap, [1.0, 2.0])


def test_variable_assign_checks_shape_and_dtype():
    v = nnext.Variable([1.0, 2.0])
    with pytest.raises(
        ValueError,
        match=r"Variable.assign: cannot assign a value of shape \(3,\) "
        r"to a variable of shape \(2,\)",
    ):
        v.assign([1.0, 2.0, 3.0])
    with pytest.raises(
        TypeError,
        match=r"Variable.assign: cannot assign a int32 tensor to a "
        r"float32 variable",
    ):
        v.assign(nnext.constant([1, 2]))
    with pytest.raises(ValueError, match=r"Variable.assign_add: cannot broadcast shapes"):
        v.assign_add(nnext.ones([3]))
    with pytest.raises(
        ValueError,
        match=r"Variable.assign_sub: cannot apply a value of shape "
        r"\(2, 2\) to a variable of shape \(2,\)",
    ):
        v.assign_sub(nnext.ones([2, 2]))
    with pytest.raises(TypeError, match=r"Variable.assign_add: cannot apply a float64 tensor"):
        v.assign_add(nnext.ones([2], dtype="float64"))
    with pytest.raises(ValueError, match=r"Variable: initial_value must be provided"):
        nnext.Variable()
    assert_same(v, np.array([1.0, 2.0], np.float32))


# Creation functions


def test_zeros_ones_and_likes():
    assert_same(nnext.zeros([2, 3]), np.zeros((2, 3), np.float32))
    assert_same(nnext.zeros(4, dtype="int64"), np.zeros(4, np.int64))
    assert_same(nnext.ones((2, 0)), np.ones((2, 0), np.float32))
    assert_same(nnext.ones([], dtype=nnext.bool), np.ones((), bool))
    x = nnext.constant([[1, 2, 3]])
    assert_same(nnext.zeros_like(x), np.zeros((1, 3), np.int32))
    assert_same(nnext.ones_like(x, dtype="float64"), np.ones((1, 3)))
    assert_same(nnext.ones_like(np.zeros((2,), np.float64)), np.ones(2))


def test_fill_infers_the_dtype_from_the_value():
    assert_same(nnext.fill([2, 3], 5), np.full((2, 3), 5, np.int32))
    assert_same(nnext.fill([2], 5.5), np.full(2, 5.5, np.float32))
    assert_same(nnext.fill((1, 2), True), np.full((1, 2), True))
    assert_same(nnext.fill([2], np.float64(0.25)), np.full(2, 0.25))


@pytest.mark.parametrize(
    ("args", "kwargs", "want"),
    [
        ((5,), {}, np.arange(5, dtype=np.int32)),
        ((2, 9, 3), {}, np.arange(2, 9, 3, dtype=np.int32)),
        ((10, 0, -3), {}, np.arange(10, 0, -3, dtype=np.int32)),
        ((0, 1, 0.25), {}, np.arange(0, 1, 0.25, dtype=np.float32)),
        ((0.5, 3), {}, np.arange(0.5, 3, dtype=np.float32)),
        ((5,), {"dtype": "float64"}, np.arange(5, dtype=np.float64)),
        ((3, 3), {}, np.arange(3, 3, dtype=np.int32)),
        ((3, 1), {}, np.arange(3, 1, dtype=np.int32)),
        ((1, 2, 0.1), {}, np.arange(1, 2, 0.1).astype(np.float32)),
    ],
)
def test_range_matches_tensorflow_dtypes(args, kwargs, want):
    assert_same(nnext.range(*args, **kwargs), want)


def test_range_rejects_zero_delta():
    with pytest.raises(ValueError, match=r"range: delta must not be zero"):
        nnext.range(0, 5, 0)


@pytest.mark.parametrize(
    ("start", "stop", "num"), [(0, 1, 5), (-2, 3, 1), (1, 0, 7), (0, 1, 0), (0.1, 0.7, 100)]
)
def test_linspace_matches_numpy(start, stop, num):
    assert_same(nnext.linspace(start, stop, num), np.linspace(start, stop, num).astype(np.float32))
    assert nnext.linspace(nnext.constant(0.0, dtype="float64"), 1.0, 3).dtype == nnext.float64


def test_eye():
    assert_same(nnext.eye(3), np.eye(3, dtype=np.float32))
    assert_same(nnext.eye(2, 4, dtype="int32"), np.eye(2, 4, dtype=np.int32))
    assert_same(nnext.eye(3, num_columns=1), np.eye(3, 1, dtype=np.float32))
    assert_same(nnext.eye(0), np.eye(0, dtype=np.float32))


# Random draws


@pytest.mark.parametrize(
    "draw",
    [
        lambda: nnext.random.normal([1000]),
        lambda: nnext.random.uniform([1000]),
        lambda: nnext.random.truncated_normal([1000], dtype="float64"),
        lambda: nnext.random.uniform([1000], minval=-5, maxval=5, dtype="int32"),
        lambda: nnext.random.shuffle(nnext.range(100)),
    ],
    ids=["normal", "uniform", "truncated_normal", "uniform-int", "shuffle"],
)
def test_set_seed_makes_draws_reproducible(draw):
    nnext.random.set_seed(1234)
    a, b = draw().numpy(), draw().numpy()
    nnext.random.set_seed(1234)
    c, d = draw().numpy(), draw().numpy()
    np.testing.assert_array_equal(a, c)
    np.testing.assert_array_equal(b, d)
    assert not np.array_equal(a, b)
    nnext.set_seed(99)
    assert not np.array_equal(draw().numpy(), a)


def test_op_seed_gives_the_same_draw_under_a_global_seed():
    nnext.random.set_seed(7)
    a = nnext.random.normal([50], seed=3).numpy()
    b = nnext.random.normal([50], seed=3).numpy()
    c = nnext.random.normal([50], seed=4).numpy()
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_negative_and_large_seeds():
    for seed in (-1, 2**70):
        nnext.random.set_seed(seed)
        a = nnext.random.normal([5], seed=seed).numpy()
        nnext.random.set_seed(seed)
        np.testing.assert_array_equal(nnext.random.normal([5], seed=seed).numpy(), a)
    nnext.random.set_seed(-1)
    a = nnext.random.uniform([5]).numpy()
    nnext.random.set_seed(2**64 - 1)  # the same seed modulo 2**64
    np.testing.assert_array_equal(nnext.random.uniform([5]).numpy(), a)


def test_random_distributions():
    nnext.random.set_seed(0)
    n = 200_000
    x = nnext.random.normal([n], mean=2.0, stddev=3.0).numpy()
    assert x.dtype == np.float32
    assert abs(x.mean() - 2.0) < 0.05 and abs(x.std() - 3.0) < 0.05
    u = nnext.random.uniform([n], minval=-1.0, maxval=3.0, dtype="float64").numpy()
    assert u.min() >= -1.0 and u.max() < 3.0 and abs(u.mean() - 1.0) < 0.02
    t = nnext.random.truncated_normal([n], stddev=2.0).numpy()
    assert np.abs(t).max() <= 4.0 and abs(t.std() - 2.0 * 0.8796) < 0.03
    i = nnext.random.uniform([n], minval=3, maxval=7, dtype="int64").numpy()
    assert i.dtype == np.int64 and set(np.unique(i)) == {3, 4, 5, 6}
    p = nnext.random.shuffle(nnext.range(50)).numpy()
    np.testing.assert_array_equal(np.sort(p), np.arange(50))


def test_random_argument_errors():
    with pytest.raises(ValueError, match=r"random.uniform: maxval is required"):
        nnext.random.uniform([2], dtype="int32")
    with pytest.raises(
        TypeError, match=r"random.normal: dtype must be float16, float32 or float64"
    ):
        nnext.random.normal([2], dtype="int32")


# Library-level settings


def test_memory_stats_and_empty_cache():
    nnext.empty_cache()
    before = nnext.memory_stats()
    assert set(before) >= {"current", "peak", "cached"}
    x = nnext.zeros([1024, 1024])
    during = nnext.memory_stats()
    assert during["current"] - before["current"] >= 4 * 1024 * 1024
    assert during["peak"] >= during["current"]
    del x
    after = nnext.memory_stats()
    assert after["current"] == before["current"]
    nnext.empty_cache()
    assert nnext.memory_stats()["cached"] == 0


def test_large_buffers_are_reused_from_the_cache():
    nnext.empty_cache()
    x = nnext.zeros([1024, 1024])
    del x
    cached = nnext.memory_stats()["cached"]
    assert cached >= 4 * 1024 * 1024
    y = nnext.ones([1024, 1024])
    assert nnext.memory_stats()["cached"] < cached
    del y


def test_set_and_get_num_threads():
    old = nnext.get_num_threads()
    try:
        nnext.set_num_threads(1)
        assert nnext.get_num_threads() == 1
        # One setting governs both our OpenMP loops and OpenBLAS.
        assert nnext._core._build_config()["blas_threads"] == 1
        a = np.random.default_rng(0).random((400, 300)).astype(np.float32)
        assert_same(
            nnext.reduce_sum(a, axis=0), a.astype(np.float64).sum(axis=0).astype(np.float32)
        )
    finally:
        nnext.set_num_threads(old)
    assert nnext.get_num_threads() == old


def test_show_config_prints_the_build(capsys):
    nnext.show_config()
    out = capsys.readouterr().out
    assert out.startswith(f"nnext {nnext.__version__}\n")
    for word in ["compiler", "OpenBLAS", "BLAS threads", "OpenMP", "threads", "SIMD"]:
        assert word in out
    assert re.search(r"BLAS threads:\s+\d+", out)
