"""The key argument of a table's methods: checked against the table's key dtype with
TensorFlow's errors, then taken as a NumPy array."""

from nnext import _core, dtypes, string_tensor
from nnext.lookup._store import as_array


def tensor_dtype(value):
    """The dtype of a tensor (string or numeric), or None for a Python/NumPy value."""
    if isinstance(value, _core.Tensor) or string_tensor.is_string_tensor(value):
        return value.dtype
    return None


def keys_of(keys, key_dtype):
    """Keys of a static table's `lookup`: a tensor must have the key dtype (TypeError, as
    TensorFlow's); Python values are converted to it."""
    given = tensor_dtype(keys)
    if given is not None and given != key_dtype:
        raise TypeError(f"Dtype of argument `keys` must be {key_dtype}, received: {given}")
    return as_array(keys, key_dtype)


def converted_keys(keys, key_dtype, what="keys"):
    """Keys a mutable table converts (`convert_to_tensor(keys, dtype=key_dtype)`): a
    tensor of another dtype is TensorFlow's conversion ValueError."""
    given = tensor_dtype(keys)
    if given is not None and given != key_dtype:
        raise ValueError(
            f"Tensor conversion requested dtype {dtypes.as_dtype(key_dtype).name} for Tensor "
            f"with dtype {given.name}: {keys!r}"
        )
    return as_array(keys, key_dtype)
