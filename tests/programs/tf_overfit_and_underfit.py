"""TensorFlow tutorial "Overfit and underfit" (tensorflow.org/tutorials/keras/overfit_and_underfit):
the Higgs CSV read straight from its gzip file with `tf.data.experimental.CsvDataset`, rows
repacked in batches (`batch`, `map` with `tf.stack`, `unbatch`), split with `take`/`skip`
and `cache`d, then `shuffle().repeat().batch()`; an `InverseTimeDecay` learning-rate schedule
for Adam; `EarlyStopping` on `val_binary_crossentropy` and `TensorBoard` logs; a
`BinaryCrossentropy(from_logits=True)` loss also given as a metric; Tiny, Small, Medium and
Large Sequential models of elu Dense layers, then the Large one with `regularizers.l2`, with
`Dropout`, and with both; `tf.add_n(model.losses)` for the regularization loss.

Changed from the tutorial: the imports; the data (no network here): a local HIGGS.csv.gz of
the real file's layout (the label, then 28 features, as floats) with 1,300 generated
collision events whose label follows a noisy nonlinear function of the features; 1,000 to
train and 200 to validate (10,000 and 1,000 there), batches of 100 (500 there); 5 epochs per
model instead of up to 10,000; `tfdocs.modeling.EpochDots` and `tfdocs.plots.HistoryPlotter`
(the tensorflow_docs package, not installed here) left out, the histories plotted with
matplotlib (non-interactive backend).
"""

import gzip
import pathlib
import shutil
import tempfile

import matplotlib

matplotlib.use("Agg")
import numpy as np
from matplotlib import pyplot as plt

import nnext as tf
from nnext.keras import layers, regularizers

print(tf.__version__)

logdir = pathlib.Path(tempfile.mkdtemp()) / "tensorboard_logs"
shutil.rmtree(logdir, ignore_errors=True)

## The Higgs Dataset


def write_local_higgs(path, n, rng):
    """A HIGGS.csv.gz as UCI ships it: per line the 0/1 label, then 28 features."""
    x = rng.normal(0, 1, (n, 28))
    x[:, 21:] = np.abs(x[:, 21:]) + 0.5  # the 7 high-level masses are positive
    logit = 1.5 * x[:, 0] * x[:, 1] + np.sin(2 * x[:, 2]) + x[:, 21] - x[:, 24] + 0.5 * x[:, 5]
    label = (logit + rng.logistic(0, 0.3, n) > 0.6).astype(float)
    rows = np.concatenate([label[:, None], x], axis=1)
    with gzip.open(path, "wt") as f:
        f.writelines(",".join(f"{v:.18e}" for v in row) + "\n" for row in rows)
    return str(path)


gz = write_local_higgs(logdir.parent / "HIGGS.csv.gz", 1300, np.random.default_rng(0))

FEATURES = 28

ds = tf.data.experimental.CsvDataset(gz, [float()] * (FEATURES + 1), compression_type="GZIP")  # noqa: UP018


def pack_row(*row):
    label = row[0]
    features = tf.stack(row[1:], 1)
    return features, label


packed_ds = ds.batch(10000).map(pack_row).unbatch()

for features, label in packed_ds.batch(1000).take(1):
    print(features[0])
    plt.hist(features.numpy().flatten(), bins=101)
plt.close("all")

N_VALIDATION = int(2e2)
N_TRAIN = int(1e3)
BUFFER_SIZE = int(1e3)
BATCH_SIZE = 100
STEPS_PER_EPOCH = N_TRAIN // BATCH_SIZE

validate_ds = packed_ds.take(N_VALIDATION).cache()
train_ds = packed_ds.skip(N_VALIDATION).take(N_TRAIN).cache()

print(train_ds)

validate_ds = validate_ds.batch(BATCH_SIZE)
train_ds = train_ds.shuffle(BUFFER_SIZE).repeat().batch(BATCH_SIZE)

## Training procedure

lr_schedule = tf.keras.optimizers.schedules.InverseTimeDecay(
    0.001, decay_steps=STEPS_PER_EPOCH * 1000, decay_rate=1, staircase=False
)


def get_optimizer():
    return tf.keras.optimizers.Adam(lr_schedule)


step = np.linspace(0, 100000)
lr = lr_schedule(step)
plt.figure(figsize=(8, 6))
plt.plot(step / STEPS_PER_EPOCH, lr)
plt.ylim([0, max(plt.ylim())])
plt.xlabel("Epoch")
_ = plt.ylabel("Learning Rate")
plt.close("all")


def get_callbacks(name):
    return [
        tf.keras.callbacks.EarlyStopping(monitor="val_binary_crossentropy", patience=200),
        tf.keras.callbacks.TensorBoard(logdir / name),
    ]


def compile_and_fit(model, name, optimizer=None, max_epochs=5):
    if optimizer is None:
        optimizer = get_optimizer()
    model.compile(
        optimizer=optimizer,
        loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
        metrics=[
            tf.keras.losses.BinaryCrossentropy(from_logits=True, name="binary_crossentropy"),
            "accuracy",
        ],
    )

    model.summary()

    history = model.fit(
        train_ds,
        steps_per_epoch=STEPS_PER_EPOCH,
        epochs=max_epochs,
        validation_data=validate_ds,
        callbacks=get_callbacks(name),
        verbose=0,
    )
    return history


def plot_histories(histories, metric="binary_crossentropy"):
    """What the tutorial's HistoryPlotter draws: train (solid) and validation (dashed)."""
    for name, history in histories.items():
        (line,) = plt.plot(history.history[metric], label="Train " + name)
        plt.plot(history.history["val_" + metric], "--", color=line.get_color())
    plt.legend()
    plt.ylim([0.5, 0.7])
    plt.close("all")


## Tiny model

tiny_model = tf.keras.Sequential(
    [layers.Dense(16, activation="elu", input_shape=(FEATURES,)), layers.Dense(1)]
)

size_histories = {}

size_histories["Tiny"] = compile_and_fit(tiny_model, "sizes/Tiny")

plot_histories(size_histories)

## Small model

small_model = tf.keras.Sequential(
    [
        # `input_shape` is only required here so that `.summary` works.
        layers.Dense(16, activation="elu", input_shape=(FEATURES,)),
        layers.Dense(16, activation="elu"),
        layers.Dense(1),
    ]
)

size_histories["Small"] = compile_and_fit(small_model, "sizes/Small")

## Medium model

medium_model = tf.keras.Sequential(
    [
        layers.Dense(64, activation="elu", input_shape=(FEATURES,)),
        layers.Dense(64, activation="elu"),
        layers.Dense(64, activation="elu"),
        layers.Dense(1),
    ]
)

size_histories["Medium"] = compile_and_fit(medium_model, "sizes/Medium")

## Large model

large_model = tf.keras.Sequential(
    [
        layers.Dense(512, activation="elu", input_shape=(FEATURES,)),
        layers.Dense(512, activation="elu"),
        layers.Dense(512, activation="elu"),
        layers.Dense(512, activation="elu"),
        layers.Dense(1),
    ]
)

size_histories["large"] = compile_and_fit(large_model, "sizes/large")

plot_histories(size_histories)

## Strategies to prevent overfitting

shutil.rmtree(logdir / "regularizers/Tiny", ignore_errors=True)
shutil.copytree(logdir / "sizes/Tiny", logdir / "regularizers/Tiny")

regularizer_histories = {}
regularizer_histories["Tiny"] = size_histories["Tiny"]

## Add weight regularization

l2_model = tf.keras.Sequential(
    [
        layers.Dense(
            512,
            activation="elu",
            kernel_regularizer=regularizers.l2(0.001),
            input_shape=(FEATURES,),
        ),
        layers.Dense(512, activation="elu", kernel_regularizer=regularizers.l2(0.001)),
        layers.Dense(512, activation="elu", kernel_regularizer=regularizers.l2(0.001)),
        layers.Dense(512, activation="elu", kernel_regularizer=regularizers.l2(0.001)),
        layers.Dense(1),
    ]
)

regularizer_histories["l2"] = compile_and_fit(l2_model, "regularizers/l2")

plot_histories(regularizer_histories)

result = l2_model(features)
regularization_loss = tf.add_n(l2_model.losses)

## Add dropout

dropout_model = tf.keras.Sequential(
    [
        layers.Dense(512, activation="elu", input_shape=(FEATURES,)),
        layers.Dropout(0.5),
        layers.Dense(512, activation="elu"),
        layers.Dropout(0.5),
        layers.Dense(512, activation="elu"),
        layers.Dropout(0.5),
        layers.Dense(512, activation="elu"),
        layers.Dropout(0.5),
        layers.Dense(1),
    ]
)

regularizer_histories["dropout"] = compile_and_fit(dropout_model, "regularizers/dropout")

plot_histories(regularizer_histories)

## Combined L2 + dropout

combined_model = tf.keras.Sequential(
    [
        layers.Dense(
            512,
            kernel_regularizer=regularizers.l2(0.0001),
            activation="elu",
            input_shape=(FEATURES,),
        ),
        layers.Dropout(0.5),
        layers.Dense(512, kernel_regularizer=regularizers.l2(0.0001), activation="elu"),
        layers.Dropout(0.5),
        layers.Dense(512, kernel_regularizer=regularizers.l2(0.0001), activation="elu"),
        layers.Dropout(0.5),
        layers.Dense(512, kernel_regularizer=regularizers.l2(0.0001), activation="elu"),
        layers.Dropout(0.5),
        layers.Dense(1),
    ]
)

regularizer_histories["combined"] = compile_and_fit(combined_model, "regularizers/combined")

plot_histories(regularizer_histories)

# What the tutorial shows. The CSV rows repack into (features, label) pairs; the schedule
# halves the rate at 1,000 epochs; the loss given as a metric is logged by its name and,
# without the penalty, sits below the L2 model's loss by the regularization loss; the large
# model fits its training data far better than the tiny one (it begins to overfit); every
# model learns (the tiny one on the validation data too).
assert features.shape == (1000, FEATURES) and label.shape == (1000,)
assert ds.element_spec == (tf.TensorSpec((), tf.float32),) * (FEATURES + 1)
np.testing.assert_allclose(lr_schedule(STEPS_PER_EPOCH * 1000), 0.0005, rtol=1e-6)
np.testing.assert_allclose(lr, 0.001 / (1 + step / (STEPS_PER_EPOCH * 1000)), rtol=1e-5)
assert result.shape == (1000, 1) and len(l2_model.losses) == 4
expected_penalty = sum(0.001 * np.sum(layer.kernel.numpy() ** 2) for layer in l2_model.layers[:4])
np.testing.assert_allclose(regularization_loss, expected_penalty, rtol=1e-4)
l2_history = regularizer_histories["l2"].history
assert all(a > b for a, b in zip(l2_history["loss"], l2_history["binary_crossentropy"]))
for histories in (size_histories, regularizer_histories):
    for name, history in histories.items():
        bce = history.history["binary_crossentropy"]
        assert len(history.history["val_binary_crossentropy"]) == 5, name
        assert bce[-1] < bce[0], (name, history.history)
tiny_val = size_histories["Tiny"].history["val_binary_crossentropy"]
assert tiny_val[-1] < tiny_val[0], tiny_val
tiny, large = size_histories["Tiny"].history, size_histories["large"].history
assert large["binary_crossentropy"][-1] < tiny["binary_crossentropy"][-1]
assert (logdir / "sizes/large/train").is_dir() and (logdir / "regularizers/Tiny").is_dir()
