"""Keras example "Text classification with Transformer"
(keras.io/examples/nlp/text_classification_with_transformer): a TransformerBlock layer
(MultiHeadAttention, a feed-forward Sequential, LayerNormalization and Dropout) and a
TokenAndPositionEmbedding layer (two Embeddings, positions from `ops.arange`) written as
custom layers, then GlobalAveragePooling1D and a softmax classifier trained with fit.

Changed from the example: the imports; the data (no network here): IMDB-shaped reviews of
word ids whose label is decided by which of two sets of "sentiment" words dominate among
neutral filler words, of random lengths, padded with `keras.utils.pad_sequences` as the
example does; the sizes shrink (a 2,000-word vocabulary, 64 words per review, 1,600 reviews
to train and 400 to validate) so the program runs in seconds.
"""

import numpy as np

from nnext import keras
from nnext.keras import layers, ops


class TransformerBlock(layers.Layer):
    def __init__(self, embed_dim, num_heads, ff_dim, rate=0.1):
        super().__init__()
        self.att = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.ffn = keras.Sequential(
            [
                layers.Dense(ff_dim, activation="relu"),
                layers.Dense(embed_dim),
            ]
        )
        self.layernorm1 = layers.LayerNormalization(epsilon=1e-6)
        self.layernorm2 = layers.LayerNormalization(epsilon=1e-6)
        self.dropout1 = layers.Dropout(rate)
        self.dropout2 = layers.Dropout(rate)

    def call(self, inputs):
        attn_output = self.att(inputs, inputs)
        attn_output = self.dropout1(attn_output)
        out1 = self.layernorm1(inputs + attn_output)
        ffn_output = self.ffn(out1)
        ffn_output = self.dropout2(ffn_output)
        return self.layernorm2(out1 + ffn_output)


class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim):
        super().__init__()
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        maxlen = ops.shape(x)[-1]
        positions = ops.arange(start=0, stop=maxlen, step=1)
        positions = self.pos_emb(positions)
        x = self.token_emb(x)
        return x + positions


def synthetic_reviews(n, rng):
    """Lists of word ids (1 = start, as IMDB's) and 0/1 labels: positive reviews use words
    10-59 more often than 60-109, negative ones the reverse."""
    reviews, labels = [], []
    for _ in range(n):
        label = int(rng.integers(2))
        length = int(rng.integers(20, 100))
        words = rng.integers(110, vocab_size, length)
        sentiment = rng.random(length) < 0.3
        good = rng.integers(10, 60, length)
        bad = rng.integers(60, 110, length)
        pick_good = rng.random(length) < (0.8 if label else 0.2)
        words = np.where(sentiment, np.where(pick_good, good, bad), words)
        reviews.append([1] + words.tolist())
        labels.append(label)
    return reviews, np.array(labels)


vocab_size = 2000  # Only consider the top 2k words
maxlen = 64  # Only consider the first 64 words of each movie review
rng = np.random.default_rng(0)
(x_train, y_train), (x_val, y_val) = synthetic_reviews(1600, rng), synthetic_reviews(400, rng)
print(len(x_train), "Training sequences")
print(len(x_val), "Validation sequences")
x_train = keras.utils.pad_sequences(x_train, maxlen=maxlen)
x_val = keras.utils.pad_sequences(x_val, maxlen=maxlen)

embed_dim = 32  # Embedding size for each token
num_heads = 2  # Number of attention heads
ff_dim = 32  # Hidden layer size in feed forward network inside transformer

inputs = layers.Input(shape=(maxlen,))
embedding_layer = TokenAndPositionEmbedding(maxlen, vocab_size, embed_dim)
x = embedding_layer(inputs)
transformer_block = TransformerBlock(embed_dim, num_heads, ff_dim)
x = transformer_block(x)
x = layers.GlobalAveragePooling1D()(x)
x = layers.Dropout(0.1)(x)
x = layers.Dense(20, activation="relu")(x)
x = layers.Dropout(0.1)(x)
outputs = layers.Dense(2, activation="softmax")(x)

model = keras.Model(inputs=inputs, outputs=outputs)

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x_train, y_train, batch_size=32, epochs=2, validation_data=(x_val, y_val))

# What the example shows: the transformer classifies the reviews' sentiment.
assert x_train.shape == (1600, maxlen) and x_val.shape == (400, maxlen)
assert model.output_shape == (None, 2)
assert history.history["loss"][-1] < history.history["loss"][0]
assert history.history["val_accuracy"][-1] > 0.8, history.history
