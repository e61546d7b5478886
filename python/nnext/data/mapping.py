"""Transformations that run user functions: map (sequential or on a thread pool), filter,
flat_map, interleave, take_while, scan; and unique and ignore_errors.

A user function sees an element's tuple unpacked into arguments (`fn(x, y)`); a dict or a
single tensor arrives as one argument. Eager nnext has no tracing, so the element spec of a
map is learned from its first result, and only when it is asked for.
"""

import warnings
import weakref
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

import numpy as np

from nnext import _core, dtypes
from nnext.data import structure
from nnext.data.constants import AUTOTUNE, INFINITE_CARDINALITY, parallelism
from nnext.data.dataset import Dataset
from nnext.tensor_spec import TensorSpec


def call(fn, element):
    """`fn` on an element as tf.data calls it: a plain tuple is unpacked into arguments."""
    if type(element) is tuple:
        return fn(*element)
    return fn(element)


class _FunctionDataset(Dataset):
    """A transformation whose element spec is known only once its function has run."""

    def __init__(self, input_dataset):
        self._input = input_dataset

    def _spec_is_static(self):
        return "_spec" in self.__dict__

    def _compute_spec(self):
        # Two results, so that a dimension that varies between elements shows as None.
        iterator = self._iterator()
        try:
            first = [e for _, e in zip(range(2), iterator)]
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                close()
        if not first:
            raise ValueError(
                f"The element_spec of a {type(self).__name__} over an empty dataset is unknown "
                "in nnext: the function never ran."
            )
        spec = structure.spec_of(first[0])
        if len(first) == 2 and structure.same_structure(first[0], first[1]):
            spec = structure.relaxed_spec(spec, structure.spec_of(first[1]))
        return _relax(spec, self._input)


def _relax(spec, input_dataset):
    """A spec learned from one result, with the first dimension unknown wherever the input's
    batch dimension is unknown (a map over `batch()` keeps `None` batch dims)."""
    if not input_dataset._spec_is_static():
        return spec
    flat_in = structure.flatten(input_dataset.element_spec)
    if not flat_in or any(
        not isinstance(s, TensorSpec) or not s.shape or s.shape[0] is not None for s in flat_in
    ):
        return spec
    return structure.map_structure(
        lambda s: TensorSpec((None,) + s.shape[1:], s.dtype) if s.shape else s, spec
    )


class _MapDataset(_FunctionDataset):
    """`map(map_func)`, one element at a time."""

    def __init__(self, input_dataset, map_func, workers=None, deterministic=None):
        super().__init__(input_dataset)
        self._fn = map_func
        self._workers = workers
        self._deterministic = deterministic

    def _cardinality(self):
        return self._input._cardinality()

    def _apply(self, element):
        return structure.normalize(call(self._fn, element))

    def _iterator(self):
        upstream = self._input._iterator()
        if self._workers is None:
            return _MapIterator(upstream, self._apply)
        deterministic = self._deterministic
        if deterministic is None:
            deterministic = self.options().deterministic is not False
        return _ParallelMapIterator(upstream, self._apply, self._workers, deterministic)


class _ParallelMapDataset(_MapDataset):
    """`map(map_func, num_parallel_calls=n)`: calls on `n` threads."""


def map_dataset(input_dataset, map_func, num_parallel_calls, deterministic):
    if num_parallel_calls is None:
        return _MapDataset(input_dataset, map_func)
    n = int(num_parallel_calls)
    if n <= 0 and n != AUTOTUNE:
        raise ValueError(
            "`num_parallel_calls` must be a positive integer or `tf.data.AUTOTUNE`. "
            f"Received: num_parallel_calls={num_parallel_calls}"
        )
    workers = parallelism(n)
    if workers == 1:
        return _MapDataset(input_dataset, map_func)
    return _ParallelMapDataset(input_dataset, map_func, workers, deterministic)


class _MapIterator:
    """Applies a function element by element; an element whose function raises is lost but
    the iterator goes on (so `ignore_errors` can skip it)."""

    def __init__(self, upstream, apply):
        self._upstream = upstream
        self._apply = apply

    def __iter__(self):
        return self

    def __next__(self):
        return self._apply(next(self._upstream))

    def close(self):
        close = getattr(self._upstream, "close", None)
        if close is not None:
            close()


class _ParallelMapIterator(_MapIterator):
    """Keeps up to `2 * workers` calls in flight on a thread pool and hands results back in
    input order (or as they finish when not deterministic). A failed call re-raises its own
    exception, with its traceback, at its place in the order."""

    def __init__(self, upstream, apply, workers, deterministic):
        super().__init__(upstream, apply)
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="nnext.data.map")
        self._pending = deque()
        self._limit = 2 * workers
        self._deterministic = deterministic
        self._exhausted = False
        # Stops the threads when the iterator is dropped without close() (a `break`).
        self._finalizer = weakref.finalize(self, _shutdown, self._pool)

    def _fill(self):
        while not self._exhausted and len(self._pending) < self._limit:
            try:
                element = next(self._upstream)
            except StopIteration:
                self._exhausted = True
                return
            except Exception as error:  # noqa: BLE001 -- the input failed: report it in order
                failed = Future()
                failed.set_exception(error)
                self._pending.append(failed)
                return
            self._pending.append(self._pool.submit(self._apply, element))

    def __next__(self):
        self._fill()
        if not self._pending:
            self.close()
            raise StopIteration
        if self._deterministic:
            future = self._pending.popleft()
        else:
            done, _ = wait(self._pending, return_when=FIRST_COMPLETED)
            future = next(f for f in self._pending if f in done)
            self._pending.remove(future)
        return future.result()

    def close(self):
        self._exhausted = True
        self._pending.clear()
        self._finalizer()
        super().close()


def _shutdown(pool):
    pool.shutdown(wait=True, cancel_futures=True)


class _FilterDataset(_FunctionDataset):
    """`filter(predicate)`."""

    def __init__(self, input_dataset, predicate):
        super().__init__(input_dataset)
        self._predicate = predicate

    def _compute_spec(self):
        return self._input.element_spec

    def _spec_is_static(self):
        return self._input._spec_is_static()

    def _iterator(self):
        return _FilterIterator(self._input._iterator(), self._predicate)


def _truth(value, what):
    """A predicate's result as a Python bool; it must be a scalar boolean."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    t = value if isinstance(value, _core.Tensor) else _core.convert_to_tensor(value)
    if t.dtype != dtypes.bool or t.ndim != 0:
        raise ValueError(
            f"Invalid `{what}`. `{what}` must return a `tf.bool` scalar tensor, but its "
            f"return type is {TensorSpec.from_tensor(t)}."
        )
    return bool(t)


class _FilterIterator(_MapIterator):
    def __init__(self, upstream, predicate):
        super().__init__(upstream, None)
        self._predicate = predicate

    def __next__(self):
        while True:
            element = next(self._upstream)
            if _truth(call(self._predicate, element), "predicate"):
                return element


class _TakeWhileDataset(_FilterDataset):
    """`take_while(predicate)`."""

    def _iterator(self):
        for element in self._input:
            if not _truth(call(self._predicate, element), "predicate"):
                return
            yield element


def _check_returns_dataset(result):
    if not isinstance(result, Dataset):
        raise TypeError(
            "The `map_func` argument must return a `Dataset` object. Got "
            f"{type(result).__name__!r}."
        )
    return result


class _FlatMapDataset(_FunctionDataset):
    """`flat_map(map_func)`: the datasets `map_func` returns, concatenated."""

    def __init__(self, input_dataset, map_func):
        super().__init__(input_dataset)
        self._fn = map_func

    def _iterator(self):
        for element in self._input:
            yield from _check_returns_dataset(call(self._fn, element))


class _InterleaveDataset(_FunctionDataset):
    """`interleave(map_func, cycle_length, block_length)`, in TensorFlow's order: a cycle of
    `cycle_length` open datasets, `block_length` elements from each in turn; a finished one
    is replaced by the dataset of the next input element when the cycle comes back to it."""

    def __init__(self, input_dataset, map_func, cycle_length, block_length, parallel=False):
        super().__init__(input_dataset)
        self._fn = map_func
        self._parallel = parallel
        if cycle_length is None or cycle_length == AUTOTUNE:
            cycle_length = parallelism(AUTOTUNE)
        if int(cycle_length) <= 0:
            raise ValueError(f"`cycle_length` must be positive. Received: {cycle_length}")
        block_length = 1 if block_length is None else int(block_length)
        if block_length <= 0:
            raise ValueError(f"`block_length` must be positive. Received: {block_length}")
        self._cycle, self._block = int(cycle_length), block_length

    def _iterator(self):
        inputs = iter(self._input)
        slots = [None] * self._cycle
        open_count, index, taken, input_done = 0, 0, 0, False
        while not input_done or open_count:
            current = slots[index]
            if current is not None:
                element = next(current, _END)
                if element is not _END:
                    yield element
                    taken += 1
                    if taken == self._block:
                        taken, index = 0, (index + 1) % self._cycle
                    continue
                slots[index], open_count = None, open_count - 1
                taken, index = 0, (index + 1) % self._cycle
            elif not input_done:
                element = next(inputs, _END)
                if element is _END:
                    input_done = True
                else:
                    opened = _check_returns_dataset(call(self._fn, element))
                    if self._parallel:  # each open dataset fills its next block on a thread
                        opened = opened.prefetch(self._block)
                    slots[index] = iter(opened)
                    open_count += 1
            else:
                taken, index = 0, (index + 1) % self._cycle


_END = object()


class _ParallelInterleaveDataset(_InterleaveDataset):
    """`interleave(..., num_parallel_calls=n)`: the same order, each open dataset read ahead
    on its own thread."""


def interleave_dataset(input_dataset, map_func, cycle_length, block_length, num_parallel_calls):
    if num_parallel_calls is None:
        return _InterleaveDataset(input_dataset, map_func, cycle_length, block_length)
    return _ParallelInterleaveDataset(
        input_dataset, map_func, cycle_length, block_length, parallel=True
    )


class _ScanDataset(_FunctionDataset):
    """`scan(initial_state, scan_func)`: `(state, output) = scan_func(state, element)`."""

    def __init__(self, input_dataset, initial_state, scan_func):
        super().__init__(input_dataset)
        self._initial = structure.normalize(initial_state)
        self._fn = scan_func

    def _cardinality(self):
        return self._input._cardinality()

    def _iterator(self):
        state = self._initial
        for element in self._input:
            result = self._fn(state, element)
            if not isinstance(result, (tuple, list)) or len(result) != 2:
                raise TypeError("The scan function must return a pair `(new_state, output)`.")
            state = structure.normalize(result[0])
            yield structure.normalize(result[1])


class _UniqueDataset(Dataset):
    """`unique()`: each distinct scalar once, in order of first appearance."""

    def __init__(self, input_dataset):
        self._input = input_dataset
        if input_dataset._spec_is_static():
            self._compute_spec()

    def _spec_is_static(self):
        return self._input._spec_is_static()

    def _compute_spec(self):
        spec = self._input.element_spec
        if not isinstance(spec, TensorSpec):
            raise TypeError(
                "`tf.data.Dataset.unique` does not support structured datasets "
                "and only supports datasets whose elements are single tensors."
            )
        if spec.dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError(
                f"`tf.data.Dataset.unique` does not support type {spec.dtype} -- "
                "only `tf.int32`, `tf.int64`, and `tf.string` are supported."
            )
        return spec

    def _iterator(self):
        seen = set()
        for element in self._input:
            key = int(element)
            if key not in seen:
                seen.add(key)
                yield element


class _IgnoreErrorsDataset(Dataset):
    """`ignore_errors()`: elements whose production raised are dropped."""

    def __init__(self, input_dataset, log_warning):
        self._input = input_dataset
        self._log = log_warning

    def _compute_spec(self):
        return self._input.element_spec

    def _spec_is_static(self):
        return self._input._spec_is_static()

    def _cardinality(self):
        n = self._input._cardinality()
        return n if n == INFINITE_CARDINALITY else -2

    def _iterator(self):
        upstream = self._input._iterator()
        try:
            while True:
                try:
                    yield next(upstream)
                except StopIteration:
                    return
                except Exception as error:  # noqa: BLE001 -- dropping errors is the point
                    if self._log:
                        warnings.warn(f"Ignoring error: {error!r}", stacklevel=2)
        finally:
            close = getattr(upstream, "close", None)
            if close is not None:
                close()


MapDataset = map_dataset
FilterDataset = _FilterDataset
TakeWhileDataset = _TakeWhileDataset
FlatMapDataset = _FlatMapDataset
InterleaveDataset = interleave_dataset
ScanDataset = _ScanDataset
UniqueDataset = _UniqueDataset
IgnoreErrorsDataset = _IgnoreErrorsDataset
