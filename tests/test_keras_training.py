"""Models and the training loop: the programs users write first, fit/evaluate/predict as
Keras documents them, callbacks, summary, reproducibility and error messages."""

import numpy as np
import pytest

import nnext
from nnext.keras import Model, callbacks, layers, losses, metrics, models, optimizers
from nnext.keras.utils import to_categorical

X431 = np.array([[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
Y431 = np.array([[1.0], [1.0], [0.0]])


def mlp_431():
    return models.Sequential(
        [
            layers.Dense(3, activation="sigmoid", input_shape=(4,)),
            layers.Dense(1, activation="sigmoid"),
        ]
    )


def classification_data(n=200, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 6)).astype(np.float32)
    labels = (x[:, 0] + x[:, 1] > 0).astype(np.int64) + (x[:, 2] > 0.8)
    return x, labels


def small_classifier(seed=0):
    nnext.random.set_seed(seed)
    model = models.Sequential(
        [
            layers.Dense(16, activation="relu", input_shape=(6,)),
            layers.Dense(3, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


# -- the programs of the issue ---------------------------------------------------------


def test_431_mlp_train_on_batch_learns():
    nnext.random.set_seed(1)
    model = mlp_431()
    model.compile(loss=losses.mse, optimizer=optimizers.SGD(0.1))
    first = model.evaluate(X431, Y431, verbose=0)
    for _ in range(300):
        for x, y in zip(X431, Y431):
            loss = model.train_on_batch(np.array([x]), np.array([y]))
    assert isinstance(loss, float)
    assert model.evaluate(X431, Y431, verbose=0) < first / 2


def test_431_mlp_gradient_tape_matches_train_on_batch():
    # Same seed, same steps: the tape loop and train_on_batch give the same weights.
    nnext.random.set_seed(1)
    by_keras = mlp_431()
    by_keras.compile(loss="mse", optimizer=optimizers.SGD(0.1))
    nnext.random.set_seed(1)
    by_tape = mlp_431()
    mse, optimizer = losses.MeanSquaredError(), optimizers.SGD(0.1)
    for _ in range(20):
        for x, y in zip(X431, Y431):
            by_keras.train_on_batch(np.array([x]), np.array([y]))
            with nnext.GradientTape() as tape:
                x_t = nnext.convert_to_tensor(np.array([x]), dtype=nnext.float64)
                y_t = nnext.convert_to_tensor(np.array([y]), dtype=nnext.float64)
                loss = mse(y_t, by_tape(x_t))
            grads = tape.gradient(loss, by_tape.trainable_weights)
            optimizer.apply_gradients(zip(grads, by_tape.trainable_weights))
    for a, b in zip(by_keras.get_weights(), by_tape.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6)


class MyDense(layers.Layer):
    def __init__(self, inp_dim, outp_dim):
        super().__init__()
        self.kernel = self.add_weight(shape=(inp_dim, outp_dim), name="w")
        self.bias = self.add_weight(shape=(outp_dim,), initializer="zeros", name="b")

    def call(self, inputs, training=None):
        return nnext.nn.relu(inputs @ self.kernel + self.bias)


class MyModel(Model):
    def __init__(self):
        super().__init__()
        self.fc1 = MyDense(6, 16)
        self.fc2 = MyDense(16, 8)
        self.out = layers.Dense(3)

    def call(self, inputs, training=None):
        return self.out(self.fc2(self.fc1(inputs)))


def test_subclassed_model_with_custom_layers_trains():
    nnext.random.set_seed(0)
    model = MyModel()
    assert [v.name for v in model.trainable_variables] == ["w", "b", "w", "b"]
    model.compile(
        optimizer=optimizers.Adam(0.01),
        loss=losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    x, y = classification_data()
    history = model.fit(x, y, epochs=15, batch_size=16, verbose=0)
    assert len(model.trainable_variables) == 6
    assert history.history["loss"][-1] < history.history["loss"][0] * 0.6
    assert history.history["accuracy"][-1] > 0.8


# -- fit, evaluate, predict ------------------------------------------------------------


def test_fit_returns_history_with_validation_metrics():
    model = small_classifier()
    x, labels = classification_data()
    history = model.fit(
        x, to_categorical(labels, 3), epochs=3, batch_size=32, validation_split=0.25, verbose=0
    )
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(v) == 3 for v in history.history.values())
    assert history.epoch == [0, 1, 2]
    assert model.history is history


def test_validation_split_takes_the_last_samples_before_shuffling():
    x, labels = classification_data(100)
    y = to_categorical(labels, 3)
    model = small_classifier()
    model.compile(optimizer=optimizers.SGD(0.0), loss="categorical_crossentropy")
    history = model.fit(x, y, epochs=1, validation_split=0.2, verbose=0)
    expected = model.evaluate(x[80:], y[80:], verbose=0)
    assert history.history["val_loss"][0] == pytest.approx(expected, rel=1e-6)
    assert history.history["loss"][0] == pytest.approx(
        model.evaluate(x[:80], y[:80], verbose=0), rel=1e-5
    )


def test_validation_data_and_freq_and_initial_epoch():
    model = small_classifier()
    x, labels = classification_data()
    y = to_categorical(labels, 3)
    history = model.fit(
        x,
        y,
        epochs=5,
        initial_epoch=1,
        validation_data=(x[:50], y[:50]),
        validation_freq=2,
        verbose=0,
    )
    assert history.epoch == [1, 2, 3, 4]
    assert len(history.history["loss"]) == 4
    assert len(history.history["val_loss"]) == 2  # after epochs 2 and 4


def test_accuracy_resolves_from_shapes_and_keeps_the_users_name():
    x, labels = classification_data()
    model = small_classifier()
    model.fit(x, to_categorical(labels, 3), epochs=1, verbose=0)
    assert isinstance(model.metrics[1].metrics[0], metrics.CategoricalAccuracy)  # compile_metrics
    sparse = small_classifier()
    sparse.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"])
    logs = sparse.fit(x, labels, epochs=1, verbose=0).history
    assert isinstance(sparse.metrics[1].metrics[0], metrics.SparseCategoricalAccuracy)
    assert "acc" in logs
    binary = models.Sequential([layers.Dense(1, activation="sigmoid", input_shape=(6,))])
    binary.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    binary.fit(x, (labels > 0).astype(np.float32).reshape(-1, 1), epochs=1, verbose=0)
    assert isinstance(binary.metrics[1].metrics[0], metrics.BinaryAccuracy)


def test_evaluate_return_forms_and_predict():
    model = small_classifier()
    x, labels = classification_data()
    y = to_categorical(labels, 3)
    loss, accuracy = model.evaluate(x, y, verbose=0)
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    assert logs == {"accuracy": pytest.approx(accuracy), "loss": pytest.approx(loss)}
    predictions = model.predict(x, batch_size=7, verbose=0)
    assert isinstance(predictions, np.ndarray) and predictions.shape == (200, 3)
    np.testing.assert_allclose(predictions, model(x).numpy(), rtol=1e-6)
    np.testing.assert_allclose(model.predict_on_batch(x[:5]), predictions[:5], rtol=1e-6)
    expected_accuracy = np.mean(predictions.argmax(1) == labels)
    assert accuracy == pytest.approx(expected_accuracy)
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    assert isinstance(model.evaluate(x, y, verbose=0), float)
    assert isinstance(model.test_on_batch(x[:10], y[:10]), float)


def test_same_seed_gives_identical_training():
    x, labels = classification_data()
    runs = []
    for _ in range(2):
        model = small_classifier(seed=5)
        history = model.fit(x, to_categorical(labels, 3), epochs=2, verbose=0)
        runs.append((model.get_weights(), history.history["loss"]))
    for a, b in zip(runs[0][0], runs[1][0]):
        np.testing.assert_array_equal(a, b)
    assert runs[0][1] == runs[1][1]


def test_dropout_is_active_in_fit_only():
    nnext.random.set_seed(0)
    model = models.Sequential(
        [layers.Dense(8, input_shape=(6,)), layers.Dropout(0.5), layers.Dense(3)]
    )
    x, _ = classification_data(10)
    np.testing.assert_array_equal(model(x).numpy(), model(x).numpy())
    assert not np.array_equal(model(x, training=True).numpy(), model(x).numpy())


# -- callbacks -------------------------------------------------------------------------


class Recorder(callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.calls = []

    def on_train_begin(self, logs=None):
        self.calls.append("train_begin")

    def on_epoch_begin(self, epoch, logs=None):
        self.calls.append(f"epoch_begin {epoch}")

    def on_train_batch_end(self, batch, logs=None):
        self.calls.append(f"batch_end {batch} {sorted(logs)}")

    def on_test_begin(self, logs=None):
        self.calls.append("test_begin")

    def on_epoch_end(self, epoch, logs=None):
        self.calls.append(f"epoch_end {epoch} {sorted(logs)}")

    def on_train_end(self, logs=None):
        self.calls.append("train_end")


def test_callback_hooks_in_order():
    model = small_classifier()
    x, labels = classification_data(40)
    recorder = Recorder()
    model.fit(
        x,
        to_categorical(labels, 3),
        epochs=1,
        batch_size=20,
        validation_split=0.5,
        callbacks=[recorder],
        verbose=0,
    )
    assert recorder.calls == [
        "train_begin",
        "epoch_begin 0",
        "batch_end 0 ['accuracy', 'loss']",
        "test_begin",
        "epoch_end 0 ['accuracy', 'loss', 'val_accuracy', 'val_loss']",
        "train_end",
    ]
    assert recorder.params == {"verbose": 0, "epochs": 1, "steps": 1}


def test_stop_training_from_a_callback():
    class StopAfterTwoBatches(callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 1:
                self.model.stop_training = True

    model = small_classifier()
    x, labels = classification_data()
    history = model.fit(
        x,
        to_categorical(labels, 3),
        epochs=5,
        batch_size=10,
        callbacks=[StopAfterTwoBatches()],
        verbose=0,
    )
    assert history.epoch == [0]
    assert int(model.optimizer.iterations) == 2


def test_early_stopping_patience_and_restore_best_weights():
    model = small_classifier()
    x, labels = classification_data()
    y = to_categorical(labels, 3)
    model.compile(optimizer=optimizers.SGD(0.0), loss="categorical_crossentropy")
    stopper = callbacks.EarlyStopping(monitor="loss", patience=2)
    history = model.fit(x, y, epochs=10, callbacks=[stopper], verbose=0)
    # A frozen model never improves: epoch 0 sets the best, epochs 1 and 2 use the patience.
    assert history.epoch == [0, 1, 2] and stopper.stopped_epoch == 2

    class Perturb(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            self.model.set_weights([w + 1.0 for w in self.model.get_weights()])

    model = small_classifier()
    model.compile(optimizer=optimizers.SGD(0.0), loss="categorical_crossentropy")
    initial = model.get_weights()
    stopper = callbacks.EarlyStopping(monitor="loss", patience=1, restore_best_weights=True)
    model.fit(x, y, epochs=10, callbacks=[stopper, Perturb()], verbose=0)
    assert stopper.best_epoch == 0
    for a, b in zip(model.get_weights(), initial):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    "metric, monitor, improving",
    [
        ("accuracy", "val_accuracy", [0.5, 0.6, 0.7]),
        ("accuracy", "accuracy", [0.5, 0.6, 0.7]),
        (metrics.CategoricalAccuracy(name="acc"), "val_acc", [0.5, 0.6, 0.7]),
        ("mae", "val_mae", [0.7, 0.6, 0.5]),
        (losses.mean_squared_error, "val_mean_squared_error", [0.7, 0.6, 0.5]),
        (losses.CategoricalCrossentropy(), "categorical_crossentropy", [0.7, 0.6, 0.5]),
        ("accuracy", "val_loss", [0.7, 0.6, 0.5]),
    ],
)
def test_early_stopping_auto_mode_follows_the_metrics_direction(metric, monitor, improving):
    # As Keras: accuracies are maximised, losses (and metrics wrapping a loss) minimised.
    # With patience 0 a single step the wrong way would stop training.
    model = small_classifier()
    model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=[metric])
    x, labels = classification_data()
    model.fit(x, to_categorical(labels, 3), epochs=1, verbose=0)
    for values in (improving, improving[::-1]):
        stopper = callbacks.EarlyStopping(monitor=monitor, patience=0)
        stopper.set_model(model)
        model.stop_training = False
        stopper.on_train_begin()
        for epoch, value in enumerate(values):
            stopper.on_epoch_end(epoch, {monitor: value})
        assert model.stop_training == (values is not improving)


def test_early_stopping_auto_mode_refuses_a_metric_of_unknown_direction():
    model = small_classifier()
    model.compile(
        optimizer="sgd",
        loss="categorical_crossentropy",
        metrics=[lambda y_true, y_pred: y_pred[:, 0]],
    )
    x, labels = classification_data()
    stopper = callbacks.EarlyStopping(monitor="val_<lambda>")
    with pytest.raises(ValueError, match="able to automatically determine whether"):
        model.fit(
            x,
            to_categorical(labels, 3),
            epochs=1,
            validation_split=0.2,
            verbose=0,
            callbacks=[stopper],
        )


def test_learning_rate_scheduler_and_csv_logger(tmp_path):
    model = small_classifier()
    x, labels = classification_data()
    path = tmp_path / "log.csv"
    scheduler = callbacks.LearningRateScheduler(lambda epoch, lr: 0.01 / (epoch + 1))
    history = model.fit(
        x,
        to_categorical(labels, 3),
        epochs=3,
        callbacks=[scheduler, callbacks.CSVLogger(path)],
        verbose=0,
    )
    assert history.history["learning_rate"] == pytest.approx([0.01, 0.005, 0.01 / 3])
    rows = path.read_text().splitlines()
    assert rows[0] == "epoch,accuracy,learning_rate,loss"
    assert [r.split(",")[0] for r in rows[1:]] == ["0", "1", "2"]


def test_progress_output(capsys):
    model = small_classifier()
    x, labels = classification_data(64)
    y = to_categorical(labels, 3)
    model.fit(x, y, epochs=2, batch_size=32, verbose=0)
    assert capsys.readouterr().out == ""
    model.fit(x, y, epochs=2, batch_size=32, verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2"
    assert lines[1].startswith("2/2 - ") and " - accuracy: " in lines[1] and " - loss: " in lines[1]
    model.fit(x, y, epochs=1, batch_size=32)
    out = capsys.readouterr().out
    assert "2/2" in out and "━" in out and "step - accuracy:" in out and out.endswith("\n")


# -- Sequential and summary ------------------------------------------------------------


def test_sequential_add_pop_build_and_config():
    model = models.Sequential()
    model.add(layers.Dense(4, input_shape=(3,)))
    model.add(layers.Dense(2))
    assert model.built and len(model.layers) == 2
    popped = model.pop()
    assert isinstance(popped, layers.Dense) and len(model.layers) == 1
    model.add(layers.Dense(5, activation="tanh"))
    config = model.get_config()
    assert [entry["class_name"] for entry in config["layers"]] == ["InputLayer", "Dense", "Dense"]
    clone = models.Sequential.from_config(config)
    assert [tuple(w.shape) for w in clone.weights] == [(3, 4), (4,), (4, 5), (5,)]
    lazy = models.Sequential([layers.Dense(2)])
    assert not lazy.built
    lazy.build((None, 7))
    assert tuple(lazy.layers[0].kernel.shape) == (7, 2)
    first = models.Sequential([layers.Input((5,)), layers.Dense(1)])
    assert tuple(first(np.ones((2, 5))).shape) == (2, 1)


def test_summary_counts():
    model = models.Sequential()
    model.add(layers.Dense(512, activation="relu", input_shape=(28 * 28,)))
    model.add(layers.Dense(10, activation="softmax"))
    lines = []
    model.summary(print_fn=lines.append)
    text = lines[0]
    assert 'Model: "' in text
    assert "(None, 512)" in text and "401,920" in text and "5,130" in text
    assert " Total params: 407,050 (1.55 MB)" in text
    assert " Trainable params: 407,050 (1.55 MB)" in text
    assert " Non-trainable params: 0 (0.00 B)" in text


# -- errors ----------------------------------------------------------------------------


def test_clear_errors():
    model = mlp_431()
    with pytest.raises(ValueError, match=r"You must call `compile\(\)` before calling `fit\(\)`"):
        model.fit(X431, Y431)
    with pytest.raises(ValueError, match=r"before calling `evaluate\(\)`"):
        model.evaluate(X431, Y431)
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(
        ValueError, match="Data cardinality is ambiguous.*'x' sizes: 3 'y' sizes: 2"
    ):
        model.fit(X431, Y431[:2], verbose=0)
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier: sgdd"):
        model.compile(optimizer="sgdd", loss="mse")
    with pytest.raises(ValueError, match="Could not interpret loss identifier: msee"):
        model.compile(optimizer="sgd", loss="msee")
    with pytest.raises(ValueError, match="Could not interpret metric identifier: acuracy"):
        model.compile(optimizer="sgd", loss="mse", metrics=["acuracy"])
        model.fit(X431, Y431, verbose=0)
    with pytest.raises(ValueError, match="Could not interpret activation function identifier"):
        layers.Dense(3, activation="sigmoidd")
    classifier = small_classifier()
    x, labels = classification_data(10)
    with pytest.raises(ValueError, match=r"categorical_crossentropy: .*target.shape=\(10,\)"):
        classifier.fit(x, labels, verbose=0)
    with pytest.raises(ValueError, match="has no layers"):
        models.Sequential().predict(X431)
    with pytest.raises(ValueError, match="All `inputs` values must be KerasTensors"):
        Model(inputs=[X431], outputs=None)


def test_variable_lists_follow_changes_to_the_layer_tree():
    # The training step reads cached variable lists; every change to the tree shows in them.
    x, y = np.ones((5, 3), np.float32), np.ones((5, 2), np.float32)
    model = models.Sequential([layers.Dense(4, input_shape=(3,)), layers.Dense(2)])
    model.compile(optimizer="sgd", loss="mse")
    model.train_on_batch(x, y)
    model.trainable_variables.clear()  # a copy: the model's own list is untouched
    assert len(model.trainable_variables) == 4

    first = model.layers[0]
    first.trainable = False
    assert [v.shape for v in model.trainable_variables] == [(4, 2), (2,)]
    frozen = first.get_weights()
    model.compile(optimizer="sgd", loss="mse")
    model.train_on_batch(x, y)
    for a, b in zip(first.get_weights(), frozen):
        np.testing.assert_array_equal(a, b)

    model.add(layers.Dense(2))
    assert len(model.trainable_variables) == 4 and len(model.weights) == 6
    model.pop()
    assert len(model.trainable_variables) == 2 and len(model.weights) == 4


def test_subclassed_model_sees_layers_assigned_after_its_first_call():
    class Growing(Model):
        def __init__(self):
            super().__init__()
            self.first = layers.Dense(2, kernel_regularizer="l2")

        def call(self, x):
            return self.first(x)

    model = Growing()
    model(np.ones((1, 3)))
    assert len(model.trainable_variables) == 2 and len(model.losses) == 1
    model.second = layers.Dense(2, bias_regularizer="l1")
    model.second(np.ones((1, 3)))
    assert len(model.trainable_variables) == 4 and len(model.losses) == 2
    # Penalties are recomputed from the current weights on every read.
    kernel = model.first.kernel
    kernel.assign(np.zeros(kernel.shape, np.float32))
    assert float(model.losses[0]) == 0.0


def test_on_batch_methods_report_this_batch_only():
    # Keras 3 resets the metrics on each call: the result is this batch's loss (computed
    # before the update), not a running mean over earlier calls.
    nnext.random.set_seed(3)
    model = mlp_431()
    model.compile(loss="mse", optimizer=optimizers.SGD(0.1), metrics=["mae"])
    for x, y in zip(X431, Y431):
        x, y = np.array([x]), np.array([y])
        p = model.predict_on_batch(x)
        expected = [np.mean((p - y) ** 2), np.mean(np.abs(p - y))]
        np.testing.assert_allclose(model.test_on_batch(x, y), expected, rtol=1e-6)
        np.testing.assert_allclose(model.train_on_batch(x, y), expected, rtol=1e-6)


def test_fit_scales_the_loss_and_resumes_where_backup_and_restore_left(tmp_path):
    x, y = np.ones((8, 2), "float32"), np.full((8, 1), 3.0, "float32")

    def model(**optimizer_arguments):
        m = models.Sequential([layers.Input((2,)), layers.Dense(1, kernel_initializer="ones")])
        m.compile(optimizer=optimizers.SGD(0.1, **optimizer_arguments), loss="mse")
        return m

    scaled, plain = model(loss_scale_factor=8.0), model()
    scaled.fit(x, y, epochs=2, shuffle=False, verbose=0)
    plain.fit(x, y, epochs=2, shuffle=False, verbose=0)
    for a, b in zip(scaled.get_weights(), plain.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6)

    class Interrupt(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                raise RuntimeError("interrupted")

    resumable = model()
    backup = str(tmp_path / "backup")
    with pytest.raises(RuntimeError, match="interrupted"):
        resumable.fit(
            x, y, epochs=4, verbose=0, callbacks=[callbacks.BackupAndRestore(backup), Interrupt()]
        )
    history = resumable.fit(
        x, y, epochs=4, verbose=0, callbacks=[callbacks.BackupAndRestore(backup)]
    )
    assert history.epoch == [2, 3]
