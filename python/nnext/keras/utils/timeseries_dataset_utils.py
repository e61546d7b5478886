"""`keras.utils.timeseries_dataset_from_array`: sliding windows over a sequence, as an
`nnext.data.Dataset` of batches.

The windows are never copied one by one: the start positions are batched and each batch of
windows is read with one gather of `(batch, sequence_length)` row indices.
"""

import numpy as np

from nnext import _core
from nnext.data import AUTOTUNE, Dataset

__all__ = ["timeseries_dataset_from_array"]


def timeseries_dataset_from_array(
    data,
    targets,
    sequence_length,
    sequence_stride=1,
    sampling_rate=1,
    batch_size=128,
    shuffle=False,
    seed=None,
    start_index=None,
    end_index=None,
    format="tf",
):
    """A dataset of sliding windows over `data` (and the target at each window's start).

    Window `i` holds `data[start + p_i + k * sampling_rate]` for `k < sequence_length`, where
    `p_i = i * sequence_stride`; its target is `targets[start + p_i]`.

    Args:
        data: array of timesteps along axis 0 (`data[start_index:end_index]` is used).
        targets: array with one target per timestep, or None.
        sequence_length: timesteps per window.
        sequence_stride: timesteps between the starts of successive windows.
        sampling_rate: timesteps between successive samples of one window.
        batch_size: windows per batch (None: unbatched windows).
        shuffle: shuffle the windows (with `seed`).
        start_index, end_index: the part of `data` to use (end excluded).

    Returns:
        A Dataset of `(windows, targets)` batches, or of `windows` when `targets` is None.

    Example:
        >>> ds = timeseries_dataset_from_array(np.arange(100), None, sequence_length=10)
    """
    n = len(data)
    if start_index:
        if start_index < 0:
            raise ValueError(
                f"`start_index` must be 0 or greater. Received: start_index={start_index}"
            )
        if start_index >= n:
            raise ValueError(
                "`start_index` must be lower than the length of the data. Received: "
                f"start_index={start_index}, for data of length {n}"
            )
    if end_index:
        if start_index and end_index <= start_index:
            raise ValueError(
                "`end_index` must be higher than `start_index`. Received: "
                f"start_index={start_index}, and end_index={end_index} "
            )
        if end_index >= n:
            raise ValueError(
                "`end_index` must be lower than the length of the data. Received: "
                f"end_index={end_index}, for data of length {n}"
            )
        if end_index <= 0:
            raise ValueError(f"`end_index` must be higher than 0. Received: end_index={end_index}")
    for name, value in (("sampling_rate", sampling_rate), ("sequence_stride", sequence_stride)):
        if value <= 0:
            raise ValueError(f"`{name}` must be higher than 0. Received: {name}={value}")
        if value >= n:
            raise ValueError(
                f"`{name}` must be lower than the length of the data. Received: "
                f"{name}={value}, for data of length {n}"
            )
    if format != "tf":
        raise ValueError(
            f'`format` should be either "tf" or "grain" (nnext has "tf"). Received: format={format}'
        )
    start_index = start_index or 0
    end_index = end_index or n
    num_seqs = end_index - start_index - (sequence_length - 1) * sampling_rate
    if targets is not None:
        num_seqs = min(num_seqs, len(targets))
    positions = np.arange(0, max(num_seqs, 0), sequence_stride, dtype=np.int64)
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(positions)

    steps = _as_tensor(data[start_index:end_index])
    offsets = np.arange(sequence_length, dtype=np.int64) * sampling_rate
    target_steps = None if targets is None else _as_tensor(targets[start_index:end_index])

    def read(batch_positions):
        starts = batch_positions.numpy()
        windows = _core.gather(steps, _core.convert_to_tensor(starts[..., None] + offsets), None, 0)
        if target_steps is None:
            return windows
        return windows, _core.gather(target_steps, batch_positions, None, 0)

    dataset = Dataset.from_tensor_slices(positions)
    if batch_size is not None:
        if shuffle:
            dataset = dataset.shuffle(buffer_size=batch_size * 8, seed=seed)
        dataset = dataset.batch(batch_size)
    elif shuffle:
        dataset = dataset.shuffle(buffer_size=1024, seed=seed)
    return dataset.map(read).prefetch(AUTOTUNE)


def _as_tensor(array):
    if isinstance(array, _core.Tensor):
        return array
    return _core.convert_to_tensor(np.ascontiguousarray(array))
