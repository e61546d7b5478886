"""The package's floors, checked from the source: DESIGN.md's "arrows point down only".

- No module inside nnext imports the `nnext` package face (`import nnext`, or a name from
  `nnext/__init__.py` that is not a submodule): the face is built from the submodules, so a
  submodule reading it would depend on import order.
- The module-level imports among `nnext.keras` modules form no cycle.
- `keras/saving` imports no layer, model, trainer or optimizer module.
- `import nnext` works whatever submodule a program imports first.

Module-level imports are read with `ast` (imports inside functions are deliberate late
bindings, not part of the layering).
"""

import ast
import pathlib
import subprocess
import sys

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "python" / "nnext"


def module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules():
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules["nnext._core"] = None  # the compiled core: it imports nothing of ours
    modules["nnext._cpu_probe"] = None  # compiled too: the CPU level asked before _core loads
    return modules


def module_level_imports(path):
    """`(imported module, imported names)` for each import statement outside functions."""
    tree = ast.parse(path.read_text())
    found = []

    def visit(nodes):
        for node in nodes:
            if isinstance(node, ast.Import):
                found.extend((alias.name, ()) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((node.module, tuple(alias.name for alias in node.names)))
            elif isinstance(node, (ast.If, ast.Try)):  # conditional imports still run
                visit(node.body)
                visit(getattr(node, "orelse", []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)

    visit(tree.body)
    return found


def import_graph(modules):
    """Edges between nnext modules; `from a import b` where `a.b` is a module is an edge
    to `a.b` (and to `a`, whose `__init__` runs first)."""
    graph = {name: set() for name in modules}
    for name, path in modules.items():
        for target, names in module_level_imports(path) if path else ():
            if not target.startswith("nnext"):
                continue
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in modules]
            graph[name].update(submodules)
            # `from package import submodule` reads no name of the package itself (Python
            # runs a package's __init__ before any of its modules anyway); anything else
            # depends on the target module.
            if len(submodules) < max(len(names), 1):
                graph[name].add(target)
    return graph


def cycles(graph, within):
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def connect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if not target.startswith(within) or target not in graph:
                continue
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node.startswith(within) and node not in index:
            connect(node)
    return found


def face_imports(modules):
    """`(module, what)` for every import of the package face from inside the package."""
    found = []
    for name, path in modules.items():
        if name == "nnext" or path is None:
            continue
        for target, names in module_level_imports(path):
            if target == "nnext" and not names:
                found.append((name, "import nnext"))
            elif target == "nnext":
                found.extend(
                    (name, f"from nnext import {n}") for n in names if f"nnext.{n}" not in modules
                )
    return found


def test_no_module_imports_the_package_face():
    assert face_imports(all_modules()) == []


def test_keras_modules_import_without_cycles():
    assert cycles(import_graph(all_modules()), within="nnext.keras") == []


def test_saving_imports_nothing_above_it():
    modules = all_modules()
    above = (
        "nnext.keras.layers",
        "nnext.keras.models",
        "nnext.keras.trainers",
        "nnext.keras.optimizers",
    )
    upward = [
        (name, target)
        for name, path in modules.items()
        if name.startswith("nnext.keras.saving")
        for target, _ in (module_level_imports(path) if path else ())
        if target.startswith(above)
    ]
    assert upward == []


@pytest.mark.parametrize(
    "first",
    [
        "nnext.keras.layers",
        "nnext.keras.saving",
        "nnext.keras.models",
        "nnext.keras.metrics",
        "nnext.nn",
        "nnext.keras.optimizers",
        "nnext.keras.trainers",
    ],
)
def test_import_order_does_not_matter(first):
    code = f"import {first}; import nnext; assert nnext.keras.Model is nnext.Model"
    child = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert child.returncode == 0, child.stderr[-2000:]


def test_the_face_carries_every_submodule_export():
    import nnext
    from nnext import array_ops, creation, dtypes
    from nnext import math as nmath

    for module in (array_ops, creation, dtypes, nmath):
        for name in module.__all__:
            assert getattr(nnext, name) is getattr(module, name), name
    assert nnext.__version__ == nnext.version.VERSION


# -- the C++ floors ---------------------------------------------------------------------------
# DESIGN.md, bottom up. autograd/tape.h is the recording header ops include (below ops);
# autograd/tape.cpp is the reverse walk, which builds gradients with ops (above them).
CPP = PACKAGE.parent.parent / "cpp"
CPP_FLOORS = {"core": 0, "kernels": 1, "autograd/tape.h": 2, "ops": 3, "autograd": 4, "bindings": 5}
# (file, included header) -> why it is allowed; each is a debt to pay, not a pattern.
CPP_UPWARD_EXCEPTIONS = {
    ("core/parallel.cpp", "kernels/blas.h"): "set_num_threads also sets OpenBLAS's threads; "
    "the BLAS thread calls belong in core (or parallel.cpp one floor up)",
}


def cpp_floor(path):
    """The floor of `path` ("ops/join.cpp", "autograd/tape.h", ...) relative to cpp/."""
    if path in CPP_FLOORS:
        return CPP_FLOORS[path]
    return CPP_FLOORS[path.split("/")[0]]


def cpp_includes():
    """`(file, included header)` for every project include under cpp/."""
    found = []
    for path in sorted(CPP.rglob("*")):
        if path.suffix not in (".cpp", ".h", ".def"):
            continue
        rel = path.relative_to(CPP).as_posix()
        for line in path.read_text().splitlines():
            if line.startswith('#include "'):
                found.append((rel, line.split('"')[1]))
    return found


def test_cpp_includes_point_down_the_floors():
    includes = cpp_includes()
    assert len(includes) > 100  # the pattern still reads the files
    upward = [
        (f, h)
        for f, h in includes
        if cpp_floor(h) > cpp_floor(f) and (f, h) not in CPP_UPWARD_EXCEPTIONS
    ]
    assert upward == []


def test_cpp_upward_exceptions_are_still_needed():
    assert sorted(set(CPP_UPWARD_EXCEPTIONS) - set(cpp_includes())) == []


def test_cpp_floor_check_catches_an_upward_include():
    assert cpp_floor("kernels/iter.h") < cpp_floor("ops/join.h")
    assert cpp_floor("autograd/tape.h") < cpp_floor("ops/join.h") < cpp_floor("autograd/tape.cpp")
    assert cpp_floor("ops/join.cpp") < cpp_floor("bindings/bindings.h")
