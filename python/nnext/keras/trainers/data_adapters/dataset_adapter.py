"""`DatasetAdapter`: an `nnext.data.Dataset` of `x`, `(x, y)` or `(x, y, sample_weight)`
batches (Keras's `TFDatasetAdapter`)."""

from nnext.data.constants import INFINITE_CARDINALITY, UNKNOWN_CARDINALITY
from nnext.keras.trainers.data_adapters import data_adapter_utils
from nnext.keras.trainers.data_adapters.data_adapter import DataAdapter


class DatasetAdapter(DataAdapter):
    """Reads a dataset pass by pass; its cardinality gives the steps per epoch."""

    def __init__(self, dataset, class_weight=None):
        self._dataset = dataset
        self._class_weight = class_weight

    def get_iterator(self):
        unpack = data_adapter_utils.unpack_x_y_sample_weight
        class_weight = self._class_weight
        for element in self._dataset:
            batch = unpack(element)
            if class_weight is not None:
                batch = data_adapter_utils.with_class_weight(batch, class_weight)
            yield batch

    @property
    def num_batches(self):
        n = self._dataset._cardinality()
        if n in (INFINITE_CARDINALITY, UNKNOWN_CARDINALITY):
            return None
        return n
