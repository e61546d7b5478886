"""TensorFlow tutorial "Basic regression: Predict fuel efficiency": a pandas table split
into train and test, a Normalization layer adapted to the features, linear regression on
one feature and on all of them, a deep network, fit with validation_split, History as a
DataFrame, evaluate, predict, and saving and reloading the model.

Changed from the tutorial: the imports; the data (no network here): an Auto MPG-like table
of 398 cars made from a formula with noise, with the tutorial's columns, its missing
horsepowers and its Origin codes; plots go to a non-interactive matplotlib
backend; the model file goes to a temporary folder.
"""

import os
import tempfile

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import nnext as tf
from nnext import keras
from nnext.keras import layers

np.set_printoptions(precision=3, suppress=True)

rng = np.random.default_rng(0)
n = 398
cylinders = rng.choice([4, 6, 8], size=n, p=[0.5, 0.25, 0.25]).astype(float)
displacement = cylinders * 40 + rng.normal(0, 15, n)
horsepower = displacement * 0.45 + rng.normal(0, 8, n)
weight = 1500 + displacement * 7 + rng.normal(0, 150, n)
acceleration = 22 - horsepower / 20 + rng.normal(0, 1, n)
model_year = rng.integers(70, 83, n).astype(float)
origin = rng.choice([1, 2, 3], size=n).astype(float)
mpg = 40 - weight / 150 + (model_year - 70) * 0.7 + rng.normal(0, 2, n)
horsepower[rng.choice(n, 6, replace=False)] = np.nan
raw_dataset = pd.DataFrame({
    "MPG": mpg, "Cylinders": cylinders, "Displacement": displacement,
    "Horsepower": horsepower, "Weight": weight, "Acceleration": acceleration,
    "Model Year": model_year, "Origin": origin})

dataset = raw_dataset.copy()
print(dataset.tail())
print(dataset.isna().sum())
dataset = dataset.dropna()
dataset["Origin"] = dataset["Origin"].map({1: "USA", 2: "Europe", 3: "Japan"})
dataset = pd.get_dummies(dataset, columns=["Origin"], prefix="", prefix_sep="")
print(dataset.tail())

train_dataset = dataset.sample(frac=0.8, random_state=0)
test_dataset = dataset.drop(train_dataset.index)
print(train_dataset.describe().transpose())

train_features = train_dataset.copy()
test_features = test_dataset.copy()
train_labels = train_features.pop("MPG")
test_labels = test_features.pop("MPG")
print(train_dataset.describe().transpose()[["mean", "std"]])

normalizer = tf.keras.layers.Normalization(axis=-1)
normalizer.adapt(np.array(train_features))
print(normalizer.mean.numpy())
np.testing.assert_allclose(normalizer.mean.numpy()[0],
                           np.array(train_features, dtype="float64").mean(axis=0), rtol=1e-4)
first = np.array(train_features[:1])
with np.printoptions(precision=2, suppress=True):
    print("First example:", first)
    print()
    print("Normalized:", normalizer(first).numpy())

# Linear regression with one variable.
horsepower = np.array(train_features["Horsepower"])
horsepower_normalizer = layers.Normalization(input_shape=[1, ], axis=None)
horsepower_normalizer.adapt(horsepower)
horsepower_model = tf.keras.Sequential([
    horsepower_normalizer,
    layers.Dense(units=1)
])
horsepower_model.summary()
print(horsepower_model.predict(horsepower[:10]))
horsepower_model.compile(
    optimizer=tf.keras.optimizers.Adam(learning_rate=0.1),
    loss="mean_absolute_error")
history = horsepower_model.fit(
    train_features["Horsepower"],
    train_labels,
    epochs=100,
    verbose=0,
    validation_split=0.2)
hist = pd.DataFrame(history.history)
hist["epoch"] = history.epoch
print(hist.tail())
assert list(hist.columns) == ["loss", "val_loss", "epoch"]
assert hist["loss"].iloc[-1] < hist["loss"].iloc[0]


def plot_loss(history):
    plt.plot(history.history["loss"], label="loss")
    plt.plot(history.history["val_loss"], label="val_loss")
    plt.ylim([0, 10])
    plt.xlabel("Epoch")
    plt.ylabel("Error [MPG]")
    plt.legend()
    plt.grid(True)


plot_loss(history)
test_results = {}
test_results["horsepower_model"] = horsepower_model.evaluate(
    test_features["Horsepower"],
    test_labels, verbose=0)
x = tf.linspace(0.0, 250, 251)
y = horsepower_model.predict(x)
assert y.shape == (251, 1)

# Linear regression with multiple inputs.
linear_model = tf.keras.Sequential([
    normalizer,
    layers.Dense(units=1)
])
print(linear_model.predict(train_features[:10]))
print(linear_model.layers[1].kernel)
assert tuple(linear_model.layers[1].kernel.shape) == (9, 1)
linear_model.compile(
    optimizer=tf.keras.optimizers.Adam(learning_rate=0.1),
    loss="mean_absolute_error")
history = linear_model.fit(
    train_features,
    train_labels,
    epochs=100,
    verbose=0,
    validation_split=0.2)
plot_loss(history)
test_results["linear_model"] = linear_model.evaluate(
    test_features, test_labels, verbose=0)


def build_and_compile_model(norm):
    model = keras.Sequential([
        norm,
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(1)
    ])
    model.compile(loss="mean_absolute_error",
                  optimizer=tf.keras.optimizers.Adam(0.001))
    return model


dnn_model = build_and_compile_model(normalizer)
dnn_model.summary()
history = dnn_model.fit(
    train_features,
    train_labels,
    validation_split=0.2,
    verbose=0, epochs=100)
plot_loss(history)
test_results["dnn_model"] = dnn_model.evaluate(test_features, test_labels, verbose=0)
print(pd.DataFrame(test_results, index=["Mean absolute error [MPG]"]).T)
assert test_results["dnn_model"] < 3.0 and test_results["linear_model"] < 3.0
assert test_results["horsepower_model"] < 6.0

test_predictions = dnn_model.predict(test_features).flatten()
a = plt.axes(aspect="equal")
plt.scatter(test_labels, test_predictions)
plt.xlabel("True Values [MPG]")
plt.ylabel("Predictions [MPG]")
error = test_predictions - test_labels
plt.hist(error, bins=25)

path = os.path.join(tempfile.mkdtemp(), "dnn_model.keras")
dnn_model.save(path)
reloaded = tf.keras.models.load_model(path)
test_results["reloaded"] = reloaded.evaluate(test_features, test_labels, verbose=0)
print(pd.DataFrame(test_results, index=["Mean absolute error [MPG]"]).T)
np.testing.assert_allclose(test_results["reloaded"], test_results["dnn_model"], rtol=1e-6)
