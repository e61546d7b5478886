"""Nested dataset elements: tuples (namedtuples too) and dicts of tensors, as `tf.nest` walks
them for `tf.data`.

A list is not a structure here: `from_tensor_slices([a, b])` stacks the list into one
tensor, as TensorFlow does. Dicts are walked in sorted key order and rebuilt in the caller's.
"""

import numpy as np

from nnext import _core, creation, string_array_ops, string_tensor
from nnext.tensor_spec import TensorSpec, most_specific_common_shape

_END = object()


def is_nested(structure):
    return isinstance(structure, (tuple, dict))


def flatten(structure):
    """The leaves of `structure` in order."""
    if isinstance(structure, tuple):
        return [leaf for item in structure for leaf in flatten(item)]
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in flatten(structure[key])]
    return [structure]


def pack_as(structure, flat):
    """Rebuilds `structure` with the leaves of `flat`, taken in `flatten` order."""
    leaves = iter(flat)
    packed = _pack(structure, leaves)
    if next(leaves, _END) is not _END:
        raise ValueError("pack_as: more values than the structure has leaves")
    return packed


def _pack(structure, leaves):
    if isinstance(structure, tuple):
        items = [_pack(item, leaves) for item in structure]
        return type(structure)(*items) if hasattr(structure, "_fields") else tuple(items)
    if isinstance(structure, dict):
        packed = {key: _pack(structure[key], leaves) for key in sorted(structure)}
        return {key: packed[key] for key in structure}
    value = next(leaves, _END)
    if value is _END:
        raise ValueError("pack_as: fewer values than the structure has leaves")
    return value


def packer(structure):
    """A fast `flat -> element` function for one fixed structure (used per element)."""
    if not is_nested(structure):
        return lambda flat: flat[0]
    if type(structure) is tuple and not any(is_nested(s) for s in structure):
        return tuple
    return lambda flat: pack_as(structure, flat)


def map_structure(fn, *structures):
    """`fn` applied leaf by leaf across structures of the same shape."""
    flats = [flatten(s) for s in structures]
    return pack_as(structures[0], [fn(*leaves) for leaves in zip(*flats)])


def same_structure(a, b):
    """True when `a` and `b` nest the same way (same container types, lengths and keys)."""
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (
            isinstance(a, tuple)
            and isinstance(b, tuple)
            and len(a) == len(b)
            and all(same_structure(x, y) for x, y in zip(a, b))
        )
    if isinstance(a, dict) or isinstance(b, dict):
        return (
            isinstance(a, dict)
            and isinstance(b, dict)
            and sorted(a) == sorted(b)
            and all(same_structure(a[k], b[k]) for k in a)
        )
    return True


def to_tensor(value, dtype=None):
    """A leaf as an nnext Tensor: NumPy arrays are wrapped without a copy where possible,
    Python numbers and lists follow `nnext.constant` (floats float32, ints int32)."""
    if isinstance(value, _core.Tensor) and dtype is None:
        return value
    return creation.convert_to_tensor(value, dtype=dtype)


def tensor_from_array(array):
    """A NumPy array built from elements (a batch, a generator's value) as a tensor: a
    string tensor when it holds strings."""
    if array.dtype.kind in "OSU":
        return string_tensor.convert(array)
    return _core.convert_to_tensor(array)


def take_rows(t, rows):
    """The rows `rows` (an int64 tensor) of `t` along axis 0, for string tensors too."""
    if string_tensor.is_string_tensor(t):
        return string_array_ops.gather(t, rows, None, 0)
    return _core.gather(t, rows, None, 0)


def normalize(element):
    """Every leaf of `element` as a Tensor; lists become tuples at the top level of a
    function's result, as `tf.data` treats a returned list."""
    if isinstance(element, list):
        element = tuple(element)
    if isinstance(element, tuple):
        items = [normalize_leaves(item) for item in element]
        return type(element)(*items) if hasattr(element, "_fields") else tuple(items)
    return normalize_leaves(element)


def normalize_leaves(element):
    """Every leaf as a Tensor (a list inside is one tensor, stacked)."""
    if isinstance(element, _core.Tensor):
        return element
    if isinstance(element, tuple):
        items = [normalize_leaves(item) for item in element]
        return type(element)(*items) if hasattr(element, "_fields") else tuple(items)
    if isinstance(element, dict):
        return {key: normalize_leaves(value) for key, value in element.items()}
    if element is None:
        raise TypeError("tf.data elements cannot be None: every leaf must be a tensor.")
    return to_tensor(element)


def spec_of(element):
    """The structure of `TensorSpec`s describing `element` exactly."""
    return map_structure(lambda t: TensorSpec(tuple(t.shape), t.dtype), element)


def relaxed_spec(spec_a, spec_b):
    """The narrowest spec describing both structures of specs (dims that differ -> None)."""
    return map_structure(
        lambda a, b: TensorSpec(most_specific_common_shape(a.shape, b.shape), a.dtype),
        spec_a,
        spec_b,
    )


def have_common_supertype(spec_a, spec_b):
    """True when two structures of specs nest alike and agree on dtypes (shapes that differ
    relax to None dims or an unknown rank, as TensorFlow's common supertype does)."""
    if not same_structure(spec_a, spec_b):
        return False
    for a, b in zip(flatten(spec_a), flatten(spec_b)):
        if type(a) is not type(b):
            return False
        if isinstance(a, TensorSpec) and a.dtype != b.dtype:
            return False
    return True


def to_numpy(element):
    """`element` with every Tensor leaf as a NumPy array (sharing memory where it can); a
    scalar becomes a NumPy scalar, as TensorFlow's `.numpy()` returns."""
    return map_structure(_leaf_to_numpy, element)


def _leaf_to_numpy(t):
    a = t.numpy() if isinstance(t, _core.Tensor) else np.asarray(t)
    return a[()] if a.ndim == 0 else a
