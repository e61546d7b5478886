"""Batching: batch, padded_batch, unbatch, rebatch and window.

`batch` over a `from_tensor_slices` pipeline reads each batch with one slice or one gather
per tensor (the index plan); over anything else it stacks the elements' arrays once per
batch.
"""

import itertools
from collections import deque

import numpy as np

from nnext import _core
from nnext.data import structure
from nnext.data.constants import INFINITE_CARDINALITY, UNKNOWN_CARDINALITY
from nnext.data.dataset import Dataset, DatasetSpec
from nnext.data.errors import InvalidArgumentError
from nnext.data.sources import ElementsDataset
from nnext.tensor_spec import TensorSpec


def _check_positive(value, message):
    value = int(value)
    if value <= 0:
        raise InvalidArgumentError(message.format(value))
    return value


def _batched_spec(spec, batch_dim):
    def one(s):
        shape = None if s.shape is None else (batch_dim,) + s.shape
        return TensorSpec(shape, s.dtype)

    return structure.map_structure(one, spec)


def _stack(elements):
    """One batch from a list of elements: every component stacked along a new axis 0."""
    pack = structure.packer(elements[0])
    flats = [structure.flatten(e) for e in elements]
    out = []
    for c, column in enumerate(zip(*flats)):
        arrays = [np.asarray(t) for t in column]
        first = arrays[0].shape
        for i, a in enumerate(arrays):
            if a.shape != first:
                raise InvalidArgumentError(
                    f"Cannot batch tensors with different shapes in component {c}. First "
                    f"element had shape {list(first)} and element {i} had shape "
                    f"{list(a.shape)}."
                )
        out.append(structure.tensor_from_array(np.stack(arrays)))
    return pack(out)


def _batches_of(iterator, sizes, drop_remainder, make_batch):
    """Cuts `iterator` into lists of `next(sizes)` elements and builds each batch."""
    for size in sizes:
        chunk = list(itertools.islice(iterator, size))
        if not chunk or (len(chunk) < size and drop_remainder):
            return
        yield make_batch(chunk)
        if len(chunk) < size:
            return


class _InputDataset(Dataset):
    """A transformation of one input whose spec follows from the input's spec."""

    def __init__(self, input_dataset):
        self._input = input_dataset

    def _spec_is_static(self):
        return self._input._spec_is_static()


class _BatchDataset(_InputDataset):
    """`batch(batch_size, drop_remainder)`."""

    def __init__(self, input_dataset, batch_size, drop_remainder):
        super().__init__(input_dataset)
        self._batch_size = _check_positive(batch_size, "batch_size must be greater than zero.")
        self._drop = bool(drop_remainder)

    def _compute_spec(self):
        return _batched_spec(self._input.element_spec, self._batch_size if self._drop else None)

    def _cardinality(self):
        n = self._input._cardinality()
        if n < 0:
            return n
        return n // self._batch_size if self._drop else -(-n // self._batch_size)

    def _iterator(self):
        plan = self._input._index_plan()
        if plan is not None:
            return plan.batches(self._batch_size, self._drop)
        return _batches_of(
            iter(self._input), itertools.repeat(self._batch_size), self._drop, _stack
        )


class _PaddedBatchDataset(_InputDataset):
    """`padded_batch(batch_size, padded_shapes, padding_values, drop_remainder)`."""

    def __init__(self, input_dataset, batch_size, padded_shapes, padding_values, drop_remainder):
        super().__init__(input_dataset)
        self._batch_size = _check_positive(batch_size, "batch_size must be greater than zero.")
        self._drop = bool(drop_remainder)
        self._padded_shapes, self._padding_values = padded_shapes, padding_values
        self._config = None
        if self._spec_is_static():
            self._configure()

    def _configure(self):
        """The padded shape and padding value of every component, from the input spec."""
        if self._config is not None:
            return self._config
        spec = self._input.element_spec
        flat_specs = structure.flatten(spec)
        if self._padded_shapes is None:
            for s in flat_specs:
                if s.shape is None:
                    raise ValueError(
                        "You must provide `padded_shapes` argument because component "
                        f"{s} has unknown rank."
                    )
            shapes = [tuple(None for _ in s.shape) for s in flat_specs]
        else:
            shapes = _flatten_up_to(spec, self._padded_shapes, "padded_shapes")
            shapes = [_padded_shape(s) for s in shapes]
        values = self._padding_values
        if values is None:
            values = [False if s.dtype.is_bool else 0 for s in flat_specs]
        elif not structure.is_nested(values) and structure.is_nested(spec):
            values = [values] * len(flat_specs)
        else:
            values = _flatten_up_to(spec, values, "padding_values")
        for s, shape in zip(flat_specs, shapes):
            if s.shape is not None and len(shape) != len(s.shape):
                raise ValueError(
                    f"The padded shape {shape} is not compatible with the shape {s.shape} of "
                    "the corresponding input component."
                )
        self._config = (spec, flat_specs, shapes, values)
        return self._config

    def _compute_spec(self):
        spec, flat_specs, shapes, _ = self._configure()
        batch_dim = self._batch_size if self._drop else None
        return structure.pack_as(
            spec,
            [TensorSpec((batch_dim,) + shape, s.dtype) for s, shape in zip(flat_specs, shapes)],
        )

    def _cardinality(self):
        n = self._input._cardinality()
        if n < 0:
            return n
        return n // self._batch_size if self._drop else -(-n // self._batch_size)

    def _pad(self, chunk):
        spec, _, shapes, values = self._configure()
        flats = [structure.flatten(e) for e in chunk]
        out = []
        for c, (shape, value) in enumerate(zip(shapes, values)):
            arrays = [flat[c].numpy() for flat in flats]
            longest = np.max([a.shape for a in arrays], axis=0) if shape else ()
            target = [longest[i] if d is None else d for i, d in enumerate(shape)]
            batch = np.full([len(arrays)] + list(target), value, dtype=arrays[0].dtype)
            for i, a in enumerate(arrays):
                if any(n > t for n, t in zip(a.shape, target)):
                    raise InvalidArgumentError(
                        "Attempted to pad to a smaller size than the input element."
                    )
                batch[(i,) + tuple(slice(0, n) for n in a.shape)] = a
            out.append(_core.convert_to_tensor(batch))
        return structure.pack_as(spec, out)

    def _iterator(self):
        return _batches_of(
            iter(self._input), itertools.repeat(self._batch_size), self._drop, self._pad
        )


def _padded_shape(shape):
    """A padded shape as a tuple (an int is a rank-1 shape; None or -1: the longest)."""
    if shape is None or isinstance(shape, int) or hasattr(shape, "__index__"):
        shape = (shape,)
    return tuple(None if d is None or d == -1 else int(d) for d in shape)


def _flatten_up_to(spec, values, name):
    """`values` flattened along `spec`'s structure (a shape tuple is one leaf)."""
    if isinstance(spec, tuple):
        if not isinstance(values, (tuple, list)) or len(values) != len(spec):
            raise ValueError(
                f"The two structures don't have the same sequence length. "
                f"`{name}`={values} for element_spec={spec}"
            )
        return [leaf for s, v in zip(spec, values) for leaf in _flatten_up_to(s, v, name)]
    if isinstance(spec, dict):
        return [leaf for k in sorted(spec) for leaf in _flatten_up_to(spec[k], values[k], name)]
    return [values]


class _UnbatchDataset(_InputDataset):
    """`unbatch()`: every row of every element."""

    def __init__(self, input_dataset):
        super().__init__(input_dataset)
        if self._spec_is_static():
            self._compute_spec()

    def _compute_spec(self):
        spec = self._input.element_spec
        if any(s.shape is not None and len(s.shape) == 0 for s in structure.flatten(spec)):
            raise ValueError("Cannot unbatch an input with scalar components.")
        return structure.map_structure(
            lambda s: TensorSpec(None if s.shape is None else s.shape[1:], s.dtype), spec
        )

    def _static_batch(self):
        if not self._spec_is_static():
            return None
        leading = {
            None if s.shape is None else s.shape[0]
            for s in structure.flatten(self._input.element_spec)
        }
        return leading.pop() if len(leading) == 1 else None

    def _cardinality(self):
        n = self._input._cardinality()
        if n == INFINITE_CARDINALITY:
            return n
        batch = self._static_batch()
        if n == UNKNOWN_CARDINALITY or batch is None:
            return UNKNOWN_CARDINALITY
        return n * batch

    def _iterator(self):
        pack = None
        for element in self._input:
            flat = structure.flatten(element)
            if pack is None:
                if any(t.ndim == 0 for t in flat):
                    raise ValueError("Cannot unbatch an input with scalar components.")
                pack = structure.packer(element)
            n = flat[0].shape[0]
            if any(t.shape[0] != n for t in flat[1:]):
                raise InvalidArgumentError(
                    "Cannot unbatch an input whose components have different batch sizes."
                )
            for i in range(n):
                yield pack([t[i] for t in flat])


class _RebatchDataset(_InputDataset):
    """`rebatch(batch_size, drop_remainder)`: the rows re-cut into batches of `batch_size`
    (cycled through when it is a list)."""

    def __init__(self, input_dataset, batch_size, drop_remainder):
        super().__init__(input_dataset)
        sizes = list(np.atleast_1d(np.asarray(batch_size, dtype=np.int64)).tolist())
        for size in sizes:
            _check_positive(size, "batch_size must be greater than zero.")
        self._sizes = sizes
        self._drop = bool(drop_remainder)
        self._rows = _UnbatchDataset(input_dataset)

    def _compute_spec(self):
        static = self._sizes[0] if len(self._sizes) == 1 and self._drop else None
        return _batched_spec(self._rows.element_spec, static)

    def _cardinality(self):
        n = self._rows._cardinality()
        if n < 0 or len(self._sizes) != 1:
            return n if n == INFINITE_CARDINALITY else UNKNOWN_CARDINALITY
        b = self._sizes[0]
        return n // b if self._drop else -(-n // b)

    def _iterator(self):
        return _batches_of(iter(self._rows), itertools.cycle(self._sizes), self._drop, _stack)


class _WindowDataset(_InputDataset):
    """`window(size, shift, stride, drop_remainder)`: each element is the structure of
    datasets holding one window's components."""

    def __init__(self, input_dataset, size, shift, stride, drop_remainder):
        super().__init__(input_dataset)
        self._size = _check_positive(size, "Window size must be greater than zero, but got {}.")
        shift = self._size if shift is None else shift
        self._shift = _check_positive(shift, "Window shift must be greater than zero, but got {}.")
        self._stride = _check_positive(
            stride, "Window stride must be greater than zero, but got {}."
        )
        self._drop = bool(drop_remainder)

    def _compute_spec(self):
        return structure.map_structure(DatasetSpec, self._input.element_spec)

    def _cardinality(self):
        n = self._input._cardinality()
        if n < 0:
            return n
        if not self._drop:
            return -(-n // self._shift)
        span = (self._size - 1) * self._stride + 1
        return 0 if n < span else (n - span) // self._shift + 1

    def _window(self, buffer, start, end):
        members = [
            e
            for p, e in buffer
            if p >= start
            and (p - start) % self._stride == 0
            and (p - start) // self._stride < self._size
            and p < end
        ]
        columns = zip(*[structure.flatten(e) for e in members])
        datasets = [ElementsDataset(list(col), TensorSpec.from_tensor(col[0])) for col in columns]
        return structure.pack_as(members[0], datasets)

    def _iterator(self):
        span = (self._size - 1) * self._stride + 1
        buffer, start, end = deque(), 0, 0
        for position, element in enumerate(self._input):
            buffer.append((position, element))
            end = position + 1
            while start + span <= end:
                yield self._window(buffer, start, end)
                start += self._shift
                while buffer and buffer[0][0] < start:
                    buffer.popleft()
        if not self._drop:
            while start < end:
                yield self._window(buffer, start, end)
                start += self._shift
                while buffer and buffer[0][0] < start:
                    buffer.popleft()


BatchDataset = _BatchDataset
PaddedBatchDataset = _PaddedBatchDataset
UnbatchDataset = _UnbatchDataset
RebatchDataset = _RebatchDataset
WindowDataset = _WindowDataset
