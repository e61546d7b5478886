"""The arguments and data of `fit`, `evaluate` and `predict`, checked and normalised as
Keras 3 does before a loop starts (`verbose`, `batch_size`, array data and its cardinality,
`class_weight`, `validation_data` and `validation_freq`), the groups of batches that
`steps_per_execution` makes, and the logs callbacks receive."""

import numpy as np

from nnext._core import Tensor
from nnext.keras import backend, tree
from nnext.keras.trainers import data_adapters
from nnext.keras.utils import batching


def resolve_verbose(verbose):
    if verbose == "auto":
        return 1
    if verbose not in (0, 1, 2):
        raise ValueError(f"`verbose` should be 'auto', 0, 1 or 2. Received: verbose={verbose}")
    return verbose


def check_batch_size(batch_size):
    if batch_size is None:
        return 32
    if not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
        raise ValueError(
            f"`batch_size` should be a positive integer. Received: batch_size={batch_size}"
        )
    return int(batch_size)


def as_arrays(data):
    """NumPy views of the arrays in `data`, whatever its structure (None stays None)."""
    if isinstance(data, (list, tuple, dict)):
        return tree.map_structure(batching.as_array, data)
    return batching.as_array(data)


def batch_size(x):
    first = x if isinstance(x, Tensor) else tree.flatten(x)[0]
    return first.shape[0]


def as_logs(values):
    """Logs as callbacks and History see them: nested dicts merged in, one-element tensors
    as floats, keys sorted (as Keras's `pythonify_logs`)."""
    flat = {}
    for key, value in values.items():
        if isinstance(value, dict):
            flat.update(value)
        else:
            flat[key] = value
    return {key: as_float(flat[key]) for key in sorted(flat)}


def as_float(value):
    if (
        isinstance(value, Tensor)
        and value.ndim == 0
        or isinstance(value, (float, int, np.floating, np.integer))
    ):
        return backend.to_float(value)
    return value


def _plain_batch(x, y, sample_weight, class_weight):
    """Whether the data is one array of inputs and at most one of targets, with as many
    samples: nothing to convert, name or weigh (the hot path of `train_on_batch`)."""
    return (
        type(x) is np.ndarray
        and x.ndim > 0
        and sample_weight is None
        and class_weight is None
        and (y is None or type(y) is np.ndarray and y.ndim > 0 and len(y) == len(x))
    )


def prepare_data(x, y, sample_weight, class_weight=None):
    if _plain_batch(x, y, sample_weight, class_weight):
        return x, y, None
    if x is None:
        raise ValueError("Unexpected value for `x`: None. Pass the input data.")
    x, y, sample_weight = as_arrays(x), as_arrays(y), as_arrays(sample_weight)
    named = {"x": x, "y": y, "sample_weight": sample_weight}
    if any(tree.is_nested(value) for value in named.values()):  # name every array
        named = {
            f"{name}[{i}]" if len(tree.flatten(value)) > 1 else name: leaf
            for name, value in named.items()
            if value is not None
            for i, leaf in enumerate(tree.flatten(value))
        }
    batching.check_cardinality(**{k: v for k, v in named.items() if v is not None})
    if class_weight is not None:
        if y is None:
            raise ValueError("`class_weight` needs target data `y`.")
        if tree.is_nested(y):
            raise ValueError("`class_weight` is only supported for Models with a single output.")
        classes = y.argmax(-1) if y.ndim > 1 and y.shape[-1] > 1 else y.reshape(len(y), -1)[:, 0]
        weights = np.array([class_weight.get(int(c), 1.0) for c in classes], dtype=np.float32)
        sample_weight = weights if sample_weight is None else sample_weight * weights
    return x, y, sample_weight


def unpack_validation_data(data):
    if not data_adapters.is_array_input(data):
        return data, None, None
    if not isinstance(data, (list, tuple)) or len(data) not in (2, 3):
        raise ValueError(
            "`validation_data` should be a tuple `(x_val, y_val)` or "
            "`(x_val, y_val, val_sample_weight)`. "
            f"Received: validation_data={type(data).__name__} of length "
            f"{len(data) if hasattr(data, '__len__') else '?'}"
        )
    vx, vy = data[0], data[1]
    vsw = data[2] if len(data) == 3 else None
    return prepare_data(vx, vy, vsw)


def should_validate(epoch, validation_freq):
    if isinstance(validation_freq, int):
        return (epoch + 1) % validation_freq == 0
    return epoch + 1 in validation_freq


def check_steps_per_execution(steps_per_execution):
    """`compile`'s steps_per_execution: a positive int."""
    if isinstance(steps_per_execution, bool) or not isinstance(steps_per_execution, int):
        raise TypeError(
            "`steps_per_execution` must be an int. "
            f"Received: steps_per_execution={steps_per_execution!r}"
        )
    if steps_per_execution < 1:
        raise ValueError(
            "`steps_per_execution` must be a positive integer. "
            f"Received: steps_per_execution={steps_per_execution}"
        )
    return steps_per_execution


def executions(enumerated_batches, steps_per_execution):
    """Keras's executions: `(begin_step, end_step, batches)` for each group of
    `steps_per_execution` consecutive batches. As Keras, `end_step` is
    `begin_step + steps_per_execution - 1` even when the epoch's last group is shorter."""
    group, begin = [], 0
    for step, batch in enumerated_batches:
        if not group:
            begin = step
        group.append(batch)
        if len(group) == steps_per_execution:
            yield begin, begin + steps_per_execution - 1, group
            group = []
    if group:
        yield begin, begin + steps_per_execution - 1, group


def concatenated(outputs):
    """Batches of predictions (matching structures of arrays) joined along the batch axis."""
    return tree.map_structure(lambda *parts: np.concatenate(parts, axis=0), *outputs)
