"""Functional `.keras` files move both ways between nnext and real Keras 3, on every Keras
backend this environment has (JAX and NumPy here; TensorFlow and PyTorch where installed).

Keras runs in child processes (one backend per process): this file run as a script with
`write <dir>` saves a compiled two-input, two-output model and its predictions, and with
`read <dir>` loads nnext's file and saves Keras's predictions of it.
"""

import importlib.util
import os
import subprocess
import sys

import numpy as np
import pytest

BACKENDS = [
    b
    for b, module in (
        ("jax", "jax"),
        ("numpy", "numpy"),
        ("torch", "torch"),
        ("tensorflow", "tensorflow"),
    )
    if importlib.util.find_spec(module) is not None
]


def inputs():
    rng = np.random.default_rng(11)
    return rng.standard_normal((6, 8)).astype("float32"), rng.random((6, 4)).astype("float32")


def build(k):
    a = k.Input((8,), name="a")
    b = k.Input((4,), name="b")
    shared = k.layers.Dense(5, activation="tanh", name="shared")
    merged = k.layers.concatenate([shared(k.layers.Dense(4, name="project")(a)), shared(b)])
    scaled = k.layers.Multiply(name="gate")(
        [merged, k.layers.Dense(10, activation="sigmoid", name="gates")(merged)]
    )
    score = k.layers.Dense(1, name="score")(scaled)
    label = k.layers.Dense(3, activation="softmax", name="label")(k.layers.Dropout(0.3)(scaled))
    model = k.Model([a, b], [score, label], name="two_io")
    model.compile(
        optimizer=k.optimizers.Adam(0.01),
        loss={"score": "mse", "label": "categorical_crossentropy"},
        metrics={"label": ["accuracy"]},
    )
    return model


def run_child(backend, mode, directory):
    env = {
        **os.environ,
        "KERAS_BACKEND": backend,
        "JAX_PLATFORMS": "cpu",
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }
    child = subprocess.run(
        [sys.executable, __file__, mode, str(directory)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-4000:]


@pytest.mark.parametrize("backend", BACKENDS)
def test_keras_files_load_in_nnext(backend, tmp_path):
    from nnext import keras

    run_child(backend, "write", tmp_path)
    model = keras.models.load_model(tmp_path / "keras.keras")
    expected = np.load(tmp_path / "keras_predictions.npz")
    score, label = model.predict(list(inputs()), verbose=0)
    np.testing.assert_allclose(score, expected["score"], rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(label, expected["label"], rtol=1e-6, atol=1e-6)
    assert type(model.optimizer).__name__ == "Adam"
    assert model.optimizer.iterations.numpy() == 2  # Keras trained two steps
    assert [layer.name for layer in model.layers][:3] == ["a", "project", "b"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_nnext_files_load_in_keras(backend, tmp_path):
    from nnext import keras

    model = build(keras)
    a, b = inputs()
    model.fit(
        [a, b],
        [a[:, :1], np.eye(3, dtype="float32")[np.arange(6) % 3]],
        epochs=1,
        batch_size=3,
        verbose=0,
    )
    model.save(tmp_path / "nnext.keras")
    run_child(backend, "read", tmp_path)
    theirs = np.load(tmp_path / "nnext_predictions.npz")
    score, label = model.predict([a, b], verbose=0)
    np.testing.assert_allclose(theirs["score"], score, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(theirs["label"], label, rtol=1e-6, atol=1e-6)


def main(mode, directory):
    import keras

    a, b = inputs()
    if mode == "write":
        model = build(keras)
        if keras.backend.backend() != "numpy":  # Keras's NumPy backend cannot train
            model.fit(
                [a, b],
                [a[:, :1], np.eye(3, dtype="float32")[np.arange(6) % 3]],
                epochs=1,
                batch_size=3,
                verbose=0,
            )
        else:
            model.optimizer.build(model.trainable_variables)
            model.optimizer.iterations.assign(2)
        model.save(os.path.join(directory, "keras.keras"))
        score, label = model.predict([a, b], verbose=0)
        np.savez(os.path.join(directory, "keras_predictions.npz"), score=score, label=label)
    else:
        model = keras.models.load_model(os.path.join(directory, "nnext.keras"))
        score, label = model.predict([a, b], verbose=0)
        np.savez(os.path.join(directory, "nnext_predictions.npz"), score=score, label=label)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])


@pytest.mark.parametrize(
    "module",
    [
        "keras.src.backend.torch.optimizers.torch_adam",  # Keras 3 on PyTorch
        "keras.src.backend.tensorflow.optimizer",
        "keras.optimizers",
    ],
)
def test_backend_specific_module_paths_resolve(module):
    from nnext.keras import optimizers, saving

    config = {
        "module": module,
        "class_name": "Adam",
        "registered_name": None,
        "config": {"learning_rate": 0.005, "beta_1": 0.8},
    }
    optimizer = saving.deserialize_keras_object(config)
    assert isinstance(optimizer, optimizers.Adam)
    assert optimizer.beta_1 == 0.8


def graph_with_ops(k):
    a = k.Input((3,), name="a")
    b = k.Input((2,), name="b")
    joined = k.ops.concatenate([a, b], axis=-1)
    spread = k.ops.mean(k.ops.square(joined), axis=-1, keepdims=True)
    return k.Model([a, b], k.layers.Dense(1, name="head")(joined) + spread - 2.0 * joined[:, :1])


def test_ops_in_graphs_save_and_load_both_ways(tmp_path):
    from nnext import keras

    model = graph_with_ops(keras)
    rng = np.random.default_rng(5)
    x = [rng.random((4, 3)).astype("float32"), rng.random((4, 2)).astype("float32")]
    model.save(tmp_path / "ops.keras")
    restored = keras.models.load_model(tmp_path / "ops.keras")
    np.testing.assert_allclose(
        restored.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6
    )
    assert [op.name for op in restored.operations] == [op.name for op in model.operations]
    np.savez(tmp_path / "ops_inputs.npz", a=x[0], b=x[1], expected=model.predict(x, verbose=0))
    env = {**os.environ, "KERAS_BACKEND": "numpy"}
    code = (
        "import sys, numpy as np, keras\n"
        "d = np.load(sys.argv[1] + '/ops_inputs.npz')\n"
        "m = keras.models.load_model(sys.argv[1] + '/ops.keras')\n"
        "np.testing.assert_allclose(m.predict([d['a'], d['b']], verbose=0), d['expected'],"
        " rtol=1e-6)\n"
        "sys.path.insert(0, sys.argv[2])\n"
        "from test_functional_interchange import graph_with_ops\n"
        "theirs = graph_with_ops(keras)\n"
        "theirs.save(sys.argv[1] + '/keras_ops.keras')\n"
        "np.save(sys.argv[1] + '/keras_ops.npy', theirs.predict([d['a'], d['b']], verbose=0))\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path), os.path.dirname(__file__)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    theirs = keras.models.load_model(tmp_path / "keras_ops.keras")
    np.testing.assert_allclose(
        theirs.predict(x, verbose=0), np.load(tmp_path / "keras_ops.npy"), rtol=1e-6
    )
