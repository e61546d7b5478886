"""TensorFlow tutorial "Basic text classification"
(tensorflow.org/tutorials/keras/text_classification): reviews read from a folder tree with
`text_dataset_from_directory`, a `TextVectorization` layer with a custom standardization
(`tf.strings.lower`, `tf.strings.regex_replace`) adapted on the text-only dataset and mapped
over the datasets, a small Embedding / GlobalAveragePooling1D model trained with fit, and an
export model that takes raw strings.

Changed from the tutorial: the imports; the data (no network here): instead of downloading
aclImdb, a small aclImdb-shaped tree (train/pos, train/neg, train/unsup, test/pos,
test/neg) of generated reviews whose sentiment words decide the label, with punctuation
and `<br />` tags as the real reviews have, is written to a temporary folder; the sizes
shrink (1,000 training and 300 test reviews, 1,000 features, sequences of 40) so the program
runs in seconds (and the vocabulary entries printed are 12 and 31, not 1287 and 313); the
non-interactive matplotlib backend.
"""

import os
import re
import shutil
import string
import tempfile

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import nnext as tf
from nnext.keras import layers, losses

print(tf.__version__)

# -- the data: an aclImdb-like tree instead of the download ---------------------------
POSITIVE = ["great", "wonderful", "brilliant", "loved", "superb", "moving", "fun"]
NEGATIVE = ["awful", "boring", "terrible", "hated", "dull", "waste", "worst"]
NEUTRAL = [
    "the",
    "movie",
    "film",
    "plot",
    "actor",
    "actors",
    "story",
    "scene",
    "scenes",
    "director",
    "was",
    "is",
    "and",
    "a",
    "of",
    "it",
    "this",
    "that",
    "with",
    "but",
    "very",
    "really",
    "quite",
    "its",
    "his",
    "her",
    "their",
    "camera",
    "music",
    "ending",
    "script",
    "cast",
]


def write_reviews(folder, count, words, rng, start):
    os.makedirs(folder, exist_ok=True)
    for i in range(count):
        body = list(rng.choice(NEUTRAL, size=rng.integers(12, 30)))
        for _ in range(rng.integers(3, 7)):
            body.insert(rng.integers(0, len(body)), rng.choice(words))
        text = " ".join(body).capitalize() + "." + rng.choice(["", " <br /><br />", "!"])
        rating = rng.integers(7, 11) if words is POSITIVE else rng.integers(1, 5)
        with open(os.path.join(folder, f"{start + i}_{rating}.txt"), "w") as f:
            f.write(text + " " + " ".join(rng.choice(NEUTRAL, size=5)) + ".")


rng = np.random.default_rng(0)
dataset_dir = os.path.join(tempfile.mkdtemp(), "aclImdb")
for split, count in (("train", 500), ("test", 150)):
    write_reviews(os.path.join(dataset_dir, split, "pos"), count, POSITIVE, rng, 0)
    write_reviews(os.path.join(dataset_dir, split, "neg"), count, NEGATIVE, rng, 0)
write_reviews(os.path.join(dataset_dir, "train", "unsup"), 20, NEUTRAL, rng, 0)
os.chdir(os.path.dirname(dataset_dir))

# -- the tutorial ------------------------------------------------------------------------
print(os.listdir(dataset_dir))
train_dir = os.path.join(dataset_dir, "train")
print(os.listdir(train_dir))

# The tutorial opens pos/1181_9.txt; here, the first generated positive review.
sample_file = os.path.join(train_dir, "pos", min(os.listdir(os.path.join(train_dir, "pos"))))
with open(sample_file) as f:
    print(f.read())

remove_dir = os.path.join(train_dir, "unsup")
shutil.rmtree(remove_dir)

batch_size = 32
seed = 42

raw_train_ds = tf.keras.utils.text_dataset_from_directory(
    "aclImdb/train", batch_size=batch_size, validation_split=0.2, subset="training", seed=seed
)

for text_batch, label_batch in raw_train_ds.take(1):
    for i in range(3):
        print("Review", text_batch.numpy()[i])
        print("Label", label_batch.numpy()[i])

print("Label 0 corresponds to", raw_train_ds.class_names[0])
print("Label 1 corresponds to", raw_train_ds.class_names[1])

raw_val_ds = tf.keras.utils.text_dataset_from_directory(
    "aclImdb/train",
    batch_size=batch_size,
    validation_split=0.2,
    subset="validation",
    seed=seed,
)

raw_test_ds = tf.keras.utils.text_dataset_from_directory("aclImdb/test", batch_size=batch_size)


def custom_standardization(input_data):
    lowercase = tf.strings.lower(input_data)
    stripped_html = tf.strings.regex_replace(lowercase, "<br />", " ")
    return tf.strings.regex_replace(stripped_html, "[%s]" % re.escape(string.punctuation), "")


max_features = 1000
sequence_length = 40

vectorize_layer = layers.TextVectorization(
    standardize=custom_standardization,
    max_tokens=max_features,
    output_mode="int",
    output_sequence_length=sequence_length,
)

# Make a text-only dataset (without labels), then call adapt
train_text = raw_train_ds.map(lambda x, y: x)
vectorize_layer.adapt(train_text)


def vectorize_text(text, label):
    text = tf.expand_dims(text, -1)
    return vectorize_layer(text), label


# retrieve a batch (of 32 reviews and labels) from the dataset
text_batch, label_batch = next(iter(raw_train_ds))
first_review, first_label = text_batch[0], label_batch[0]
print("Review", first_review)
print("Label", raw_train_ds.class_names[first_label])
print("Vectorized review", vectorize_text(first_review, first_label))

# The tutorial looks up entries 1287 and 313 of its 10,000-word vocabulary.
print("12 ---> ", vectorize_layer.get_vocabulary()[12])
print(" 31 ---> ", vectorize_layer.get_vocabulary()[31])
print("Vocabulary size: {}".format(len(vectorize_layer.get_vocabulary())))

train_ds = raw_train_ds.map(vectorize_text)
val_ds = raw_val_ds.map(vectorize_text)
test_ds = raw_test_ds.map(vectorize_text)

AUTOTUNE = tf.data.AUTOTUNE

train_ds = train_ds.cache().prefetch(buffer_size=AUTOTUNE)
val_ds = val_ds.cache().prefetch(buffer_size=AUTOTUNE)
test_ds = test_ds.cache().prefetch(buffer_size=AUTOTUNE)

embedding_dim = 16

model = tf.keras.Sequential(
    [
        layers.Embedding(max_features, embedding_dim),
        layers.Dropout(0.2),
        layers.GlobalAveragePooling1D(),
        layers.Dropout(0.2),
        layers.Dense(1, activation="sigmoid"),
    ]
)

model.summary()

model.compile(
    loss=losses.BinaryCrossentropy(),
    optimizer="adam",
    metrics=[tf.metrics.BinaryAccuracy(threshold=0.5)],
)

epochs = 10
history = model.fit(train_ds, validation_data=val_ds, epochs=epochs)

loss, accuracy = model.evaluate(test_ds)

print("Loss: ", loss)
print("Accuracy: ", accuracy)

history_dict = history.history
history_dict.keys()

acc = history_dict["binary_accuracy"]
val_acc = history_dict["val_binary_accuracy"]
loss = history_dict["loss"]
val_loss = history_dict["val_loss"]

epochs = range(1, len(acc) + 1)

# "bo" is for "blue dot"
plt.plot(epochs, loss, "bo", label="Training loss")
# b is for "solid blue line"
plt.plot(epochs, val_loss, "b", label="Validation loss")
plt.title("Training and validation loss")
plt.xlabel("Epochs")
plt.ylabel("Loss")
plt.legend()

plt.show()

plt.plot(epochs, acc, "bo", label="Training acc")
plt.plot(epochs, val_acc, "b", label="Validation acc")
plt.title("Training and validation accuracy")
plt.xlabel("Epochs")
plt.ylabel("Accuracy")
plt.legend(loc="lower right")

plt.show()

export_model = tf.keras.Sequential([vectorize_layer, model, layers.Activation("sigmoid")])

export_model.compile(
    loss=losses.BinaryCrossentropy(from_logits=False), optimizer="adam", metrics=["accuracy"]
)

# Test it with `raw_test_ds`, which yields raw strings
metrics = export_model.evaluate(raw_test_ds, return_dict=True)
print(metrics)

examples = tf.constant(["The movie was great!", "The movie was okay.", "The movie was terrible..."])

predictions = export_model.predict(examples)
print(predictions)

# -- what the tutorial shows: the model learns the reviews' sentiment --------------------
assert sorted(raw_train_ds.class_names) == ["neg", "pos"]
assert text_batch.dtype == tf.string and text_batch.shape == (batch_size,)
assert vectorize_text(first_review, first_label)[0].shape == (1, sequence_length)
assert accuracy > 0.8, accuracy
assert val_acc[-1] > 0.8, val_acc
# The export model applies a second sigmoid to the model's probabilities, as the tutorial
# does: its outputs lie in (0.5, 0.73), all above the 0.5 threshold, so its accuracy is the
# share of positive reviews; their order still follows the sentiment.
assert set(metrics) == {"accuracy", "loss"} and metrics["accuracy"] == 0.5, metrics
assert predictions.shape == (3, 1)
assert predictions[0, 0] > predictions[1, 0] > predictions[2, 0], predictions
