"""Keras example "DCGAN to generate face images" (keras.io/examples/generative/
dcgan_overriding_train_step): images read with `keras.utils.image_dataset_from_directory`
(`label_mode=None`) and rescaled with `Dataset.map`, a Conv2D discriminator and a
Conv2DTranspose generator, a `keras.Model` subclass whose `compile` takes two optimizers and
a loss and whose `train_step` trains both networks under `tf.GradientTape`s with
`keras.random.normal` latents drawn from a `SeedGenerator`, and a callback saving generated
images with `keras.utils.array_to_img`; trained with `fit`.

Changed from the example: the imports; the data (no network here): 128 face-like 32x32 PNG
images drawn with NumPy (a skin-toned oval with two eyes and a mouth on a coloured
background) written to a temporary `celeba_gan` folder, in place of the CelebA download, and
the images are 32x32 instead of 64x64; so the generator starts from a 4x4 map (`Dense(4 * 4
* 128)`) and its Conv2DTranspose layers have 32, 64 and 128 filters instead of 128, 256 and
512, so the program runs in seconds; 2 epochs instead of 1 (the example suggests ~100); the
matplotlib display becomes assertions.
"""

import glob
import os
import tempfile

import numpy as np
from PIL import Image

import nnext as tf
from nnext import keras
from nnext.keras import layers, ops

workdir = tempfile.TemporaryDirectory()
os.chdir(workdir.name)

# Prepare the data (local stand-in for CelebA)
os.makedirs("celeba_gan/img_align_celeba")
rng = np.random.default_rng(0)
rows, cols = np.mgrid[0:32, 0:32]
for index in range(128):
    background = rng.uniform(0, 255, size=3)
    image = np.broadcast_to(background, (32, 32, 3)).copy()
    cy, cx = 16 + rng.integers(-2, 3), 16 + rng.integers(-2, 3)
    face = ((rows - cy) / 11.0) ** 2 + ((cols - cx) / 8.5) ** 2 <= 1.0
    image[face] = np.array([224.0, 172.0, 140.0]) * rng.uniform(0.7, 1.1)
    for ex in (cx - 4, cx + 4):
        image[(rows - (cy - 3)) ** 2 + (cols - ex) ** 2 <= 2] = (40, 30, 30)
    image[(rows == cy + 5) & (np.abs(cols - cx) <= 3)] = (150, 40, 50)
    Image.fromarray(image.clip(0, 255).astype("uint8")).save(
        "celeba_gan/img_align_celeba/%06d.png" % index
    )

# Create a dataset from our folder, and rescale the images to the [0-1] range:
dataset = keras.utils.image_dataset_from_directory(
    "celeba_gan", label_mode=None, image_size=(32, 32), batch_size=32
)
dataset = dataset.map(lambda x: x / 255.0)

# Let's look at a sample image:
for x in dataset:
    sample = (x.numpy() * 255).astype("int32")[0]
    break
assert sample.shape == (32, 32, 3) and 0 <= sample.min() and sample.max() <= 255

# Create the discriminator: it maps a 32x32 image to a binary classification score.
discriminator = keras.Sequential(
    [
        keras.Input(shape=(32, 32, 3)),
        layers.Conv2D(64, kernel_size=4, strides=2, padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2D(128, kernel_size=4, strides=2, padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2D(128, kernel_size=4, strides=2, padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Flatten(),
        layers.Dropout(0.2),
        layers.Dense(1, activation="sigmoid"),
    ],
    name="discriminator",
)
discriminator.summary()

# Create the generator: it mirrors the discriminator, replacing `Conv2D` layers with
# `Conv2DTranspose` layers.
latent_dim = 128

generator = keras.Sequential(
    [
        keras.Input(shape=(latent_dim,)),
        layers.Dense(4 * 4 * 128),
        layers.Reshape((4, 4, 128)),
        layers.Conv2DTranspose(32, kernel_size=4, strides=2, padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2DTranspose(64, kernel_size=4, strides=2, padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2DTranspose(128, kernel_size=4, strides=2, padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2D(3, kernel_size=5, padding="same", activation="sigmoid"),
    ],
    name="generator",
)
generator.summary()

# What the summaries show: the layer shapes and parameter counts (the example's
# discriminator convolutions, 3,136 + 131,200 + 262,272, are unchanged).
assert [tuple(layer.output.shape) for layer in discriminator.layers[::2]] == [
    (None, 16, 16, 64),
    (None, 8, 8, 128),
    (None, 4, 4, 128),
    (None, 2048),
    (None, 1),
]
assert discriminator.count_params() == 3136 + 131200 + 262272 + 2049
assert tuple(generator.output.shape) == (None, 32, 32, 3)
assert generator.count_params() == 264192 + 65568 + 32832 + 131200 + 9603


# Override `train_step`
class GAN(keras.Model):
    def __init__(self, discriminator, generator, latent_dim):
        super().__init__()
        self.discriminator = discriminator
        self.generator = generator
        self.latent_dim = latent_dim
        self.seed_generator = keras.random.SeedGenerator(1337)

    def compile(self, d_optimizer, g_optimizer, loss_fn):
        super().compile()
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer
        self.loss_fn = loss_fn
        self.d_loss_metric = keras.metrics.Mean(name="d_loss")
        self.g_loss_metric = keras.metrics.Mean(name="g_loss")

    @property
    def metrics(self):
        return [self.d_loss_metric, self.g_loss_metric]

    def train_step(self, real_images):
        # Sample random points in the latent space
        batch_size = ops.shape(real_images)[0]
        random_latent_vectors = keras.random.normal(
            shape=(batch_size, self.latent_dim), seed=self.seed_generator
        )

        # Decode them to fake images
        generated_images = self.generator(random_latent_vectors)

        # Combine them with real images
        combined_images = ops.concatenate([generated_images, real_images], axis=0)

        # Assemble labels discriminating real from fake images
        labels = ops.concatenate([ops.ones((batch_size, 1)), ops.zeros((batch_size, 1))], axis=0)
        # Add random noise to the labels - important trick!
        labels += 0.05 * tf.random.uniform(tf.shape(labels))

        # Train the discriminator
        with tf.GradientTape() as tape:
            predictions = self.discriminator(combined_images)
            d_loss = self.loss_fn(labels, predictions)
        grads = tape.gradient(d_loss, self.discriminator.trainable_weights)
        self.d_optimizer.apply_gradients(zip(grads, self.discriminator.trainable_weights))

        # Sample random points in the latent space
        random_latent_vectors = keras.random.normal(
            shape=(batch_size, self.latent_dim), seed=self.seed_generator
        )

        # Assemble labels that say "all real images"
        misleading_labels = ops.zeros((batch_size, 1))

        # Train the generator (note that we should *not* update the weights
        # of the discriminator)!
        with tf.GradientTape() as tape:
            predictions = self.discriminator(self.generator(random_latent_vectors))
            g_loss = self.loss_fn(misleading_labels, predictions)
        grads = tape.gradient(g_loss, self.generator.trainable_weights)
        self.g_optimizer.apply_gradients(zip(grads, self.generator.trainable_weights))

        # Update metrics
        self.d_loss_metric.update_state(d_loss)
        self.g_loss_metric.update_state(g_loss)
        return {
            "d_loss": self.d_loss_metric.result(),
            "g_loss": self.g_loss_metric.result(),
        }


# Create a callback that periodically saves generated images
class GANMonitor(keras.callbacks.Callback):
    def __init__(self, num_img=3, latent_dim=128):
        self.num_img = num_img
        self.latent_dim = latent_dim
        self.seed_generator = keras.random.SeedGenerator(42)

    def on_epoch_end(self, epoch, logs=None):
        random_latent_vectors = keras.random.normal(
            shape=(self.num_img, self.latent_dim), seed=self.seed_generator
        )
        generated_images = self.model.generator(random_latent_vectors)
        generated_images *= 255
        generated_images.numpy()
        for i in range(self.num_img):
            img = keras.utils.array_to_img(generated_images[i])
            img.save("generated_img_%03d_%d.png" % (epoch, i))


# Train the end-to-end model
epochs = 2  # In practice, use ~100 epochs

gan = GAN(discriminator=discriminator, generator=generator, latent_dim=latent_dim)
gan.compile(
    d_optimizer=keras.optimizers.Adam(learning_rate=0.0001),
    g_optimizer=keras.optimizers.Adam(learning_rate=0.0001),
    loss_fn=keras.losses.BinaryCrossentropy(),
)

d_before = [w.numpy().copy() for w in discriminator.trainable_weights]
g_before = [w.numpy().copy() for w in generator.trainable_weights]
history = gan.fit(dataset, epochs=epochs, callbacks=[GANMonitor(num_img=10, latent_dim=latent_dim)])

# What the example shows: both losses are logged each epoch, both networks are trained
# once per batch by their own optimizer, and the callback saves the generated images.
print(history.history)
assert sorted(history.history) == ["d_loss", "g_loss"], history.history
assert all(len(v) == epochs and np.all(np.isfinite(v)) for v in history.history.values())
steps = 128 // 32
assert int(gan.d_optimizer.iterations.numpy()) == epochs * steps
assert int(gan.g_optimizer.iterations.numpy()) == epochs * steps
assert all(
    np.abs(w.numpy() - b).max() > 0 for w, b in zip(discriminator.trainable_weights, d_before)
)
assert all(np.abs(w.numpy() - b).max() > 0 for w, b in zip(generator.trainable_weights, g_before))
saved = sorted(glob.glob("generated_img_*.png"))
assert len(saved) == epochs * 10, saved
assert saved[0] == "generated_img_000_0.png" and saved[-1] == "generated_img_001_9.png"
with Image.open(saved[-1]) as img:
    assert img.size == (32, 32) and img.mode == "RGB"

os.chdir("/")
workdir.cleanup()
