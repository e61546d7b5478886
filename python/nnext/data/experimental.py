"""`tf.data.experimental`: the sentinels, `cardinality`, `CsvDataset`, `make_csv_dataset`,
and the older names of functions that moved to `Dataset`."""

import enum

from nnext.data.constants import AUTOTUNE, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY
from nnext.data.csv_dataset import CsvDataset
from nnext.data.dataset import Dataset, check_dataset
from nnext.data.make_csv_dataset import make_csv_dataset
from nnext.data.resampling import Counter, rejection_resample

__all__ = [
    "AUTOTUNE",
    "INFINITE_CARDINALITY",
    "UNKNOWN_CARDINALITY",
    "AutoShardPolicy",
    "Counter",
    "CsvDataset",
    "cardinality",
    "choose_from_datasets",
    "make_csv_dataset",
    "rejection_resample",
    "sample_from_datasets",
]


class AutoShardPolicy(enum.IntEnum):
    """How a distributed pipeline is split between workers (accepted, unused on one host)."""

    OFF = -1
    AUTO = 0
    FILE = 1
    DATA = 2
    HINT = 3


def cardinality(dataset):
    """`dataset.cardinality()`: an int64 scalar, or INFINITE/UNKNOWN_CARDINALITY."""
    return check_dataset(dataset, "`dataset`").cardinality()


sample_from_datasets = Dataset.sample_from_datasets
choose_from_datasets = Dataset.choose_from_datasets
