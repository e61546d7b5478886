"""Keras example "Timeseries forecasting for weather prediction" (keras.io/examples/
timeseries/timeseries_weather_forecasting): a pandas table of 14 weather features recorded
every 10 minutes, 7 of them normalized with the training split's mean and std, windows of
the past 720 observations sampled hourly (`sampling_rate=6`) by
`keras.preprocessing.timeseries_dataset_from_array` with the temperature 72 observations
later as target, an `LSTM(32)` + `Dense(1)` functional model trained with `fit`, the
`EarlyStopping` and `ModelCheckpoint(save_weights_only=True, save_best_only=True)`
callbacks on `val_loss`, and single-step predictions on validation batches.

Changed from the example: the imports; the data (no network here): 6,000 rows of a
synthetic Jena-like table (the CSV's 15 columns: daily and slower cycles of temperature and
pressure, humidity, the vapour pressures, specific humidity, water vapour concentration and
air density derived from them as physics relates them, wind speed and direction) in place of
the 420,551-row `jena_climate_2009_2016.csv` download; 3 epochs instead of 1 (10 in the
older version); the checkpoint is written to a temporary folder; the matplotlib plots become
assertions.
"""

import os
import tempfile

import numpy as np
import pandas as pd

from nnext import keras

# Climate Data Time-Series (a local stand-in for the Jena CSV)
rng = np.random.default_rng(0)
n_rows = 6000
t = np.arange(n_rows)  # one row every 10 minutes
day = 2 * np.pi * t / 144
temp = 9 + 7 * np.sin(day - 2) + 4 * np.sin(2 * np.pi * t / 2000) + rng.normal(0, 0.3, n_rows)
pressure = 990 + 6 * np.sin(2 * np.pi * t / 1500) + rng.normal(0, 0.2, n_rows)
rh = np.clip(75 - 15 * np.sin(day - 2) + rng.normal(0, 3, n_rows), 10, 100)
vp_max = 6.1078 * np.exp(17.27 * temp / (temp + 237.3))
vp_act = rh / 100 * vp_max
tdew = 237.3 * np.log(vp_act / 6.1078) / (17.27 - np.log(vp_act / 6.1078))
wv = rng.gamma(2.0, 1.0, n_rows)
df = pd.DataFrame(
    {
        "Date Time": pd.date_range("2009-01-01 00:10:00", periods=n_rows, freq="10min").strftime(
            "%d.%m.%Y %H:%M:%S"
        ),
        "p (mbar)": pressure,
        "T (degC)": temp,
        "Tpot (K)": (temp + 273.15) * (1000 / pressure) ** 0.286,
        "Tdew (degC)": tdew,
        "rh (%)": rh,
        "VPmax (mbar)": vp_max,
        "VPact (mbar)": vp_act,
        "VPdef (mbar)": vp_max - vp_act,
        "sh (g/kg)": 622 * vp_act / pressure,
        "H2OC (mmol/mol)": 1000 * vp_act / pressure,
        "rho (g/m**3)": 100 * pressure / (287.05 * (temp + 273.15)) * 1000,
        "wv (m/s)": wv,
        "max. wv (m/s)": wv * rng.uniform(1.2, 2.0, n_rows),
        "wd (deg)": rng.uniform(0, 360, n_rows),
    }
)

titles = [
    "Pressure",
    "Temperature",
    "Temperature in Kelvin",
    "Temperature (dew point)",
    "Relative Humidity",
    "Saturation vapor pressure",
    "Vapor pressure",
    "Vapor pressure deficit",
    "Specific humidity",
    "Water vapor concentration",
    "Airtight",
    "Wind speed",
    "Maximum wind speed",
    "Wind direction in degrees",
]

feature_keys = [
    "p (mbar)",
    "T (degC)",
    "Tpot (K)",
    "Tdew (degC)",
    "rh (%)",
    "VPmax (mbar)",
    "VPact (mbar)",
    "VPdef (mbar)",
    "sh (g/kg)",
    "H2OC (mmol/mol)",
    "rho (g/m**3)",
    "wv (m/s)",
    "max. wv (m/s)",
    "wd (deg)",
]

date_time_key = "Date Time"
assert list(df.columns) == [date_time_key] + feature_keys

# Data Preprocessing
split_fraction = 0.715
train_split = int(split_fraction * int(df.shape[0]))
step = 6

past = 720
future = 72
learning_rate = 0.001
batch_size = 256
epochs = 3


def normalize(data, train_split):
    data_mean = data[:train_split].mean(axis=0)
    data_std = data[:train_split].std(axis=0)
    return (data - data_mean) / data_std


print(
    "The selected parameters are:",
    ", ".join([titles[i] for i in [0, 1, 5, 7, 8, 10, 11]]),
)
selected_features = [feature_keys[i] for i in [0, 1, 5, 7, 8, 10, 11]]
features = df[selected_features]
features.index = df[date_time_key]
features.head()

features = normalize(features.values, train_split)
features = pd.DataFrame(features)
features.head()

train_data = features.loc[0 : train_split - 1]
val_data = features.loc[train_split:]

# Training dataset: the labels start from the 792nd observation (720 + 72).
start = past + future
end = start + train_split

x_train = train_data[[i for i in range(7)]].values
y_train = features.iloc[start:end][[1]]

sequence_length = int(past / step)

dataset_train = keras.preprocessing.timeseries_dataset_from_array(
    x_train,
    y_train,
    sequence_length=sequence_length,
    sampling_rate=step,
    batch_size=batch_size,
)

# Validation dataset
x_end = len(val_data) - past - future

label_start = train_split + past + future

x_val = val_data.iloc[:x_end][[i for i in range(7)]].values
y_val = features.iloc[label_start:][[1]]

dataset_val = keras.preprocessing.timeseries_dataset_from_array(
    x_val,
    y_val,
    sequence_length=sequence_length,
    sampling_rate=step,
    batch_size=batch_size,
)


for batch in dataset_train.take(1):
    inputs, targets = batch

print("Input shape:", inputs.numpy().shape)
print("Target shape:", targets.numpy().shape)

# What the example shows: 120 hourly steps of 7 features, one target each.
assert inputs.numpy().shape == (256, 120, 7), inputs.numpy().shape
assert targets.numpy().shape == (256, 1), targets.numpy().shape
# The first window is rows 0, 6, ..., 714 of the training features; its target the
# temperature 792 rows on.
np.testing.assert_allclose(inputs.numpy()[0], x_train[0:720:6], rtol=1e-6)
np.testing.assert_allclose(targets.numpy()[0, 0], features.iloc[792][1], rtol=1e-6)
train_windows = len(x_train) - (sequence_length - 1) * step
val_windows = len(x_val) - (sequence_length - 1) * step
assert int(dataset_train.cardinality()) == -(-train_windows // batch_size)
assert int(dataset_val.cardinality()) == -(-val_windows // batch_size)

# Training
inputs = keras.layers.Input(shape=(inputs.shape[1], inputs.shape[2]))
lstm_out = keras.layers.LSTM(32)(inputs)
outputs = keras.layers.Dense(1)(lstm_out)

model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss="mse")
model.summary()

assert model.name == "functional"
assert tuple(model.output.shape) == (None, 1)
assert model.count_params() == 5153  # the example's summary: 5,120 + 33

checkpoint_dir = tempfile.TemporaryDirectory()
path_checkpoint = os.path.join(checkpoint_dir.name, "model_checkpoint.weights.h5")
es_callback = keras.callbacks.EarlyStopping(monitor="val_loss", min_delta=0, patience=5)

modelckpt_callback = keras.callbacks.ModelCheckpoint(
    monitor="val_loss",
    filepath=path_checkpoint,
    verbose=1,
    save_weights_only=True,
    save_best_only=True,
)

history = model.fit(
    dataset_train,
    epochs=epochs,
    validation_data=dataset_val,
    callbacks=[es_callback, modelckpt_callback],
)


# The loss curves (the plot becomes assertions)
def visualize_loss(history, title):
    loss = history.history["loss"]
    val_loss = history.history["val_loss"]
    epochs = range(len(loss))
    return list(epochs), loss, val_loss


epoch_range, loss, val_loss = visualize_loss(history, "Training and Validation Loss")
print("loss:", loss, "val_loss:", val_loss)
assert epoch_range == [0, 1, 2]
assert loss[-1] < loss[0], loss
assert min(val_loss) < 0.5, val_loss  # well under the variance (1) of the normalized target
# ModelCheckpoint kept the weights of the best validation epoch.
assert os.path.exists(path_checkpoint)
final_weights = [w.numpy().copy() for w in model.weights]
model.load_weights(path_checkpoint)
best_val = model.evaluate(dataset_val, verbose=0)
np.testing.assert_allclose(best_val, min(val_loss), rtol=1e-4)
if int(np.argmin(val_loss)) == len(val_loss) - 1:
    for w, final in zip(model.weights, final_weights):
        np.testing.assert_array_equal(w.numpy(), final)


# Prediction: single-step predictions for 5 batches of the validation set (the plots become
# the values they would show).
def show_plot(plot_data, delta, title):
    time_steps = list(range(-(plot_data[0].shape[0]), 0))
    if delta:
        future = delta
    else:
        future = 0
    return time_steps, future


shown = 0
for x, y in dataset_val.take(5):
    plot_data = [x[0][:, 1].numpy(), y[0].numpy(), model.predict(x)[0]]
    time_steps, delta = show_plot(plot_data, 12, "Single Step Prediction")
    assert plot_data[0].shape == (120,) and time_steps[0] == -120 and delta == 12
    assert plot_data[1].shape == (1,) and plot_data[2].shape == (1,)
    assert abs(float(plot_data[2][0]) - float(plot_data[1][0])) < 2.0
    shown += 1
assert shown == int(dataset_val.cardinality())  # the validation set has fewer than 5 batches

checkpoint_dir.cleanup()
