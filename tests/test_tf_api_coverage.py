"""Guard: nnext's tf.math / tf.linalg / tf.nn / tf.random / tf.strings against TensorFlow's
public names.

tests/data/tf_api_names.txt lists TensorFlow's names; API_EXCLUSIONS.md gives a reason for
each one nnext leaves out. A name of the five namespaces that is neither provided nor
excluded fails, and so does an excluded name that nnext provides after all. The top level is
reported only (other pieces of work fill it).
"""

import pathlib
import re

import pytest

import nnext

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHECKED = ("tf.math", "tf.linalg", "tf.nn", "tf.random", "tf.strings")
NAMESPACES = {
    "tf": nnext,
    "tf.math": nnext.math,
    "tf.linalg": nnext.linalg,
    "tf.nn": nnext.nn,
    "tf.random": nnext.random,
    "tf.strings": nnext.strings,
}


def _tf_names():
    lines = (ROOT / "tests" / "data" / "tf_api_names.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _exclusions():
    """{name: (section, reason)} from the tables of API_EXCLUSIONS.md."""
    found, section = {}, None
    for line in (ROOT / "API_EXCLUSIONS.md").read_text().splitlines():
        if line.startswith("## "):
            section = "checked" if "tf.math" in line else "top"
        match = re.match(r"^\| (tf[\w.]*) \| (.+) \|$", line)
        if match:
            assert match.group(2).strip(), f"{match.group(1)} has no reason"
            found[match.group(1)] = (section, match.group(2))
    return found


def _provided(full_name):
    namespace, _, name = full_name.rpartition(".")
    return hasattr(NAMESPACES[namespace], name)


def test_names_file_and_exclusions_are_well_formed():
    names = _tf_names()
    assert len(names) == len(set(names)) and len(names) > 500
    for full in names:
        assert full.rpartition(".")[0] in NAMESPACES, full
    excluded = _exclusions()
    unknown = sorted(n for n in excluded if n not in set(names))
    assert not unknown, f"API_EXCLUSIONS.md lists names TensorFlow does not have: {unknown}"


@pytest.mark.parametrize("namespace", CHECKED)
def test_every_name_is_provided_or_excluded(namespace):
    excluded = _exclusions()
    names = [n for n in _tf_names() if n.rpartition(".")[0] == namespace]
    missing = [n for n in names if not _provided(n) and n not in excluded]
    assert not missing, f"provide these or list them in API_EXCLUSIONS.md with a reason: {missing}"
    stale = [n for n in names if _provided(n) and excluded.get(n, ("",))[0] == "checked"]
    assert not stale, f"nnext provides these now: remove them from API_EXCLUSIONS.md: {stale}"


def test_coverage_report(capsys):
    names = _tf_names()
    lines = []
    for namespace in NAMESPACES:
        mine = [n for n in names if n.rpartition(".")[0] == namespace]
        have = sum(_provided(n) for n in mine)
        lines.append(f"{namespace:10s} {have:4d} / {len(mine):4d} ({100 * have / len(mine):.0f}%)")
    with capsys.disabled():
        print("\nTensorFlow name coverage:\n  " + "\n  ".join(lines))
    assert all(_provided(n) or n in _exclusions() for n in names if n.startswith("tf.math."))
