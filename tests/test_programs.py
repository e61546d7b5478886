"""Runs every program in tests/programs/ (see its README) in its own process.

The programs are small models whose time goes to Python, not to big kernels, so they run two
at a time with one thread each: on CI's two cores that halves this file's wall time, where
two-thread programs side by side would only contend for the cores."""

import concurrent.futures
import os
import pathlib
import subprocess
import sys

import pytest

PROGRAMS = sorted((pathlib.Path(__file__).parent / "programs").glob("*.py"))
PARALLEL_RUNS = 2


def run_program(program):
    # The child finds nnext as this process does (installed, or PYTHONPATH=python).
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, str(program)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=env,
    )


@pytest.fixture(scope="module")
def program_runs(request):
    """Every selected program, started in order on a pool; each test waits for its own."""
    selected = [
        item.callspec.params["program"]
        for item in request.session.items
        if item.originalname == "test_program_runs"
    ]
    pool = concurrent.futures.ThreadPoolExecutor(PARALLEL_RUNS)
    try:
        yield {program: pool.submit(run_program, program) for program in selected}
    finally:
        pool.shutdown(cancel_futures=True)  # a run stopped early (-x) starts no more


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_program_runs(program, program_runs):
    child = program_runs[program].result()
    assert child.returncode == 0, child.stdout[-3000:] + child.stderr[-5000:]
