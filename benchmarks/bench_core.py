"""nnext against NumPy on the core ops: matmul, elementwise, broadcasting, reductions and
the fixed cost of a tiny op. Prints medians, the speedup over NumPy and a throughput.

    python benchmarks/bench_core.py [--quick]
"""

import argparse

import numpy as np
from timing import median_seconds, print_table

import nnext


def rate_gflops(flops, seconds):
    return flops / seconds / 1e9


def rate_gbs(nbytes, seconds):
    return nbytes / seconds / 1e9


def case(rows, name, nn_fn, np_fn, rate=None, unit=""):
    t_nn = median_seconds(nn_fn)
    t_np = median_seconds(np_fn)
    rows.append(
        {
            "case": name,
            "nnext": t_nn,
            "numpy": t_np,
            "rate": rate(t_nn) if rate else None,
            "unit": unit,
        }
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for smoke runs")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    big = 1_000_000 if args.quick else 10_000_000
    rows = []

    sizes = [64, 256] if args.quick else [64, 256, 1024, 2048]
    for n in sizes:
        a, b = (rng.standard_normal((n, n), dtype=np.float32) for _ in range(2))
        ta, tb = nnext.constant(a), nnext.constant(b)
        case(
            rows,
            f"matmul {n}x{n} f32",
            lambda ta=ta, tb=tb: ta @ tb,
            lambda a=a, b=b: a @ b,
            lambda s, n=n: rate_gflops(2 * n**3, s),
            "GFLOP/s",
        )
    x, w = (
        rng.standard_normal((128, 784), dtype=np.float32),
        rng.standard_normal((784, 512), dtype=np.float32),
    )
    tx, tw = nnext.constant(x), nnext.constant(w)
    case(
        rows,
        "matmul (128,784)@(784,512)",
        lambda: tx @ tw,
        lambda: x @ w,
        lambda s: rate_gflops(2 * 128 * 784 * 512, s),
        "GFLOP/s",
    )
    p, q = (
        rng.standard_normal((4, 3, 28, 32), dtype=np.float32),
        rng.standard_normal((4, 3, 32, 2), dtype=np.float32),
    )
    tp, tq = nnext.constant(p), nnext.constant(q)
    case(rows, "batched (4,3,28,32)@(4,3,32,2)", lambda: tp @ tq, lambda: p @ q)
    p, q = (
        rng.standard_normal((64, 128, 128), dtype=np.float32),
        rng.standard_normal((64, 128, 128), dtype=np.float32),
    )
    tp2, tq2 = nnext.constant(p), nnext.constant(q)
    case(
        rows,
        "batched (64,128,128)@(64,128,128)",
        lambda: tp2 @ tq2,
        lambda: p @ q,
        lambda s: rate_gflops(2 * 64 * 128**3, s),
        "GFLOP/s",
    )

    u, v = rng.standard_normal(big, dtype=np.float32), rng.standard_normal(big, dtype=np.float32)
    tu, tv = nnext.constant(u), nnext.constant(v)
    case(
        rows,
        f"add {big:.0e} f32",
        lambda: tu + tv,
        lambda: u + v,
        lambda s: rate_gbs(3 * 4 * big, s),
        "GB/s",
    )
    m, r = (
        rng.standard_normal((4096, 1024), dtype=np.float32),
        rng.standard_normal(1024, dtype=np.float32),
    )
    tm, tr = nnext.constant(m), nnext.constant(r)
    case(
        rows,
        "broadcast add (4096,1024)+(1024,)",
        lambda: tm + tr,
        lambda: m + r,
        lambda s: rate_gbs(2 * 4 * m.size, s),
        "GB/s",
    )
    case(
        rows,
        f"relu {big:.0e}",
        lambda: nnext.nn.relu(tu),
        lambda: np.maximum(u, 0),
        lambda s: rate_gbs(2 * 4 * big, s),
        "GB/s",
    )
    case(
        rows,
        f"exp {big:.0e}",
        lambda: nnext.exp(tu),
        lambda: np.exp(u),
        lambda s: rate_gbs(2 * 4 * big, s),
        "GB/s",
    )
    case(
        rows,
        f"sigmoid {big:.0e}",
        lambda: nnext.sigmoid(tu),
        lambda: 1 / (1 + np.exp(-u)),
        lambda s: rate_gbs(2 * 4 * big, s),
        "GB/s",
    )
    case(
        rows,
        f"reduce_sum {big:.0e}",
        lambda: nnext.reduce_sum(tu),
        lambda: np.sum(u),
        lambda s: rate_gbs(4 * big, s),
        "GB/s",
    )
    for axis in (0, 1):
        case(
            rows,
            f"reduce_mean (4096,1024) axis={axis}",
            lambda axis=axis: nnext.reduce_mean(tm, axis=axis),
            lambda axis=axis: np.mean(m, axis=axis),
            lambda s: rate_gbs(4 * m.size, s),
            "GB/s",
        )
    case(
        rows,
        "argmax (4096,1024) axis=1",
        lambda: nnext.argmax(tm, axis=1),
        lambda: np.argmax(m, axis=1),
        lambda s: rate_gbs(4 * m.size, s),
        "GB/s",
    )
    s1, s2 = np.ones(4, np.float32), np.ones(4, np.float32)
    ts1, ts2 = nnext.constant(s1), nnext.constant(s2)
    case(rows, "tiny add (4,)+(4,)", lambda: ts1 + ts2, lambda: s1 + s2)

    print_table(
        f"nnext vs NumPy {np.__version__} ({nnext.get_num_threads()} threads)", rows, ["numpy"]
    )
    stats = nnext.memory_stats()
    print(
        f"nnext memory: peak {stats['peak'] / 2**20:.1f} MiB, cached {stats['cached'] / 2**20:.1f} MiB"
    )


if __name__ == "__main__":
    main()
