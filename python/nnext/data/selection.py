"""Order and selection: shuffle, repeat, take, skip, shard.

Over a `from_tensor_slices` source each of them rewrites the index plan (row indices), so
the data is only read when `batch` gathers it.
"""

import itertools

import numpy as np

from nnext.data.constants import INFINITE_CARDINALITY, UNKNOWN_CARDINALITY
from nnext.data.dataset import Dataset
from nnext.data.errors import InvalidArgumentError
from nnext.data.index_plan import shard_blocks, slice_blocks
from nnext.data.seeds import draw_seed, iteration_seed

# Outputs of the shuffle buffer are computed this many at a time over index plans.
_SHUFFLE_CHUNK = 8192


class _UnaryDataset(Dataset):
    """A transformation of one input dataset that keeps its element spec."""

    def __init__(self, input_dataset):
        self._input = input_dataset

    def _compute_spec(self):
        return self._input.element_spec

    def _spec_is_static(self):
        return self._input._spec_is_static()

    def _plan_blocks(self, blocks_of_input):
        """This dataset's block stream given a fresh block stream of the input."""
        return blocks_of_input()

    def _index_plan(self):
        plan = self._input._index_plan()
        if plan is None:
            return None
        return plan.derive(lambda: self._plan_blocks(plan.blocks))

    def _elements(self, input_iterator_fn):
        """This dataset's elements given a fresh iterator of the input's."""
        return input_iterator_fn()

    def _iterator(self):
        plan = self._index_plan()
        if plan is not None:
            return plan.rows()
        return self._elements(lambda: iter(self._input))


class _ShuffleDataset(_UnaryDataset):
    """`shuffle(buffer_size, seed, reshuffle_each_iteration)`: TensorFlow's buffer algorithm.

    The buffer holds `buffer_size` elements; each output is a uniformly chosen slot, which
    the next input element then fills; at the end of the input the rest of the buffer comes
    out in random order.
    """

    def __init__(self, input_dataset, buffer_size, seed, reshuffle_each_iteration):
        super().__init__(input_dataset)
        buffer_size = int(buffer_size)
        if buffer_size <= 0:
            raise InvalidArgumentError("buffer_size must be greater than zero.")
        self._buffer_size = buffer_size
        self._seed = draw_seed(seed)
        self._reshuffle = reshuffle_each_iteration is None or bool(reshuffle_each_iteration)
        self._iterations = itertools.count()

    def _cardinality(self):
        return self._input._cardinality()

    def _rng(self):
        iteration = next(self._iterations) if self._reshuffle else 0
        return np.random.default_rng(iteration_seed(self._seed, iteration))

    def _plan_blocks(self, blocks_of_input):
        rng, k = self._rng(), self._buffer_size
        incoming = _chunks((np.asarray(b, dtype=np.int64) for b in blocks_of_input()), k)
        buffer = next(incoming, None)
        if buffer is None:
            return
        if len(buffer) < k:  # the whole input fits in the buffer
            yield rng.permutation(buffer)
            return
        for chunk in _chunks(incoming, _SHUFFLE_CHUNK):
            out, buffer = _shuffle_step(buffer, chunk, rng)
            yield out
        yield rng.permutation(buffer)

    def _elements(self, input_iterator_fn):
        rng, k = self._rng(), self._buffer_size
        buffer = []
        draws = iter(())
        for element in input_iterator_fn():
            if len(buffer) < k:
                buffer.append(element)
                continue
            j = next(draws, None)
            if j is None:
                draws = iter(rng.integers(0, k, _SHUFFLE_CHUNK).tolist())
                j = next(draws)
            out, buffer[j] = buffer[j], element
            yield out
        for j in rng.permutation(len(buffer)).tolist():
            yield buffer[j]


def _chunks(arrays, size):
    """Re-cuts a stream of int64 arrays into arrays of `size` (the last may be shorter)."""
    pending, have = [], 0
    for a in arrays:
        while len(a):
            take = a[: size - have]
            a = a[len(take) :]
            pending.append(take)
            have += len(take)
            if have == size:
                yield np.concatenate(pending)
                pending, have = [], 0
    if have:
        yield np.concatenate(pending)


def _shuffle_step(buffer, incoming, rng):
    """`len(incoming)` steady-state steps of the shuffle buffer, vectorised.

    Step t outputs slot r[t] and stores incoming[t] there. Grouping the steps by slot (a
    stable sort keeps their order), the first hit of a slot outputs the buffer's value and
    every later hit outputs what the previous hit of that slot stored.
    """
    k, m = len(buffer), len(incoming)
    slots = rng.integers(0, k, m)
    order = np.argsort(slots, kind="stable")
    sorted_slots = slots[order]
    first_hit = np.ones(m, dtype=bool)
    first_hit[1:] = sorted_slots[1:] != sorted_slots[:-1]
    out = np.empty(m, dtype=np.int64)
    out[order[first_hit]] = buffer[sorted_slots[first_hit]]
    later = ~first_hit
    out[order[later]] = incoming[order[np.flatnonzero(later) - 1]]
    last_hit = np.ones(m, dtype=bool)
    last_hit[:-1] = sorted_slots[1:] != sorted_slots[:-1]
    buffer = buffer.copy()
    buffer[sorted_slots[last_hit]] = incoming[order[last_hit]]
    return out, buffer


class _RepeatDataset(_UnaryDataset):
    """`repeat(count)`: None or -1 repeats forever (an empty input stays empty)."""

    def __init__(self, input_dataset, count):
        super().__init__(input_dataset)
        self._count = -1 if count is None else int(count)

    def _cardinality(self):
        n = self._input._cardinality()
        if self._count < 0:
            return 0 if n == 0 else INFINITE_CARDINALITY
        if self._count == 0:
            return 0
        if n in (INFINITE_CARDINALITY, UNKNOWN_CARDINALITY):
            return n
        return self._count * n

    def _passes(self, one_pass):
        passes = itertools.count() if self._count < 0 else range(self._count)
        for _ in passes:
            produced = False
            for item in one_pass():
                produced = True
                yield item
            if not produced:
                return

    def _plan_blocks(self, blocks_of_input):
        return self._passes(blocks_of_input)

    def _elements(self, input_iterator_fn):
        return self._passes(input_iterator_fn)


class _TakeDataset(_UnaryDataset):
    """`take(count)`: -1 takes everything."""

    def __init__(self, input_dataset, count):
        super().__init__(input_dataset)
        self._count = int(count)

    def _cardinality(self):
        n = self._input._cardinality()
        if n == UNKNOWN_CARDINALITY:
            return n
        if self._count < 0:
            return n
        if n == INFINITE_CARDINALITY:
            return self._count
        return min(n, self._count)

    def _plan_blocks(self, blocks_of_input):
        if self._count < 0:
            return blocks_of_input()
        return slice_blocks(blocks_of_input(), 0, self._count)

    def _elements(self, input_iterator_fn):
        if self._count == 0:
            return iter(())
        iterator = input_iterator_fn()
        return iterator if self._count < 0 else itertools.islice(iterator, self._count)


class _SkipDataset(_UnaryDataset):
    """`skip(count)`: -1 skips everything."""

    def __init__(self, input_dataset, count):
        super().__init__(input_dataset)
        self._count = int(count)

    def _cardinality(self):
        n = self._input._cardinality()
        if n in (INFINITE_CARDINALITY, UNKNOWN_CARDINALITY):
            return n
        return 0 if self._count < 0 else max(n - self._count, 0)

    def _plan_blocks(self, blocks_of_input):
        if self._count < 0:
            return iter(())
        return slice_blocks(blocks_of_input(), self._count, None)

    def _elements(self, input_iterator_fn):
        if self._count < 0:
            for _ in input_iterator_fn():
                pass
            return iter(())
        return itertools.islice(input_iterator_fn(), self._count, None)


class _ShardDataset(_UnaryDataset):
    """`shard(num_shards, index)`: elements `index, index + num_shards, ...`."""

    def __init__(self, input_dataset, num_shards, index):
        super().__init__(input_dataset)
        num_shards, index = int(num_shards), int(index)
        if num_shards <= 0:
            raise InvalidArgumentError(
                f"Number of shards must be greater than zero (currently num_shards = {num_shards})."
            )
        if not 0 <= index < num_shards:
            raise InvalidArgumentError(
                f"Index must be between 0 and {num_shards - 1} (currently index = {index})."
            )
        self._num_shards, self._index = num_shards, index

    def _cardinality(self):
        n = self._input._cardinality()
        if n in (INFINITE_CARDINALITY, UNKNOWN_CARDINALITY):
            return n
        return n // self._num_shards + (1 if n % self._num_shards > self._index else 0)

    def _plan_blocks(self, blocks_of_input):
        return shard_blocks(blocks_of_input(), self._num_shards, self._index)

    def _elements(self, input_iterator_fn):
        return itertools.islice(input_iterator_fn(), self._index, None, self._num_shards)


ShuffleDataset = _ShuffleDataset
RepeatDataset = _RepeatDataset
TakeDataset = _TakeDataset
SkipDataset = _SkipDataset
ShardDataset = _ShardDataset
