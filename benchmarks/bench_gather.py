"""nnext against NumPy on gathering, joining and padding: an embedding lookup
(``gather`` vs ``take``), ``concat`` vs ``concatenate``, ``pad`` vs ``numpy.pad``, plus the
gather gradient (a scatter-add with repeated rows) vs ``numpy.add.at``. Prints medians.

    python benchmarks/bench_gather.py [--quick] [--threads N]
"""

import argparse

import numpy as np
from timing import median_seconds, print_table

import nnext
from nnext.array_ops import concat, gather, pad


def rate_gbs(nbytes, seconds):
    return nbytes / seconds / 1e9


def case(rows, name, nn_fn, np_fn, nbytes=None):
    t_nn = median_seconds(nn_fn)
    t_np = median_seconds(np_fn)
    rows.append(
        {
            "case": name,
            "nnext": t_nn,
            "numpy": t_np,
            "rate": rate_gbs(nbytes, t_nn) if nbytes else None,
            "unit": "GB/s",
        }
    )


def gather_gradient(params, indices):
    with nnext.GradientTape() as tape:
        tape.watch(params)
        y = gather(params, indices)
    return tape.gradient(y, params)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for smoke runs")
    parser.add_argument("--threads", type=int, default=None, help="nnext threads (default: all)")
    args = parser.parse_args()
    if args.threads:
        nnext.set_num_threads(args.threads)
    rng = np.random.default_rng(0)
    rows = []

    vocab = 5000 if args.quick else 50000
    table = rng.standard_normal((vocab, 128), dtype=np.float32)
    ids = rng.integers(0, vocab, 4096).astype(np.int32)
    t_table, t_ids = nnext.constant(table), nnext.constant(ids)
    case(
        rows,
        f"gather ({vocab},128)[4096]",
        lambda: gather(t_table, t_ids),
        lambda: np.take(table, ids, axis=0),
        2 * 4096 * 128 * 4,
    )

    def add_at():
        g = np.zeros_like(table)
        np.add.at(g, ids, np.ones((4096, 128), np.float32))
        return g

    case(rows, f"gather grad ({vocab},128)[4096]", lambda: gather_gradient(t_table, t_ids), add_at)

    n = 256 if args.quick else 1024
    parts = [rng.standard_normal((n, n), dtype=np.float32) for _ in range(8)]
    t_parts = [nnext.constant(p) for p in parts]
    for axis in (0, 1):
        case(
            rows,
            f"concat 8x({n},{n}) axis={axis}",
            lambda axis=axis: concat(t_parts, axis),
            lambda axis=axis: np.concatenate(parts, axis),
            2 * 8 * n * n * 4,
        )

    images = rng.standard_normal((64, 28, 28, 3), dtype=np.float32)
    t_images = nnext.constant(images)
    paddings = [[0, 0], [2, 2], [2, 2], [0, 0]]
    for mode in ("CONSTANT", "REFLECT"):
        case(
            rows,
            f"pad (64,28,28,3) {mode}",
            lambda mode=mode: pad(t_images, paddings, mode),
            lambda mode=mode: np.pad(images, paddings, mode=mode.lower()),
            4 * (images.size + 64 * 32 * 32 * 3),
        )

    print_table(
        f"nnext vs NumPy {np.__version__} ({nnext.get_num_threads()} threads)", rows, ["numpy"]
    )


if __name__ == "__main__":
    main()
