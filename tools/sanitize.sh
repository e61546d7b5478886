#!/usr/bin/env bash
# Runs tests against a _core built with AddressSanitizer and UndefinedBehaviorSanitizer.
#
#   tools/sanitize.sh                         # the fast subset below (CI: tests/test_sanitizers.py)
#   tools/sanitize.sh tests/test_join.py -x   # any pytest arguments
#   tools/sanitize.sh -q tests                # the full suite (see the README)
#
# The build lives in $NNEXT_ASAN_DIR (default build/asan): deps/ (the build requirements),
# src/ (a mirror of CMakeLists.txt and cpp/ where only files whose content changed are
# rewritten, so that a fresh clone recompiles only what differs from the last build) and
# build/ (CMake option NNEXT_SANITIZE). tests/test_sanitizers.py points it outside the clone. _core is
# staged with a copy of the Python package in $NNEXT_ASAN_DIR/python, so
# python/nnext/_core*.so is never replaced.
#
# The interpreter is not instrumented, so libasan is preloaded; leak detection is off because
# CPython keeps objects alive at exit on purpose. Any report fails the run: UBSan halts on
# its first error and ASan always does. No suppressions are needed (none is passed).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${NNEXT_ASAN_DIR:-build/asan}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
# One run at a time per folder: two runs would rewrite each other's mirror and staged package.
exec 8>"$dir/.lock"
flock 8

# Build requirements in a folder of their own, and the base interpreter (not a venv's): the
# compile commands then stay the same from one fresh venv to the next, and nothing rebuilds.
python="$(python -c 'import os, sys; print(os.path.realpath(sys._base_executable))')"
if [ ! -f "$dir/deps/.done" ]; then
  python -m pip install -q --target "$dir/deps" "scipy-openblas32==0.3.34.481.3" \
    "pybind11==3.1.0" cmake ninja
  touch "$dir/deps/.done"
fi
export PATH="$dir/deps/bin:$PATH"

# The mirror: copy a file only when its bytes differ, drop files that went away.
python - "$dir/src" <<'PY'
import filecmp, pathlib, shutil, sys
src, dst = pathlib.Path("."), pathlib.Path(sys.argv[1])
wanted = {p for p in [src / "CMakeLists.txt", *(src / "cpp").rglob("*")] if p.is_file()}
for p in wanted:
    target = dst / p
    if not target.exists() or not filecmp.cmp(p, target, shallow=False):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(p, target)
for p in list((dst / "cpp").rglob("*")) if (dst / "cpp").exists() else []:
    if p.is_file() and p.relative_to(dst) not in {w.relative_to(src) for w in wanted}:
        p.unlink()
PY

# One kernel level, v2 (the lowest, which every supported CPU runs): the levels differ only in
# the instructions the compiler picks, and each would triple the build. RelWithDebInfo:
# pybind11 strips Release builds, and stack traces need the symbols. No LTO:
# pybind11 adds it unless told, and the LTO link of the instrumented objects alone takes
# longer than compiling them.
PYTHONPATH="$dir/deps" cmake -S "$dir/src" -B "$dir/build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNNEXT_SANITIZE=ON -DCMAKE_INTERPROCEDURAL_OPTIMIZATION=OFF \
  -DNNEXT_CPU_LEVELS=v2 \
  -Dpybind11_DIR="$dir/deps/pybind11/share/cmake/pybind11" -DPython_EXECUTABLE="$python" >/dev/null
PYTHONPATH="$dir/deps" cmake --build "$dir/build" -j "${NNEXT_BUILD_JOBS:-2}"

stage="$dir/python"
rm -rf "$stage"
mkdir -p "$stage"
cp -r python/nnext "$stage/nnext"
rm -f "$stage"/nnext/_core*.so "$stage"/nnext/_cpu_probe*.so "$stage"/nnext/libnnext_cpu_v*.so
find "$stage" -name __pycache__ -prune -exec rm -rf {} +
cp "$dir"/build/_core*.so "$dir"/build/_cpu_probe*.so "$dir"/build/libnnext_cpu_v*.so "$stage/nnext/"
cp "$dir/deps/scipy_openblas32/lib/libscipy_openblas.so" "$stage/nnext/"
# The headers, where an installation keeps them (CMakeLists.txt installs them so).
(cd cpp && find . -name '*.h' -exec install -D -m 644 {} "$stage/nnext/include/{}" \;)

# The fast subset: the op, autograd, gather/scatter, join, reduction, saving and error tests
# and the differential fuzzing (about 10 s of CPU without the sanitizers).
if [ "$#" -eq 0 ]; then
  set -- -q -p no:randomly tests/test_elementwise.py tests/test_autograd.py tests/test_gather.py \
    tests/test_join.py tests/test_reduce.py tests/test_errors.py tests/test_saving.py \
    tests/test_fuzz_ops.py tests/test_fuzz_grad.py
fi
# libstdc++ too: the interpreter does not link it, and ASan's __cxa_throw interceptor must find
# it at start-up, or the first C++ exception aborts ("CHECK failed: real___cxa_throw != 0").
export LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libstdc++.so)"
# allocator_may_return_null: an absurd request (the tests ask for terabytes on purpose) fails as
# it does without ASan, so nnext's MemoryError path is what runs; ASan's default aborts.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:print_summary=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# --capture=sys: pytest captures Python's sys.stderr only, so a sanitizer's report (written to
# file descriptor 2 by the aborting process) reaches the terminal instead of a lost capture.
PYTHONPATH="$stage" python -m pytest --capture=sys "$@"
