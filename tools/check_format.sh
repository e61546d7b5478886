#!/usr/bin/env bash
# The formatting rules, checked without changing a file: ruff's lint and formatter over the
# Python tree, clang-format (the checked-in .clang-format) over cpp/. Exit status 1 on any
# finding. tests/test_formatting.py runs it in CI.
#
#   tools/check_format.sh          # everything
#   tools/check_format.sh python   # or: cpp
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
status=0
if [ "$what" != cpp ]; then
  command -v ruff >/dev/null || python -m pip install -q ruff
  ruff check . || status=1
  ruff format --check . || status=1
fi
if [ "$what" != python ]; then
  command -v clang-format >/dev/null || python -m pip install -q "clang-format==23.1.3"
  find cpp -name '*.cpp' -o -name '*.h' | sort | xargs clang-format --dry-run --Werror || status=1
fi
exit "$status"
