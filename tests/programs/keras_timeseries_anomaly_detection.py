"""Keras example "Timeseries anomaly detection using an Autoencoder" (keras.io/examples/
timeseries/timeseries_anomaly_detection): a Conv1D / Conv1DTranspose reconstruction
autoencoder (a Sequential model) trained on 288-step windows of a normalized daily signal
with `EarlyStopping` on `val_loss`, the largest training reconstruction MAE as the anomaly
threshold, and the test points whose every window is over it flagged as anomalies.

Changed from the example: the imports; the data (no network here): two pandas series in
the shape of the Numenta Anomaly Benchmark files the example reads (`art_daily_small_noise`
and `art_daily_jumpsup`: a value every 5 minutes for 14 days, a daily pattern of a low
night level and a high daytime plateau, small noise; the test series has its daytime
plateau jump up on one day), made with NumPy in place of the CSV downloads; 6 epochs
instead of 50; the matplotlib plots become assertions.
"""

import numpy as np
import pandas as pd

from nnext import keras
from nnext.keras import layers

# Load the data (a local stand-in for the two NAB files)
rng = np.random.default_rng(0)
timestamps = pd.date_range("2014-04-01 00:00:00", periods=288 * 14, freq="5min")
minute_of_day = (timestamps.hour * 60 + timestamps.minute).to_numpy()
plateau = (minute_of_day >= 9 * 60) & (minute_of_day < 15 * 60)
ramp_up = (minute_of_day >= 8 * 60) & (minute_of_day < 9 * 60)
ramp_down = (minute_of_day >= 15 * 60) & (minute_of_day < 16 * 60)


def daily_signal(day_levels):
    level = np.repeat(day_levels, 288)
    value = np.full(len(timestamps), 20.0)
    value[plateau] = level[plateau]
    value[ramp_up] = 20 + (level[ramp_up] - 20) * (minute_of_day[ramp_up] - 480) / 60
    value[ramp_down] = (
        level[ramp_down] - (level[ramp_down] - 20) * (minute_of_day[ramp_down] - 900) / 60
    )
    return value + rng.normal(0, 2.0, len(timestamps))


df_small_noise = pd.DataFrame(
    {"value": daily_signal(np.full(14, 80.0))}, index=pd.Index(timestamps, name="timestamp")
)
jump_day = 11
levels = np.full(14, 80.0)
levels[jump_day] = 160.0
df_daily_jumpsup = pd.DataFrame(
    {"value": daily_signal(levels)}, index=pd.Index(timestamps, name="timestamp")
)

# Quick look at the data
print(df_small_noise.head())

print(df_daily_jumpsup.head())

# Prepare training data: a value every 5 minutes for 14 days, 288 timesteps per day,
# 4032 data points in total.

# Normalize and save the mean and std we get,
# for normalizing test data.
training_mean = df_small_noise.mean()
training_std = df_small_noise.std()
df_training_value = (df_small_noise - training_mean) / training_std
print("Number of training samples:", len(df_training_value))
assert len(df_training_value) == 4032

# Create sequences combining `TIME_STEPS` contiguous data values from the training data.
TIME_STEPS = 288


# Generated training sequences for use in the model.
def create_sequences(values, time_steps=TIME_STEPS):
    output = []
    for i in range(len(values) - time_steps + 1):
        output.append(values[i : (i + time_steps)])
    return np.stack(output)


x_train = create_sequences(df_training_value.values)
print("Training input shape: ", x_train.shape)
assert x_train.shape == (3745, 288, 1)

# Build a model
model = keras.Sequential(
    [
        layers.Input(shape=(x_train.shape[1], x_train.shape[2])),
        layers.Conv1D(filters=32, kernel_size=7, padding="same", strides=2, activation="relu"),
        layers.Dropout(rate=0.2),
        layers.Conv1D(filters=16, kernel_size=7, padding="same", strides=2, activation="relu"),
        layers.Conv1DTranspose(
            filters=16, kernel_size=7, padding="same", strides=2, activation="relu"
        ),
        layers.Dropout(rate=0.2),
        layers.Conv1DTranspose(
            filters=32, kernel_size=7, padding="same", strides=2, activation="relu"
        ),
        layers.Conv1DTranspose(filters=1, kernel_size=7, padding="same"),
    ]
)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse")
model.summary()

# What the summary shows: the example's shapes and 9,505 parameters
# (256 + 3,600 + 1,808 + 3,616 + 225).
assert [tuple(layer.output.shape) for layer in model.layers] == [
    (None, 144, 32),
    (None, 144, 32),
    (None, 72, 16),
    (None, 144, 16),
    (None, 144, 16),
    (None, 288, 32),
    (None, 288, 1),
]
assert model.count_params() == (7 * 32 + 32) + (7 * 32 * 16 + 16) + (7 * 16 * 16 + 16) + (
    7 * 16 * 32 + 32
) + (7 * 32 + 1)

# Train the model: x_train is both the input and the target.
history = model.fit(
    x_train,
    x_train,
    epochs=6,
    batch_size=128,
    validation_split=0.1,
    callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, mode="min")],
)

# The training and validation losses (the plot becomes assertions).
print("loss:", history.history["loss"], "val_loss:", history.history["val_loss"])
assert len(history.history["loss"]) == 6  # EarlyStopping(patience=5) did not stop it
assert history.history["loss"][-1] < 0.25 * history.history["loss"][0], history.history
assert history.history["val_loss"][-1] < history.history["val_loss"][0]

# Detecting anomalies
# Get train MAE loss.
x_train_pred = model.predict(x_train)
train_mae_loss = np.mean(np.abs(x_train_pred - x_train), axis=1)
assert train_mae_loss.shape == (3745, 1)

# Get reconstruction loss threshold.
threshold = np.max(train_mae_loss)
print("Reconstruction error threshold: ", threshold)

# Checking how the first sequence is learnt: the reconstruction follows the first day.
assert np.corrcoef(x_train[0, :, 0], x_train_pred[0, :, 0])[0, 1] > 0.9

# Prepare test data
df_test_value = (df_daily_jumpsup - training_mean) / training_std

# Create sequences from test values.
x_test = create_sequences(df_test_value.values)
print("Test input shape: ", x_test.shape)

# Get test MAE loss.
x_test_pred = model.predict(x_test)
test_mae_loss = np.mean(np.abs(x_test_pred - x_test), axis=1)
test_mae_loss = test_mae_loss.reshape(-1)

# Detect all the samples which are anomalies.
anomalies = test_mae_loss > threshold
print("Number of anomaly samples: ", np.sum(anomalies))
print("Indices of anomaly samples: ", np.where(anomalies))

# data i is an anomaly if samples [(i - timesteps + 1) to (i)] are anomalies
anomalous_data_indices = []
for data_idx in range(TIME_STEPS - 1, len(df_test_value) - TIME_STEPS + 1):
    if np.all(anomalies[data_idx - TIME_STEPS + 1 : data_idx]):
        anomalous_data_indices.append(data_idx)

df_subset = df_daily_jumpsup.iloc[anomalous_data_indices]
print(df_subset.head())

# What the example shows: the jump is detected, and only the jump: every flagged point lies
# in the day whose plateau jumped, and the windows over the jumped plateau are flagged.
assert len(anomalous_data_indices) > 0
assert all(jump_day * 288 <= i < (jump_day + 1) * 288 for i in anomalous_data_indices)
assert set(df_subset.index.day) == {timestamps[jump_day * 288].day}
jump_windows = anomalies[jump_day * 288 + 15 * 12 - TIME_STEPS + 1 : jump_day * 288 + 9 * 12]
assert jump_windows.all()
