"""The MNIST epoch (784 -> 512 relu -> 10 softmax, RMSprop, batch 128; bench_keras.py's
networks) quiet and beside one busy process, for nnext, NumPy by hand and PyTorch.

    PYTHONPATH=python python benchmarks/bench_under_load.py [--rounds 5] [--epochs 1]

The busy process is a Python busy loop under `nice -n 19`, pinned to no core and started in a
session of its own, as another user's job is. (With the kernel's autogroup scheduling, on by
default, a process in another session gets its session's fair share of the CPU whatever its
nice value; a niced child of this process would share our session and barely run.)
Every (framework, condition) pair runs in a fresh process, round after round in alternating
order; the table shows medians and the ratio of loaded to quiet time.
"""

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time

FRAMEWORKS = ("nnext", "numpy", "torch")
BUSY = "while True: pass"


def child(framework, epochs):
    import bench_keras

    x, y = bench_keras.mnist_like()
    if framework == "torch":
        import torch

        torch.set_flush_denormal(True)  # as nnext and TensorFlow do (DESIGN.md)
    run = {
        "nnext": bench_keras.nnext_epoch,
        "numpy": bench_keras.numpy_epoch,
        "torch": bench_keras.torch_epoch,
    }[framework]
    print(json.dumps({"seconds": run(x, y, epochs)}))


def measure(framework, loaded, epochs):
    busy = None
    if loaded:
        busy = subprocess.Popen(
            ["nice", "-n", "19", sys.executable, "-c", BUSY], start_new_session=True
        )
        time.sleep(0.5)  # let it settle on a core
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", framework, "--epochs", str(epochs)],
            capture_output=True,
            text=True,
            check=True,
            cwd=os.path.dirname(os.path.abspath(__file__)),
        )
    finally:
        if busy is not None:
            busy.kill()
            busy.wait()
    return json.loads(out.stdout.strip().splitlines()[-1])["seconds"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--frameworks", nargs="+", default=list(FRAMEWORKS))
    parser.add_argument("--child", choices=FRAMEWORKS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.epochs)
    frameworks = [
        f for f in args.frameworks if f != "torch" or importlib.util.find_spec("torch") is not None
    ]
    times = {(f, loaded): [] for f in frameworks for loaded in (False, True)}
    cases = list(times)
    for r in range(args.rounds):
        for case in cases if r % 2 == 0 else cases[::-1]:
            times[case].append(measure(*case, args.epochs))
        print(
            f"round {r + 1}: "
            + ", ".join(
                f"{f}{' loaded' if loaded else ''} {t[-1]:.2f}s" for (f, loaded), t in times.items()
            ),
            file=sys.stderr,
        )
    print(
        f"\nMNIST epoch, seconds (medians of {args.rounds} interleaved rounds, "
        f"{os.cpu_count()} CPUs)"
    )
    print(f"{'framework':<10} {'quiet':>8} {'loaded':>8} {'loaded/quiet':>13}")
    for f in frameworks:
        quiet, loaded = statistics.median(times[f, False]), statistics.median(times[f, True])
        print(f"{f:<10} {quiet:>8.2f} {loaded:>8.2f} {loaded / quiet:>12.2f}x")


if __name__ == "__main__":
    main()
