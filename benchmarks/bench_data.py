"""Input pipelines (`nnext.data`): does `fit` on a Dataset keep up with `fit` on arrays?

- seconds per epoch of the MNIST network (784 -> 512 relu -> 10 softmax, RMSprop, batch 128,
  60000 random images) on `fit(x, y)` against `fit(Dataset.from_tensor_slices((x, y))
  [.shuffle(10000)].batch(128).prefetch(AUTOTUNE))`;
- the same network on a pipeline with a per-batch map (Gaussian noise added to the images,
  clipped to [0, 1]): sequential, with `num_parallel_calls=AUTOTUNE`, and with `prefetch`;
- the pipelines alone (no model): batches per second they deliver.

The same pipelines run in TensorFlow (tf.data + tf.keras) when it is installed.

    PYTHONPATH=python python benchmarks/bench_data.py [--samples 60000] [--repeats 2]

Every time is the fastest of `--repeats` runs after one warm-up run (the machine may be
shared).
"""

import argparse
import importlib.util
import time

import numpy as np

import nnext
from nnext import math as nmath
from nnext import random as nrandom
from nnext.data import AUTOTUNE, Dataset
from nnext.keras import layers, models

D, H, C, BATCH = 784, 512, 10, 128


def mnist_like(n, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((n, D), dtype=np.float32)
    y = np.eye(C, dtype=np.float32)[rng.integers(0, C, n)]
    return x, y


def network():
    net = models.Sequential(
        [
            layers.Dense(H, activation="relu", input_shape=(D,)),
            layers.Dense(C, activation="softmax"),
        ]
    )
    net.compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
    return net


def best_seconds(runs, repeats):
    """The fastest of `repeats` timed calls of each run, after one warm-up call each. Runs
    take turns (round robin), so a load that comes and goes on a shared machine disturbs
    every case alike."""
    for run in runs.values():
        run()  # warm-up: buffers, thread pools, first-call costs
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def noisy(bx, by):
    """The map of the map-heavy pipeline: Gaussian noise on each image, clipped to [0, 1]."""
    noise = nrandom.normal(bx.shape, stddev=0.1)
    return nmath.clip_by_value(bx + noise, 0.0, 1.0), by


def nnext_pipelines(x, y):
    base = Dataset.from_tensor_slices((x, y))
    return {
        "slices.batch.prefetch": base.batch(BATCH).prefetch(AUTOTUNE),
        "slices.shuffle(10000).batch.prefetch": base.shuffle(10000).batch(BATCH).prefetch(AUTOTUNE),
        "map(noise)": base.batch(BATCH).map(noisy),
        "map(noise, AUTOTUNE)": base.batch(BATCH).map(noisy, num_parallel_calls=AUTOTUNE),
        "map(noise, AUTOTUNE).prefetch": base.batch(BATCH)
        .map(noisy, num_parallel_calls=AUTOTUNE)
        .prefetch(AUTOTUNE),
    }


def tf_pipelines(tf, x, y):
    def tf_noisy(bx, by):
        noise = tf.random.normal(tf.shape(bx), stddev=0.1)
        return tf.clip_by_value(bx + noise, 0.0, 1.0), by

    base = tf.data.Dataset.from_tensor_slices((x, y))
    return {
        "slices.batch.prefetch": base.batch(BATCH).prefetch(tf.data.AUTOTUNE),
        "slices.shuffle(10000).batch.prefetch": base.shuffle(10000)
        .batch(BATCH)
        .prefetch(tf.data.AUTOTUNE),
        "map(noise)": base.batch(BATCH).map(tf_noisy),
        "map(noise, AUTOTUNE)": base.batch(BATCH).map(
            tf_noisy, num_parallel_calls=tf.data.AUTOTUNE
        ),
        "map(noise, AUTOTUNE).prefetch": base.batch(BATCH)
        .map(tf_noisy, num_parallel_calls=tf.data.AUTOTUNE)
        .prefetch(tf.data.AUTOTUNE),
    }


def tf_network(tf):
    net = tf.keras.Sequential(
        [
            tf.keras.Input((D,)),
            tf.keras.layers.Dense(H, activation="relu"),
            tf.keras.layers.Dense(C, activation="softmax"),
        ]
    )
    net.compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
    return net


def row(case, seconds, peer, peer_seconds):
    ratio = f"{seconds / peer_seconds:7.2f}" if peer_seconds else f"{'':>7}"
    peer_text = f"{peer_seconds:10.3f}" if peer_seconds else f"{'':>10}"
    print(f"{case:<48} {nnext.get_num_threads():>7} {seconds:10.3f} {peer:>22} {peer_text} {ratio}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=60000)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    x, y = mnist_like(args.samples)
    pipelines = nnext_pipelines(x, y)
    tf = None
    if importlib.util.find_spec("tensorflow") is not None:
        import tensorflow as tf

        tf_data = tf_pipelines(tf, x, y)
    print(
        f"{'case (s/epoch; pipelines alone: s/pass)':<48} {'threads':>7} {'nnext':>10} "
        f"{'peer':>22} {'peer time':>10} {'ratio':>7}"
    )

    net = network()
    fits = {"fit(x, y, batch_size=128)": lambda: net.fit(x, y, batch_size=BATCH, verbose=0)}
    for name, ds in pipelines.items():
        fits[f"fit({name})"] = lambda ds=ds: net.fit(ds, shuffle=False, verbose=0)
    alone = {f"{name} alone": lambda ds=ds: [None for _ in ds] for name, ds in pipelines.items()}
    times = best_seconds(fits, args.repeats)
    times.update(best_seconds(alone, args.repeats))
    arrays = times["fit(x, y, batch_size=128)"]
    row("fit(x, y, batch_size=128)", arrays, "", None)
    for name in ("slices.batch.prefetch", "slices.shuffle(10000).batch.prefetch"):
        row(f"fit({name})", times[f"fit({name})"], "fit(x, y) arrays", arrays)
    for name in ("map(noise)", "map(noise, AUTOTUNE)", "map(noise, AUTOTUNE).prefetch"):
        row(f"fit({name})", times[f"fit({name})"], "fit(map(noise))", times["fit(map(noise))"])
    for name in pipelines:
        peer = "map(noise) alone" if name.startswith("map") else ""
        row(
            f"{name} alone",
            times[f"{name} alone"],
            peer,
            times["map(noise) alone"] if peer else None,
        )

    if tf is not None:
        tf_net = tf_network(tf)
        tf_fits = {name: lambda ds=ds: tf_net.fit(ds, verbose=0) for name, ds in tf_data.items()}
        theirs = best_seconds(tf_fits, args.repeats)
        for name in tf_data:
            row(f"fit({name})", times[f"fit({name})"], "tensorflow", theirs[name])


if __name__ == "__main__":
    main()
