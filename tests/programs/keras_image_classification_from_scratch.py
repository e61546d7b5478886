"""Keras example "Image classification from scratch" (keras.io/examples/vision/
image_classification_from_scratch): JPEG files in two class folders, corrupted files
filtered out by their missing "JFIF" header, `image_dataset_from_directory` with
`validation_split=0.2, subset="both"`, a `RandomFlip` + `RandomRotation` augmentation
Sequential mapped over the training dataset, prefetching, a small Xception-like functional
model (Rescaling, Conv2D/BatchNormalization entry block, SeparableConv2D blocks with
MaxPooling2D and projected residuals joined by `layers.add`, GlobalAveragePooling2D,
Dropout, a sigmoid unit), `ModelCheckpoint("save_at_{epoch}.keras")`, and inference on one
file with `load_img` / `img_to_array`.

Changed from the example: the imports; the data (no network here): 120 synthetic 64x64
"Cat" and "Dog" JPEGs (a warm or a cool background with a bright disc at a random place,
saved by PIL with a JFIF header) and 4 corrupted files without one, in place of the
786 MB Kaggle download; 64x64 images instead of 180x180 and the blocks' filters divided by
4 (32, 64/128/182, 256 instead of 128, 256/512/728, 1024), so the program runs in seconds;
batch size 32 instead of 128; 3 epochs instead of 25; the matplotlib cells become
assertions; `tf.compat.as_bytes("JFIF")` is written `b"JFIF"` (its value), since nnext has
no `tf.compat`.
"""

import os
import tempfile

import numpy as np
from PIL import Image

import nnext as tf
from nnext import keras
from nnext.keras import layers

workdir = tempfile.TemporaryDirectory()
os.chdir(workdir.name)

# Load the data (a local stand-in for the Cats vs Dogs download)
rng = np.random.default_rng(0)
rows, cols = np.mgrid[0:72, 0:72]
for label, folder_name in enumerate(("Cat", "Dog")):
    os.makedirs(os.path.join("PetImages", folder_name))
    base = np.array([200.0, 120.0, 60.0]) if label == 0 else np.array([60.0, 120.0, 200.0])
    for index in range(60):
        image = base + rng.normal(0, 25, size=(72, 72, 3))
        cy, cx = rng.integers(16, 56, size=2)
        image[(rows - cy) ** 2 + (cols - cx) ** 2 <= 100] = 240
        Image.fromarray(image.clip(0, 255).astype("uint8")).save(
            os.path.join("PetImages", folder_name, f"{index}.jpg"), quality=90
        )
    for index in range(60, 62):  # corrupted files: no JFIF header
        with open(os.path.join("PetImages", folder_name, f"{index}.jpg"), "wb") as f:
            f.write(rng.integers(0, 256, 500, dtype=np.uint8).tobytes())

# Filter out corrupted images
num_skipped = 0
for folder_name in ("Cat", "Dog"):
    folder_path = os.path.join("PetImages", folder_name)
    for fname in os.listdir(folder_path):
        fpath = os.path.join(folder_path, fname)
        try:
            fobj = open(fpath, "rb")  # noqa: SIM115 -- as the example
            is_jfif = b"JFIF" in fobj.peek(10)
        finally:
            fobj.close()

        if not is_jfif:
            num_skipped += 1
            # Delete corrupted image
            os.remove(fpath)

print("Deleted %d images" % num_skipped)
assert num_skipped == 4

# Generate a `Dataset`
image_size = (64, 64)
batch_size = 32

train_ds, val_ds = tf.keras.preprocessing.image_dataset_from_directory(
    "PetImages",
    validation_split=0.2,
    subset="both",
    seed=1337,
    image_size=image_size,
    batch_size=batch_size,
)
assert train_ds.class_names == ["Cat", "Dog"]

# Visualize the data: the first 9 images of the training dataset, label 1 is "dog".
for images, labels in train_ds.take(1):
    for i in range(9):
        shown = images[i].numpy().astype("uint8")
        assert shown.shape == (64, 64, 3) and int(labels[i]) in (0, 1)

# Using image data augmentation
data_augmentation = keras.Sequential(
    [
        layers.RandomFlip("horizontal"),
        layers.RandomRotation(0.1),
    ]
)

# What the augmented samples look like: the first image, augmented repeatedly.
for images, _ in train_ds.take(1):
    augmented = [data_augmentation(images)[0].numpy() for i in range(9)]
    assert all(a.shape == (64, 64, 3) for a in augmented)
    assert any(np.abs(a - images[0].numpy()).max() > 1 for a in augmented)

# Configure the dataset for performance: augmentation applied to the training dataset
train_ds = train_ds.map(
    lambda img, label: (data_augmentation(img), label),
    num_parallel_calls=tf.data.AUTOTUNE,
)
# Prefetching samples in GPU memory helps maximize GPU utilization.
train_ds = train_ds.prefetch(tf.data.AUTOTUNE)
val_ds = val_ds.prefetch(tf.data.AUTOTUNE)


# Build a model
def make_model(input_shape, num_classes):
    inputs = keras.Input(shape=input_shape)

    # Entry block
    x = layers.Rescaling(1.0 / 255)(inputs)
    x = layers.Conv2D(32, 3, strides=2, padding="same")(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)

    previous_block_activation = x  # Set aside residual

    for size in [64, 128, 182]:
        x = layers.Activation("relu")(x)
        x = layers.SeparableConv2D(size, 3, padding="same")(x)
        x = layers.BatchNormalization()(x)

        x = layers.Activation("relu")(x)
        x = layers.SeparableConv2D(size, 3, padding="same")(x)
        x = layers.BatchNormalization()(x)

        x = layers.MaxPooling2D(3, strides=2, padding="same")(x)

        # Project residual
        residual = layers.Conv2D(size, 1, strides=2, padding="same")(previous_block_activation)
        x = layers.add([x, residual])  # Add back residual
        previous_block_activation = x  # Set aside next residual

    x = layers.SeparableConv2D(256, 3, padding="same")(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)

    x = layers.GlobalAveragePooling2D()(x)
    if num_classes == 2:
        activation = "sigmoid"
        units = 1
    else:
        activation = "softmax"
        units = num_classes

    x = layers.Dropout(0.5)(x)
    outputs = layers.Dense(units, activation=activation)(x)
    return keras.Model(inputs, outputs)


model = make_model(input_shape=image_size + (3,), num_classes=2)
model.summary()
assert tuple(model.output.shape) == (None, 1)
# The blocks halve the map each time: 64 -> 32 (entry) -> 16 -> 8 -> 4.
adds = [layer for layer in model.layers if type(layer).__name__ == "Add"]
assert [tuple(layer.output.shape) for layer in adds] == [
    (None, 16, 16, 64),
    (None, 8, 8, 128),
    (None, 4, 4, 182),
]

# Train the model
epochs = 3

callbacks = [
    keras.callbacks.ModelCheckpoint("save_at_{epoch}.keras"),
]
model.compile(
    optimizer=keras.optimizers.Adam(1e-3),
    loss="binary_crossentropy",
    metrics=["accuracy"],
)
history = model.fit(
    train_ds,
    epochs=epochs,
    callbacks=callbacks,
    validation_data=val_ds,
)

# What the example shows: the model learns, and a checkpoint is saved each epoch.
print(history.history)
assert sorted(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
assert history.history["loss"][-1] < history.history["loss"][0], history.history
assert max(history.history["accuracy"]) > 0.75, history.history
assert sorted(f for f in os.listdir(".") if f.endswith(".keras")) == [
    "save_at_1.keras",
    "save_at_2.keras",
    "save_at_3.keras",
]
restored = keras.models.load_model("save_at_3.keras")
for batch, _ in val_ds.take(1):
    np.testing.assert_allclose(
        restored.predict(batch, verbose=0), model.predict(batch, verbose=0), rtol=1e-5, atol=1e-6
    )

# Run inference on new data: data augmentation and dropout are inactive at inference time.
img = keras.preprocessing.image.load_img("PetImages/Cat/6.jpg", target_size=image_size)
img_array = keras.preprocessing.image.img_to_array(img)
img_array = tf.expand_dims(img_array, 0)  # Create batch axis

predictions = model.predict(img_array)
score = float(predictions[0][0])
print(f"This image is {100 * (1 - score):.2f}% cat and {100 * score:.2f}% dog.")
assert img_array.shape == (1, 64, 64, 3) and 0.0 <= score <= 1.0
np.testing.assert_allclose(predictions, model.predict(img_array, verbose=0), rtol=1e-6)

os.chdir("/")
workdir.cleanup()
