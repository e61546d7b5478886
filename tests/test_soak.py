"""Soak and threads: long loops leave memory flat, and Python threads running nnext at once
compute what one thread computes alone (DESIGN.md: "Using nnext from several Python threads
at once is safe").

- 20,000 `train_on_batch` steps and 20,000 GradientTape steps: after a warm-up, nnext's own
  tensor memory (`memory_stats()["current"]`) is the same after every step, and the
  process's resident memory does not grow (a leak of 64 bytes a step would add 1.2 MB).
- 4 threads at once, two rounds: one runs a chain of ops over several layouts, one runs
  tapes (first and second derivatives), two fit separate models; every result equals the
  single-threaded run of the same function, bit for bit.
"""

import gc
import threading

import numpy as np
import pytest
from helpers import UNDER_SANITIZERS

import nnext
from nnext.keras import initializers, layers, models, optimizers

STEPS = 20_000
WARM_UP = 2_000
# Resident memory may move by allocator noise (glibc trims and regrows its arenas); a real
# leak grows with the number of steps, and 1 MiB is 56 bytes a step over the checked 18,000.
RSS_SLACK = 1 << 20


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def soak(step):
    """(tensor memory after each checked step, RSS after warm-up, RSS at the end)."""
    for _ in range(WARM_UP):
        step()
    gc.collect()
    rss_start = rss_bytes()
    current = set()
    for _ in range(STEPS - WARM_UP):
        step()
        current.add(nnext.memory_stats()["current"])
    gc.collect()
    return current, rss_start, rss_bytes()


def small_model(seed):
    init = initializers.GlorotUniform(seed=seed)
    model = models.Sequential(
        [
            layers.Dense(16, activation="relu", kernel_initializer=init, input_shape=(8,)),
            layers.Dense(3, activation="softmax", kernel_initializer=init),
        ]
    )
    model.compile(
        optimizer=optimizers.Adam(1e-3), loss="categorical_crossentropy", metrics=["accuracy"]
    )
    return model


def classification_data(seed, n=64):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 8)).astype(np.float32)
    y = np.eye(3, dtype=np.float32)[rng.integers(0, 3, n)]
    return x, y


SANITIZER_QUARANTINE = pytest.mark.skipif(
    UNDER_SANITIZERS, reason="ASan's quarantine holds freed blocks: RSS grows by design"
)


@pytest.mark.slow
@SANITIZER_QUARANTINE
def test_train_on_batch_soak_leaves_memory_flat():
    model = small_model(0)
    x, y = classification_data(0, 32)
    current, rss_start, rss_end = soak(lambda: model.train_on_batch(x, y))
    assert len(current) == 1, sorted(current)
    assert rss_end - rss_start < RSS_SLACK, (rss_start, rss_end)


@pytest.mark.slow
@SANITIZER_QUARANTINE
def test_tape_soak_leaves_memory_flat():
    rng = np.random.default_rng(1)
    x = nnext.constant(rng.standard_normal((32, 8)).astype(np.float32))
    y = nnext.constant(rng.standard_normal((32, 1)).astype(np.float32))
    w = nnext.Variable(rng.standard_normal((8, 1)).astype(np.float32) * 0.1)
    b = nnext.Variable(np.zeros(1, np.float32))

    def step():
        with nnext.GradientTape() as tape:
            loss = nnext.reduce_mean(nnext.square(nnext.tanh(nnext.matmul(x, w) + b) - y))
        gw, gb = tape.gradient(loss, [w, b])
        w.assign_sub(0.01 * gw)
        b.assign_sub(0.01 * gb)

    current, rss_start, rss_end = soak(step)
    assert len(current) == 1, sorted(current)
    assert rss_end - rss_start < RSS_SLACK, (rss_start, rss_end)


# -- threads -----------------------------------------------------------------------------


def run_ops():
    """A chain of elementwise ops, reductions, joins, gathers and matmuls over views."""
    rng = np.random.default_rng(2)
    a = nnext.constant(rng.standard_normal((64, 48)).astype(np.float32))
    # Above the grain size (2^18 elements) the kernels run without the GIL, truly at once.
    big = nnext.constant(rng.standard_normal((600, 600)).astype(np.float32))
    out = []
    for i in range(200):
        big = nnext.tanh(big * 0.5 + nnext.transpose(big)[::-1]) + big[:, ::-1] * 0.25
        out.append(nnext.reduce_sum(big, axis=0).numpy())
        t = nnext.transpose(a)[::-1, ::2]  # a reversed, strided view
        s = nnext.reduce_sum(nnext.exp(-nnext.abs(t)) * (i + 1), axis=1)
        j = nnext.concat([t, nnext.sqrt(nnext.abs(t))], axis=0)
        g = nnext.gather(j, [0, 5, 3, 95], axis=0)
        m = nnext.matmul(g, nnext.transpose(g))
        out.append(np.full(600, nnext.reduce_mean(m).numpy() + nnext.reduce_max(s).numpy()))
        a = a + nnext.cast(nnext.argmax(a, axis=1)[:, None] % 3, nnext.float32) * 1e-3
    return np.array(out)


def run_tapes():
    """First and second derivatives of a composition, 1000 times with moving inputs."""
    out = []
    w = nnext.Variable(np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4))
    for i in range(1000):
        x = nnext.constant(np.full((4, 2), 0.1 * (i % 7), np.float32))
        with nnext.GradientTape() as outer:
            with nnext.GradientTape() as inner:
                y = nnext.reduce_sum(nnext.sigmoid(nnext.matmul(w, x)) ** 2)
            g = inner.gradient(y, w)
            gg = nnext.reduce_sum(g * g)
        h = outer.gradient(gg, w)
        w.assign_sub(0.05 * g)
        out.append(np.concatenate([g.numpy().ravel(), h.numpy().ravel()]))
    return np.array(out)


def make_fit(seed):
    def run_fit():
        model = small_model(seed)
        x, y = classification_data(seed, 256)
        history = model.fit(x, y, batch_size=32, epochs=100, shuffle=False, verbose=0)
        weights = np.concatenate([w.ravel() for w in model.get_weights()])
        return np.concatenate([history.history["loss"], weights])

    return run_fit


WORKLOADS = {"ops": run_ops, "tapes": run_tapes, "fit_a": make_fit(3), "fit_b": make_fit(4)}


def run_at_once(workloads):
    """{name: result} of every workload, each on its own thread, started together."""
    results, errors = {}, []
    start = threading.Barrier(len(workloads), timeout=60)

    def work(name, fn):
        try:
            start.wait()
            results[name] = fn()
        except Exception as e:  # noqa: BLE001 -- reported by the test, with the workload
            errors.append((name, repr(e)))

    threads = [threading.Thread(target=work, args=item) for item in workloads.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []
    assert not any(t.is_alive() for t in threads)
    return results


@pytest.mark.slow
def test_four_threads_match_a_single_threaded_run():
    alone = {name: fn() for name, fn in WORKLOADS.items()}
    for _ in range(2):
        results = run_at_once(WORKLOADS)
        for name, want in alone.items():
            np.testing.assert_array_equal(results[name], want, err_msg=name)
