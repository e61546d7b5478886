"""Keras guide "Understanding masking & padding" (keras.io/guides/understanding_masking_and_padding):
pad_sequences, the masks that Embedding(mask_zero=True) and Masking attach to their outputs,
mask propagation through Sequential and Functional models into an LSTM, passing
compute_mask()'s result to a layer by hand, custom layers that modify (TemporalSplit),
generate (CustomEmbedding), propagate (MyActivation) and consume (TemporalSoftmax) masks.

Changed from the guide: the imports only (the guide has no downloads); the assertions check
what its printed results show.
"""

import numpy as np

from nnext import keras
from nnext.keras import layers, ops

# Padding sequence data
raw_inputs = [
    [711, 632, 71],
    [73, 8, 3215, 55, 927],
    [83, 91, 1, 645, 1253, 927],
]

# By default, this will pad using 0s; it is configurable via the
# "value" parameter.
# Note that you could use "pre" padding (at the beginning) or
# "post" padding (at the end).
# We recommend using "post" padding when working with RNN layers
# (in order to be able to use the
# CuDNN implementation of the layers).
padded_inputs = keras.utils.pad_sequences(raw_inputs, padding="post")
print(padded_inputs)
np.testing.assert_array_equal(
    padded_inputs,
    [[711, 632, 71, 0, 0, 0], [73, 8, 3215, 55, 927, 0], [83, 91, 1, 645, 1253, 927]],
)
assert padded_inputs.dtype == np.int32

# Mask-generating layers: Embedding and Masking
expected_mask = np.array(
    [
        [True, True, True, False, False, False],
        [True, True, True, True, True, False],
        [True, True, True, True, True, True],
    ]
)

embedding = layers.Embedding(input_dim=5000, output_dim=16, mask_zero=True)
masked_output = embedding(padded_inputs)

print(masked_output._keras_mask)
assert tuple(masked_output.shape) == (3, 6, 16)
np.testing.assert_array_equal(np.asarray(masked_output._keras_mask), expected_mask)

masking_layer = layers.Masking()
# Simulate the embedding lookup by expanding the 2D input to 3D,
# with embedding dimension of 10.
unmasked_embedding = ops.cast(
    ops.tile(ops.expand_dims(padded_inputs, axis=-1), [1, 1, 10]),
    dtype="float32",
)

masked_embedding = masking_layer(unmasked_embedding)
print(masked_embedding._keras_mask)
assert tuple(masked_embedding.shape) == (3, 6, 10)
np.testing.assert_array_equal(np.asarray(masked_embedding._keras_mask), expected_mask)

# Mask propagation in the Functional API and Sequential API
model = keras.Sequential(
    [
        layers.Embedding(input_dim=5000, output_dim=16, mask_zero=True),
        layers.LSTM(32),
    ]
)
# The LSTM skips the padded steps: a padded sequence gives the LSTM's output on the unpadded one.
seq_out = np.asarray(model(padded_inputs))
assert seq_out.shape == (3, 32)
np.testing.assert_allclose(seq_out[0], np.asarray(model(padded_inputs[:1, :3]))[0], atol=1e-5)

inputs = keras.Input(shape=(None,), dtype="int32")
x = layers.Embedding(input_dim=5000, output_dim=16, mask_zero=True)(inputs)
outputs = layers.LSTM(32)(x)

model = keras.Model(inputs, outputs)
func_out = np.asarray(model(padded_inputs))
assert func_out.shape == (3, 32)
np.testing.assert_allclose(func_out[1], np.asarray(model(padded_inputs[1:2, :5]))[0], atol=1e-5)


# Passing mask tensors directly to layers
class MyLayer(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.embedding = layers.Embedding(input_dim=5000, output_dim=16, mask_zero=True)
        self.lstm = layers.LSTM(32)

    def call(self, inputs):
        x = self.embedding(inputs)
        # Note that you could also prepare a `mask` tensor manually.
        # It only needs to be a boolean tensor
        # with the right shape, i.e. (batch_size, timesteps).
        mask = self.embedding.compute_mask(inputs)
        output = self.lstm(x, mask=mask)  # The layer will ignore the masked values
        return output


layer = MyLayer()
x = np.random.random((32, 10)) * 100
x = x.astype("int32")
out = layer(x)
assert tuple(out.shape) == (32, 32)
# With the mask passed by hand, a sample padded with zeros gives its unpadded output.
x_padded = np.array([[5, 17, 9, 0, 0, 0, 0, 0, 0, 0]], dtype="int32")
np.testing.assert_allclose(
    np.asarray(layer(x_padded)), np.asarray(layer(x_padded[:, :3])), atol=1e-5
)


# Supporting masking in your custom layers
class TemporalSplit(keras.layers.Layer):
    """Split the input tensor into 2 tensors along the time dimension."""

    def call(self, inputs):
        # Expect the input to be 3D and mask to be 2D, split the input tensor into 2
        # subtensors along the time axis (axis 1).
        return ops.split(inputs, 2, axis=1)

    def compute_mask(self, inputs, mask=None):
        # Also split the mask into 2 if it presents.
        if mask is None:
            return None
        return ops.split(mask, 2, axis=1)


first_half, second_half = TemporalSplit()(masked_embedding)
print(first_half._keras_mask)
print(second_half._keras_mask)
assert tuple(first_half.shape) == (3, 3, 10) and tuple(second_half.shape) == (3, 3, 10)
np.testing.assert_array_equal(np.asarray(first_half._keras_mask), expected_mask[:, :3])
np.testing.assert_array_equal(np.asarray(second_half._keras_mask), expected_mask[:, 3:])


class CustomEmbedding(keras.layers.Layer):
    def __init__(self, input_dim, output_dim, mask_zero=False, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.mask_zero = mask_zero

    def build(self, input_shape):
        self.embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim),
            initializer="random_normal",
            dtype="float32",
        )

    def call(self, inputs):
        inputs = ops.cast(inputs, "int32")
        return ops.take(self.embeddings, inputs)

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return ops.not_equal(inputs, 0)


layer = CustomEmbedding(10, 32, mask_zero=True)
x = np.random.random((3, 10)) * 9
x = x.astype("int32")

y = layer(x)
mask = layer.compute_mask(x)

print(mask)
# ops.take with no axis indexes the flattened table (as NumPy's take does): one number per id.
assert tuple(y.shape) == (3, 10)
np.testing.assert_array_equal(np.asarray(mask), x != 0)
# __call__ attaches the mask that compute_mask returns.
np.testing.assert_array_equal(np.asarray(y._keras_mask), x != 0)


# Opting-in to mask propagation on compatible layers
class MyActivation(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Signal that the layer is safe for mask propagation
        self.supports_masking = True

    def call(self, inputs):
        return ops.relu(inputs)


inputs = keras.Input(shape=(None,), dtype="int32")
x = layers.Embedding(input_dim=5000, output_dim=16, mask_zero=True)(inputs)
x = MyActivation()(x)  # Will pass the mask along
print("Mask found:", x._keras_mask)
assert x._keras_mask is not None and tuple(x._keras_mask.shape) == (None, None)
outputs = layers.LSTM(32)(x)  # Will receive the mask

model = keras.Model(inputs, outputs)
y = model(np.random.randint(0, 5000, size=(32, 100)))
assert tuple(y.shape) == (32, 32)


# Writing layers that need mask information
class TemporalSoftmax(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        assert mask is not None
        broadcast_float_mask = ops.expand_dims(ops.cast(mask, "float32"), -1)
        inputs_exp = ops.exp(inputs) * broadcast_float_mask
        inputs_sum = ops.sum(inputs_exp * broadcast_float_mask, axis=-1, keepdims=True)
        return inputs_exp / inputs_sum


inputs = keras.Input(shape=(None,), dtype="int32")
x = layers.Embedding(input_dim=10, output_dim=32, mask_zero=True)(inputs)
x = layers.Dense(1)(x)
outputs = TemporalSoftmax()(x)

model = keras.Model(inputs, outputs)
ids = np.random.randint(0, 10, size=(32, 100))
y = model(ids)
print(y.shape)
# The sum runs over the last axis (of size 1): each kept step is exp/exp = 1, and each
# masked step is 0/0 = nan, as in Keras.
y = np.asarray(y)
assert y.shape == (32, 100, 1)
np.testing.assert_allclose(y[ids != 0], 1.0, rtol=1e-6)
assert np.isnan(y[ids == 0]).all()
