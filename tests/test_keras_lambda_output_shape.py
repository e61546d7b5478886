"""`Lambda(output_shape=...)`: a given shape leaves out the batch axis, and every output
(one shape or a structure of them) gets the batch size of the first input, also when the
layer is called on a list of tensors (the Siamese example's distance layer); compared with
real Keras 3."""

import pytest
from keras_reference import keras_numpy

from nnext import keras


def shape_of(k, case):
    a, b = k.Input((3,)), k.Input((3,), batch_size=4)
    pair = k.layers.Lambda(lambda t: k.ops.sum(t[0] - t[1], axis=1, keepdims=True), (1,))
    if case == "pair":
        return tuple(pair([a, b]).shape)
    if case == "two":
        two = k.layers.Lambda(lambda t: [t, t[:, :2]], output_shape=[(3,), (2,)])
        return [tuple(x.shape) for x in two(a)]
    if case == "batched_first":
        first = k.layers.Lambda(lambda t: t[0][:, :1], output_shape=(1,))
        return tuple(first([b, a]).shape)
    if case == "eager":
        return tuple(pair.compute_output_shape([(5, 3), (5, 3)]))
    return tuple(k.layers.Lambda(lambda t: t, (2, 1)).compute_output_shape((7, 2)))


@pytest.mark.parametrize("case", ["pair", "two", "batched_first", "eager", "single"])
def test_given_output_shapes_gain_the_batch_axis_as_keras(case):
    assert shape_of(keras, case) == shape_of(keras_numpy(), case)
