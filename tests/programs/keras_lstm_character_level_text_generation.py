"""Keras example "Character-level text generation with LSTM" (keras.io/examples/generative/
lstm_character_level_text_generation): a corpus cut into semi-redundant 40-character
sequences, one-hot encoded into boolean arrays, a Sequential `LSTM(128)` + softmax `Dense`
model trained with `RMSprop(learning_rate=0.01)` one epoch at a time, and after each epoch
text generated character by character with `predict` and temperature sampling at four
diversities.

Changed from the example: the imports; the data (no network here): the docstrings of 23
standard-library modules (about 28,000 characters of English prose and code, read from the
running Python) in place of the `nietzsche.txt` download; 2 epochs instead of 40; 40
generated characters per diversity instead of 400.
"""

import importlib
import random
import sys

import numpy as np

from nnext import keras
from nnext.keras import layers

# Prepare the data
modules = [
    "argparse",
    "collections",
    "csv",
    "datetime",
    "difflib",
    "doctest",
    "email",
    "functools",
    "heapq",
    "inspect",
    "itertools",
    "json",
    "logging",
    "os",
    "pickle",
    "random",
    "re",
    "string",
    "subprocess",
    "textwrap",
    "threading",
    "unittest",
    "zipfile",
]
text = "\n".join(importlib.import_module(m).__doc__ or "" for m in modules).lower()
print("corpus length:", len(text))

chars = sorted(set(text))
print("total chars:", len(chars))
char_indices = {c: i for i, c in enumerate(chars)}
indices_char = {i: c for i, c in enumerate(chars)}

# cut the text in semi-redundant sequences of maxlen characters
maxlen = 40
step = 3
sentences = []
next_chars = []
for i in range(0, len(text) - maxlen, step):
    sentences.append(text[i : i + maxlen])
    next_chars.append(text[i + maxlen])
print("Number of sequences:", len(sentences))

x = np.zeros((len(sentences), maxlen, len(chars)), dtype="bool")
y = np.zeros((len(sentences), len(chars)), dtype="bool")
for i, sentence in enumerate(sentences):
    for t, char in enumerate(sentence):
        x[i, t, char_indices[char]] = 1
    y[i, char_indices[next_chars[i]]] = 1

assert len(sentences) == len(range(0, len(text) - maxlen, step))
assert x.shape == (len(sentences), 40, len(chars)) and x.dtype == np.bool_
assert (x.sum(axis=2) == 1).all() and (y.sum(axis=1) == 1).all()

# Build the model: a single LSTM layer
model = keras.Sequential(
    [
        keras.Input(shape=(maxlen, len(chars))),
        layers.LSTM(128),
        layers.Dense(len(chars), activation="softmax"),
    ]
)
optimizer = keras.optimizers.RMSprop(learning_rate=0.01)
model.compile(loss="categorical_crossentropy", optimizer=optimizer)
model.summary()
n = len(chars)
assert model.count_params() == 4 * 128 * (n + 128 + 1) + 128 * n + n


# Prepare the text sampling function
def sample(preds, temperature=1.0):
    # helper function to sample an index from a probability array
    preds = np.asarray(preds).astype("float64")
    preds = np.log(preds) / temperature
    exp_preds = np.exp(preds)
    preds = exp_preds / np.sum(exp_preds)
    probas = np.random.multinomial(1, preds, 1)
    return np.argmax(probas)


# Train the model
epochs = 2
batch_size = 128

losses = []
for epoch in range(epochs):
    history = model.fit(x, y, batch_size=batch_size, epochs=1)
    losses.append(history.history["loss"][0])
    print()
    print("Generating text after epoch: %d" % epoch)

    start_index = random.randint(0, len(text) - maxlen - 1)
    for diversity in [0.2, 0.5, 1.0, 1.2]:
        print("...Diversity:", diversity)

        generated = ""
        sentence = text[start_index : start_index + maxlen]
        print('...Generating with seed: "' + sentence + '"')

        for i in range(40):
            x_pred = np.zeros((1, maxlen, len(chars)))
            for t, char in enumerate(sentence):
                x_pred[0, t, char_indices[char]] = 1.0
            preds = model.predict(x_pred, verbose=0)[0]
            next_index = sample(preds, diversity)
            next_char = indices_char[next_index]
            sentence = sentence[1:] + next_char
            generated += next_char

        print("...Generated: ", generated)
        print()
        sys.stdout.flush()
        # Each generated character comes from the corpus's alphabet, fed back as input.
        assert len(generated) == 40 and set(generated) <= set(chars)
        assert sentence == (text[start_index : start_index + maxlen] + generated)[-maxlen:]

# What the example shows: the model learns the corpus's next-character distribution.
print("losses:", losses)
assert losses[1] < losses[0], losses
assert losses[1] < np.log(len(chars)), losses  # better than a uniform guess
probs = model.predict(x, verbose=0)
np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
top1 = (probs.argmax(axis=1) == y.argmax(axis=1)).mean()
commonest = np.bincount(y.argmax(axis=1)).max() / len(y)
print("next-character accuracy:", top1, "commonest character's share:", commonest)
assert top1 > commonest + 0.03, (top1, commonest)  # beats always guessing the commonest
