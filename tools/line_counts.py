#!/usr/bin/env python3
"""Line counts of the tree, as tinygrad prints them: per folder and in total, and every file
over STYLE.md's limits (a C++ file over 800 lines, a Python module over 600).

    python tools/line_counts.py          # prints the table; exit status 1 if a file is over

Files over the limit today are listed in OVER_LIMIT with their count when they were listed:
they may not grow, and the list must shrink (a listed file back under the limit fails too,
so that its row is removed). tests/programs/ holds programs written by others (their
imports changed), so it is not counted against the limits.
"""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CPP_LIMIT, PYTHON_LIMIT = 800, 600
CPP_SUFFIXES = {".cpp", ".h", ".def"}
FOLDERS = ["cpp", "python/nnext", "tests", "benchmarks", "examples", "tools"]
EXEMPT = ["tests/programs/"]
# path -> lines when the check was written; to be split by whoever owns the file.
OVER_LIMIT = {}


def counted_files():
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            rel = path.relative_to(ROOT).as_posix()
            if not path.is_file() or any(rel.startswith(e) for e in EXEMPT):
                continue
            if path.suffix in CPP_SUFFIXES or path.suffix == ".py":
                yield rel, len(path.read_text(errors="replace").splitlines())


def problems(counts):
    """Sentences naming each file over its limit, grown past its listed count, or listed but
    back under the limit."""
    found = []
    for rel, lines in counts.items():
        limit = PYTHON_LIMIT if rel.endswith(".py") else CPP_LIMIT
        if rel in OVER_LIMIT:
            if lines <= limit:
                found.append(f"{rel}: {lines} lines, within {limit} now: remove it from OVER_LIMIT")
            elif lines > OVER_LIMIT[rel]:
                found.append(
                    f"{rel}: {lines} lines, grew past its listed {OVER_LIMIT[rel]} "
                    f"(limit {limit}): split it"
                )
        elif lines > limit:
            found.append(f"{rel}: {lines} lines, over the limit of {limit}")
    found.extend(
        f"{rel}: listed in OVER_LIMIT but not found" for rel in OVER_LIMIT if rel not in counts
    )
    return found


def main():
    counts = dict(counted_files())
    by_folder = {}
    for rel, lines in counts.items():
        folder = next(f for f in FOLDERS if rel.startswith(f + "/"))
        parts = rel[len(folder) + 1 :].split("/")
        top = f"{folder}/{parts[0]}" if len(parts) > 1 else folder  # one level of subfolders
        files, total = by_folder.get(top, (0, 0))
        by_folder[top] = (files + 1, total + lines)
    width = max(map(len, by_folder))
    for folder, (files, total) in sorted(by_folder.items()):
        print(f"{folder:<{width}}  {files:4d} files  {total:7d} lines")
    cpp = sum(n for r, n in counts.items() if not r.endswith(".py"))
    python = sum(n for r, n in counts.items() if r.endswith(".py"))
    print(f"total: {cpp} lines of C++, {python} lines of Python, {cpp + python} in all")
    for rel in sorted(OVER_LIMIT):
        if rel in counts:
            print(f"over the limit (listed): {rel} {counts[rel]}")
    found = problems(counts)
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
