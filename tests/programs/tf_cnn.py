"""TensorFlow tutorial "Convolutional Neural Network (CNN)" (tensorflow.org/tutorials/images/cnn):
a `models.Sequential` grown with `add` (Conv2D with `input_shape`, MaxPooling2D, Conv2D,
MaxPooling2D, Conv2D), summarized, then topped with Flatten and two Dense layers (logits),
trained with SparseCategoricalCrossentropy(from_logits=True) on CIFAR's (n, 1) labels,
evaluated, and its predictions turned into probabilities with `tf.nn.softmax`.

Changed from the tutorial: the imports; the data (no network here): CIFAR10-shaped images
(32x32x3 uint8, labels of shape (n, 1)) of 10 classes, each a tint and a stripe direction
under noise, 1,000 to train and 300 to test; 3 epochs instead of 10; plots go to a
non-interactive matplotlib backend.
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import nnext as tf
from nnext.keras import layers, models


def local_cifar10(n, rng):
    """CIFAR10-shaped uint8 images whose class sets a tint and the direction of stripes."""
    y = rng.integers(0, 10, size=(n, 1))
    rows, cols = np.mgrid[0:32, 0:32]
    angle = (y[:, 0] % 5)[:, None, None] * np.pi / 5
    stripes = np.sin((rows * np.cos(angle) + cols * np.sin(angle)) * 0.8)
    tint = np.stack([(y[:, 0] >= 5), (y[:, 0] % 2 == 0), (y[:, 0] % 3 == 0)], axis=-1)
    x = 110 + 60 * stripes[..., None] + 50 * tint[:, None, None, :]
    x = x + rng.normal(0, 25, (n, 32, 32, 3))
    return np.clip(x, 0, 255).astype("uint8"), y


rng = np.random.default_rng(0)
(train_images, train_labels), (test_images, test_labels) = (
    local_cifar10(1000, rng),
    local_cifar10(300, rng),
)

# Normalize pixel values to be between 0 and 1
train_images, test_images = train_images / 255.0, test_images / 255.0

class_names = [
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
]

plt.figure(figsize=(10, 10))
for i in range(25):
    plt.subplot(5, 5, i + 1)
    plt.xticks([])
    plt.yticks([])
    plt.grid(False)
    plt.imshow(train_images[i], cmap=plt.cm.binary)
    # The CIFAR labels happen to be arrays,
    # which is why you need the extra index
    plt.xlabel(class_names[train_labels[i][0]])
plt.show()
plt.close("all")

## Create the convolutional base

model = models.Sequential()
model.add(layers.Conv2D(32, (3, 3), activation="relu", input_shape=(32, 32, 3)))
model.add(layers.MaxPooling2D((2, 2)))
model.add(layers.Conv2D(64, (3, 3), activation="relu"))
model.add(layers.MaxPooling2D((2, 2)))
model.add(layers.Conv2D(64, (3, 3), activation="relu"))

model.summary()

# The convolutional base ends in (4, 4, 64) feature maps.
assert model.output_shape == (None, 4, 4, 64)

## Add Dense layers on top

model.add(layers.Flatten())
model.add(layers.Dense(64, activation="relu"))
model.add(layers.Dense(10))

model.summary()

## Compile and train the model

model.compile(
    optimizer="adam",
    loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)

history = model.fit(
    train_images, train_labels, epochs=3, validation_data=(test_images, test_labels)
)

## Evaluate the model

plt.plot(history.history["accuracy"], label="accuracy")
plt.plot(history.history["val_accuracy"], label="val_accuracy")
plt.xlabel("Epoch")
plt.ylabel("Accuracy")
plt.ylim([0.5, 1])
plt.legend(loc="lower right")
plt.close("all")

test_loss, test_acc = model.evaluate(test_images, test_labels, verbose=2)

print(test_acc)

## Inference on test images

predictions = model.predict(test_images)
softmax_predictions = tf.nn.softmax(predictions)


def plot(images, predictions, sm_predictions, test_labels, k):
    colors = ["r"] * 10
    colors[test_labels[k][0]] = "b"

    plt.figure(figsize=(10, 10))

    plt.subplot(3, 1, 1)
    plt.imshow(images[k])

    plt.subplot(3, 1, 2)
    plt.bar(range(10), predictions[k], tick_label=class_names, color=colors)
    plt.ylim((-10, 10))
    plt.ylabel("logits")

    plt.subplot(3, 1, 3)
    plt.bar(range(10), sm_predictions[k], tick_label=class_names, color=colors)
    plt.ylim((0, 1))
    plt.ylabel("probabilities")

    plt.show()
    plt.close("all")


k = 1
plot(test_images, predictions, softmax_predictions, test_labels, k)

# What the tutorial shows: (4, 4, 64) maps flattened to 1,024 values before the Dense
# layers (122,570 parameters in all), and a CNN that learns (accuracy well above 0.1).
assert model.layers[5].output.shape == (None, 1024)
assert model.count_params() == 122570
assert predictions.shape == (300, 10)
np.testing.assert_allclose(np.sum(softmax_predictions, axis=1), 1.0, rtol=1e-5)
assert history.history["loss"][-1] < history.history["loss"][0]
assert test_acc > 0.5, test_acc
