"""Keras example "Imbalanced classification: credit card fraud detection"
(keras.io/examples/structured_data/imbalanced_classification): a CSV read line by line into
float32 features and uint8 targets, a validation split, class weights from the inverse class
counts, standardization with training statistics, a Dense/Dropout Sequential classifier
trained with Adam(1e-2), `class_weight`, a ModelCheckpoint per epoch and the confusion
metrics FalseNegatives, FalsePositives, TrueNegatives, TruePositives, Precision and Recall.

Changed from the example: the imports; the data (no network here): a creditcard.csv of the
Kaggle file's layout (a quoted header, "Time", V1..V28, "Amount" and a quoted "Class" of
0/1), 16,000 generated transactions of which about 0.6% are frauds shifted in a few of the
V columns, in place of the 284,807 real ones; 10 epochs instead of 30; files go to a
temporary folder.
"""

import os
import tempfile

import numpy as np

os.chdir(tempfile.mkdtemp())


def write_local_creditcard_csv(fname, n, rng):
    """A creditcard.csv as Kaggle ships it: quoted header, 30 numbers, a quoted 0/1 class."""
    fraud = rng.random(n) < 0.006
    v = rng.normal(0, 1, (n, 28))
    v[fraud, :6] += rng.normal(2.5, 0.8, (int(fraud.sum()), 6))
    time = np.sort(rng.uniform(0, 172792, n)).round()
    amount = rng.gamma(1.5, 60.0, n).round(2)
    header = ",".join(f'"{name}"' for name in ["Time", *[f"V{i}" for i in range(1, 29)]])
    with open(fname, "w") as f:
        f.write(header + ',"Amount","Class"\n')
        f.writelines(
            f"{t:.0f}," + ",".join(f"{x:.6f}" for x in row) + f',{a},"{int(c)}"\n'
            for t, row, a, c in zip(time, v, amount, fraud)
        )


fname = "creditcard.csv"
write_local_creditcard_csv(fname, 16000, np.random.default_rng(0))

## First, vectorize the CSV data

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

## Prepare a validation set

num_val_samples = int(len(features) * 0.2)
train_features = features[:-num_val_samples]
train_targets = targets[:-num_val_samples]
val_features = features[-num_val_samples:]
val_targets = targets[-num_val_samples:]

print("Number of training samples:", len(train_features))
print("Number of validation samples:", len(val_features))

## Analyze class imbalance in the targets

counts = np.bincount(train_targets[:, 0])
print(
    "Number of positive samples in training data: {} ({:.2f}% of total)".format(
        counts[1], 100 * float(counts[1]) / len(train_targets)
    )
)

weight_for_0 = 1.0 / counts[0]
weight_for_1 = 1.0 / counts[1]

## Normalize the data using training set statistics

mean = np.mean(train_features, axis=0)
train_features -= mean
val_features -= mean
std = np.std(train_features, axis=0)
train_features /= std
val_features /= std

## Build a binary classification model

from nnext import keras  # imported here, as the example does

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

## Train the model with `class_weight` argument

metrics = [
    keras.metrics.FalseNegatives(name="fn"),
    keras.metrics.FalsePositives(name="fp"),
    keras.metrics.TrueNegatives(name="tn"),
    keras.metrics.TruePositives(name="tp"),
    keras.metrics.Precision(name="precision"),
    keras.metrics.Recall(name="recall"),
]

model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy", metrics=metrics)

callbacks = [keras.callbacks.ModelCheckpoint("fraud_model_at_epoch_{epoch}.keras")]
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

# What the example shows: the confusion counts cover every validation transaction, the
# class weights make the model find most frauds (at the cost of false positives), and a
# model is saved each epoch.
last = {key: values[-1] for key, values in history.history.items()}
print(last)
val_positives = int(val_targets.sum())
assert features.shape == (16000, 30) and targets.shape == (16000, 1)
assert last["val_fn"] + last["val_fp"] + last["val_tn"] + last["val_tp"] == num_val_samples
assert last["val_tp"] + last["val_fn"] == val_positives
assert last["tp"] + last["fn"] == counts[1]
assert last["val_recall"] > 0.7 and last["val_fp"] < num_val_samples / 4, last
assert sorted(p for p in os.listdir() if p.endswith(".keras")) == sorted(
    f"fraud_model_at_epoch_{epoch}.keras" for epoch in range(1, 11)
)
