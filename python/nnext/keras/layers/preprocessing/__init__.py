"""Preprocessing layers that live inside models: numeric normalization, rescaling,
bucketing and categorical encoding."""

from nnext.keras.layers.preprocessing.category_encoding import CategoryEncoding
from nnext.keras.layers.preprocessing.discretization import Discretization
from nnext.keras.layers.preprocessing.normalization import Normalization
from nnext.keras.layers.preprocessing.pipeline import Pipeline
from nnext.keras.layers.preprocessing.rescaling import Rescaling

__all__ = ["CategoryEncoding", "Discretization", "Normalization", "Pipeline", "Rescaling"]
