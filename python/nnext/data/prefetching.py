"""`prefetch(buffer_size)`: a background thread fills a bounded queue, so the next element
is built (gathered, mapped) while the consumer trains on this one; nnext kernels release
the GIL, so the two really overlap.

The thread starts on the first `next()`, and stops when the iterator ends, is closed, or is
dropped half way (a `break`, an exception, garbage collection).
"""

import queue
import threading
import weakref

from nnext.data.constants import AUTOTUNE
from nnext.data.errors import InvalidArgumentError
from nnext.data.selection import _UnaryDataset

# What AUTOTUNE means here: enough to hide the time of producing one element behind
# consuming the previous one, without holding more memory than a couple of batches.
_AUTOTUNE_BUFFER = 2
# How often a producer blocked on a full queue looks whether it has been asked to stop.
_STOP_POLL_SECONDS = 0.05
# How long closing waits for a producer stuck inside its input (a blocked user generator):
# past that the daemon thread is left to finish on its own rather than hang the caller.
_JOIN_SECONDS = 10.0

_ITEM, _ERROR, _END = "item", "error", "end"


class _PrefetchDataset(_UnaryDataset):
    """`prefetch(buffer_size)`."""

    def __init__(self, input_dataset, buffer_size):
        super().__init__(input_dataset)
        buffer_size = int(buffer_size)
        if buffer_size == AUTOTUNE:
            buffer_size = _AUTOTUNE_BUFFER
        elif buffer_size < 0:
            raise InvalidArgumentError(
                f"`buffer_size` must be >= 0 or `tf.data.AUTOTUNE` (-1). Received: {buffer_size}"
            )
        self._buffer_size = buffer_size

    def _cardinality(self):
        return self._input._cardinality()

    def _index_plan(self):
        return None  # batches must be built on the background thread, not by a later batch

    def _iterator(self):
        if self._buffer_size == 0:
            return self._input._iterator()
        return _PrefetchIterator(self._input._iterator(), self._buffer_size)


class _PrefetchIterator:
    def __init__(self, upstream, buffer_size):
        self._upstream = upstream
        self._queue = queue.Queue(buffer_size)
        self._stop = threading.Event()
        self._thread = None
        self._finalizer = None
        self._done = False

    def __iter__(self):
        return self

    def _start(self):
        upstream, self._upstream = self._upstream, None
        self._thread = threading.Thread(
            target=_produce,
            args=(upstream, self._queue, self._stop),
            name="nnext.data.prefetch",
            daemon=True,
        )
        self._thread.start()
        self._finalizer = weakref.finalize(
            self, _stop_producer, self._thread, self._queue, self._stop
        )

    def __next__(self):
        if self._done:
            raise StopIteration
        if self._thread is None:
            self._start()
        kind, value = self._queue.get()
        if kind == _ITEM:
            return value
        if kind == _ERROR:
            raise value
        self.close()
        raise StopIteration

    def close(self):
        self._done = True
        if self._finalizer is not None:
            self._finalizer()
        elif self._upstream is not None:
            close = getattr(self._upstream, "close", None)
            self._upstream = None
            if close is not None:
                close()


def _produce(upstream, q, stop):
    try:
        while not stop.is_set():
            try:
                item = (_ITEM, next(upstream))
            except StopIteration:
                item = (_END, None)
            except Exception as error:  # noqa: BLE001 -- the consumer raises it
                item = (_ERROR, error)
            while not stop.is_set():
                try:
                    q.put(item, timeout=_STOP_POLL_SECONDS)
                    break
                except queue.Full:
                    continue
            if item[0] == _END:
                return
    finally:
        close = getattr(upstream, "close", None)
        if close is not None:
            close()


def _stop_producer(thread, q, stop):
    stop.set()
    while True:  # make room, so a producer blocked in put() sees the stop at once
        try:
            q.get_nowait()
        except queue.Empty:
            break
    if thread is not threading.current_thread():
        thread.join(_JOIN_SECONDS)


PrefetchDataset = _PrefetchDataset
