"""Threads: OpenBLAS's parallel sections run on nnext's OpenMP team (core/parallel.cpp), so
threaded gemms and LAPACK calls, alone, from several Python threads at once and beside busy
processes that take the cores, must give NumPy's numbers; teams that shrink to one thread
under load must too. Speed under load is measured in benchmarks/bench_under_load.py."""

import subprocess
import sys
import threading

import numpy as np
import pytest

import nnext

# Large enough that OpenBLAS splits each product into one job per thread.
SHAPES = [((300, 400), (400, 500)), ((784, 128), (128, 512)), ((128, 784), (784, 512))]


@pytest.fixture(params=[1, 2])
def threads(request):
    before = nnext.get_num_threads()
    nnext.set_num_threads(request.param)
    yield request.param
    nnext.set_num_threads(before)


def products(rng):
    for a_shape, b_shape in SHAPES:
        for dtype in (np.float32, np.float64):
            a = rng.standard_normal(a_shape).astype(dtype)
            b = rng.standard_normal(b_shape).astype(dtype)
            yield a, b


def check_products(seed, rounds=1):
    rng = np.random.default_rng(seed)
    for _ in range(rounds):
        for a, b in products(rng):
            got = nnext.matmul(a, b).numpy()
            np.testing.assert_allclose(
                got,
                a @ b,
                rtol=2e-4 if a.dtype == np.float32 else 1e-10,
                atol=1e-3 if a.dtype == np.float32 else 1e-9,
            )
        batch = rng.standard_normal((4, 200, 300)).astype(np.float32)
        other = rng.standard_normal((4, 300, 200)).astype(np.float32)
        np.testing.assert_allclose(
            nnext.matmul(batch, other).numpy(), batch @ other, rtol=2e-4, atol=1e-3
        )


def test_threaded_gemms_match_numpy(threads):
    check_products(0)


def test_threaded_lapack_matches_numpy(threads):
    rng = np.random.default_rng(1)
    a = rng.standard_normal((400, 400)) + 400 * np.eye(400)
    b = rng.standard_normal((400, 3))
    np.testing.assert_allclose(
        nnext.linalg.solve(a, b).numpy(), np.linalg.solve(a, b), rtol=1e-10, atol=1e-12
    )
    np.testing.assert_allclose(nnext.linalg.inv(a).numpy(), np.linalg.inv(a), rtol=1e-9, atol=1e-12)


def test_gemms_from_several_python_threads_at_once(threads):
    errors = []

    def work(seed):
        try:
            check_products(seed, rounds=2)
        except Exception as e:  # noqa: BLE001  (reported below, in the test's thread)
            errors.append(e)

    workers = [threading.Thread(target=work, args=(seed,)) for seed in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []


def test_results_hold_while_busy_processes_take_the_cores():
    """Busy processes in sessions of their own (as other users' jobs) make team members wait
    for cores, which shrinks the teams to one thread and back; the numbers must not change."""
    busy = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)
        for _ in range(2)
    ]
    try:
        rng = np.random.default_rng(2)
        x = rng.standard_normal(1 << 20).astype(np.float32)
        t = nnext.constant(x)
        for _ in range(5):
            check_products(3)
            np.testing.assert_allclose(nnext.exp(t).numpy(), np.exp(x), rtol=1e-6)
    finally:
        for p in busy:
            p.kill()
            p.wait()
