"""Data-parallel training over MPI (nnext.distribute): what communication costs here, and
what it would cost on a cluster.

1. Allreduce bandwidth of nnext's gradient path (`GradientReducer.reduce`: nnext tensors
   packed into 4 MiB buckets, weighted, summed with non-blocking allreduces, handed back as
   tensors) against raw mpi4py `Allreduce` on NumPy arrays of the same total size,
   2 ranks (`mpiexec -n 2`). Median of the repeats, timed on rank 0 between barriers.
2. One epoch of the MNIST network (784 -> 512 relu -> 10 softmax, RMSprop, categorical
   cross-entropy, global batch 128, 60000 random images): 1 process x 2 threads against
   2 processes x 1 thread under a `MultiWorkerMirroredStrategy` (and 1 process x 1 thread,
   the base of the speedup). Rounds interleave the runs; medians. The first (short) epoch
   of each run is a warm-up.
3. The share of a step the 2-rank run spends in the gradient allreduce, and waiting for
   the slower rank (a barrier before each allreduce, in this benchmark only, splits them).
4. Projected scaling to 8 and 64 ranks at 10 and 100 Gbit/s (model printed with it).

    PYTHONPATH=python python benchmarks/bench_distribute.py [--rounds 3] [--samples 60000]

On a 2-core machine the two ranks share the cores and the "network" is shared memory: the
figures show overhead, not scale.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve()
GLOBAL_BATCH = 128
SIZES = [1 << 10, 1 << 14, 1 << 18, 1 << 20, 1 << 22, 1 << 24]  # float32 elements
TENSORS_PER_SIZE = 8  # a "model" of this many gradient tensors of equal size
ALPHA_S = 10e-6  # per-message latency assumed for the projection (MPI over a cluster link)


# -- workers (run under mpiexec or alone) ------------------------------------------------


def worker_allreduce():
    from mpi4py import MPI

    import nnext
    from nnext.distribute.comm import world
    from nnext.distribute.gradients import GradientReducer

    comm, raw = world(), MPI.COMM_WORLD
    rows = []
    for size in SIZES:
        part = size // TENSORS_PER_SIZE
        variables = [nnext.Variable(np.zeros(part, np.float32)) for _ in range(TENSORS_PER_SIZE)]
        grads = [nnext.constant(np.full(part, 1.0, np.float32)) for _ in variables]
        reducer = GradientReducer(comm, variables)
        array = np.ones(size, np.float32)
        repeats = 30 if size <= 1 << 18 else 8
        times = {"nnext": [], "mpi4py": []}
        for _ in range(repeats):  # interleaved
            raw.Barrier()
            start = time.perf_counter()
            reducer.reduce(grads, 0.5)
            times["nnext"].append(time.perf_counter() - start)
            raw.Barrier()
            start = time.perf_counter()
            raw.Allreduce(MPI.IN_PLACE, array, op=MPI.SUM)
            times["mpi4py"].append(time.perf_counter() - start)
        rows.append({"bytes": size * 4, **{k: statistics.median(v) for k, v in times.items()}})
    if comm.rank == 0:
        print(json.dumps(rows))


def worker_epoch(samples):
    import nnext
    from nnext.distribute import gradients
    from nnext.keras import layers, models
    from nnext.keras.utils import to_categorical

    comm_seconds = {"wait": 0.0, "reduce": 0.0, "calls": 0, "bytes": 0}
    original = gradients.GradientReducer.reduce

    def timed_reduce(self, grads, weight=1.0):
        # Instrumentation only: a barrier first splits the time a rank waits for the slower
        # one (load imbalance; large on a shared 2-core machine) from the allreduce itself.
        start = time.perf_counter()
        if self.comm.size > 1:
            self.comm._comm.Barrier()
        middle = time.perf_counter()
        out = original(self, grads, weight)
        comm_seconds["wait"] += middle - start
        comm_seconds["reduce"] += time.perf_counter() - middle
        comm_seconds["calls"] += 1
        comm_seconds["bytes"] = self.nbytes
        return out

    gradients.GradientReducer.reduce = timed_reduce
    rng = np.random.default_rng(0)
    x = rng.random((samples, 784), dtype=np.float32)
    y = to_categorical(rng.integers(0, 10, samples), 10)
    strategy = nnext.distribute.MultiWorkerMirroredStrategy()
    with strategy.scope():
        model = models.Sequential(
            [
                layers.Input((784,)),
                layers.Dense(512, activation="relu"),
                layers.Dense(10, activation="softmax"),
            ]
        )
        model.compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
    model.fit(
        x[: GLOBAL_BATCH * 20], y[: GLOBAL_BATCH * 20], batch_size=GLOBAL_BATCH, epochs=1, verbose=0
    )  # warm-up: allocations, thread pools, buffers
    comm_seconds.update(wait=0.0, reduce=0.0, calls=0)
    start = time.perf_counter()
    model.fit(x, y, batch_size=GLOBAL_BATCH, epochs=1, verbose=0)
    seconds = time.perf_counter() - start
    if strategy.cluster_resolver.task_id == 0:
        print(
            json.dumps(
                {
                    "epoch": seconds,
                    "steps": comm_seconds["calls"] or -(-samples // GLOBAL_BATCH),
                    **comm_seconds,
                }
            )
        )


# -- driver ------------------------------------------------------------------------------


def mpiexec():
    beside = Path(sys.executable).parent / "mpiexec"
    return str(beside) if beside.exists() else shutil.which("mpiexec")


def launch(ranks, threads, *args):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    command = [sys.executable, str(HERE), "--worker", *args]
    if ranks > 1:
        command = [mpiexec(), "-n", str(ranks), *command]
    out = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def ring_allreduce_seconds(ranks, nbytes, gbit, messages):
    """Ring allreduce: each rank sends and receives 2 (N - 1) / N of the buffer, in
    2 (N - 1) steps per message (bucket), each paying the latency ALPHA_S."""
    bandwidth = gbit * 1e9 / 8
    return 2 * (ranks - 1) / ranks * nbytes / bandwidth + 2 * (ranks - 1) * messages * ALPHA_S


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--samples", type=int, default=60000)
    parser.add_argument("--worker", nargs="*")
    args = parser.parse_args()
    if args.worker is not None:
        kind = args.worker[0]
        if kind == "allreduce":
            worker_allreduce()
        else:
            worker_epoch(int(args.worker[1]))
        return

    print("1. Allreduce of gradients, 2 ranks (algorithm bandwidth = bytes / time)")
    rows = launch(2, 1, "allreduce")
    print(
        f"{'bytes':>10} {'nnext path':>12} {'mpi4py raw':>12} {'ratio':>7} "
        f"{'nnext GB/s':>11} {'raw GB/s':>9}"
    )
    for r in rows:
        print(
            f"{r['bytes']:>10} {r['nnext'] * 1e3:>10.3f}ms {r['mpi4py'] * 1e3:>10.3f}ms "
            f"{r['nnext'] / r['mpi4py']:>6.2f}x {r['bytes'] / r['nnext'] / 1e9:>11.2f} "
            f"{r['bytes'] / r['mpi4py'] / 1e9:>9.2f}"
        )
    print("ratio = nnext time / raw time (the packing pass and the bucket split cost)")

    configs = {
        "1 proc x 2 threads": (1, 2),
        "2 procs x 1 thread": (2, 1),
        "1 proc x 1 thread": (1, 1),
    }
    runs = {name: [] for name in configs}
    for _ in range(args.rounds):
        for name, (ranks, threads) in configs.items():
            runs[name].append(launch(ranks, threads, "epoch", str(args.samples)))
    print(
        f"\n2. MNIST epoch ({args.samples} samples, global batch {GLOBAL_BATCH}), "
        f"median of {args.rounds} interleaved rounds"
    )
    medians = {}
    for name, results in runs.items():
        epoch = statistics.median(r["epoch"] for r in results)
        reduce = statistics.median(r["reduce"] for r in results)
        wait = statistics.median(r["wait"] for r in results)
        medians[name] = (epoch, reduce, wait, results[0])
        each = ", ".join(f"{r['epoch']:.3f}" for r in results)
        print(f"{name:<22} {epoch:8.3f} s/epoch   ({each})")
    one, two = medians["1 proc x 2 threads"][0], medians["2 procs x 1 thread"][0]
    print(f"2 procs / 1 proc epoch time: {two / one:.2f}x")

    print(
        f"1 proc x 1 thread / 2 procs x 1 thread: "
        f"{medians['1 proc x 1 thread'][0] / two:.2f}x (the data-parallel speedup here)"
    )

    epoch, reduce, wait, sample = medians["2 procs x 1 thread"]
    steps, nbytes = sample["steps"], sample["bytes"]
    step = epoch / steps
    print(
        f"\n3. Communication share, 2 ranks ({steps} steps, {step * 1e3:.2f} ms/step, "
        f"{nbytes / 1e6:.2f} MB of gradients per step):"
    )
    print(
        f"   gradient allreduce {reduce:.3f} s ({reduce / epoch:.1%} of the epoch), "
        f"waiting for the slower rank {wait:.3f} s ({wait / epoch:.1%})"
    )

    # One rank's forward + backward + update on 64 rows: the step minus both.
    compute = step - (reduce + wait) / steps
    buckets = -(-nbytes // (4 << 20))
    print(f"\n4. Projection (weak scaling: {GLOBAL_BATCH // 2} rows per rank, as measured)")
    print(
        f"   model: step(N) = t_compute + t_allreduce(N), no overlap, no imbalance; "
        f"t_compute = {compute * 1e3:.2f} ms (measured step minus allreduce and wait);"
    )
    print(
        f"   t_allreduce(N) = 2 (N-1)/N * S / B + 2 (N-1) * buckets * {ALPHA_S * 1e6:.0f} us "
        f"(ring), S = {nbytes / 1e6:.2f} MB, buckets = {buckets}"
    )
    print(
        f"   {'ranks':>5} {'Gbit/s':>7} {'allreduce':>10} {'efficiency':>11} "
        f"{'speedup vs 1 rank':>18}"
    )
    for ranks in (8, 64):
        for gbit in (10, 100):
            t = ring_allreduce_seconds(ranks, nbytes, gbit, buckets)
            efficiency = compute / (compute + t)
            print(
                f"   {ranks:>5} {gbit:>7} {t * 1e3:>8.2f}ms {efficiency:>10.1%} "
                f"{ranks * efficiency:>17.1f}x"
            )


if __name__ == "__main__":
    main()
