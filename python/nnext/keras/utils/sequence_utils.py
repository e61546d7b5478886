"""`pad_sequences`: a list of sequences of different lengths as one padded array."""

import numpy as np


def pad_sequences(
    sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre", value=0.0
):
    """Pads (or truncates) every sequence to `maxlen` items.

    Args:
        sequences: a list of sequences (lists or arrays; items may be arrays of one shape).
        maxlen: the common length (default: the longest sequence's).
        dtype: the output's dtype ('int32'; `object` for strings of any length).
        padding: 'pre' or 'post': where the padding goes.
        truncating: 'pre' or 'post': which end of a longer sequence is cut.
        value: the padding value.

    Returns:
        An array of shape `(len(sequences), maxlen) + item_shape`.

    Example:
        >>> keras.utils.pad_sequences([[1], [2, 3], [4, 5, 6]])
        array([[0, 0, 1],
               [0, 2, 3],
               [4, 5, 6]], dtype=int32)
    """
    if not hasattr(sequences, "__len__"):
        raise ValueError("`sequences` must be iterable.")
    lengths, item_shape, found_shape = [], (), False
    for s in sequences:
        try:
            lengths.append(len(s))
        except TypeError as e:
            raise ValueError(
                f"`sequences` must be a list of iterables. Found non-iterable: {s}"
            ) from e
        if not found_shape and len(s):
            item_shape, found_shape = np.asarray(s).shape[1:], True
    if maxlen is None:
        maxlen = int(np.max(lengths)) if lengths else 0
    is_text = np.issubdtype(dtype, np.str_) or np.issubdtype(dtype, np.bytes_)
    if isinstance(value, str) and dtype is not object and not is_text:
        raise ValueError(
            f"`dtype` {dtype} is not compatible with `value`'s type: {type(value)}\n"
            "You should set `dtype=object` for variable length strings."
        )
    out = np.full((len(sequences), maxlen) + item_shape, value, dtype=dtype)
    for i, s in enumerate(sequences):
        if not len(s):
            continue
        if truncating == "pre":
            kept = s[-maxlen:]
        elif truncating == "post":
            kept = s[:maxlen]
        else:
            raise ValueError(f'Truncating type "{truncating}" not understood')
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != item_shape:
            raise ValueError(
                f"Shape of sample {kept.shape[1:]} of sequence at position {i} is different "
                f"from expected shape {item_shape}"
            )
        if padding == "post":
            out[i, : len(kept)] = kept
        elif padding == "pre":
            out[i, -len(kept) :] = kept
        else:
            raise ValueError(f'Padding type "{padding}" not understood')
    return out
