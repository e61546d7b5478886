"""Datasets that start a pipeline: slices of tensors, one element, a generator, a range, and
the combinations of datasets (zip, concatenate, sampling, choosing)."""

import random as py_random

import numpy as np

from nnext import _core, dtypes
from nnext.data import structure
from nnext.data.constants import INFINITE_CARDINALITY, UNKNOWN_CARDINALITY
from nnext.data.dataset import Dataset, check_dataset
from nnext.data.errors import InvalidArgumentError
from nnext.data.index_plan import IndexPlan
from nnext.data.seeds import draw_seed, iteration_seed
from nnext.tensor_spec import TensorSpec

__all__ = []


class _TensorSliceDataset(Dataset):
    """`Dataset.from_tensor_slices(tensors)`."""

    def __init__(self, tensors):
        element = structure.normalize_leaves(tensors)
        flat = structure.flatten(element)
        if not flat:
            raise ValueError("Invalid `element`. `element` should not be empty.")
        for t in flat:
            if t.ndim < 1:
                raise ValueError("Unbatching a tensor is only supported for rank >= 1")
        n = flat[0].shape[0]
        for t in flat[1:]:
            if t.shape[0] != n:
                raise ValueError(f"Dimensions {n} and {t.shape[0]} are not compatible")
        self._element = element
        self._sources = flat
        self._n = n
        self._spec = structure.map_structure(
            lambda t: TensorSpec(tuple(t.shape[1:]), t.dtype), element
        )

    @property
    def element_spec(self):
        return self._spec

    def _cardinality(self):
        return self._n

    def _index_plan(self):
        n = self._n
        return IndexPlan(self._sources, self._element, lambda: iter((range(n),)))

    def _iterator(self):
        return self._index_plan().rows()


class _TensorDataset(Dataset):
    """`Dataset.from_tensors(tensors)`: one element."""

    def __init__(self, tensors):
        self._element = structure.normalize(tensors)
        self._spec = structure.spec_of(self._element)

    @property
    def element_spec(self):
        return self._spec

    def _cardinality(self):
        return 1

    def _iterator(self):
        return iter((self._element,))


class _ElementsDataset(Dataset):
    """A dataset over a list of elements already in memory (the windows of `window`)."""

    def __init__(self, elements, spec):
        self._elements = elements
        self._spec = spec

    @property
    def element_spec(self):
        return self._spec

    def _cardinality(self):
        return len(self._elements)

    def _iterator(self):
        return iter(self._elements)


class _RangeDataset(Dataset):
    """`Dataset.range(start, stop, step)` as scalars of `output_type`."""

    def __init__(self, args, output_type):
        if not 1 <= len(args) <= 3:
            raise ValueError(
                f"Invalid `args`. The length of `args` should be between 1 and 3 "
                f"but was {len(args)}."
            )
        self._range = range(*(int(a) for a in args))
        self._dtype = dtypes.as_dtype(output_type)

    @property
    def element_spec(self):
        return TensorSpec((), self._dtype)

    def _cardinality(self):
        return len(self._range)

    def _iterator(self):
        np_type = self._dtype.as_numpy_dtype
        for i in self._range:
            yield _core.convert_to_tensor(np_type(i))


class _GeneratorDataset(Dataset):
    """`Dataset.from_generator`: the elements of `generator(*args)`, each checked against
    (and converted to) the output signature."""

    def __init__(self, generator, output_types, output_shapes, args, output_signature):
        if not callable(generator):
            raise TypeError("`generator` must be a Python callable.")
        if output_signature is not None:
            if output_types is not None:
                raise TypeError(
                    "The `output_types` argument can not be used together with "
                    "the `output_signature` argument."
                )
            if output_shapes is not None:
                raise TypeError(
                    "The `output_shapes` argument can not be used together with "
                    "the `output_signature` argument."
                )
            output_signature = _tuples(output_signature)
            for spec in structure.flatten(output_signature):
                if not isinstance(spec, TensorSpec):
                    raise TypeError(
                        "`output_signature` must contain objects that are subclass of "
                        f"`tf.TypeSpec` but found {type(spec)} which is not."
                    )
        else:
            if output_types is None:
                raise TypeError(
                    "To specify the output signature you need to provide either "
                    "the `output_signature` argument or the `output_types` "
                    "argument."
                )
            output_signature = _signature(_tuples(output_types), output_shapes)
        self._generator = generator
        self._args = tuple(np.asarray(a) for a in (args or ()))
        self._spec = output_signature

    @property
    def element_spec(self):
        return self._spec

    def _iterator(self):
        spec, flat_specs = self._spec, structure.flatten(self._spec)
        pack = structure.packer(spec)
        for value in self._generator(*self._args):
            if isinstance(value, list) and structure.is_nested(spec):
                value = tuple(value)
            if not structure.same_structure(value, spec):
                raise TypeError(
                    "`generator` yielded an element that did not match the expected "
                    f"structure. The expected structure was {spec}, but the yielded "
                    f"element was {value}."
                )
            yield pack([_conform(v, s) for v, s in zip(structure.flatten(value), flat_specs)])


def _tuples(value):
    """Lists in a signature are tuples, as tf.nest sees them."""
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


def _signature(types, shapes):
    """TensorSpecs from the legacy `output_types`/`output_shapes` (shapes nest like types; a
    leaf shape is a tuple of dims or None)."""
    if isinstance(types, tuple):
        shapes = (None,) * len(types) if shapes is None else shapes
        return tuple(_signature(t, s) for t, s in zip(types, shapes))
    if isinstance(types, dict):
        shapes = {} if shapes is None else shapes
        return {k: _signature(t, shapes.get(k)) for k, t in types.items()}
    return TensorSpec(shapes, types)


def _conform(value, spec):
    np_type = spec.dtype.as_numpy_dtype
    try:
        array = value.numpy() if isinstance(value, _core.Tensor) else value
        array = np.asarray(array, dtype=np_type)
    except (TypeError, ValueError):
        raise TypeError(
            "`generator` yielded an element that could not be converted to the expected "
            f"type. The expected type was {spec.dtype.name}, but the yielded element was "
            f"{value}."
        ) from None
    if spec.shape is not None and not (
        len(spec.shape) == array.ndim
        and all(d is None or d == n for d, n in zip(spec.shape, array.shape))
    ):
        raise ValueError(
            f"`generator` yielded an element of shape {array.shape} where an element of "
            f"shape {spec.shape} was expected."
        )
    return structure.tensor_from_array(array)


class _ZipDataset(Dataset):
    """`Dataset.zip(datasets)`: elements nested as `datasets` is."""

    def __init__(self, datasets):
        datasets = _tuples(datasets) if isinstance(datasets, list) else datasets
        flat = structure.flatten(datasets)
        for ds in flat:
            if not isinstance(ds, Dataset):
                raise TypeError(
                    "Invalid input to `zip`. Inputs are expected to be (nested) structures "
                    f"of `tf.data.Dataset` objects. Python `list` is not supported and you "
                    f"should use `tuple` instead. Received: {type(ds)}"
                )
        self._datasets = datasets
        self._flat = flat

    def _compute_spec(self):
        return structure.map_structure(lambda ds: ds.element_spec, self._datasets)

    def _spec_is_static(self):
        return all(ds._spec_is_static() for ds in self._flat)

    def _cardinality(self):
        result = INFINITE_CARDINALITY
        for ds in self._flat:
            n = ds._cardinality()
            if n == UNKNOWN_CARDINALITY:
                return n
            if n != INFINITE_CARDINALITY and (result == INFINITE_CARDINALITY or n < result):
                result = n
        return result

    def _iterator(self):
        iterators = [iter(ds) for ds in self._flat]
        pack = structure.packer(self._datasets)
        try:
            for elements in zip(*iterators):
                yield pack(elements)
        finally:
            for it in iterators:
                it.close()


class _ConcatenateDataset(Dataset):
    """`a.concatenate(b)`."""

    def __init__(self, first, second):
        check_dataset(second, "`dataset`")
        self._first, self._second = first, second
        if self._spec_is_static():
            self.element_spec  # noqa: B018 -- raises now for incompatible datasets

    def _spec_is_static(self):
        return self._first._spec_is_static() and self._second._spec_is_static()

    def _compute_spec(self):
        a, b = self._first.element_spec, self._second.element_spec
        if not structure.have_common_supertype(a, b):
            raise TypeError(f"Incompatible dataset elements:\n  {a} vs.   {b}")
        return structure.relaxed_spec(a, b)

    def _cardinality(self):
        n1, n2 = self._first._cardinality(), self._second._cardinality()
        if INFINITE_CARDINALITY in (n1, n2):
            return INFINITE_CARDINALITY
        if UNKNOWN_CARDINALITY in (n1, n2):
            return UNKNOWN_CARDINALITY
        return n1 + n2

    def _iterator(self):
        yield from iter(self._first)
        yield from iter(self._second)


def _common_spec(datasets):
    specs = [ds.element_spec for ds in datasets]
    for spec in specs[1:]:
        if not structure.have_common_supertype(specs[0], spec):
            raise TypeError(
                "All datasets must have compatible element specs.\n "
                f"Dataset 0 element_spec={specs[0]}.\nDataset element_spec={spec}."
            )
    spec = specs[0]
    for other in specs[1:]:
        spec = structure.relaxed_spec(spec, other)
    return spec


class _DirectedInterleaveDataset(Dataset):
    """Elements of several datasets in an order chosen per element (sampling or a choice
    dataset)."""

    def __init__(self, datasets, choose, stop_on_empty_dataset):
        datasets = list(datasets)
        if not datasets:
            raise ValueError("Invalid `datasets`. `datasets` should not be empty.")
        for ds in datasets:
            check_dataset(ds, "Every element of `datasets`")
        self._datasets = datasets
        self._choose = choose  # () -> iterator of dataset indices
        self._stop = stop_on_empty_dataset

    def _compute_spec(self):
        return _common_spec(self._datasets)

    def _iterator(self):
        iterators = [iter(ds) for ds in self._datasets]
        alive = [True] * len(iterators)
        try:
            for i in self._choose(alive):
                if not 0 <= i < len(iterators):
                    raise InvalidArgumentError(
                        f"Selector index {i} is out of range [0, {len(iterators)})."
                    )
                if not alive[i]:
                    continue
                element = next(iterators[i], _DONE)
                if element is _DONE:
                    alive[i] = False
                    if self._stop or not any(alive):
                        return
                    continue
                yield element
        finally:
            for it in iterators:
                it.close()


_DONE = object()


def sample_from_datasets(
    datasets, weights, seed, stop_on_empty_dataset, rerandomize_each_iteration
):
    datasets = list(datasets)
    n = len(datasets)
    w = np.full(n, 1.0 / max(n, 1)) if weights is None else np.asarray(weights, np.float64)
    if w.shape != (n,):
        raise ValueError(
            f"Invalid `weights`. The shape of `weights` should be compatible with "
            f"`[len(datasets)]` but is {list(w.shape)}."
        )
    base_seed = draw_seed(seed)
    counter = [0]

    def choose(alive):
        iteration = counter[0] if rerandomize_each_iteration else 0
        counter[0] += 1
        rng = py_random.Random(iteration_seed(base_seed, iteration))
        while any(alive):
            live = np.where(alive, w, 0.0)
            total = live.sum()
            if total <= 0:
                return
            yield int(np.searchsorted(np.cumsum(live / total), rng.random(), side="right"))

    return _DirectedInterleaveDataset(datasets, choose, stop_on_empty_dataset)


def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset):
    check_dataset(choice_dataset, "`choice_dataset`")
    spec = choice_dataset.element_spec
    if not (isinstance(spec, TensorSpec) and spec.dtype == dtypes.int64 and spec.shape == ()):
        raise TypeError(
            "Invalid `choice_dataset`. Elements of `choice_dataset` must be scalar "
            f"`tf.int64` tensors but are {spec}."
        )

    def choose(alive):
        for i in choice_dataset:
            yield int(i)

    return _DirectedInterleaveDataset(datasets, choose, stop_on_empty_dataset)


TensorSliceDataset = _TensorSliceDataset
TensorDataset = _TensorDataset
ElementsDataset = _ElementsDataset
RangeDataset = _RangeDataset
GeneratorDataset = _GeneratorDataset
ZipDataset = _ZipDataset
ConcatenateDataset = _ConcatenateDataset
SampleFromDatasets = sample_from_datasets
ChooseFromDatasets = choose_from_datasets
