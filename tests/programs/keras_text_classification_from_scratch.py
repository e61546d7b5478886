"""Keras example "Text classification from scratch"
(keras.io/examples/nlp/text_classification_from_scratch): reviews read from an aclImdb
folder tree with `keras.utils.text_dataset_from_directory` (a seeded 80/20 split with
`class_names=["pos", "neg"]`), a `TextVectorization` layer with a custom standardization
that strips `<br />` with `tf.strings.regex_replace`, adapted on the text-only dataset and
mapped over the datasets; a functional 1D convnet (Embedding, Conv1D with strides,
GlobalMaxPooling1D) trained with fit; then an end-to-end model on a string
`keras.Input(shape=(1,), dtype="string")` evaluated on the raw-string test dataset.

Changed from the example: the imports (and no KERAS_BACKEND); the data (no network here):
instead of downloading aclImdb_v1.tar.gz, a small aclImdb-shaped tree (train/pos,
train/neg, train/unsup, test/pos, test/neg) of generated reviews whose sentiment words
decide the label, with punctuation and `<br />` tags, is written to a temporary folder;
the sizes shrink (1,200 training and 200 test reviews, 2,000 features, a 32-wide embedding,
Conv1D of 32 filters, sequences of 60) so the program runs in seconds.
"""

import os
import shutil
import tempfile

import numpy as np

import nnext as tf
from nnext import keras
from nnext.keras import layers

# -- the data: an aclImdb-like tree instead of the download ---------------------------
POSITIVE = ["great", "wonderful", "brilliant", "loved", "superb", "moving", "fun"]
NEGATIVE = ["awful", "boring", "terrible", "hated", "dull", "waste", "worst"]
NEUTRAL = [
    *("the", "movie", "film", "plot", "actor", "actors", "story", "scene", "director"),
    *("was", "is", "and", "a", "of", "it", "this", "that", "with", "but", "very"),
    *("really", "quite", "its", "his", "her", "their", "camera", "music", "ending"),
]


def write_reviews(folder, count, words, rng):
    os.makedirs(folder, exist_ok=True)
    for i in range(count):
        body = list(rng.choice(NEUTRAL, size=rng.integers(20, 40)))
        for _ in range(rng.integers(5, 10)):
            body.insert(rng.integers(0, len(body)), rng.choice(words))
        text = " ".join(body).capitalize() + "." + rng.choice(["", " <br /><br />", "!"])
        rating = rng.integers(7, 11) if words is POSITIVE else rng.integers(1, 5)
        with open(os.path.join(folder, f"{i}_{rating}.txt"), "w") as f:
            f.write(text + " " + " ".join(rng.choice(NEUTRAL, size=5)) + ".")


rng = np.random.default_rng(0)
dataset_dir = os.path.join(tempfile.mkdtemp(), "aclImdb")
for split, count in (("train", 600), ("test", 100)):
    write_reviews(os.path.join(dataset_dir, split, "pos"), count, POSITIVE, rng)
    write_reviews(os.path.join(dataset_dir, split, "neg"), count, NEGATIVE, rng)
write_reviews(os.path.join(dataset_dir, "train", "unsup"), 20, NEUTRAL, rng)

print(sorted(os.listdir(dataset_dir)))
print(sorted(os.listdir(os.path.join(dataset_dir, "test"))))
print(sorted(os.listdir(os.path.join(dataset_dir, "train"))))
# The example shows pos/6248_7.txt; here, the first generated positive review.
with open(
    os.path.join(
        dataset_dir, "train", "pos", min(os.listdir(os.path.join(dataset_dir, "train", "pos")))
    )
) as f:
    print(f.read())
shutil.rmtree(os.path.join(dataset_dir, "train", "unsup"))

# -- the example -------------------------------------------------------------------------
batch_size = 32
train_dir = os.path.join(dataset_dir, "train")
test_dir = os.path.join(dataset_dir, "test")

raw_train_ds = keras.utils.text_dataset_from_directory(
    train_dir,
    batch_size=batch_size,
    validation_split=0.2,
    subset="training",
    seed=1337,
    class_names=["pos", "neg"],
)
raw_val_ds = keras.utils.text_dataset_from_directory(
    train_dir,
    batch_size=batch_size,
    validation_split=0.2,
    subset="validation",
    seed=1337,
    class_names=["pos", "neg"],
)
raw_test_ds = keras.utils.text_dataset_from_directory(test_dir, batch_size=batch_size)

print(f"Number of batches in raw_train_ds: {raw_train_ds.cardinality()}")
print(f"Number of batches in raw_val_ds: {raw_val_ds.cardinality()}")
print(f"Number of batches in raw_test_ds: {raw_test_ds.cardinality()}")

# It's important to take a look at your raw data to ensure your normalization
# and tokenization will work as expected. We can do that by taking a few
# examples from the training set and looking at them.
# This is one of the places where eager execution shines:
# we can just evaluate these tensors using .numpy()
# instead of needing to evaluate them in a Session/Graph context.
for text_batch, label_batch in raw_train_ds.take(1):
    for i in range(5):
        print(text_batch.numpy()[i])
        print(label_batch.numpy()[i])

import re
import string


# Having looked at our data above, we see that the raw text contains HTML break
# tags of the form '<br />'. These tags will not be removed by the default
# standardizer (which doesn't strip HTML). Because of this, we will need to
# create a custom standardization function.
def custom_standardization(input_data):
    lowercase = tf.strings.lower(input_data)
    stripped_html = tf.strings.regex_replace(lowercase, "<br />", " ")
    return tf.strings.regex_replace(stripped_html, f"[{re.escape(string.punctuation)}]", "")


# Model constants.
max_features = 2000
embedding_dim = 32
sequence_length = 60

# Now that we have our custom standardization, we can instantiate our text
# vectorization layer. We are using this layer to normalize, split, and map
# strings to integers, so we set our 'output_mode' to 'int'.
# Note that we're using the default split function,
# and the custom standardization defined above.
# We also set an explicit maximum sequence length, since the CNNs later in our
# model won't support ragged sequences.
vectorize_layer = keras.layers.TextVectorization(
    standardize=custom_standardization,
    max_tokens=max_features,
    output_mode="int",
    output_sequence_length=sequence_length,
)

# Now that the vectorize_layer has been created, call `adapt` on a text-only
# dataset to create the vocabulary. You don't have to batch, but for very large
# datasets this means you're not keeping spare copies of the dataset in memory.

# Let's make a text-only dataset (no labels):
text_ds = raw_train_ds.map(lambda x, y: x)
# Let's call `adapt`:
vectorize_layer.adapt(text_ds)


def vectorize_text(text, label):
    text = tf.expand_dims(text, -1)
    return vectorize_layer(text), label


# Vectorize the data.
train_ds = raw_train_ds.map(vectorize_text)
val_ds = raw_val_ds.map(vectorize_text)
test_ds = raw_test_ds.map(vectorize_text)

# Do async prefetching / buffering of the data for best performance on GPU.
train_ds = train_ds.cache().prefetch(buffer_size=10)
val_ds = val_ds.cache().prefetch(buffer_size=10)
test_ds = test_ds.cache().prefetch(buffer_size=10)

# A integer input for vocab indices.
inputs = keras.Input(shape=(None,), dtype="int64")

# Next, we add a layer to map those vocab indices into a space of dimensionality
# 'embedding_dim'.
x = layers.Embedding(max_features, embedding_dim)(inputs)
x = layers.Dropout(0.5)(x)

# Conv1D + global max pooling
x = layers.Conv1D(32, 7, padding="valid", activation="relu", strides=3)(x)
x = layers.Conv1D(32, 7, padding="valid", activation="relu", strides=3)(x)
x = layers.GlobalMaxPooling1D()(x)

# We add a vanilla hidden layer:
x = layers.Dense(32, activation="relu")(x)
x = layers.Dropout(0.5)(x)

# We project onto a single unit output layer, and squash it with a sigmoid:
predictions = layers.Dense(1, activation="sigmoid", name="predictions")(x)

model = keras.Model(inputs, predictions)

# Compile the model with binary crossentropy loss and an adam optimizer.
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])

epochs = 3

# Fit the model using the train and test datasets.
history = model.fit(train_ds, validation_data=val_ds, epochs=epochs)

test_loss, test_accuracy = model.evaluate(test_ds)

# A string input
inputs = keras.Input(shape=(1,), dtype="string")
# Turn strings into vocab indices
indices = vectorize_layer(inputs)
# Turn vocab indices into predictions
outputs = model(indices)

# Our end to end model
end_to_end_model = keras.Model(inputs, outputs)
end_to_end_model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])

# Test it with `raw_test_ds`, which yields raw strings
end_to_end_loss, end_to_end_accuracy = end_to_end_model.evaluate(raw_test_ds)

# -- what the example shows ---------------------------------------------------------------
assert raw_train_ds.class_names == ["pos", "neg"]
assert int(raw_train_ds.cardinality()) == 30 and int(raw_val_ds.cardinality()) == 8
assert int(raw_test_ds.cardinality()) == 7
assert text_batch.dtype == tf.string and text_batch.shape == (batch_size,)
vocabulary = vectorize_layer.get_vocabulary()
assert vocabulary[:2] == ["", "[UNK]"] and "br" not in vocabulary, vocabulary[:10]
assert vectorize_text(text_batch[0], label_batch[0])[0].shape == (1, sequence_length)
assert history.history["loss"][-1] < history.history["loss"][0], history.history
assert history.history["val_accuracy"][-1] > 0.8, history.history
# The example names the training classes ["pos", "neg"] but lets the test folder's classes
# take their alphabetical order, ["neg", "pos"]: the test labels are the training labels
# flipped, so the trained model scores far below chance on them, as under Keras.
assert raw_test_ds.class_names == ["neg", "pos"]
assert test_accuracy < 0.2, test_accuracy
# The end-to-end model is the trained model behind the vectorizer: the same test metrics.
np.testing.assert_allclose(end_to_end_accuracy, test_accuracy, atol=1e-6)
np.testing.assert_allclose(end_to_end_loss, test_loss, rtol=1e-4)
