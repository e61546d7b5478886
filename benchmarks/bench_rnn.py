"""nnext's fused LSTM and GRU sequence ops against PyTorch eager (`torch.nn.LSTM`/`GRU`,
when importable) and a NumPy step loop: forward alone, and forward + backward (gradients
of every weight and of the inputs). Each library runs in its own process, so no thread
pool or allocator of one disturbs the others. The machine is shared and noisy, so the
libraries take turns in `--rounds` rounds (a fresh process each, the order alternating);
each time printed is the median over the rounds of each round's median.

    python benchmarks/bench_rnn.py [--quick] [--threads N] [--rounds R]
"""

import argparse
import json
import statistics
import subprocess
import sys

import numpy as np
from timing import median_seconds, print_table

# (cell, batch, steps, features, units): the LSTM(128) over 50 steps of 32 features,
# and the text examples' layers (keras.io's bidirectional LSTM on IMDB: 200 steps of
# 128-wide embeddings into 64 units, batch 32).
CASES = [
    ("lstm", 32, 100, 64, 128),
    ("lstm", 64, 50, 32, 128),
    ("lstm", 32, 200, 128, 64),
    ("gru", 32, 100, 64, 128),
    ("gru", 32, 200, 128, 64),
]
QUICK_CASES = [("lstm", 8, 20, 16, 32), ("gru", 8, 20, 16, 32)]
GATES = {"lstm": 4, "gru": 3}


def data(cell, batch, steps, features, units):
    rng = np.random.default_rng(0)
    g = GATES[cell]
    x = rng.uniform(-1, 1, (batch, steps, features)).astype("float32")
    w = rng.uniform(-0.1, 0.1, (features, g * units)).astype("float32")
    r = rng.uniform(-0.1, 0.1, (units, g * units)).astype("float32")
    b = rng.uniform(-0.1, 0.1, (2, g * units) if cell == "gru" else (g * units,))
    return x, w, r, b.astype("float32")


# -- the three workers: each returns {"forward": s, "train": s} -------------------------------


def nnext_worker(cell, x, w, r, b):
    import nnext
    from nnext import recurrent_ops

    op = getattr(recurrent_ops, cell)
    xt = nnext.convert_to_tensor(x)
    weights = [nnext.Variable(v) for v in (w, r, b)]

    def forward():
        return op(xt, *weights)[1]

    def train():
        with nnext.GradientTape() as tape:
            tape.watch(xt)
            loss = nnext.reduce_sum(op(xt, *weights)[1])
        return tape.gradient(loss, [xt, *weights])

    return {"forward": median_seconds(forward), "train": median_seconds(train)}


def torch_worker(cell, x, w, r, b):
    import torch

    units = r.shape[0]
    module = (torch.nn.LSTM if cell == "lstm" else torch.nn.GRU)(
        x.shape[2], units, batch_first=True
    )
    xt = torch.from_numpy(x).requires_grad_()

    def forward():
        with torch.no_grad():
            return module(xt)[0]

    def train():
        module.zero_grad()
        xt.grad = None
        module(xt)[0].sum().backward()

    return {"forward": median_seconds(forward), "train": median_seconds(train)}


def _sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def numpy_lstm(x, w, r, b, backward):
    """Keras's LSTM as a NumPy step loop, and its backward pass through time."""
    batch, steps, _ = x.shape
    units = r.shape[0]
    h = np.zeros((batch, units), np.float32)
    c = np.zeros_like(h)
    xp = x @ w + b
    saved = []
    for t in range(steps):
        z = xp[:, t] + h @ r
        i, f, g, o = (
            _sigmoid(z[:, :units]),
            _sigmoid(z[:, units : 2 * units]),
            np.tanh(z[:, 2 * units : 3 * units]),
            _sigmoid(z[:, 3 * units :]),
        )
        c_prev, h_prev = c, h
        c = f * c + i * g
        tc = np.tanh(c)
        h = o * tc
        saved.append((i, f, g, o, c_prev, h_prev, tc))
    if not backward:
        return h
    dh, dc = np.zeros_like(h), np.zeros_like(h)
    dz_all = np.empty(xp.shape, np.float32)
    dr = np.zeros_like(r)
    for t in range(steps - 1, -1, -1):
        i, f, g, o, c_prev, h_prev, tc = saved[t]
        dh = dh + 1.0  # the gradient of sum(outputs)
        dc = dc + dh * o * (1 - tc * tc)
        dz = np.concatenate(
            [
                dc * g * i * (1 - i),
                dc * c_prev * f * (1 - f),
                dc * i * (1 - g * g),
                dh * tc * o * (1 - o),
            ],
            axis=1,
        )
        dz_all[:, t] = dz
        dr += h_prev.T @ dz
        dh = dz @ r.T
        dc = dc * f
    flat = dz_all.reshape(-1, dz_all.shape[-1])
    return flat @ w.T, x.reshape(-1, x.shape[-1]).T @ flat, dr, flat.sum(0)


def numpy_worker(cell, x, w, r, b):
    if cell != "lstm":
        return {}
    return {
        "forward": median_seconds(lambda: numpy_lstm(x, w, r, b, False), repeats=3),
        "train": median_seconds(lambda: numpy_lstm(x, w, r, b, True), repeats=3),
    }


WORKERS = {"nnext": nnext_worker, "torch": torch_worker, "numpy": numpy_worker}


def run_worker(library, case, threads):
    """Times one library on one case in a fresh process; None when it cannot run there."""
    command = [sys.executable, __file__, "--worker", library, "--case", json.dumps(case)]
    if threads:
        command += ["--threads", str(threads)]
    child = subprocess.run(command, capture_output=True, text=True, check=False)
    if child.returncode != 0:
        print(f"{library} {case}: {child.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    return json.loads(child.stdout.strip().splitlines()[-1])


def interleaved(case, threads, rounds):
    """{library: {phase: median over rounds}}, the libraries taking turns round by round."""
    samples = {lib: [] for lib in WORKERS}
    for r in range(rounds):
        order = list(WORKERS) if r % 2 == 0 else list(WORKERS)[::-1]
        for lib in order:
            result = run_worker(lib, case, threads)
            if result is not None:
                samples[lib].append(result)
    return {
        lib: {phase: statistics.median(s[phase] for s in runs) for phase in runs[0]}
        if runs
        else None
        for lib, runs in samples.items()
    }


def worker_main(library, case, threads):
    if threads:
        if library == "torch":
            import torch

            torch.set_num_threads(threads)
        elif library == "nnext":
            import nnext

            nnext.set_num_threads(threads)
    print(json.dumps(WORKERS[library](case[0], *data(*case))))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small sizes, for smoke runs")
    parser.add_argument("--threads", type=int, default=None, help="threads for every library")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per case")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker_main(args.worker, json.loads(args.case), args.threads)
        return
    rows = []
    for case in QUICK_CASES if args.quick else CASES:
        cell, batch, steps, features, units = case
        times = interleaved(list(case), args.threads, args.rounds)
        for phase in ("forward", "train"):
            if not times["nnext"]:
                continue
            label = "fwd" if phase == "forward" else "fwd+bwd"
            row = {
                "case": f"{cell} b{batch} t{steps} {features}->{units} {label}",
                "nnext": times["nnext"][phase],
            }
            for peer in ("torch", "numpy"):
                if times[peer] and phase in times[peer]:
                    row[peer] = times[peer][phase]
            gates = GATES[cell]
            flops = 2 * batch * steps * gates * units * (features + units)
            row["rate"] = flops * (3 if phase == "train" else 1) / row["nnext"] / 1e9
            row["unit"] = "GFLOP/s"
            rows.append(row)
    print_table(
        "nnext fused recurrent ops vs PyTorch eager and a NumPy loop (float32)",
        rows,
        ["torch", "numpy"],
    )


if __name__ == "__main__":
    main()
