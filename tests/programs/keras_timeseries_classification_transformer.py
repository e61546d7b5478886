"""Keras example "Timeseries classification with a Transformer model"
(keras.io/examples/timeseries/timeseries_classification_transformer): encoder blocks of
MultiHeadAttention (self-attention with dropout), Dropout, LayerNormalization and residual
additions of symbolic tensors, a Conv1D feed-forward part, GlobalAveragePooling1D over the
channels-last sequence and a Dense/Dropout head with a softmax, trained with Adam,
sparse categorical accuracy and EarlyStopping(restore_best_weights) on a validation split,
then evaluated.

Changed from the example: the imports; the data (no network here): FordA-shaped series (one
channel, labels -1/1 mapped to 0/1 as the example does) of two noisy oscillations at two
levels, 400 to train and 200 to test, 96 steps long instead of 500; the model shrunk
(head_size 16 instead of 256, 2 heads and 2 blocks instead of 4, mlp_units [32] instead of
[128]) and trained 10 epochs at learning rate 1e-3 instead of up to 200 at 1e-4, so the
program runs in seconds.
"""

import numpy as np

from nnext import keras
from nnext.keras import layers

## Load the dataset


def synthetic_forda(n, length, rng):
    """(x, y) as the example's readucr returns them: a noisy oscillation whose frequency
    and level are set by the label (-1 or 1). The level matters: every LayerNormalization
    here normalizes a single channel (the example's design), so each block adds constants
    to its input and the head sees little more than the series' mean."""
    y = rng.choice([-1, 1], size=n)
    t = np.arange(length)
    freq = np.where(y == 1, 0.12, 0.05)[:, None]
    wave = np.sin(2 * np.pi * freq * t + rng.uniform(0, 6.3, (n, 1)))
    x = wave + y[:, None] + rng.normal(0, 0.5, (n, length))
    return x, y.astype(int)


rng = np.random.default_rng(0)
x_train, y_train = synthetic_forda(400, 96, rng)
x_test, y_test = synthetic_forda(200, 96, rng)

x_train = x_train.reshape((x_train.shape[0], x_train.shape[1], 1))
x_test = x_test.reshape((x_test.shape[0], x_test.shape[1], 1))

n_classes = len(np.unique(y_train))

idx = np.random.permutation(len(x_train))
x_train = x_train[idx]
y_train = y_train[idx]

y_train[y_train == -1] = 0
y_test[y_test == -1] = 0

## Build the model


def transformer_encoder(inputs, head_size, num_heads, ff_dim, dropout=0):
    # Attention and Normalization
    x = layers.MultiHeadAttention(key_dim=head_size, num_heads=num_heads, dropout=dropout)(
        inputs, inputs
    )
    x = layers.Dropout(dropout)(x)
    x = layers.LayerNormalization(epsilon=1e-6)(x)
    res = x + inputs

    # Feed Forward Part
    x = layers.Conv1D(filters=ff_dim, kernel_size=1, activation="relu")(res)
    x = layers.Dropout(dropout)(x)
    x = layers.Conv1D(filters=inputs.shape[-1], kernel_size=1)(x)
    x = layers.LayerNormalization(epsilon=1e-6)(x)
    return x + res


def build_model(
    input_shape,
    head_size,
    num_heads,
    ff_dim,
    num_transformer_blocks,
    mlp_units,
    dropout=0,
    mlp_dropout=0,
):
    inputs = keras.Input(shape=input_shape)
    x = inputs
    for _ in range(num_transformer_blocks):
        x = transformer_encoder(x, head_size, num_heads, ff_dim, dropout)

    x = layers.GlobalAveragePooling1D(data_format="channels_last")(x)
    for dim in mlp_units:
        x = layers.Dense(dim, activation="relu")(x)
        x = layers.Dropout(mlp_dropout)(x)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


## Train and evaluate

input_shape = x_train.shape[1:]

# Not in the example: a seed, so that ten short epochs always learn here (an unlucky
# initialisation stayed near chance once).
keras.utils.set_random_seed(42)
model = build_model(
    input_shape,
    head_size=16,
    num_heads=2,
    ff_dim=4,
    num_transformer_blocks=2,
    mlp_units=[32],
    mlp_dropout=0.4,
    dropout=0.25,
)

model.compile(
    loss="sparse_categorical_crossentropy",
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    metrics=["sparse_categorical_accuracy"],
)
model.summary()

callbacks = [keras.callbacks.EarlyStopping(patience=10, restore_best_weights=True)]

history = model.fit(
    x_train,
    y_train,
    validation_split=0.2,
    epochs=10,
    batch_size=64,
    callbacks=callbacks,
)

results = model.evaluate(x_test, y_test, verbose=1)

# What the example shows: the encoder keeps the (steps, 1) shape, the classifier learns
# the two classes (loss falls, test accuracy above chance).
attention = model.layers[1]
assert isinstance(attention, layers.MultiHeadAttention)
assert attention.output.shape == (None, 96, 1)
assert model.output_shape == (None, 2)
assert history.history["loss"][-1] < history.history["loss"][0], history.history
assert results[1] > 0.7, results
