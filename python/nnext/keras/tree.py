"""`keras.tree`: walking nested structures of lists, tuples and dicts.

Dicts are walked in sorted key order, as Keras (through optree) walks them, so a flattened
dict of outputs lines up with a flattened dict of losses.
"""

import warnings

__all__ = [
    "MAP_TO_NONE",
    "assert_same_paths",
    "assert_same_structure",
    "flatten",
    "flatten_with_path",
    "is_nested",
    "lists_to_tuples",
    "map_shape_structure",
    "map_structure",
    "map_structure_up_to",
    "pack_sequence_as",
    "traverse",
]


class MAP_TO_NONE:
    """Returned by a `traverse` function to put None at that place of the result (a plain
    None return means "keep going" instead)."""


def is_nested(structure):
    """True for a list, tuple or dict (the containers `flatten` walks into)."""
    return isinstance(structure, (list, tuple, dict))


def flatten(structure):
    """The leaves of `structure` in order; `None` leaves are kept, as Keras keeps them.

    Example:
        >>> flatten({"b": [1, 2], "a": 3})
        [3, 1, 2]
    """
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in flatten(item)]
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in flatten(structure[key])]
    return [structure]


def pack_sequence_as(structure, flat_sequence):
    """Rebuilds `structure` with its leaves taken, in `flatten` order, from `flat_sequence`."""
    leaves = iter(flat_sequence)
    packed = _pack(structure, leaves)
    if next(leaves, _END) is not _END:
        raise ValueError(
            f"pack_sequence_as: the structure has {len(flatten(structure))} leaves but "
            f"{len(list(flat_sequence))} values were given"
        )
    return packed


_END = object()


def _pack(structure, leaves):
    if isinstance(structure, (list, tuple)):
        items = [_pack(item, leaves) for item in structure]
        if hasattr(structure, "_fields"):  # a namedtuple
            return type(structure)(*items)
        return type(structure)(items)
    if isinstance(structure, dict):
        packed = {key: _pack(structure[key], leaves) for key in sorted(structure)}
        return {key: packed[key] for key in structure}  # the caller's key order
    value = next(leaves, _END)
    if value is _END:
        raise ValueError("pack_sequence_as: fewer values than the structure has leaves")
    return value


def map_structure(func, *structures):
    """`func` applied leaf by leaf across structures of the same shape."""
    if not structures:
        raise TypeError("map_structure needs at least one structure")
    first = structures[0]
    flats = [flatten(s) for s in structures]
    for flat in flats[1:]:
        if len(flat) != len(flats[0]):
            raise ValueError(
                f"map_structure: structures differ: {len(flats[0])} and {len(flat)} leaves"
            )
    return pack_sequence_as(first, [func(*leaves) for leaves in zip(*flats)])


def _children(structure):
    """(keys, values) of a container in walking order (dict keys sorted), else None."""
    if isinstance(structure, dict):
        keys = sorted(structure)
        return keys, [structure[k] for k in keys]
    if isinstance(structure, (list, tuple)):
        return list(range(len(structure))), list(structure)
    return None


def _rebuild(structure, values):
    if isinstance(structure, dict):
        by_key = dict(zip(sorted(structure), values))
        return (
            type(structure)((k, by_key[k]) for k in structure)
            if type(structure) is not dict
            else {k: by_key[k] for k in structure}
        )
    if hasattr(structure, "_fields"):
        return type(structure)(*values)
    return type(structure)(values)


def flatten_with_path(structure):
    """`(path, leaf)` pairs in `flatten` order; a path is the tuple of indices and dict keys
    leading to the leaf.

    Example:
        >>> flatten_with_path({"b": [1, 2], "a": 3})
        [(('a',), 3), (('b', 0), 1), (('b', 1), 2)]
    """
    found = _children(structure)
    if found is None:
        return [((), structure)]
    return [
        ((key, *path), leaf)
        for key, value in zip(*found)
        for path, leaf in flatten_with_path(value)
    ]


def _same_structure(a, b):
    found_a, found_b = _children(a), _children(b)
    if found_a is None or found_b is None:
        return found_a is None and found_b is None
    if type(a) is not type(b) and not (isinstance(a, dict) and isinstance(b, dict)):
        return False
    if found_a[0] != found_b[0]:
        return False
    return all(_same_structure(x, y) for x, y in zip(found_a[1], found_b[1]))


def assert_same_structure(a, b, check_types=None):
    """Raises ValueError unless `a` and `b` nest the same containers (a list and a tuple
    differ; dicts must have the same keys) with leaves at the same places.

    `check_types` is accepted for compatibility and, as in Keras 3, has no effect.
    """
    if check_types is not None:
        warnings.warn(
            "The `check_types` argument is deprecated and no longer has any effect. For a "
            "looser check, use `keras.tree.assert_same_paths()`.",
            DeprecationWarning,
            stacklevel=2,
        )
    if not _same_structure(a, b):
        raise ValueError(
            "The two structures don't have the same nested structure.\n"
            f"First structure: {a}\n\nSecond structure: {b}"
        )


def assert_same_paths(a, b):
    """Raises ValueError unless `a` and `b` have the same set of leaf paths (a list and a
    tuple of the same length match here)."""
    a_paths = {path for path, _ in flatten_with_path(a)}
    b_paths = {path for path, _ in flatten_with_path(b)}
    if a_paths != b_paths:
        message = "`a` and `b` don't have the same paths."
        if a_paths - b_paths:
            message += f"\nPaths in `a` missing in `b`:\n{a_paths - b_paths}"
        if b_paths - a_paths:
            message += f"\nPaths in `b` missing in `a`:\n{b_paths - a_paths}"
        raise ValueError(message)


def map_structure_up_to(shallow_structure, func, *structures):
    """`func` applied to the parts of `structures` found at the leaves of
    `shallow_structure` (deeper parts are passed whole).

    Example:
        >>> map_structure_up_to([0, 0], len, [[1, 2], (3,)])
        [2, 1]
    """
    if not structures:
        raise ValueError("Must provide at least one structure")

    def walk(shallow, parts):
        found = _children(shallow)
        if found is None:
            if shallow is None:  # Keras (through optree) takes a None here for a node
                raise ValueError("Structures don't have the same nested structure.")
            return func(*parts)
        keys, values = found
        picked = []
        for part in parts:
            part_found = _children(part)
            same_kind = type(part) is type(shallow) or (
                isinstance(part, dict) and isinstance(shallow, dict)
            )
            if part_found is None or not same_kind or part_found[0] != keys:
                raise ValueError("Structures don't have the same nested structure.")
            picked.append(part_found[1])
        return _rebuild(shallow, [walk(v, [p[i] for p in picked]) for i, v in enumerate(values)])

    return walk(shallow_structure, structures)


def traverse(func, structure, top_down=True):
    """Applies `func` to every substructure (containers and leaves).

    Top-down, a non-None result replaces that substructure and its children are not
    visited; None means "visit the children". Bottom-up, `func` sees each container
    already rebuilt from its traversed children, and None keeps it. A result of
    `MAP_TO_NONE` puts None in its place.
    """

    def children():
        found = _children(structure)
        if found is None or not found[1]:
            return structure
        return _rebuild(structure, [traverse(func, v, top_down) for v in found[1]])

    if top_down:
        result = func(structure)
        if result is None:
            return children()
    else:
        traversed = children()
        result = func(traversed)
        if result is None:
            return traversed
    return None if result is MAP_TO_NONE else result


def lists_to_tuples(structure):
    """`structure` with every list, at any depth, turned into a tuple."""
    return traverse(lambda x: tuple(x) if isinstance(x, list) else None, structure, top_down=False)


def map_shape_structure(func, structure):
    """`func` applied to every shape in `structure`: lists or tuples of ints and Nones are
    shapes (leaves), other containers are walked."""

    def is_shape(x):
        return isinstance(x, (list, tuple)) and all(isinstance(e, (int, type(None))) for e in x)

    def walk(x):
        found = _children(x)
        if is_shape(x) or found is None:
            return func(x)
        return _rebuild(x, [walk(v) for v in found[1]])

    return walk(structure)
