"""``tf.nest``: walking nested structures of lists, tuples, namedtuples and dicts.

A structure's leaves are everything that is not a list, tuple or mapping (tensors, numbers,
strings, None). Mappings are walked in sorted key order, as TensorFlow does, and rebuilt with
their own key order; namedtuples are rebuilt as the same namedtuple class.
"""

import collections.abc

__all__ = [
    "assert_same_structure",
    "flatten",
    "flatten_with_joined_string_paths",
    "is_nested",
    "map_structure",
    "pack_sequence_as",
]


def _is_namedtuple(value):
    return isinstance(value, tuple) and hasattr(type(value), "_fields")


def is_nested(seq):
    """True for a list, tuple (namedtuples included) or mapping; False for a leaf."""
    return isinstance(seq, (list, tuple, collections.abc.Mapping))


def _sorted_keys(mapping):
    try:
        return sorted(mapping)
    except TypeError:
        raise TypeError("nest only supports dicts with sortable keys.") from None


def _children(structure):
    """The direct children of a nested value, in TensorFlow's traversal order."""
    if isinstance(structure, collections.abc.Mapping):
        return [structure[key] for key in _sorted_keys(structure)]
    return list(structure)


def _child_names(structure):
    if isinstance(structure, collections.abc.Mapping):
        return _sorted_keys(structure)
    return list(range(len(structure)))


def _rebuild(structure, children):
    """A value shaped like ``structure`` whose children are ``children`` (traversal order)."""
    if isinstance(structure, collections.abc.Mapping):
        by_key = dict(zip(_sorted_keys(structure), children))
        rebuilt = [(key, by_key[key]) for key in structure]
        if isinstance(structure, collections.defaultdict):
            return type(structure)(structure.default_factory, rebuilt)
        return type(structure)(rebuilt)
    if _is_namedtuple(structure):
        return type(structure)(*children)
    if isinstance(structure, list):
        return list(children)
    return tuple(children)


def flatten(structure, expand_composites=False):
    """The leaves of ``structure`` as a flat list (a leaf gives ``[leaf]``).

    Example:
        >>> nnext.nest.flatten({"b": [1, 2], "a": 3})
        [3, 1, 2]
    """
    if not is_nested(structure):
        return [structure]
    leaves = []
    for child in _children(structure):
        leaves.extend(flatten(child))
    return leaves


def _paths(structure, prefix=()):
    if not is_nested(structure):
        yield prefix, structure
        return
    for name, child in zip(_child_names(structure), _children(structure)):
        yield from _paths(child, prefix + (name,))


def flatten_with_joined_string_paths(structure, separator="/", expand_composites=False):
    """``(path, leaf)`` pairs, each path the keys and indices to the leaf joined by
    ``separator``."""
    return [(separator.join(str(p) for p in path), leaf) for path, leaf in _paths(structure)]


def _structure_error(first, second, reason):
    return ValueError(
        "The two structures don't have the same nested structure.\n\n"
        f"First structure: {first!r:.200}\n\nSecond structure: {second!r:.200}\n\n"
        f"More specifically: {reason}"
    )


def _check_same(a, b, check_types, top_a, top_b):
    if is_nested(a) != is_nested(b):
        nested, leaf = (a, b) if is_nested(a) else (b, a)
        raise _structure_error(
            top_a,
            top_b,
            f'Substructure "{nested!r:.80}" is a sequence, while substructure '
            f'"{leaf!r:.80}" is not',
        )
    if not is_nested(a):
        return
    if check_types and type(a) is not type(b):
        raise TypeError(
            "The two structures don't have the same sequence type. Input structure has type "
            f"{type(a)}, while shallow structure has type {type(b)}."
        )
    if isinstance(a, collections.abc.Mapping) and set(a) != set(b):
        raise _structure_error(
            top_a,
            top_b,
            f"The two dictionaries don't have the same set of keys. First "
            f"structure has keys {sorted(a, key=str)}, while second structure has keys "
            f"{sorted(b, key=str)}.",
        )
    if len(a) != len(b):
        raise _structure_error(
            top_a,
            top_b,
            f"The two structures don't have the same number of elements. "
            f"First structure: {len(a)} elements, second: {len(b)} elements.",
        )
    for x, y in zip(_children(a), _children(b)):
        _check_same(x, y, check_types, top_a, top_b)


def assert_same_structure(nest1, nest2, check_types=True, expand_composites=False):
    """Raises ValueError (or TypeError for differing sequence types when ``check_types``)
    unless the two structures nest the same way."""
    _check_same(nest1, nest2, check_types, nest1, nest2)


def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    """``flat_sequence``'s items arranged in the nesting of ``structure``.

    Example:
        >>> nnext.nest.pack_sequence_as({"b": [0, 0], "a": 0}, [3, 1, 2])
        {'b': [1, 2], 'a': 3}
    """
    flat = list(flat_sequence)
    if not is_nested(structure):
        if len(flat) != 1:
            raise ValueError(f"Structure is a scalar but len(flat_sequence) == {len(flat)} > 1")
        return flat[0]
    count = len(flatten(structure))
    if count != len(flat):
        raise ValueError(
            f"Could not pack sequence. Structure had {count} atoms, but flat_sequence had "
            f"{len(flat)} items."
        )
    return _pack(structure, iter(flat))


def _pack(structure, leaves):
    # A module-level function rather than a recursive closure: a closure that refers to
    # itself is a reference cycle, which would keep the packed leaves (tensors) alive until
    # the garbage collector runs.
    if not is_nested(structure):
        return next(leaves)
    return _rebuild(structure, [_pack(child, leaves) for child in _children(structure)])


def map_structure(func, *structure, **kwargs):
    """``func`` applied to the matching leaves of one or more same-shaped structures.

    Args:
        func: called with one leaf from each structure.
        *structure: structures that nest the same way.
        check_types: (keyword) require the same sequence types too (default True).

    Example:
        >>> nnext.nest.map_structure(lambda x, y: x + y, [1, (2, 3)], [10, (20, 30)])
        [11, (22, 33)]
    """
    check_types = kwargs.pop("check_types", True)
    kwargs.pop("expand_composites", None)
    if kwargs:
        raise ValueError(
            f"Only valid keyword arguments are `check_types` and "
            f"`expand_composites`, not: `{', '.join(sorted(kwargs))}`"
        )
    if not structure:
        raise ValueError("Must provide at least one structure")
    for other in structure[1:]:
        assert_same_structure(structure[0], other, check_types=check_types)
    flats = [flatten(s) for s in structure]
    return pack_sequence_as(structure[0], [func(*leaves) for leaves in zip(*flats)])
