"""Every public name of `nnext` and `nnext.keras` has a docstring: the functions, classes and
namespaces reachable from the two package faces (a namespace's `__all__` where it has one).

A raw pybind11 binding shows its signature line even without a docstring, so for those the
text after the signature must say something (cpp/bindings/op_docs.cpp holds the docstrings
of the raw bindings that have no Python wrapper)."""

import types

import nnext
from nnext import _core


def own_doc(obj):
    """The docstring `obj` itself carries (a class's own, not an inherited one)."""
    if isinstance(obj, type):
        doc = obj.__dict__.get("__doc__")
    else:
        doc = getattr(obj, "__doc__", None)
    doc = doc or ""
    name = getattr(obj, "__name__", "")
    if isinstance(obj, types.BuiltinFunctionType):
        # pybind11 writes "name(args) -> result" lines (and "Overloaded function." with
        # numbered signatures) before the docstring itself.
        lines = [
            line
            for line in doc.splitlines()
            if not line.startswith(f"{name}(")
            and line.strip() != "Overloaded function."
            and not (line[:1].isdigit() and line[1:3] == ". ")
        ]
        doc = "\n".join(lines)
    return doc.strip()


def public_names():
    """{dotted public name: object} reachable from nnext and nnext.keras."""
    found, seen = {}, set()

    def walk(module, prefix):
        names = getattr(module, "__all__", None) or [
            n for n in dir(module) if not n.startswith("_")
        ]
        for name in sorted(names):
            obj = getattr(module, name, None)
            dotted = f"{prefix}.{name}"
            if isinstance(obj, types.ModuleType):
                if obj.__name__.startswith("nnext") and obj.__name__ not in seen:
                    seen.add(obj.__name__)
                    found[dotted] = obj
                    walk(obj, dotted)
            elif callable(obj):
                found[dotted] = obj

    seen.add("nnext")
    walk(nnext, "nnext")
    return found


def test_every_public_name_has_a_docstring():
    names = public_names()
    assert len(names) > 1000  # the walk still reaches the namespaces
    assert "nnext.keras.layers.Dense" in names and "nnext.reduce_sum" in names
    missing = sorted(name for name, obj in names.items() if not own_doc(obj))
    assert missing == []


def test_raw_bindings_carry_their_docstrings():
    """The bindings the op tables make, and a few written by hand, read as TensorFlow's
    docstrings: a summary, then Args and Returns."""
    for fn in (
        _core.exp,
        _core.add,
        _core.equal,
        _core.arctan2,
        _core.bitwise_and,
        _core.reduce_sum,
        _core.reshape,
        _core.cast,
    ):
        doc = own_doc(fn)
        assert "Args:" in doc and "Returns:" in doc, fn.__name__
    assert own_doc(_core.reduce_sum).startswith("Computes the sum of elements")


def test_the_check_sees_a_missing_docstring():
    def undocumented():
        pass

    class Undocumented:
        pass

    class Documented(Undocumented):
        """A class with its own docstring."""

    assert own_doc(undocumented) == ""
    assert own_doc(Undocumented) == ""
    assert own_doc(Documented) != ""
    assert own_doc(_core._build_config) == ""  # a binding showing only its signature
