#!/usr/bin/env bash
# Regenerates python/nnext/_core.pyi, the type stub of the compiled core, from the built
# module (tools/dev_build.sh first). tests/test_stubs.py fails when the two differ, so run
# this after changing a binding's name, arguments or docstring, and commit the stub.
#
#   tools/stubgen.sh            # writes python/nnext/_core.pyi
#   tools/stubgen.sh DIR        # writes DIR/nnext/_core.pyi (what the test compares)
#
# Tensor.__reduce__ returns a tuple whose first item pybind11 names by a C++ type
# (detail::accessor): that expression alone is written as `...` instead of failing.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python -m pybind11_stubgen nnext._core -o "$tmp" --exit-code \
  --ignore-invalid-expressions 'detail::accessor' >/dev/null
if [ -n "$out" ]; then
  mkdir -p "$out/nnext" && cp "$tmp/nnext/_core.pyi" "$out/nnext/_core.pyi"
else
  cp "$tmp/nnext/_core.pyi" python/nnext/_core.pyi
fi
