"""STYLE.md's formatting rules, kept by CI: ruff's lint and formatter over the Python tree and
clang-format (the checked-in .clang-format) over cpp/, all through tools/check_format.sh, the
script a developer runs before committing. Both tools are pinned in the test extra, so that a
new release's style cannot fail an unchanged tree."""

import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("part", "tool"), [("python", "ruff"), ("cpp", "clang-format")])
def test_tree_is_formatted(part, tool):
    assert shutil.which(tool), f"{tool} is a test dependency (pyproject.toml's test extra)"
    child = subprocess.run(
        ["bash", str(ROOT / "tools" / "check_format.sh"), part],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert child.returncode == 0, (child.stdout + child.stderr)[-4000:]
