"""Automatic layer names after an attention layer: Keras's MultiHeadAttention and
GroupQueryAttention build a Softmax and a Dropout sublayer, which take the names
'softmax' and 'dropout', so a program's next Dropout is 'dropout_1' (the Transformer
timeseries example's summary shows it); compared with real Keras 3."""

import pytest
from keras_reference import keras_numpy

from nnext import keras


def layer_names(k, attention):
    k.backend.clear_session()
    inputs = k.Input((6, 4))
    if attention == "mha":
        x = k.layers.MultiHeadAttention(num_heads=2, key_dim=3, dropout=0.1)(inputs, inputs)
    else:
        x = k.layers.GroupQueryAttention(
            head_dim=3, num_query_heads=2, num_key_value_heads=1, dropout=0.1
        )(inputs, inputs)
    x = k.layers.Dropout(0.2)(x)
    x = k.layers.Softmax()(x)
    x = k.layers.MultiHeadAttention(num_heads=1, key_dim=2)(x, x)
    x = k.layers.Dropout(0.2)(x)
    return [layer.name for layer in k.Model(inputs, x).layers]


@pytest.mark.parametrize("attention", ["mha", "gqa"])
def test_names_after_attention_layers_are_keras_names(attention):
    ours = layer_names(keras, attention)
    assert ours == layer_names(keras_numpy(), attention)
    assert ours[2:4] == ["dropout_1", "softmax_1"]
