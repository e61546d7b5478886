"""Looking losses up by name (`keras.losses.get`), and writing them as Keras configs."""

import inspect

from nnext.keras.losses import circle_losses, ctc_losses, overlap_losses, regression_losses
from nnext.keras.losses import classification_losses as cls_losses
from nnext.keras.losses import losses as base_losses
from nnext.keras.losses.loss import Loss

_FUNCTIONS = (
    base_losses.mean_squared_error,
    base_losses.mean_absolute_error,
    base_losses.huber,
    base_losses.hinge,
    base_losses.kl_divergence,
    base_losses.binary_crossentropy,
    base_losses.categorical_crossentropy,
    base_losses.sparse_categorical_crossentropy,
    regression_losses.mean_absolute_percentage_error,
    regression_losses.mean_squared_logarithmic_error,
    regression_losses.cosine_similarity,
    regression_losses.log_cosh,
    regression_losses.poisson,
    cls_losses.squared_hinge,
    cls_losses.categorical_hinge,
    cls_losses.binary_focal_crossentropy,
    cls_losses.categorical_focal_crossentropy,
    cls_losses.categorical_generalized_cross_entropy,
    overlap_losses.dice,
    overlap_losses.tversky,
    ctc_losses.ctc,
    circle_losses.circle,
)
_CLASSES = (
    Loss,
    base_losses.MeanSquaredError,
    base_losses.MeanAbsoluteError,
    base_losses.Huber,
    base_losses.Hinge,
    base_losses.KLDivergence,
    base_losses.BinaryCrossentropy,
    base_losses.CategoricalCrossentropy,
    base_losses.SparseCategoricalCrossentropy,
    regression_losses.MeanAbsolutePercentageError,
    regression_losses.MeanSquaredLogarithmicError,
    regression_losses.CosineSimilarity,
    regression_losses.LogCosh,
    regression_losses.Poisson,
    cls_losses.SquaredHinge,
    cls_losses.CategoricalHinge,
    cls_losses.BinaryFocalCrossentropy,
    cls_losses.CategoricalFocalCrossentropy,
    cls_losses.CategoricalGeneralizedCrossEntropy,
    overlap_losses.Dice,
    overlap_losses.Tversky,
    ctc_losses.CTC,
    circle_losses.Circle,
)

# Per-sample functions by name, with Keras's short aliases.
FUNCTIONS = {fn.__name__: fn for fn in _FUNCTIONS}
FUNCTIONS.update(
    {
        "bce": base_losses.binary_crossentropy,
        "BCE": base_losses.binary_crossentropy,
        "kld": base_losses.kl_divergence,
        "KLD": base_losses.kl_divergence,
        "mae": base_losses.mean_absolute_error,
        "MAE": base_losses.mean_absolute_error,
        "mse": base_losses.mean_squared_error,
        "MSE": base_losses.mean_squared_error,
        "mape": regression_losses.mean_absolute_percentage_error,
        "MAPE": regression_losses.mean_absolute_percentage_error,
        "msle": regression_losses.mean_squared_logarithmic_error,
        "MSLE": regression_losses.mean_squared_logarithmic_error,
    }
)
CLASSES = {cls.__name__: cls for cls in _CLASSES}


def serialize(loss):
    """The Keras config of a `Loss` object (`module`, `class_name`, `config`)."""
    if not isinstance(loss, Loss):
        from nnext.keras.saving.serialization import serialize_keras_object

        return serialize_keras_object(loss)
    return {
        "module": "keras.losses",
        "class_name": type(loss).__name__,
        "config": loss.get_config(),
        "registered_name": None,
    }


def deserialize(config, custom_objects=None):
    """The loss a `serialize` config (or a name) describes."""
    if isinstance(config, str):
        return get(config)
    name = config.get("class_name")
    cls = (custom_objects or {}).get(name) or CLASSES.get(name)
    if cls is None:
        from nnext.keras.saving.serialization import deserialize_keras_object

        return deserialize_keras_object(config, custom_objects=custom_objects)
    return cls.from_config(config.get("config", {}))


def get(identifier):
    """Returns the loss for a function name ('mse'), a class name ('MeanSquaredError'),
    a config dict, a `Loss` class or object, or a callable.

    Example:
        >>> losses.get("categorical_crossentropy")   # the function
        >>> losses.get("CategoricalCrossentropy")    # an instance
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = FUNCTIONS.get(identifier) or CLASSES.get(identifier)
        if obj is None:
            raise ValueError(
                f"Could not interpret loss identifier: {identifier}. Expected one of "
                f"{sorted(set(FUNCTIONS) | set(CLASSES))}, a Loss or a callable."
            )
    else:
        obj = identifier
    if inspect.isclass(obj):
        return obj()
    if callable(obj):
        return obj
    raise ValueError(f"Could not interpret loss identifier: {identifier}")
