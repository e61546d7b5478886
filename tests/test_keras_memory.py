"""A training loop must not grow: after warm-up, `train_on_batch` holds the same tensor memory
(`nnext.memory_stats()["current"]`) and the same Python objects step after step."""

import gc
import tracemalloc

import numpy as np
import pytest

import nnext
from nnext.keras import layers, models, optimizers


def mnist_network():
    model = models.Sequential(
        [
            layers.Dense(512, activation="relu", input_shape=(784,)),
            layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def mlp_431():
    model = models.Sequential(
        [
            layers.Dense(3, activation="sigmoid", input_shape=(4,)),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer=optimizers.SGD(0.1), loss="mse")
    return model


def growth(model, x, y, steps):
    """Python heap bytes and gc-tracked objects gained over `steps` training steps."""
    gc.collect()
    heap, objects = tracemalloc.get_traced_memory()[0], len(gc.get_objects())
    for _ in range(steps):
        model.train_on_batch(x, y)
    gc.collect()
    return tracemalloc.get_traced_memory()[0] - heap, len(gc.get_objects()) - objects


@pytest.fixture
def traced():
    tracemalloc.start()
    yield
    tracemalloc.stop()


def test_mnist_network_tensor_memory_is_flat():
    rng = np.random.default_rng(0)
    x = rng.random((128, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 128)]
    model = mnist_network()
    for _ in range(10):  # builds the optimizer's slots and fills the allocator's cache
        model.train_on_batch(x, y)
    current = []
    for _ in range(200):
        model.train_on_batch(x, y)
        current.append(nnext.memory_stats()["current"])
    assert min(current) == max(current), (min(current), max(current))


def test_mnist_network_python_objects_are_flat(traced):
    rng = np.random.default_rng(0)
    x = rng.random((128, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 128)]
    model = mnist_network()
    growth(model, x, y, 50)  # warm-up: slots, metric resolution, NumPy's small caches
    heap, objects = growth(model, x, y, 200)
    # One leaked (128, 10) NumPy array a step would be 1 MB; NumPy's and pybind11's small
    # caches jitter by up to ~12 KB here. Small leaks are the next test's job.
    assert heap < 65_536 and objects < 20, (heap, objects)


def test_small_steps_leak_no_python_objects(traced):
    # Thousands of cheap steps: leaking even one small object a step (a Tensor's Python
    # wrapper is about 60 bytes) would add 300 KB.
    model = mlp_431()
    x, y = np.ones((1, 4)), np.ones((1, 1))
    growth(model, x, y, 200)
    heap, objects = growth(model, x, y, 5000)
    assert heap < 65_536 and objects < 20, (heap, objects)
