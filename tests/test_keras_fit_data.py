"""`fit`, `evaluate` and `predict` on `nnext.data.Dataset`s, Python generators and
`keras.utils.PyDataset`s: the same History and weights as on the same arrays, Keras 3's
rules for `steps_per_epoch` (checked against Keras's own EpochIterator), its errors and
warnings, and a TensorFlow-tutorial-style program."""

import math
import os
import threading
import warnings

os.environ.setdefault("KERAS_BACKEND", "numpy")

import numpy as np
import pytest

from nnext import random as nrandom
from nnext.data import Dataset
from nnext.keras import Input, Model, callbacks, layers, losses, models, optimizers
from nnext.keras.trainers.data_adapters import EpochIterator
from nnext.keras.utils.py_dataset import PyDataset

TOLERANCE = {"rtol": 0, "atol": 1e-6}
N, FEATURES, CLASSES, BATCH = 100, 6, 3, 16


def data(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(N, FEATURES)).astype(np.float32)
    y = (x[:, :CLASSES] * [1.0, 2.0, -1.0]).argmax(1)
    return x, y


def model(weights=None):
    nrandom.set_seed(3)
    net = models.Sequential(
        [
            layers.Dense(8, activation="relu", input_shape=(FEATURES,)),
            layers.Dense(CLASSES, activation="softmax"),
        ]
    )
    net.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    if weights is not None:
        net.set_weights(weights)
    return net


def assert_same_training(reference, other, history_a, history_b):
    assert history_a.history.keys() == history_b.history.keys()
    for key in history_a.history:
        np.testing.assert_allclose(history_a.history[key], history_b.history[key], **TOLERANCE)
    for a, b in zip(reference.get_weights(), other.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, **TOLERANCE)


def batches_of(x, y, batch_size=BATCH):
    for start in range(0, len(x), batch_size):
        yield x[start : start + batch_size], y[start : start + batch_size]


class ArrayBatches(PyDataset):
    """Batch `i` of `(x, y)`; records which batches were read and epoch ends."""

    def __init__(self, x, y, batch_size=BATCH, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size
        self.read, self.epochs_ended = [], 0

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, index):
        self.read.append(index)
        s = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.x[s], self.y[s]

    def on_epoch_end(self):
        self.epochs_ended += 1


# -- the same training whatever the input ----------------------------------------------------


def test_fit_on_a_dataset_equals_fit_on_arrays():
    x, y = data()
    vx, vy = data(seed=1)
    start = model().get_weights()
    on_arrays = model(start)
    h_arrays = on_arrays.fit(
        x, y, batch_size=BATCH, epochs=3, shuffle=False, verbose=0, validation_data=(vx, vy)
    )
    on_dataset = model(start)
    h_dataset = on_dataset.fit(
        Dataset.from_tensor_slices((x, y)).batch(BATCH),
        epochs=3,
        shuffle=False,
        verbose=0,
        validation_data=Dataset.from_tensor_slices((vx, vy)).batch(32),
    )
    assert_same_training(on_arrays, on_dataset, h_arrays, h_dataset)
    assert set(h_dataset.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}


def test_fit_on_a_prefetched_mapped_dataset_equals_fit_on_arrays():
    x, y = data()
    start = model().get_weights()
    on_arrays = model(start)
    h_arrays = on_arrays.fit(x * 2.0, y, batch_size=BATCH, epochs=2, shuffle=False, verbose=0)
    ds = Dataset.from_tensor_slices((x, y)).batch(BATCH)
    ds = ds.map(lambda bx, by: (bx * 2.0, by), num_parallel_calls=2).prefetch(2)
    on_dataset = model(start)
    h_dataset = on_dataset.fit(ds, epochs=2, shuffle=False, verbose=0)
    assert_same_training(on_arrays, on_dataset, h_arrays, h_dataset)


def test_fit_with_sample_weights_in_the_dataset():
    x, y = data()
    w = np.linspace(0.5, 2.0, N).astype(np.float32)
    start = model().get_weights()
    on_arrays = model(start)
    h_arrays = on_arrays.fit(x, y, sample_weight=w, batch_size=BATCH, shuffle=False, verbose=0)
    on_dataset = model(start)
    h_dataset = on_dataset.fit(
        Dataset.from_tensor_slices((x, y, w)).batch(BATCH), shuffle=False, verbose=0
    )
    assert_same_training(on_arrays, on_dataset, h_arrays, h_dataset)


def test_fit_with_class_weight_on_a_dataset():
    x, y = data()
    weights = {0: 0.5, 1: 2.0, 2: 1.0}
    start = model().get_weights()
    on_arrays = model(start)
    h_arrays = on_arrays.fit(x, y, class_weight=weights, batch_size=BATCH, shuffle=False, verbose=0)
    on_dataset = model(start)
    h_dataset = on_dataset.fit(
        Dataset.from_tensor_slices((x, y)).batch(BATCH),
        class_weight=weights,
        shuffle=False,
        verbose=0,
    )
    assert_same_training(on_arrays, on_dataset, h_arrays, h_dataset)


def test_infinite_dataset_with_steps_per_epoch():
    x, y = data()
    start = model().get_weights()
    on_arrays = model(start)
    h_arrays = on_arrays.fit(x, y, batch_size=BATCH, epochs=3, shuffle=False, verbose=0)
    steps = -(-N // BATCH)
    on_dataset = model(start)
    h_dataset = on_dataset.fit(
        Dataset.from_tensor_slices((x, y)).batch(BATCH).repeat(),
        epochs=3,
        steps_per_epoch=steps,
        shuffle=False,
        verbose=0,
    )
    assert_same_training(on_arrays, on_dataset, h_arrays, h_dataset)


def test_fit_on_a_generator_equals_fit_on_arrays():
    x, y = data()
    start = model().get_weights()
    on_arrays = model(start)
    h_arrays = on_arrays.fit(x, y, batch_size=BATCH, epochs=2, shuffle=False, verbose=0)

    def forever():
        while True:
            yield from batches_of(x, y)

    on_generator = model(start)
    h_generator = on_generator.fit(
        forever(), epochs=2, steps_per_epoch=-(-N // BATCH), shuffle=False, verbose=0
    )
    assert_same_training(on_arrays, on_generator, h_arrays, h_generator)
    one_pass = model(start)
    with pytest.warns(UserWarning, match="Your input ran out of data"):
        h_once = one_pass.fit(batches_of(x, y), shuffle=False, verbose=0)
    single = model(start)
    h_single = single.fit(x, y, batch_size=BATCH, shuffle=False, verbose=0)
    assert_same_training(single, one_pass, h_single, h_once)


@pytest.mark.parametrize("workers", [1, 4])
def test_fit_on_a_py_dataset_equals_fit_on_arrays(workers):
    x, y = data()
    start = model().get_weights()
    on_arrays = model(start)
    h_arrays = on_arrays.fit(x, y, batch_size=BATCH, epochs=2, shuffle=False, verbose=0)
    py_dataset = ArrayBatches(x, y, workers=workers, max_queue_size=3)
    on_py = model(start)
    h_py = on_py.fit(py_dataset, epochs=2, shuffle=False, verbose=0)
    assert_same_training(on_arrays, on_py, h_arrays, h_py)
    # As in Keras, fit resets its iterator before the first epoch, which ends one more.
    assert py_dataset.epochs_ended == 3
    assert sorted(py_dataset.read) == sorted(list(range(7)) * 2)


def test_py_dataset_shuffles_batch_order_and_threads_work_together():
    x, y = data()
    py_dataset = ArrayBatches(x, y)
    model().fit(py_dataset, epochs=2, verbose=0)  # fit's default shuffle=True
    first, second = py_dataset.read[:7], py_dataset.read[7:]
    assert sorted(first) == sorted(second) == list(range(7))
    assert first != list(range(7)) or second != list(range(7))

    both_inside = threading.Barrier(2, timeout=10)

    class Meeting(ArrayBatches):
        def __getitem__(self, index):
            both_inside.wait()  # fails unless two batches are built at once
            return super().__getitem__(index)

    before = threading.active_count()
    model().fit(Meeting(x[:64], y[:64], workers=2), shuffle=False, verbose=0)
    assert threading.active_count() <= before


def test_evaluate_and_predict_on_every_input_kind():
    x, y = data()
    net = model()
    expected_eval = net.evaluate(x, y, batch_size=BATCH, verbose=0)
    expected_pred = net.predict(x, batch_size=BATCH, verbose=0)
    ds = Dataset.from_tensor_slices((x, y)).batch(BATCH)
    np.testing.assert_allclose(net.evaluate(ds, verbose=0), expected_eval, **TOLERANCE)
    np.testing.assert_allclose(
        net.evaluate(ArrayBatches(x, y), verbose=0), expected_eval, **TOLERANCE
    )
    with pytest.warns(UserWarning, match="ran out of data"):
        from_generator = net.evaluate(batches_of(x, y), verbose=0)
    np.testing.assert_allclose(from_generator, expected_eval, **TOLERANCE)
    np.testing.assert_allclose(net.predict(ds, verbose=0), expected_pred, **TOLERANCE)
    np.testing.assert_allclose(
        net.predict(Dataset.from_tensor_slices(x).batch(7), verbose=0), expected_pred, **TOLERANCE
    )
    np.testing.assert_allclose(
        net.predict(ArrayBatches(x, y), verbose=0), expected_pred, **TOLERANCE
    )
    np.testing.assert_allclose(
        net.evaluate(ds.repeat(), steps=3, verbose=0),
        net.evaluate(x[:48], y[:48], batch_size=BATCH, verbose=0),
        **TOLERANCE,
    )


def test_multi_input_model_on_a_dataset_of_dicts():
    rng = np.random.default_rng(0)
    xa, xb = rng.random((40, 3), np.float32), rng.random((40, 2), np.float32)
    y = rng.random((40, 1), np.float32)

    def build():
        nrandom.set_seed(1)
        a, b = Input((3,), name="a"), Input((2,), name="b")
        out = layers.Dense(1)(layers.Concatenate()([a, b]))
        net = Model({"a": a, "b": b}, out)
        net.compile(loss="mse", optimizer="sgd")
        return net

    on_arrays, on_dataset = build(), build()
    h_arrays = on_arrays.fit(
        {"a": xa, "b": xb}, y, batch_size=8, epochs=2, shuffle=False, verbose=0
    )
    ds = Dataset.from_tensor_slices(({"a": xa, "b": xb}, y)).batch(8)
    h_dataset = on_dataset.fit(ds, epochs=2, shuffle=False, verbose=0)
    assert_same_training(on_arrays, on_dataset, h_arrays, h_dataset)


# -- the TensorFlow tutorial's data line -----------------------------------------------------


def test_tensorflow_tutorial_program():
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")
    y = digits.target
    x_train, y_train, x_test, y_test = x[:1500], y[:1500], x[1500:], y[1500:]

    train_ds = Dataset.from_tensor_slices((x_train, y_train)).shuffle(1000).batch(32)
    test_ds = Dataset.from_tensor_slices((x_test, y_test)).batch(32)

    nrandom.set_seed(0)
    net = models.Sequential(
        [
            layers.Dense(64, activation="relu", input_shape=(64,)),
            layers.Dense(10),
        ]
    )
    net.compile(
        optimizer="adam",
        loss=losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    with pytest.warns(UserWarning, match="`shuffle=True` was passed, but will be ignored"):
        history = net.fit(train_ds, epochs=5, verbose=0, validation_data=test_ds)
    assert len(history.history["loss"]) == 5
    assert history.history["loss"][-1] < history.history["loss"][0]
    _, accuracy = net.evaluate(test_ds, verbose=0)
    assert accuracy > 0.85


# -- Keras's errors and warnings -------------------------------------------------------------


def test_arguments_that_do_not_apply_to_a_dataset():
    x, y = data()
    ds = Dataset.from_tensor_slices((x, y)).batch(BATCH)
    net = model()
    with pytest.raises(
        ValueError,
        match=r"When providing `x` as a tf.data.Dataset, `y` should "
        r"not be passed. Instead, the targets should be",
    ):
        net.fit(ds, y, verbose=0)
    with pytest.raises(ValueError, match="`sample_weights` should not be passed"):
        net.fit(ds, sample_weight=np.ones(N), verbose=0)
    with pytest.raises(ValueError, match="`validation_split` is only supported for tensors"):
        net.fit(ds, validation_split=0.2, shuffle=False, verbose=0)
    with pytest.raises(ValueError, match="`y` should not be passed"):
        net.fit(ArrayBatches(x, y), y, verbose=0)
    with pytest.raises(ValueError, match="`class_weight` is not supported for Python generator"):
        net.fit(batches_of(x, y), class_weight={0: 1.0}, shuffle=False, verbose=0)
    with pytest.raises(ValueError, match="must yield at least one batch"):
        net.fit(iter([]), shuffle=False, verbose=0)
    with pytest.raises(ValueError, match="must return a tuple"):
        net.fit((b for b in [x]), shuffle=False, verbose=0)
    history = net.fit(ds, batch_size=7, shuffle=False, verbose=0)  # batch_size is ignored
    assert len(history.history["loss"]) == 1


def test_every_validation_starts_from_the_first_batch():
    x, y = data()
    vx, vy = data(seed=2)
    net = model()
    net.compile(optimizer=optimizers.SGD(0.0), loss="sparse_categorical_crossentropy")
    val = Dataset.from_tensor_slices((vx, vy)).batch(25)
    history = net.fit(
        x, y, epochs=3, shuffle=False, verbose=0, validation_data=val, validation_steps=2
    )
    expected = net.evaluate(vx[:50], vy[:50], batch_size=25, verbose=0)
    np.testing.assert_allclose(history.history["val_loss"], [expected] * 3, rtol=1e-6)


def test_steps_per_epoch_beyond_the_data_warns_and_stops_the_epoch():
    x, y = data()
    ds = Dataset.from_tensor_slices((x, y)).batch(BATCH)
    counter = _StepCounter()
    with pytest.warns(UserWarning, match="Your input ran out of data"):
        model().fit(ds, epochs=2, steps_per_epoch=10, shuffle=False, verbose=0, callbacks=[counter])
    assert counter.steps == [7, 7]


def test_progress_bar_of_an_unknown_length(capsys):
    x, y = data()
    with pytest.warns(UserWarning, match="ran out of data"):
        model().fit(batches_of(x, y), epochs=1, shuffle=False, verbose=1)
    out = capsys.readouterr().out
    assert "/Unknown" in out and "7/7" in out


class _StepCounter(callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.steps = []

    def on_epoch_begin(self, epoch, logs=None):
        self.steps.append(0)

    def on_train_batch_end(self, batch, logs=None):
        self.steps[-1] += 1


# -- steps per epoch exactly as Keras 3's EpochIterator ---------------------------------------


def _batch_ids(iterator_epochs):
    return [[int(np.asarray(x).reshape(-1)[0]) for x in epoch] for epoch in iterator_epochs]


def _nnext_epochs(make_x, epochs, steps_per_epoch):
    it = EpochIterator(make_x(), batch_size=10, steps_per_epoch=steps_per_epoch, shuffle=False)
    return _batch_ids([[b[0] for _, b in it.enumerate_epoch()] for _ in range(epochs)])


def _keras_epochs(make_x, epochs, steps_per_epoch):
    from keras.src.trainers.epoch_iterator import EpochIterator as KerasEpochIterator

    it = KerasEpochIterator(make_x(), batch_size=10, steps_per_epoch=steps_per_epoch, shuffle=False)
    result = []
    for _ in range(epochs):
        epoch = []
        for _, _, batches in it.enumerate_epoch():
            epoch += [b[0] if isinstance(b, tuple) else b for b in batches]
        result.append(epoch)
    return _batch_ids(result)


@pytest.mark.parametrize("kind", ["arrays", "generator", "py_dataset"])
@pytest.mark.parametrize("steps_per_epoch", [None, 3, 4, 12])
def test_epochs_follow_keras_epoch_iterator(kind, steps_per_epoch):
    keras = pytest.importorskip("keras")
    x = np.arange(100, dtype=np.float32).reshape(100, 1)

    class Rows(keras.utils.PyDataset):
        def __len__(self):
            return 10

        def __getitem__(self, i):
            return (x[i * 10 : (i + 1) * 10],)

    class NnextRows(PyDataset):
        def __len__(self):
            return 10

        def __getitem__(self, i):
            return (x[i * 10 : (i + 1) * 10],)

    def make(for_keras):
        if kind == "arrays":
            return x
        if kind == "generator":
            return ((x[i : i + 10],) for i in range(0, 100, 10))
        return Rows() if for_keras else NnextRows()

    with warnings.catch_warnings(record=True) as keras_warnings:
        warnings.simplefilter("always")
        expected = _keras_epochs(lambda: make(True), 3, steps_per_epoch)
    with warnings.catch_warnings(record=True) as nnext_warnings:
        warnings.simplefilter("always")
        ours = _nnext_epochs(lambda: make(False), 3, steps_per_epoch)
    assert ours == expected
    assert [str(w.message) for w in nnext_warnings] == [str(w.message) for w in keras_warnings]


# -- keras.utils dataset helpers -------------------------------------------------------------


def test_timeseries_dataset_documented_examples():
    from nnext.keras.utils import timeseries_dataset_from_array

    ds = timeseries_dataset_from_array(
        np.arange(99), None, sequence_length=10, sampling_rate=2, sequence_stride=3, batch_size=None
    )
    windows = [w.numpy().tolist() for w in ds]
    assert windows[0] == list(range(0, 20, 2))
    assert windows[1] == list(range(3, 23, 2))
    assert windows[2] == list(range(6, 26, 2))
    assert windows[-1] == list(range(78, 98, 2)) and len(windows) == 27

    data = np.arange(100)
    ds = timeseries_dataset_from_array(data[:-10], data[10:], sequence_length=10)
    inputs, targets = next(iter(ds))
    np.testing.assert_array_equal(inputs[0].numpy(), data[:10])
    assert int(targets[0]) == data[10]
    assert tuple(inputs.shape) == (81, 10)

    x, y = np.arange(100), np.arange(100) * 2
    xs = timeseries_dataset_from_array(x, None, sequence_length=20, sequence_stride=20)
    ys = timeseries_dataset_from_array(y, None, sequence_length=20, sequence_stride=20)
    for inputs, targets in zip(xs, ys):
        np.testing.assert_array_equal(inputs[0].numpy(), x[:20])
        np.testing.assert_array_equal(targets[1].numpy(), y[20:40])

    shuffled = timeseries_dataset_from_array(
        data, data, sequence_length=5, shuffle=True, seed=1, batch_size=8
    )
    rows = [(w.numpy(), t.numpy()) for bw, bt in shuffled for w, t in zip(bw, bt)]
    assert sorted(int(w[0]) for w, _ in rows) == list(range(96))
    assert all((w == np.arange(w[0], w[0] + 5)).all() and t == w[0] for w, t in rows)
    with pytest.raises(ValueError, match="`sampling_rate` must be higher than 0"):
        timeseries_dataset_from_array(data, None, sequence_length=5, sampling_rate=0)


def test_split_dataset():
    import random

    from nnext.keras.utils import split_dataset

    data = np.random.default_rng(0).random((1000, 4))
    left, right = split_dataset(data, left_size=0.8)
    assert (len(left), len(right)) == (800, 200)
    np.testing.assert_array_equal(np.stack(list(left.as_numpy_iterator())), data[:800])
    x, y = np.arange(10), np.arange(10) * 10
    left, right = split_dataset((x, y), right_size=3, shuffle=True, seed=4)
    order = list(range(10))
    random.Random(4).shuffle(order)
    assert [int(a) for a, _ in left.as_numpy_iterator()] == order[:7]
    assert [(int(a), int(b)) for a, b in right.as_numpy_iterator()] == [
        (i, i * 10) for i in order[7:]
    ]
    batched = Dataset.from_tensor_slices((x, y)).batch(4)
    left, right = split_dataset(batched, left_size=6)
    assert [tuple(b.shape) for b, _ in left] == [(4,), (2,)]
    assert len(right) == 1
    with pytest.raises(ValueError, match="At least one of the `left_size` or `right_size`"):
        split_dataset(data)
    with pytest.raises(ValueError, match="`left_size` should be either a positive integer"):
        split_dataset(data, left_size=1000)
    with pytest.raises(TypeError, match="Invalid `left_size` Type"):
        split_dataset(data, left_size="half")
