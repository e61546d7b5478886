#!/usr/bin/env bash
# Runs tests against a _core built with AddressSanitizer and UndefinedBehaviorSanitizer.
#
#   tools/sanitize.sh                         # the op, autograd, gather, join, reduce,
#                                             # saving and error tests
#   tools/sanitize.sh tests/test_join.py -x   # any pytest arguments
#
# _core is built in build/asan (CMake option NNEXT_SANITIZE) and staged with a copy of the
# Python package in build/asan/python, so python/nnext/_core*.so is never replaced. The
# interpreter is not instrumented, so libasan is preloaded; leak detection is off because
# CPython keeps objects alive at exit on purpose. Any report fails the run: UBSan halts on
# its first error and ASan always does. No suppressions are needed today.
set -euo pipefail
cd "$(dirname "$0")/.."
python -c "import scipy_openblas32, pybind11" 2>/dev/null ||
  pip install -q "scipy-openblas32==0.3.34.481.3" "pybind11==3.1.0"
if [ ! -f build/asan/build.ninja ]; then
  cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Release -DNNEXT_SANITIZE=ON \
    -Dpybind11_DIR="$(python -m pybind11 --cmakedir)" -DPython_EXECUTABLE="$(command -v python)" >/dev/null
fi
cmake --build build/asan -j "${NNEXT_BUILD_JOBS:-2}"

stage=build/asan/python
rm -rf "$stage"
mkdir -p "$stage"
cp -r python/nnext "$stage/nnext"
rm -f "$stage"/nnext/_core*.so
find "$stage" -name __pycache__ -prune -exec rm -rf {} +
cp build/asan/_core*.so "$stage/nnext/"
cp "$(python -c 'import scipy_openblas32 as s; print(s.get_lib_dir())')/libscipy_openblas.so" "$stage/nnext/"

if [ "$#" -eq 0 ]; then
  set -- -q -p no:randomly tests/test_elementwise.py tests/test_autograd.py tests/test_gather.py \
    tests/test_join.py tests/test_reduce.py tests/test_errors.py tests/test_saving.py \
    tests/test_large_inputs.py tests/test_fuzz_ops.py
fi
export LD_PRELOAD="$(gcc -print-file-name=libasan.so)"
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:print_summary=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
PYTHONPATH="$stage" python -m pytest "$@"
