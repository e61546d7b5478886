"""`tf.summary` writers and ops, TensorFlow 2's eager behaviour.

A thread-local state holds the default writer, the default step and the recording
condition (`record_if`). `write` records one tensor under a tag when a default writer is
set and the condition holds; `scalar`, `histogram`, `image` and `text` build the tensors
and the plugin metadata TensorBoard's summary_v2 functions write (a float32 scalar, a
`[k, 3]` float64 bucket table, `[width, height, png...]` strings, string tensors).
"""

import atexit
import contextlib
import os
import re
import threading
import time
import weakref

import numpy as np

from nnext.creation import constant
from nnext.eager_compat import get_current_name_scope
from nnext.summary import event_file, png

__all__ = [
    "SummaryWriter",
    "create_file_writer",
    "create_noop_writer",
    "flush",
    "get_step",
    "histogram",
    "image",
    "record_if",
    "scalar",
    "set_step",
    "should_record_summaries",
    "summary_scope",
    "text",
    "write",
]

DEFAULT_BUCKET_COUNT = 30


class _SummaryState(threading.local):
    def __init__(self):
        self.writer = None
        self.step = None
        self.is_recording = None  # None: record whenever a writer is set


_state = _SummaryState()


def _numpy(value):
    """`value` (a Tensor, Variable, NumPy array or Python value) as a NumPy array."""
    if hasattr(value, "numpy"):
        value = value.numpy()
    return np.asarray(value)


def _resolve(condition):
    """A recording condition (bool, bool tensor, callable or None) as a Python bool."""
    if callable(condition):
        condition = condition()
    if condition is None:
        return True
    return bool(_numpy(condition))


class SummaryWriter:
    """The interface of summary writers: `as_default` makes one the writer that
    `tf.summary.scalar` and the other summary ops write to.

    `tf.summary.create_file_writer` returns one writing event files;
    `tf.summary.create_noop_writer` one that writes nothing.

    Example:
        >>> writer = tf.summary.create_file_writer("logs")
        >>> with writer.as_default(step=0):
        ...     tf.summary.scalar("loss", 0.5)
    """

    def set_as_default(self, step=None):
        """Make this writer the default one of the current thread (until another is set).

        Args:
            step: if not None, also the default step of the summary ops.
        """
        self.as_default(step).__enter__()

    def as_default(self, step=None):
        """A context manager that makes this writer the default one while it is open,
        and flushes it on exit.

        Args:
            step: if not None, the default step inside the context (the previous default
                is restored on exit).
        """
        return _SummaryContextManager(self, step)

    def init(self):
        """Initialize the writer's resources."""
        raise NotImplementedError()

    def flush(self):
        """Write what the writer holds to storage."""
        raise NotImplementedError()

    def close(self):
        """Flush and close the writer."""
        raise NotImplementedError()


class _SummaryContextManager:
    def __init__(self, writer, step=None):
        self._writer = writer
        self._step = step
        self._old_writer = None
        self._old_step = None

    def __enter__(self):
        self._old_writer = _state.writer
        _state.writer = self._writer
        if self._step is not None:
            self._old_step = _state.step
            _state.step = self._step
        return self._writer

    def __exit__(self, *exc):
        self._writer.flush()
        _state.writer = self._old_writer
        if self._step is not None:
            _state.step = self._old_step
        return False


_LIVE_WRITERS = weakref.WeakSet()


@atexit.register
def _flush_live_writers():
    for writer in list(_LIVE_WRITERS):
        writer.flush()


class _FileSummaryWriter(SummaryWriter):
    """Writes events to one event file in `logdir`, keeping up to `max_queue` events in
    memory: it flushes when the queue grows past `max_queue` or `flush_millis` have gone by
    since the last flush (TensorFlow's rule), on `flush`, `close`, leaving `as_default`,
    and at interpreter exit."""

    def __init__(self, logdir, max_queue, flush_millis, filename_suffix):
        self._logdir = logdir
        self._max_queue = max_queue
        self._flush_millis = flush_millis
        self._filename_suffix = filename_suffix
        self._queue = []
        self._last_flush = time.monotonic()
        self._closed = False
        self._file = event_file.EventFileWriter(logdir, filename_suffix=filename_suffix)
        _LIVE_WRITERS.add(self)

    def __repr__(self):
        return f"<SummaryWriter logdir={self._logdir!r}>"

    def __del__(self):  # as TensorFlow's writer resource: flushed and closed when freed
        if not getattr(self, "_closed", True):
            self.close()

    def _check_open(self):
        if self._closed:
            raise RuntimeError(f"SummaryWriter {self!r} is already closed")

    def set_as_default(self, step=None):
        """Make this writer the default one (RuntimeError if it is closed)."""
        self._check_open()
        super().set_as_default(step)

    def as_default(self, step=None):
        """The context manager of `SummaryWriter.as_default` (RuntimeError if closed)."""
        self._check_open()
        return super().as_default(step)

    def init(self):
        """Nothing to do: the event file is created with the writer (RuntimeError if
        the writer is closed)."""
        self._check_open()

    def _write_event(self, data):
        self._check_open()
        self._queue.append(data)
        elapsed_ms = (time.monotonic() - self._last_flush) * 1000.0
        if len(self._queue) > self._max_queue or elapsed_ms > self._flush_millis:
            self.flush()

    def flush(self):
        """Write the queued events to the event file (nothing once closed)."""
        if self._closed:
            return
        for data in self._queue:
            self._file.write_event(data)
        self._queue = []
        self._file.flush()
        self._last_flush = time.monotonic()

    def close(self):
        """Flush and close the event file; the writer cannot be used afterwards."""
        if self._closed:
            return
        self.flush()
        self._file.close()
        self._closed = True
        _LIVE_WRITERS.discard(self)


class _NoopSummaryWriter(SummaryWriter):
    """A writer that writes nothing; `as_default` leaves the default writer as it is."""

    def set_as_default(self, step=None):
        """Does nothing."""

    @contextlib.contextmanager
    def as_default(self, step=None):
        """A context manager that does nothing."""
        yield

    def init(self):
        """Does nothing."""

    def flush(self):
        """Does nothing."""

    def close(self):
        """Does nothing."""


def create_file_writer(
    logdir,
    max_queue=None,
    flush_millis=None,
    filename_suffix=None,
    name=None,
    experimental_trackable=False,
    experimental_mesh=None,
):
    """Create a summary writer for an event file in `logdir` (created if needed).

    Args:
        logdir: the folder of the event file.
        max_queue: the most events held in memory before a flush; 10 by default.
        flush_millis: the longest time between flushes, in milliseconds; 120000 by default.
        filename_suffix: the end of the event file's name; `.v2` by default.
        name: unused (TensorFlow's op name).
        experimental_trackable: accepted for TensorFlow programs; no effect.
        experimental_mesh: accepted for TensorFlow programs (DTensor); must be None.

    Returns:
        A `SummaryWriter`.

    Raises:
        ValueError: if `logdir` is None.

    Example:
        >>> writer = tf.summary.create_file_writer("logs/train")
        >>> with writer.as_default():
        ...     for step in range(3):
        ...         tf.summary.scalar("loss", 1.0 / (step + 1), step=step)
    """
    del name, experimental_trackable
    if logdir is None:
        raise ValueError("Argument `logdir` cannot be None")
    if experimental_mesh is not None:
        raise ValueError("nnext has no DTensor meshes: `experimental_mesh` must be None")
    logdir = _numpy(logdir).item() if hasattr(logdir, "numpy") else os.fspath(logdir)
    if isinstance(logdir, bytes):
        logdir = logdir.decode()
    max_queue = 10 if max_queue is None else int(_numpy(max_queue))
    flush_millis = 2 * 60 * 1000 if flush_millis is None else int(_numpy(flush_millis))
    filename_suffix = ".v2" if filename_suffix is None else str(filename_suffix)
    return _FileSummaryWriter(logdir, max_queue, flush_millis, filename_suffix)


def create_noop_writer():
    """A `SummaryWriter` that writes nothing (its `as_default` changes nothing)."""
    return _NoopSummaryWriter()


def flush(writer=None, name=None):
    """Write what `writer` (the default writer when None) holds to storage.

    Args:
        writer: a `SummaryWriter`, or None for the default one (nothing happens when
            there is none).
        name: unused (TensorFlow's op name).

    Raises:
        ValueError: if `writer` is not a `SummaryWriter`.
    """
    del name
    if writer is None:
        writer = _state.writer
        if writer is None:
            return None
    if isinstance(writer, SummaryWriter):
        return writer.flush()
    raise ValueError(f"Invalid argument to flush(): {writer!r}")


@contextlib.contextmanager
def record_if(condition):
    """A context manager that turns summary recording on or off while it is open.

    Args:
        condition: True, False, a boolean scalar tensor, or a callable returning one
            (called at each summary, so `lambda: step % 100 == 0` works).

    Example:
        >>> with writer.as_default(), tf.summary.record_if(False):
        ...     tf.summary.scalar("loss", 0.5, step=0)  # not written: returns False
    """
    old = _state.is_recording
    try:
        _state.is_recording = condition
        yield
    finally:
        _state.is_recording = old


def should_record_summaries():
    """A boolean scalar tensor: whether the summary ops would write now (a default
    writer is set and the `record_if` condition, True outside any, holds)."""
    if _state.writer is None:
        return constant(False)
    return constant(_resolve(_state.is_recording))


def get_step():
    """The default summary step of the current thread (`set_step`, or `as_default`'s
    `step`); None when none is set."""
    return _state.step


def set_step(step):
    """Set the default summary step of the current thread.

    Args:
        step: an int64-castable value (an integer, a tensor or a Variable, read at each
            write), or None to unset it.
    """
    _state.step = step


_INVALID_SCOPE_CHARACTERS = re.compile(r"[^-_/.A-Za-z0-9]")


@contextlib.contextmanager
def summary_scope(name, default_name="summary", values=None):
    """A context manager yielding `(tag, scope)` for a summary named `name`: the tag is
    `name` under the current name scope (`outer/inner/name`).

    Args:
        name: the summary's name.
        default_name: used when `name` is empty.
        values: unused (TensorFlow's graph inputs).
    """
    del values
    name = name or default_name
    current = get_current_name_scope()
    tag = f"{current}/{name}" if current else name
    scope_name = _INVALID_SCOPE_CHARACTERS.sub("", name) or default_name
    yield tag, f"{current}/{scope_name}/" if current else f"{scope_name}/"


def _step_value(step):
    if step is None:
        step = _state.step
    if step is None:
        raise ValueError(
            "No step set. Please specify one either through the `step` argument or "
            "through tf.summary.experimental.set_step()"
        )
    return int(_numpy(step))


def _serialized(metadata):
    if metadata is None:
        return b""
    if hasattr(metadata, "SerializeToString"):
        return metadata.SerializeToString()
    if isinstance(metadata, (bytes, bytearray)):
        return bytes(metadata)
    raise TypeError(
        "metadata must be a SummaryMetadata protobuf or its serialized bytes. Received: "
        f"{metadata!r}"
    )


def write(tag, tensor, step=None, metadata=None, name=None):
    """Write `tensor` under `tag` to the default writer.

    Args:
        tag: the summary's tag.
        tensor: a tensor (any dtype, strings included) or a callable returning one,
            called only when the summary is written.
        step: the int64 step; the default step (`tf.summary.experimental.set_step`)
            when None.
        metadata: a `SummaryMetadata` protobuf, its serialized bytes, or None.
        name: unused (TensorFlow's op name).

    Returns:
        A boolean scalar tensor: True when written, False when there is no default
        writer or recording is off.

    Raises:
        ValueError: if the summary is written and no step is given or set.
    """
    del name
    writer = _state.writer
    if writer is None or not _resolve(_state.is_recording):
        return constant(False)
    serialized = _serialized(metadata)
    step = _step_value(step)
    value = tensor() if callable(tensor) else tensor
    array = value if isinstance(value, np.ndarray) else _numpy(value)
    tag = _numpy(tag).item() if hasattr(tag, "numpy") else tag
    tag = tag.decode() if isinstance(tag, bytes) else str(tag)
    summary = event_file.tensor_value(tag, array, serialized)
    writer._write_event(event_file.event(step=step, summary_values=[summary]))
    return constant(True)


def scalar(name, data, step=None, description=None):
    """Write a scalar (as float32) for TensorBoard's Scalars dashboard.

    Args:
        name: the summary's name; the tag is it under the current name scope.
        data: a real scalar (Python number, 0-d array or tensor).
        step: the int64 step; the default step when None.
        description: an optional Markdown description.

    Returns:
        A boolean scalar tensor: True when written, False with no default writer.

    Raises:
        ValueError: if `data` is not a scalar, or no step is given or set.
    """
    with summary_scope(name, "scalar_summary") as (tag, _):
        array = _numpy(data)
        if array.shape != ():
            raise ValueError(f"Expected scalar shape for data, saw shape: {array.shape}.")
        if array.dtype.kind not in "biuf":
            raise TypeError(f"Cannot cast {array.dtype} data to float32")
        metadata = event_file.summary_metadata("scalars", description=description)
        return write(tag, array.astype(np.float32), step=step, metadata=metadata)


def histogram_buckets(data, bucket_count=None):
    """The `[bucket_count, 3]` float64 table `[left, right, count]` TensorBoard's
    histogram summary v2 writes: equal-width buckets over [min, max] (the last one
    closed), all buckets at the single value (its count in the last) when min == max,
    zeros when `data` is empty, and no rows when `bucket_count` is 0."""
    bucket_count = DEFAULT_BUCKET_COUNT if bucket_count is None else int(bucket_count)
    bucket_count = max(0, bucket_count)
    data = _numpy(data).astype(np.float64).ravel()
    if data.size == 0 or bucket_count == 0:
        return np.zeros((bucket_count, 3), np.float64)
    lo, hi = data.min(), data.max()
    if hi - lo == 0:
        counts = np.zeros(bucket_count, np.float64)
        counts[-1] = data.size
        edges = np.full(bucket_count, hi)
        return np.stack([edges, edges, counts], axis=1)
    width = (hi - lo) / np.float64(bucket_count)
    indices = np.minimum(np.floor((data - lo) / width).astype(np.int32), bucket_count - 1)
    counts = np.bincount(indices, minlength=bucket_count).astype(np.float64)
    edges = np.linspace(lo, hi, bucket_count + 1)  # its last edge is `hi` exactly
    return np.stack([edges[:-1], edges[1:], counts], axis=1)


def histogram(name, data, step=None, buckets=None, description=None):
    """Write a histogram of `data`'s elements for TensorBoard's Histograms and
    Distributions dashboards.

    Args:
        name: the summary's name; the tag is it under the current name scope.
        data: a tensor of any shape, castable to float64.
        step: the int64 step; the default step when None.
        buckets: the number of buckets; 30 by default.
        description: an optional Markdown description.

    Returns:
        A boolean scalar tensor: True when written, False with no default writer.

    Raises:
        ValueError: if no step is given or set.
    """
    with summary_scope(name, "histogram_summary") as (tag, _):
        metadata = event_file.summary_metadata("histograms", description=description)
        return write(tag, lambda: histogram_buckets(data, buckets), step, metadata)


def image(name, data, step=None, max_outputs=3, description=None):
    """Write images, PNG-encoded, for TensorBoard's Images dashboard.

    Args:
        name: the summary's name; the tag is it under the current name scope.
        data: a `[k, height, width, channels]` tensor, channels 1 to 4; floats are
            taken in [0, 1] (clipped), integers converted as `convert_image_dtype`.
        step: the int64 step; the default step when None.
        max_outputs: at most this many of the `k` images are written (the first ones).
        description: an optional Markdown description.

    Returns:
        A boolean scalar tensor: True when written, False with no default writer.

    Raises:
        ValueError: if `data` is not of rank 4 or `max_outputs` is negative, or no step
            is given or set.
    """

    def encoded():
        images = _numpy(data)
        if images.ndim != 4:
            raise ValueError(f"Images must be of rank 4, got shape {images.shape}")
        count = int(_numpy(max_outputs))
        if count < 0:
            raise ValueError(f"max_outputs must be non-negative, got {count}")
        images = png.to_uint8(images)
        strings = [str(images.shape[2]).encode(), str(images.shape[1]).encode()]
        strings += [png.encode_png(one) for one in images[:count]]
        return np.array(strings, dtype=object)

    with summary_scope(name, "image_summary") as (tag, _):
        metadata = event_file.summary_metadata("images", description=description)
        return write(tag, encoded, step, metadata)


def text(name, data, step=None, description=None):
    """Write text (a string tensor of any shape; Markdown) for TensorBoard's Text
    dashboard.

    Args:
        name: the summary's name; the tag is it under the current name scope.
        data: a string, bytes, or a NumPy array / nested list of them.
        step: the int64 step; the default step when None.
        description: an optional Markdown description.

    Returns:
        A boolean scalar tensor: True when written, False with no default writer.

    Raises:
        TypeError: if `data` is not of strings.
        ValueError: if no step is given or set.
    """
    with summary_scope(name, "text_summary") as (tag, _):
        array = np.asarray(data, dtype=object) if not hasattr(data, "numpy") else _numpy(data)
        if array.size and not all(isinstance(item, (str, bytes)) for item in array.ravel()):
            raise TypeError(f"tf.summary.text takes string data. Received: {data!r}")
        metadata = event_file.summary_metadata("text", description=description)
        return write(tag, array, step=step, metadata=metadata)
