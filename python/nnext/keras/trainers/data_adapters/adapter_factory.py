"""`get_data_adapter`: the adapter for each kind of input, with Keras 3's errors and
warnings for the arguments that do not apply to it."""

import collections.abc
import types
import warnings

from nnext import _core
from nnext.data.dataset import Dataset
from nnext.keras.trainers.data_adapters.array_data_adapter import ArrayDataAdapter
from nnext.keras.trainers.data_adapters.data_adapter import DataAdapter
from nnext.keras.trainers.data_adapters.data_adapter_utils import raise_unsupported_arg
from nnext.keras.trainers.data_adapters.dataset_adapter import DatasetAdapter
from nnext.keras.trainers.data_adapters.generator_data_adapter import GeneratorDataAdapter
from nnext.keras.trainers.data_adapters.py_dataset_adapter import PyDatasetAdapter
from nnext.keras.trainers.data_adapters.torch_data_loader_adapter import (
    TorchDataLoaderAdapter,
    is_torch_dataloader,
)
from nnext.keras.utils.py_dataset import PyDataset


def is_generator(x):
    """A Python generator or other one-shot iterator (not an array or a Tensor)."""
    return isinstance(x, types.GeneratorType) or (
        isinstance(x, collections.abc.Iterator) and not isinstance(x, _core.Tensor)
    )


def is_array_input(x):
    """True unless `x` is a Dataset, a PyDataset, a generator, a PyTorch DataLoader or a
    DataAdapter: the inputs
    the trainer must check and convert as arrays itself."""
    return (
        not isinstance(x, (Dataset, PyDataset, DataAdapter))
        and not is_generator(x)
        and not is_torch_dataloader(x)
    )


def get_data_adapter(
    x,
    y=None,
    sample_weight=None,
    batch_size=None,
    steps_per_epoch=None,
    shuffle=False,
    class_weight=None,
):
    """The adapter for `x`, with Keras's errors and warnings for arguments that do not apply.

    Arrays are expected already converted by the trainer (and `class_weight` folded into
    `sample_weight`); `batch_size` is ignored beside a dataset, generator or PyDataset.
    """
    if isinstance(x, DataAdapter):
        return x
    if isinstance(x, Dataset):
        if y is not None:
            raise_unsupported_arg("y", "the targets", "tf.data.Dataset")
        if sample_weight is not None:
            raise_unsupported_arg("sample_weights", "the sample weights", "tf.data.Dataset")
        if shuffle:
            warnings.warn(
                "`shuffle=True` was passed, but will be ignored since the data `x` was "
                "provided as a tf.data.Dataset. The Dataset is expected to already be "
                "shuffled (via `.shuffle(buffer_size)`).",
                stacklevel=4,
            )
        return DatasetAdapter(x, class_weight=class_weight)
    if isinstance(x, PyDataset):
        if y is not None:
            raise_unsupported_arg("y", "the targets", "PyDataset")
        if sample_weight is not None:
            raise_unsupported_arg("sample_weights", "the sample weights", "PyDataset")
        if getattr(x, "num_batches", None) is None and shuffle:
            warnings.warn(
                "`shuffle=True` was passed, but will be ignored since the data `x` was "
                "provided as an infinite PyDataset. The PyDataset is expected to already be "
                "shuffled.",
                stacklevel=4,
            )
        return PyDatasetAdapter(x, class_weight=class_weight, shuffle=shuffle)
    if is_torch_dataloader(x):
        if y is not None:
            raise_unsupported_arg("y", "the targets", "torch DataLoader")
        if sample_weight is not None:
            raise_unsupported_arg("sample_weights", "the sample weights", "torch DataLoader")
        if class_weight is not None:
            raise ValueError(
                "Argument `class_weight` is not supported for torch DataLoader inputs. You "
                "can modify your `__getitem__ ` method to return input tensor, label and "
                "class_weight. Alternatively, use a custom training loop. See the User Guide "
                "https://keras.io/guides/custom_train_step_in_torch/"
                "#supporting-sampleweight-amp-classweight for more details. "
                f"Received: class_weight={class_weight}"
            )
        if shuffle:
            warnings.warn(
                "`shuffle=True` was passed, but will be ignored since the data `x` was "
                "provided as a torch DataLoader. The DataLoader is expected to already be "
                "shuffled.",
                stacklevel=4,
            )
        return TorchDataLoaderAdapter(x)
    if is_generator(x):
        if y is not None:
            raise_unsupported_arg("y", "the targets", "generator")
        if sample_weight is not None:
            raise_unsupported_arg("sample_weights", "the sample weights", "generator")
        if class_weight is not None:
            raise ValueError(
                "Argument `class_weight` is not supported for Python generator inputs. "
                f"Received: class_weight={class_weight}"
            )
        if shuffle:
            warnings.warn(
                "`shuffle=True` was passed, but will be ignored since the data `x` was "
                "provided as a generator. The generator is expected to yield already-shuffled "
                "data.",
                stacklevel=4,
            )
        return GeneratorDataAdapter(x)
    return ArrayDataAdapter(x, y, sample_weight, batch_size, steps_per_epoch, shuffle)
