"""`GradientReducer`: sums the gradients of every rank in buckets of a few MiB.

Each dtype gets one flat, persistent buffer holding every variable's gradient (and one
presence flag per variable). A step copies each gradient tensor's memory (a NumPy view, no
conversion) into its slice of the buffer, multiplied by this rank's weight in the same pass,
and starts a non-blocking allreduce of each bucket as soon as the bucket is full, so that
packing the next bucket overlaps the sum of this one (as DistributedDataParallel's buckets).
The summed gradients go to the optimizer as tensors over the buffer's slices (no copy out).

Buckets follow the variables in reverse, the order backward produces their gradients, and
cut at variable boundaries; a variable larger than a bucket travels alone.
"""

import numpy as np

from nnext import _core

BUCKET_BYTES = (
    4 << 20
)  # ~4 MiB: large enough to reach the link's bandwidth, small enough to overlap


class _Group:
    """The variables of one dtype: their flat buffer, slices and buckets."""

    def __init__(self, dtype, members, bucket_bytes):
        self.dtype = dtype
        self.members = members  # [(index in the variable list, shape, size)]
        total = sum(size for _, _, size in members)
        # Presence flags after the gradients: the sum says on how many ranks a gradient
        # existed, so a rank with an empty shard still agrees on which ones are None.
        self.buffer = np.zeros(total + len(members), dtype=dtype)
        self.slices, offset = [], 0
        for _, shape, size in members:
            self.slices.append(self.buffer[offset : offset + size].reshape(shape))
            offset += size
        self.flags = self.buffer[total:]
        self.buckets = self._buckets(bucket_bytes)

    def _buckets(self, bucket_bytes):
        """`[(start, stop, member positions)]` over the buffer, in reverse variable order."""
        limit = max(1, bucket_bytes // self.dtype.itemsize)
        offsets = np.cumsum([0] + [size for _, _, size in self.members])
        buckets, stop, positions = [], int(offsets[-1]), []
        start = stop
        for pos in reversed(range(len(self.members))):
            begin = int(offsets[pos])
            if positions and stop - begin > limit:
                buckets.append((start, stop, positions))
                stop, positions = start, []
            start, positions = begin, positions + [pos]
        if positions:
            buckets.append((start, stop, positions))
        # The flags (set before any bucket leaves) ride with the first bucket, which holds
        # the end of the gradients.
        if buckets:
            start, _, positions = buckets[0]
            buckets[0] = (start, len(self.buffer), positions)
        else:
            buckets.append((0, len(self.buffer), []))
        return buckets


class GradientReducer:
    """Sums gradients over the ranks of `comm` for a fixed list of `variables`.

    Args:
        comm: a communicator (`nnext.distribute.comm`).
        variables: the variables the gradients belong to, in order.
        bucket_bytes: the size a bucket is closed at.
    """

    def __init__(self, comm, variables, bucket_bytes=BUCKET_BYTES):
        self.comm = comm
        self.key = tuple(id(v) for v in variables)
        self.num_variables = len(variables)
        by_dtype = {}
        for i, v in enumerate(variables):
            dtype = np.dtype(v.dtype.name if hasattr(v.dtype, "name") else str(v.dtype))
            shape = tuple(int(d) for d in v.shape)
            by_dtype.setdefault(dtype, []).append((i, shape, int(np.prod(shape, dtype=np.int64))))
        # Every rank lists the dtypes in the same order (sorted by name).
        self.groups = [
            _Group(dtype, by_dtype[dtype], bucket_bytes) for dtype in sorted(by_dtype, key=str)
        ]

    @property
    def nbytes(self):
        """Bytes sent per step (gradients and flags)."""
        return sum(g.buffer.nbytes for g in self.groups)

    def reduce(self, grads, weight=1.0):
        """`sum over ranks of weight_r * grads_r`, one tensor per variable (None where no rank
        had a gradient)."""
        if len(grads) != self.num_variables:
            raise ValueError(
                f"Expected {self.num_variables} gradients, one per variable; received {len(grads)}"
            )
        requests = []
        for group in self.groups:
            for pos, (index, _, _) in enumerate(group.members):
                group.flags[pos] = 0 if grads[index] is None else 1
            scale = group.dtype.type(weight)
            for start, stop, positions in group.buckets:
                for pos in positions:
                    _pack(grads[group.members[pos][0]], group.slices[pos], scale)
                requests.append(self.comm.iallreduce_sum(group.buffer[start:stop]))
        self.comm.wait_all(requests)
        out = [None] * self.num_variables
        for group in self.groups:
            for pos, (index, _, _) in enumerate(group.members):
                if group.flags[pos] > 0:
                    out[index] = _core.convert_to_tensor(group.slices[pos])
        return out


def _pack(grad, dst, scale):
    """`dst = grad * scale` in one pass over `grad`'s own memory (zeros for None)."""
    if grad is None:
        dst.fill(0)
        return
    src = np.from_dlpack(grad) if isinstance(grad, _core.Tensor) else np.asarray(grad)
    if src.shape != dst.shape:
        raise ValueError(
            f"Gradient of shape {tuple(src.shape)} does not match its variable's shape "
            f"{tuple(dst.shape)}"
        )
    if scale == 1:
        np.copyto(dst, src, casting="same_kind")
    else:
        np.multiply(src, scale, out=dst, casting="same_kind")
