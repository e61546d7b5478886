"""`keras.tree`: walking nested structures of lists, tuples and dicts.

Dicts are walked in sorted key order, as Keras (through optree) walks them, so a flattened
dict of outputs lines up with a flattened dict of losses.
"""

__all__ = ["flatten", "is_nested", "map_structure", "pack_sequence_as"]


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
