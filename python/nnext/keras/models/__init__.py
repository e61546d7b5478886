"""Models (`keras.models`): `Model` for subclassing, `Sequential`, and `load_model`."""

from nnext.keras.models.functional import Functional  # noqa: F401  (found by saving)
from nnext.keras.models.model import Model
from nnext.keras.models.sequential import Sequential

__all__ = ["Model", "Sequential", "load_model"]


def load_model(filepath, custom_objects=None, compile=True):
    """Loads a model saved with `model.save` (or by Keras 3) from a `.keras` file."""
    from nnext.keras.saving import load_model as _load_model

    return _load_model(filepath, custom_objects=custom_objects, compile=compile)
