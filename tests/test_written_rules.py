"""STYLE.md's written rules, checked from the source: file sizes (tools/line_counts.py) and
every binding file's `bind_*` function registered in module.cpp (a binding file whose
function is defined but never called compiles, links and silently exports nothing)."""

import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
BINDINGS = ROOT / "cpp" / "bindings"


def test_no_file_over_the_line_limits():
    child = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "line_counts.py")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    assert "total:" in child.stdout


def test_line_limit_check_catches_a_long_file():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import line_counts
    finally:
        sys.path.pop(0)
    counts = {
        "cpp/ops/big.cpp": 801,
        "cpp/ops/ok.h": 800,
        "python/nnext/big.py": 601,
        **dict.fromkeys(line_counts.OVER_LIMIT, 10_000),
    }
    found = line_counts.problems(counts)
    assert [line.split(":")[0] for line in found] == (
        ["cpp/ops/big.cpp", "python/nnext/big.py"] + list(line_counts.OVER_LIMIT)
    )


def defined_bind_functions():
    """`bind_x` for every `void bind_x(py::module_& m) {` definition in cpp/bindings."""
    pattern = re.compile(r"^void (bind_\w+)\(py::module_& \w+\) \{", re.MULTILINE)
    return {
        name: path.name
        for path in sorted(BINDINGS.glob("*.cpp"))
        for name in pattern.findall(path.read_text())
    }


def registered_bind_functions():
    """The `bind_x(m);` calls in PYBIND11_MODULE's body."""
    source = (BINDINGS / "module.cpp").read_text()
    body = source[source.index("PYBIND11_MODULE") :]
    return re.findall(r"^\s*(bind_\w+)\(m\);", body, re.MULTILINE)


def test_every_binding_file_is_registered_once():
    defined = defined_bind_functions()
    registered = registered_bind_functions()
    assert len(defined) > 15  # the pattern still reads the files
    assert sorted(set(defined) - set(registered)) == []
    assert sorted(set(registered) - set(defined)) == []
    assert len(registered) == len(set(registered))


def test_every_binding_file_defines_its_registration():
    """Each binding file but module.cpp, convert.cpp (shared conversions), op_docs.cpp
    (docstrings) and cpu_probe.cpp (a module of its own, _cpu_probe) registers functions
    through its own `bind_<file>`."""
    defined = defined_bind_functions()
    files = {p.name for p in BINDINGS.glob("*.cpp")} - {
        "module.cpp",
        "convert.cpp",
        "op_docs.cpp",
        "cpu_probe.cpp",
    }
    assert files - set(defined.values()) == set()
