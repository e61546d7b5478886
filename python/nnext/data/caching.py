"""`cache(filename="")`: the first complete pass is recorded, later passes replay it.

In memory, a pass that stops half way records nothing (as TensorFlow discards a partial
cache), and a pass that has read as many elements as the input is known to hold is
complete without asking for the end. With a filename, elements are written as they pass
to `<filename>.data` (NumPy's .npy records, no pickling) and become the cache when
`<filename>.index` is written at the end of the pass; a later program finds the files and
reads them instead of its input.
"""

import json
import os

import numpy as np

from nnext import _core, string_tensor
from nnext.data import structure
from nnext.data.selection import _UnaryDataset


class _CacheDataset(_UnaryDataset):
    """`cache(filename)`."""

    def __init__(self, input_dataset, filename):
        super().__init__(input_dataset)
        self._filename = os.fspath(filename)
        self._memory = None

    def _cardinality(self):
        return self._input._cardinality()

    def _index_plan(self):
        # Sliced tensors are in memory already: caching their rows would only copy them.
        return self._input._index_plan() if not self._filename else None

    def _iterator(self):
        if not self._filename:
            if self._memory is not None:
                return iter(self._memory)
            plan = self._index_plan()
            return plan.rows() if plan is not None else self._record_in_memory()
        if os.path.exists(self._filename + ".index"):
            return _read_file(self._filename)
        return self._record_to_file()

    def _record_in_memory(self):
        # The cache is complete at the end of the input, or as soon as it holds as many
        # elements as the input is known to have (TensorFlow's rule): Keras's fit reads
        # exactly `cardinality` batches an epoch and never asks for the end.
        expected = self._input._cardinality()
        recorded = []
        for element in self._input:
            recorded.append(element)
            if len(recorded) == expected:
                self._memory = recorded
            yield element
        self._memory = recorded

    def _record_to_file(self):
        data_path = self._filename + ".data"
        temp_path = f"{data_path}.tmp-{os.getpid()}-{id(self)}"
        count, template = 0, None
        finished = False
        try:
            with open(temp_path, "wb") as f:
                for element in self._input:
                    if template is None:
                        template = _template(element)
                    for leaf in structure.flatten(element):
                        if string_tensor.is_string_tensor(leaf):
                            # No pickled objects in the file: lengths and bytes instead.
                            for part in string_tensor.to_buffers(np.asarray(leaf)):
                                np.save(f, part, allow_pickle=False)
                        else:
                            np.save(f, leaf.numpy(), allow_pickle=False)
                    count += 1
                    yield element
            finished = True
        finally:
            if finished:
                os.replace(temp_path, data_path)
                with open(self._filename + ".index", "w") as f:
                    json.dump({"count": count, "structure": template}, f)
            elif os.path.exists(temp_path):
                os.remove(temp_path)


def _template(element):
    """The nesting of an element as JSON: lists for tuples, objects for dicts, leaves null
    (numbers) or "string" (string tensors, stored as lengths and bytes)."""
    if isinstance(element, tuple):
        return [_template(e) for e in element]
    if isinstance(element, dict):
        return {str(k): _template(v) for k, v in element.items()}
    return "string" if string_tensor.is_string_tensor(element) else None


def _from_template(template):
    if isinstance(template, list):
        return tuple(_from_template(t) for t in template)
    if isinstance(template, dict):
        return {k: _from_template(v) for k, v in template.items()}
    return template


def _read_leaf(f, kind):
    if kind == "string":
        lengths = np.load(f, allow_pickle=False)
        return string_tensor.from_buffers(lengths, np.load(f, allow_pickle=False))
    return _core.convert_to_tensor(np.load(f, allow_pickle=False))


def _read_file(filename):
    with open(filename + ".index") as f:
        index = json.load(f)
    shape = _from_template(index["structure"])
    kinds = structure.flatten(shape)
    with open(filename + ".data", "rb") as f:
        for _ in range(index["count"]):
            yield structure.pack_as(shape, [_read_leaf(f, kind) for kind in kinds])


CacheDataset = _CacheDataset
