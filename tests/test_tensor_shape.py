"""tf.TensorShape: Tensor.shape's type, its methods and printed forms, as TensorFlow's."""

import pickle

import numpy as np
import pytest

import nnext
from nnext.tensor_shape import TensorShape, as_shape


def test_tensor_shape_property_is_a_tensor_shape_and_a_tuple():
    t = nnext.zeros([2, 3])
    assert isinstance(t.shape, TensorShape) and isinstance(t.shape, tuple)
    assert t.shape == (2, 3) and t.shape == [2, 3] and t.shape == TensorShape([2, 3])
    assert t.shape != (3, 2) and t.shape != [2]
    assert t.shape.as_list() == [2, 3] and t.shape.rank == 2 and t.shape.ndims == 2
    assert t.shape.num_elements() == 6 and t.shape.is_fully_defined()
    rows, cols = t.shape
    assert (rows, cols) == (2, 3) and len(t.shape) == 2 and list(t.shape) == [2, 3]
    assert np.zeros(t.shape).shape == (2, 3)
    assert nnext.zeros(t.shape).shape == (2, 3)


def test_printed_forms():
    assert repr(nnext.zeros([2, 3]).shape) == "TensorShape([2, 3])"
    assert str(nnext.zeros([2, 3]).shape) == "(2, 3)"
    assert str(nnext.zeros([4]).shape) == "(4,)"
    assert repr(nnext.constant(1.0).shape) == "TensorShape([])"
    assert str(nnext.constant(1.0).shape) == "()"
    assert repr(TensorShape([None, 3])) == "TensorShape([None, 3])"
    assert str(TensorShape([None, 3])) == "(None, 3)"
    assert repr(TensorShape(None)) == "TensorShape(None)"
    assert str(TensorShape(None)) == "<unknown>"
    assert f"{nnext.zeros([1, 2]).shape}" == "(1, 2)"


def test_indexing_and_slicing():
    s = nnext.zeros([4, 5, 6]).shape
    assert s[0] == 4 and s[-1] == 6 and isinstance(s[1], int)
    assert isinstance(s[1:], TensorShape) and s[1:] == (5, 6) and repr(s[:1]) == "TensorShape([4])"
    assert TensorShape(None)[3] is None and TensorShape(None)[1:].rank is None
    with pytest.raises(IndexError):
        s[3]


def test_unknown_dimensions_and_rank():
    partial = TensorShape([None, 3])
    assert partial.as_list() == [None, 3] and partial.num_elements() is None
    assert not partial.is_fully_defined()
    unknown = TensorShape(None)
    assert unknown.rank is None and unknown.ndims is None and unknown.dims is None
    assert unknown.num_elements() is None and not unknown.is_fully_defined()
    with pytest.raises(ValueError, match=r"as_list\(\) is not defined on an unknown TensorShape"):
        unknown.as_list()
    with pytest.raises(ValueError, match="Cannot take the length of shape with unknown rank"):
        len(unknown)
    with pytest.raises(ValueError, match="Cannot iterate over a shape with unknown rank"):
        list(unknown)
    assert unknown == TensorShape(None) and unknown != TensorShape([])
    # TensorFlow: a shape is truthy when its rank is known, a scalar's included.
    assert bool(TensorShape([])) and not bool(unknown)


def test_compatibility_merge_and_concatenate():
    a, b = TensorShape([None, 3]), TensorShape([2, None])
    assert a.is_compatible_with(b) and a.is_compatible_with(TensorShape(None))
    assert not a.is_compatible_with([2, 4]) and not a.is_compatible_with([2, 3, 1])
    assert a.merge_with(b) == (2, 3) and repr(a.merge_with(b)) == "TensorShape([2, 3])"
    assert TensorShape(None).merge_with([1, 2]) == (1, 2)
    with pytest.raises(ValueError, match=r"Shapes \(None, 3\) and \(2, 4\) are not compatible"):
        a.merge_with([2, 4])
    with pytest.raises(ValueError, match="are incompatible"):
        a.assert_is_compatible_with([1])
    assert a.most_specific_compatible_shape([5, 3]) == (None, 3)
    assert a.most_specific_compatible_shape([5]).rank is None
    assert a.concatenate([4]) == (None, 3, 4) and (a + [7]).as_list() == [None, 3, 7]
    assert ([1] + TensorShape([2])) == (1, 2) and ((1,) + TensorShape([2])) == (1, 2)
    assert a.concatenate(TensorShape(None)).rank is None
    assert TensorShape([2, 3]).with_rank(2) == (2, 3)
    assert TensorShape(None).with_rank(2) == (None, None)
    with pytest.raises(ValueError, match=r"Shape \(2, 3\) must have rank 3"):
        TensorShape([2, 3]).with_rank(3)
    with pytest.raises(ValueError, match="must have rank at least 3"):
        TensorShape([2, 3]).with_rank_at_least(3)
    with pytest.raises(ValueError, match="must have rank at most 1"):
        TensorShape([2, 3]).with_rank_at_most(1)


def test_constructor_checks_and_conversions():
    assert TensorShape(3) == (3,)  # TensorFlow's deprecated single-int form
    assert TensorShape(np.array([2, 3])) == (2, 3)
    assert as_shape([1, 2]) == (1, 2)
    s = TensorShape([1])
    assert as_shape(s) is s
    with pytest.raises(ValueError, match="Dimension -1 must be >= 0"):
        TensorShape([-1])
    with pytest.raises(TypeError, match="Dimension value must be integer or None"):
        TensorShape([1.5])
    with pytest.raises(TypeError):
        TensorShape("ab")


def test_hash_and_pickle():
    assert hash(TensorShape([2, 3])) == hash((2, 3))
    assert {nnext.zeros([2]).shape: 1}[(2,)] == 1
    for s in (TensorShape([None, 3]), TensorShape(None), nnext.zeros([4, 1]).shape):
        back = pickle.loads(pickle.dumps(s))
        assert back == s and type(back) is TensorShape and repr(back) == repr(s)


def test_scalar_format():
    loss = nnext.constant(0.123456)
    assert f"{loss:0.4f}" == "0.1235" and format(loss, ".2e") == "1.23e-01"
    assert f"{nnext.constant(7):d}" == "7"
    assert format(nnext.constant([1.0, 2.0])) == str(nnext.constant([1.0, 2.0]))
    with pytest.raises(TypeError):
        format(nnext.constant([1.0, 2.0]), ".2f")


def test_tensor_device():
    assert nnext.ones([2]).device == "/job:localhost/replica:0/task:0/device:CPU:0"
    assert nnext.Variable(1.0).device == "/job:localhost/replica:0/task:0/device:CPU:0"
