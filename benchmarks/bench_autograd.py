"""Forward + backward of a Dense layer and of a small MLP: nnext under GradientTape (the
fused nn.dense and, for reference, the same maths composed from matmul/add/relu) against
hand-written NumPy backprop and PyTorch autograd when torch is importable.

    PYTHONPATH=python python benchmarks/bench_autograd.py [--repeats 50]

Prints one row per case with median times in milliseconds; ratios above 1 mean nnext is
faster. Never asserts a time.
"""

import argparse

import numpy as np
from timing import median_seconds

import nnext
from nnext import nn
from nnext._core import matmul  # re-exported as nnext.matmul

try:
    import torch
except ImportError:
    torch = None

BATCH, IN, HIDDEN, CLASSES = 128, 784, 512, 10


def make_data(rng):
    x = rng.standard_normal((BATCH, IN)).astype("float32")
    labels = rng.integers(0, CLASSES, BATCH)
    w1 = (rng.standard_normal((IN, HIDDEN)) * 0.05).astype("float32")
    b1 = (rng.standard_normal(HIDDEN) * 0.05).astype("float32")
    w2 = (rng.standard_normal((HIDDEN, CLASSES)) * 0.05).astype("float32")
    b2 = (rng.standard_normal(CLASSES) * 0.05).astype("float32")
    return x, labels, w1, b1, w2, b2


# --- Dense(512, relu) on a (128, 784) batch: gradients of sum(y) w.r.t. kernel and bias ---


def dense_nnext(x, w, b):
    with nnext.GradientTape() as tape:
        loss = nnext.reduce_sum(nn.dense(x, w, b, "relu"))
    return tape.gradient(loss, [w, b])


def dense_nnext_composed(x, w, b):
    with nnext.GradientTape() as tape:
        loss = nnext.reduce_sum(nn.relu(matmul(x, w) + b))
    return tape.gradient(loss, [w, b])


def dense_numpy(x, w, b):
    z = x @ w + b
    dz = (z > 0).astype(z.dtype)  # d sum(relu(z)) / dz
    return x.T @ dz, dz.sum(axis=0)


def dense_torch(x, w, b):
    w.grad = b.grad = None
    torch.relu(x @ w + b).sum().backward()
    return w.grad, b.grad


# --- MLP 784-512-10 with mean sparse softmax cross-entropy: gradients of all weights ---


def mlp_nnext(x, labels, w1, b1, w2, b2):
    with nnext.GradientTape() as tape:
        h = nn.dense(x, w1, b1, "relu")
        logits = nn.dense(h, w2, b2)
        loss = nnext.reduce_mean(nn.sparse_softmax_cross_entropy_with_logits(labels, logits))
    return tape.gradient(loss, [w1, b1, w2, b2])


def mlp_nnext_composed(x, labels, w1, b1, w2, b2):
    with nnext.GradientTape() as tape:
        h = nn.relu(matmul(x, w1) + b1)
        logits = matmul(h, w2) + b2
        loss = nnext.reduce_mean(nn.sparse_softmax_cross_entropy_with_logits(labels, logits))
    return tape.gradient(loss, [w1, b1, w2, b2])


def mlp_numpy(x, labels, w1, b1, w2, b2):
    z1 = x @ w1 + b1
    h = np.maximum(z1, 0)
    logits = h @ w2 + b2
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1
    dlogits = p / len(labels)
    dh = dlogits @ w2.T
    dz1 = dh * (z1 > 0)
    return x.T @ dz1, dz1.sum(axis=0), h.T @ dlogits, dlogits.sum(axis=0)


def mlp_torch(x, labels, w1, b1, w2, b2):
    for p in (w1, b1, w2, b2):
        p.grad = None
    h = torch.relu(x @ w1 + b1)
    torch.nn.functional.cross_entropy(h @ w2 + b2, labels).backward()
    return w1.grad, b1.grad, w2.grad, b2.grad


def check_agreement(results):
    """Every implementation must compute the same gradients before its time counts."""
    reference = [np.asarray(r) for r in results[0]]
    for other in results[1:]:
        for a, b in zip(reference, other):
            b = b.detach().numpy() if torch is not None and isinstance(b, torch.Tensor) else b
            np.testing.assert_allclose(np.asarray(b), a, rtol=1e-3, atol=1e-4)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50, help="timed repeats per case")
    args = parser.parse_args()
    x, labels, w1, b1, w2, b2 = make_data(np.random.default_rng(0))

    xt = nnext.constant(x)
    lt = nnext.constant(labels.astype("int64"))
    v1, c1, v2, c2 = (nnext.Variable(a) for a in (w1, b1, w2, b2))
    cases = {
        "dense relu": {
            "shapes": f"({BATCH}, {IN}) @ ({IN}, {HIDDEN})",
            "nnext": lambda: dense_nnext(xt, v1, c1),
            "nnext composed": lambda: dense_nnext_composed(xt, v1, c1),
            "numpy": lambda: dense_numpy(x, w1, b1),
        },
        "mlp + softmax xent": {
            "shapes": f"{IN}-{HIDDEN}-{CLASSES}, batch {BATCH}",
            "nnext": lambda: mlp_nnext(xt, lt, v1, c1, v2, c2),
            "nnext composed": lambda: mlp_nnext_composed(xt, lt, v1, c1, v2, c2),
            "numpy": lambda: mlp_numpy(x, labels, w1, b1, w2, b2),
        },
    }
    if torch is not None:
        tx, tl = torch.from_numpy(x), torch.from_numpy(labels)
        tw1, tb1, tw2, tb2 = (torch.tensor(a, requires_grad=True) for a in (w1, b1, w2, b2))
        cases["dense relu"]["torch"] = lambda: dense_torch(tx, tw1, tb1)
        cases["mlp + softmax xent"]["torch"] = lambda: mlp_torch(tx, tl, tw1, tb1, tw2, tb2)

    threads = f"nnext {nnext.get_num_threads()}"
    if torch is not None:
        threads += f", torch {torch.get_num_threads()}"
    print(f"float32, median of {args.repeats} repeats, threads: {threads}")
    header = (
        f"{'case':<20} {'shapes':<28} {'nnext ms':>9} {'composed':>9} {'numpy ms':>9} "
        f"{'numpy/nnext':>12} {'torch ms':>9} {'torch/nnext':>12}"
    )
    print(header)
    print("-" * len(header))
    for name, case in cases.items():
        impls = [k for k in ("nnext", "nnext composed", "numpy", "torch") if k in case]
        check_agreement([case[k]() for k in impls])
        ms = {k: 1e3 * median_seconds(case[k], repeats=args.repeats) for k in impls}
        torch_cols = (
            f"{ms['torch']:>9.2f} {ms['torch'] / ms['nnext']:>12.2f}"
            if "torch" in ms
            else f"{'-':>9} {'-':>12}"
        )
        print(
            f"{name:<20} {case['shapes']:<28} {ms['nnext']:>9.2f} {ms['nnext composed']:>9.2f} "
            f"{ms['numpy']:>9.2f} {ms['numpy'] / ms['nnext']:>12.2f} {torch_cols}"
        )


if __name__ == "__main__":
    main()
