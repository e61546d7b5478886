"""TensorFlow tutorial "Load CSV data" (tensorflow.org/tutorials/load_data/csv), its
in-memory parts: the abalone CSV read with pandas into one NumPy array for a Sequential
regression, then with a `Normalization` layer adapted on it; the Titanic CSV's mixed
columns as a dict of `keras.Input`s (float32 and string), numeric columns concatenated and
normalized, string columns through `StringLookup` and `CategoryEncoding`, a preprocessing
model and a model on top of it, trained on a dict of NumPy arrays, saved and reloaded with
identical results; then the same data through `tf.data.Dataset.from_tensor_slices` of the
dict (and of `(dict, labels)` pairs), shuffled, batched and fitted; then CSV files read
with `tf.data.experimental.make_csv_dataset` (names from the header, types inferred, a
label column; a GZIP file) and a dataset iterated with and without `cache()`.

Changed from the tutorial: the imports; the data (no network here): instead of the
abalone, Titanic and metro traffic downloads, CSVs of the same columns are generated into a
temporary folder (3,320 abalones whose age follows their shell weight, 627 passengers whose
survival follows sex and class, 512 gzipped hours of traffic); the `%%time` cells time
with `time.time()`; the model is saved as 'test.keras' (Keras 3 saves only the .keras
format; the tutorial's bare name dates from Keras 2); text columns are recognised with
`pd.api.types.is_string_dtype` where the tutorial tests `dtype == object` (pandas 3 reads
them as `str`); `plot_model` is left out (it needs pydot and Graphviz). The tutorial's
sections after caching (`snapshot`, multiple files, `tf.data.TextLineDataset`,
`tf.io.decode_csv`, `CsvDataset` of the font files) are left out: nnext has no snapshot,
TextLineDataset or decode_csv.
"""

import itertools
import os
import tempfile
import time

import numpy as np
import pandas as pd

import nnext as tf
from nnext.keras import layers

# -- the data: abalone- and Titanic-shaped CSVs instead of the downloads ----------------
rng = np.random.default_rng(0)
work_dir = tempfile.mkdtemp()
n = 3320
length = rng.uniform(0.1, 0.8, n)
shell = length**2 * rng.uniform(0.5, 0.9, n)
abalone = pd.DataFrame(
    {
        "Length": length,
        "Diameter": length * 0.8,
        "Height": length * 0.3,
        "Whole weight": shell * 3,
        "Shucked weight": shell * 1.2,
        "Viscera weight": shell * 0.6,
        "Shell weight": shell,
        "Age": np.round(4 + 25 * shell + rng.normal(0, 1, n)),
    }
)
abalone_file = os.path.join(work_dir, "abalone_train.csv")
abalone.to_csv(abalone_file, header=False, index=False)

m = 627
sex = rng.choice(["male", "female"], m)
klass = rng.choice(["First", "Second", "Third"], m, p=[0.25, 0.2, 0.55])
survived = (
    rng.random(m) < np.where(sex == "female", 0.75, 0.2) + np.where(klass == "First", 0.15, 0)
).astype(int)
titanic_frame = pd.DataFrame(
    {
        "survived": survived,
        "sex": sex,
        "age": np.round(rng.uniform(1, 70, m)),
        "n_siblings_spouses": rng.integers(0, 4, m),
        "parch": rng.integers(0, 3, m),
        "fare": np.round(rng.uniform(5, 100, m), 4),
        "class": klass,
        "deck": rng.choice(["unknown", "A", "B", "C", "D", "E"], m),
        "embark_town": rng.choice(["Southampton", "Cherbourg", "Queenstown"], m),
        "alone": rng.choice(["y", "n"], m),
    }
)
titanic_file = os.path.join(work_dir, "train.csv")
titanic_frame.to_csv(titanic_file, index=False)
k = 512
traffic = pd.DataFrame(
    {
        "holiday": rng.choice(["None", "Columbus Day"], k, p=[0.95, 0.05]),
        "temp": np.round(rng.uniform(250, 300, k), 2),
        "rain_1h": np.round(rng.exponential(0.2, k), 2),
        "snow_1h": 0.0,
        "clouds_all": rng.integers(0, 100, k),
        "weather_main": rng.choice(["Clouds", "Clear", "Rain"], k),
        "weather_description": rng.choice(["scattered clouds", "sky is clear", "light rain"], k),
        "date_time": [f"2012-10-{2 + i // 24:02d} {i % 24:02d}:00:00" for i in range(k)],
        "traffic_volume": rng.integers(100, 7000, k),
    }
)
os.makedirs(os.path.join(work_dir, "traffic"))
traffic_volume_csv_gz = os.path.join(work_dir, "traffic", "Metro_Interstate_Traffic_Volume.csv.gz")
traffic.to_csv(traffic_volume_csv_gz, index=False, compression="gzip")
os.chdir(work_dir)

# -- the tutorial ------------------------------------------------------------------------
# Make numpy values easier to read.
np.set_printoptions(precision=3, suppress=True)

abalone_train = pd.read_csv(
    abalone_file,
    names=[
        "Length",
        "Diameter",
        "Height",
        "Whole weight",
        "Shucked weight",
        "Viscera weight",
        "Shell weight",
        "Age",
    ],
)

print(abalone_train.head())

abalone_features = abalone_train.copy()
abalone_labels = abalone_features.pop("Age")

abalone_features = np.array(abalone_features)
print(abalone_features)

abalone_model = tf.keras.Sequential([layers.Dense(64), layers.Dense(1)])

abalone_model.compile(loss=tf.keras.losses.MeanSquaredError(), optimizer=tf.keras.optimizers.Adam())

abalone_history = abalone_model.fit(abalone_features, abalone_labels, epochs=10)

normalize = layers.Normalization()

normalize.adapt(abalone_features)

norm_abalone_model = tf.keras.Sequential([normalize, layers.Dense(64), layers.Dense(1)])

norm_abalone_model.compile(
    loss=tf.keras.losses.MeanSquaredError(), optimizer=tf.keras.optimizers.Adam()
)

norm_history = norm_abalone_model.fit(abalone_features, abalone_labels, epochs=10)

titanic = pd.read_csv(titanic_file)
print(titanic.head())

titanic_features = titanic.copy()
titanic_labels = titanic_features.pop("survived")

# Create a symbolic input
input = tf.keras.Input(shape=(), dtype=tf.float32)

# Perform a calculation using the input
result = 2 * input + 1

# the result doesn't have a value
print(result)

calc = tf.keras.Model(inputs=input, outputs=result)

print(calc(np.array([1])).numpy())
print(calc(np.array([2])).numpy())
calc_results = calc(np.array([1])).numpy(), calc(np.array([2])).numpy()

inputs = {}

for name, column in titanic_features.items():
    dtype = column.dtype
    # The tutorial tests `dtype == object`: pandas 3 reads text columns as `str`.
    if pd.api.types.is_string_dtype(dtype):
        dtype = tf.string
    else:
        dtype = tf.float32

    inputs[name] = tf.keras.Input(shape=(1,), name=name, dtype=dtype)

print(inputs)

numeric_inputs = {name: input for name, input in inputs.items() if input.dtype == tf.float32}

x = layers.Concatenate()(list(numeric_inputs.values()))
norm = layers.Normalization()
norm.adapt(np.array(titanic[numeric_inputs.keys()]))
all_numeric_inputs = norm(x)

print(all_numeric_inputs)

preprocessed_inputs = [all_numeric_inputs]

for name, input in inputs.items():
    if input.dtype == tf.float32:
        continue

    lookup = layers.StringLookup(vocabulary=np.unique(titanic_features[name]))
    one_hot = layers.CategoryEncoding(num_tokens=lookup.vocabulary_size())

    x = lookup(input)
    x = one_hot(x)
    preprocessed_inputs.append(x)

preprocessed_inputs_cat = layers.Concatenate()(preprocessed_inputs)

titanic_preprocessing = tf.keras.Model(inputs, preprocessed_inputs_cat)

titanic_features_dict = {name: np.array(value) for name, value in titanic_features.items()}

features_dict = {name: values[:1] for name, values in titanic_features_dict.items()}
first_preprocessed = titanic_preprocessing(features_dict)
print(first_preprocessed)


def titanic_model(preprocessing_head, inputs):
    body = tf.keras.Sequential([layers.Dense(64), layers.Dense(1)])

    preprocessed_inputs = preprocessing_head(inputs)
    result = body(preprocessed_inputs)
    model = tf.keras.Model(inputs, result)

    model.compile(
        loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
        optimizer=tf.keras.optimizers.Adam(),
    )
    return model


titanic_model = titanic_model(titanic_preprocessing, inputs)

titanic_history = titanic_model.fit(x=titanic_features_dict, y=titanic_labels, epochs=10)

titanic_model.save("test.keras")
reloaded = tf.keras.models.load_model("test.keras")

features_dict = {name: values[:1] for name, values in titanic_features_dict.items()}

before = titanic_model(features_dict)
after = reloaded(features_dict)
assert (before - after) < 1e-3
print(before)
print(after)


def slices(features):
    for i in itertools.count():
        # For each feature take index `i`
        example = {name: values[i] for name, values in features.items()}
        yield example


for example in slices(titanic_features_dict):
    for name, value in example.items():
        print(f"{name:19s}: {value}")
    break

features_ds = tf.data.Dataset.from_tensor_slices(titanic_features_dict)

for example in features_ds:
    for name, value in example.items():
        print(f"{name:19s}: {value}")
    break
first_example = example

titanic_ds = tf.data.Dataset.from_tensor_slices((titanic_features_dict, titanic_labels))

titanic_batches = titanic_ds.shuffle(len(titanic_labels)).batch(32)

batches_history = titanic_model.fit(titanic_batches, epochs=5)

titanic_file_path = titanic_file

titanic_csv_ds = tf.data.experimental.make_csv_dataset(
    titanic_file_path,
    batch_size=5,  # Artificially small to make examples easier to show.
    label_name="survived",
    num_epochs=1,
    ignore_errors=True,
)

for batch, label in titanic_csv_ds.take(1):
    for key, value in batch.items():
        print(f"{key:20s}: {value}")
    print()
    print(f"{'label':20s}: {label}")

traffic_volume_csv_gz_ds = tf.data.experimental.make_csv_dataset(
    traffic_volume_csv_gz,
    batch_size=256,
    label_name="traffic_volume",
    num_epochs=1,
    compression_type="GZIP",
)

for batch, label in traffic_volume_csv_gz_ds.take(1):
    for key, value in batch.items():
        print(f"{key:20s}: {value[:5]}")
    print()
    print(f"{'label':20s}: {label[:5]}")
traffic_batch, traffic_label = batch, label

start = time.time()
for i, (batch, label) in enumerate(traffic_volume_csv_gz_ds.repeat(20)):
    if i % 40 == 0:
        print(".", end="")
print()
uncached_batches = i + 1
print(f"{time.time() - start:.2f} s")

start = time.time()
caching = traffic_volume_csv_gz_ds.cache().shuffle(1000)

for i, (batch, label) in enumerate(caching.shuffle(1000).repeat(20)):
    if i % 40 == 0:
        print(".", end="")
print()
cached_batches = i + 1
print(f"{time.time() - start:.2f} s")

# -- what the tutorial shows --------------------------------------------------------------
assert abalone_features.shape == (n, 7)
# Normalized inputs train faster: a lower loss after the same epochs.
assert norm_history.history["loss"][-1] < abalone_history.history["loss"][-1], (
    norm_history.history["loss"],
    abalone_history.history["loss"],
)
assert norm_history.history["loss"][-1] < 0.5 * norm_history.history["loss"][0]
assert result.shape == (None,)
np.testing.assert_array_equal(calc_results[0], [3.0])
np.testing.assert_array_equal(calc_results[1], [5.0])
string_columns = ["sex", "class", "deck", "embark_town", "alone"]
assert [name for name, i in inputs.items() if i.dtype == tf.string] == string_columns
assert all_numeric_inputs.shape == (None, 4)
# 4 numbers, then each string column's categories and its [UNK].
width = 4 + sum(titanic[c].nunique() + 1 for c in string_columns)
assert titanic_preprocessing.output.shape == (None, width)
assert first_preprocessed.shape == (1, width)
assert np.asarray(first_preprocessed)[0, 4:].sum() == len(string_columns)  # one-hots
np.testing.assert_allclose(np.asarray(before), np.asarray(after), rtol=1e-6)
losses = titanic_history.history["loss"]
assert losses[-1] < losses[0], losses
assert batches_history.history["loss"][-1] < losses[0]
assert set(first_example) == set(titanic_features) and first_example["sex"].dtype == tf.string
titanic_columns = list(titanic_frame.columns)
assert list(next(iter(titanic_csv_ds))[0]) == titanic_columns[1:]
first_batch, first_label = next(iter(titanic_csv_ds))
assert first_batch["sex"].dtype == tf.string and first_batch["sex"].shape == (5,)
assert (
    first_batch["age"].dtype == tf.float32 and first_batch["n_siblings_spouses"].dtype == tf.int32
)
assert first_label.dtype == tf.int32 and first_label.shape == (5,)
assert list(traffic_batch) == [c for c in traffic.columns if c != "traffic_volume"]
assert traffic_batch["temp"].shape == (256,) and traffic_label.shape == (256,)
assert traffic_batch["date_time"].dtype == tf.string
# 512 rows in batches of 256: 2 a pass, 20 passes, with or without the cache.
assert uncached_batches == cached_batches == 40
