"""Helpers shared by the data adapters: unpacking `(x, y, sample_weight)`, class weights."""

import numpy as np

from nnext import _core


def unpack_x_y_sample_weight(data):
    """`x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)` as a triple (None where absent)."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return (data, None, None)
    if len(data) == 1:
        return (data[0], None, None)
    if len(data) == 2:
        return (data[0], data[1], None)
    if len(data) == 3:
        return (data[0], data[1], data[2])
    raise ValueError(
        "Data is expected to be in format `x`, `(x,)`, `(x, y)`, "
        f"or `(x, y, sample_weight)`, found: {data}"
    )


def class_weight_to_sample_weights(y, class_weight):
    """Per-sample weights `class_weight[class of y]` (one-hot or sparse `y`; 1.0 for classes
    not in the dict), as Keras computes them."""
    y = y.numpy() if isinstance(y, _core.Tensor) else np.asarray(y)
    if y.ndim > 1:
        y = np.argmax(y, axis=-1) if y.shape[-1] != 1 else np.squeeze(y, axis=-1)
    classes = np.round(y).astype("int32")
    return np.array([class_weight.get(int(c), 1.0) for c in classes], dtype="float32")


def with_class_weight(batch, class_weight):
    """`(x, y, sample_weight)` with the class weights of `y` as its sample weights."""
    x, y, sample_weight = batch
    if class_weight is None:
        return batch
    if sample_weight is not None:
        raise ValueError("You cannot `class_weight` and `sample_weight` at the same time.")
    if isinstance(y, (list, tuple, dict)):
        raise ValueError(  # noqa: TRY004 -- Keras raises ValueError
            "`class_weight` is only supported for Models with a single output."
        )
    return x, y, class_weight_to_sample_weights(y, class_weight)


def raise_unsupported_arg(arg_name, arg_description, input_type):
    raise ValueError(
        f"When providing `x` as a {input_type}, `{arg_name}` "
        f"should not be passed. Instead, {arg_description} should "
        f"be included as part of the {input_type}."
    )
