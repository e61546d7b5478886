"""String tensors (nnext/string_tensor.py, string_array_ops.py): conversion, dtype, printed
forms, indexing, comparison and the shape ops, against NumPy's object arrays of bytes and
TensorFlow 2.21's documented outputs (printed forms name nnext where TensorFlow names
itself, docs/migrating.md)."""

import pickle

import numpy as np
import pytest

import nnext as tf
from nnext import _core, errors
from nnext.string_tensor import StringTensor


@pytest.mark.parametrize(
    "value, expected",
    [
        ("hello", b"hello"),
        (b"hello", b"hello"),
        ("héllo", "héllo".encode()),
        (np.str_("a"), b"a"),
        (np.bytes_(b"a"), b"a"),
    ],
)
def test_scalar_constant(value, expected):
    s = tf.constant(value)
    assert type(s) is StringTensor
    assert s.dtype == tf.string and s.dtype is tf.string
    assert s.shape == tf.TensorShape([]) and isinstance(s.shape, tf.TensorShape)
    assert s.ndim == 0
    assert s.numpy() == expected and type(s.numpy()) is bytes


@pytest.mark.parametrize(
    "value",
    [
        ["a", b"bb"],
        np.array(["a", "bb"]),
        np.array([b"a", b"bb"]),
        np.array(["a", b"bb"], dtype=object),
        ("a", "bb"),
        [np.str_("a"), np.bytes_(b"bb")],
    ],
)
def test_vector_constant(value):
    s = tf.constant(value)
    assert s.shape == (2,)
    out = s.numpy()
    assert out.dtype == object and out.tolist() == [b"a", b"bb"]
    assert all(type(v) is bytes for v in out)


def test_nested_lists_and_trailing_nul_bytes():
    s = tf.convert_to_tensor([["a", "b\x00"], [b"c", b"\x00"]])
    assert s.shape == (2, 2)
    # An object array keeps the NUL bytes a fixed-width 'S' array would drop.
    assert s.numpy().tolist() == [[b"a", b"b\x00"], [b"c", b"\x00"]]


def test_constant_and_numpy_copy():
    source = np.array(["a", "b"], dtype=object)
    s = tf.constant(source)
    source[0] = "z"
    assert s.numpy().tolist() == [b"a", b"b"]
    values = s.numpy()
    values[0] = b"x"
    assert s.numpy().tolist() == [b"a", b"b"]
    with pytest.raises(ValueError, match="read-only"):
        np.asarray(s)[0] = b"x"  # the tensor's own values are immutable
    # Conversion leaves the caller's array as it was (writable, and not shared).
    source = np.array([b"a", b"b"], dtype=object)
    t = tf.convert_to_tensor(source)
    source[0] = b"z"
    assert source.flags.writeable and t.numpy().tolist() == [b"a", b"b"]


def test_constant_with_shape():
    np.testing.assert_array_equal(tf.constant("a", shape=[2, 2]).numpy(), [[b"a"] * 2] * 2)
    assert tf.constant(["a", "b", "c", "d"], shape=(2, 2)).shape == (2, 2)
    with pytest.raises(TypeError, match="expected 6 values for shape"):
        tf.constant(["a", "b"], shape=[2, 3])


def test_dtype_and_as_dtype():
    assert tf.string.name == "string"
    assert str(tf.string) == "<dtype: 'string'>"
    assert tf.string.as_numpy_dtype is np.object_
    assert tf.string.as_datatype_enum == 7  # DT_STRING in types.proto
    for value in ("string", np.object_, np.bytes_, np.str_, np.dtype("S3"), np.dtype("<U2")):
        assert tf.as_dtype(value) is tf.string
    assert tf.string == "string" and tf.string != tf.float32
    assert not (tf.string.is_floating or tf.string.is_integer or tf.string.is_bool)
    with pytest.raises(TypeError, match="Cannot find minimum value"):
        _ = tf.string.min
    assert pickle.loads(pickle.dumps(tf.string)) is tf.string


def test_printed_forms():
    assert str(tf.constant("hello")) == "nnext.Tensor(b'hello', shape=(), dtype=string)"
    assert repr(tf.constant("hello")) == ("<nnext.Tensor: shape=(), dtype=string, numpy=b'hello'>")
    assert str(tf.constant(["a", "bb"])) == ("nnext.Tensor([b'a' b'bb'], shape=(2,), dtype=string)")
    assert repr(tf.constant(["a", "bb"])) == (
        "<nnext.Tensor: shape=(2,), dtype=string, numpy=array([b'a', b'bb'], dtype=object)>"
    )
    # Several lines start on a line of their own, as TensorFlow's numpy_text.
    assert str(tf.constant([["a"], ["b"]])) == (
        "nnext.Tensor(\n[[b'a']\n [b'b']], shape=(2, 1), dtype=string)"
    )


def test_isinstance_and_is_tensor():
    s = tf.constant("a")
    # Documented choice (string_tensor.py): not an instance of the core's numeric Tensor.
    assert not isinstance(s, tf.Tensor)
    assert tf.is_tensor(s) and tf.is_tensor(tf.constant(1.0))
    assert not tf.is_tensor("a")


def test_numeric_path_is_unchanged():
    t = tf.constant([1.0, 2.0])
    assert type(t) is _core.Tensor and t.dtype == tf.float32
    assert type(tf.convert_to_tensor(np.arange(3))) is _core.Tensor
    with pytest.raises(errors.InvalidArgumentError, match="convert_to_tensor: cannot convert"):
        tf.constant({"a": 1})


def test_conversion_errors():
    with pytest.raises(TypeError, match=r"Cannot convert 'a' to EagerTensor of dtype int32"):
        tf.constant("a", dtype=tf.int32)
    with pytest.raises(TypeError, match=r"Cannot convert 1 to EagerTensor of dtype string"):
        tf.constant(1, dtype=tf.string)
    with pytest.raises(TypeError, match="Failed to convert elements of"):
        tf.constant(["a", 1])
    with pytest.raises(ValueError, match="non-rectangular"):
        tf.constant([["a"], ["b", "c"]])
    assert tf.constant([], dtype=tf.string).shape == (0,)
    assert tf.constant(["a"], dtype="string").dtype is tf.string


def test_indexing_and_slicing():
    s = tf.constant([["a", "b", "c"], ["d", "e", "f"]])
    values = s.numpy()
    assert s[1, 2].numpy() == b"f" and s[1, 2].shape == ()
    for key in (0, slice(None, None, -1), (slice(None), 1), (Ellipsis, slice(0, 2)), -1):
        np.testing.assert_array_equal(s[key].numpy(), values[key])
    np.testing.assert_array_equal(s[tf.constant(1)].numpy(), values[1])
    with pytest.raises(errors.InvalidArgumentError, match="strided_slice"):
        s[5]


def test_len_iter_bool_hash():
    s = tf.constant(["a", "b"])
    assert len(s) == 2
    assert [x.numpy() for x in s] == [b"a", b"b"]
    with pytest.raises(TypeError, match="len"):
        len(tf.constant("a"))
    with pytest.raises(TypeError, match="unhashable"):
        hash(s)
    assert bool(tf.constant("a")) and not bool(tf.constant(""))
    with pytest.raises(ValueError, match="ambiguous"):
        bool(s)


def test_equality_is_elementwise():
    s = tf.constant(["a", "b", "c"])
    eq = s == "b"
    assert type(eq) is _core.Tensor and eq.dtype == tf.bool
    np.testing.assert_array_equal(eq.numpy(), [False, True, False])
    np.testing.assert_array_equal((s != ["a", "x", "c"]).numpy(), [False, True, False])
    np.testing.assert_array_equal(
        (s == tf.constant([[b"a"], [b"c"]])).numpy(),
        [[True, False, False], [False, False, True]],
    )
    # Shapes that do not broadcast compare unequal, as TensorFlow's
    # incompatible_shape_error=False.
    assert (s == ["a", "b"]).numpy().item() is False
    assert (s != ["a", "b"]).numpy().item() is True
    assert (s == None) is False and (s != None) is True
    with pytest.raises(TypeError, match="Cannot convert 1 to EagerTensor of dtype string"):
        _ = s == 1
    # NumPy arrays on the left defer to the tensor.
    np.testing.assert_array_equal(np.array(["a", "q", "c"]) == s, [True, False, True])


def test_reshape_and_expand_dims():
    s = tf.constant(["a", "b", "c", "d", "e", "f"])
    values = s.numpy()
    np.testing.assert_array_equal(tf.reshape(s, [2, -1]).numpy(), values.reshape(2, 3))
    np.testing.assert_array_equal(tf.reshape(["a", "b"], (2, 1)).numpy(), [[b"a"], [b"b"]])
    assert tf.reshape(s, tf.constant([3, 2])).shape == (3, 2)
    with pytest.raises(errors.InvalidArgumentError, match="reshape: cannot reshape"):
        tf.reshape(s, [4])
    assert tf.expand_dims(s, -1).shape == (6, 1)
    assert tf.expand_dims(tf.constant("a"), 0).numpy().tolist() == [b"a"]
    with pytest.raises(errors.InvalidArgumentError, match="expand_dims: axis 3"):
        tf.expand_dims(s, 3)
    # Numbers still take the core's path and errors.
    with pytest.raises(errors.InvalidArgumentError, match="reshape: cannot reshape"):
        tf.reshape([1, 2], [3])


def test_concat_stack_gather():
    a, b = tf.constant([["a", "b"]]), tf.constant([["c", "d"], ["e", "f"]])
    np.testing.assert_array_equal(
        tf.concat([a, b], 0).numpy(), np.concatenate([a.numpy(), b.numpy()])
    )
    # A nested list of strings converts on the way in.
    np.testing.assert_array_equal(
        tf.concat([a, [["x", "y"]]], 0).numpy(), np.array([[b"a", b"b"], [b"x", b"y"]], object)
    )
    with pytest.raises(errors.InvalidArgumentError, match="concat: shapes"):
        tf.concat([a, tf.constant(["z"])], 0)
    with pytest.raises(TypeError, match="has DataType int32 not in list of allowed values: string"):
        tf.concat([a, tf.constant([[1, 2]])], 0)
    np.testing.assert_array_equal(
        tf.stack([a, a], axis=1).numpy(), np.stack([a.numpy(), a.numpy()], axis=1)
    )
    with pytest.raises(errors.InvalidArgumentError, match="stack: shapes"):
        tf.stack([a, b])
    np.testing.assert_array_equal(tf.gather(b, [1, 0, 1]).numpy(), b.numpy()[[1, 0, 1]])
    np.testing.assert_array_equal(
        tf.gather(b, [[1], [0]], axis=1).numpy(), b.numpy()[:, [[1], [0]]]
    )
    np.testing.assert_array_equal(
        tf.gather(b, [[1], [0]], axis=1, batch_dims=1).numpy(), [[b"d"], [b"e"]]
    )
    with pytest.raises(errors.InvalidArgumentError, match=r"gather: indices\[0\] = 5"):
        tf.gather(b, [5])


def test_shape_size_rank_identity():
    s = tf.constant([["a", "b", "c"], ["d", "e", "f"]])
    np.testing.assert_array_equal(tf.shape(s).numpy(), [2, 3])
    assert tf.size(s).numpy() == 6 and tf.rank(s).numpy() == 2
    assert tf.shape(["a"]).numpy().tolist() == [1]
    i = tf.identity(s)
    assert type(i) is StringTensor and i is not s
    np.testing.assert_array_equal(i.numpy(), s.numpy())


def test_numpy_interop_and_pickle():
    s = tf.constant(["a", "b"])
    assert np.asarray(s).dtype == object
    assert np.asarray(s, dtype="S1").tolist() == [b"a", b"b"]
    restored = pickle.loads(pickle.dumps(s))
    assert type(restored) is StringTensor and restored.numpy().tolist() == [b"a", b"b"]
