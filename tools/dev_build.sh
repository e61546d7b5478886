#!/usr/bin/env bash
# Developer build: compiles _core into build/dev and drops it (with OpenBLAS) into
# python/nnext/, so that `PYTHONPATH=python python ...` runs the working tree.
# Builds are serialised with a lock so that several shells can call this at once.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>build.lock
flock 9
python -c "import scipy_openblas32, pybind11" 2>/dev/null ||
  pip install -q "scipy-openblas32==0.3.34.481.3" "pybind11==3.1.0"
if [ ! -f build/dev/build.ninja ]; then
  cmake -S . -B build/dev -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -Dpybind11_DIR="$(python -m pybind11 --cmakedir)" -DPython_EXECUTABLE="$(command -v python)" >/dev/null
fi
cmake --build build/dev -j 2
# Copy then rename: a process that has the old library mapped keeps its inode intact.
install_atomically() { cp "$1" "$2.tmp.$$" && mv -f "$2.tmp.$$" "$2"; }
# _core, the CPU probe and the kernels of each x86-64 level (CMakeLists.txt).
for so in build/dev/_core*.so build/dev/_cpu_probe*.so build/dev/libnnext_cpu_v*.so; do
  install_atomically "$so" "python/nnext/$(basename "$so")"
done
install_atomically "$(python -c 'import scipy_openblas32 as s; print(s.get_lib_dir())')/libscipy_openblas.so" \
  python/nnext/libscipy_openblas.so
