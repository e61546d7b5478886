"""Keras example "Image classification with Vision Transformer"
(keras.io/examples/vision/image_classification_with_vision_transformer): a data-augmentation
Sequential (Normalization adapted to the training images, Resizing, RandomFlip,
RandomRotation, RandomZoom), a `Patches` layer built on `keras.ops.image.extract_patches`, a
`PatchEncoder` layer adding an Embedding of the patch positions to a Dense projection,
Transformer blocks of LayerNormalization, MultiHeadAttention, Add and a gelu MLP, a Flatten
and Dropout head with logits, trained with AdamW, sparse (top-5) categorical accuracy and a
best-only weights ModelCheckpoint that is loaded back before evaluating.

Changed from the example: the imports; the data (no network here): CIFAR-shaped images
(32x32x3 uint8, labels of shape (n, 1)) of 10 classes instead of CIFAR-100's 100, each class
a colour and a stripe direction under noise, 600 to train and 200 to test; the model shrunk
(images resized to 24 instead of 72, patches of 6, projection_dim 16, 2 heads, 2 Transformer
layers instead of 8, head units [64, 32] instead of [2048, 1024]) and 3 epochs instead of
10, so the program runs in seconds; the checkpoint goes to a temporary folder and the plots
to a non-interactive matplotlib backend.
"""

import os
import tempfile

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from nnext import keras
from nnext.keras import layers, ops

## Prepare the data

num_classes = 10
input_shape = (32, 32, 3)


def synthetic_cifar(n, rng):
    """CIFAR-shaped uint8 images whose class sets a tint and the direction of stripes."""
    y = rng.integers(0, num_classes, size=(n, 1))
    rows, cols = np.mgrid[0:32, 0:32]
    angle = (y[:, 0] % 5)[:, None, None] * np.pi / 5
    stripes = np.sin((rows * np.cos(angle) + cols * np.sin(angle)) * 0.8)
    tint = np.stack([(y[:, 0] >= 5), (y[:, 0] % 2 == 0), (y[:, 0] % 3 == 0)], axis=-1)
    x = (
        110
        + 60 * stripes[..., None]
        + 50 * tint[:, None, None, :]
        + rng.normal(0, 25, (n, 32, 32, 3))
    )
    return np.clip(x, 0, 255).astype("uint8"), y


rng = np.random.default_rng(0)
(x_train, y_train), (x_test, y_test) = synthetic_cifar(600, rng), synthetic_cifar(200, rng)

print(f"x_train shape: {x_train.shape} - y_train shape: {y_train.shape}")
print(f"x_test shape: {x_test.shape} - y_test shape: {y_test.shape}")

## Configure the hyperparameters

learning_rate = 0.001
weight_decay = 0.0001
batch_size = 64
num_epochs = 3
image_size = 24  # We'll resize input images to this size
patch_size = 6  # Size of the patches to be extract from the input images
num_patches = (image_size // patch_size) ** 2
projection_dim = 16
num_heads = 2
hidden_dim = projection_dim * num_heads
transformer_units = [
    hidden_dim * 2,
    hidden_dim,
]  # Size of the transformer layers
transformer_layers = 2
mlp_head_units = [
    64,
    32,
]  # Size of the dense layers of the final classifier

## Use data augmentation

data_augmentation = keras.Sequential(
    [
        layers.Normalization(),
        layers.Resizing(image_size, image_size),
        layers.RandomFlip("horizontal"),
        layers.RandomRotation(factor=0.02),
        layers.RandomZoom(height_factor=0.2, width_factor=0.2),
    ],
    name="data_augmentation",
)
# Compute the mean and the variance of the training data for normalization.
data_augmentation.layers[0].adapt(x_train)

## Implement multilayer perceptron (MLP)


def mlp(x, hidden_units, dropout_rate):
    for units in hidden_units:
        x = layers.Dense(units, activation=keras.activations.gelu)(x)
        x = layers.Dropout(dropout_rate)(x)
    return x


## Implement patch creation as a layer


class Patches(layers.Layer):
    def __init__(self, patch_size):
        super().__init__()
        self.patch_size = patch_size

    def call(self, images):
        input_shape = ops.shape(images)
        batch_size = input_shape[0]
        height = input_shape[1]
        width = input_shape[2]
        channels = input_shape[3]
        num_patches_h = height // self.patch_size
        num_patches_w = width // self.patch_size
        patches = keras.ops.image.extract_patches(images, size=self.patch_size)
        patches = ops.reshape(
            patches,
            (
                batch_size,
                num_patches_h * num_patches_w,
                self.patch_size * self.patch_size * channels,
            ),
        )
        return patches

    def get_config(self):
        config = super().get_config()
        config.update({"patch_size": self.patch_size})
        return config


# Display patches for a sample image

plt.figure(figsize=(4, 4))
image = x_train[np.random.choice(range(x_train.shape[0]))]
plt.imshow(image.astype("uint8"))
plt.axis("off")

resized_image = ops.image.resize(
    ops.convert_to_tensor([image], dtype="float32"), size=(image_size, image_size)
)
patches = Patches(patch_size)(resized_image)
print(f"Image size: {image_size} X {image_size}")
print(f"Patch size: {patch_size} X {patch_size}")
print(f"Patches per image: {patches.shape[1]}")
print(f"Elements per patch: {patches.shape[-1]}")

n = int(np.sqrt(patches.shape[1]))
plt.figure(figsize=(4, 4))
for i, patch in enumerate(patches[0]):
    ax = plt.subplot(n, n, i + 1)
    patch_img = ops.reshape(patch, (patch_size, patch_size, 3))
    plt.imshow(ops.convert_to_numpy(patch_img).astype("uint8"))
    plt.axis("off")
plt.close("all")

# The patches are the image's tiles, row by row, each flattened (height, width, channel).
first_tile = ops.convert_to_numpy(resized_image)[0, :patch_size, patch_size : 2 * patch_size]
assert patches.shape == (1, num_patches, patch_size * patch_size * 3)
np.testing.assert_allclose(ops.convert_to_numpy(patches)[0, 1], first_tile.reshape(-1))

## Implement the patch encoding layer


class PatchEncoder(layers.Layer):
    def __init__(self, num_patches, projection_dim):
        super().__init__()
        self.num_patches = num_patches
        self.projection = layers.Dense(units=projection_dim)
        self.position_embedding = layers.Embedding(input_dim=num_patches, output_dim=projection_dim)

    def call(self, patch):
        positions = ops.expand_dims(ops.arange(start=0, stop=self.num_patches, step=1), axis=0)
        projected_patches = self.projection(patch)
        encoded = projected_patches + self.position_embedding(positions)
        return encoded

    def get_config(self):
        config = super().get_config()
        config.update({"num_patches": self.num_patches})
        return config


## Build the ViT model


def create_vit_classifier():
    inputs = keras.Input(shape=input_shape)
    # Augment data.
    augmented = data_augmentation(inputs)
    # Create patches.
    patches = Patches(patch_size)(augmented)
    # Encode patches.
    encoded_patches = PatchEncoder(num_patches, hidden_dim)(patches)

    # Create multiple layers of the Transformer block.
    for _ in range(transformer_layers):
        # Layer normalization 1.
        x1 = layers.LayerNormalization(epsilon=1e-6)(encoded_patches)
        # Create a multi-head attention layer.
        attention_output = layers.MultiHeadAttention(
            num_heads=num_heads, key_dim=projection_dim, dropout=0.1
        )(x1, x1)
        # Skip connection 1.
        x2 = layers.Add()([attention_output, encoded_patches])
        # Layer normalization 2.
        x3 = layers.LayerNormalization(epsilon=1e-6)(x2)
        # MLP.
        x3 = mlp(x3, hidden_units=transformer_units, dropout_rate=0.1)
        # Skip connection 2.
        encoded_patches = layers.Add()([x3, x2])

    # Create a [batch_size, projection_dim] tensor.
    representation = layers.LayerNormalization(epsilon=1e-6)(encoded_patches)
    representation = layers.Flatten()(representation)
    representation = layers.Dropout(0.5)(representation)
    # Add MLP.
    features = mlp(representation, hidden_units=mlp_head_units, dropout_rate=0.5)
    # Classify outputs.
    logits = layers.Dense(num_classes)(features)
    # Create the Keras model.
    model = keras.Model(inputs=inputs, outputs=logits)
    return model


## Compile, train, and evaluate the mode


def run_experiment(model):
    optimizer = keras.optimizers.AdamW(learning_rate=learning_rate, weight_decay=weight_decay)

    model.compile(
        optimizer=optimizer,
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=[
            keras.metrics.SparseCategoricalAccuracy(name="accuracy"),
            keras.metrics.SparseTopKCategoricalAccuracy(5, name="top-5-accuracy"),
        ],
    )

    checkpoint_filepath = os.path.join(tempfile.mkdtemp(), "checkpoint.weights.h5")
    checkpoint_callback = keras.callbacks.ModelCheckpoint(
        checkpoint_filepath,
        monitor="val_accuracy",
        save_best_only=True,
        save_weights_only=True,
    )

    history = model.fit(
        x=x_train,
        y=y_train,
        batch_size=batch_size,
        epochs=num_epochs,
        validation_split=0.1,
        callbacks=[checkpoint_callback],
    )

    model.load_weights(checkpoint_filepath)
    _, accuracy, top_5_accuracy = model.evaluate(x_test, y_test)
    print(f"Test accuracy: {round(accuracy * 100, 2)}%")
    print(f"Test top 5 accuracy: {round(top_5_accuracy * 100, 2)}%")

    return history, accuracy, top_5_accuracy


vit_classifier = create_vit_classifier()
history, accuracy, top_5_accuracy = run_experiment(vit_classifier)


def plot_history(item):
    plt.plot(history.history[item], label=item)
    plt.plot(history.history["val_" + item], label="val_" + item)
    plt.xlabel("Epochs")
    plt.ylabel(item)
    plt.title("Train and Validation {} Over Epochs".format(item), fontsize=14)
    plt.legend()
    plt.grid()
    plt.show()
    plt.close()


plot_history("loss")
plot_history("top-5-accuracy")

# What the example shows: the model maps images to one logit per class through
# (num_patches, hidden_dim) encodings, and learns (loss falls, accuracy beats chance, 0.1).
encoder = next(layer for layer in vit_classifier.layers if isinstance(layer, PatchEncoder))
assert encoder.output.shape == (None, num_patches, hidden_dim)
assert vit_classifier.output_shape == (None, num_classes)
assert history.history["loss"][-1] < history.history["loss"][0], history.history
assert accuracy > 0.3 and top_5_accuracy > 0.7, (accuracy, top_5_accuracy)
