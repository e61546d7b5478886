"""mypy passes on examples/, reading nnext's own annotations (py.typed) and the stub of the
compiled core, as a user's type checker would. Errors inside nnext itself are not reported
(`--follow-imports=silent`): the check is that user code type-checks against nnext."""

import os
import pathlib
import subprocess
import sys

import pytest

import nnext

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_mypy_passes_on_the_examples(tmp_path):
    # The nnext this test imports: the installed package in CI, which mypy finds in the
    # interpreter's site-packages (it refuses that folder on MYPYPATH), the working tree
    # otherwise.
    env = dict(os.environ)
    package_root = pathlib.Path(nnext.__file__).parent.parent
    if package_root.name != "site-packages":
        env["MYPYPATH"] = str(package_root)
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--follow-imports=silent",
            "--ignore-missing-imports",
            "--cache-dir",
            str(tmp_path),
            str(ROOT / "examples"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=env,
    )
    assert child.returncode == 0, child.stdout[-4000:] + child.stderr[-2000:]
    assert "Success" in child.stdout
