"""`pack_x_y_sample_weight` and `unpack_x_y_sample_weight`: the tuple forms a batch of data
takes (`x`, `(x,)`, `(x, y)`, `(x, y, sample_weight)`), as custom `train_step`s use them."""


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """The shortest tuple holding what is given: `x` (or `(x,)` when `x` is itself a
    tuple or list), `(x, y)` or `(x, y, sample_weight)`.

    Example:
        >>> keras.utils.pack_x_y_sample_weight(x, y)
        (x, y)
    """
    if y is None:
        return (x,) if isinstance(x, (tuple, list)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def unpack_x_y_sample_weight(data):
    """`(x, y, sample_weight)` from any of the packed forms, with None for what is missing.

    Example:
        >>> x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return (data, None, None)
    if len(data) == 1:
        return (data[0], None, None)
    if len(data) == 2:
        return (data[0], data[1], None)
    if len(data) == 3:
        return data
    raise ValueError(
        "Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`, "
        f"found: {data}"
    )
