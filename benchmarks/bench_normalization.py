"""BatchNormalization and LayerNormalization layers (compositions of reductions and
elementwise ops) against hand-written NumPy forward and backward passes and, when
importable, PyTorch eager (`torch.nn.functional.batch_norm` / `layer_norm`, fused kernels):
a training-mode forward alone, and forward + backward (gradients of the inputs, gamma and
beta). Prints medians and ratios; asserts nothing.

    python benchmarks/bench_normalization.py [--quick]
"""

import argparse

import numpy as np
from timing import median_seconds, print_table

CASES = [
    ("batch_norm", 256, 512),
    ("batch_norm", 2048, 64),
    ("layer_norm", 256, 512),
    ("layer_norm", 64, 4096),
]
QUICK_CASES = [("batch_norm", 64, 32), ("layer_norm", 64, 32)]
EPSILON = 1e-3


def nnext_times(kind, x, g):
    import nnext
    from nnext.keras import layers

    layer = layers.BatchNormalization() if kind == "batch_norm" else layers.LayerNormalization()
    xt, gt = nnext.constant(x), nnext.constant(g)
    layer(xt, training=True)

    def forward():
        return layer(xt, training=True)

    def train():
        with nnext.GradientTape() as tape:
            tape.watch(xt)
            loss = nnext.reduce_sum(layer(xt, training=True) * gt)
        return tape.gradient(loss, [xt, *layer.trainable_variables])

    return median_seconds(forward), median_seconds(train)


def numpy_times(kind, x, g):
    """Forward and backward written out (the minimal passes a fused kernel would make)."""
    axis = 0 if kind == "batch_norm" else -1
    gamma = np.ones(x.shape[1], x.dtype)
    beta = np.zeros(x.shape[1], x.dtype)

    def forward():
        mean = x.mean(axis, keepdims=True)
        inv = 1.0 / np.sqrt(x.var(axis, keepdims=True) + EPSILON)
        return (x - mean) * inv * gamma + beta, mean, inv

    def train():
        _, mean, inv = forward()
        xhat = (x - mean) * inv
        dxhat = g * gamma
        n = x.shape[axis]
        dx = (
            inv
            / n
            * (
                n * dxhat
                - dxhat.sum(axis, keepdims=True)
                - xhat * (dxhat * xhat).sum(axis, keepdims=True)
            )
        )
        reduce = 0 if kind == "batch_norm" else None
        return dx, (g * xhat).sum(axis=reduce), g.sum(axis=reduce)

    return median_seconds(forward), median_seconds(train)


def torch_times(kind, x, g):
    try:
        import torch
    except ImportError:
        return None, None
    xt = torch.from_numpy(x).requires_grad_()
    gt = torch.from_numpy(g)
    gamma = torch.ones(x.shape[1], requires_grad=True)
    beta = torch.zeros(x.shape[1], requires_grad=True)

    def forward():
        if kind == "batch_norm":
            return torch.nn.functional.batch_norm(xt, None, None, gamma, beta, True, 0.01, EPSILON)
        return torch.nn.functional.layer_norm(xt, (x.shape[1],), gamma, beta, EPSILON)

    def train():
        return torch.autograd.grad((forward() * gt).sum(), [xt, gamma, beta])

    return median_seconds(forward), median_seconds(train)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rows = {"forward": [], "forward + backward": []}
    for kind, batch, features in QUICK_CASES if args.quick else CASES:
        rng = np.random.default_rng(0)
        x = rng.standard_normal((batch, features)).astype("float32")
        g = rng.standard_normal((batch, features)).astype("float32")
        timings = {
            "nnext": nnext_times(kind, x, g),
            "numpy": numpy_times(kind, x, g),
            "torch": torch_times(kind, x, g),
        }
        for i, title in enumerate(rows):
            row = {"case": f"{kind} {batch}x{features}"}
            row.update({lib: t[i] for lib, t in timings.items() if t[i] is not None})
            rows[title].append(row)
    for title, table in rows.items():
        print_table(f"{title} (float32, training mode)", table, ["numpy", "torch"])


if __name__ == "__main__":
    main()
