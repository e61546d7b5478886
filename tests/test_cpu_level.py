"""The x86-64 level of the kernels: chosen at import from the CPU (nnext/_runtime.py), capped
by NNEXT_CPU_LEVEL, reported by show_config; the op tests pass at the lowest level too."""

import os
import pathlib
import subprocess
import sys

import pytest

import nnext
from nnext import _core, _runtime

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Op tests rerun at the lowest level: elementwise maths, reductions, matmul and the fused
# training kernels, the loops whose vector code differs most between levels.
LOWEST_LEVEL_TESTS = [
    "tests/test_cpu_level.py",
    "tests/test_elementwise.py",
    "tests/test_reduce.py",
    "tests/test_matmul.py",
    "tests/test_nn.py",
    "tests/test_optim_kernels.py",
]


def run_python(code, **env):
    child = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **env},
    )
    return child


def test_the_running_kernels_are_the_chosen_level():
    config = _core._build_config()
    assert config["cpu_level"] == _runtime.LEVEL
    assert config["cpu_level_supported"] == _runtime.SUPPORTED
    assert _runtime.LEVEL in _runtime.built_levels()
    requested = _runtime.requested_level()
    cap = _runtime.SUPPORTED if requested is None else min(requested, _runtime.SUPPORTED)
    assert _runtime.LEVEL == max(level for level in _runtime.built_levels() if level <= cap)


def test_show_config_names_the_level(capsys):
    nnext.show_config()
    out = capsys.readouterr().out
    assert f"x86-64-v{_runtime.LEVEL} kernels ({_runtime.FEATURES[_runtime.LEVEL]})" in out
    assert f"this CPU supports x86-64-v{_runtime.SUPPORTED}" in out


@pytest.mark.parametrize(
    ("supported", "built", "requested", "level"),
    [
        (4, [2, 3, 4], None, 4),
        (3, [2, 3, 4], None, 3),
        (4, [2, 3, 4], 2, 2),
        (3, [2, 3, 4], 4, 3),  # a request above the CPU's level is capped by the CPU
        (4, [2, 3], None, 3),  # a build with fewer levels
    ],
)
def test_choose_level(supported, built, requested, level):
    assert _runtime.choose_level(supported, built, requested) == level


def test_a_cpu_below_every_built_level_fails_to_import_clearly():
    with pytest.raises(
        ImportError,
        match=r"built for x86-64-v2/v3/v4, but this CPU supports "
        r"x86-64-v1 \(baseline\)",
    ):
        _runtime.choose_level(1, [2, 3, 4], None)
    with pytest.raises(ImportError, match="NNEXT_CPU_LEVEL asks for v2"):
        _runtime.choose_level(3, [4], 2)


def test_nnext_cpu_level_caps_the_level_of_a_new_process():
    code = "import nnext; print(nnext._core._build_config()['cpu_level'])"
    for requested in ("v2", "x86-64-v3"):
        child = run_python(code, NNEXT_CPU_LEVEL=requested)
        assert child.returncode == 0, child.stderr
        # The highest level at most the requested one that this CPU runs and the build has
        # (tools/sanitize.sh builds v2 alone).
        built = _runtime.built_levels()
        want = _runtime.choose_level(_runtime.SUPPORTED, built, int(requested[-1]))
        assert int(child.stdout) == want


def test_a_bad_nnext_cpu_level_fails_the_import():
    child = run_python("import nnext", NNEXT_CPU_LEVEL="avx512")
    assert child.returncode != 0
    assert "NNEXT_CPU_LEVEL='avx512': expected v2, v3 or v4" in child.stderr


def test_op_tests_pass_at_the_lowest_level():
    lowest = f"v{_runtime.built_levels()[0]}"
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:randomly",
            "-x",
            *LOWEST_LEVEL_TESTS,
            "-k",
            "not test_op_tests_pass_at_the_lowest_level",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=ROOT,
        env={**os.environ, "NNEXT_CPU_LEVEL": lowest},
    )
    assert child.returncode == 0, child.stdout[-3000:] + child.stderr[-2000:]
    assert " passed" in child.stdout
