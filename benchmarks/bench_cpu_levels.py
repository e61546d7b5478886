"""The cost of the portable build: nnext's micro benchmarks at each x86-64 level of the
kernels (NNEXT_CPU_LEVEL) against a reference build, e.g. one compiled with -march=native.

    PYTHONPATH=python python benchmarks/bench_cpu_levels.py [--reference DIR] [--rounds 5]
        [--threads 1]

DIR is a folder holding an `nnext` package built another way (the default reference is the
best level of this build). Every (build, level) runs in a fresh process, in alternating
order round after round; the table shows each case's median time and its ratio to the
reference (above 1: slower than the reference). Run with --threads 1 to compare the vector
code alone, free of the thread pools' scheduling.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from timing import format_time, median_seconds


def cases():
    """(name, function) pairs: elementwise, broadcasting, reductions, fused training kernels,
    a conv layer, an LSTM and a whole training step."""
    import nnext
    from nnext.keras import layers, models

    rng = np.random.default_rng(0)
    u = nnext.constant(rng.standard_normal(1_000_000, dtype=np.float32))
    v = nnext.constant(rng.standard_normal(1_000_000, dtype=np.float32))
    m = nnext.constant(rng.standard_normal((4096, 1024), dtype=np.float32))
    r = nnext.constant(rng.standard_normal(1024, dtype=np.float32))
    small = nnext.constant(rng.standard_normal((128, 512), dtype=np.float32))
    logits = nnext.constant(rng.standard_normal((128, 10), dtype=np.float32))
    labels = nnext.constant(np.eye(10, dtype=np.float32)[rng.integers(0, 10, 128)])
    image = nnext.constant(rng.standard_normal((32, 28, 28, 8), dtype=np.float32))
    kernel = nnext.constant(rng.standard_normal((3, 3, 8, 16), dtype=np.float32) * 0.1)
    seq = nnext.constant(rng.uniform(-1, 1, (16, 50, 32)).astype(np.float32))
    lstm = layers.LSTM(64)
    lstm(seq)
    x = rng.random((128, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 128)]
    net = models.Sequential(
        [
            layers.Dense(512, activation="relu", input_shape=(784,)),
            layers.Dense(10, activation="softmax"),
        ]
    )
    net.compile(loss="categorical_crossentropy", optimizer="rmsprop")
    return [
        ("add 1e6", lambda: u + v),
        ("broadcast add (4096,1024)+(1024,)", lambda: m + r),
        ("relu 1e6", lambda: nnext.nn.relu(u)),
        ("exp 1e6", lambda: nnext.exp(u)),
        ("tanh 1e6", lambda: nnext.tanh(u)),
        ("sigmoid 1e6", lambda: nnext.sigmoid(u)),
        ("sigmoid (128,512)", lambda: nnext.sigmoid(small)),
        ("reduce_sum 1e6", lambda: nnext.reduce_sum(u)),
        ("reduce_mean (4096,1024) axis=0", lambda: nnext.reduce_mean(m, axis=0)),
        ("reduce_max (4096,1024) axis=1", lambda: nnext.reduce_max(m, axis=1)),
        ("argmax (4096,1024) axis=1", lambda: nnext.argmax(m, axis=1)),
        (
            "softmax cross-entropy (128,10)",
            lambda: nnext.nn.softmax_cross_entropy_with_logits(labels, logits),
        ),
        ("conv2d 3x3 8->16 (32,28,28)", lambda: nnext.nn.conv2d(image, kernel, 1, "SAME")),
        ("LSTM(64) forward (16,50,32)", lambda: lstm(seq)),
        ("MNIST train_on_batch 128", lambda: net.train_on_batch(x, y)),
        ("tiny add (4,)+(4,)", lambda: u[:4] + v[:4]),
    ]


def child():
    import nnext

    level = nnext._core._build_config().get("cpu_level")  # None: a build without levels
    times = {name: median_seconds(fn) for name, fn in cases()}
    print(json.dumps({"level": level, "times": times}))


def run(pythonpath, level, threads):
    env = {**os.environ, "PYTHONPATH": pythonpath}
    if level:
        env["NNEXT_CPU_LEVEL"] = level
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)
    out = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--child"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", help="folder holding a reference `nnext` package")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, help="OMP_NUM_THREADS for every run")
    parser.add_argument("--levels", nargs="+", default=["v4", "v3", "v2"])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child()
    here = os.environ.get("PYTHONPATH", "")
    configs = [(f"level {level}", here, level) for level in args.levels]
    if args.reference:
        configs.insert(0, ("reference", args.reference, None))
    results = {label: [] for label, _, _ in configs}
    for r in range(args.rounds):
        for label, path, level in configs if r % 2 == 0 else configs[::-1]:
            got = run(path, level, args.threads)
            if level and f"v{got['level']}" != level:
                sys.exit(f"{label}: the kernels ran at x86-64-v{got['level']} (CPU too old?)")
            results[label].append(got["times"])
        print(f"round {r + 1} of {args.rounds} done", file=sys.stderr)
    labels = list(results)
    base = labels[0]
    names = list(results[base][0])
    print(
        f"\nmedians of {args.rounds} interleaved rounds, threads: "
        f"{args.threads or 'default'}; ratios to '{base}'"
    )
    print(f"{'case':<34}" + "".join(f"{label:>20}" for label in labels))
    ratios = {label: [] for label in labels}
    for name in names:
        med = {
            label: statistics.median(times[name] for times in results[label]) for label in labels
        }
        cells = ""
        for label in labels:
            ratio = med[label] / med[base]
            ratios[label].append(ratio)
            cells += f"{format_time(med[label]):>12} {ratio:>6.2f}x"
        print(f"{name:<34}{cells}")
    geo = {label: float(np.exp(np.mean(np.log(ratios[label])))) for label in labels}
    print(
        f"{'geometric mean of ratios':<34}" + "".join(f"{geo[label]:>19.3f}x" for label in labels)
    )


if __name__ == "__main__":
    main()
