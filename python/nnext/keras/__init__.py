"""nnext.keras: the Keras 3 programming model on nnext's C++ core.

from nnext.keras import layers, models
model = models.Sequential([layers.Dense(10, activation="softmax", input_shape=(784,))])
model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
"""

from nnext.keras import (
    activations,
    applications,
    backend,
    callbacks,
    config,
    constraints,
    datasets,
    dtype_policies,
    initializers,
    layers,
    losses,
    metrics,
    mixed_precision,
    models,
    ops,
    optimizers,
    preprocessing,
    random,
    regularizers,
    saving,
    tree,
    utils,
)
from nnext.keras.dtype_policies import DTypePolicy, FloatDTypePolicy
from nnext.keras.initializers import Initializer
from nnext.keras.keras_tensor import KerasTensor
from nnext.keras.layers import Input, InputSpec, Layer
from nnext.keras.losses import Loss
from nnext.keras.metrics import Metric
from nnext.keras.models import Model, Sequential
from nnext.keras.optimizers import Optimizer
from nnext.keras.regularizers import Regularizer
from nnext.keras.variables import Variable
from nnext.module import name_scope
from nnext.version import VERSION as __version__

__all__ = [
    "DTypePolicy",
    "FloatDTypePolicy",
    "Initializer",
    "Input",
    "InputSpec",
    "KerasTensor",
    "Layer",
    "Loss",
    "Metric",
    "Model",
    "Optimizer",
    "Regularizer",
    "Sequential",
    "Variable",
    "activations",
    "applications",
    "backend",
    "callbacks",
    "config",
    "constraints",
    "datasets",
    "dtype_policies",
    "initializers",
    "layers",
    "losses",
    "metrics",
    "mixed_precision",
    "models",
    "name_scope",
    "ops",
    "optimizers",
    "preprocessing",
    "random",
    "regularizers",
    "saving",
    "tree",
    "utils",
    "version",
]


def version():
    """nnext's version (Keras's `keras.version()` gives Keras's own)."""
    return __version__
