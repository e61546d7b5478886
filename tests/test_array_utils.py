"""is_tensor, shape_n, ensure_shape, broadcast shapes, realdiv, unravel_index,
reverse_sequence and the fixed-width histograms against NumPy."""

import numpy as np
import pytest

import nnext
from nnext import array_utils as au
from nnext.tensor_shape import TensorShape


def test_shape_helpers():
    assert au.is_tensor(nnext.ones([1])) and au.is_tensor(nnext.Variable(1.0))
    assert not au.is_tensor(np.ones(1))
    assert [s.numpy().tolist() for s in au.shape_n([nnext.ones([2, 3]), [1, 2]])] == [[2, 3], [2]]
    x = nnext.ones([2, 3])
    assert au.ensure_shape(x, [None, 3]) is x
    with pytest.raises(ValueError, match=r"Shape of tensor \(2, 3\) is not compatible"):
        au.ensure_shape(x, [2, 4])
    assert au.broadcast_static_shape(TensorShape([3, 1]), [1, 4]) == (3, 4)
    assert au.broadcast_static_shape([None, 1], [5]) == [None, 5]
    with pytest.raises(ValueError, match="Incompatible shapes for broadcasting"):
        au.broadcast_static_shape([2], [3])
    assert au.broadcast_dynamic_shape([2, 1], [4]).numpy().tolist() == [2, 4]
    assert au.realdiv(nnext.constant([3.0]), 2.0).numpy().tolist() == [1.5]


def test_unravel_index():
    idx = np.array([0, 5, 11, 7])
    got = au.unravel_index(idx, [3, 4]).numpy()
    np.testing.assert_array_equal(got, np.stack(np.unravel_index(idx, (3, 4))))
    with pytest.raises(ValueError, match="index out of range"):
        au.unravel_index([12], [3, 4])


def test_reverse_sequence():
    x = np.arange(20).reshape(4, 5)
    lengths = [2, 0, 5, 3]
    want = x.copy()
    for b, n in enumerate(lengths):
        want[b, :n] = x[b, :n][::-1]
    np.testing.assert_array_equal(au.reverse_sequence(x, lengths, seq_axis=1).numpy(), want)
    np.testing.assert_array_equal(
        au.reverse_sequence(x.T, lengths, seq_axis=0, batch_axis=1).numpy(), want.T
    )


def test_histograms():
    values = np.array([-1.0, 0.0, 1.5, 2.0, 5.0, 15.0])
    bins = au.histogram_fixed_width_bins(values, [0.0, 5.0], nbins=5).numpy()
    assert bins.tolist() == [0, 0, 1, 2, 4, 4]
    counts = au.histogram_fixed_width(values, [0.0, 5.0], nbins=5).numpy()
    assert counts.tolist() == [2, 1, 1, 0, 2]
    with pytest.raises(ValueError, match="value_range"):
        au.histogram_fixed_width(values, [1.0, 1.0])
