"""Optimizers (`keras.optimizers`): classes, string names and learning-rate schedules."""

from nnext.keras.optimizers import legacy, schedules
from nnext.keras.optimizers.adadelta import Adadelta
from nnext.keras.optimizers.adafactor import Adafactor
from nnext.keras.optimizers.adagrad import Adagrad
from nnext.keras.optimizers.adam import Adam
from nnext.keras.optimizers.adamax import Adamax
from nnext.keras.optimizers.adamw import AdamW
from nnext.keras.optimizers.ftrl import Ftrl
from nnext.keras.optimizers.lamb import Lamb
from nnext.keras.optimizers.lion import Lion
from nnext.keras.optimizers.loss_scale_optimizer import LossScaleOptimizer
from nnext.keras.optimizers.multi_optimizer import MultiOptimizer, OptimizerMap
from nnext.keras.optimizers.muon import Muon
from nnext.keras.optimizers.nadam import Nadam
from nnext.keras.optimizers.optimizer import Optimizer
from nnext.keras.optimizers.rmsprop import RMSprop
from nnext.keras.optimizers.schedule_free_adamw import ScheduleFreeAdamW
from nnext.keras.optimizers.sgd import SGD

__all__ = [
    "SGD",
    "Adadelta",
    "Adafactor",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "Ftrl",
    "Lamb",
    "Lion",
    "LossScaleOptimizer",
    "MultiOptimizer",
    "Muon",
    "Nadam",
    "Optimizer",
    "OptimizerMap",
    "RMSprop",
    "ScheduleFreeAdamW",
    "deserialize",
    "get",
    "legacy",
    "schedules",
    "serialize",
]

_CLASSES = (
    SGD,
    RMSprop,
    Adam,
    AdamW,
    Adagrad,
    Adadelta,
    Adafactor,
    Adamax,
    Ftrl,
    Lamb,
    Lion,
    Nadam,
    LossScaleOptimizer,
    Muon,
    ScheduleFreeAdamW,
)
# Keras looks names up case-insensitively: 'adam', 'Adam' and 'ADAM' all work.
ALL = {cls.__name__.lower(): cls for cls in _CLASSES}


def serialize(optimizer):
    """The Keras config of an optimizer (`module`, `class_name`, `config`)."""
    return {
        "module": "keras.optimizers",
        "class_name": type(optimizer).__name__,
        "config": optimizer.get_config(),
        "registered_name": None,
    }


def deserialize(config, custom_objects=None):
    """The optimizer a `serialize` config (or `{"class_name": "adam"}`) describes."""
    name = config.get("class_name")
    cls = (custom_objects or {}).get(name) or ALL.get(str(name).lower())
    if cls is None:
        raise ValueError(
            f"Could not interpret optimizer identifier: {name}. "
            f"Expected one of {sorted(ALL)} or an Optimizer instance."
        )
    return cls.from_config(config.get("config", {}))


def get(identifier):
    """Returns an optimizer for a name ('rmsprop', 'RMSprop'), a config dict or an instance.

    Example:
        >>> optimizers.get("adam").learning_rate
        0.0010000000474974513
    """
    if identifier is None:
        return None
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return deserialize({"class_name": identifier, "config": {}})
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")
