"""Keras example "Imbalanced classification: credit card fraud detection"
(keras.io/examples/structured_data/imbalanced_classification): a CSV of transactions read
with Python's own parsing, normalised with training-set statistics, and an MLP trained with
`class_weight` (one over each class's count), confusion-count, precision and recall metrics,
and a ModelCheckpoint saving a .keras file every epoch.

Changed from the example: the import; the data (no network here): a `creditcard.csv` laid out as
Kaggle's (a quoted header of Time, V1-V28, Amount and Class; 0.6% of rows fraudulent, their
V features shifted) written to a temporary directory, 12,000 rows instead of 284,807; 10
epochs instead of 30; the checkpoints go to the temporary directory.
"""

import csv
import os
import tempfile

import numpy as np


def write_transactions(path, n, rng):
    """Kaggle's creditcard.csv layout: a quoted header, then Time, V1-V28, Amount, "Class"."""
    fraud = rng.random(n) < 0.006
    v = rng.normal(size=(n, 28)) + np.where(fraud[:, None], rng.normal(0.0, 0.8, 28), 0.0)
    amount = np.round(rng.gamma(2.0, 40.0, n), 2)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Time"] + [f"V{i}" for i in range(1, 29)] + ["Amount", "Class"])
        for i in range(n):
            writer.writerow([float(i)] + list(v[i]) + [amount[i], f'"{int(fraud[i])}"'])


data_dir = tempfile.mkdtemp()
write_transactions(os.path.join(data_dir, "creditcard.csv"), 12000, np.random.default_rng(0))

# Get the real data from https://www.kaggle.com/mlg-ulb/creditcardfraud/
fname = os.path.join(data_dir, "creditcard.csv")

all_features = []
all_targets = []
with open(fname) as f:
    for i, line in enumerate(f):
        if i == 0:
            print("HEADER:", line.strip())
            continue  # Skip header
        fields = line.strip().split(",")
        all_features.append([float(v.replace('"', "")) for v in fields[:-1]])
        all_targets.append([int(fields[-1].replace('"', ""))])
        if i == 1:
            print("EXAMPLE FEATURES:", all_features[-1])

features = np.array(all_features, dtype="float32")
targets = np.array(all_targets, dtype="uint8")
print("features.shape:", features.shape)
print("targets.shape:", targets.shape)

num_val_samples = int(len(features) * 0.2)
train_features = features[:-num_val_samples]
train_targets = targets[:-num_val_samples]
val_features = features[-num_val_samples:]
val_targets = targets[-num_val_samples:]

print("Number of training samples:", len(train_features))
print("Number of validation samples:", len(val_features))

counts = np.bincount(train_targets[:, 0])
print(
    "Number of positive samples in training data: {} ({:.2f}% of total)".format(
        counts[1], 100 * float(counts[1]) / len(train_targets)
    )
)

weight_for_0 = 1.0 / counts[0]
weight_for_1 = 1.0 / counts[1]

mean = np.mean(train_features, axis=0)
train_features -= mean
val_features -= mean
std = np.std(train_features, axis=0)
train_features /= std
val_features /= std

from nnext import keras

model = keras.Sequential(
    [
        keras.Input(shape=train_features.shape[1:]),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.summary()

metrics = [
    keras.metrics.FalseNegatives(name="fn"),
    keras.metrics.FalsePositives(name="fp"),
    keras.metrics.TrueNegatives(name="tn"),
    keras.metrics.TruePositives(name="tp"),
    keras.metrics.Precision(name="precision"),
    keras.metrics.Recall(name="recall"),
]

model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy", metrics=metrics)

callbacks = [
    keras.callbacks.ModelCheckpoint(os.path.join(data_dir, "fraud_model_at_epoch_{epoch}.keras"))
]
class_weight = {0: weight_for_0, 1: weight_for_1}

history = model.fit(
    train_features,
    train_targets,
    batch_size=2048,
    epochs=10,
    verbose=2,
    callbacks=callbacks,
    validation_data=(val_features, val_targets),
    class_weight=class_weight,
)

# What the example shows: the four confusion counts add up to the validation set, the
# class-weighted model finds most frauds in the validation set (recall) while flagging only a
# small share of legitimate transactions, and every epoch leaves a checkpoint.
logs = {key: values[-1] for key, values in history.history.items()}
print(logs)
assert logs["val_fn"] + logs["val_fp"] + logs["val_tn"] + logs["val_tp"] == num_val_samples
assert logs["val_tp"] + logs["val_fn"] == val_targets.sum()
assert logs["val_recall"] >= 0.5, logs  # flagging at random at this rate would find ~1%
assert logs["val_fp"] < 0.2 * num_val_samples, logs
checkpoints = sorted(name for name in os.listdir(data_dir) if name.endswith(".keras"))
assert checkpoints == sorted(f"fraud_model_at_epoch_{epoch}.keras" for epoch in range(1, 11))
reloaded = keras.models.load_model(os.path.join(data_dir, "fraud_model_at_epoch_10.keras"))
np.testing.assert_allclose(
    reloaded.predict(val_features[:5]), model.predict(val_features[:5]), rtol=1e-5
)
for name in os.listdir(data_dir):
    os.remove(os.path.join(data_dir, name))
os.rmdir(data_dir)
