"""The sanitizer run kept by CI: tools/sanitize.sh builds _core with AddressSanitizer and
UndefinedBehaviorSanitizer and runs its fast subset (the op, autograd, gather/scatter, join,
reduction, saving, error and fuzz tests) against that build; any report aborts the run and
fails this test with the report's tail.

The instrumented build lives outside the checkout, in $NNEXT_ASAN_DIR (default
~/.cache/nnext/asan), compiled from a content-synced copy of cpp/, so that a fresh clone in CI
recompiles only the files that changed since the last run. The full suite under the
sanitizers is the README's command, run before a release."""

import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def asan_runtime():
    if not shutil.which("gcc"):
        return None
    path = subprocess.run(
        ["gcc", "-print-file-name=libasan.so"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return path if os.path.isabs(path) and os.path.exists(path) else None


@pytest.mark.slow
@pytest.mark.skipif(asan_runtime() is None, reason="gcc's AddressSanitizer runtime is missing")
def test_fast_subset_is_clean_under_address_and_undefined_behaviour_sanitizers():
    env = dict(os.environ)
    env.setdefault("NNEXT_ASAN_DIR", str(pathlib.Path.home() / ".cache" / "nnext" / "asan"))
    # The outer run's plugins and options are not the inner run's business.
    for name in ("PYTEST_ADDOPTS", "PYTEST_PLUGINS", "LD_PRELOAD"):
        env.pop(name, None)
    child = subprocess.run(
        ["bash", str(ROOT / "tools" / "sanitize.sh")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert child.returncode == 0, (child.stdout + child.stderr)[-6000:]
    assert " passed" in child.stdout, child.stdout[-2000:]
