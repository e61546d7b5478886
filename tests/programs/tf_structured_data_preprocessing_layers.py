"""TensorFlow tutorial "Classify structured data using Keras preprocessing layers"
(tensorflow.org/tutorials/structured_data/preprocessing_layers): a pandas DataFrame split
80:10:10 and turned into `tf.data.Dataset.from_tensor_slices((dict(dataframe), labels))`
datasets; a `Normalization(axis=None)` per numerical column and a StringLookup or
IntegerLookup followed by `CategoryEncoding` per categorical column, adapted on
`dataset.map(lambda x, y: x[name])`; a functional model on `keras.Input(shape=(1,))`
numbers, an int64 `Age` and `dtype='string'` columns, joined with
`tf.keras.layers.concatenate`, trained with fit, evaluated, saved, reloaded and asked to
predict on a dict of `tf.convert_to_tensor` features.

Changed from the tutorial: the imports; the data (no network here): instead of the
PetFinder.my mini download, a CSV of the same columns is generated (4,000 pets whose
adoption depends on their fee, photos, vaccination, age and type, with noise) into a
temporary folder; the model is saved as 'my_pet_classifier.keras' (Keras 3 saves only the
.keras format; the tutorial's bare name dates from Keras 2); the 80:10:10 split slices
the shuffled frame with `iloc` where the tutorial calls `np.split` (which returns NumPy
arrays under NumPy 2); `plot_model` is left out (it needs pydot and Graphviz).
"""

import os
import tempfile

import numpy as np
import pandas as pd

import nnext as tf
from nnext.keras import layers

print(tf.__version__)

# -- the data: a PetFinder.my-mini-shaped CSV instead of the download -------------------
rng = np.random.default_rng(0)
n = 4000
pets = pd.DataFrame(
    {
        "Type": rng.choice(["Cat", "Dog"], n),
        "Age": rng.choice([1, 2, 3, 4, 6, 12, 24, 36], n),
        "Breed1": rng.choice(["Tabby", "Mixed Breed", "Domestic Short Hair", "Poodle"], n),
        "Gender": rng.choice(["Male", "Female", "Mixed"], n),
        "Color1": rng.choice(["Black", "Brown", "Golden", "White", "Cream"], n),
        "Color2": rng.choice(["No Color", "White", "Brown", "Cream"], n),
        "MaturitySize": rng.choice(["Small", "Medium", "Large"], n),
        "FurLength": rng.choice(["Short", "Medium", "Long"], n),
        "Vaccinated": rng.choice(["Yes", "No", "Not Sure"], n),
        "Sterilized": rng.choice(["Yes", "No", "Not Sure"], n),
        "Health": rng.choice(["Healthy", "Minor Injury"], n, p=[0.9, 0.1]),
        "Fee": rng.choice([0, 0, 0, 50, 100, 200, 300], n),
        "Description": rng.choice(["Friendly and playful.", "Needs a home!", "Very shy."], n),
        "PhotoAmt": rng.integers(0, 12, n),
    }
)
score = (
    1.5 * (pets["Vaccinated"] == "Yes")
    + 0.25 * pets["PhotoAmt"]
    - pets["Fee"] / 100
    - 0.06 * pets["Age"]
    + 0.5 * (pets["Type"] == "Dog")
    + rng.normal(0, 0.5, n)
)
pets["AdoptionSpeed"] = np.where(score > 0.3, rng.integers(0, 4, n), 4)
work_dir = tempfile.mkdtemp()
os.makedirs(os.path.join(work_dir, "datasets", "petfinder-mini"))
pets.to_csv(os.path.join(work_dir, "datasets", "petfinder-mini", "petfinder-mini.csv"), index=False)
os.chdir(work_dir)

# -- the tutorial ------------------------------------------------------------------------
csv_file = "datasets/petfinder-mini/petfinder-mini.csv"
dataframe = pd.read_csv(csv_file)

print(dataframe.head())

# In the original dataset, `'AdoptionSpeed'` of `4` indicates
# a pet was not adopted.
dataframe["target"] = np.where(dataframe["AdoptionSpeed"] == 4, 0, 1)

# Drop unused features.
dataframe = dataframe.drop(columns=["AdoptionSpeed", "Description"])

# The tutorial's np.split(dataframe.sample(frac=1), [...]): under NumPy 2 it returns
# arrays, not DataFrames, so the shuffled frame is cut at the same points with iloc.
shuffled = dataframe.sample(frac=1)
first, second = int(0.8 * len(dataframe)), int(0.9 * len(dataframe))
train, val, test = shuffled.iloc[:first], shuffled.iloc[first:second], shuffled.iloc[second:]

print(len(train), "training examples")
print(len(val), "validation examples")
print(len(test), "test examples")


def df_to_dataset(dataframe, shuffle=True, batch_size=32):
    dataframe = dataframe.copy()
    labels = dataframe.pop("target")
    ds = tf.data.Dataset.from_tensor_slices((dict(dataframe), labels))
    if shuffle:
        ds = ds.shuffle(buffer_size=len(dataframe))
    ds = ds.batch(batch_size)
    ds = ds.prefetch(batch_size)
    return ds


batch_size = 5
train_ds = df_to_dataset(train, batch_size=batch_size)

[(train_features, label_batch)] = train_ds.take(1)
print("Every feature:", list(train_features.keys()))
print("A batch of ages:", train_features["Age"])
print("A batch of targets:", label_batch)


def get_normalization_layer(name, dataset):
    # Create a Normalization layer for the feature.
    normalizer = layers.Normalization(axis=None)

    # Prepare a Dataset that only yields the feature.
    feature_ds = dataset.map(lambda x, y: x[name])

    # Learn the statistics of the data.
    normalizer.adapt(feature_ds)

    return normalizer


photo_count_col = train_features["PhotoAmt"]
layer = get_normalization_layer("PhotoAmt", train_ds)
normalized_photos = layer(photo_count_col)
print(normalized_photos)


def get_category_encoding_layer(name, dataset, dtype, max_tokens=None):
    # Create a layer that turns strings into integer indices.
    if dtype == "string":
        index = layers.StringLookup(max_tokens=max_tokens)
    # Otherwise, create a layer that turns integer values into integer indices.
    else:
        index = layers.IntegerLookup(max_tokens=max_tokens)

    # Prepare a `tf.data.Dataset` that only yields the feature.
    feature_ds = dataset.map(lambda x, y: x[name])

    # Learn the set of possible values and assign them a fixed integer index.
    index.adapt(feature_ds)

    # Encode the integer indices.
    encoder = layers.CategoryEncoding(num_tokens=index.vocabulary_size())

    # Apply multi-hot encoding to the indices. The lambda function captures the
    # layer, so you can use them, or include them in the Keras Functional model later.
    return lambda feature: encoder(index(feature))


test_type_col = train_features["Type"]
test_type_layer = get_category_encoding_layer(name="Type", dataset=train_ds, dtype="string")
encoded_types = test_type_layer(tf.expand_dims(test_type_col, -1))
print(encoded_types)

test_age_col = train_features["Age"]
test_age_layer = get_category_encoding_layer(
    name="Age", dataset=train_ds, dtype="int64", max_tokens=5
)
encoded_ages = test_age_layer(tf.expand_dims(test_age_col, -1))
print(encoded_ages)

batch_size = 256
train_ds = df_to_dataset(train, batch_size=batch_size)
val_ds = df_to_dataset(val, shuffle=False, batch_size=batch_size)
test_ds = df_to_dataset(test, shuffle=False, batch_size=batch_size)

all_inputs = []
encoded_features = []

# Numerical features.
for header in ["PhotoAmt", "Fee"]:
    numeric_col = tf.keras.Input(shape=(1,), name=header)
    normalization_layer = get_normalization_layer(header, train_ds)
    encoded_numeric_col = normalization_layer(numeric_col)
    all_inputs.append(numeric_col)
    encoded_features.append(encoded_numeric_col)

age_col = tf.keras.Input(shape=(1,), name="Age", dtype="int64")

encoding_layer = get_category_encoding_layer(
    name="Age", dataset=train_ds, dtype="int64", max_tokens=5
)
encoded_age_col = encoding_layer(age_col)
all_inputs.append(age_col)
encoded_features.append(encoded_age_col)

categorical_cols = [
    "Type",
    "Color1",
    "Color2",
    "Gender",
    "MaturitySize",
    "FurLength",
    "Vaccinated",
    "Sterilized",
    "Health",
    "Breed1",
]

for header in categorical_cols:
    categorical_col = tf.keras.Input(shape=(1,), name=header, dtype="string")
    encoding_layer = get_category_encoding_layer(
        name=header, dataset=train_ds, dtype="string", max_tokens=5
    )
    encoded_categorical_col = encoding_layer(categorical_col)
    all_inputs.append(categorical_col)
    encoded_features.append(encoded_categorical_col)

all_features = tf.keras.layers.concatenate(encoded_features)
x = tf.keras.layers.Dense(32, activation="relu")(all_features)
x = tf.keras.layers.Dropout(0.5)(x)
output = tf.keras.layers.Dense(1)(x)

model = tf.keras.Model(all_inputs, output)

model.compile(
    optimizer="adam",
    loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=["accuracy"],
)

history = model.fit(train_ds, epochs=10, validation_data=val_ds)

loss, accuracy = model.evaluate(test_ds)
print("Accuracy", accuracy)

model.save("my_pet_classifier.keras")
reloaded_model = tf.keras.models.load_model("my_pet_classifier.keras")

sample = {
    "Type": "Cat",
    "Age": 3,
    "Breed1": "Tabby",
    "Gender": "Male",
    "Color1": "Black",
    "Color2": "White",
    "MaturitySize": "Small",
    "FurLength": "Short",
    "Vaccinated": "No",
    "Sterilized": "No",
    "Health": "Healthy",
    "Fee": 100,
    "PhotoAmt": 2,
}

input_dict = {name: tf.convert_to_tensor([value]) for name, value in sample.items()}
predictions = reloaded_model.predict(input_dict)
prob = tf.nn.sigmoid(predictions[0])

print("This particular pet had a %.1f percent probability of getting adopted." % (100 * prob))

# -- what the tutorial shows --------------------------------------------------------------
assert (len(train), len(val), len(test)) == (3200, 400, 400)
assert list(train_features.keys()) == [c for c in dataframe.columns if c != "target"]
assert train_features["Type"].dtype == tf.string and train_features["Age"].dtype == tf.int64
assert normalized_photos.shape == (5,)
assert encoded_types.shape == (5, 3)  # [UNK], and the two types
np.testing.assert_array_equal(np.asarray(encoded_types).sum(axis=1), np.ones(5))
assert encoded_ages.shape == (5, 5)  # max_tokens=5: [UNK] and the 4 commonest ages
assert len(all_inputs) == 13 and model.output.shape == (None, 1)
assert history.history["loss"][-1] < history.history["loss"][0], history.history
majority = max(test["target"].mean(), 1 - test["target"].mean())
assert accuracy > majority, (accuracy, majority)
# The reloaded model predicts as the trained one.
np.testing.assert_allclose(predictions, model.predict(input_dict), rtol=1e-5)
# An unvaccinated pet with a fee and few photos: unlikely to be adopted.
assert float(prob[0]) < 0.5, prob
