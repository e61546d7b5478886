"""Index plans: the elements of `from_tensor_slices` pipelines as row indices into the
sliced tensors, so that `batch` reads a whole batch with one gather (or a zero-copy slice).

A plan's `blocks()` yields, per iteration, blocks of row indices: Python `range`s while the
order is the natural one, int64 NumPy arrays once it is shuffled. Shuffle, repeat, take,
skip and shard rewrite the block stream; they never touch the data.
"""

import numpy as np

from nnext import _core
from nnext.data import structure


class IndexPlan:
    """Rows of `sources` (flat list of tensors sliced along axis 0, nested as `element`)
    in the order `blocks()` gives."""

    def __init__(self, sources, element, blocks):
        self.sources = sources
        self.element = element
        self.blocks = blocks
        self._pack = structure.packer(element)

    def derive(self, blocks):
        """The same sources read in the order of another block stream."""
        return IndexPlan(self.sources, self.element, blocks)

    def rows(self):
        """The elements one by one (views of single rows)."""
        sources, pack = self.sources, self._pack
        for block in self.blocks():
            for i in block:
                i = int(i)
                yield pack([t[i] for t in sources])

    def batches(self, batch_size, drop_remainder):
        """The elements `batch_size` rows at a time: one slice or one gather per tensor."""
        pending, have = [], 0
        for block in self.blocks():
            start, size = 0, len(block)
            while start < size:
                piece = block[start : start + batch_size - have]
                start += len(piece)
                pending.append(piece)
                have += len(piece)
                if have == batch_size:
                    yield self._read(pending)
                    pending, have = [], 0
        if have and not drop_remainder:
            yield self._read(pending)

    def _read(self, pieces):
        if len(pieces) == 1 and isinstance(pieces[0], range) and pieces[0].step == 1:
            r = pieces[0]
            return self._pack([t[r.start : r.stop] for t in self.sources])
        rows = np.concatenate([np.asarray(p, dtype=np.int64) for p in pieces])
        rows = _core.convert_to_tensor(rows)
        # axis=None: along axis 0, with batch_dims 0.
        return self._pack([structure.take_rows(t, rows) for t in self.sources])


def slice_blocks(blocks, start, stop):
    """The positions `start <= p < stop` (stop None: no end) of a block stream."""
    position = 0
    for block in blocks:
        n = len(block)
        lo, hi = max(start - position, 0), n if stop is None else min(stop - position, n)
        if lo < hi:
            yield block[lo:hi]
        position += n
        if stop is not None and position >= stop:
            return


def shard_blocks(blocks, num_shards, index):
    """Every `num_shards`-th position starting at `index`, across block boundaries."""
    position = 0
    for block in blocks:
        first = (index - position) % num_shards
        if first < len(block):
            yield block[first::num_shards]
        position += len(block)
