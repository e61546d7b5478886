"""`nnext.data`: the `tf.data` API — input pipelines that build the next batch while the
model trains on this one.

    >>> ds = nnext.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(32)
    >>> ds = ds.prefetch(nnext.data.AUTOTUNE)
    >>> model.fit(ds, epochs=3)
"""

from nnext.data import experimental
from nnext.data.constants import AUTOTUNE, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY
from nnext.data.dataset import Dataset, DatasetSpec, Iterator
from nnext.data.options import Options

__all__ = [
    "AUTOTUNE",
    "INFINITE_CARDINALITY",
    "UNKNOWN_CARDINALITY",
    "Dataset",
    "DatasetSpec",
    "Iterator",
    "Options",
    "experimental",
]
