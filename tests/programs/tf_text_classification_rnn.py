"""TensorFlow tutorial "Text classification with an RNN"
(tensorflow.org/text/tutorials/text_classification_rnn): a dataset of (review, label)
string/integer pairs shuffled and batched, a `TextVectorization` encoder adapted on
`train_dataset.map(lambda text, label: text)`, a Sequential model of the encoder, an
`Embedding(mask_zero=True)`, a `Bidirectional(LSTM)` and two Dense layers, whose
predictions on raw strings do not change when a longer, padded sentence shares the batch;
then the same with two stacked bidirectional LSTMs.

Changed from the tutorial: the imports; the data (no network here): instead of
`tfds.load('imdb_reviews', as_supervised=True)`, generated reviews whose sentiment words
decide the label, in `tf.data.Dataset.from_tensor_slices((texts, labels))` datasets of the
same element spec; the sizes shrink (640 training and 192 test reviews, a 200-word
vocabulary, LSTMs of 16 and 8 units, 3 epochs, 30 validation steps become 3, a padding
sentence of 200 words instead of 2,000) so the program runs in seconds; the random seed
set; the non-interactive matplotlib backend.
"""

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import nnext as tf

# -- the data: IMDB-like reviews instead of the TFDS download ---------------------------
POSITIVE = ["great", "wonderful", "brilliant", "loved", "superb", "cool", "recommend"]
NEGATIVE = ["awful", "boring", "terrible", "hated", "dull", "waste", "worst"]
NEUTRAL = [
    "the",
    "movie",
    "film",
    "plot",
    "actor",
    "story",
    "scene",
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
    "its",
    "his",
    "her",
    "their",
    "camera",
    "music",
    "ending",
    "script",
    "cast",
    "animation",
    "graphics",
]


def make_reviews(count, rng):
    texts, labels = [], []
    for i in range(count):
        label = i % 2
        words = list(rng.choice(NEUTRAL, size=rng.integers(8, 20)))
        for _ in range(rng.integers(2, 5)):
            words.insert(rng.integers(0, len(words)), rng.choice(POSITIVE if label else NEGATIVE))
        texts.append(" ".join(words).capitalize() + rng.choice([".", "!", ". <br />"]))
        labels.append(label)
    return texts, np.array(labels, dtype=np.int64)


rng = np.random.default_rng(0)
train_dataset = tf.data.Dataset.from_tensor_slices(make_reviews(640, rng))
test_dataset = tf.data.Dataset.from_tensor_slices(make_reviews(192, rng))
# Seeded, so that three short epochs on a small dataset always learn.
tf.keras.utils.set_random_seed(0)

# -- the tutorial ------------------------------------------------------------------------


def plot_graphs(history, metric):
    plt.plot(history.history[metric])
    plt.plot(history.history["val_" + metric], "")
    plt.xlabel("Epochs")
    plt.ylabel(metric)
    plt.legend([metric, "val_" + metric])


print(train_dataset.element_spec)

for example, label in train_dataset.take(1):
    print("text: ", example.numpy())
    print("label: ", label.numpy())

BUFFER_SIZE = 10000
BATCH_SIZE = 64

train_dataset = train_dataset.shuffle(BUFFER_SIZE).batch(BATCH_SIZE).prefetch(tf.data.AUTOTUNE)
test_dataset = test_dataset.batch(BATCH_SIZE).prefetch(tf.data.AUTOTUNE)

for example, label in train_dataset.take(1):
    print("texts: ", example.numpy()[:3])
    print()
    print("labels: ", label.numpy()[:3])

VOCAB_SIZE = 200
encoder = tf.keras.layers.TextVectorization(max_tokens=VOCAB_SIZE)
encoder.adapt(train_dataset.map(lambda text, label: text))

vocab = np.array(encoder.get_vocabulary())
print(vocab[:20])

encoded_example = encoder(example)[:3].numpy()
print(encoded_example)

for n in range(3):
    print("Original: ", example[n].numpy())
    print("Round-trip: ", " ".join(vocab[encoded_example[n]]))
    print()

model = tf.keras.Sequential(
    [
        encoder,
        tf.keras.layers.Embedding(
            input_dim=len(encoder.get_vocabulary()),
            output_dim=64,
            # Use masking to handle the variable sequence lengths
            mask_zero=True,
        ),
        tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(16)),
        tf.keras.layers.Dense(64, activation="relu"),
        tf.keras.layers.Dense(1),
    ]
)

print([layer.supports_masking for layer in model.layers])
supports_masking = [layer.supports_masking for layer in model.layers]

# predict on a sample text without padding.

sample_text = (
    "The movie was cool. The animation and the graphics "
    "were out of this world. I would recommend this movie."
)
predictions = model.predict(np.array([sample_text]))
print(predictions[0])
alone = predictions[0]

# predict on a sample text with padding

padding = "the " * 200
predictions = model.predict(np.array([sample_text, padding]))
print(predictions[0])
padded = predictions[0]

model.compile(
    loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
    optimizer=tf.keras.optimizers.Adam(1e-2),
    metrics=["accuracy"],
)

history = model.fit(train_dataset, epochs=3, validation_data=test_dataset, validation_steps=3)

test_loss, test_acc = model.evaluate(test_dataset)

print("Test Loss:", test_loss)
print("Test Accuracy:", test_acc)

plt.figure(figsize=(16, 8))
plt.subplot(1, 2, 1)
plot_graphs(history, "accuracy")
plt.ylim(None, 1)
plt.subplot(1, 2, 2)
plot_graphs(history, "loss")
plt.ylim(0, None)

sample_text = (
    "The movie was cool. The animation and the graphics "
    "were out of this world. I would recommend this movie."
)
predictions = model.predict(np.array([sample_text]))
first_sample_prediction = predictions

model = tf.keras.Sequential(
    [
        encoder,
        tf.keras.layers.Embedding(len(encoder.get_vocabulary()), 64, mask_zero=True),
        tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(16, return_sequences=True)),
        tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(8)),
        tf.keras.layers.Dense(64, activation="relu"),
        tf.keras.layers.Dropout(0.5),
        tf.keras.layers.Dense(1),
    ]
)

model.compile(
    loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
    optimizer=tf.keras.optimizers.Adam(1e-2),
    metrics=["accuracy"],
)

history = model.fit(train_dataset, epochs=3, validation_data=test_dataset, validation_steps=3)

test_loss, test_acc = model.evaluate(test_dataset)

print("Test Loss:", test_loss)
print("Test Accuracy:", test_acc)

# predict on a sample text without padding.

sample_text = (
    "The movie was cool. The animation and the graphics "
    "were out of this world. I would recommend this movie."
)
predictions = model.predict(np.array([sample_text]))
print(predictions)

plt.figure(figsize=(16, 6))
plt.subplot(1, 2, 1)
plot_graphs(history, "accuracy")
plt.subplot(1, 2, 2)
plot_graphs(history, "loss")

# -- what the tutorial shows --------------------------------------------------------------
assert example.dtype == tf.string and example.shape == (BATCH_SIZE,)
assert list(vocab[:2]) == ["", "[UNK]"] and vocab[2] == "the", vocab[:5]
assert len(vocab) <= VOCAB_SIZE
assert encoded_example.shape[0] == 3
assert supports_masking == [False, True, True, True, True], supports_masking
# Masking: the padded batch gives the sample the prediction it gets alone.
np.testing.assert_allclose(alone, padded, rtol=1e-5, atol=1e-6)
assert test_acc > 0.8, test_acc
assert first_sample_prediction.shape == (1, 1) and first_sample_prediction[0, 0] > 0
assert predictions[0, 0] > 0, predictions
