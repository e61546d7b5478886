"""Data adapters: one per kind of input `fit`, `evaluate` and `predict` accept — arrays,
`nnext.data.Dataset`, Python generators and `keras.utils.PyDataset` — each yielding batches
`(x, y, sample_weight)` (Keras 3's `trainers/data_adapters`)."""

from nnext.keras.trainers.data_adapters.adapter_factory import (
    get_data_adapter,
    is_array_input,
    is_generator,
)
from nnext.keras.trainers.data_adapters.array_data_adapter import ArrayDataAdapter
from nnext.keras.trainers.data_adapters.data_adapter import DataAdapter
from nnext.keras.trainers.data_adapters.data_adapter_utils import unpack_x_y_sample_weight
from nnext.keras.trainers.data_adapters.dataset_adapter import DatasetAdapter
from nnext.keras.trainers.data_adapters.epoch_iterator import EpochIterator
from nnext.keras.trainers.data_adapters.generator_data_adapter import GeneratorDataAdapter
from nnext.keras.trainers.data_adapters.py_dataset_adapter import PyDatasetAdapter

__all__ = [
    "ArrayDataAdapter",
    "DataAdapter",
    "DatasetAdapter",
    "EpochIterator",
    "GeneratorDataAdapter",
    "PyDatasetAdapter",
    "get_data_adapter",
    "is_array_input",
    "is_generator",
    "unpack_x_y_sample_weight",
]
