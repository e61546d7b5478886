"""Runs every program in tests/programs/ (see its README) in its own process."""

import pathlib
import subprocess
import sys

import pytest

PROGRAMS = sorted((pathlib.Path(__file__).parent / "programs").glob("*.py"))


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_program_runs(program):
    # The child finds nnext as this process does (installed, or PYTHONPATH=python).
    child = subprocess.run(
        [sys.executable, str(program)], capture_output=True, text=True, timeout=600, check=False
    )
    assert child.returncode == 0, child.stdout[-3000:] + child.stderr[-5000:]
