"""``tf.signal.frame`` and ``tf.signal.overlap_and_add``: a signal cut into (overlapping)
frames and frames added back into a signal. Both are one gather of the input with an index
table built in NumPy, so both are differentiable (the gradient of a gather is a scatter-add).
Also ``fftshift``/``ifftshift``, which are rolls of real tensors.
"""

import numpy as np

from nnext import _core, slicing

__all__ = ["fftshift", "frame", "ifftshift", "overlap_and_add"]


def _tensor(value):
    return value if isinstance(value, _core.Tensor) else _core.convert_to_tensor(value)


def _scalar_int(value, name, op):
    """A Python int from an int or a 0-d integer tensor (ValueError if not a scalar)."""
    array = value.numpy() if isinstance(value, _core.Tensor) else np.asarray(value)
    if array.ndim != 0:
        raise ValueError(f"{op}: `{name}` must be a scalar, got shape {array.shape}")
    if not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"{name} must be an integer. Got {array.dtype}")
    return int(array)


def frame(signal, frame_length, frame_step, pad_end=False, pad_value=0, axis=-1, name=None):
    """Expands ``signal``'s ``axis`` into frames of ``frame_length`` samples, ``frame_step``
    apart: the axis of ``N`` samples becomes two axes ``[num_frames, frame_length]``.

    Without ``pad_end`` only frames that lie wholly inside the signal are made,
    ``num_frames = max(0, 1 + (N - frame_length) // frame_step)``; with it the end is padded
    with ``pad_value`` so that every frame start inside the signal gives a frame,
    ``num_frames = ceil(N / frame_step)``.

    Args:
        signal: a ``[..., samples, ...]`` tensor of rank at least 1.
        frame_length: the frame length in samples (an int or 0-d integer tensor).
        frame_step: the hop between frame starts in samples (positive).
        pad_end: whether to pad the end of the signal with ``pad_value``.
        pad_value: the scalar used for the padding.
        axis: the axis to frame (negative counts from the end).
        name: unused (TensorFlow's op name).

    Returns:
        A tensor of shape ``[..., num_frames, frame_length, ...]``.

    Raises:
        ValueError: ``frame_length``, ``frame_step``, ``pad_value`` or ``axis`` is not a
            scalar, ``frame_step`` is not positive or ``frame_length`` is negative, or
            ``signal`` is a scalar.

    Example:
        >>> tf.signal.frame(tf.range(7), 3, 2).numpy()
        array([[0, 1, 2],
               [2, 3, 4],
               [4, 5, 6]], dtype=int32)
    """
    x = _tensor(signal)
    length = _scalar_int(frame_length, "frame_length", "frame")
    step = _scalar_int(frame_step, "frame_step", "frame")
    axis = _scalar_int(axis, "axis", "frame")
    if x.ndim < 1:
        raise ValueError("frame: Shape must be at least rank 1 but is rank 0")
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"frame: axis {axis} is out of range for a tensor of rank {x.ndim}")
    if step <= 0 or length < 0:
        raise ValueError(
            f"frame: `frame_step` must be positive and `frame_length` non-negative, "
            f"got frame_length={length}, frame_step={step}"
        )
    axis %= x.ndim
    samples = x.shape[axis]
    if pad_end:
        if np.ndim(pad_value.numpy() if isinstance(pad_value, _core.Tensor) else pad_value):
            raise ValueError("frame: `pad_value` must be a scalar")
        num_frames = -(-samples // step)
        extra = max(0, length + step * (num_frames - 1) - samples)
        if extra:
            paddings = [[0, 0]] * x.ndim
            paddings[axis] = [0, extra]
            value = pad_value.numpy() if isinstance(pad_value, _core.Tensor) else pad_value
            x = _core.pad(x, paddings, "CONSTANT", float(value))
    else:
        num_frames = max(0, 1 + (samples - length) // step)
    index = np.arange(num_frames, dtype=np.int64)[:, None] * step + np.arange(length)[None]
    return _core.gather(x, index, axis)


def overlap_and_add(signal, frame_step, name=None):
    """Adds the frames of ``signal`` (``[..., frames, frame_length]``), each shifted
    ``frame_step`` samples past the one before: the inverse of ``frame`` up to the overlap.

    ``output[..., t] = sum_f signal[..., f, t - f * frame_step]`` over the frames that cover
    ``t``; the output has ``(frames - 1) * frame_step + frame_length`` samples.

    Args:
        signal: a ``[..., frames, frame_length]`` tensor of rank at least 2.
        frame_step: an integer (or 0-d integer tensor) offset between frames.
        name: unused (TensorFlow's op name).

    Returns:
        A ``[..., output_size]`` tensor of ``signal``'s dtype.

    Raises:
        ValueError: ``signal``'s rank is below 2, or ``frame_step`` is not a scalar integer.

    Example:
        >>> tf.signal.overlap_and_add(tf.ones([3, 4]), 2).numpy()
        array([1., 1., 2., 2., 2., 2., 1., 1.], dtype=float32)
    """
    x = _tensor(signal)
    if x.ndim < 2:
        raise ValueError(f"overlap_and_add: Shape must be at least rank 2 but is rank {x.ndim}")
    step = _scalar_int(frame_step, "frame_step", "overlap_and_add")
    if step <= 0:
        raise ValueError(f"overlap_and_add: `frame_step` must be positive, got {step}")
    outer = list(x.shape[:-2])
    frames, length = x.shape[-2], x.shape[-1]
    output_length = max(0, length + step * (frames - 1))
    if step == length:
        return _core.reshape(x, outer + [output_length])
    # Output sample t gathers frame f = t // step - s at offset t - f * step for each of the
    # `segments` frames that can cover it; misses point at one appended zero.
    segments = -(-length // step) if length else 0
    t = np.arange(output_length, dtype=np.int64)[:, None]
    f = t // step - np.arange(segments, dtype=np.int64)[None]
    offset = t - f * step
    valid = (f >= 0) & (f < frames) & (offset < length)
    index = np.where(valid, f * length + offset, frames * length)
    flat = _core.reshape(x, outer + [frames * length])
    flat = _core.pad(flat, [[0, 0]] * len(outer) + [[0, 1]], "CONSTANT", 0.0)
    out = _core.reduce_sum(_core.gather(flat, index, len(outer)), [-1])
    # nnext sums integers in int64; TensorFlow keeps the signal's dtype.
    return out if out.dtype == x.dtype else _core.cast(out, x.dtype.name)


def _shift(x, axes, sign):
    x = _tensor(x)
    if axes is None:
        axes = list(range(x.ndim))
    elif isinstance(axes, (int, np.integer)):
        axes = [int(axes)]
    axes = [int(a) for a in axes]
    if not axes:
        return x
    return slicing.roll(x, [sign * (x.shape[a] // 2) for a in axes], axes)


def fftshift(x, axes=None, name=None):
    """Rolls each of ``axes`` by half its length so that the zero-frequency term of an FFT's
    output moves to the centre, as ``numpy.fft.fftshift`` (``roll`` by ``dim // 2``).

    Args:
        x: a tensor.
        axes: an int or a list of ints; None shifts every axis.
        name: unused (TensorFlow's op name).

    Returns:
        ``x`` rolled, same shape and dtype.

    Example:
        >>> tf.signal.fftshift([0, 1, 2, 3, 4]).numpy()
        array([3, 4, 0, 1, 2], dtype=int32)
    """
    return _shift(x, axes, 1)


def ifftshift(x, axes=None, name=None):
    """The inverse of ``fftshift``: rolls each of ``axes`` by ``-(dim // 2)``, as
    ``numpy.fft.ifftshift``.

    Args:
        x: a tensor.
        axes: an int or a list of ints; None shifts every axis.
        name: unused (TensorFlow's op name).

    Returns:
        ``x`` rolled, same shape and dtype.

    Example:
        >>> tf.signal.ifftshift([3, 4, 0, 1, 2]).numpy()
        array([0, 1, 2, 3, 4], dtype=int32)
    """
    return _shift(x, axes, -1)
