"""Keras-level benchmarks: one row per case, nnext against hand-written NumPy and, when
installed, PyTorch and Keras 3 (on its torch backend).

- seconds per epoch of the MNIST network 784 -> 512 relu -> 10 softmax, RMSprop,
  categorical cross-entropy, batch 128, on a 60000 x 784 float32 set (random pixels);
- microseconds per `train_on_batch` step of the 4-3-1 sigmoid MLP (one sample, MSE, SGD).

    PYTHONPATH=python python benchmarks/bench_keras.py [--epochs 1] [--steps 2000]

The first epoch (or first steps) of each peer is a warm-up and is not timed; a step time is
the fastest of five runs of `steps / 5` steps (the machine may be shared). Compare threads
with `OMP_NUM_THREADS=1 python benchmarks/bench_keras.py`.
"""

import argparse
import importlib.util
import os
import time

import numpy as np

import nnext
from nnext.keras import layers, models, optimizers
from nnext.keras.utils import to_categorical

N, D, H, C, BATCH = 60000, 784, 512, 10, 128
X431 = np.array([[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
Y431 = np.array([[1.0], [1.0], [0.0]])


def mnist_like(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((N, D), dtype=np.float32)
    y = to_categorical(rng.integers(0, C, N), C)
    return x, y


def glorot(rng, fan_in, fan_out):
    limit = np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32)


# -- MNIST network: seconds per epoch ------------------------------------------------------


def nnext_epoch(x, y, epochs):
    net = models.Sequential(
        [
            layers.Dense(H, activation="relu", input_shape=(D,)),
            layers.Dense(C, activation="softmax"),
        ]
    )
    net.compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
    net.fit(x[: BATCH * 20], y[: BATCH * 20], batch_size=BATCH, verbose=0)
    start = time.perf_counter()
    net.fit(x, y, epochs=epochs, batch_size=BATCH, verbose=0)
    return (time.perf_counter() - start) / epochs


def numpy_epoch(x, y, epochs):
    """Hand-written forward, backward and RMSprop, float32, same shuffling and clipping."""
    rng = np.random.default_rng(0)
    params = [
        glorot(rng, D, H),
        np.zeros(H, np.float32),
        glorot(rng, H, C),
        np.zeros(C, np.float32),
    ]
    velocity = [np.zeros_like(p) for p in params]

    def epoch(x, y):
        order = rng.permutation(len(x))
        for start in range(0, len(x), BATCH):
            rows = order[start : start + BATCH]
            xb, yb = x[rows], y[rows]
            w1, b1, w2, b2 = params
            h = np.maximum(xb @ w1 + b1, 0)
            z = h @ w2 + b2
            p = np.exp(z - z.max(1, keepdims=True))
            p /= p.sum(1, keepdims=True)
            dz = (p - yb) / len(xb)
            dh = (dz @ w2.T) * (h > 0)
            grads = [xb.T @ dh, dh.sum(0), h.T @ dz, dz.sum(0)]
            for param, v, g in zip(params, velocity, grads):
                v *= 0.9
                v += 0.1 * g * g
                param -= 0.001 * g / np.sqrt(v + 1e-7)

    epoch(x[: BATCH * 20], y[: BATCH * 20])
    start = time.perf_counter()
    for _ in range(epochs):
        epoch(x, y)
    return (time.perf_counter() - start) / epochs


def torch_epoch(x, y, epochs):
    import torch

    net = torch.nn.Sequential(torch.nn.Linear(D, H), torch.nn.ReLU(), torch.nn.Linear(H, C))
    opt = torch.optim.RMSprop(net.parameters(), lr=0.001, alpha=0.9, eps=1e-7)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y.argmax(1))
    loss_fn = torch.nn.CrossEntropyLoss()

    def epoch(xt, yt):
        order = torch.randperm(len(xt))
        for start in range(0, len(xt), BATCH):
            rows = order[start : start + BATCH]
            opt.zero_grad()
            loss = loss_fn(net(xt[rows]), yt[rows])
            loss.backward()
            opt.step()

    epoch(xt[: BATCH * 20], yt[: BATCH * 20])
    start = time.perf_counter()
    for _ in range(epochs):
        epoch(xt, yt)
    return (time.perf_counter() - start) / epochs


def keras_epoch(x, y, epochs):
    import keras

    net = keras.Sequential(
        [
            keras.Input((D,)),
            keras.layers.Dense(H, activation="relu"),
            keras.layers.Dense(C, activation="softmax"),
        ]
    )
    net.compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
    net.fit(x[: BATCH * 20], y[: BATCH * 20], batch_size=BATCH, verbose=0)
    start = time.perf_counter()
    net.fit(x, y, epochs=epochs, batch_size=BATCH, verbose=0)
    return (time.perf_counter() - start) / epochs


# -- 4-3-1 MLP: microseconds per train_on_batch ------------------------------------------


def per_step_us(step, steps, blocks=5):
    """Microseconds per call of `step(i)`: the fastest of `blocks` runs of `steps // blocks`
    calls, since on a shared machine the fastest run is the least disturbed one."""
    n = max(steps // blocks, 1)
    best = float("inf")
    for _ in range(blocks):
        start = time.perf_counter()
        for i in range(n):
            step(i)
        best = min(best, time.perf_counter() - start)
    return best / n * 1e6


def nnext_step():
    model = models.Sequential(
        [
            layers.Dense(3, activation="sigmoid", input_shape=(4,)),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(loss="mse", optimizer=optimizers.SGD(0.1))
    samples = [(np.array([x]), np.array([y])) for x, y in zip(X431, Y431)]
    for x, y in samples * 20:
        model.train_on_batch(x, y)
    return lambda i: model.train_on_batch(*samples[i % 3])


def numpy_step():
    rng = np.random.default_rng(0)
    w1, b1, w2, b2 = glorot(rng, 4, 3), np.zeros(3), glorot(rng, 3, 1), np.zeros(1)
    samples = [(np.array([x]), np.array([y])) for x, y in zip(X431, Y431)]

    def step(i):
        nonlocal w1, b1, w2, b2
        x, y = samples[i % 3]
        h = 1 / (1 + np.exp(-(x @ w1 + b1)))
        p = 1 / (1 + np.exp(-(h @ w2 + b2)))
        dz2 = 2 * (p - y) * p * (1 - p)
        dz1 = (dz2 @ w2.T) * h * (1 - h)
        w2 -= 0.1 * h.T @ dz2
        b2 -= 0.1 * dz2.sum(0)
        w1 -= 0.1 * x.T @ dz1
        b1 -= 0.1 * dz1.sum(0)

    return step


def torch_step():
    import torch

    net = torch.nn.Sequential(
        torch.nn.Linear(4, 3), torch.nn.Sigmoid(), torch.nn.Linear(3, 1), torch.nn.Sigmoid()
    )
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    samples = [
        (
            torch.tensor(np.array([x]), dtype=torch.float32),
            torch.tensor(np.array([y]), dtype=torch.float32),
        )
        for x, y in zip(X431, Y431)
    ]

    def step(i):
        x, y = samples[i % 3]
        opt.zero_grad()
        torch.mean((net(x) - y) ** 2).backward()
        opt.step()

    return step


def keras_step():
    import keras

    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(3, activation="sigmoid"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(loss="mse", optimizer=keras.optimizers.SGD(0.1))
    samples = [(np.array([x]), np.array([y])) for x, y in zip(X431, Y431)]
    for x, y in samples * 5:
        model.train_on_batch(x, y)
    return lambda i: model.train_on_batch(*samples[i % 3])


def available(module):
    return importlib.util.find_spec(module) is not None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--steps", type=int, default=2000)
    args = parser.parse_args()
    os.environ.setdefault("KERAS_BACKEND", "torch")
    peers = [("numpy", numpy_epoch, numpy_step)]
    if available("torch"):
        peers.append(("torch", torch_epoch, torch_step))
        if available("keras"):
            peers.append(("keras3-torch", keras_epoch, keras_step))
    threads = nnext.get_num_threads()
    print(f"{'case':<34} {'threads':>7} {'nnext':>10} {'peer':>13} {'peer time':>10} {'ratio':>7}")
    x, y = mnist_like()
    ours = nnext_epoch(x, y, args.epochs)
    for name, epoch_fn, _ in peers:
        theirs = epoch_fn(x, y, args.epochs)
        print(
            f"{'mnist 784-512-10 rmsprop s/epoch':<34} {threads:>7} {ours:>10.2f} "
            f"{name:>13} {theirs:>10.2f} {ours / theirs:>7.2f}"
        )
    ours = per_step_us(nnext_step(), args.steps)
    for name, _, step_fn in peers:
        theirs = per_step_us(step_fn(), args.steps)
        print(
            f"{'4-3-1 train_on_batch us/step':<34} {threads:>7} {ours:>10.1f} "
            f"{name:>13} {theirs:>10.1f} {ours / theirs:>7.2f}"
        )


if __name__ == "__main__":
    main()
