"""`.keras` files: a whole model in Keras 3's zip layout.

The archive holds `metadata.json` (the writer's version and the date), `config.json` (the
model's serialized config, with its build and compile configs) and `model.weights.h5` (its
variables, as a `.weights.h5` file). Members are stored uncompressed, as Keras writes them.
"""

import datetime
import io
import json
import zipfile

import h5py

from nnext.keras.saving.atomic import atomic_write
from nnext.keras.saving.serialization import (
    custom_object_scope,
    deserialize_keras_object,
    serialize_keras_object,
)
from nnext.keras.saving.state import load_state, write_state
from nnext.keras.saving.weights_file import open_weights
from nnext.version import VERSION

MODEL_SUFFIX = ".keras"
_METADATA = "metadata.json"
_CONFIG = "config.json"
_WEIGHTS = "model.weights.h5"
# The Keras release whose format these files follow (and were checked against).
KERAS_FORMAT_VERSION = "3.15.1"


def save_model(model, filepath):
    """Writes the model's architecture, compile settings, weights and optimizer state to a
    `.keras` file that Keras 3 can also load. An old file is replaced only once the new
    one is complete.

    Example:
        >>> model.save("mnist_mlp.keras")
        >>> restored = nnext.keras.models.load_model("mnist_mlp.keras")
    """
    filepath = str(filepath)
    if not filepath.endswith(MODEL_SUFFIX):
        raise ValueError(
            f"Invalid `filepath` argument: expected a `{MODEL_SUFFIX}` extension. "
            f"Received: filepath={filepath}"
        )
    _check_has_config(model)
    config = json.dumps(serialize_keras_object(model))
    metadata = json.dumps({
        "keras_version": KERAS_FORMAT_VERSION,
        "nnext_version": VERSION,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
    })
    weights = io.BytesIO()
    with h5py.File(weights, "w") as f:
        write_state(f, model)
    with atomic_write(filepath) as tmp, zipfile.ZipFile(tmp, "w") as archive:
        archive.writestr(_METADATA, metadata)
        archive.writestr(_CONFIG, config)
        archive.writestr(_WEIGHTS, weights.getvalue())


def load_model(filepath, custom_objects=None, compile=True):
    """Re-creates a model saved with `model.save` (by nnext or by Keras 3).

    Args:
        filepath: path to a `.keras` file.
        custom_objects: dict mapping names to the user's own classes and functions.
        compile: whether to compile the model as it was when saved (and restore its
            optimizer's state).

    Returns:
        The model, with its weights.
    """
    filepath = str(filepath)
    if not filepath.endswith(MODEL_SUFFIX):
        raise ValueError(
            f"Invalid filename: expected a `{MODEL_SUFFIX}` extension. Received: "
            f"filepath={filepath}"
        )
    with _open_archive(filepath) as archive:
        config = json.loads(_read_member(archive, _CONFIG, filepath))
        if not compile:
            config["compile_config"] = None
        with custom_object_scope(custom_objects):
            model = deserialize_keras_object(config)
        weights = _read_member(archive, _WEIGHTS, filepath)
    with open_weights(io.BytesIO(weights), f"{filepath} ({_WEIGHTS})") as f:
        load_state(f, model, filepath)
    return model


def load_weights_from_archive(model, filepath):
    """Loads only the variables of a `.keras` file into an existing model."""
    with _open_archive(filepath) as archive:
        weights = _read_member(archive, _WEIGHTS, filepath)
    with open_weights(io.BytesIO(weights), f"{filepath} ({_WEIGHTS})") as f:
        load_state(f, model, filepath)


def _open_archive(filepath):
    try:
        return zipfile.ZipFile(filepath, "r")
    except FileNotFoundError:
        raise FileNotFoundError(f"No such file: {filepath}") from None
    except zipfile.BadZipFile as e:
        raise ValueError(
            f"{filepath} is not a valid .keras file (truncated or corrupted?): {e}"
        ) from e


def _read_member(archive, name, filepath):
    try:
        return archive.read(name)
    except KeyError:
        raise ValueError(f"{filepath} is not a valid .keras file: it has no {name}.") from None
    except (zipfile.BadZipFile, OSError, EOFError) as e:  # a CRC mismatch, a cut-off member
        raise ValueError(f"{filepath} is corrupted: cannot read {name}: {e}") from e


def _check_has_config(model):
    # A subclassed model can be rebuilt only from a config it defines itself, as in Keras.
    cls = type(model)
    if model._obj_type() in ("Sequential", "Functional") or model._has_own_config():
        return
    raise NotImplementedError(
        f"Model {cls.__name__} cannot be saved with `save()` because it is a subclassed "
        "model that does not implement `get_config()`. Implement `get_config()` (and "
        "`from_config()` if its constructor needs more than the config), or save its "
        "weights with `save_weights()`."
    )
