"""TensorFlow tutorial "Word embeddings" (tensorflow.org/text/guide/word_embeddings): an
`Embedding` layer looked up on integers, reviews read from a folder tree with
`text_dataset_from_directory`, a `TextVectorization` layer with a custom standardization
adapted on the text-only dataset, a "continuous bag of words" Sequential model (the
vectorizer, `Embedding(name="embedding")`, `GlobalAveragePooling1D`, Dense) trained with
fit and a TensorBoard callback, and the trained embedding weights written with the
vocabulary to vectors.tsv and metadata.tsv with `io.open`.

Changed from the tutorial: the imports; the data (no network here): instead of downloading
aclImdb, a small aclImdb-shaped tree (train/pos, train/neg, train/unsup) of generated
reviews whose sentiment words decide the label, with punctuation and `<br />` tags, is
written to a temporary folder; the sizes shrink (1,000 reviews in batches of 32, a
1,000-word vocabulary, sequences of 40) so the program runs in seconds; the
TensorBoard and Colab download cells that need a browser are left out.
"""

import io
import os
import re
import shutil
import string
import tempfile

import numpy as np

import nnext as tf
from nnext.keras import Sequential
from nnext.keras.layers import Dense, Embedding, GlobalAveragePooling1D, TextVectorization

# -- the data: an aclImdb-like tree instead of the download ---------------------------
POSITIVE = ["great", "wonderful", "brilliant", "loved", "superb", "moving", "beautiful"]
NEGATIVE = ["awful", "boring", "terrible", "hated", "dull", "waste", "worst"]
NEUTRAL = [
    *("the", "movie", "film", "plot", "actor", "actors", "story", "scene", "director"),
    *("was", "is", "and", "a", "of", "it", "this", "that", "with", "but", "very"),
    *("really", "quite", "its", "his", "her", "their", "camera", "music", "ending"),
]


def write_reviews(folder, count, words, rng):
    os.makedirs(folder, exist_ok=True)
    for i in range(count):
        body = list(rng.choice(NEUTRAL, size=rng.integers(12, 30)))
        for _ in range(rng.integers(3, 7)):
            body.insert(rng.integers(0, len(body)), rng.choice(words))
        text = " ".join(body).capitalize() + "." + rng.choice(["", " <br /><br />", "!"])
        rating = rng.integers(7, 11) if words is POSITIVE else rng.integers(1, 5)
        with open(os.path.join(folder, f"{i}_{rating}.txt"), "w") as f:
            f.write(text)


rng = np.random.default_rng(0)
work_dir = tempfile.mkdtemp()
write_reviews(os.path.join(work_dir, "aclImdb", "train", "pos"), 500, POSITIVE, rng)
write_reviews(os.path.join(work_dir, "aclImdb", "train", "neg"), 500, NEGATIVE, rng)
write_reviews(os.path.join(work_dir, "aclImdb", "train", "unsup"), 20, NEUTRAL, rng)
os.makedirs(os.path.join(work_dir, "aclImdb", "test"))
os.chdir(work_dir)
dataset = os.path.join(work_dir, "aclImdb_v1.tar.gz")

# -- the tutorial ------------------------------------------------------------------------
dataset_dir = os.path.join(os.path.dirname(dataset), "aclImdb")
print(os.listdir(dataset_dir))

train_dir = os.path.join(dataset_dir, "train")
print(os.listdir(train_dir))

remove_dir = os.path.join(train_dir, "unsup")
shutil.rmtree(remove_dir)

batch_size = 32
seed = 123
train_ds = tf.keras.utils.text_dataset_from_directory(
    "aclImdb/train", batch_size=batch_size, validation_split=0.2, subset="training", seed=seed
)
val_ds = tf.keras.utils.text_dataset_from_directory(
    "aclImdb/train", batch_size=batch_size, validation_split=0.2, subset="validation", seed=seed
)

for text_batch, label_batch in train_ds.take(1):
    for i in range(5):
        print(label_batch[i].numpy(), text_batch.numpy()[i])

AUTOTUNE = tf.data.AUTOTUNE

train_ds = train_ds.cache().prefetch(buffer_size=AUTOTUNE)
val_ds = val_ds.cache().prefetch(buffer_size=AUTOTUNE)

# Embed a 1,000 word vocabulary into 5 dimensions.
embedding_layer = tf.keras.layers.Embedding(1000, 5)

result = embedding_layer(tf.constant([1, 2, 3]))
print(result.numpy())
looked_up = result.numpy()

result = embedding_layer(tf.constant([[0, 1, 2], [3, 4, 5]]))
print(result.shape)
batch_result_shape = result.shape


# Create a custom standardization function to strip HTML break tags '<br />'.
def custom_standardization(input_data):
    lowercase = tf.strings.lower(input_data)
    stripped_html = tf.strings.regex_replace(lowercase, "<br />", " ")
    return tf.strings.regex_replace(stripped_html, "[%s]" % re.escape(string.punctuation), "")


# Vocabulary size and number of words in a sequence.
vocab_size = 1000
sequence_length = 40

# Use the text vectorization layer to normalize, split, and map strings to
# integers. Note that the layer uses the custom standardization defined above.
# Set maximum_sequence length as all samples are not of the same length.
vectorize_layer = TextVectorization(
    standardize=custom_standardization,
    max_tokens=vocab_size,
    output_mode="int",
    output_sequence_length=sequence_length,
)

# Make a text-only dataset (no labels) and call adapt to build the vocabulary.
text_ds = train_ds.map(lambda x, y: x)
vectorize_layer.adapt(text_ds)

embedding_dim = 16

model = Sequential(
    [
        vectorize_layer,
        Embedding(vocab_size, embedding_dim, name="embedding"),
        GlobalAveragePooling1D(),
        Dense(16, activation="relu"),
        Dense(1),
    ]
)

tensorboard_callback = tf.keras.callbacks.TensorBoard(log_dir="logs")

model.compile(
    optimizer="adam",
    loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=["accuracy"],
)

history = model.fit(train_ds, validation_data=val_ds, epochs=15, callbacks=[tensorboard_callback])

model.summary()

weights = model.get_layer("embedding").get_weights()[0]
vocab = vectorize_layer.get_vocabulary()

out_v = io.open("vectors.tsv", "w", encoding="utf-8")  # noqa: SIM115, UP020
out_m = io.open("metadata.tsv", "w", encoding="utf-8")  # noqa: SIM115, UP020

for index, word in enumerate(vocab):
    if index == 0:
        continue  # skip 0, it's padding.
    vec = weights[index]
    out_v.write("\t".join([str(x) for x in vec]) + "\n")
    out_m.write(word + "\n")
out_v.close()
out_m.close()

# -- what the tutorial shows --------------------------------------------------------------
assert looked_up.shape == (3, 5)
np.testing.assert_array_equal(looked_up, embedding_layer.get_weights()[0][1:4])
assert tuple(batch_result_shape) == (2, 3, 5)
assert text_batch.dtype == tf.string and text_batch.shape == (batch_size,)
assert history.history["val_accuracy"][-1] > 0.9, history.history
assert weights.shape == (vocab_size, embedding_dim)
# Every generated word is in the vocabulary, "br" is stripped with the tags.
assert vocab[:2] == ["", "[UNK]"] and "br" not in vocab
assert set(POSITIVE + NEGATIVE + NEUTRAL) <= set(vocab), set(POSITIVE + NEGATIVE + NEUTRAL) - set(
    vocab
)
with open("metadata.tsv", encoding="utf-8") as f:
    assert f.read().splitlines() == vocab[1:]
vectors = np.loadtxt("vectors.tsv", delimiter="\t", dtype=np.float32)
np.testing.assert_array_equal(vectors, weights[1 : len(vocab)])
assert os.listdir("logs"), "TensorBoard wrote no logs"


# The sentiment words end on opposite sides: near their own kind, far from the others'.
def mean_cosine(words_a, words_b):
    a = weights[[vocab.index(w) for w in words_a]]
    b = weights[[vocab.index(w) for w in words_b]]
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    return float(np.mean(a @ b.T))


assert mean_cosine(POSITIVE, POSITIVE) > mean_cosine(POSITIVE, NEGATIVE)
