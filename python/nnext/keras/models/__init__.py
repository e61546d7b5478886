"""Models (`keras.models`): `Model` for subclassing, `Sequential`, and `load_model`."""

from nnext.keras.models.functional import Functional  # noqa: F401  (found by saving)
from nnext.keras.models.model import Model
from nnext.keras.models.sequential import Sequential

__all__ = ["Model", "Sequential", "clone_model", "load_model", "model_from_json", "save_model"]


def clone_model(
    model, input_tensors=None, clone_function=None, call_function=None, recursive=False, **kwargs
):
    """A copy of `model`'s architecture with new layers and fresh weights (see
    `nnext.keras.models.cloning`)."""
    from nnext.keras.models.cloning import clone_model as _clone_model

    return _clone_model(
        model,
        input_tensors=input_tensors,
        clone_function=clone_function,
        call_function=call_function,
        recursive=recursive,
        **kwargs,
    )


def model_from_json(json_string, custom_objects=None):
    """The (uncompiled) model whose configuration `model.to_json()` wrote."""
    import json

    from nnext.keras.saving import deserialize_keras_object

    return deserialize_keras_object(json.loads(json_string), custom_objects=custom_objects)


def save_model(model, filepath, overwrite=True, **kwargs):
    """Saves `model` to a `.keras` file, as `model.save(filepath)` does."""
    model.save(filepath, overwrite=overwrite, **kwargs)


def load_model(filepath, custom_objects=None, compile=True):
    """Loads a model saved with `model.save` (or by Keras 3) from a `.keras` file."""
    from nnext.keras.saving import load_model as _load_model

    return _load_model(filepath, custom_objects=custom_objects, compile=compile)
