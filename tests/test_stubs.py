"""Typing: the stub of the compiled core (python/nnext/_core.pyi, kept in the repository)
is what pybind11-stubgen writes for the built module, and the package is marked typed
(py.typed, PEP 561) where it is installed. After changing a binding, run tools/stubgen.sh
and commit the stub."""

import difflib
import pathlib
import subprocess

import nnext

ROOT = pathlib.Path(__file__).resolve().parent.parent
STUB = ROOT / "python" / "nnext" / "_core.pyi"


def test_core_stub_matches_the_built_module(tmp_path):
    child = subprocess.run(
        ["bash", str(ROOT / "tools" / "stubgen.sh"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert child.returncode == 0, child.stdout[-2000:] + child.stderr[-2000:]
    generated = (tmp_path / "nnext" / "_core.pyi").read_text()
    kept = STUB.read_text()
    diff = "".join(
        difflib.unified_diff(
            kept.splitlines(True),
            generated.splitlines(True),
            "python/nnext/_core.pyi (kept)",
            "generated",
            n=1,
        )
    )
    assert diff == "", f"run tools/stubgen.sh and commit the stub:\n{diff[:4000]}"


def test_the_installed_package_is_typed():
    package = pathlib.Path(nnext.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_core.pyi").is_file()
    assert "class Tensor:" in (package / "_core.pyi").read_text()
