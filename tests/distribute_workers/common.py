"""Shared by the worker scripts that tests/test_distribute.py runs under `mpiexec`: small
models, data, and this process's rank (read from the launcher's environment, so that a
reference run can happen before any strategy exists)."""

import os

import numpy as np

import nnext
from nnext import keras

GLOBAL_BATCH = 64


def rank():
    for name in ("PMI_RANK", "OMPI_COMM_WORLD_RANK", "PMIX_RANK"):
        if name in os.environ:
            return int(os.environ[name])
    return 0


def mnist_like(n=300, seed=0):
    """Digit-like data: 784 features in [0, 1], 10 classes (a fixed random draw)."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, 784), dtype=np.float32)
    y = rng.integers(0, 10, n)
    return x, y


def dense_model():
    """The MNIST network of the Keras examples, smaller: 784-32-10."""
    return keras.Sequential(
        [
            keras.Input((784,)),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def two_input_model():
    """A functional model with two inputs and two outputs."""
    a = keras.Input((6,), name="a")
    b = keras.Input((3,), name="b")
    h = keras.layers.Concatenate()([keras.layers.Dense(8, activation="tanh")(a), b])
    out_class = keras.layers.Dense(3, activation="softmax", name="cls")(h)
    out_reg = keras.layers.Dense(1, name="reg")(h)
    return keras.Model([a, b], [out_class, out_reg])


def two_input_data(n=200, seed=1):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(n, 6)).astype(np.float32)
    b = rng.normal(size=(n, 3)).astype(np.float32)
    cls = rng.integers(0, 3, n)
    reg = (a[:, :1] - b[:, 1:2]).astype(np.float32)
    return [a, b], [cls, reg]


def seeded(build, seed=1234):
    nnext.random.set_seed(seed)
    return build()


class SubclassedMLP(keras.Model):
    """A subclassed model: its weights exist only after its first call."""

    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(16, activation="relu")
        self.out = keras.layers.Dense(10, activation="softmax")

    def call(self, x):
        return self.out(self.hidden(x))
