"""`TorchDataLoaderAdapter`: batches from a PyTorch `DataLoader`, as Keras 3 takes them.

nnext never imports PyTorch: a DataLoader can only exist when the user's program imported
`torch`, so the check looks in `sys.modules`. Tensors come over through NumPy (on the CPU,
detached from autograd) and become nnext tensors in the training step.
"""

import sys

from nnext.keras import tree
from nnext.keras.trainers.data_adapters import data_adapter_utils
from nnext.keras.trainers.data_adapters.data_adapter import DataAdapter


def is_torch_dataloader(x):
    torch = sys.modules.get("torch")
    data = getattr(getattr(torch, "utils", None), "data", None)
    return data is not None and isinstance(x, data.DataLoader)


def _to_numpy(value):
    if hasattr(value, "detach") and hasattr(value, "numpy"):
        return value.detach().cpu().numpy()
    return value


class TorchDataLoaderAdapter(DataAdapter):
    """One pass of the DataLoader per epoch; its own batch size and shuffling apply."""

    def __init__(self, dataloader):
        self._dataloader = dataloader

    def get_iterator(self):
        for batch in self._dataloader:
            batch = tree.map_structure(_to_numpy, batch)
            yield data_adapter_utils.unpack_x_y_sample_weight(batch)

    @property
    def num_batches(self):
        try:
            return len(self._dataloader)
        except TypeError:  # over an IterableDataset without a length
            return None

    @property
    def batch_size(self):
        return self._dataloader.batch_size
