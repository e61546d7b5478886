"""Training steps, nnext eager and compiled (issue 13) against NumPy by hand, JAX jax.jit
steps by hand, PyTorch eager and Keras 3 when installed, each in its own process,
interleaved round by round; medians of the rounds and the ratios to NumPy and to JAX.

Cases (the rows of issue 13's table):
- 431_tob: 4-3-1 sigmoid MLP, one sample, MSE, SGD: microseconds per train_on_batch step;
- 431_fit: the same through fit(batch_size=1) on the 3 samples: microseconds per step;
- cancer:  breast cancer 30-16-8-1 (relu, relu, sigmoid), Adam, batch 32: seconds for 100
           epochs (scikit-learn's data, standardised);
- mnist:   784-512-10 (relu, softmax), RMSprop, batch 128: seconds per epoch of 60000
           random images.

    PYTHONPATH=python python benchmarks/bench_training.py [--rounds 3] [--cases ...]
        [--frameworks ...]
"""

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

CASES = ("431_tob", "431_fit", "cancer", "mnist")
FRAMEWORKS = ("nnext-eager", "nnext-compiled", "numpy", "jax", "torch", "keras")
UNITS = {"431_tob": "us/step", "431_fit": "us/step", "cancer": "s/100 ep", "mnist": "s/epoch"}
STEPS_431, EPOCHS_FIT = 3000, 400


def cancer_data():
    from sklearn.datasets import load_breast_cancer

    x, y = load_breast_cancer(return_X_y=True)
    x = ((x - x.mean(0)) / x.std(0)).astype(np.float32)
    return x, y.astype(np.float32).reshape(-1, 1)


def best_us(step, steps, blocks=5):
    import bench_keras

    return bench_keras.per_step_us(step, steps, blocks)


# -- nnext --------------------------------------------------------------------------------


def run_nnext(case, jit):
    import bench_keras as bk

    from nnext.keras import layers, models, optimizers

    if case in ("431_tob", "431_fit"):
        model = models.Sequential(
            [
                layers.Input((4,)),
                layers.Dense(3, activation="sigmoid"),
                layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(loss="mse", optimizer=optimizers.SGD(0.1), jit_compile=jit)
        x, y = bk.X431.astype(np.float32), bk.Y431.astype(np.float32)
        if case == "431_tob":
            samples = [(x[i : i + 1], y[i : i + 1]) for i in range(3)]
            for s in samples * 20:
                model.train_on_batch(*s)
            return best_us(lambda i: model.train_on_batch(*samples[i % 3]), STEPS_431)
        model.fit(x, y, batch_size=1, epochs=5, verbose=0)
        start = time.perf_counter()
        model.fit(x, y, batch_size=1, epochs=EPOCHS_FIT, verbose=0)
        return (time.perf_counter() - start) / (EPOCHS_FIT * 3) * 1e6
    if case == "cancer":
        x, y = cancer_data()
        model = models.Sequential(
            [
                layers.Input((30,)),
                layers.Dense(16, activation="relu"),
                layers.Dense(8, activation="relu"),
                layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(loss="binary_crossentropy", optimizer="adam", jit_compile=jit)
        model.fit(x, y, batch_size=32, epochs=1, verbose=0)
        start = time.perf_counter()
        model.fit(x, y, batch_size=32, epochs=100, verbose=0)
        return time.perf_counter() - start
    x, y = bk.mnist_like()
    net = models.Sequential(
        [
            layers.Input((bk.D,)),
            layers.Dense(bk.H, activation="relu"),
            layers.Dense(bk.C, activation="softmax"),
        ]
    )
    net.compile(
        loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"], jit_compile=jit
    )
    net.fit(x[: bk.BATCH * 20], y[: bk.BATCH * 20], batch_size=bk.BATCH, verbose=0)
    start = time.perf_counter()
    net.fit(x, y, batch_size=bk.BATCH, verbose=0)
    return time.perf_counter() - start


# -- NumPy by hand ------------------------------------------------------------------------


def run_numpy(case):
    import bench_keras as bk

    if case == "431_tob":
        return best_us(bk.numpy_step(), STEPS_431)
    if case == "mnist":
        return bk.numpy_epoch(*bk.mnist_like(), 1)
    if case != "cancer":
        return None
    x, y = cancer_data()
    rng = np.random.default_rng(0)
    sizes = [(30, 16), (16, 8), (8, 1)]
    params = []
    for fan_in, fan_out in sizes:
        params += [bk.glorot(rng, fan_in, fan_out), np.zeros(fan_out, np.float32)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    t = 0

    def epoch():
        nonlocal t
        order = rng.permutation(len(x))
        for start in range(0, len(x), 32):
            rows = order[start : start + 32]
            xb, yb = x[rows], y[rows]
            w1, b1, w2, b2, w3, b3 = params
            h1 = np.maximum(xb @ w1 + b1, 0)
            h2 = np.maximum(h1 @ w2 + b2, 0)
            p = 1 / (1 + np.exp(-(h2 @ w3 + b3)))
            dz3 = (p - yb) / len(xb)
            dh2 = (dz3 @ w3.T) * (h2 > 0)
            dh1 = (dh2 @ w2.T) * (h1 > 0)
            grads = [xb.T @ dh1, dh1.sum(0), h1.T @ dh2, dh2.sum(0), h2.T @ dz3, dz3.sum(0)]
            t += 1
            alpha = 0.001 * np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
            for param, mi, vi, g in zip(params, m, v, grads):
                mi += (g - mi) * 0.1
                vi += (g * g - vi) * 0.001
                param -= alpha * mi / (np.sqrt(vi) + 1e-7)

    epoch()
    start = time.perf_counter()
    for _ in range(100):
        epoch()
    return time.perf_counter() - start


# -- JAX jax.jit steps by hand ------------------------------------------------------------


def run_jax(case):
    import bench_keras as bk
    import jax
    import jax.numpy as jnp

    if case == "431_tob":

        @jax.jit
        def step(params, x, y):
            def loss(params):
                w1, b1, w2, b2 = params
                h = jax.nn.sigmoid(x @ w1 + b1)
                return jnp.mean((jax.nn.sigmoid(h @ w2 + b2) - y) ** 2)

            return [p - 0.1 * g for p, g in zip(params, jax.grad(loss)(params))]

        rng = np.random.default_rng(0)
        state = [
            jnp.asarray(a)
            for a in (
                bk.glorot(rng, 4, 3),
                np.zeros(3, np.float32),
                bk.glorot(rng, 3, 1),
                np.zeros(1, np.float32),
            )
        ]
        samples = [
            (
                jnp.asarray(bk.X431[i : i + 1], jnp.float32),
                jnp.asarray(bk.Y431[i : i + 1], jnp.float32),
            )
            for i in range(3)
        ]

        def run(i):
            nonlocal state
            state = step(state, *samples[i % 3])

        for i in range(30):
            run(i)
        jax.block_until_ready(state)
        result = best_us(run, STEPS_431)
        jax.block_until_ready(state)
        return result
    if case != "mnist":
        return None

    @jax.jit
    def step(params, velocity, x, y):
        def loss(params):
            w1, b1, w2, b2 = params
            z = jnp.maximum(x @ w1 + b1, 0) @ w2 + b2
            return -jnp.mean(jnp.sum(y * jax.nn.log_softmax(z), axis=1))

        grads = jax.grad(loss)(params)
        velocity = [0.9 * v + 0.1 * g * g for v, g in zip(velocity, grads)]
        params = [p - 0.001 * g / jnp.sqrt(v + 1e-7) for p, g, v in zip(params, grads, velocity)]
        return params, velocity

    x, y = bk.mnist_like()
    rng = np.random.default_rng(0)
    params = [
        jnp.asarray(a)
        for a in (
            bk.glorot(rng, bk.D, bk.H),
            np.zeros(bk.H, np.float32),
            bk.glorot(rng, bk.H, bk.C),
            np.zeros(bk.C, np.float32),
        )
    ]
    velocity = [jnp.zeros_like(p) for p in params]

    def epoch(n):
        nonlocal params, velocity
        order = rng.permutation(n)
        for start in range(0, n - bk.BATCH + 1, bk.BATCH):  # full batches: one compilation
            rows = order[start : start + bk.BATCH]
            params, velocity = step(params, velocity, x[rows], y[rows])
        jax.block_until_ready(params)

    epoch(bk.BATCH * 20)
    start = time.perf_counter()
    epoch(len(x))
    return time.perf_counter() - start


# -- PyTorch eager and Keras 3 ------------------------------------------------------------


def run_torch(case):
    import bench_keras as bk
    import torch

    torch.set_flush_denormal(True)
    if case == "431_tob":
        return best_us(bk.torch_step(), STEPS_431)
    if case == "mnist":
        return bk.torch_epoch(*bk.mnist_like(), 1)
    if case != "cancer":
        return None
    x, y = (torch.from_numpy(a) for a in cancer_data())
    net = torch.nn.Sequential(
        torch.nn.Linear(30, 16),
        torch.nn.ReLU(),
        torch.nn.Linear(16, 8),
        torch.nn.ReLU(),
        torch.nn.Linear(8, 1),
        torch.nn.Sigmoid(),
    )
    opt = torch.optim.Adam(net.parameters(), lr=0.001, eps=1e-7)
    loss_fn = torch.nn.BCELoss()

    def epoch():
        order = torch.randperm(len(x))
        for start in range(0, len(x), 32):
            rows = order[start : start + 32]
            opt.zero_grad()
            loss_fn(net(x[rows]), y[rows]).backward()
            opt.step()

    epoch()
    start = time.perf_counter()
    for _ in range(100):
        epoch()
    return time.perf_counter() - start


def run_keras(case):
    import bench_keras as bk
    import keras

    if case == "431_tob":
        return best_us(bk.keras_step(), 600)
    if case == "mnist":
        return bk.keras_epoch(*bk.mnist_like(), 1)
    if case == "431_fit":
        model = keras.Sequential(
            [
                keras.Input((4,)),
                keras.layers.Dense(3, activation="sigmoid"),
                keras.layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(loss="mse", optimizer=keras.optimizers.SGD(0.1))
        x, y = bk.X431.astype(np.float32), bk.Y431.astype(np.float32)
        model.fit(x, y, batch_size=1, epochs=2, verbose=0)
        start = time.perf_counter()
        model.fit(x, y, batch_size=1, epochs=20, verbose=0)
        return (time.perf_counter() - start) / 60 * 1e6
    x, y = cancer_data()
    model = keras.Sequential(
        [
            keras.Input((30,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(loss="binary_crossentropy", optimizer="adam")
    model.fit(x, y, batch_size=32, epochs=1, verbose=0)
    start = time.perf_counter()
    model.fit(x, y, batch_size=32, epochs=100, verbose=0)
    return time.perf_counter() - start


def child(framework, case):
    if framework.startswith("nnext"):
        return run_nnext(case, framework == "nnext-compiled")
    return {"numpy": run_numpy, "jax": run_jax, "torch": run_torch, "keras": run_keras}[framework](
        case
    )


def available(framework):
    module = {"nnext-eager": "nnext", "nnext-compiled": "nnext"}.get(framework, framework)
    if framework == "keras":
        return importlib.util.find_spec("keras") is not None and (
            importlib.util.find_spec("torch") is not None
        )
    return importlib.util.find_spec(module) is not None


def measure(framework, case):
    env = dict(os.environ, KERAS_BACKEND="torch")
    out = subprocess.run(
        [sys.executable, __file__, "--child", framework, case],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if out.returncode != 0:
        print(f"{framework} {case} failed: {out.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=CASES)
    parser.add_argument("--frameworks", nargs="+", default=list(FRAMEWORKS), choices=FRAMEWORKS)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    frameworks = [f for f in args.frameworks if available(f)]
    runs = [(f, c) for c in args.cases for f in frameworks]
    times = {run: [] for run in runs}
    for r in range(args.rounds):
        for run in runs if r % 2 == 0 else runs[::-1]:
            t = measure(*run)
            if t is not None:
                times[run].append(t)
        print(f"round {r + 1} done", file=sys.stderr)
    print(f"\nTraining steps: medians of {args.rounds} interleaved rounds, {os.cpu_count()} CPUs")
    header = f"{'case':<9} {'unit':<9}" + "".join(f" {f:>15}" for f in frameworks)
    print(header + f" {'compiled/numpy':>15} {'compiled/jax':>13}")
    for case in args.cases:
        med = {f: statistics.median(times[f, case]) if times[f, case] else None for f in frameworks}
        line = f"{case:<9} {UNITS[case]:<9}"
        for f in frameworks:
            line += f" {med[f]:>15.4g}" if med[f] is not None else f" {'-':>15}"
        comp = med.get("nnext-compiled")
        for peer, width in (("numpy", 15), ("jax", 13)):
            ref = med.get(peer)
            line += f" {comp / ref:>{width}.3f}" if comp and ref else f" {'-':>{width}}"
        print(line)


if __name__ == "__main__":
    main()
