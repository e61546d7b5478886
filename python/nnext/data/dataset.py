"""`Dataset`: the `tf.data.Dataset` API as a chain of Python iterators.

Each transformation is a small class (in sources.py, batching.py, mapping.py, ...) that
implements `_iterator()` (a fresh iterator over its elements), `_cardinality()` and
`element_spec`. Datasets whose elements are rows of sliced tensors also offer an index plan
(`_index_plan()`), so `batch` can gather each batch with one gather instead of stacking
elements one by one.
"""

import numpy as np

from nnext import _core, dtypes
from nnext.data import structure
from nnext.data.constants import INFINITE_CARDINALITY, UNKNOWN_CARDINALITY
from nnext.data.errors import InvalidArgumentError, OutOfRangeError

__all__ = ["Dataset", "DatasetSpec", "Iterator"]


class Dataset:
    """A sequence of elements (nested tuples/dicts of tensors) that can be transformed and
    iterated any number of times (`tf.data.Dataset`).

    Example:
        >>> ds = nnext.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(32)
        >>> for bx, by in ds: ...
    """

    # -- what each dataset implements --------------------------------------------------------

    def _iterator(self):
        raise NotImplementedError

    def _cardinality(self):
        return UNKNOWN_CARDINALITY

    def _index_plan(self):
        """An `IndexPlan` when the elements are rows of sliced source tensors, else None."""
        return

    @property
    def element_spec(self):
        """The structure of `TensorSpec`s that every element matches."""
        spec = self.__dict__.get("_spec")
        if spec is None:
            spec = self._spec = self._compute_spec()
        return spec

    def _compute_spec(self):
        raise NotImplementedError

    def _spec_is_static(self):
        """True when `element_spec` is known without running a user function (a `map`
        learns its spec from its first result, so specs are computed only when asked)."""
        return True

    # -- iterating ---------------------------------------------------------------------------

    def __iter__(self):
        return Iterator(self)

    def as_numpy_iterator(self):
        """An iterator over the elements as NumPy arrays (same nesting).

        Example:
            >>> list(Dataset.range(3).as_numpy_iterator())
            [0, 1, 2]
        """
        return _NumpyIterator(iter(self))

    def cardinality(self):
        """The number of elements as an int64 scalar tensor: `INFINITE_CARDINALITY` (-1) for
        an infinite dataset, `UNKNOWN_CARDINALITY` (-2) when it cannot be known in advance."""
        return _core.convert_to_tensor(np.int64(self._cardinality()))

    def __len__(self):
        n = self._cardinality()
        if n == INFINITE_CARDINALITY:
            raise TypeError("The dataset is infinite.")
        if n == UNKNOWN_CARDINALITY:
            raise TypeError("The dataset length is unknown.")
        return n

    def __bool__(self):
        return True  # a dataset is truthy even when empty, as in TensorFlow

    def __repr__(self):
        return f"<{type(self).__name__} element_spec={self.element_spec!r}>"

    # -- sources -----------------------------------------------------------------------------

    @staticmethod
    def from_tensor_slices(tensors, name=None):
        """A dataset of the slices of `tensors` along their first axis.

        Args:
            tensors: a tensor, array, list (stacked into one tensor) or a nested tuple/dict
                of them, all with the same first dimension.

        Example:
            >>> list(Dataset.from_tensor_slices([1, 2, 3]).as_numpy_iterator())
            [1, 2, 3]
        """
        from nnext.data.sources import TensorSliceDataset

        return TensorSliceDataset(tensors)

    @staticmethod
    def from_tensors(tensors, name=None):
        """A dataset of one element: `tensors` (a nested structure of tensors)."""
        from nnext.data.sources import TensorDataset

        return TensorDataset(tensors)

    @staticmethod
    def from_generator(
        generator,
        output_types=None,
        output_shapes=None,
        args=None,
        output_signature=None,
        name=None,
    ):
        """A dataset of the elements `generator(*args)` yields, checked against
        `output_signature` (a structure of `TensorSpec`s)."""
        from nnext.data.sources import GeneratorDataset

        return GeneratorDataset(generator, output_types, output_shapes, args, output_signature)

    @staticmethod
    def range(*args, output_type=dtypes.int64, name=None):
        """Like Python's `range(start, stop, step)`, as int64 scalars.

        Example:
            >>> list(Dataset.range(1, 8, 3).as_numpy_iterator())
            [1, 4, 7]
        """
        from nnext.data.sources import RangeDataset

        return RangeDataset(args, output_type)

    @staticmethod
    def zip(*args, datasets=None, name=None):
        """A dataset of tuples (or the given nesting) of the elements of `datasets`, as long
        as the shortest.

        Example:
            >>> Dataset.zip(Dataset.range(3), Dataset.range(3, 6))
        """
        from nnext.data.sources import ZipDataset

        if datasets is not None and args:
            raise TypeError("Both `*args` and `datasets` cannot be set.")
        if datasets is None:
            if not args:
                raise TypeError("Must pass at least one dataset to `zip`.")
            datasets = args[0] if len(args) == 1 else args
        return ZipDataset(datasets)

    @staticmethod
    def sample_from_datasets(
        datasets,
        weights=None,
        seed=None,
        stop_on_empty_dataset=False,
        rerandomize_each_iteration=None,
    ):
        """Elements drawn at random from `datasets`, dataset i with probability
        `weights[i]` (uniform by default)."""
        from nnext.data.sources import SampleFromDatasets

        return SampleFromDatasets(
            datasets, weights, seed, stop_on_empty_dataset, rerandomize_each_iteration
        )

    @staticmethod
    def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=True):
        """The next element of `datasets[i]` for each `i` of `choice_dataset` (int64)."""
        from nnext.data.sources import ChooseFromDatasets

        return ChooseFromDatasets(datasets, choice_dataset, stop_on_empty_dataset)

    @staticmethod
    def counter(start=0, step=1, dtype=dtypes.int64, name=None):
        """An infinite dataset counting from `start` by `step`."""
        from nnext.data.resampling import CounterDataset

        return CounterDataset(start, step, dtype)

    def rejection_resample(self, class_func, target_dist, initial_dist=None, seed=None, name=None):
        """`(class, element)` pairs resampled so that the classes `class_func(element)`
        follow `target_dist` (see `nnext.data.resampling`)."""
        from nnext.data.resampling import RejectionResampleDataset

        return RejectionResampleDataset(self, class_func, target_dist, initial_dist, seed)

    def concatenate(self, dataset, name=None):
        """This dataset's elements followed by those of `dataset` (same structure/dtypes)."""
        from nnext.data.sources import ConcatenateDataset

        return ConcatenateDataset(self, dataset)

    # -- batching ----------------------------------------------------------------------------

    def batch(
        self,
        batch_size,
        drop_remainder=False,
        num_parallel_calls=None,
        deterministic=None,
        name=None,
    ):
        """Stacks `batch_size` consecutive elements into one (the last batch may be smaller
        unless `drop_remainder`).

        Examples:
            >>> [b.tolist() for b in Dataset.range(5).batch(2).as_numpy_iterator()]
            [[0, 1], [2, 3], [4]]
        """
        from nnext.data.batching import BatchDataset

        return BatchDataset(self, batch_size, drop_remainder)

    def padded_batch(
        self, batch_size, padded_shapes=None, padding_values=None, drop_remainder=False, name=None
    ):
        """Like `batch`, padding every component to `padded_shapes` (None or -1 dims: the
        longest in the batch) with `padding_values` (0 / False by default)."""
        from nnext.data.batching import PaddedBatchDataset

        return PaddedBatchDataset(self, batch_size, padded_shapes, padding_values, drop_remainder)

    def unbatch(self, name=None):
        """Splits every element along its first axis into separate elements."""
        from nnext.data.batching import UnbatchDataset

        return UnbatchDataset(self)

    def rebatch(self, batch_size, drop_remainder=False, name=None):
        """Re-cuts the stream of rows into batches of `batch_size` (an int, or a list of
        sizes used in turn)."""
        from nnext.data.batching import RebatchDataset

        return RebatchDataset(self, batch_size, drop_remainder)

    def window(self, size, shift=None, stride=1, drop_remainder=False, name=None):
        """A dataset of windows: each element is a (nested) dataset of `size` elements, taken
        every `stride`, windows starting every `shift` (default `size`) elements."""
        from nnext.data.batching import WindowDataset

        return WindowDataset(self, size, shift, stride, drop_remainder)

    # -- order and selection -----------------------------------------------------------------

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=True, name=None):
        """Randomly shuffles the elements through a buffer of `buffer_size` elements.

        Each output is drawn uniformly from the buffer, whose slot is refilled with the next
        input element; a buffer as large as the dataset gives a uniform permutation.
        """
        from nnext.data.selection import ShuffleDataset

        return ShuffleDataset(self, buffer_size, seed, reshuffle_each_iteration)

    def repeat(self, count=None, name=None):
        """Repeats the dataset `count` times (None or -1: forever)."""
        from nnext.data.selection import RepeatDataset

        return RepeatDataset(self, count)

    def take(self, count, name=None):
        """The first `count` elements (-1: all of them)."""
        from nnext.data.selection import TakeDataset

        return TakeDataset(self, count)

    def skip(self, count, name=None):
        """All but the first `count` elements (-1: skips everything)."""
        from nnext.data.selection import SkipDataset

        return SkipDataset(self, count)

    def shard(self, num_shards, index, name=None):
        """Every `num_shards`-th element, starting at `index`."""
        from nnext.data.selection import ShardDataset

        return ShardDataset(self, num_shards, index)

    def enumerate(self, start=0, name=None):
        """Pairs `(i, element)` with an int64 counter `i` starting at `start`."""
        from nnext.data.sources import RangeDataset, ZipDataset

        return ZipDataset((RangeDataset((start, np.iinfo(np.int64).max), dtypes.int64), self))

    def take_while(self, predicate, name=None):
        """Elements while `predicate(element)` is True; stops at the first False."""
        from nnext.data.mapping import TakeWhileDataset

        return TakeWhileDataset(self, predicate)

    def filter(self, predicate, name=None):
        """The elements for which `predicate` returns a True scalar boolean."""
        from nnext.data.mapping import FilterDataset

        return FilterDataset(self, predicate)

    def unique(self, name=None):
        """The distinct elements (int32/int64 scalars), in order of first appearance."""
        from nnext.data.mapping import UniqueDataset

        return UniqueDataset(self)

    def ignore_errors(self, log_warning=False, name=None):
        """Drops the elements whose computation raised an error."""
        from nnext.data.mapping import IgnoreErrorsDataset

        return IgnoreErrorsDataset(self, log_warning)

    # -- functions ---------------------------------------------------------------------------

    def map(
        self,
        map_func,
        num_parallel_calls=None,
        deterministic=None,
        synchronous=None,
        use_unbounded_threadpool=False,
        name=None,
    ):
        """`map_func` applied to every element (a tuple is unpacked into arguments).

        With `num_parallel_calls` (an int or AUTOTUNE), calls run on that many threads
        (nnext kernels release the GIL); results keep the input order unless
        `deterministic=False`.

        Example:
            >>> ds = Dataset.range(5).map(lambda x: x * 2, num_parallel_calls=AUTOTUNE)
        """
        from nnext.data.mapping import MapDataset

        return MapDataset(self, map_func, num_parallel_calls, deterministic)

    def flat_map(self, map_func, name=None):
        """The elements of the datasets `map_func(element)` returns, one after another."""
        from nnext.data.mapping import FlatMapDataset

        return FlatMapDataset(self, map_func)

    def interleave(
        self,
        map_func,
        cycle_length=None,
        block_length=None,
        num_parallel_calls=None,
        deterministic=None,
        name=None,
    ):
        """The datasets `map_func(element)` returns, `cycle_length` at a time, taking
        `block_length` elements from each in turn (with `num_parallel_calls`, each open
        dataset is read ahead on a thread; the order stays the same)."""
        from nnext.data.mapping import InterleaveDataset

        return InterleaveDataset(self, map_func, cycle_length, block_length, num_parallel_calls)

    def reduce(self, initial_state, reduce_func, name=None):
        """Folds the elements into a state: `state = reduce_func(state, element)`.

        Example:
            >>> Dataset.range(5).reduce(np.int64(0), lambda s, x: s + x).numpy()
            10
        """
        state = structure.normalize(initial_state)
        for element in self:
            state = structure.normalize(reduce_func(state, element))
        return state

    def scan(self, initial_state, scan_func, name=None):
        """Like `map` with a state: `state, output = scan_func(state, element)`."""
        from nnext.data.mapping import ScanDataset

        return ScanDataset(self, initial_state, scan_func)

    def apply(self, transformation_func):
        """`transformation_func(self)`, which must return a Dataset."""
        result = transformation_func(self)
        if not isinstance(result, Dataset):
            raise TypeError(
                f"`transformation_func` must return a `tf.data.Dataset` object. Got {type(result)}."
            )
        return result

    def get_single_element(self, name=None):
        """The only element of a one-element dataset."""
        iterator = iter(self)
        try:
            element = next(iterator)
        except StopIteration:
            raise InvalidArgumentError("Dataset had no elements.") from None
        if next(iterator, _NO_ELEMENT) is not _NO_ELEMENT:
            raise InvalidArgumentError("Dataset had more than one element.")
        return element

    # -- performance -------------------------------------------------------------------------

    def prefetch(self, buffer_size, name=None):
        """Prepares up to `buffer_size` elements ahead on a background thread (AUTOTUNE: a
        small buffer), so producing the next element overlaps consuming this one."""
        from nnext.data.prefetching import PrefetchDataset

        return PrefetchDataset(self, buffer_size)

    def cache(self, filename="", name=None):
        """Keeps the elements of the first complete iteration (in memory, or in `filename`)
        and replays them afterwards."""
        from nnext.data.caching import CacheDataset

        return CacheDataset(self, filename)

    def with_options(self, options, name=None):
        """This dataset with `options` (a `tf.data.Options`) merged into its own."""
        from nnext.data.options import OptionsDataset

        return OptionsDataset(self, options)

    def options(self):
        """The `tf.data.Options` in effect for this dataset."""
        from nnext.data.options import Options

        node = self
        while node is not None:  # options set upstream apply to the whole pipeline
            found = node.__dict__.get("_options")
            if found is not None:
                return found
            node = node.__dict__.get("_input")
        return Options()


_NO_ELEMENT = object()


class DatasetSpec:
    """The type of a dataset nested inside another's elements (as `window` produces).

    Args:
        element_spec: the nested dataset's element spec.
        dataset_shape: () for one dataset.
    """

    def __init__(self, element_spec, dataset_shape=()):
        self.element_spec = element_spec
        self.shape = tuple(dataset_shape)

    def __eq__(self, other):
        return (
            isinstance(other, DatasetSpec)
            and self.element_spec == other.element_spec
            and self.shape == other.shape
        )

    def __hash__(self):
        return hash((repr(self.element_spec), self.shape))

    def __repr__(self):
        return f"DatasetSpec({self.element_spec!r}, TensorShape({list(self.shape)}))"


class Iterator:
    """One pass over a dataset (`iter(dataset)`): `next(it)` or `it.get_next()`.

    Dropping the iterator (or calling `close()`) stops the background threads of its
    pipeline.
    """

    def __init__(self, dataset):
        self._dataset = dataset
        self._it = dataset._iterator()
        self._position = 0  # elements delivered: the state a checkpoint saves

    @property
    def element_spec(self):
        return self._dataset.element_spec

    def __iter__(self):
        return self

    def __next__(self):
        if self._it is None:
            raise StopIteration
        try:
            element = next(self._it)
        except StopIteration:
            self.close()
            raise
        self._position += 1
        return element

    def get_next(self):
        """The next element; `OutOfRangeError` at the end (`next()` raises StopIteration)."""
        try:
            return self.__next__()
        except StopIteration:
            raise OutOfRangeError("End of sequence") from None

    def close(self):
        """Stops the pipeline's threads now instead of when the iterator is collected."""
        it, self._it = self._it, None
        if it is not None and hasattr(it, "close"):
            it.close()


class _NumpyIterator:
    def __init__(self, iterator):
        self._iterator = iterator

    def __iter__(self):
        return self

    def __next__(self):
        element = next(self._iterator)
        if any(isinstance(leaf, Dataset) for leaf in structure.flatten(element)):
            raise TypeError(
                "`Dataset.as_numpy_iterator()` is not supported for datasets that produce "
                "values of type DatasetSpec"
            )
        return structure.to_numpy(element)

    def close(self):
        self._iterator.close()


def check_dataset(value, what):
    if not isinstance(value, Dataset):
        raise TypeError(f"{what} must be a `tf.data.Dataset`. Received: {type(value)}")
    return value
