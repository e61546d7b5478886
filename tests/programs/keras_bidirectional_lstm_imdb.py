"""Keras example "Bidirectional LSTM on IMDB" (keras.io/examples/nlp/bidirectional_lstm_imdb):
Embedding, two Bidirectional LSTMs and a sigmoid classifier over padded reviews, trained with
fit and a validation set.

Changed from the example: the imports; the data (no network here): IMDB-shaped reviews of
word ids whose label is decided by which of two sets of "sentiment" words dominate among
neutral filler words, of random lengths, padded with `keras.utils.pad_sequences` as the
example does; the sizes shrink (a 2,000-word vocabulary, 60 words per review, 1,200 reviews
to train and 400 to validate, 2 epochs) so the program runs in seconds.
"""

import numpy as np

from nnext import keras
from nnext.keras import layers

max_features = 2000  # Only consider the top 2k words
maxlen = 60  # Only consider the first 60 words of each movie review


def synthetic_reviews(n, rng):
    """Lists of word ids (1 = start, as IMDB's) and 0/1 labels: positive reviews use words
    10-59 more often than 60-109, negative ones the reverse."""
    reviews, labels = [], []
    for _ in range(n):
        label = int(rng.integers(2))
        length = int(rng.integers(20, 100))
        words = rng.integers(110, max_features, length)
        sentiment = rng.random(length) < 0.3
        good = rng.integers(10, 60, length)
        bad = rng.integers(60, 110, length)
        pick_good = rng.random(length) < (0.8 if label else 0.2)
        words = np.where(sentiment, np.where(pick_good, good, bad), words)
        reviews.append([1] + words.tolist())
        labels.append(label)
    return reviews, np.array(labels)


# Input for variable-length sequences of integers
inputs = keras.Input(shape=(None,), dtype="int32")
# Embed each integer in a 128-dimensional vector
x = layers.Embedding(max_features, 128)(inputs)
# Add 2 bidirectional LSTMs
x = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(x)
x = layers.Bidirectional(layers.LSTM(64))(x)
# Add a classifier
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.summary()

rng = np.random.default_rng(0)
x_train, y_train = synthetic_reviews(1200, rng)
x_val, y_val = synthetic_reviews(400, rng)
print(len(x_train), "Training sequences")
print(len(x_val), "Validation sequences")
# Use pad_sequence to standardize sequence length:
# this will truncate sequences longer than 60 words and zero-pad sequences shorter than 60 words.
x_train = keras.utils.pad_sequences(x_train, maxlen=maxlen)
x_val = keras.utils.pad_sequences(x_val, maxlen=maxlen)
assert x_train.shape == (1200, maxlen) and x_val.shape == (400, maxlen)

model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(x_train, y_train, batch_size=32, epochs=2, validation_data=(x_val, y_val))

# What the example shows: the model learns the reviews' sentiment.
assert history.history["loss"][-1] < history.history["loss"][0]
assert history.history["val_accuracy"][-1] > 0.8, history.history
